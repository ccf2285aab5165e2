"""An administrator who cancels for a specialist (PATCH /slots/{id}/cancel_specialist/): the client
gets the specialist's email as ever, and the specialist is told, in its own language, that an
administrator did it, which one, and why. A specialist's own cancellation tells only the client."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from tests.server.helpers import Account, create_slot, make_admin, register
from tests.server.notifications.conftest import COPIES, outbox_rows, parts

COPY_ADDRESSES = COPIES.split()


def _ten_utc(days: int = 3) -> datetime:
    """10:00 UTC some days ahead: one calendar date in every zone the texts are written in."""
    return (datetime.now(UTC) + timedelta(days=days)).replace(hour=10, minute=0, second=0, microsecond=0)


async def _ok(response: Any) -> Any:
    assert response.status_code == 200, response.text
    return response.json()


async def _held(client: Any, specialist: Account, customer: Account, slot: dict[str, Any], *,
                agreed: bool) -> None:
    await _ok(await client.patch(f"/slots/{slot['id']}/reserve/", headers=customer.headers))
    if agreed:
        await _ok(await client.patch(f"/slots/{slot['id']}/agree/", headers=specialist.headers))


def _sent_since(smtp: Any, before: int) -> dict[str, Any]:
    """The messages received since ``before``, by their first recipient."""
    return {received.rcpt_tos[0]: received for received in smtp.mailbox.received[before:]}


def _summary(received: Any) -> tuple[Any, ...]:
    """What a reader sees of a message: recipients, kind, subject, text, and any invite's method."""
    message = received.message
    calendar = parts(message).get("text/calendar")
    method = next((line for line in (calendar or "").splitlines() if line.startswith("METHOD:")), None)
    return (received.rcpt_tos, message["X-Planner-Kind"], message["Subject"],
            parts(message)["text/plain"], method)


async def test_the_specialist_is_told_an_administrator_cancelled_and_the_client_email_is_unchanged(
        app, client, smtp, make_sender):
    admin = await make_admin(app, client, first_name="Anna", last_name="Admin")
    specialist = await register(client, "specialist", first_name="Sofia")
    customer = await register(client, "client", first_name="Carl")
    start = _ten_utc()
    slot = await create_slot(client, specialist, start, context="Tax advice", cost="75.50")
    sender = make_sender()
    comment = {"reason": "got sick", "text": "Sofia is in hospital"}

    # the specialist's own cancellation: the client alone is told
    await _held(client, specialist, customer, slot, agreed=True)
    assert await sender.drain() == 2
    before = len(smtp.mailbox.received)
    await _ok(await client.patch(f"/slots/{slot['id']}/cancel_specialist/", headers=specialist.headers,
                                 json=comment))
    assert await sender.drain() == 1
    by_specialist = _sent_since(smtp, before)
    assert list(by_specialist) == [customer.email]

    # the same consultation again, cancelled by an administrator with the same words
    await _held(client, specialist, customer, slot, agreed=True)
    assert await sender.drain() == 2
    before = len(smtp.mailbox.received)
    await _ok(await client.patch(f"/slots/{slot['id']}/cancel_specialist/", headers=admin.headers,
                                 json=comment))
    assert await sender.drain() == 2
    by_admin = _sent_since(smtp, before)
    assert set(by_admin) == {customer.email, specialist.email}
    # the client's email is the one a specialist's own cancellation sends (invite CANCEL included)
    assert _summary(by_admin[customer.email]) == _summary(by_specialist[customer.email])
    assert _summary(by_admin[customer.email])[4] == "METHOD:CANCEL"

    told = by_admin[specialist.email]
    assert told.rcpt_tos == [specialist.email, *COPY_ADDRESSES]
    message = told.message
    assert message["To"].addresses[0].addr_spec == specialist.email
    assert message["X-Planner-Kind"] == "cancelled_by_admin"
    assert message["Subject"].startswith("Consultation cancelled by an administrator: Carl")
    text = parts(message)["text/plain"]
    assert "Hello, Sofia" in text
    assert "An administrator has cancelled your agreed consultation on your behalf" in text
    assert f"Administrator: Anna Admin <{admin.email}>" in text  # which one, and how to reach them
    assert "Anna Admin" in parts(message)["text/html"]
    assert "Reason: illness" in text and "Comment: Sofia is in hospital" in text
    assert customer.email in text and "Tax advice" in text
    assert f"{start:%H:%M}–{start + timedelta(hours=1):%H:%M} (UTC)" in text
    assert "text/calendar" not in parts(message)  # nothing of the specialist's calendar to change
    assert "Sofia is in hospital" in parts(message)["text/html"]
    kinds = [row.kind for row in await outbox_rows(app)]
    assert kinds.count("cancelled_by_admin") == 1 and "declined_by_admin" not in kinds
    assert all(row.status == "sent" for row in await outbox_rows(app))


async def test_a_request_declined_by_an_administrator_in_the_specialists_language(
        app, client, smtp, make_sender):
    admin = await make_admin(app, client, first_name="Анна", last_name="Админова")
    specialist = await register(client, "specialist", first_name="София", language="ru",
                                time_zone="Europe/Moscow")
    customer = await register(client, "client", first_name="Carl", language="en")
    start = _ten_utc()
    slot = await create_slot(client, specialist, start, context="Налоги")
    sender = make_sender()
    await _held(client, specialist, customer, slot, agreed=False)
    assert await sender.drain() == 1
    before = len(smtp.mailbox.received)
    await _ok(await client.patch(f"/slots/{slot['id']}/cancel_specialist/", headers=admin.headers,
                                 json={"reason": "schedule conflict"}))
    assert await sender.drain() == 2
    sent = _sent_since(smtp, before)

    declined = sent[customer.email].message  # the client's, in English, as a specialist's decline
    assert declined["X-Planner-Kind"] == "declined"
    assert declined["Subject"].startswith("Declined: your request")
    assert "Reason: schedule conflict" in parts(declined)["text/plain"]
    assert "Админова" not in parts(declined)["text/plain"]  # the client is not told who

    told = sent[specialist.email]
    assert told.rcpt_tos == [specialist.email, *COPY_ADDRESSES]
    message = told.message
    assert message["X-Planner-Kind"] == "declined_by_admin"
    assert message["Subject"].startswith("Заявка отклонена администратором: Carl")
    text = parts(message)["text/plain"]
    assert "Здравствуйте, София" in text
    assert "Администратор от вашего имени отклонил заявку клиента" in text
    assert f"Администратор: Анна Админова <{admin.email}>" in text
    assert "Причина: накладка в расписании" in text and "Комментарий" not in text
    moscow = start.astimezone(ZoneInfo("Europe/Moscow"))
    assert f"{moscow:%H:%M}–" in text and "(Europe/Moscow)" in text
    assert 'lang="ru"' in parts(message)["text/html"]
    assert "text/calendar" not in parts(message)


async def test_a_specialists_own_decline_tells_only_the_client(app, client, smtp, make_sender):
    specialist = await register(client, "specialist")
    customer = await register(client, "client")
    slot = await create_slot(client, specialist, _ten_utc())
    sender = make_sender()
    await _held(client, specialist, customer, slot, agreed=False)
    await _ok(await client.patch(f"/slots/{slot['id']}/cancel_specialist/", headers=specialist.headers,
                                 json={"reason": "force majeure"}))
    assert await sender.drain() == 2  # the request to the specialist, the decline to the client
    # sent side by side: found by their recipients, not their places
    assert sorted(m.rcpt_tos[0] for m in smtp.mailbox.received) == [customer.email, specialist.email]
    assert [row.kind for row in await outbox_rows(app)] == ["reserved", "declined"]


def test_every_slot_event_has_its_recipient_and_its_words_in_each_language():
    from planner_server.notifications.snapshot import RECIPIENT_ROLE
    from planner_server.notifications.texts import CATALOG
    from planner_server.slots.events import SlotEvent

    assert set(RECIPIENT_ROLE) == set(SlotEvent)
    for language, words in CATALOG.items():
        for event in SlotEvent:
            assert words.subjects[event.value] and words.intros[event.value], (language, event)
