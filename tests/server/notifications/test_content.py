"""Each event of SPEC §5 reaches the right person, with the right words, times and invite."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest

from tests.server.helpers import create_slot, future, register
from tests.server.notifications.conftest import outbox_rows, parts


def _ten_utc() -> datetime:
    """Three days ahead at 10:00 UTC: the same calendar day in UTC, Moscow and New York, so the
    texts show one date whatever the hour the tests run at."""
    return (datetime.now(UTC) + timedelta(days=3)).replace(hour=10, minute=0, second=0, microsecond=0)

COPY_ADDRESSES = ["copies@example.com", "audit@example.com"]


async def _one_message(sender, smtp):  # type: ignore[no-untyped-def]
    before = len(smtp.mailbox.received)
    assert await sender.drain() == 1
    assert len(smtp.mailbox.received) == before + 1
    return smtp.mailbox.received[-1]


def _calendar(received) -> icalendar.Calendar:  # type: ignore[no-untyped-def]
    content = parts(received.message).get("text/calendar")
    assert content is not None, "no calendar attachment"
    return icalendar.Calendar.from_ical(content)


async def test_request_agree_and_cancel_with_invites(app, client, smtp, make_sender):
    specialist = await register(client, "specialist", first_name="Sofia")
    customer = await register(client, "client", first_name="Carl")
    start = _ten_utc()
    slot = await create_slot(client, specialist, start, context="Tax advice", cost="75.50")
    sender = make_sender()
    assert await sender.drain() == 0  # creating a slot tells nobody

    response = await client.patch(f"/slots/{slot['id']}/reserve/", headers=customer.headers)
    assert response.status_code == 200, response.text
    request = await _one_message(sender, smtp)
    assert request.rcpt_tos == [specialist.email, *COPY_ADDRESSES]
    assert request.mail_from == "planner@planner.test"
    message = request.message
    assert message["To"].addresses[0].addr_spec == specialist.email
    assert "Carl" in message["Subject"] and "New request" in message["Subject"]
    assert message["Message-ID"].endswith("@planner.test>")
    text = parts(message)["text/plain"]
    assert "Hello, Sofia" in text and "Tax advice" in text and "75.50" in text
    assert f"{start:%H:%M}–{start + timedelta(hours=1):%H:%M} (UTC)" in text
    assert customer.email in text
    assert "text/calendar" not in parts(message)

    response = await client.patch(f"/slots/{slot['id']}/agree/", headers=specialist.headers)
    assert response.status_code == 200, response.text
    agreed = await _one_message(sender, smtp)
    assert agreed.rcpt_tos == [customer.email, *COPY_ADDRESSES]
    assert agreed.message["Subject"].startswith("Confirmed: consultation with Sofia")
    invite = _calendar(agreed)
    assert invite["METHOD"] == "REQUEST"
    [event] = invite.walk("VEVENT")
    uid = str(event["UID"])
    assert uid == f"slot-{slot['id']}@planner.test"
    request_sequence = int(event["SEQUENCE"])
    assert event.decoded("DTSTART") == start
    assert event.decoded("DTEND") == start + timedelta(hours=1)
    assert str(event["ORGANIZER"]) == f"mailto:{specialist.email}"
    assert str(event["ORGANIZER"].params["CN"]).startswith("Sofia")
    assert str(event["ATTENDEE"]) == f"mailto:{customer.email}"
    assert str(event["STATUS"]) == "CONFIRMED"

    response = await client.patch(f"/slots/{slot['id']}/cancel_specialist/", headers=specialist.headers,
                                  json={"reason": "got sick", "text": "Sorry, fever"})
    assert response.status_code == 200, response.text
    cancelled = await _one_message(sender, smtp)
    assert cancelled.rcpt_tos == [customer.email, *COPY_ADDRESSES]
    assert cancelled.message["Subject"].startswith("Cancelled: consultation with Sofia")
    text = parts(cancelled.message)["text/plain"]
    assert "Reason: illness" in text and "Comment: Sorry, fever" in text
    cancel = _calendar(cancelled)
    assert cancel["METHOD"] == "CANCEL"
    [event] = cancel.walk("VEVENT")
    assert str(event["UID"]) == uid
    assert int(event["SEQUENCE"]) > request_sequence
    assert str(event["STATUS"]) == "CANCELLED"
    assert event.decoded("DTSTART") == start

    # The same slot agreed again: a new REQUEST supersedes the cancellation.
    await client.patch(f"/slots/{slot['id']}/reserve/", headers=customer.headers)
    await client.patch(f"/slots/{slot['id']}/agree/", headers=specialist.headers)
    assert await sender.drain() == 2
    [invite] = [m for m in smtp.mailbox.received[-2:] if m.rcpt_tos[0] == customer.email]
    [event] = _calendar(invite).walk("VEVENT")
    assert str(event["UID"]) == uid and int(event["SEQUENCE"]) > int(cancel.walk("VEVENT")[0]["SEQUENCE"])
    assert all(row.status == "sent" for row in await outbox_rows(app))


async def test_decline_and_client_cancel_carry_the_reason(client, smtp, make_sender):
    specialist = await register(client, "specialist", first_name="Sofia")
    customer = await register(client, "client", first_name="Carl")
    sender = make_sender()
    first = await create_slot(client, specialist, future(1))
    second = await create_slot(client, specialist, future(3))

    await client.patch(f"/slots/{first['id']}/reserve/", headers=customer.headers)
    response = await client.patch(f"/slots/{first['id']}/cancel_specialist/",
                                  headers=specialist.headers, json={"reason": "schedule conflict"})
    assert response.status_code == 200, response.text
    assert await sender.drain() == 2
    # sent side by side with the specialist's request: found by its recipient, not its place
    [declined] = [m for m in smtp.mailbox.received if m.rcpt_tos[0] == customer.email]
    assert declined.message["Subject"].startswith("Declined")
    body = parts(declined.message)
    assert "Reason: schedule conflict" in body["text/plain"]
    assert "text/calendar" not in body  # it had never been agreed: nothing in a calendar to remove

    await client.patch(f"/slots/{second['id']}/reserve/", headers=customer.headers)
    response = await client.patch(f"/slots/{second['id']}/cancel_client/", headers=customer.headers,
                                  json={"reason": "got sick", "text": "Flu <again> & again"})
    assert response.status_code == 200, response.text
    assert await sender.drain() == 2
    withdrawn = smtp.mailbox.received[-1]
    assert withdrawn.rcpt_tos == [specialist.email, *COPY_ADDRESSES]
    assert "Carl" in withdrawn.message["Subject"]
    body = parts(withdrawn.message)
    assert "Reason: illness" in body["text/plain"]
    assert "Comment: Flu <again> & again" in body["text/plain"]
    assert "Flu &lt;again&gt; &amp; again" in body["text/html"]  # escaped in HTML


async def test_russian_in_the_recipients_time_zone(client, smtp, make_sender):
    specialist = await register(client, "specialist", first_name="Sofia", language="en",
                                time_zone="America/New_York")
    customer = await register(client, "client", first_name="Иван", language="ru",
                              time_zone="Europe/Moscow")
    start = _ten_utc()
    slot = await create_slot(client, specialist, start, context="Налоги", cost="1500")
    sender = make_sender()
    await client.patch(f"/slots/{slot['id']}/reserve/", headers=customer.headers)
    await client.patch(f"/slots/{slot['id']}/agree/", headers=specialist.headers)
    assert await sender.drain() == 2
    by_recipient = {received.rcpt_tos[0]: received for received in smtp.mailbox.received}
    to_specialist, to_client = by_recipient[specialist.email], by_recipient[customer.email]

    new_york = start.astimezone(ZoneInfo("America/New_York"))
    assert f"{new_york:%H:%M}" in parts(to_specialist.message)["text/plain"]
    assert "(America/New_York)" in parts(to_specialist.message)["text/plain"]

    moscow = start.astimezone(ZoneInfo("Europe/Moscow"))
    message = to_client.message
    assert message["Subject"].startswith("Консультация подтверждена")
    text = parts(message)["text/plain"]
    assert "Здравствуйте, Иван" in text
    months = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
              "октября", "ноября", "декабря")
    assert f"{moscow.day} {months[moscow.month - 1]} {moscow.year}" in text
    assert f"{moscow:%H:%M}–{moscow + timedelta(hours=1):%H:%M} (Europe/Moscow)" in text
    assert "Стоимость: 1500,00" in text and "Налоги" in text
    assert 'lang="ru"' in parts(message)["text/html"]
    assert _calendar(to_client)["METHOD"] == "REQUEST"


@pytest.mark.parametrize("backend", ["file", "console"])
async def test_file_and_console_backends(backend, client, settings, make_sender, capsys):
    from planner_server.notifications.backends import backend_for

    settings = settings.model_copy(update={"email_backend": backend})
    specialist = await register(client, "specialist")
    customer = await register(client, "client", first_name="Carl")
    slot = await create_slot(client, specialist, future())
    await client.patch(f"/slots/{slot['id']}/reserve/", headers=customer.headers)
    sender = make_sender(settings=settings, backend=backend_for(settings))
    assert await sender.drain() == 1
    if backend == "file":
        [path] = settings.outbox_dir.glob("*.eml")
        assert b"Subject: New request from Carl" in path.read_bytes()
    else:
        printed = capsys.readouterr().out
        assert f"To: {specialist.email}" in printed and "New request from Carl" in printed


async def test_a_name_with_line_breaks_stays_on_one_line(app, client, smtp, make_sender):
    from sqlalchemy import update

    from planner_server.users.models import User

    specialist = await register(client, "specialist")
    customer = await register(client, "client")
    async with app.state.context.db.session() as session:  # whatever the API lets through
        await session.execute(update(User).where(User.id == customer.id)
                              .values(first_name="Eve\r\nBcc: victim@example.com"))
    slot = await create_slot(client, specialist, future())
    await client.patch(f"/slots/{slot['id']}/reserve/", headers=customer.headers)
    assert await make_sender().drain() == 1
    [received] = smtp.mailbox.received
    assert received.rcpt_tos == [specialist.email, *COPY_ADDRESSES]
    assert received.message["Subject"].startswith("New request from Eve Bcc: victim@example.com")
    assert received.message["Bcc"] is None
