"""The private iCalendar subscription: parsed with ``icalendar`` and checked."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest
from icalendar import Calendar

from tests.server.helpers import Account, act, assert_error, create_slot, future, register

pytestmark = pytest.mark.timeout(60)


async def fetch(client: httpx.AsyncClient, url: str) -> httpx.Response:
    path = url.split("/api/v1", 1)[1]
    return await client.get(path)  # no Authorization: the token is the only key


def events(data: bytes) -> dict[str, Any]:
    calendar = Calendar.from_ical(data)
    found = {}
    for event in calendar.walk("VEVENT"):
        assert str(event["UID"]) not in found, "one VEVENT per consultation"
        found[str(event["UID"])] = event
    return found


async def feed_url(client: httpx.AsyncClient, account: Account) -> str:
    response = await client.post("/users/me/feed_token/", headers=account.headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert len(body["token"]) >= 40 and body["url"].endswith(f"/api/v1/feeds/{body['token']}.ics")
    url: str = body["url"]
    return url


async def test_feeds_list_consultations_with_stable_uids(client: httpx.AsyncClient) -> None:
    specialist = await register(client, "specialist", first_name="Zoë; Dr, \\ \"Who\"")
    alice, bob = await register(client, "client"), await register(client, "client")
    slots = [await create_slot(client, specialist, future(h), context=f"Topic {h}, with; commas")
             for h in (9, 11, 13, 15)]
    assert (await act(client, alice, slots[0], "reserve")).status_code == 200
    assert (await act(client, alice, slots[1], "reserve")).status_code == 200
    assert (await act(client, specialist, slots[1], "agree")).status_code == 200
    assert (await act(client, bob, slots[2], "reserve")).status_code == 200

    assert_error(await client.get("/users/me/feed_token/", headers=alice.headers), 404, "feed_off")
    specialist_url, alice_url = await feed_url(client, specialist), await feed_url(client, alice)
    shown = await client.get("/users/me/feed_token/", headers=alice.headers)
    assert shown.json()["url"] == alice_url

    response = await fetch(client, specialist_url)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/calendar")
    lines = response.content.split(b"\r\n")
    assert lines[0] == b"BEGIN:VCALENDAR" and b"VERSION:2.0" in lines and lines[-1] == b""
    assert all(len(line) <= 75 for line in lines)  # folded (RFC 5545 3.1), CRLF throughout
    mine = events(response.content)
    uids = {slot["id"]: f"slot-{slot['id']}@localhost" for slot in slots}  # DEFAULT_FROM_EMAIL's domain
    assert set(mine) == {uids[slots[0]["id"]], uids[slots[1]["id"]], uids[slots[2]["id"]]}
    agreed = mine[uids[slots[1]["id"]]]
    assert str(agreed["STATUS"]) == "CONFIRMED" and str(mine[uids[slots[0]["id"]]]["STATUS"]) == "TENTATIVE"
    assert agreed.decoded("DTSTART") == future(11)
    assert agreed.decoded("DTEND") == future(11) + timedelta(hours=1)
    assert str(agreed["DESCRIPTION"]) == "Topic 11, with; commas"  # escaped and read back whole
    assert int(agreed["SEQUENCE"]) >= 1

    theirs = events((await fetch(client, alice_url)).content)
    assert set(theirs) == {uids[slots[0]["id"]], uids[slots[1]["id"]]}
    assert "Zoë; Dr, \\ \"Who\"" in str(theirs[uids[slots[1]["id"]]]["SUMMARY"])

    # stable across fetches; a cancelled consultation leaves the feed
    assert set(events((await fetch(client, specialist_url)).content)) == set(mine)
    cancelled = await act(client, specialist, slots[1], "cancel_specialist",
                          {"reason": "got sick", "text": ""})
    assert cancelled.status_code == 200, cancelled.text
    after = events((await fetch(client, alice_url)).content)
    assert set(after) == {uids[slots[0]["id"]]}
    assert after[uids[slots[0]["id"]]]["SEQUENCE"] == theirs[uids[slots[0]["id"]]]["SEQUENCE"]

    # replaced: the old URL stops at once; turned off: none works
    new_url = await feed_url(client, alice)
    assert new_url != alice_url
    assert_error(await fetch(client, alice_url), 404)
    assert (await fetch(client, new_url)).status_code == 200
    assert (await client.delete("/users/me/feed_token/", headers=alice.headers)).status_code == 204
    assert_error(await fetch(client, new_url), 404)
    assert_error(await client.get("/feeds/not-a-token.ics"), 404)
