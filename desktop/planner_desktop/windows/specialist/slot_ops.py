"""The specialist's changes to the schedule as operations: refused early by the shared rules,
sent off the UI thread through the session, put into the local store, and undoable (Ctrl+Z).

Undo works on what the server confirmed: a created slot is deleted again, a moved, resized or
edited one gets its old fields back, a deleted one is created anew, a series is removed. Agreeing,
declining and cancelling are not undone: the client has been told.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from planner_desktop.error_text import not_editable_text
from planner_desktop.session import Session
from planner_desktop.windows.specialist.slot_checks import SlotChecker
from planner_shared import rules
from planner_shared.enums import CancelReason
from planner_shared.errors import DomainError
from planner_shared.schemas import SeriesCreate, SeriesResult, SlotCreate, SlotRead, SlotUpdate

UNDO_DEPTH = 20


def _changes(**fields: Any) -> SlotUpdate:
    """Only the fields given (the body leaves out the rest: they stay as they are)."""
    return SlotUpdate(**{name: value for name, value in fields.items() if value is not None})


@dataclass
class UndoStep:
    label: str
    run: Callable[[], object]


class SlotOps(QObject):
    """Every change the specialist window makes. ``refused(text)``: said no before asking."""

    refused = Signal(str)
    done = Signal(str)  # a short confirmation, e.g. "Slot created"
    undo_changed = Signal(str)  # what Ctrl+Z would undo ("" when nothing)
    series_done = Signal(object)  # SeriesResult

    def __init__(self, session: Session, checker: SlotChecker, parent: QWidget) -> None:
        super().__init__(parent)
        self.session, self.checker, self.widget = session, checker, parent
        self._undo: list[UndoStep] = []

    # --- undo ---------------------------------------------------------------------------------

    @property
    def undo_label(self) -> str:
        return self._undo[-1].label if self._undo else ""

    def _push(self, label: str, run: Callable[[], object]) -> None:
        self._undo = [*self._undo[-(UNDO_DEPTH - 1):], UndoStep(label, run)]
        self.undo_changed.emit(label)

    def undo(self) -> None:
        if not self._undo:
            return
        step = self._undo.pop()
        self.undo_changed.emit(self.undo_label)
        step.run()

    # --- checks -------------------------------------------------------------------------------

    def refusal(self, start: datetime, end: datetime, ignore_id: int | None = None) -> str | None:
        return self.checker.reason(start, end, ignore_id)

    def _editable(self, slot_id: int) -> SlotRead | None:
        slot = self.session.store.slot(slot_id)
        if slot is None:
            self.refused.emit(self.tr("This slot is no longer there."))
            return None
        status = rules.effective_status(slot.status, slot.end_time)
        if not rules.is_editable(status):
            self.refused.emit(not_editable_text(status))
            return None
        return slot

    def _write(self, work: Callable[[], Any], on_success: Callable[[Any], None]) -> None:
        self.session.write(work, on_success=on_success, parent=self.widget)

    # --- schedule -----------------------------------------------------------------------------

    def create(self, start: datetime, end: datetime, context: str, cost: Decimal, *,
               record: bool = True) -> bool:
        """Create a slot unless the rules refuse it at once (then False, with ``refused``)."""
        reason = self.refusal(start, end)
        if reason:
            self.refused.emit(reason)
            return False
        data = SlotCreate(start_time=start, end_time=end, context=context, cost=cost)
        api = self.session.api

        def created(slot: SlotRead) -> None:
            self.session.store.upsert_slot(slot)
            self.done.emit(self.tr("Slot created."))
            if record:
                self._push(self.tr("Undo new slot"), lambda: self.delete(slot.id, record=False))
        self._write(lambda: api.create_slot(data), created)
        return True

    def update(self, slot_id: int, *, start: datetime | None = None, end: datetime | None = None,
               context: str | None = None, cost: Decimal | None = None, label: str = "",
               record: bool = True) -> bool:
        slot = self._editable(slot_id)
        if slot is None:
            return False
        new_start, new_end = start or slot.start_time, end or slot.end_time
        if start is not None or end is not None:
            reason = self.refusal(new_start, new_end, slot_id)
            if reason:
                self.refused.emit(reason)
                return False
        data = _changes(start_time=start, end_time=end, context=context, cost=cost)
        old = _changes(start_time=slot.start_time if start is not None else None,
                       end_time=slot.end_time if end is not None else None,
                       context=slot.context if context is not None else None,
                       cost=slot.cost if cost is not None else None)
        api = self.session.api

        def updated(fresh: SlotRead) -> None:
            self.session.store.upsert_slot(fresh)
            self.done.emit(self.tr("Slot changed."))
            if record:
                self._push(label or self.tr("Undo change"), lambda: self.update(
                    slot_id, start=old.start_time, end=old.end_time, context=old.context,
                    cost=old.cost, record=False))
        self._write(lambda: api.update_slot(slot_id, data), updated)
        return True

    def delete(self, slot_id: int, *, record: bool = True) -> bool:
        slot = self._editable(slot_id)
        if slot is None:
            return False
        api = self.session.api

        def deleted(_: object) -> None:
            self.session.store.remove_slot(slot_id)
            self.done.emit(self.tr("Slot deleted. Ctrl+Z brings it back.") if record
                           else self.tr("Slot deleted."))
            if record:
                self._push(self.tr("Undo delete"), lambda: self.create(
                    slot.start_time, slot.end_time, slot.context, slot.cost, record=False))
        self._write(lambda: api.delete_slot(slot_id), deleted)
        return True

    def series(self, data: SeriesCreate) -> None:
        api = self.session.api

        def created(result: SeriesResult) -> None:
            for slot in result.created:
                self.session.store.upsert_slot(slot)
            ids = [slot.id for slot in result.created]
            if ids:
                self._push(self.tr("Undo series"), lambda: self._delete_many(ids))
            self.series_done.emit(result)
        self._write(lambda: api.create_series(data), created)

    def _delete_many(self, ids: list[int]) -> None:
        api, store = self.session.api, self.session.store
        free = [i for i in ids if (s := store.slot(i)) is not None
                and rules.is_editable(rules.effective_status(s.status, s.end_time))]

        def work() -> list[int]:
            gone = []
            for slot_id in free:
                try:
                    api.delete_slot(slot_id)
                    gone.append(slot_id)
                except DomainError:
                    continue  # booked or removed meanwhile: leave it
            return gone

        def deleted(gone: list[int]) -> None:
            for slot_id in gone:
                store.remove_slot(slot_id)
            self.done.emit(self.tr("%n slot(s) of the series removed.", "", len(gone)))
        self._write(work, deleted)

    # --- requests -----------------------------------------------------------------------------

    def agree(self, slot_id: int) -> None:
        api = self.session.api

        def agreed(slot: SlotRead) -> None:
            self.session.store.upsert_slot(slot)
            self.done.emit(self.tr("Agreed: {who} is told by email.").format(who=slot.client_name or ""))
        self._write(lambda: api.agree(slot_id), agreed)

    def cancel(self, slot_id: int, reason: CancelReason, text: str) -> None:
        """Decline a request or cancel an agreed consultation (the slot becomes free)."""
        api = self.session.api

        def cancelled(slot: SlotRead) -> None:
            self.session.store.upsert_slot(slot)
            self.done.emit(self.tr("Done: the client is told by email, and the time is free again."))
        self._write(lambda: api.cancel_specialist(slot_id, reason, text), cancelled)
