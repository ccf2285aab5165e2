"""Every table, imported in one place for Alembic and for metadata.create_all in tools."""

from planner_server.audit.models import AuditEntry
from planner_server.auth.models import PasswordReset, RevokedToken
from planner_server.calendars.models import (
    BusyTime,
    CalendarAccount,
    CalendarCollection,
    CalendarObject,
    CalendarWritten,
    FeedToken,
)
from planner_server.db import Base
from planner_server.notifications.models import OutboxMessage
from planner_server.slots.models import Comment, Slot
from planner_server.sync.models import Change, ChangeLogState
from planner_server.users.models import User

__all__ = [
    "AuditEntry",
    "Base",
    "BusyTime",
    "CalendarAccount",
    "CalendarCollection",
    "CalendarObject",
    "CalendarWritten",
    "Change",
    "ChangeLogState",
    "Comment",
    "FeedToken",
    "OutboxMessage",
    "PasswordReset",
    "RevokedToken",
    "Slot",
    "User",
]
