"""What the calendars keep in a running server's context: the box that seals the calendar
passwords and feed tokens, the domain of the UIDs, and the background loop's wake-up."""

from __future__ import annotations

import asyncio

from planner_server.calendars.crypto import SECRETS_PURPOSE, SecretBox
from planner_server.context import ServerContext
from planner_server.notifications.render import Letterhead

WAKE = "calendar_wake"


def secret_box(context: ServerContext) -> SecretBox:
    box = context.extras.get("calendar_box")
    if box is None:
        box = context.extras["calendar_box"] = SecretBox(context.settings.resolve_secret_key(),
                                                         SECRETS_PURPOSE)
    return box


def uid_domain(context: ServerContext) -> str:
    """The domain of the email invites' UIDs (notifications/invites.py): the same events."""
    return Letterhead(context.settings.default_from_email).domain


def wake(context: ServerContext) -> None:
    """Run a round of the background loop soon (after a calendar was connected)."""
    event = context.extras.get(WAKE)
    if isinstance(event, asyncio.Event):
        event.set()
