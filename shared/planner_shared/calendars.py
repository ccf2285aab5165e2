"""Schemas of the specialist's own calendar and the private feeds (SPEC §10)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field

CalendarState = Literal["pending", "ok", "unreachable", "refused"]


class CalendarCredentials(BaseModel):
    """Where the calendar is and who signs in: an app password, never shown again."""

    model_config = ConfigDict(extra="forbid")

    url: AnyHttpUrl
    username: str = Field(min_length=1, max_length=255)
    password: str = Field(min_length=1, max_length=1000)


class CalendarConnect(BaseModel):
    """PUT /users/me/calendar/. ``password`` may be left out to keep the one stored (same URL and
    user); ``busy_calendars`` (hrefs) defaults to every calendar that takes events;
    ``target_calendar`` (an href, or none) receives the agreed consultations."""

    model_config = ConfigDict(extra="forbid")

    url: AnyHttpUrl
    username: str = Field(min_length=1, max_length=255)
    password: str | None = Field(default=None, min_length=1, max_length=1000)
    busy_calendars: list[str] | None = Field(default=None, max_length=100)
    target_calendar: str | None = Field(default=None, max_length=1000)


class RemoteCalendarRead(BaseModel):
    href: str
    name: str
    events: bool = True  # it takes events
    busy: bool = False  # its events count as busy
    target: bool = False  # agreed consultations are written to it


class CalendarRead(BaseModel):
    url: str
    username: str
    calendars: list[RemoteCalendarRead]
    state: CalendarState
    last_error: str = ""
    unreachable_since: datetime | None = None
    last_sync_at: datetime | None = None
    write_error: str = ""
    busy_count: int = 0


class BusyRead(BaseModel):
    start_time: datetime
    end_time: datetime
    title: str | None = None  # only to the calendar's owner


class FeedRead(BaseModel):
    url: str
    token: str
