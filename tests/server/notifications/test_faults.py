"""Delivery under faults: SMTP down, refusals, retries, and two senders on one PostgreSQL."""

from __future__ import annotations

import asyncio
import threading
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest

from tests.server.helpers import create_slot, future, make_admin, make_users
from tests.server.notifications.conftest import outbox_rows


async def _reservations(app, client, count: int) -> None:  # type: ignore[no-untyped-def]
    [specialist] = await make_users(app, "specialist", 1)
    [customer] = await make_users(app, "client", 1)
    for n in range(count):
        slot = await create_slot(client, specialist, future(2 * n))
        response = await client.patch(f"/slots/{slot['id']}/reserve/", headers=customer.headers)
        assert response.status_code == 200, response.text


class _Clock:
    """The sender's clock: the real time, moved on by the test (a retry falls due when it says)."""

    def __init__(self) -> None:
        self.ahead = timedelta()

    def __call__(self) -> datetime:
        from planner_shared.rules import utcnow

        return utcnow() + self.ahead


async def _until(app: Any, predicate: Callable[[list[Any]], bool], *, sender: Any, clock: _Clock,
                 rounds: int = 20) -> list[Any]:
    """Run the sender's rounds until the outbox rows satisfy ``predicate``, the next attempts
    falling due between two rounds."""
    for _ in range(rounds):
        await sender.tick()
        rows = await outbox_rows(app)
        if predicate(rows):
            return rows
        clock.ahead += timedelta(minutes=1)  # far past any retry's delay (EMAIL_RETRY_MAX_SECONDS)
    raise AssertionError([(r.id, r.status, r.attempts, r.last_error) for r in rows])


def _message_ids(smtp) -> Counter[str]:  # type: ignore[no-untyped-def]
    return Counter(received.message["Message-ID"] for received in smtp.mailbox.received)


async def test_smtp_down_then_back_delivers_each_message_exactly_once(app, client, smtp, make_sender):
    smtp.stop()
    await _reservations(app, client, 3)  # the requests succeed while mail cannot go anywhere
    clock = _Clock()
    sender = make_sender(clock=clock)
    rows = await _until(app, lambda rows: all(r.attempts >= 2 for r in rows), sender=sender, clock=clock)
    assert [r.status for r in rows] == ["pending"] * 3
    assert all("Connection refused" in (r.last_error or "") or "Errno" in (r.last_error or "")
               for r in rows), [r.last_error for r in rows]
    assert smtp.mailbox.received == []

    smtp.start()
    rows = await _until(app, lambda rows: all(r.status == "sent" for r in rows), sender=sender, clock=clock)
    clock.ahead += timedelta(hours=1)  # whatever were still to be retried is due now
    assert await sender.drain() == 0
    counts = _message_ids(smtp)
    assert len(counts) == 3 and set(counts.values()) == {1}, counts
    assert all(r.sent_at is not None and r.claim_token is None for r in rows)


async def test_message_that_always_fails_ends_failed_and_the_admin_can_retry_it(
        app, client, smtp, settings, make_sender):
    smtp.mailbox.refuse_with = "451 4.3.0 Mailbox busy, try later"
    await _reservations(app, client, 1)
    clock = _Clock()
    sender = make_sender(settings=settings.model_copy(update={"email_max_attempts": 3}), clock=clock)
    [row] = await _until(app, lambda rows: rows[0].status == "failed", sender=sender, clock=clock)
    assert row.attempts == 3 and "451" in (row.last_error or "")

    admin = await make_admin(app, client)
    response = await client.get("/outbox/", headers=admin.headers)
    assert response.status_code == 200, response.text
    [listed] = response.json()
    assert response.headers["X-Total-Count"] == "1"
    assert listed["id"] == row.id and listed["status"] == "failed" and listed["attempts"] == 3
    assert "451" in listed["last_error"] and listed["kind"] == "reserved"
    assert listed["recipients"][0].startswith("specialist") and listed["subject"].startswith("New request")
    assert (await client.get("/outbox/?status=pending", headers=admin.headers)).json() == []
    assert len((await client.get("/outbox/?status=failed", headers=admin.headers)).json()) == 1

    smtp.mailbox.refuse_with = None
    response = await client.post(f"/outbox/{row.id}/retry/", headers=admin.headers)
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "pending" and response.json()["attempts"] == 0
    await _until(app, lambda rows: rows[0].status == "sent", sender=sender, clock=clock)
    assert len(smtp.mailbox.received) == 1
    sent = (await client.get("/outbox/?status=sent", headers=admin.headers)).json()
    assert [m["id"] for m in sent] == [row.id] and sent[0]["sent_at"]
    response = await client.post(f"/outbox/{row.id}/retry/", headers=admin.headers)
    assert response.status_code == 409 and "already been sent" in response.json()["detail"]


async def test_permanent_refusal_fails_at_once(app, client, smtp, make_sender):
    smtp.mailbox.refuse_with = "550 5.1.1 No such user here"
    await _reservations(app, client, 1)
    sender = make_sender()
    assert await sender.drain() == 1
    [row] = await outbox_rows(app)
    assert row.status == "failed" and row.attempts == 1 and "550" in (row.last_error or "")


async def test_a_request_does_not_wait_for_a_stalled_smtp_server(app, client, smtp, settings):
    """With delivery running in this server and the SMTP server holding every message, requests
    still answer while a message is on its way: sending happens off the request and off the event
    loop."""
    from planner_server.notifications.sender import Sender
    from planner_server.notifications.worker import running_sender

    smtp.mailbox.stall = True
    [specialist] = await make_users(app, "specialist", 1)
    [customer] = await make_users(app, "client", 1)
    slots = [await create_slot(client, specialist, future(2 * n)) for n in range(3)]
    held = settings.model_copy(update={"email_timeout": 10.0})  # the sender waits out the stall
    backend = _Watched(held)
    async with running_sender(Sender(db=app.state.context.db, settings=held, backend=backend)):
        await client.patch(f"/slots/{slots[0]['id']}/reserve/", headers=customer.headers)
        assert await asyncio.to_thread(smtp.mailbox.stalled.wait, 10)
        for slot in slots[1:]:
            response = await client.patch(f"/slots/{slot['id']}/reserve/", headers=customer.headers)
            assert response.status_code == 200
        assert backend.sending.is_set()  # answered while the first message is still being sent
        smtp.mailbox.stall = False
        smtp.mailbox.release.set()
    rows = await outbox_rows(app)
    assert len(rows) == 3 and all(r.status == "pending" for r in rows)  # handed back, nothing lost


class _Watched:
    """A real SMTP backend that also tells what it delivered and whether it is sending now."""

    def __init__(self, settings: Any) -> None:
        from planner_server.notifications.backends import SmtpBackend

        self.inner = SmtpBackend(settings)
        self.name = "smtp"
        self.sent = 0
        self.sending = threading.Event()

    def send(self, message: Any) -> Any:
        self.sending.set()
        try:
            note = self.inner.send(message)
        finally:
            self.sending.clear()
        self.sent += 1
        return note

    def close(self) -> None:
        self.inner.close()


@pytest.mark.postgres
@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
async def test_two_senders_on_postgres_claim_apart(app, client, smtp, settings, database_url,
                                                   make_sender):
    """Without any leader, SKIP LOCKED claims alone keep two senders from sending one message twice."""
    from planner_server.db import Database
    from planner_server.notifications.leadership import Everyone

    await _reservations(app, client, 24)
    smtp.mailbox.meet = 2  # the first two messages are answered once both are on their way: one each
    small = settings.model_copy(update={"mail_batch_size": 3})
    databases = [Database(database_url, pool_size=2) for _ in range(2)]
    backends = [_Watched(small) for _ in range(2)]
    try:
        senders = [make_sender(db=db, settings=small, backend=backend, leadership=Everyone())
                   for db, backend in zip(databases, backends, strict=True)]
        await asyncio.gather(*(sender.drain() for sender in senders))
    finally:
        for db in databases:
            await db.dispose()
    counts = _message_ids(smtp)
    assert len(counts) == 24 and set(counts.values()) == {1}, counts
    assert all(backend.sent > 0 for backend in backends), [b.sent for b in backends]
    assert all(row.status == "sent" for row in await outbox_rows(app))


@pytest.mark.postgres
@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
async def test_one_leader_sends_and_another_takes_over(app, client, smtp, settings, database_url,
                                                      make_sender):
    from planner_server.db import Database

    await _reservations(app, client, 2)
    databases = [Database(database_url, pool_size=2) for _ in range(2)]
    try:
        first, second = (make_sender(db=db) for db in databases)
        assert await first.tick() == 2 and first.leading
        await _reservations(app, client, 1)
        assert await second.tick() == 0 and not second.leading  # the first one leads
        await first.close()
        assert await second.drain() == 1 and second.leading
        await second.close()
    finally:
        for db in databases:
            await db.dispose()
    counts = _message_ids(smtp)
    assert len(counts) == 3 and set(counts.values()) == {1}


class _Silent:
    """An SMTP server that accepts connections and never says a word (a dead or wedged server)."""

    def __init__(self, expected: int) -> None:
        import socket
        import threading

        from bench._server import free_port

        self.port = free_port()
        self.listener = socket.create_server(("127.0.0.1", self.port))
        self.accepted: list[socket.socket] = []
        self.expected = expected
        self.all_connected = threading.Event()  # ``expected`` connections are open at once
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:  # closed: the test is over
                return
            self.accepted.append(connection)
            if len(self.accepted) >= self.expected:
                self.all_connected.set()

    def close(self) -> None:
        self.listener.close()
        for connection in self.accepted:
            connection.close()


async def test_a_silent_smtp_server_holds_no_message_behind_another(app, client, settings, make_sender):
    """Three queued messages (to three people) and a server that accepts and never answers: all
    three are tried at once, each on its own connection, and given up on after the connect timeout
    (EMAIL_TIMEOUT, for sending, is far longer and never reached)."""
    silent = _Silent(expected=3)
    try:
        [customer] = await make_users(app, "client", 1)
        for n, specialist in enumerate(await make_users(app, "specialist", 3)):
            slot = await create_slot(client, specialist, future(2 * n))
            response = await client.patch(f"/slots/{slot['id']}/reserve/", headers=customer.headers)
            assert response.status_code == 200, response.text
        sender = make_sender(settings=settings.model_copy(update={
            "email_port": silent.port, "email_timeout": 600.0, "email_connect_timeout": 2.0}))
        batch = asyncio.create_task(sender.tick())
        assert await asyncio.to_thread(silent.all_connected.wait, 60), len(silent.accepted)
        assert await asyncio.wait_for(batch, 60) == 3
    finally:
        silent.close()
    rows = await outbox_rows(app)
    assert [(r.status, r.attempts) for r in rows] == [("pending", 1)] * 3
    assert all("timed out" in (r.last_error or "") for r in rows), [r.last_error for r in rows]
