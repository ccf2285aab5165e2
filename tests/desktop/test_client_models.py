"""The client's free-slot list and "My consultations" models, without a server."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt

from planner_desktop.models.consultations import (
    ConsultationFilterProxyModel,
    ConsultationTableModel,
    State,
    build_consultations,
)
from planner_desktop.models.slots import SlotColumn, SlotFilterProxyModel, SlotTableModel
from planner_shared.enums import CancelReason, Outcome, SlotStatus
from planner_shared.schemas import HistoryEntry, SlotRead

T0 = datetime(2030, 3, 4, 9, 0, tzinfo=timezone.utc)  # a Monday
ME = 50


def slot(sid: int, hours: float, cost: str = "50.00", *, specialist: int = 7,
         status: SlotStatus = SlotStatus.FREE, client: int | None = None) -> SlotRead:
    start = T0 + timedelta(hours=hours)
    return SlotRead(id=sid, specialist=specialist, specialist_name=f"Spec {specialist}",
                    start_time=start, end_time=start + timedelta(minutes=45), context="Advice",
                    cost=Decimal(cost), status=status, client=client, updated_at=T0, version=1)


def column(proxy, col: int, role=Qt.ItemDataRole.DisplayRole) -> list:  # type: ignore[no-untyped-def]
    return [proxy.index(r, col).data(role) for r in range(proxy.rowCount())]


def test_slot_models_sort_by_time_and_cost_and_filter(qapp, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = SlotTableModel(ZoneInfo("Europe/Moscow"), me=ME)
    model.set_slots([slot(1, 50, "80.00"), slot(2, 2, "20.00", specialist=8), slot(3, 26, "35.50")])
    proxy = SlotFilterProxyModel()
    proxy.setSourceModel(model)
    qtmodeltester.check(model)
    qtmodeltester.check(proxy)

    proxy.sort(SlotColumn.TIME)
    assert [proxy.slot_at(r).id for r in range(3)] == [2, 3, 1]
    assert column(proxy, SlotColumn.TIME)[0] == "14:00–14:45"  # Moscow is UTC+3
    proxy.sort(SlotColumn.COST, Qt.SortOrder.DescendingOrder)
    assert column(proxy, SlotColumn.COST) == ["80.00", "35.50", "20.00"]

    proxy.set_filters(max_cost=Decimal("40"))
    assert sorted(proxy.slot_at(r).id for r in range(proxy.rowCount())) == [2, 3]
    proxy.set_filters(max_cost=None, date_from=date(2030, 3, 5), date_to=date(2030, 3, 5))
    assert [proxy.slot_at(r).id for r in range(proxy.rowCount())] == [3]
    proxy.set_filters(date_from=None, date_to=None, specialist=8)
    assert [proxy.slot_at(r).id for r in range(proxy.rowCount())] == [2]

    proxy.set_filters(specialist=None)
    model.sync_to([slot(1, 50, "80.00", status=SlotStatus.AGREEMENT, client=ME), slot(4, 3)])
    assert model.rowCount() == 2
    assert model.index(model.row_of(1), SlotColumn.STATUS).data() == "Awaiting approval (yours)"
    qtmodeltester.check(proxy)


def test_consultations_merge_store_and_history(qapp, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    now = T0 + timedelta(hours=10)
    mine = [slot(1, 24, status=SlotStatus.AGREEMENT, client=ME),
            slot(2, 30, status=SlotStatus.RESERVED, client=ME),
            slot(3, -5, status=SlotStatus.RESERVED, client=ME),  # ended: completed
            slot(4, 40, status=SlotStatus.FREE)]
    history = [
        HistoryEntry(slot=5, specialist=7, specialist_name="Spec 7", client=ME, client_name="Me",
                     start_time=T0 + timedelta(hours=50), end_time=T0 + timedelta(hours=51),
                     context="Advice", cost=Decimal("10"), outcome=Outcome.DECLINED,
                     reason=CancelReason.GOT_SICK, text="Sorry", by=7, at=T0),
        HistoryEntry(slot=3, specialist=7, specialist_name="Spec 7", client=ME, client_name="Me",
                     start_time=T0 - timedelta(hours=5), end_time=T0 - timedelta(hours=4),
                     context="Advice", cost=Decimal("50"), outcome=Outcome.COMPLETED, at=T0),
    ]
    rows = build_consultations(mine, history, me=ME, now=now)
    states = {row.key: row.state for row in rows}
    assert states == {"slot:1": State.AWAITING, "slot:2": State.AGREED, "slot:3": State.COMPLETED,
                      f"history:5:{T0.isoformat()}:declined": State.DECLINED}

    model = ConsultationTableModel(timezone.utc)
    model.sync_to(rows)
    proxy = ConsultationFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.sort(0)
    qtmodeltester.check(model)
    qtmodeltester.check(proxy)
    proxy.set_show("upcoming")
    assert [proxy.row_at(r).slot_id for r in range(proxy.rowCount())] == [1, 2]
    proxy.set_show("past")
    assert {proxy.row_at(r).state for r in range(proxy.rowCount())} == {State.COMPLETED, State.DECLINED}
    declined = next(r for r in rows if r.state is State.DECLINED)
    assert declined.reason_text == "Got sick: Sorry"

    # the specialist agrees to slot 1: the same row changes in place
    model.sync_to(build_consultations([slot(1, 24, status=SlotStatus.RESERVED, client=ME), *mine[1:]],
                                      history, me=ME, now=now))
    assert model.find("slot:1").state is State.AGREED
    assert model.rowCount() == 4
