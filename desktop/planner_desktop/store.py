"""The local copy the windows read: slots and users by id, and the feed cursor.

Lives on the UI thread; windows read it directly (it is memory, never the network) and refresh
what they show when it says what changed (DESIGN.md convention 7)::

    session.store.slots_changed.connect(self._on_slots)   # (changed: frozenset[int], removed: ...)
    session.store.reset.connect(self._reload_everything)   # everything replaced (snapshot, load)
    for slot in session.store.slots(specialist=me.id, start=week_start, end=week_end): ...

It is filled by :mod:`planner_desktop.sync` from the server's change feed; a window that just got a
fresh object from an API call may put it in at once with :meth:`Store.upsert_slot` (the feed's later
copy of the same change is then recognised by its version). :meth:`Store.state` /
:meth:`Store.restore` give the plain data that :class:`StoreFile` saves in the data folder, so the
last known schedule shows at once on start and while the server is unreachable.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from planner_shared.enums import Role, SlotStatus
from planner_shared.rules import effective_status
from planner_shared.schemas import SlotRead, SyncPage, UserRead

FORMAT_VERSION = 1


@dataclass
class StoreState:
    """What is saved: plain, immutable-enough data that a worker thread may serialise."""

    cursor: int | None
    slots: list[SlotRead] = field(default_factory=list)
    users: list[UserRead] = field(default_factory=list)
    owner: dict[str, Any] = field(default_factory=dict)  # who this copy belongs to (the user)


class Store(QObject):
    """Slots and users by id. Emit order: data first changes, then the signal fires."""

    #: slot ids added or changed, slot ids removed (both frozenset[int])
    slots_changed = Signal(object, object)
    #: user ids added or changed, user ids removed (both frozenset[int])
    users_changed = Signal(object, object)
    #: everything was replaced (a snapshot from the server, or the saved copy loaded at start)
    reset = Signal()
    #: anything changed at all (for saving); no arguments
    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._slots: dict[int, SlotRead] = {}
        self._users: dict[int, UserRead] = {}
        self.cursor: int | None = None
        self.applied_changes = 0  # feed entries applied since start (for tests and diagnostics)

    # --- reading -------------------------------------------------------------------------------

    def slot(self, slot_id: int) -> SlotRead | None:
        return self._slots.get(slot_id)

    def slots(self, *, specialist: int | None = None, client: int | None = None,
              status: SlotStatus | Iterable[SlotStatus] | None = None,
              start: datetime | None = None, end: datetime | None = None) -> list[SlotRead]:
        """Slots ordered by start. ``start``/``end``: those overlapping [start, end).

        ``status`` compares the *effective* status (an agreed slot whose end passed is COMPLETED).
        """
        wanted = None if status is None else ({status} if isinstance(status, SlotStatus) else set(status))
        found = []
        for slot in self._slots.values():
            if specialist is not None and slot.specialist != specialist:
                continue
            if client is not None and slot.client != client:
                continue
            if start is not None and slot.end_time <= start:
                continue
            if end is not None and slot.start_time >= end:
                continue
            if wanted is not None and effective_status(slot.status, slot.end_time) not in wanted:
                continue
            found.append(slot)
        found.sort(key=lambda s: (s.start_time, s.id))
        return found

    def user(self, user_id: int) -> UserRead | None:
        return self._users.get(user_id)

    def users(self, *, role: Role | None = None) -> list[UserRead]:
        """Users ordered by last and first name."""
        found = [u for u in self._users.values() if role is None or u.role is role]
        found.sort(key=lambda u: (u.last_name.lower(), u.first_name.lower(), u.id))
        return found

    def __len__(self) -> int:
        return len(self._slots) + len(self._users)

    # --- writing (UI thread) -------------------------------------------------------------------

    def apply(self, page: SyncPage) -> None:
        """Take one page of the change feed (a snapshot replaces everything)."""
        if page.snapshot:
            self._replace(page.slots or [], page.users or [], page.cursor)
            return
        changed_slots: set[int] = set()
        removed_slots: set[int] = set()
        changed_users: set[int] = set()
        removed_users: set[int] = set()
        for change in page.changes:
            if self.cursor is not None and change.cursor <= self.cursor:
                continue  # already applied (a repeated page)
            self.applied_changes += 1
            if change.entity == "slot":
                if change.op == "delete" or change.data is None:
                    if self._slots.pop(change.id, None) is not None:
                        removed_slots.add(change.id)
                        changed_slots.discard(change.id)
                else:
                    slot = SlotRead.model_validate(change.data)
                    if self._put_slot(slot):
                        changed_slots.add(slot.id)
                        removed_slots.discard(slot.id)
            else:
                if change.op == "delete" or change.data is None:
                    if self._users.pop(change.id, None) is not None:
                        removed_users.add(change.id)
                        changed_users.discard(change.id)
                else:
                    user = UserRead.model_validate(change.data)
                    self._users[user.id] = user
                    changed_users.add(user.id)
                    removed_users.discard(user.id)
        self.cursor = page.cursor if self.cursor is None else max(self.cursor, page.cursor)
        self._announce(changed_slots, removed_slots, changed_users, removed_users)
        self.changed.emit()

    def upsert_slot(self, slot: SlotRead) -> None:
        """Put a slot the server just returned (an older copy never replaces a newer one)."""
        if self._put_slot(slot):
            self._announce({slot.id}, set(), set(), set())
            self.changed.emit()

    def remove_slot(self, slot_id: int) -> None:
        """Drop a slot the server just deleted (or that this user may no longer see)."""
        if self._slots.pop(slot_id, None) is not None:
            self._announce(set(), {slot_id}, set(), set())
            self.changed.emit()

    def upsert_user(self, user: UserRead) -> None:
        self._users[user.id] = user
        self._announce(set(), set(), {user.id}, set())
        self.changed.emit()

    def state(self, *, owner: dict[str, Any] | None = None) -> StoreState:
        """A copy of the data for saving (cheap: the models are shared, never mutated)."""
        return StoreState(self.cursor, list(self._slots.values()), list(self._users.values()),
                          dict(owner or {}))

    def restore(self, state: StoreState) -> None:
        """Replace everything with saved data (emits ``reset``)."""
        self._replace(state.slots, state.users, state.cursor)

    def clear(self) -> None:
        self._replace([], [], None)

    def _put_slot(self, slot: SlotRead) -> bool:
        known = self._slots.get(slot.id)
        if known is not None and known.version > slot.version and known.updated_at >= slot.updated_at:
            return False
        self._slots[slot.id] = slot
        return True

    def _replace(self, slots: list[SlotRead], users: list[UserRead], cursor: int | None) -> None:
        self._slots = {s.id: s for s in slots}
        self._users = {u.id: u for u in users}
        self.cursor = cursor
        self.reset.emit()
        self.changed.emit()

    def _announce(self, changed_slots: set[int], removed_slots: set[int], changed_users: set[int],
                  removed_users: set[int]) -> None:
        if changed_users or removed_users:
            self.users_changed.emit(frozenset(changed_users), frozenset(removed_users))
        if changed_slots or removed_slots:
            self.slots_changed.emit(frozenset(changed_slots), frozenset(removed_slots))


class StoreFile:
    """The saved local copy: one JSON file, written atomically. Call from a worker thread."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def save(self, state: StoreState) -> None:
        data = {
            "format": FORMAT_VERSION,
            "cursor": state.cursor,
            "owner": state.owner,
            "slots": [s.model_dump(mode="json") for s in state.slots],
            "users": [u.model_dump(mode="json") for u in state.users],
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        temporary.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, self.path)

    def load(self) -> StoreState | None:
        """The saved copy, or None when there is none or it cannot be read (it is only a cache)."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT_VERSION:
                return None
            return StoreState(
                cursor=data.get("cursor"),
                slots=[SlotRead.model_validate(s) for s in data.get("slots", [])],
                users=[UserRead.model_validate(u) for u in data.get("users", [])],
                owner=dict(data.get("owner") or {}),
            )
        except (OSError, ValueError, TypeError, AttributeError):
            return None
