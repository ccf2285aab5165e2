"""The delivery loop: one sender per deployment works through the outbox in batches.

Only the leader (leadership.py) sends. Each round it writes the reminders that fell due, claims a
batch, and renders and delivers it on threads of its own (up to EMAIL_CONNECTIONS messages to
different recipients at once, each thread on its own connection; one recipient's in order;
rendering one message at a time), so neither templates nor SMTP ever hold up the event loop that
serves requests, and one slow or silent server holds up a batch by one timeout, not one per
message. Outcomes are recorded in groups; a message counts as
sent only after the server accepted it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

from planner_server.config import Settings
from planner_server.db import Database
from planner_server.notifications import outbox
from planner_server.notifications.backends import Backend, DeliveryError, backend_for
from planner_server.notifications.leadership import Leadership, leadership_for
from planner_server.notifications.reminders import enqueue_due_reminders
from planner_server.notifications.render import Letterhead, Person, Queued, Undeliverable, render
from planner_shared.rules import utcnow

log = logging.getLogger("planner_server.mail")

REMINDER_SCAN_SECONDS = 60.0
PURGE_SECONDS = 3600.0
RECORD_EVERY_SECONDS = 1.0  # outcomes are written at least this often while a batch goes on


SENDER_THREAD_NICE = 19
thread_cpu = time.thread_time  # the CPU a sender's thread has used (tests may stand in for it)
pause = time.sleep


def _lower_thread_priority() -> None:
    """Rendering and SMTP run on a thread the kernel schedules last (Linux: per-thread nice), so
    the request path of the same process gets the CPU first during a storm."""
    with contextlib.suppress(AttributeError, OSError):  # other systems: nothing to lower
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), SENDER_THREAD_NICE)


class Sender:
    def __init__(self, *, db: Database, settings: Settings, backend: Backend | None = None,
                 leadership: Leadership | None = None, clock: Callable[[], datetime] = utcnow,
                 cpu_share: float = 1.0) -> None:
        """``cpu_share``: the most of one core rendering and sending may take (the sender pauses
        after a message for as long as needed); 1 for no limit."""
        if not 0 < cpu_share <= 1:
            raise ValueError("cpu_share must be in (0, 1]")
        self.cpu_share = cpu_share
        self.db = db
        self.backend = backend or backend_for(settings)
        self.leadership = leadership or leadership_for(db)
        self.token = uuid.uuid4().hex
        self.clock = clock
        self.letterhead = Letterhead(settings.default_from_email, tuple(settings.notification_copies))
        self.policy = outbox.RetryPolicy(max_attempts=settings.email_max_attempts,
                                         base_seconds=settings.email_retry_base_seconds,
                                         max_seconds=settings.email_retry_max_seconds)
        self.batch_size = settings.mail_batch_size
        self.lease = timedelta(seconds=settings.mail_claim_seconds)
        self.poll_seconds = settings.mail_poll_seconds
        self.reminder_lead = timedelta(hours=settings.reminder_hours)
        self.keep = timedelta(days=settings.outbox_keep_days)
        self.leading = False
        self._next_scan = 0.0
        self._next_purge = 0.0
        self.stopping = asyncio.Event()
        self._closed = False
        self.connections = settings.email_connections
        self._rendering = threading.Lock()  # one message rendered at a time
        self._thread = ThreadPoolExecutor(max_workers=self.connections, thread_name_prefix="mail-sender",
                                          initializer=_lower_thread_priority)

    # --- the loop ------------------------------------------------------------------------------

    async def run(self, stop: asyncio.Event) -> None:
        """Until ``stop`` is set: deliver while there is work, otherwise look again every poll."""
        log.info("mail sender %s started (%s backend)", self.token[:8], self.backend.name)
        self.stopping = stop
        try:
            while not stop.is_set():
                try:
                    handled = await self.tick()
                except Exception:  # a database hiccup must not end delivery for good
                    log.exception("mail sender: round failed; trying again shortly")
                    handled = 0
                if handled < self.batch_size:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(stop.wait(), timeout=self.poll_seconds)
                else:
                    await asyncio.sleep(0)
        finally:
            await self.close()

    async def tick(self) -> int:
        """One round: lead (or not), maintenance when due, one batch. Returns messages handled."""
        if not await self._lead():
            return 0
        now = time.monotonic()
        if self.reminder_lead and now >= self._next_scan:
            self._next_scan = now + REMINDER_SCAN_SECONDS
            await self.scan_reminders()
        if now >= self._next_purge:
            self._next_purge = now + PURGE_SECONDS
            async with self.db.session() as session:
                await outbox.purge_sent(session=session, before=self.clock() - self.keep)
        return await self.deliver_batch()

    async def drain(self, *, rounds: int = 100) -> int:
        """Deliver until nothing is due (for tests and tools); returns messages handled."""
        total = 0
        for _ in range(rounds):
            handled = await self.tick()
            total += handled
            if handled == 0:
                break
        return total

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            await self.leadership.release()
        finally:
            self.leading = False
            self._thread.submit(self.backend.close)
            self._thread.shutdown(wait=False)

    async def _lead(self) -> bool:
        held = await self.leadership.hold()
        if held and not self.leading:
            async with self.db.session() as session:
                released = await outbox.release_claims(session=session, keep_token=self.token,
                                                       now=self.clock())
            log.info("mail sender %s leads%s", self.token[:8],
                     f"; took over {released} unfinished messages" if released else "")
        self.leading = held
        return held

    # --- the work ------------------------------------------------------------------------------

    async def scan_reminders(self, *, now: datetime | None = None) -> int:
        async with self.db.session() as session:
            return await enqueue_due_reminders(session=session, lead=self.reminder_lead,
                                               now=now or self.clock())

    async def deliver_batch(self) -> int:
        async with self.db.session(write=False) as session:
            if not await outbox.any_due(session=session, now=self.clock()):
                return 0
        async with self.db.session() as session:
            items = await outbox.claim(session=session, token=self.token, limit=self.batch_size,
                                       now=self.clock(), lease=self.lease)
        if not items:
            return 0
        async with self.db.session(write=False) as session:
            people = await outbox.load_people(session=session, items=items)
        loop = asyncio.get_running_loop()
        # Each recipient's messages one after another, in order; different recipients' side by side.
        by_recipient: dict[int, list[Queued]] = {}
        for item in items:
            by_recipient.setdefault(item.recipient_id, []).append(item)
        waiting = list(reversed(by_recipient.values()))
        done: list[outbox.Outcome] = []
        unreachable: str | None = None
        last_record = time.monotonic()

        async def deliver_in_turn() -> None:  # one of ``connections`` at work on the batch
            nonlocal done, unreachable, last_record
            while waiting and not self.stopping.is_set():  # when stopping, the rest is handed back
                mine = waiting.pop()
                while mine and not self.stopping.is_set():
                    item = mine.pop(0)
                    if unreachable is not None:  # the server is down: the rest fare no better now
                        done.append(outbox.Outcome(item.id, sent=False, error=unreachable))
                        continue
                    outcome, down = await loop.run_in_executor(self._thread, self._deliver, item, people)
                    done.append(outcome)
                    unreachable = outcome.error if down else None
                    if time.monotonic() - last_record >= RECORD_EVERY_SECONDS:
                        recorded, done, last_record = done, [], time.monotonic()
                        await self._record(recorded)
                if mine:
                    waiting.append(mine)

        try:
            await asyncio.gather(*(deliver_in_turn() for _ in range(min(self.connections, len(items)))))
            if waiting:
                await self._release([item.id for rest in waiting for item in rest])
        finally:
            if done:
                await asyncio.shield(self._record(done))
            if len(items) < self.batch_size or unreachable is not None:
                await loop.run_in_executor(self._thread, self.backend.close)
        return len(items)

    async def _release(self, ids: list[int]) -> None:
        async with self.db.session() as session:
            await outbox.release(session=session, ids=ids, token=self.token, now=self.clock())

    async def _record(self, outcomes: list[outbox.Outcome]) -> None:
        async with self.db.session() as session:
            await outbox.record(session=session, token=self.token, outcomes=outcomes,
                                now=self.clock(), policy=self.policy)

    def _deliver(self, item: Queued, people: Mapping[int, Person]) -> tuple[outbox.Outcome, bool]:
        """On a sender's thread: render and send one message; (outcome, server unreachable).

        Messages are rendered one at a time. Limited to a share of the CPU, each of the sender's
        ``connections`` threads then pauses in proportion to the CPU rendering and sending took, so
        that all of them together keep to the share (waiting on a mail server costs nothing).
        """
        used = thread_cpu()
        try:
            return self._render_and_send(item, people)
        finally:
            if self.cpu_share < 1:
                pause((thread_cpu() - used) * (self.connections / self.cpu_share - 1))

    def _render_and_send(self, item: Queued, people: Mapping[int, Person]) -> tuple[outbox.Outcome, bool]:
        with self._rendering:
            try:
                message = render(item, people, self.letterhead, now=self.clock())
            except Undeliverable as error:
                return outbox.Outcome(item.id, sent=False, error=str(error), permanent=True), False
            except Exception as error:
                log.exception("cannot write outbox message %s", item.id)
                return outbox.Outcome(item.id, sent=False, error=f"cannot write the message: {error!r}",
                                      permanent=True), False
        try:
            note = self.backend.send(message)
        except DeliveryError as error:
            log.warning("outbox message %s not delivered: %s", item.id, error)
            return outbox.Outcome(item.id, sent=False, recipients=message.recipients,
                                  subject=message.subject, error=str(error),
                                  permanent=error.permanent), error.unreachable
        except Exception as error:
            log.exception("outbox message %s: unexpected delivery failure", item.id)
            return outbox.Outcome(item.id, sent=False, recipients=message.recipients,
                                  subject=message.subject, error=repr(error)), True
        return outbox.Outcome(item.id, sent=True, recipients=message.recipients,
                              subject=message.subject, error=note or None), False
