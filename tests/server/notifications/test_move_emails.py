"""The emails of a move (SPEC §2a, §5), delivered to a real SMTP server: the accepted move's invite
is the same event moved (same UID, higher SEQUENCE, new times), so the client's calendar moves it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import icalendar

from tests.server.helpers import create_slot, register
from tests.server.notifications.conftest import parts

COPIES = ["copies@example.com", "audit@example.com"]


def _ten_utc(days: int = 3) -> datetime:
    return (datetime.now(UTC) + timedelta(days=days)).replace(hour=10, minute=0, second=0, microsecond=0)


def _event(received) -> tuple[icalendar.Calendar, icalendar.Event]:  # type: ignore[no-untyped-def]
    content = parts(received.message).get("text/calendar")
    assert content is not None, "no calendar attachment"
    calendar = icalendar.Calendar.from_ical(content)
    [event] = calendar.walk("VEVENT")
    return calendar, event


async def _ok(response):  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.text
    return response.json()


async def test_accepted_move_updates_the_invite(app, client, smtp, make_sender):
    specialist = await register(client, "specialist", first_name="Sofia")
    customer = await register(client, "client", first_name="Anna")
    start, later = _ten_utc(), _ten_utc(4) + timedelta(hours=3)
    slot = await create_slot(client, specialist, start)
    new = await create_slot(client, specialist, later, minutes=45)
    sender = make_sender()
    await _ok(await client.patch(f"/slots/{slot['id']}/reserve/", headers=customer.headers))
    await _ok(await client.patch(f"/slots/{slot['id']}/agree/", headers=specialist.headers))
    assert await sender.drain() == 2
    # messages to different people may arrive in either order (a batch goes out on several connections)
    [agreed] = [m for m in smtp.mailbox.received[-2:] if m.rcpt_tos[0] == customer.email]
    _, original = _event(agreed)
    uid, sequence = str(original["UID"]), int(original["SEQUENCE"])

    await _ok(await client.patch(f"/slots/{slot['id']}/propose_move/", json={"to": new["id"]},
                                 headers=specialist.headers))
    assert await sender.drain() == 1
    proposal = smtp.mailbox.received[-1]
    assert proposal.rcpt_tos == [customer.email, *COPIES]
    assert proposal.message["Subject"].startswith("New time proposed for your consultation with Sofia")
    text = parts(proposal.message)["text/plain"]
    assert "Proposed time: " in text and f"{later:%H:%M}–{later + timedelta(minutes=45):%H:%M}" in text
    assert "text/calendar" not in parts(proposal.message)  # nothing moves until the client accepts

    await _ok(await client.patch(f"/slots/{slot['id']}/accept_move/", headers=customer.headers))
    assert await sender.drain() == 2
    by_recipient = {m.rcpt_tos[0]: m for m in smtp.mailbox.received[-2:]}
    moved = by_recipient[customer.email]
    assert moved.message["Subject"].startswith("Moved: consultation with Sofia")
    text = parts(moved.message)["text/plain"]
    assert "Previously: " in text and f"{start:%H:%M}–{start + timedelta(hours=1):%H:%M}" in text
    calendar, event = _event(moved)
    assert calendar["METHOD"] == "REQUEST"
    assert str(event["UID"]) == uid  # the same event …
    assert int(event["SEQUENCE"]) > sequence  # … updated
    assert event.decoded("DTSTART") == later and event.decoded("DTEND") == later + timedelta(minutes=45)
    assert str(event["STATUS"]) == "CONFIRMED"
    told = by_recipient[specialist.email]
    assert told.message["Subject"].startswith("New time accepted by Anna")
    assert "text/calendar" not in parts(told.message)

    # Called off later: the cancellation is of that same event, above every SEQUENCE sent for it.
    await _ok(await client.patch(f"/slots/{new['id']}/cancel_specialist/", headers=specialist.headers,
                                 json={"reason": "got sick"}))
    assert await sender.drain() == 1
    calendar, cancelled = _event(smtp.mailbox.received[-1])
    assert calendar["METHOD"] == "CANCEL"
    assert str(cancelled["UID"]) == uid and int(cancelled["SEQUENCE"]) > int(event["SEQUENCE"])


async def test_request_moved_and_proposal_declined_tell_the_specialist(app, client, smtp, make_sender):
    specialist = await register(client, "specialist", first_name="Sofia")
    customer = await register(client, "client", first_name="Anna")
    first, second, third = (create_slot(client, specialist, _ten_utc() + timedelta(hours=h))
                            for h in (0, 2, 4))
    slot, other, proposed = await first, await second, await third
    sender = make_sender()
    await _ok(await client.patch(f"/slots/{slot['id']}/reserve/", headers=customer.headers))
    assert await sender.drain() == 1
    await _ok(await client.patch(f"/slots/{slot['id']}/move/", json={"to": other["id"]},
                                 headers=customer.headers))
    assert await sender.drain() == 1
    moved = smtp.mailbox.received[-1]
    assert moved.rcpt_tos == [specialist.email, *COPIES]
    assert moved.message["Subject"].startswith("Request moved by Anna")
    assert "Previously: " in parts(moved.message)["text/plain"]

    await _ok(await client.patch(f"/slots/{other['id']}/agree/", headers=specialist.headers))
    await _ok(await client.patch(f"/slots/{other['id']}/propose_move/", json={"to": proposed["id"]},
                                 headers=specialist.headers))
    await _ok(await client.patch(f"/slots/{other['id']}/decline_move/", headers=customer.headers))
    assert await sender.drain() == 3
    [declined] = [m for m in smtp.mailbox.received[-3:] if "declined" in m.message["Subject"]]
    assert declined.rcpt_tos == [specialist.email, *COPIES]
    assert declined.message["Subject"].startswith("New time declined by Anna")
