"""The live local copy: changes by others arrive at once; offline shows the last data; catch-up."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

from planner_desktop.api import ApiClient
from planner_desktop.embedded import EmbeddedServer
from planner_desktop.store import Store, StoreFile, StoreState
from planner_desktop.sync import Syncer
from planner_shared.enums import Role, SlotStatus
from planner_shared.schemas import SlotCreate, SlotRead, SlotUpdate
from tests.desktop.spine import WAIT_MS, account, held_long_polls, server, sign_in, start_app

__all__ = ["server", "start_app"]  # fixtures used by name


def new_slot(api: ApiClient, *, days: float, hour: int = 9, cost: str = "40.00") -> int:
    start = (datetime.now(timezone.utc) + timedelta(days=days)).replace(hour=hour, minute=0, second=0,
                                                                         microsecond=0)
    return api.create_slot(SlotCreate(start_time=start, end_time=start + timedelta(minutes=45),
                                      context="Check-up", cost=Decimal(cost))).id


def fingerprint(slots) -> dict[int, tuple]:  # type: ignore[no-untyped-def]
    return {s.id: (s.version, s.status, s.cost, s.start_time, s.client) for s in slots}


def test_a_change_by_another_user_reaches_the_store_through_a_held_long_poll(qtbot, server, start_app):  # type: ignore[no-untyped-def]
    specialist, me, email = account(server.url, Role.SPECIALIST)
    client, _, _ = account(server.url, Role.CLIENT)
    slot_id = new_slot(specialist, days=2)
    app = start_app("--server", server.url)
    sign_in(app, email)
    qtbot.waitUntil(lambda: app.session is not None and app.session.store.slot(slot_id) is not None,
                    timeout=WAIT_MS)
    store = app.session.store
    qtbot.waitUntil(lambda: app.session.sync.online is True, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: held_long_polls(server) > 0, timeout=WAIT_MS)  # the feed waits for news
    # (how fast the news arrives is measured by `python -m bench.desktop_sync`, not asserted here)

    with qtbot.waitSignal(store.slots_changed, timeout=WAIT_MS,
                          check_params_cb=lambda changed_ids, _removed: slot_id in changed_ids) as changed:
        client.reserve(slot_id)
    assert slot_id in changed.args[0]
    assert store.slot(slot_id).status is SlotStatus.AGREEMENT

    second = new_slot(specialist, days=3)  # and a slot the specialist made on another desktop
    qtbot.waitUntil(lambda: store.slot(second) is not None, timeout=WAIT_MS)
    assert store.slot(second).specialist == me.id


def test_offline_shows_last_data_and_catches_up_without_gaps_or_repeats(  # type: ignore[no-untyped-def]
        qtbot, start_app, tmp_path: Path):
    live = EmbeddedServer(tmp_path / "server")
    url = live.start()
    try:
        specialist, _, _ = account(url, Role.SPECIALIST)
        other_client, _, _ = account(url, Role.CLIENT)
        me, _, email = account(url, Role.CLIENT)
        ids = [new_slot(specialist, days=2, hour=h) for h in (8, 10, 12, 14)]
        app = start_app("--server", url)
        sign_in(app, email)
        qtbot.waitUntil(lambda: app.session is not None and app.session.sync.online is True
                        and all(app.session.store.slot(i) for i in ids), timeout=WAIT_MS)
        session, shell = app.session, app.shell
        applied: list[int] = []
        session.sync.page_applied.connect(
            lambda page: applied.extend(c.cursor for c in page.changes))
        before = fingerprint(session.store.slots())

        live.stop()
        qtbot.waitUntil(lambda: session.sync.online is False, timeout=WAIT_MS)
        assert "Offline" in shell.online_label.text()
        assert shell.online_label.property("online") is False
        assert fingerprint(session.store.slots()) == before  # the last known data is still shown
        assert shell.centralWidget() is shell.role_window
        refused = []
        session.write(lambda: me.reserve(ids[0]), on_failure=refused.append)
        assert refused and refused[0].code == "offline"  # writes are refused while offline

        # Meanwhile the world moves on (another process serves the same database).
        elsewhere = EmbeddedServer(tmp_path / "server")
        elsewhere.start()
        try:
            specialist_there = ApiClient(elsewhere.url)
            specialist_there.resume(specialist.refresh_token)
            other_there = ApiClient(elsewhere.url)
            other_there.resume(other_client.refresh_token)
            added = [new_slot(specialist_there, days=4, hour=h) for h in (9, 11)]
            specialist_there.delete_slot(ids[1])
            specialist_there.update_slot(ids[2], SlotUpdate(cost=Decimal("99.00")))
            other_there.reserve(ids[3])  # no longer free: the client stops seeing it
        finally:
            elsewhere.stop()

        live.start()  # back on the same address
        truth = fingerprint(me.slots())
        qtbot.waitUntil(lambda: session.sync.online is True, timeout=WAIT_MS)
        qtbot.waitUntil(lambda: fingerprint(session.store.slots()) == truth, timeout=WAIT_MS)
        assert "Online" in shell.online_label.text()
        assert set(added) <= set(truth) and ids[1] not in truth and ids[3] not in truth
        assert session.store.slot(ids[2]).cost == Decimal("99.00")
        assert applied == sorted(set(applied)), "a change was applied twice or out of order"
        assert applied, "the catch-up came as changes from the cursor, not a new snapshot"
    finally:
        live.stop()


def test_the_saved_copy_shows_at_once_when_the_server_is_away(qtbot, start_app, tmp_path: Path):  # type: ignore[no-untyped-def]
    live = EmbeddedServer(tmp_path / "server")
    url = live.start()
    try:
        specialist, _, _ = account(url, Role.SPECIALIST)
        _, me, email = account(url, Role.CLIENT)
        ids = [new_slot(specialist, days=3, hour=h) for h in (9, 13)]
        first = start_app("--server", url)
        qtbot.waitUntil(lambda: first.dialog.remember_check.isEnabled(), timeout=WAIT_MS)
        first.dialog.remember_check.setChecked(True)
        sign_in(first, email)
        qtbot.waitUntil(lambda: first.session is not None
                        and all(first.session.store.slot(i) for i in ids), timeout=WAIT_MS)
        saved_file = first.session.store_file
        first.shutdown()  # saves the local copy
        saved = StoreFile(saved_file.path).load()
        assert saved is not None and {s.id for s in saved.slots} >= set(ids)
        assert saved.owner["id"] == me.id and saved.cursor is not None

        live.stop()
        second = start_app("--server", url)  # same profile, server away
        qtbot.waitUntil(lambda: second.shell is not None, timeout=WAIT_MS)
        assert all(second.session.store.slot(i) for i in ids)  # shown before any answer
        qtbot.waitUntil(lambda: second.session.sync.online is False, timeout=WAIT_MS)
        assert "Offline" in second.shell.online_label.text()

        live.start()
        new = new_slot(specialist, days=5)
        qtbot.waitUntil(lambda: second.session.store.slot(new) is not None, timeout=WAIT_MS)
        assert second.session.sync.online is True
    finally:
        live.stop()


def test_a_cursor_the_server_no_longer_knows_falls_back_to_a_snapshot(qtbot, server):  # type: ignore[no-untyped-def]
    specialist, _, _ = account(server.url, Role.SPECIALIST)
    api, _, _ = account(server.url, Role.CLIENT)
    real = new_slot(specialist, days=6)
    stale = SlotRead.model_validate({**api.slot(real).model_dump(), "id": 10**8})
    store = Store()
    store.restore(StoreState(cursor=10**12, slots=[stale]))  # e.g. a copy from a server since reset
    sync = Syncer(api, store, wait=1)
    with qtbot.waitSignal(store.reset, timeout=WAIT_MS):
        sync.start()
    sync.stop()
    assert store.slot(10**8) is None and store.slot(real) is not None
    assert store.cursor is not None and store.cursor < 10**12
