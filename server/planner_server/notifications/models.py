"""The outbox: one row per email, written in the transaction of the change it tells about."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from planner_server.db import Base, UTCDateTime

UNSENT = "status <> 'sent'"
SENT = "sent_at IS NOT NULL"
DEDUPED = "dedupe_key IS NOT NULL"


class OutboxMessage(Base):
    """An email to one user about one slot.

    The request stores only what happened (``kind`` and a JSON snapshot in ``payload``); the
    sender renders subject, bodies and invite when it delivers, and keeps ``recipients`` and
    ``subject`` for the administrator. ``claim_token`` and ``next_attempt_at`` form the lease of
    the sender that holds the row: a sender that dies leaves the row to be claimed again.
    """

    __tablename__ = "outbox"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'sent', 'failed')", name="outbox_status_known"),
        Index("ix_outbox_unsent", "status", "next_attempt_at",
              postgresql_where=text(UNSENT), sqlite_where=text(UNSENT)),
        # Partial, so that the insert of the request adds no entry to them.
        Index("ix_outbox_sent_at", "sent_at",
              postgresql_where=text(SENT), sqlite_where=text(SENT)),
        Index("uq_outbox_dedupe_key", "dedupe_key", unique=True,
              postgresql_where=text(DEDUPED), sqlite_where=text(DEDUPED)),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    slot_id: Mapped[int | None] = mapped_column(Integer)  # no foreign key: the snapshot outlives it
    recipient_id: Mapped[int] = mapped_column(Integer)
    payload: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime)
    claim_token: Mapped[str | None] = mapped_column(String(40))
    last_error: Mapped[str | None] = mapped_column(Text)
    recipients: Mapped[str | None] = mapped_column(Text)
    subject: Mapped[str | None] = mapped_column(Text)
    dedupe_key: Mapped[str | None] = mapped_column(String(80))  # reminders: at most one per key
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
