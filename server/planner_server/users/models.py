"""The user table."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, ColumnElement, Integer, String, and_, func
from sqlalchemy.orm import Mapped, mapped_column

from planner_server.db import Base, UTCDateTime


def may_act(users: Any) -> ColumnElement[bool]:
    """SQL: the user is active and not blocked (``users``: User, an alias of it, or its columns)."""
    return and_(users.is_active.is_(True), users.is_blocked.is_(False))


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # stored lower-cased
    password_hash: Mapped[str] = mapped_column(String(255))
    first_name: Mapped[str] = mapped_column(String(150))
    last_name: Mapped[str] = mapped_column(String(150))
    middle_name: Mapped[str] = mapped_column(String(150), default="")
    phone: Mapped[str | None] = mapped_column(String(32), unique=True, nullable=True)
    role: Mapped[str] = mapped_column(String(16), index=True)
    is_staff: Mapped[bool] = mapped_column(Boolean, default=False)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    is_blocked: Mapped[bool] = mapped_column(Boolean, default=False)
    time_zone: Mapped[str] = mapped_column(String(64), default="UTC")
    language: Mapped[str] = mapped_column(String(8), default="en")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, server_default=func.now())
    # booking rules of a specialist (0 = off): planner_shared.schemas.BookingRules, slots.booking
    buffer_before_minutes: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    buffer_after_minutes: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    min_notice_minutes: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    horizon_days: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    max_per_day: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    max_pending_per_client: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
