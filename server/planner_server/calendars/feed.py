"""Every user's private iCalendar subscription (RFC 5545): ``GET /api/v1/feeds/{token}.ics``.

A specialist's feed lists its requests (TENTATIVE) and agreed consultations (CONFIRMED); a client's
its own. Each event has the UID of the email invite (notifications/invites.py), the slot's version
as SEQUENCE, and its times in UTC; a consultation called off leaves the feed. The token is long and
random, replaceable, kept hashed (to find it) and encrypted (to show it to its owner again).
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from planner_server.calendars.crypto import SecretBox, token_hash
from planner_server.calendars.models import FeedToken
from planner_server.notifications import texts
from planner_server.notifications.invites import consultation_event, new_calendar, slot_uid
from planner_server.notifications.render import full_name
from planner_server.slots.fields import Client, Specialist
from planner_server.slots.models import Slot
from planner_server.users.models import User, may_act
from planner_shared.enums import Role
from planner_shared.errors import NotFound
from planner_shared.rules import utcnow

TOKEN_BYTES = 32  # 43 URL-safe characters
KEEP_PAST = timedelta(days=180)  # consultations that ended longer ago leave the feed
REFRESH = timedelta(minutes=15)


async def replace_token(*, session: AsyncSession, box: SecretBox, user_id: int) -> str:
    """A new token for the user's feed; the old one stops working at once."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    await session.execute(delete(FeedToken).where(FeedToken.user_id == user_id))
    await session.execute(insert(FeedToken).values(user_id=user_id, token_hash=token_hash(token),
                                                   token_encrypted=box.seal(token), created_at=utcnow()))
    return token


async def current_token(*, session: AsyncSession, box: SecretBox, user_id: int) -> str:
    sealed = await session.scalar(select(FeedToken.token_encrypted).where(FeedToken.user_id == user_id))
    token = box.open(sealed) if sealed else None
    if token is None:
        raise NotFound("The calendar subscription is off.", code="feed_off")
    return token


async def turn_off(*, session: AsyncSession, user_id: int) -> None:
    await session.execute(delete(FeedToken).where(FeedToken.user_id == user_id))


async def feed(*, session: AsyncSession, token: str, domain: str) -> bytes:
    """The feed of the token's owner (404 for an unknown token or a user who may not act)."""
    owner = (await session.execute(
        select(User.id, User.role, User.language, User.first_name, User.last_name)
        .join(FeedToken, FeedToken.user_id == User.id)
        .where(FeedToken.token_hash == token_hash(token), may_act(User)))).first()
    if owner is None:
        raise NotFound("No such calendar subscription.", code="feed_not_found")
    now = utcnow()
    specialist = owner.role == Role.SPECIALIST.value
    other = Client if specialist else Specialist
    query = (select(Slot.id, Slot.status, Slot.version, Slot.start_time, Slot.end_time, Slot.context,
                    Slot.updated_at, other.c.first_name, other.c.middle_name, other.c.last_name)
             .join(Client, Client.c.id == Slot.client_id)
             .join(Specialist, Specialist.c.id == Slot.specialist_id)
             .where(Slot.status.in_(("agreement", "reserved")), Slot.end_time > now - KEEP_PAST)
             .order_by(Slot.start_time, Slot.id))
    query = query.where(Slot.specialist_id == owner.id if specialist else Slot.client_id == owner.id)
    rows = list(await session.execute(query))
    words = texts.phrases(owner.language)
    return calendar_text(rows, domain=domain, stamp=now,
                         name=f"{owner.first_name} {owner.last_name}".strip(),
                         summary=words.invite_summary)


def calendar_text(rows: list[Any], *, domain: str, stamp: datetime, name: str, summary: str) -> bytes:
    calendar = new_calendar()
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"Consultations — {name}" if name else "Consultations")
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", REFRESH)
    for row in rows:
        other = full_name(row.first_name, row.middle_name, row.last_name)
        event = consultation_event(
            uid=slot_uid(row.id, domain), sequence=row.version, start=row.start_time,
            end=row.end_time, summary=summary.format(other=other), description=row.context,
            stamp=stamp, status="CONFIRMED" if row.status == "reserved" else "TENTATIVE")
        event.add("last-modified", row.updated_at)
        event.add("transp", "OPAQUE")
        calendar.add_component(event)
    return bytes(calendar.to_ical())
