"""Agreed consultations written back to the chosen calendar (the invite's UID), moved and
cancelled ones followed there; a calendar that goes away keeps its busy times counting, says so,
and gets every write once it is back."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import update

from planner_server.calendars import service, writeback
from planner_server.calendars.runtime import secret_box, uid_domain
from planner_server.slots.models import Slot
from planner_shared.rules import utcnow
from tests.server.calendars.conftest import CalDAV, stamp
from tests.server.calendars.test_busy_times import busy, connect, offered_ids, sync
from tests.server.helpers import act, assert_error, create_slot, future, register

pytestmark = pytest.mark.timeout(120)


async def write_back(app: Any, user_id: int, *, later: timedelta = timedelta(0)) -> writeback.WriteOutcome:
    context = app.state.context
    return await writeback.write_back(db=context.db, box=secret_box(context), user_id=user_id,
                                      domain=uid_domain(context), now=utcnow() + later)


async def test_agree_move_and_cancel_reach_the_calendar(client: httpx.AsyncClient, app: Any,
                                                        caldav_account: CalDAV) -> None:
    specialist = await register(client, "specialist")
    clientele = await register(client, "client")
    slot = await create_slot(client, specialist, future(10), context="Tax return")
    other = await create_slot(client, specialist, future(14))
    # the target is also a busy calendar: its own events must not block the specialist
    await connect(client, specialist, caldav_account, target_calendar="/anna/work/")
    assert (await act(client, clientele, slot, "reserve")).status_code == 200
    assert caldav_account.events() == {}  # a request is not written: only agreed consultations
    assert (await act(client, specialist, slot, "agree")).status_code == 200

    uid = f"slot-{slot['id']}@localhost"
    assert (await write_back(app, specialist.id)).written == 1
    event = caldav_account.events()[uid]
    assert event.decoded("DTSTART") == future(10) and str(event["DESCRIPTION"]) == "Tax return"
    first_sequence = int(event["SEQUENCE"])
    assert (await write_back(app, specialist.id)).written == 0  # nothing differs any more
    state = await sync(client, specialist)
    assert state["state"] == "ok" and state["busy_count"] == 0  # its own event is not busy time
    assert other["id"] in await offered_ids(client, clientele)

    # moved (as an accepted move does: new times, a new version)
    async with app.state.context.db.session() as session:
        await session.execute(update(Slot).where(Slot.id == slot["id"]).values(
            start_time=future(16), end_time=future(17), version=Slot.version + 1))
    assert (await write_back(app, specialist.id)).written == 1
    moved = caldav_account.events()[uid]
    assert moved.decoded("DTSTART") == future(16) and int(moved["SEQUENCE"]) > first_sequence

    cancelled = await act(client, specialist, slot, "cancel_specialist", {"reason": "got sick"})
    assert cancelled.status_code == 200, cancelled.text
    assert (await write_back(app, specialist.id)).deleted == 1
    assert caldav_account.events() == {}


async def test_a_calendar_that_goes_away(client: httpx.AsyncClient, app: Any,
                                         caldav_account: CalDAV) -> None:
    specialist = await register(client, "specialist")
    clientele = await register(client, "client")
    at = future(9)
    blocked = await create_slot(client, specialist, at)
    slot = await create_slot(client, specialist, future(12))
    caldav_account.add("dentist", f"DTSTART:{stamp(at)}\r\nDTEND:{stamp(at + timedelta(hours=1))}"
                                  "\r\nSUMMARY:Dentist")
    await connect(client, specialist, caldav_account, target_calendar="/anna/home/")
    assert await offered_ids(client, clientele) == {slot["id"]}

    caldav_account.server.stop()
    state = await sync(client, specialist)
    assert state["state"] == "unreachable" and state["unreachable_since"] and state["last_error"]
    since = state["unreachable_since"]
    # the last known busy time still counts, and nothing else stops working
    assert await offered_ids(client, clientele) == {slot["id"]}
    assert_error(await act(client, clientele, blocked, "reserve"), 409, "calendar_busy")
    assert [b[2] for b in await busy(client, specialist, at - timedelta(days=1), at + timedelta(days=1))] \
        == ["Dentist"]
    assert (await act(client, clientele, slot, "reserve")).status_code == 200
    assert (await act(client, specialist, slot, "agree")).status_code == 200
    failed = await write_back(app, specialist.id)
    assert failed.written == 0 and failed.error
    again = await sync(client, specialist)
    assert again["unreachable_since"] == since and again["write_error"]  # since when, and why
    # backing off: a round before the retry time does not even try
    assert (await write_back(app, specialist.id)).error == ""

    caldav_account.server.start()  # back, same port, same data
    delivered = await write_back(app, specialist.id, later=timedelta(hours=1))
    assert delivered.written == 1 and not delivered.error
    assert f"slot-{slot['id']}@localhost" in caldav_account.events(caldav_account.home)
    context = app.state.context
    outcome = await service.sync_account(db=context.db, box=secret_box(context), user_id=specialist.id)
    assert outcome.ok
    healthy = (await client.get("/users/me/calendar/", headers=specialist.headers)).json()
    assert healthy["state"] == "ok" and healthy["unreachable_since"] is None
    assert healthy["write_error"] == ""
