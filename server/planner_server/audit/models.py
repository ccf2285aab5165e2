"""The audit trail: one row per administrator act or security event, only ever inserted."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from planner_server.db import Base, UTCDateTime


class AuditEntry(Base):
    """Written in the transaction of the act it records, so an act that fails leaves none.

    Actor and target are plain ids (no foreign keys): the trail outlives what it names. Rows older
    than AUDIT_KEEP_DAYS are pruned; nothing else changes or deletes them.
    """

    __tablename__ = "audit"
    __table_args__ = (Index("ix_audit_at", "at"), Index("ix_audit_actor_at", "actor_id", "at"),
                      Index("ix_audit_target_at", "target_id", "at"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    target_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    action: Mapped[str] = mapped_column(String(40))
    details: Mapped[str] = mapped_column(Text, default="{}")  # a JSON object
    address: Mapped[str | None] = mapped_column(String(64), nullable=True)
