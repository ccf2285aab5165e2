"""The specialist's own calendar: connect, sync the busy times, list them, disconnect.

The network is never touched inside a database transaction: a sync reads what it keeps (one short
read), asks the CalDAV server (on a thread), then writes what changed in one short write
transaction that holds the specialist's busy-times lock (``LOCK_BUSY_TIMES``, exclusive; a
reservation takes it shared inside its one statement: calendars/conditions.py). Of a sync and a
reservation of an overlapping slot, whichever takes the lock first wins: the reservation is
refused (``calendar_busy``), or the sync finds the slot already held and reports it as a conflict.

A sync re-records the free slots its busy times touch (their ``updated_at``), so the change feed
tells every client that they left or re-entered the offer.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, delete, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from planner_server.calendars import remote
from planner_server.calendars.busy import Busy, busy_of
from planner_server.calendars.conditions import busy_overlap
from planner_server.calendars.crypto import SecretBox
from planner_server.calendars.models import (
    BusyTime,
    CalendarAccount,
    CalendarCollection,
    CalendarObject,
    CalendarWritten,
)
from planner_server.db import LOCK_BUSY_TIMES, Database, advisory_lock
from planner_server.slots.models import Slot
from planner_server.users.models import User
from planner_shared.calendars import CalendarConnect
from planner_shared.errors import Invalid, NotFound
from planner_shared.rules import utcnow

WINDOW_BEFORE = timedelta(days=1)  # busy times are kept from a day ago …
WINDOW_AFTER = timedelta(days=400)  # … to this far ahead; recurrences are expanded within it
EXPAND_AGAIN = timedelta(days=7)  # the window slides: everything is expanded again this often
SYNC_EVERY = timedelta(minutes=5)
RETRY_BASE_SECONDS = 30.0
RETRY_MAX_SECONDS = 1800.0
TOUCH_EACH_UP_TO = 50  # more intervals than this changed: every free future slot is re-recorded
CHUNK = 500
HELD = ("agreement", "reserved")


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(RETRY_MAX_SECONDS, RETRY_BASE_SECONDS * 2 ** max(0, attempts - 1)))


def _chunks(items: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), CHUNK):
        yield items[start:start + CHUNK]


# --- reading ------------------------------------------------------------------------------------

async def _account(session: AsyncSession, user_id: int) -> CalendarAccount | None:
    return await session.get(CalendarAccount, user_id)


async def read_calendar(*, session: AsyncSession, user_id: int) -> dict[str, Any]:
    account = await _account(session, user_id)
    if account is None:
        raise NotFound("No calendar is connected.", code="calendar_not_connected")
    collections = (await session.execute(
        select(CalendarCollection).where(CalendarCollection.user_id == user_id)
        .order_by(CalendarCollection.name, CalendarCollection.href))).scalars().all()
    busy_count = await session.scalar(select(func.count()).select_from(BusyTime)
                                      .where(BusyTime.specialist_id == user_id))
    return {"url": account.url, "username": account.username, "state": account.state,
            "last_error": account.last_error, "unreachable_since": account.unreachable_since,
            "last_sync_at": account.last_sync_at, "write_error": account.write_error,
            "busy_count": int(busy_count or 0),
            "calendars": [{"href": c.href, "name": c.name, "events": c.events, "busy": c.busy,
                           "target": c.href == account.target_href} for c in collections]}


async def list_busy(*, session: AsyncSession, specialist_id: int, start: datetime, end: datetime,
                    with_titles: bool) -> list[dict[str, Any]]:
    rows = await session.execute(
        select(BusyTime.start_time, BusyTime.end_time, BusyTime.title)
        .where(BusyTime.specialist_id == specialist_id, BusyTime.start_time < end,
               BusyTime.end_time > start)
        .order_by(BusyTime.start_time, BusyTime.end_time))
    return [{"start_time": row.start_time, "end_time": row.end_time,
             "title": row.title if with_titles else None} for row in rows]


# --- connecting ---------------------------------------------------------------------------------

def _as_invalid(error: Exception) -> Invalid:
    if isinstance(error, remote.CalendarRefused):
        return Invalid("The calendar server refused the user name or password.",
                       code="calendar_refused")
    return Invalid(f"The calendar server could not be reached: {error}", code="calendar_unreachable")


async def discover(*, url: str, username: str, password: str) -> list[remote.RemoteCalendar]:
    """The calendars of that account (422 ``calendar_refused`` / ``calendar_unreachable``)."""
    def work() -> list[remote.RemoteCalendar]:
        with remote.Connection(url, username, password) as connection:
            return connection.calendars()

    try:
        return await asyncio.to_thread(work)
    except (remote.CalendarRefused, remote.CalendarUnreachable) as error:
        raise _as_invalid(error) from None


async def connect(*, db: Database, box: SecretBox, user_id: int, data: CalendarConnect) -> None:
    """Connect (or change) the specialist's calendar: discovered, stored, busy calendars chosen;
    the first sync follows (``sync_account``)."""
    url, username = str(data.url), data.username
    password = data.password
    async with db.session(write=False) as session:
        existing = await _account(session, user_id)
    if password is None:
        if existing is None or existing.url != url or existing.username != username:
            raise Invalid("Give the app password of this calendar account.", code="calendar_password")
        password = box.open(existing.password_encrypted)
        if password is None:
            raise Invalid("The stored password can no longer be read; give it again.",
                          code="calendar_password")
    found = await discover(url=url, username=username, password=password)
    hrefs = {calendar.href for calendar in found}
    events = {calendar.href for calendar in found if calendar.events}
    busy = set(data.busy_calendars) if data.busy_calendars is not None else events
    if not busy <= hrefs:
        raise Invalid("Choose busy calendars among those of the account.", code="calendar_unknown")
    if data.target_calendar is not None and data.target_calendar not in events:
        raise Invalid("Consultations can only be written to a calendar of events of the account.",
                      code="calendar_unknown")
    now = utcnow()
    same_account = existing is not None and existing.url == url and existing.username == username
    async with db.session() as session:
        await advisory_lock(session, LOCK_BUSY_TIMES, user_id)
        values = {"url": url, "username": username, "password_encrypted": box.seal(password),
                  "target_href": data.target_calendar, "next_sync_at": now, "sync_attempts": 0,
                  "write_attempts": 0, "next_write_at": now, "write_error": ""}
        if existing is None:
            await session.execute(insert(CalendarAccount).values(
                user_id=user_id, state="pending", last_error="", created_at=now, **values))
        else:
            await session.execute(update(CalendarAccount).where(CalendarAccount.user_id == user_id)
                                  .values(**values))
        kept: dict[str, str | None] = {}
        if same_account:
            kept = {row.href: row.sync_token for row in (await session.execute(
                select(CalendarCollection.href, CalendarCollection.sync_token)
                .where(CalendarCollection.user_id == user_id, CalendarCollection.busy)))}
        else:
            await session.execute(delete(CalendarWritten).where(CalendarWritten.specialist_id == user_id))
        await session.execute(delete(CalendarCollection).where(CalendarCollection.user_id == user_id))
        if found:
            await session.execute(insert(CalendarCollection), [
                {"user_id": user_id, "href": c.href, "name": c.name[:255], "events": c.events,
                 "busy": c.href in busy, "sync_token": kept.get(c.href) if c.href in busy else None}
                for c in found])
        dropped = [href for href in kept if href not in busy] if same_account else None
        await _forget(session, user_id, collections=dropped, now=now)


async def _forget(session: AsyncSession, user_id: int, *, collections: list[str] | None,
                  now: datetime) -> None:
    """Drop the objects and busy times of those collections (None: of all)."""
    if collections == []:
        return
    objects = select(CalendarObject.href).where(CalendarObject.user_id == user_id)
    if collections is not None:
        objects = objects.where(CalendarObject.collection.in_(collections))
    hrefs = list((await session.execute(objects)).scalars())
    for chunk in _chunks(hrefs):
        await session.execute(delete(BusyTime).where(BusyTime.specialist_id == user_id,
                                                     BusyTime.source.in_(chunk)))
        await session.execute(delete(CalendarObject).where(CalendarObject.user_id == user_id,
                                                           CalendarObject.href.in_(chunk)))
    await _touch(session, user_id, None, now)


async def disconnect(*, db: Database, user_id: int) -> None:
    async with db.session() as session:
        await advisory_lock(session, LOCK_BUSY_TIMES, user_id)
        if await _account(session, user_id) is None:
            raise NotFound("No calendar is connected.", code="calendar_not_connected")
        await _forget(session, user_id, collections=None, now=utcnow())
        await session.execute(delete(BusyTime).where(BusyTime.specialist_id == user_id))
        for table in (CalendarWritten,):
            await session.execute(delete(table).where(table.specialist_id == user_id))
        for model in (CalendarCollection, CalendarAccount):
            await session.execute(delete(model).where(model.user_id == user_id))


# --- syncing ------------------------------------------------------------------------------------

@dataclass
class SyncOutcome:
    ok: bool
    error: str = ""
    changed: int = 0  # calendar objects new, changed or gone
    conflicts: list[int] = field(default_factory=list)  # held slots over busy time, seen under the lock


async def _touch(session: AsyncSession, user_id: int, intervals: list[tuple[datetime, datetime]] | None,
                 now: datetime) -> None:
    """Re-record the specialist's free future slots over these intervals (None: all of them), so
    the change feed carries their new ``listed``."""
    where = [Slot.specialist_id == user_id, Slot.status == "free", Slot.end_time > now]
    if intervals is not None:
        if not intervals:
            return
        if len(intervals) <= TOUCH_EACH_UP_TO:
            where.append(or_(*(and_(Slot.start_time < end, Slot.end_time > start)
                               for start, end in intervals)))
    await session.execute(update(Slot).where(*where).values(updated_at=now))


async def _zone(session: AsyncSession, user_id: int) -> ZoneInfo:
    name = await session.scalar(select(User.time_zone).where(User.id == user_id))
    try:
        return ZoneInfo(name or "UTC")
    except (KeyError, ValueError):
        return ZoneInfo("UTC")


def _busy_rows(user_id: int, href: str, data: str, zone: ZoneInfo, now: datetime) -> list[dict[str, Any]]:
    found: list[Busy] = busy_of(data, zone=zone, start=now - WINDOW_BEFORE, end=now + WINDOW_AFTER)
    return [{"specialist_id": user_id, "start_time": b.start, "end_time": b.end, "source": href,
             "title": b.title} for b in found]


async def store_changes(session: AsyncSession, *, user_id: int, changes: dict[str, remote.Changes],
                        now: datetime, expand_all: bool = False) -> list[int]:
    """Write what a sync found, under the specialist's busy-times lock (exclusive): objects, sync
    tokens, busy intervals; re-record the free slots they touch. Answers the held slots that now
    overlap busy time (read under the lock: the reservations that came first)."""
    await advisory_lock(session, LOCK_BUSY_TIMES, user_id)
    zone = await _zone(session, user_id)
    affected: list[tuple[datetime, datetime]] | None = []
    new_busy: list[dict[str, Any]] = []
    for collection, found in changes.items():
        gone = sorted(found.deleted | set(found.changed))
        for chunk in _chunks(gone):
            if affected is not None:
                affected += [(row.start_time, row.end_time) for row in await session.execute(
                    select(BusyTime.start_time, BusyTime.end_time).where(
                        BusyTime.specialist_id == user_id, BusyTime.source.in_(chunk)))]
            await session.execute(delete(BusyTime).where(BusyTime.specialist_id == user_id,
                                                         BusyTime.source.in_(chunk)))
            await session.execute(delete(CalendarObject).where(CalendarObject.user_id == user_id,
                                                               CalendarObject.href.in_(chunk)))
        if found.changed:
            await session.execute(insert(CalendarObject), [
                {"user_id": user_id, "href": href, "collection": collection, "etag": etag[:255],
                 "data": data} for href, (etag, data) in found.changed.items()])
        if not expand_all:
            for href, (_, data) in found.changed.items():
                new_busy += _busy_rows(user_id, href, data, zone, now)
        await session.execute(update(CalendarCollection).where(
            CalendarCollection.user_id == user_id, CalendarCollection.href == collection,
        ).values(sync_token=found.sync_token))
    if expand_all:
        affected = None
        await session.execute(delete(BusyTime).where(BusyTime.specialist_id == user_id))
        for row in await session.execute(select(CalendarObject.href, CalendarObject.data)
                                         .where(CalendarObject.user_id == user_id)):
            new_busy += _busy_rows(user_id, row.href, row.data, zone, now)
    if new_busy:
        await session.execute(insert(BusyTime), new_busy)
    if affected is not None:
        affected += [(row["start_time"], row["end_time"]) for row in new_busy]
    await _touch(session, user_id, affected, now)
    values: dict[str, Any] = {"state": "ok", "last_error": "", "unreachable_since": None,
                              "last_sync_at": now, "sync_attempts": 0, "next_sync_at": now + SYNC_EVERY}
    if expand_all:
        values["expanded_from"] = now
    await session.execute(update(CalendarAccount).where(CalendarAccount.user_id == user_id)
                          .values(**values))
    conflicts = await session.execute(
        select(Slot.id).where(Slot.specialist_id == user_id, Slot.status.in_(HELD), Slot.end_time > now,
                              busy_overlap(Slot.specialist_id, Slot.start_time, Slot.end_time))
        .order_by(Slot.id))
    return list(conflicts.scalars())


async def _record_failure(db: Database, user_id: int, error: Exception, now: datetime) -> str:
    refused = isinstance(error, remote.CalendarRefused)
    message = str(error) or type(error).__name__
    async with db.session() as session:
        account = await _account(session, user_id)
        if account is None:
            return message
        attempts = account.sync_attempts + 1
        await session.execute(update(CalendarAccount).where(CalendarAccount.user_id == user_id).values(
            state="refused" if refused else "unreachable", last_error=message[:1000],
            unreachable_since=account.unreachable_since or now, sync_attempts=attempts,
            next_sync_at=now + backoff(attempts)))
    return message


async def sync_account(*, db: Database, box: SecretBox, user_id: int,
                       now: datetime | None = None) -> SyncOutcome:
    """One sync of the specialist's busy calendars: incremental (sync tokens, else etags). When
    the calendar cannot be reached or refuses the password, the busy times kept stay, and the
    account says since when and why."""
    now = now or utcnow()
    async with db.session(write=False) as session:
        account = await _account(session, user_id)
        if account is None:
            raise NotFound("No calendar is connected.", code="calendar_not_connected")
        collections = {row.href: row.sync_token for row in await session.execute(
            select(CalendarCollection.href, CalendarCollection.sync_token)
            .where(CalendarCollection.user_id == user_id, CalendarCollection.busy))}
        known: dict[str, dict[str, str]] = {href: {} for href in collections}
        for row in await session.execute(select(CalendarObject.collection, CalendarObject.href,
                                                CalendarObject.etag)
                                         .where(CalendarObject.user_id == user_id)):
            known.setdefault(row.collection, {})[row.href] = row.etag
        url, username, sealed = account.url, account.username, account.password_encrypted
        expand_all = account.expanded_from is None or account.expanded_from < now - EXPAND_AGAIN
    password = box.open(sealed)
    if password is None:
        message = await _record_failure(db, user_id, remote.CalendarRefused(
            "The stored password can no longer be read (the server's SECRET_KEY changed); "
            "connect the calendar again."), now)
        return SyncOutcome(ok=False, error=message)

    def work() -> dict[str, remote.Changes]:
        with remote.Connection(url, username, password) as connection:
            return {href: connection.changes(href, sync_token=token, known=known.get(href, {}))
                    for href, token in collections.items()}

    try:
        changes = await asyncio.to_thread(work)
    except (remote.CalendarRefused, remote.CalendarUnreachable) as error:
        return SyncOutcome(ok=False, error=await _record_failure(db, user_id, error, now))
    async with db.session() as session:
        if await _account(session, user_id) is None:  # disconnected meanwhile
            return SyncOutcome(ok=False, error="disconnected")
        conflicts = await store_changes(session, user_id=user_id, changes=changes, now=now,
                                        expand_all=expand_all)
    changed = sum(len(c.changed) + len(c.deleted) for c in changes.values())
    return SyncOutcome(ok=True, changed=changed, conflicts=conflicts)


async def due_accounts(*, db: Database, now: datetime) -> list[int]:
    async with db.session(write=False) as session:
        return list((await session.execute(
            select(CalendarAccount.user_id).where(or_(CalendarAccount.next_sync_at.is_(None),
                                                      CalendarAccount.next_sync_at <= now))
            .order_by(CalendarAccount.next_sync_at))).scalars())
