"""Agreed consultations written back to the specialist's chosen calendar.

The queue is durable by construction: what the calendar should hold is read from the slots (the
specialist's agreed consultations), what it holds from ``calendar_written`` (slot, href, the version
written). Each round writes the difference: a new or moved consultation is PUT (the invite's UID,
the slot's version as SEQUENCE), one no longer agreed (declined, cancelled) is deleted. A calendar
that is down loses nothing: the difference stays until a later round, after a backoff, delivers it.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, or_, select, update

from planner_server.calendars import remote
from planner_server.calendars.busy import OWN_EVENT_PROPERTY
from planner_server.calendars.crypto import SecretBox
from planner_server.calendars.models import CalendarAccount, CalendarWritten
from planner_server.calendars.service import backoff
from planner_server.db import Database
from planner_server.notifications import texts
from planner_server.notifications.invites import consultation_event, new_calendar, slot_uid
from planner_server.notifications.render import full_name
from planner_server.slots.fields import Client
from planner_server.slots.models import Slot
from planner_server.users.models import User
from planner_shared.rules import utcnow


@dataclass
class WriteOutcome:
    written: int = 0
    deleted: int = 0
    error: str = ""


def event_text(*, uid: str, slot_id: int, sequence: int, start: datetime, end: datetime, summary: str,
               description: str, stamp: datetime) -> str:
    calendar = new_calendar()
    event = consultation_event(uid=uid, sequence=sequence, start=start, end=end, summary=summary,
                               description=description, stamp=stamp, status="CONFIRMED")
    event.add("transp", "OPAQUE")
    event.add(OWN_EVENT_PROPERTY, str(slot_id))
    calendar.add_component(event)
    return bytes(calendar.to_ical()).decode()


async def write_back(*, db: Database, box: SecretBox, user_id: int, domain: str,
                     now: datetime | None = None, force: bool = False) -> WriteOutcome:
    """One round for one specialist: PUT and DELETE what differs (unless backing off, or ``force``)."""
    now = now or utcnow()
    async with db.session(write=False) as session:
        account = await session.get(CalendarAccount, user_id)
        if account is None or account.target_href is None:
            return WriteOutcome()
        if not force and account.next_write_at is not None and account.next_write_at > now:
            return WriteOutcome()
        language = await session.scalar(select(User.language).where(User.id == user_id)) or "en"
        written = {row.slot_id: row for row in await session.execute(
            select(CalendarWritten.slot_id, CalendarWritten.href, CalendarWritten.version)
            .where(CalendarWritten.specialist_id == user_id))}
        wanted = list(await session.execute(
            select(Slot.id, Slot.version, Slot.start_time, Slot.end_time, Slot.context,
                   Client.c.first_name, Client.c.middle_name, Client.c.last_name)
            .join(Client, Client.c.id == Slot.client_id)
            .where(Slot.specialist_id == user_id, Slot.status == "reserved",
                   or_(Slot.end_time > now, Slot.id.in_(list(written) or [0])))))
        target, url, username, sealed = (account.target_href, account.url, account.username,
                                         account.password_encrypted)
    wanted_ids = {row.id for row in wanted}
    puts = [row for row in wanted if row.id not in written or written[row.id].version != row.version]
    deletions = [row for slot_id, row in written.items() if slot_id not in wanted_ids]
    if not puts and not deletions:
        return WriteOutcome()
    password = box.open(sealed)
    words = texts.phrases(language)
    summaries = {row.id: words.invite_summary.format(
        other=full_name(row.first_name, row.middle_name, row.last_name)) for row in puts}
    done_puts: list[tuple[Any, str]] = []
    done_deletions: list[int] = []

    def work() -> None:
        if password is None:
            raise remote.CalendarRefused("The stored password can no longer be read; connect again.")
        with remote.Connection(url, username, password) as connection:
            for row in deletions:
                connection.delete(row.href)
                done_deletions.append(row.slot_id)
            for row in puts:
                uid = slot_uid(row.id, domain)
                data = event_text(uid=uid, slot_id=row.id, sequence=row.version, start=row.start_time,
                                  end=row.end_time, summary=summaries[row.id], description=row.context,
                                  stamp=now)
                done_puts.append((row, connection.put(target, f"{uid}.ics", data)))

    error = ""
    try:
        await asyncio.to_thread(work)
    except (remote.CalendarRefused, remote.CalendarUnreachable) as failure:
        error = str(failure) or type(failure).__name__
    async with db.session() as session:
        for slot_id in done_deletions:
            await session.execute(delete(CalendarWritten).where(CalendarWritten.slot_id == slot_id))
        for row, href in done_puts:
            await session.execute(delete(CalendarWritten).where(CalendarWritten.slot_id == row.id))
            await session.execute(insert(CalendarWritten).values(
                slot_id=row.id, specialist_id=user_id, href=href, version=row.version))
        account = await session.get(CalendarAccount, user_id)
        if account is not None:
            attempts = account.write_attempts + 1 if error else 0
            await session.execute(update(CalendarAccount).where(CalendarAccount.user_id == user_id).values(
                write_error=error[:1000], write_attempts=attempts,
                next_write_at=now + backoff(attempts) if error else None))
    return WriteOutcome(written=len(done_puts), deleted=len(done_deletions), error=error)


async def accounts_writing(*, db: Database) -> list[int]:
    async with db.session(write=False) as session:
        return list((await session.execute(select(CalendarAccount.user_id).where(
            CalendarAccount.target_href.is_not(None)))).scalars())
