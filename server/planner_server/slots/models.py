"""Slots and the comments left when a request or consultation is called off."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from planner_server.db import Base, UTCDateTime


class Slot(Base):
    __tablename__ = "slots"
    __table_args__ = (
        CheckConstraint("end_time > start_time", name="slot_ends_after_start"),
        CheckConstraint("cost_cents >= 0", name="slot_cost_not_negative"),
        CheckConstraint("status IN ('free', 'agreement', 'reserved')", name="slot_status_known"),
        Index("ix_slots_specialist_start", "specialist_id", "start_time"),
        Index("ix_slots_status_start", "status", "start_time"),
        Index("ix_slots_client", "client_id"),
        Index("ix_slots_held_for", "held_for_id"),
        # PostgreSQL adds an exclusion constraint (no overlapping slots per specialist) in the
        # migration; SQLite checks it inside the write transaction.
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    specialist_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    client_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    start_time: Mapped[datetime] = mapped_column(UTCDateTime)
    end_time: Mapped[datetime] = mapped_column(UTCDateTime)
    context: Mapped[str] = mapped_column(String(255), default="")
    cost_cents: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(16), default="free")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # A move proposed by the specialist (SPEC §2a): on the agreed consultation, the slot proposed
    # and its times; on that slot (free), the client it is held for until the proposal is answered.
    proposed_slot_id: Mapped[int | None] = mapped_column(ForeignKey("slots.id", ondelete="SET NULL"))
    proposed_start: Mapped[datetime | None] = mapped_column(UTCDateTime)
    proposed_end: Mapped[datetime | None] = mapped_column(UTCDateTime)
    held_for_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # The calendar invite of a consultation moved here keeps the UID of the slot it was first
    # agreed on, and a SEQUENCE above every one sent for it: version + invite_base.
    invite_slot_id: Mapped[int | None] = mapped_column(Integer)
    invite_base: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class Comment(Base):
    """Why a request or consultation was called off; keeps the times, so history survives."""

    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slot_id: Mapped[int | None] = mapped_column(ForeignKey("slots.id", ondelete="SET NULL"),
                                                index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    client_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"),
                                                  index=True)
    specialist_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str] = mapped_column(String(32))
    start_time: Mapped[datetime] = mapped_column(UTCDateTime)
    end_time: Mapped[datetime] = mapped_column(UTCDateTime)
    context: Mapped[str] = mapped_column(String(255), default="")
    cost_cents: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # outcome "moved": the slot and times it moved to
    moved_to_slot_id: Mapped[int | None] = mapped_column(Integer)
    moved_to_start: Mapped[datetime | None] = mapped_column(UTCDateTime)
    moved_to_end: Mapped[datetime | None] = mapped_column(UTCDateTime)
