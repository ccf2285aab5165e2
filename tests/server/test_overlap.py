"""A specialist's slots never overlap (identical ones are duplicates); a client never holds two
overlapping consultations; the series endpoint reports what collided."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.server.helpers import act, assert_error, create_slot, future, make_users, slot_body


async def test_duplicates_and_overlaps_refused(app, client):
    specialist, other = await make_users(app, "specialist", 2)
    start = future(1)
    await create_slot(client, specialist, start, 60)

    async def attempt(begin, minutes, account=specialist):  # type: ignore[no-untyped-def]
        return await client.post("/slots/", json=slot_body(begin, minutes), headers=account.headers)

    body = assert_error(await attempt(start, 60), 409, "slot_duplicate")
    assert "exactly" in body["detail"]
    # The same instant written with another offset is the same slot.
    moscow = start.astimezone(__import__("zoneinfo").ZoneInfo("Europe/Moscow"))
    assert_error(await attempt(moscow, 60), 409, "slot_duplicate")
    for begin, minutes in ((start + timedelta(minutes=30), 60), (start - timedelta(minutes=30), 60),
                           (start + timedelta(minutes=15), 15), (start - timedelta(minutes=30), 120),
                           (start, 30), (start + timedelta(minutes=30), 30)):
        assert_error(await attempt(begin, minutes), 409, "slot_overlap")
    # Touching is not overlapping, and another specialist may use the same time.
    assert (await attempt(start + timedelta(hours=1), 60)).status_code == 201
    assert (await attempt(start - timedelta(hours=1), 60)).status_code == 201
    assert (await attempt(start, 60, other)).status_code == 201
    listed = (await client.get("/slots/", headers=specialist.headers)).json()
    assert len(listed) == 3


async def test_editing_into_an_overlap_is_refused(app, client):
    specialist, = await make_users(app, "specialist", 1)
    first = await create_slot(client, specialist, future(1), 60)
    second = await create_slot(client, specialist, future(3), 60)
    assert_error(await client.patch(f"/slots/{second['id']}/", json=slot_body(future(1), 60),
                                    headers=specialist.headers), 409, "slot_duplicate")
    assert_error(await client.patch(f"/slots/{second['id']}/", json=slot_body(future(1, minutes=30), 60),
                                    headers=specialist.headers), 409, "slot_overlap")
    # A slot never collides with itself: shifting it within its own time is fine.
    shifted = await client.patch(f"/slots/{first['id']}/", json=slot_body(future(1, minutes=15), 60),
                                 headers=specialist.headers)
    assert shifted.status_code == 200, shifted.text
    assert_error(await client.patch(f"/slots/{second['id']}/",
                                    json={"start_time": future(2, minutes=5).isoformat()},
                                    headers=specialist.headers), 409, "slot_overlap")
    unchanged = (await client.get(f"/slots/{second['id']}/", headers=specialist.headers)).json()
    assert unchanged["start_time"] == second["start_time"]


async def test_a_client_cannot_hold_overlapping_consultations(app, client):
    first_specialist, second_specialist = await make_users(app, "specialist", 2)
    customer, friend = await make_users(app, "client", 2)
    morning = await create_slot(client, first_specialist, future(1), 60)
    clash = await create_slot(client, second_specialist, future(1, minutes=30), 60)
    after = await create_slot(client, first_specialist, future(2), 60)

    assert (await act(client, customer, morning, "reserve")).status_code == 200
    body = assert_error(await act(client, customer, clash, "reserve"), 409,
                        "client_overlap")
    assert "overlapping" in body["detail"]
    # Back to back is fine; another client may take the clashing slot.
    assert (await act(client, customer, after, "reserve")).status_code == 200
    assert (await act(client, friend, clash, "reserve")).status_code == 200
    assert (await act(client, friend, clash, "cancel_client")).status_code == 200
    # Withdrawing one request is not enough while the other still overlaps; withdrawing both is.
    for held in (morning, after):
        assert_error(await act(client, customer, clash, "reserve"), 409,
                     "client_overlap")
        withdrawn = await act(client, customer, held, "cancel_client")
        assert withdrawn.status_code == 200
    assert (await act(client, customer, clash, "reserve")).status_code == 200


async def test_series_creates_and_reports_collisions(app, client):
    specialist, = await make_users(app, "specialist", 1)
    start = future(24 * 7)  # a week ahead, so every occurrence is in the future
    weekday = start.weekday()
    days = sorted({weekday, (weekday + 2) % 7, (weekday + 4) % 7})
    # Occupy the time of the second week's first occurrence (same weekday, seven days on).
    taken = await create_slot(client, specialist, start + timedelta(days=7, minutes=30), 30)

    response = await client.post("/slots/series/", json={**slot_body(start, 60, cost="40"), "weekdays": days,
                                                         "weeks": 2}, headers=specialist.headers)
    assert response.status_code == 201, response.text
    result = response.json()
    created, collisions = result["created"], result["collisions"]
    starts = [s["start_time"] for s in created]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    assert all(s["status"] == "free" and s["cost"] == "40.00" and s["specialist"] == specialist.id
               for s in created)
    assert [(c["start_time"], c["code"]) for c in collisions] == [
        ((start + timedelta(days=7)).isoformat(), "slot_overlap")]
    assert collisions[0]["detail"]
    # Every occurrence from the first one on, over two weeks, on the chosen weekdays.
    expected = sum(1 for week in range(2) for d in days if week * 7 + d - weekday >= 0)
    assert len(created) + len(collisions) == expected
    listed = (await client.get("/slots/", headers=specialist.headers)).json()
    assert {s["id"] for s in listed} == {s["id"] for s in created} | {taken["id"]}

    # Repeating the same series collides everywhere and creates nothing.
    again = await client.post("/slots/series/", json={**slot_body(start, 60), "weekdays": days, "weeks": 2},
                              headers=specialist.headers)
    assert again.status_code == 201
    assert again.json()["created"] == [] and len(again.json()["collisions"]) == expected
    assert {c["code"] for c in again.json()["collisions"]} == {"slot_duplicate", "slot_overlap"}


async def test_series_keeps_wall_clock_time_across_dst(app, client):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    specialist, = await make_users(app, "specialist", 1)
    berlin = ZoneInfo("Europe/Berlin")
    now = datetime.now(berlin)
    # A Monday at 09:00 Berlin time at least a week ahead, and the next change of offset after it.
    day = (now + timedelta(days=7 + (7 - now.weekday()) % 7)).date()
    start = datetime.combine(day, datetime.min.time().replace(hour=9), tzinfo=berlin)
    body = {**slot_body(start, 60), "weekdays": [0], "weeks": 30, "time_zone": "Europe/Berlin"}
    response = await client.post("/slots/series/", json=body, headers=specialist.headers)
    assert response.status_code == 201, response.text
    created = response.json()["created"]
    assert len(created) == 30
    local = [datetime.fromisoformat(s["start_time"]).astimezone(berlin) for s in created]
    assert all((t.hour, t.minute, t.weekday()) == (9, 0, 0) for t in local)
    assert len({t.utcoffset() for t in local}) == 2  # thirty weeks always cross a change of offset


async def test_series_input_checked(app, client):
    specialist, = await make_users(app, "specialist", 1)
    for bad in ({"weekdays": []}, {"weekdays": [7]}, {"weekdays": [-1]}, {"weekdays": "monday"},
                {"weekdays": None}, {"weeks": 0}, {"weeks": 53}, {"weeks": "two"},
                {"time_zone": "Nowhere/Land"}, {"start_time": "2030-01-01T10:00:00"}):
        body = {**slot_body(future(24 * 7), 60), "weekdays": [1], "weeks": 1, **bad}
        response = await client.post("/slots/series/", json=body, headers=specialist.headers)
        assert_error(response, 422, "invalid")
    past_series = {**slot_body(future(-24 * 3), 60), "weekdays": [0, 1, 2, 3, 4, 5, 6], "weeks": 2}
    response = await client.post("/slots/series/", json=past_series, headers=specialist.headers)
    # Occurrences in the past are reported as collisions, the rest created.
    assert response.status_code == 201, response.text
    assert {c["code"] for c in response.json()["collisions"]} == {"slot_in_past"}
    assert response.json()["created"]
    for slot in response.json()["created"]:
        assert (await client.delete(f"/slots/{slot['id']}/", headers=specialist.headers)).status_code == 204
    assert (await client.get("/slots/", headers=specialist.headers)).json() == []


async def test_the_database_refuses_overlaps_written_behind_the_apps_back(app, client):
    """PostgreSQL backs the rule with exclusion constraints, whatever writes the rows."""
    from sqlalchemy import insert
    from sqlalchemy.exc import IntegrityError

    from planner_server.slots.models import Slot
    from planner_shared.rules import utcnow

    if not app.state.context.db.is_postgres:
        pytest.skip("SQLite checks overlaps inside the application's write transaction")
    specialist, = await make_users(app, "specialist", 1)
    customer, = await make_users(app, "client", 1)
    slot = await create_slot(client, specialist, future(1), 60)
    now = utcnow()
    row = dict(specialist_id=specialist.id, start_time=future(1, minutes=30), end_time=future(2, minutes=30),
               context="", cost_cents=0, status="free", created_at=now, updated_at=now, version=1)
    with pytest.raises(IntegrityError, match="slots_no_overlap"):
        async with app.state.context.db.session() as session:
            await session.execute(insert(Slot).values(**row))
    other, = await make_users(app, "specialist", 1)
    assert (await act(client, customer, slot, "reserve")).status_code == 200
    with pytest.raises(IntegrityError, match="slots_client_no_overlap"):
        async with app.state.context.db.session() as session:
            await session.execute(insert(Slot).values(**{**row, "specialist_id": other.id,
                                                         "status": "agreement", "client_id": customer.id}))
