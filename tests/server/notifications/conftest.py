"""A real SMTP server (aiosmtpd on 127.0.0.1) and senders driven by the tests."""

from __future__ import annotations

import asyncio
import email
import email.policy
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from bench._server import free_port

COPIES = "copies@example.com audit@example.com"
FROM = "Consultation Planner <planner@planner.test>"


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    data: bytes

    @property
    def message(self) -> EmailMessage:
        parsed = email.message_from_bytes(self.data, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        return parsed


class Mailbox:
    """The aiosmtpd handler: accepts (and keeps) messages, or refuses, or stalls, as told."""

    def __init__(self) -> None:
        self.received: list[Received] = []
        self.refuse_with: str | None = None  # e.g. "451 try later" or "550 no such user"
        self.stall = False  # hold DATA unanswered until released
        self.stalled = threading.Event()  # set when a DATA is being held
        self.release = threading.Event()
        self.meet = 0  # hold the first messages until this many are being delivered at once
        self._met = threading.Event()
        self._arrived = threading.Condition()  # guards received and meet's count
        self._meeting = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.stall:
            self.stalled.set()
            await asyncio.to_thread(self.release.wait)
            return "451 4.3.0 released without delivery"
        if self.refuse_with:
            return self.refuse_with
        await self._until_met()
        with self._arrived:
            self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
            self._arrived.notify_all()
        return "250 2.0.0 Message accepted"

    async def _until_met(self) -> None:
        with self._arrived:
            self._meeting += 1
            if self._meeting > self.meet:
                return
            if self._meeting == self.meet:
                self._met.set()
        await asyncio.to_thread(self._met.wait, 30)  # the bound of a failure: then the test's counts tell

    def let_go(self) -> None:
        """Answer whatever is held (the test is over)."""
        self.release.set()
        self._met.set()

    def wait_for(self, count: int, timeout: float = 20.0) -> list[Received]:
        with self._arrived:
            self._arrived.wait_for(lambda: len(self.received) >= count, timeout)
            assert len(self.received) >= count, f"{len(self.received)} of {count} messages arrived"
        return self.received


class SmtpServer:
    def __init__(self) -> None:
        self.port = free_port()
        self.mailbox = Mailbox()
        self._controller: Controller | None = None

    def start(self) -> None:
        self._controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer()
    server.start()
    yield server
    server.mailbox.let_go()
    server.stop()


@pytest.fixture
def settings_env(settings_env: dict[str, str], smtp: SmtpServer) -> dict[str, str]:
    """The suite's server environment, sending to the test's SMTP server with fast retries."""
    return {**settings_env, "EMAIL_BACKEND": "smtp", "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp.port), "EMAIL_TIMEOUT": "5", "DEFAULT_FROM_EMAIL": FROM,
            "NOTIFICATION_EMAIL": COPIES, "EMAIL_RETRY_BASE_SECONDS": "0.05",
            "EMAIL_RETRY_MAX_SECONDS": "0.2", "MAIL_POLL_SECONDS": "0.05"}


@pytest.fixture
async def make_sender(app: Any, settings: Any) -> AsyncIterator[Callable[..., Any]]:
    """Senders on the app's database (or another one), closed after the test."""
    from planner_server.notifications.sender import Sender

    made: list[Sender] = []

    def make(**options: Any) -> Sender:
        options.setdefault("db", app.state.context.db)
        options.setdefault("settings", settings)
        sender = Sender(**options)
        made.append(sender)
        return sender

    yield make
    for sender in made:
        await sender.close()


async def outbox_rows(app: Any) -> list[Any]:
    from sqlalchemy import select

    from planner_server.notifications.models import OutboxMessage

    async with app.state.context.db.session(write=False) as session:
        return list((await session.execute(select(OutboxMessage).order_by(OutboxMessage.id))).scalars())


def parts(message: EmailMessage) -> dict[str, Any]:
    """The plain text, the HTML and the calendar attachment of a received message."""
    found: dict[str, Any] = {}
    for part in message.walk():
        kind = part.get_content_type()
        if kind in ("text/plain", "text/html", "text/calendar") and kind not in found:
            found[kind] = part.get_content()
    return found
