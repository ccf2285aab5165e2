"""The password reset email (SPEC §9): through the outbox to a real SMTP server, in the user's
language, to the user alone; the code it carries resets the password."""

from __future__ import annotations

import re

from sqlalchemy import select

from planner_server.notifications.models import OutboxMessage
from tests.server.helpers import assert_error, make_admin, register, sign_in
from tests.server.notifications.conftest import parts

CODE = re.compile(r"\b([A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4})\b")


async def test_the_reset_email_arrives_and_its_code_works(app, client, smtp, make_sender):
    user = await register(client, "client", first_name="Olga")
    response = await client.post("/auth/password/reset/", json={"email": user.email})
    assert response.status_code == 202, response.text
    assert await make_sender().drain() == 1
    [received] = smtp.mailbox.received
    assert received.rcpt_tos == [user.email]  # no copies of an account's secret
    message = received.message
    assert message["Subject"] == "Your password reset code"
    assert message["X-Planner-Kind"] == "password_reset"
    text = parts(message)["text/plain"]
    assert "Hello, Olga" in text and "If you did not ask for this" in text
    [code] = CODE.findall(text)
    assert code in parts(message)["text/html"]
    async with app.state.context.db.session(write=False) as session:  # delivered: forgotten
        payload = await session.scalar(select(OutboxMessage.payload))
    assert code not in payload and code.replace("-", "") not in payload
    response = await client.post("/auth/password/reset/confirm/", json={
        "email": user.email, "code": code, "new_password": "better456"})
    assert response.status_code == 204, response.text
    await sign_in(client, user.email, "better456")


async def test_a_reset_sent_by_an_administrator_is_in_the_users_language(app, client, smtp, make_sender):
    admin = await make_admin(app, client)
    user = await register(client, "specialist", language="ru")
    assert (await client.post(f"/users/{user.id}/password_reset/", headers=admin.headers)).status_code == 202
    assert await make_sender().drain() == 1
    message = smtp.mailbox.received[-1].message
    assert message["Subject"] == "Код для сброса пароля"
    text = parts(message)["text/plain"]
    assert "Если вы не просили об этом" in text
    [code] = CODE.findall(text)
    # the subject, which administrators see in the outbox, does not carry the code
    [listed] = (await client.get("/outbox/?status=sent", headers=admin.headers)).json()
    assert code not in (listed["subject"] or "")
    assert_error(await client.post("/auth/password/reset/confirm/", json={
        "email": user.email, "code": "AAAA-AAAA", "new_password": "better456"}), 422)
    response = await client.post("/auth/password/reset/confirm/", json={
        "email": user.email, "code": code, "new_password": "better456"})
    assert response.status_code == 204, response.text


async def test_no_email_for_an_unknown_address(client, smtp, make_sender):
    response = await client.post("/auth/password/reset/", json={"email": "nobody@example.com"})
    assert response.status_code == 202
    assert await make_sender().drain() == 0
    assert smtp.mailbox.received == []
