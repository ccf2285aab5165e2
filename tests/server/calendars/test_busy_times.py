"""A specialist's CalDAV calendar against a real Radicale: discovery, the password kept secret,
the kinds of busy time, and their effect on what clients are offered and may reserve."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from sqlalchemy import select

from planner_server.calendars.models import CalendarAccount, CalendarCollection
from tests.server.calendars.conftest import PASSWORD, USER, CalDAV, stamp
from tests.server.helpers import Account, act, assert_error, create_slot, future, register

pytestmark = pytest.mark.timeout(120)


async def connect(client: httpx.AsyncClient, specialist: Account, caldav_account: CalDAV,
                  **extra: Any) -> dict[str, Any]:
    body = {"url": caldav_account.server.url, "username": USER, "password": PASSWORD, **extra}
    response = await client.put("/users/me/calendar/", json=body, headers=specialist.headers)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


async def sync(client: httpx.AsyncClient, specialist: Account) -> dict[str, Any]:
    response = await client.post("/users/me/calendar/sync/", headers=specialist.headers)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


async def busy(client: httpx.AsyncClient, specialist: Account, start: datetime,
               end: datetime) -> list[tuple[datetime, datetime, str]]:
    response = await client.get("/users/me/busy/", params={"from": start.isoformat(),
                                                          "to": end.isoformat()},
                                headers=specialist.headers)
    assert response.status_code == 200, response.text
    return [(datetime.fromisoformat(b["start_time"]), datetime.fromisoformat(b["end_time"]), b["title"])
            for b in response.json()]


async def offered_ids(client: httpx.AsyncClient, clientele: Account) -> set[int]:
    response = await client.get("/slots/", headers=clientele.headers)
    assert response.status_code == 200, response.text
    return {slot["id"] for slot in response.json() if slot["status"] == "free"}


async def test_connect_discovers_calendars_and_never_shows_the_password(
        client: httpx.AsyncClient, app: Any, caldav_account: CalDAV) -> None:
    specialist = await register(client, "specialist")
    tested = await client.post("/users/me/calendar/discover/", headers=specialist.headers, json={
        "url": caldav_account.server.url, "username": USER, "password": PASSWORD})
    assert tested.status_code == 200, tested.text
    assert {c["href"]: c["events"] for c in tested.json()} == {
        "/anna/work/": True, "/anna/home/": True, "/anna/tasks/": False}

    connected = await connect(client, specialist, caldav_account, busy_calendars=["/anna/work/"],
                              target_calendar="/anna/home/")
    assert connected["state"] == "ok" and connected["last_sync_at"]
    calendars = {c["href"]: (c["busy"], c["target"]) for c in connected["calendars"]}
    assert calendars == {"/anna/work/": (True, False), "/anna/home/": (False, True),
                         "/anna/tasks/": (False, False)}
    read = await client.get("/users/me/calendar/", headers=specialist.headers)
    assert PASSWORD not in read.text and "password" not in read.json()
    async with app.state.context.db.session(write=False) as session:
        stored = (await session.execute(select(CalendarAccount.password_encrypted))).scalar_one()
    assert PASSWORD not in stored

    # the password may be left out to change the choice; a client may not connect one at all
    changed = await client.put("/users/me/calendar/", headers=specialist.headers, json={
        "url": caldav_account.server.url, "username": USER, "busy_calendars": ["/anna/home/"]})
    assert changed.status_code == 200, changed.text
    assert {c["href"] for c in changed.json()["calendars"] if c["busy"]} == {"/anna/home/"}
    someone = await register(client, "client")
    assert_error(await client.get("/users/me/calendar/", headers=someone.headers), 403)
    gone = await client.delete("/users/me/calendar/", headers=specialist.headers)
    assert gone.status_code == 204
    assert_error(await client.get("/users/me/calendar/", headers=specialist.headers), 404,
                 "calendar_not_connected")


async def test_wrong_password_is_refused_and_reported(client: httpx.AsyncClient, app: Any,
                                                      caldav_account: CalDAV) -> None:
    specialist = await register(client, "specialist")
    body = {"url": caldav_account.server.url, "username": USER, "password": "not-the-password"}
    assert_error(await client.put("/users/me/calendar/", json=body, headers=specialist.headers), 422,
                 "calendar_refused")
    assert_error(await client.post("/users/me/calendar/discover/", json=body,
                                   headers=specialist.headers), 422, "calendar_refused")

    # connected, then the password is revoked on the calendar's side: the busy time kept counts
    start = future(30)
    caldav_account.add("dentist", f"DTSTART:{stamp(start)}\r\nDTEND:{stamp(start + timedelta(hours=1))}"
                                  "\r\nSUMMARY:Dentist")
    await connect(client, specialist, caldav_account)
    (caldav_account.server.folder / "users").write_text(f"{USER}:revoked\n")
    state = await sync(client, specialist)
    assert state["state"] == "refused" and state["unreachable_since"]
    assert "refused" in state["last_error"]
    assert [b[2] for b in await busy(client, specialist, start - timedelta(days=1),
                                     start + timedelta(days=1))] == ["Dentist"]


def _next_dst_change(zone: ZoneInfo, after: datetime) -> datetime:
    """The first local midnight after ``after`` whose day has a different UTC offset at its end."""
    day = after.astimezone(zone).replace(hour=0, minute=0, second=0, microsecond=0)
    for _ in range(400):
        following = day + timedelta(days=1)
        if day.utcoffset() != following.utcoffset():
            return day
        day = following
    raise AssertionError("no DST change within 400 days")


BERLIN_VTIMEZONE = (
    "BEGIN:VTIMEZONE\r\nTZID:W. Europe Standard Time\r\n"
    "BEGIN:STANDARD\r\nDTSTART:16010101T030000\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\n"
    "TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\n"
    "BEGIN:DAYLIGHT\r\nDTSTART:16010101T020000\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\n"
    "TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n")


async def test_every_kind_of_busy_time(client: httpx.AsyncClient, caldav_account: CalDAV) -> None:
    berlin = ZoneInfo("Europe/Berlin")
    specialist = await register(client, "specialist", time_zone="Europe/Berlin")
    base = future(0).astimezone(berlin).replace(hour=0) + timedelta(days=1)  # a local midnight
    day = base.strftime("%Y%m%d")

    def local(days: int, hour: int) -> str:
        return (base + timedelta(days=days)).replace(hour=hour).strftime("%Y%m%dT%H%M%S")

    def utc(days: int, hour: int) -> datetime:
        return (base + timedelta(days=days)).replace(hour=hour).astimezone(UTC)

    caldav_account.add("single", f"DTSTART:{stamp(utc(0, 9))}\r\nDTEND:{stamp(utc(0, 10))}\r\n"
                                 "SUMMARY:Dentist")
    caldav_account.add("transparent", f"DTSTART:{stamp(utc(0, 11))}\r\nDTEND:{stamp(utc(0, 12))}\r\n"
                                      "SUMMARY:Reminder\r\nTRANSP:TRANSPARENT")
    caldav_account.add("cancelled", f"DTSTART:{stamp(utc(0, 13))}\r\nDTEND:{stamp(utc(0, 14))}\r\n"
                                    "SUMMARY:Called off\r\nSTATUS:CANCELLED")
    caldav_account.add("floating", f"DTSTART:{local(0, 15)}\r\nDTEND:{local(0, 16)}\r\nSUMMARY:Floating")
    caldav_account.add("allday", f"DTSTART;VALUE=DATE:{(base + timedelta(days=1)).strftime('%Y%m%d')}"
                                 "\r\nSUMMARY:Holiday", calendar=caldav_account.home)
    caldav_account.add("private", f"DTSTART:{stamp(utc(0, 17))}\r\nDTEND:{stamp(utc(0, 18))}\r\n"
                                  "SUMMARY:Secret\r\nCLASS:PRIVATE")
    # daily at 08:00 Berlin for 5 days: the third day skipped, the fourth moved to 12:00
    series = (f"DTSTART;TZID=Europe/Berlin:{local(2, 8)}\r\nDTEND;TZID=Europe/Berlin:{local(2, 9)}\r\n"
              "RRULE:FREQ=DAILY;COUNT=5\r\n"
              f"EXDATE;TZID=Europe/Berlin:{local(4, 8)}\r\nSUMMARY:Stand-up\r\n")
    override = (f"BEGIN:VEVENT\r\nUID:series\r\nDTSTAMP:20260101T000000Z\r\n"
                f"RECURRENCE-ID;TZID=Europe/Berlin:{local(5, 8)}\r\n"
                f"DTSTART;TZID=Europe/Berlin:{local(5, 12)}\r\nDTEND;TZID=Europe/Berlin:{local(5, 13)}\r\n"
                "SUMMARY:Stand-up (moved)\r\nEND:VEVENT\r\n")
    caldav_account.add_raw("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\n"
                           "UID:series\r\nDTSTAMP:20260101T000000Z\r\n" + series + "END:VEVENT\r\n"
                           + override + "END:VCALENDAR\r\n")
    # weekly at 10:00 in a zone given by its own VTIMEZONE, across the next DST change
    change = _next_dst_change(berlin, base + timedelta(days=8))
    first = change - timedelta(days=7)
    weekly = first.replace(hour=10).strftime("%Y%m%dT%H%M%S")
    caldav_account.add("dst", f"DTSTART;TZID=W. Europe Standard Time:{weekly}\r\n"
                              "DURATION:PT1H\r\nRRULE:FREQ=WEEKLY;COUNT=3\r\nSUMMARY:Across DST",
                       zone=BERLIN_VTIMEZONE)
    await connect(client, specialist, caldav_account)

    found = await busy(client, specialist, base - timedelta(days=1), base + timedelta(days=8))
    assert found == sorted([
        (utc(0, 9), utc(0, 10), "Dentist"),
        (utc(0, 15), utc(0, 16), "Floating"),  # floating: the specialist's own wall clock
        (utc(0, 17), utc(0, 18), "Busy"),  # a private event's title is not copied
        (utc(1, 0), utc(2, 0), "Holiday"),  # all day, from local midnight to midnight
        (utc(2, 8), utc(2, 9), "Stand-up"), (utc(3, 8), utc(3, 9), "Stand-up"),
        (utc(5, 12), utc(5, 13), "Stand-up (moved)"), (utc(6, 8), utc(6, 9), "Stand-up"),
    ]), day
    dst = await busy(client, specialist, first - timedelta(days=1), first + timedelta(days=16))
    starts = [b[0] for b in dst if b[2] == "Across DST"]
    assert [s.astimezone(berlin).hour for s in starts] == [10, 10, 10]  # the wall clock holds …
    offsets = {s.astimezone(berlin).utcoffset() for s in starts}
    assert len(offsets) == 2  # … while the UTC offset changes


async def test_calendar_changes_reach_the_offer_after_an_incremental_sync(
        client: httpx.AsyncClient, app: Any, caldav_account: CalDAV) -> None:
    specialist = await register(client, "specialist")
    clientele = await register(client, "client")
    morning, noon = future(9), future(12)
    first = await create_slot(client, specialist, morning)
    second = await create_slot(client, specialist, noon)
    for n in range(5):  # other events, untouched: the incremental sync fetches none of them
        at = future(24 * (n + 3))
        caldav_account.add(f"other{n}", f"DTSTART:{stamp(at)}\r\nDTEND:{stamp(at + timedelta(hours=1))}")
    await connect(client, specialist, caldav_account)
    assert await offered_ids(client, clientele) == {first["id"], second["id"]}

    meeting = "meeting"
    caldav_account.add(meeting, f"DTSTART:{stamp(morning - timedelta(minutes=30))}\r\n"
                                f"DTEND:{stamp(morning + timedelta(minutes=30))}\r\nSUMMARY:Board")
    async with app.state.context.db.session(write=False) as session:
        tokens = {row.href: row.sync_token for row in await session.execute(
            select(CalendarCollection.href, CalendarCollection.sync_token).where(CalendarCollection.busy))}
    assert tokens["/anna/work/"], "Radicale keeps sync tokens"
    from planner_server.calendars import service
    from planner_server.calendars.runtime import secret_box

    outcome = await service.sync_account(db=app.state.context.db, box=secret_box(app.state.context),
                                         user_id=specialist.id)
    assert outcome.ok and outcome.changed == 1  # only the new event came over the wire
    assert await offered_ids(client, clientele) == {second["id"]}
    assert_error(await act(client, clientele, first, "reserve"), 409, "calendar_busy")

    # moved onto the other slot
    caldav_account.remove(meeting)
    caldav_account.add(meeting, f"DTSTART:{stamp(noon)}\r\nDTEND:{stamp(noon + timedelta(hours=2))}"
                                "\r\nSUMMARY:Board")
    await sync(client, specialist)
    assert await offered_ids(client, clientele) == {first["id"]}
    assert_error(await act(client, clientele, second, "reserve"), 409, "calendar_busy")

    # deleted: both on offer again, and reservable
    caldav_account.remove(meeting)
    await sync(client, specialist)
    assert await offered_ids(client, clientele) == {first["id"], second["id"]}
    assert (await act(client, clientele, second, "reserve")).status_code == 200
