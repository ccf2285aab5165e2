"""The sender's side of the outbox table: claim a batch, record each outcome, recover, purge.

A claim is a lease: the row stays ``pending`` with the sender's token and a ``next_attempt_at``
pushed past the time the batch may take. A sender that dies before recording an outcome leaves
the row to be claimed again when the lease ends (or at once, when the next leader takes over).
On PostgreSQL the batch is chosen with ``FOR UPDATE SKIP LOCKED``, so concurrent senders never
claim the same row; on SQLite the claim is one statement under the database's write lock.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import ColumnElement, Table, Text, bindparam, case, delete, func, literal, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from planner_server.notifications.models import OutboxMessage
from planner_server.notifications.render import Person, Queued, full_name
from planner_server.notifications.snapshot import ACCOUNT_KINDS, Snapshot
from planner_server.users.models import User

ERROR_MAX_LENGTH = 1000


@dataclass(frozen=True)
class Outcome:
    """What became of one claimed message."""

    outbox_id: int
    sent: bool
    recipients: tuple[str, ...] = ()
    subject: str | None = None
    error: str | None = None  # the failure, or a note about a partial success
    permanent: bool = False  # a failure that retrying cannot fix


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int
    base_seconds: float
    max_seconds: float

    def delay(self, attempt: int) -> timedelta:
        """After the n-th failed attempt: base · 2^(n-1), capped, with ±20 % jitter."""
        seconds = min(self.base_seconds * 2 ** min(attempt - 1, 32), self.max_seconds)
        return timedelta(seconds=seconds * random.uniform(0.8, 1.2))


def _due(now: datetime) -> tuple[ColumnElement[bool], ...]:
    # ``status <> 'sent'`` repeats the partial index's predicate, so SQLite uses it too.
    return (OutboxMessage.status != "sent", OutboxMessage.status == "pending",
            OutboxMessage.next_attempt_at <= now)


async def any_due(*, session: AsyncSession, now: datetime) -> bool:
    """A cheap read, so that an idle sender never takes the write lock just to find nothing."""
    return await session.scalar(select(OutboxMessage.id).where(*_due(now)).limit(1)) is not None


async def claim(*, session: AsyncSession, token: str, limit: int, now: datetime,
                lease: timedelta) -> list[Queued]:
    due = (select(OutboxMessage.id)
           .where(*_due(now))
           .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id).limit(limit)
           .with_for_update(skip_locked=True))
    rows = await session.execute(
        update(OutboxMessage).where(OutboxMessage.id.in_(due.scalar_subquery()))
        .values(claim_token=token, next_attempt_at=now + lease)
        .returning(OutboxMessage.id, OutboxMessage.kind, OutboxMessage.slot_id,
                   OutboxMessage.recipient_id, OutboxMessage.payload))
    claimed = [Queued(id=row.id, kind=row.kind, slot_id=row.slot_id, recipient_id=row.recipient_id,
                      snapshot=Snapshot.from_json(row.payload)) for row in rows]
    return sorted(claimed, key=lambda item: item.id)


async def load_people(*, session: AsyncSession, items: Iterable[Queued]) -> dict[int, Person]:
    """Everyone the messages name: recipients, the other side of each consultation, and whoever
    acted on a recipient's behalf."""
    ids = {user for item in items
           for user in (item.snapshot.specialist, item.snapshot.client, item.snapshot.actor)
           if user is not None}
    rows = await session.execute(
        select(User.id, User.email, User.first_name, User.middle_name, User.last_name, User.language,
               User.time_zone).where(User.id.in_(ids)))
    return {row.id: Person(id=row.id, email=row.email,
                           name=full_name(row.first_name, row.middle_name, row.last_name),
                           language=row.language, time_zone=row.time_zone) for row in rows}


_TABLE = cast(Table, OutboxMessage.__table__)  # Core: these two run as executemany, outside the ORM
_T = _TABLE.c
# Once delivered, an account email's snapshot forgets its secret (a reset code): the row is kept
# OUTBOX_KEEP_DAYS, the code only in the email.
_FORGOTTEN = Snapshot(specialist=0, client=0, start=datetime(2000, 1, 1).astimezone(),
                      end=datetime(2000, 1, 1).astimezone(), context="", cost_cents=0).to_json()
_SENT = (update(_TABLE)
         .where(_T.id == bindparam("o_id"), _T.status == "pending")
         .values(status="sent", sent_at=bindparam("o_now"), claim_token=None, attempts=_T.attempts + 1,
                 recipients=bindparam("o_recipients"), subject=bindparam("o_subject"),
                 last_error=bindparam("o_error"),
                 payload=case((_T.kind.in_([literal(kind) for kind in sorted(ACCOUNT_KINDS)]),
                               literal(_FORGOTTEN)), else_=_T.payload)))
# A failure is recorded only while the row is still this sender's claim.
_FAILED = (update(_TABLE)
           .where(_T.id == bindparam("o_id"), _T.status == "pending",
                  _T.claim_token == bindparam("o_token"))
           .values(status=bindparam("o_status"), next_attempt_at=bindparam("o_next"), claim_token=None,
                   attempts=bindparam("o_attempts"), last_error=bindparam("o_error"),
                   # a message not even rendered this time keeps what an earlier attempt learnt
                   recipients=func.coalesce(bindparam("o_recipients", type_=Text), _T.recipients),
                   subject=func.coalesce(bindparam("o_subject", type_=Text), _T.subject)))


async def record(*, session: AsyncSession, token: str, outcomes: Sequence[Outcome], now: datetime,
                 policy: RetryPolicy) -> None:
    """Mark sent messages sent (a 250 is a fact, whoever holds the claim); reschedule or fail the rest."""
    sent = [_params(o, o_now=now) for o in outcomes if o.sent]
    if sent:
        await session.execute(_SENT, sent)
    failed = [o for o in outcomes if not o.sent]
    if not failed:
        return
    attempts = dict((await session.execute(
        select(OutboxMessage.id, OutboxMessage.attempts)
        .where(OutboxMessage.id.in_([o.outbox_id for o in failed])))).all())
    params = []
    for outcome in failed:
        attempt = attempts.get(outcome.outbox_id, 0) + 1
        final = outcome.permanent or attempt >= policy.max_attempts
        params.append(_params(outcome, o_token=token, o_attempts=attempt,
                              o_status="failed" if final else "pending",
                              o_next=now if final else now + policy.delay(attempt)))
    await session.execute(_FAILED, params)


def _params(outcome: Outcome, **extra: Any) -> dict[str, Any]:
    return {"o_id": outcome.outbox_id, "o_recipients": ", ".join(outcome.recipients) or None,
            "o_subject": outcome.subject,
            "o_error": outcome.error[:ERROR_MAX_LENGTH] if outcome.error else None, **extra}


async def release(*, session: AsyncSession, ids: Sequence[int], token: str, now: datetime) -> None:
    """Give back claimed rows that were not attempted (the sender is stopping)."""
    await session.execute(
        update(OutboxMessage).where(OutboxMessage.id.in_(ids), OutboxMessage.status == "pending",
                                    OutboxMessage.claim_token == token)
        .values(claim_token=None, next_attempt_at=now))


async def release_claims(*, session: AsyncSession, keep_token: str, now: datetime) -> int:
    """Make every row claimed by another sender due now (called by a new leader: they are gone)."""
    result = await session.execute(
        update(OutboxMessage).where(OutboxMessage.status == "pending",
                                    OutboxMessage.claim_token.is_not(None),
                                    OutboxMessage.claim_token != keep_token)
        .values(claim_token=None, next_attempt_at=now))
    return int(result.rowcount)  # type: ignore[attr-defined]


async def purge_sent(*, session: AsyncSession, before: datetime) -> int:
    result = await session.execute(delete(OutboxMessage).where(
        OutboxMessage.sent_at.is_not(None), OutboxMessage.sent_at < before))
    return int(result.rowcount)  # type: ignore[attr-defined]
