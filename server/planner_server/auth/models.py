"""The failed sign-ins of the last window (throttle.py), shared by every server process."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, Text
from sqlalchemy.orm import Mapped, mapped_column

from planner_server.db import Base, UTCDateTime


class LoginFailure(Base):
    __tablename__ = "login_failures"
    __table_args__ = (Index("ix_login_failures_key_at", "key", "at"), Index("ix_login_failures_at", "at"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(Text)  # "e:" and the email, or "a:" and the client's address
    at: Mapped[datetime] = mapped_column(UTCDateTime)
