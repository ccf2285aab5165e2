"""The tables of the calendars domain.

``calendar_accounts``: one CalDAV account per specialist (the app password encrypted).
``calendar_collections``: the calendars of it that count as busy, with their sync tokens.
``calendar_objects``: every object of those calendars as last fetched (href, etag, the iCalendar
text, kept so the busy intervals can be expanded again without the network).
``busy_times``: the intervals that keep slots from being offered and reserved.
``calendar_written``: the consultations written back, as the calendar holds them.
``feed_tokens``: each user's private feed token (hashed to look it up, encrypted to show it again).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from planner_server.db import Base, UTCDateTime


class CalendarAccount(Base):
    __tablename__ = "calendar_accounts"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    url: Mapped[str] = mapped_column(String(1000))
    username: Mapped[str] = mapped_column(String(255))
    password_encrypted: Mapped[str] = mapped_column(Text)
    target_href: Mapped[str | None] = mapped_column(String(1000), nullable=True)
    state: Mapped[str] = mapped_column(String(16), default="pending")  # pending | ok | unreachable | refused
    last_error: Mapped[str] = mapped_column(Text, default="")
    unreachable_since: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_sync_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    next_sync_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    sync_attempts: Mapped[int] = mapped_column(Integer, default=0)
    expanded_from: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    write_error: Mapped[str] = mapped_column(Text, default="")
    write_attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_write_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class CalendarCollection(Base):
    __tablename__ = "calendar_collections"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    href: Mapped[str] = mapped_column(String(1000), primary_key=True)
    name: Mapped[str] = mapped_column(String(255), default="")
    events: Mapped[bool] = mapped_column(Boolean, default=True)  # it takes events
    busy: Mapped[bool] = mapped_column(Boolean, default=False)  # its events count as busy
    sync_token: Mapped[str | None] = mapped_column(Text, nullable=True)


class CalendarObject(Base):
    __tablename__ = "calendar_objects"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    href: Mapped[str] = mapped_column(String(1000), primary_key=True)
    collection: Mapped[str] = mapped_column(String(1000))
    etag: Mapped[str] = mapped_column(String(255), default="")
    data: Mapped[str] = mapped_column(Text, default="")


class BusyTime(Base):
    __tablename__ = "busy_times"
    __table_args__ = (Index("ix_busy_times_specialist_start", "specialist_id", "start_time"),
                      Index("ix_busy_times_source", "specialist_id", "source"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    specialist_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    start_time: Mapped[datetime] = mapped_column(UTCDateTime)
    end_time: Mapped[datetime] = mapped_column(UTCDateTime)
    source: Mapped[str] = mapped_column(String(1000))  # the calendar object's href
    title: Mapped[str] = mapped_column(String(255), default="")


class CalendarWritten(Base):
    __tablename__ = "calendar_written"

    slot_id: Mapped[int] = mapped_column(Integer, primary_key=True)  # no FK: outlives a deleted slot
    specialist_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    href: Mapped[str] = mapped_column(String(1000))
    version: Mapped[int] = mapped_column(Integer)


class FeedToken(Base):
    __tablename__ = "feed_tokens"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    token_encrypted: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
