"""Where the sender runs: inside the server (lifespan) and as `planner-server worker`, killed or not."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest

from tests.server.helpers import create_slot, eventually, future, make_users
from tests.server.notifications.conftest import outbox_rows


async def _reserve_one(app, client) -> None:  # type: ignore[no-untyped-def]
    [specialist] = await make_users(app, "specialist", 1)
    [customer] = await make_users(app, "client", 1)
    slot = await create_slot(client, specialist, future())
    response = await client.patch(f"/slots/{slot['id']}/reserve/", headers=customer.headers)
    assert response.status_code == 200, response.text


@contextmanager
def worker_process(settings_env: dict[str, str]) -> Iterator[subprocess.Popen[bytes]]:
    env = {**os.environ, **settings_env, "MAIL_POLL_SECONDS": "0.1"}
    process = subprocess.Popen([sys.executable, "-m", "planner_server.cli", "worker", "--nice", "0"],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)


def _until_sender_started(process: subprocess.Popen[bytes]) -> None:
    """Until the worker logs that its sender's loop runs (its signal handlers are in place)."""
    assert process.stdout is not None
    for line in process.stdout:
        if b"mail sender" in line and b" started " in line:
            return
    raise AssertionError(f"the worker ended (exit code {process.wait()}) before its sender started")


async def test_worker_killed_between_claim_and_send_loses_nothing(app, client, smtp, settings_env,
                                                                  make_sender):
    await _reserve_one(app, client)
    smtp.mailbox.stall = True  # the worker claims the message, then waits on the server's answer
    with worker_process(settings_env) as process:
        stalled = await asyncio.to_thread(smtp.mailbox.stalled.wait, 60)
        assert stalled, process.stdout.read().decode() if process.poll() is not None else "no DATA"
        [row] = await outbox_rows(app)
        assert row.status == "pending" and row.claim_token is not None
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    smtp.mailbox.stall = False
    smtp.mailbox.release.set()
    assert smtp.mailbox.received == []

    # The next sender leads as soon as the database has ended the killed worker's session (its
    # lock dies with it; the database notices on its own time, and tells no one), and takes the
    # claim over.
    sender = make_sender()
    await eventually(sender.leadership.hold, what="the killed worker's lock is free")
    assert await sender.drain() == 1
    assert len(smtp.mailbox.received) == 1
    [row] = await outbox_rows(app)
    assert row.status == "sent" and row.attempts == 1


async def test_worker_process_delivers_and_stops_on_sigterm(app, client, smtp, settings_env):
    with worker_process(settings_env) as process:
        await _reserve_one(app, client)
        await asyncio.to_thread(smtp.mailbox.wait_for, 1, 60)
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=15) == 0
        output = process.stdout.read().decode()
    assert "mail worker (smtp backend" in output
    [row] = await outbox_rows(app)
    assert row.status == "sent"


async def test_the_server_delivers_in_the_background(settings, smtp):
    from planner_server.main import create_app

    application = create_app(settings.model_copy(update={"run_mail_worker": True}))
    async with application.router.lifespan_context(application):
        assert "mail_sender" in application.state.context.extras
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://test/api/v1") as http:
            await _reserve_one(application, http)
            [received] = await asyncio.to_thread(smtp.mailbox.wait_for, 1)
    assert "New request" in received.message["Subject"]


async def test_no_background_delivery_when_switched_off(app, client, smtp):
    assert "mail_sender" not in app.state.context.extras  # PLANNER_RUN_MAIL_WORKER=false
    await _reserve_one(app, client)
    assert not [task for task in asyncio.all_tasks() if task.get_name() == "mail-sender"]  # no loop
    assert smtp.mailbox.received == []
    [row] = await outbox_rows(app)
    assert row.status == "pending" and row.attempts == 0


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_worker_refuses_contradictory_tls_settings(settings_env):
    env = {**os.environ, **settings_env, "EMAIL_USE_TLS": "true", "EMAIL_USE_SSL": "true"}
    result = subprocess.run([sys.executable, "-m", "planner_server.cli", "worker", "--nice", "0"],
                            env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "EMAIL_USE_TLS" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.postgres
@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
async def test_two_worker_processes_on_postgres_deliver_each_message_once(app, client, smtp,
                                                                          settings_env):
    from collections import Counter

    with worker_process(settings_env) as first, worker_process(settings_env) as second:
        for process in (first, second):  # both senders run, and stop cleanly on SIGTERM from now on
            await asyncio.wait_for(asyncio.to_thread(_until_sender_started, process), 60)
        [specialist] = await make_users(app, "specialist", 1)
        customers = await make_users(app, "client", 12)
        for n, customer in enumerate(customers):
            slot = await create_slot(client, specialist, future(2 * n))
            response = await client.patch(f"/slots/{slot['id']}/reserve/", headers=customer.headers)
            assert response.status_code == 200
        await asyncio.to_thread(smtp.mailbox.wait_for, 12, 60)
        assert first.poll() is None and second.poll() is None
        for process in (first, second):  # each finishes what it has on its way, duplicates included
            process.send_signal(signal.SIGTERM)
        assert [await asyncio.to_thread(process.wait, 15) for process in (first, second)] == [0, 0]
    counts = Counter(received.message["Message-ID"] for received in smtp.mailbox.received)
    assert len(counts) == 12 and set(counts.values()) == {1}, counts
    assert {row.status for row in await outbox_rows(app)} == {"sent"}
