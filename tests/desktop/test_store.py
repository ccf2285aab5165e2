"""The local copy: pages of the feed in, what changed out; saved and loaded as a file."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from planner_desktop.store import Store, StoreFile, StoreState
from planner_shared.enums import SlotStatus
from planner_shared.schemas import Change, SlotRead, SyncPage, UserRead

NOW = datetime.now(timezone.utc).replace(microsecond=0)


def slot(id: int, *, status: str = "free", version: int = 1, hours: float = 24, specialist: int = 1,
         client: int | None = None) -> dict[str, Any]:
    start = NOW + timedelta(hours=hours)
    return {"id": id, "specialist": specialist, "specialist_name": "Irina Volkova",
            "start_time": start.isoformat(), "end_time": (start + timedelta(hours=1)).isoformat(),
            "context": "Talk", "cost": "10.00", "status": status, "client": client,
            "updated_at": (NOW + timedelta(seconds=version)).isoformat(), "version": version}


def user(id: int, first: str = "Ann") -> dict[str, Any]:
    return {"id": id, "first_name": first, "last_name": "Lee", "middle_name": "", "role": "client",
            "phone": None, "email": f"u{id}@example.com", "is_staff": False, "is_active": True,
            "is_blocked": False, "created_at": NOW.isoformat(), "time_zone": "UTC", "language": "en"}


def snapshot(cursor: int, slots: list[dict[str, Any]], users: list[dict[str, Any]] = ()) -> SyncPage:  # type: ignore[assignment]
    return SyncPage(cursor=cursor, snapshot=True, slots=[SlotRead.model_validate(s) for s in slots],
                    users=[UserRead.model_validate(u) for u in users])


def changes(cursor: int, *entries: tuple[int, str, str, int, dict[str, Any] | None]) -> SyncPage:
    return SyncPage(cursor=cursor, changes=[Change(cursor=c, entity=e, op=o, id=i, data=d)  # type: ignore[arg-type]
                                            for c, e, o, i, d in entries])


def test_a_snapshot_replaces_everything_and_says_reset(qtbot) -> None:  # type: ignore[no-untyped-def]
    store = Store()
    with qtbot.waitSignal(store.reset, timeout=100):
        store.apply(snapshot(5, [slot(1), slot(2, hours=2)], [user(7)]))
    assert [s.id for s in store.slots()] == [2, 1]  # ordered by start
    assert store.user(7).first_name == "Ann" and store.cursor == 5


def test_changes_say_what_changed_and_repeats_are_ignored() -> None:
    store = Store()
    store.apply(snapshot(5, [slot(1), slot(2)], [user(7)]))
    page = changes(9, (6, "slot", "upsert", 1, slot(1, status="agreement", version=2, client=7)),
                   (7, "slot", "delete", 2, None), (8, "slot", "upsert", 3, slot(3)),
                   (9, "user", "upsert", 7, user(7, "Anna")))
    slot_signals: list[tuple[frozenset[int], frozenset[int]]] = []
    user_signals: list[tuple[frozenset[int], frozenset[int]]] = []
    store.slots_changed.connect(lambda changed, removed: slot_signals.append((changed, removed)))
    store.users_changed.connect(lambda changed, removed: user_signals.append((changed, removed)))
    store.apply(page)
    assert slot_signals == [(frozenset({1, 3}), frozenset({2}))]
    assert user_signals == [(frozenset({7}), frozenset())]
    assert store.slot(1).status is SlotStatus.AGREEMENT and store.slot(2) is None
    assert store.user(7).first_name == "Anna" and store.cursor == 9
    applied = store.applied_changes

    store.apply(page)  # the same page again (a retried request): nothing happens twice
    assert store.applied_changes == applied and store.cursor == 9 and len(slot_signals) == 1


def test_an_older_copy_never_replaces_a_newer_one() -> None:
    store = Store()
    store.upsert_slot(SlotRead.model_validate(slot(1, status="agreement", version=3)))
    store.apply(changes(4, (4, "slot", "upsert", 1, slot(1, version=2))))
    assert store.slot(1).version == 3


def test_filters_use_the_effective_status() -> None:
    store = Store()
    store.apply(snapshot(1, [slot(1, status="reserved", hours=-3, client=9), slot(2, status="reserved"),
                             slot(3, specialist=4), slot(4, status="agreement", client=9)]))
    assert [s.id for s in store.slots(status=SlotStatus.COMPLETED)] == [1]
    assert [s.id for s in store.slots(status=SlotStatus.RESERVED)] == [2]
    assert [s.id for s in store.slots(specialist=4)] == [3]
    assert [s.id for s in store.slots(client=9)] == [1, 4]
    assert [s.id for s in store.slots(start=NOW, end=NOW + timedelta(hours=23, minutes=30))] == []
    assert len(store.slots(start=NOW, end=NOW + timedelta(days=2))) == 3


def test_the_saved_file_round_trips_and_a_broken_one_is_ignored(tmp_path: Path) -> None:
    store = Store()
    store.apply(snapshot(12, [slot(1), slot(2)], [user(3)]))
    file = StoreFile(tmp_path / "cache" / "copy.json")
    file.save(store.state(owner={"id": 3}))
    loaded = file.load()
    assert loaded is not None and loaded.cursor == 12 and loaded.owner == {"id": 3}
    again = Store()
    again.restore(loaded)
    assert [s.model_dump() for s in again.slots()] == [s.model_dump() for s in store.slots()]

    file.path.write_text("{not json")
    assert file.load() is None
    assert StoreFile(tmp_path / "missing.json").load() is None
    assert isinstance(StoreState(cursor=None), StoreState)
