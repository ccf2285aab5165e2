"""Reminders REMINDER_HOURS before an agreed consultation: to both sides, once."""

from __future__ import annotations

from datetime import timedelta

from tests.server.helpers import create_slot, future, make_users
from tests.server.notifications.conftest import outbox_rows, parts


async def _agreed(app, client, start):  # type: ignore[no-untyped-def]
    [specialist] = await make_users(app, "specialist", 1)
    [customer] = await make_users(app, "client", 1)
    slot = await create_slot(client, specialist, start)
    for path, who in (("reserve", customer), ("agree", specialist)):
        response = await client.patch(f"/slots/{slot['id']}/{path}/", headers=who.headers)
        assert response.status_code == 200, response.text
    return slot, specialist, customer


async def test_both_sides_are_reminded_once(app, client, smtp, make_sender):
    start = future(30)
    slot, specialist, customer = await _agreed(app, client, start)
    first, second = make_sender(), make_sender()
    assert await first.drain() == 2  # the request and the confirmation
    before = len(smtp.mailbox.received)

    assert await first.scan_reminders(now=start - timedelta(hours=25)) == 0  # not yet
    due = start - timedelta(hours=23)
    assert await first.scan_reminders(now=due) == 2
    assert await first.scan_reminders(now=due) == 0  # a restart, or a second sender, writes none
    assert await second.scan_reminders(now=due + timedelta(minutes=5)) == 0
    assert await first.drain() == 2
    reminders = smtp.mailbox.received[before:]
    assert sorted(r.rcpt_tos[0] for r in reminders) == sorted([specialist.email, customer.email])
    assert all(len(r.rcpt_tos) == 1 for r in reminders)  # no NOTIFICATION_EMAIL copies of reminders
    assert all(r.message["Subject"].startswith("Reminder: consultation with") for r in reminders)
    assert "This is a reminder" in parts(reminders[0].message)["text/plain"]

    # Cancelled and agreed again: a new consultation, a new reminder.
    await client.patch(f"/slots/{slot['id']}/cancel_specialist/", headers=specialist.headers)
    await client.patch(f"/slots/{slot['id']}/reserve/", headers=customer.headers)
    assert await first.scan_reminders(now=due) == 0  # awaiting agreement: nothing to remind of
    await client.patch(f"/slots/{slot['id']}/agree/", headers=specialist.headers)
    assert await first.scan_reminders(now=due) == 2
    kinds = [row.kind for row in await outbox_rows(app)]
    assert kinds.count("reminder") == 4


async def test_no_reminder_for_a_consultation_agreed_at_short_notice(app, client, settings,
                                                                      make_sender):
    start = future(10)
    await _agreed(app, client, start)
    within_a_week = make_sender(settings=settings.model_copy(update={"reminder_hours": 24 * 7}))
    # Agreed when the start was already inside the reminder window: the confirmation was fresh.
    assert await within_a_week.scan_reminders() == 0
    assert await make_sender().scan_reminders(now=start - timedelta(hours=1)) == 2


async def test_the_senders_round_writes_and_sends_due_reminders(app, client, smtp, settings,
                                                                make_sender):
    from sqlalchemy import update

    from planner_server.slots.models import Slot
    from planner_shared.rules import utcnow

    slot, _, _ = await _agreed(app, client, future(1))
    async with app.state.context.db.session() as session:  # as if agreed a week ago
        await session.execute(update(Slot).where(Slot.id == slot["id"])
                              .values(updated_at=utcnow() - timedelta(days=7)))
    off = make_sender(settings=settings.model_copy(update={"reminder_hours": 0}))
    assert await off.drain() == 2  # request and confirmation; REMINDER_HOURS=0: no reminders
    await off.close()
    sender = make_sender(settings=settings.model_copy(update={"reminder_hours": 72}))
    assert await sender.tick() == 2
    assert [r.message["Subject"].split(":")[0] for r in smtp.mailbox.received[-2:]] == ["Reminder"] * 2
