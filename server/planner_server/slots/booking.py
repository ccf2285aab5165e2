"""A specialist's booking rules (issue #17) as SQL: the one place that says when a rule blocks a slot.

``blocking_rule`` names the rule that blocks a free slot now (or NULL). The same expression decides
three things: the reservation (run by a trigger on the transition free → agreement, after the
specialist's schedule lock on PostgreSQL: ``sync.recorder``), what a client is offered
(``slots.audience``) and the ``blocked_by`` field the specialist sees (``slots.fields``).

Buffers: each held consultation (request or agreed) keeps ``buffer_before`` before it and
``buffer_after`` after it free of other consultations, so the gap between two held consultations
must be at least the larger of the two (a gap exactly equal is allowed); which of two neighbours was
taken first does not change the outcome. ``max_per_day`` counts the held consultations starting on
the slot's local day in the specialist's time zone.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, case, exists, func, literal, null, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import Date, String

from planner_server.db import UTCDateTime
from planner_server.slots.models import Slot

# held: a request (agreement) or an agreed consultation (reserved): every status but free
BOOKING_CODES = ("too_soon", "too_far", "too_many_pending", "buffer", "day_full")
SLOTS = Slot.__table__
# A slot lasts at most 12 hours (rules.SLOT_MAX_DURATION), a local day at most 25: the bounds that
# let the neighbours' queries walk the (specialist, start) index instead of all the specialist's slots.
_LONGEST_SLOT_MINUTES = 12 * 60
_DAY_REACH_MINUTES = 26 * 60


class PlusMinutes(FunctionElement[datetime]):
    """An instant plus a whole number of minutes (negative: minus), as the database stores instants."""

    type = UTCDateTime()
    name = "plus_minutes"
    inherit_cache = True


@compiles(PlusMinutes, "postgresql")
def _plus_minutes_postgres(element: PlusMinutes, compiler: SQLCompiler, **kw: Any) -> str:
    instant, minutes = list(element.clauses)
    return (f"(CAST({compiler.process(instant, **kw)} AS timestamptz)"
            f" + make_interval(mins => {compiler.process(minutes, **kw)}))")


@compiles(PlusMinutes)
def _plus_minutes_sqlite(element: PlusMinutes, compiler: SQLCompiler, **kw: Any) -> str:
    instant, minutes = list(element.clauses)
    # db.UTCDateTime's text (microseconds; SQLite's arithmetic keeps milliseconds)
    return (f"(strftime('%Y-%m-%d %H:%M:%f', {compiler.process(instant, **kw)}, "
            f"printf('%+d minutes', {compiler.process(minutes, **kw)})) || '000')")


class LocalDay(FunctionElement[date]):
    """The calendar day of an instant in a time zone (an IANA name)."""

    type = Date()
    name = "local_day"
    inherit_cache = True


@compiles(LocalDay, "postgresql")
def _local_day_postgres(element: LocalDay, compiler: SQLCompiler, **kw: Any) -> str:
    instant, zone = list(element.clauses)
    return f"CAST(({compiler.process(instant, **kw)} AT TIME ZONE {compiler.process(zone, **kw)}) AS date)"


@compiles(LocalDay)
def _local_day_sqlite(element: LocalDay, compiler: SQLCompiler, **kw: Any) -> str:
    instant, zone = list(element.clauses)
    # db.sqlite_local_day, registered on every SQLite connection (SQLite has no time-zone database)
    return f"planner_local_day({compiler.process(instant, **kw)}, {compiler.process(zone, **kw)})"


def _gap(specialist: Any) -> ColumnElement[int]:
    before, after = specialist.c.buffer_before_minutes, specialist.c.buffer_after_minutes
    return case((before > after, before), else_=after)


def rules_set(specialist: Any) -> ColumnElement[bool]:
    """SQL: the specialist has any booking rule on."""
    c = specialist.c
    return or_(c.buffer_before_minutes > 0, c.buffer_after_minutes > 0, c.min_notice_minutes > 0,
               c.horizon_days > 0, c.max_per_day > 0, c.max_pending_per_client > 0)


def _held_near(slot: Any, specialist: Any) -> ColumnElement[bool]:
    """Another held consultation of the specialist closer to the slot than the buffer."""
    held = SLOTS.alias("held")
    gap = _gap(specialist)
    return exists().where(
        held.c.specialist_id == slot.c.specialist_id, held.c.status != "free", held.c.id != slot.c.id,
        held.c.start_time < PlusMinutes(slot.c.end_time, gap),
        held.c.start_time > PlusMinutes(slot.c.start_time, -gap - _LONGEST_SLOT_MINUTES),
        held.c.end_time > PlusMinutes(slot.c.start_time, -gap))


def _held_that_day(slot: Any, specialist: Any) -> ColumnElement[int]:
    held = SLOTS.alias("held_that_day")
    zone = specialist.c.time_zone
    return select(func.count()).where(
        held.c.specialist_id == slot.c.specialist_id, held.c.status != "free", held.c.id != slot.c.id,
        held.c.start_time > PlusMinutes(slot.c.start_time, -_DAY_REACH_MINUTES),
        held.c.start_time < PlusMinutes(slot.c.start_time, _DAY_REACH_MINUTES),
        LocalDay(held.c.start_time, zone) == LocalDay(slot.c.start_time, zone)).scalar_subquery()


def _pending_of(slot: Any, client: Any, now: Any) -> ColumnElement[int]:
    pending = SLOTS.alias("pending")
    return select(func.count()).where(
        pending.c.client_id == client, pending.c.specialist_id == slot.c.specialist_id,
        pending.c.status == "agreement", pending.c.id != slot.c.id,
        pending.c.start_time > now).scalar_subquery()


def _when_time(slot: Any, specialist: Any, now: Any) -> list[tuple[ColumnElement[bool], str]]:
    c = specialist.c
    return [
        (and_(c.min_notice_minutes > 0, slot.c.start_time < PlusMinutes(now, c.min_notice_minutes)),
         "too_soon"),
        (and_(c.horizon_days > 0, slot.c.start_time > PlusMinutes(now, c.horizon_days * 1440)), "too_far"),
    ]


def _when_held(slot: Any, specialist: Any) -> list[tuple[ColumnElement[bool], str]]:
    c = specialist.c
    return [
        (and_(_gap(specialist) > 0, _held_near(slot, specialist)), "buffer"),
        (and_(c.max_per_day > 0, _held_that_day(slot, specialist) >= c.max_per_day), "day_full"),
    ]


def _refusal(whens: list[tuple[ColumnElement[bool], str]]) -> ColumnElement[str | None]:
    return case(*((when, literal(code, String)) for when, code in whens), else_=null())


def blocking_rule(slot: Any, specialist: Any, now: Any, client: Any = None) -> ColumnElement[str | None]:
    """SQL: the code of the first rule that blocks reserving ``slot`` at ``now`` (by ``client``, if
    given: its pending requests), or NULL. ``slot``: slots' columns (a table, alias or NEW);
    ``specialist``: its specialist's user row."""
    whens = _when_time(slot, specialist, now)
    if client is not None:
        whens.append((and_(specialist.c.max_pending_per_client > 0,
                           _pending_of(slot, client, now) >= specialist.c.max_pending_per_client),
                      "too_many_pending"))
    return _refusal(whens + _when_held(slot, specialist))


def held_block(slot: Any, specialist: Any) -> ColumnElement[str | None]:
    """SQL: the rule that the specialist's held consultations make block the slot (buffer,
    day_full), or NULL: what changes when another slot is taken or freed, not with time."""
    return _refusal(_when_held(slot, specialist))


def in_reach(slot: Any, changed: Any, specialist: Any) -> ColumnElement[bool]:
    """SQL: taking or freeing ``changed`` may block or unblock ``slot`` (within its buffer, or on
    its local day when the day is limited). Bounded on the slot's start first, so that it walks a
    short stretch of the (specialist, start) index."""
    gap = _gap(specialist)
    zone = specialist.c.time_zone
    reach = case((specialist.c.max_per_day > 0, _DAY_REACH_MINUTES), else_=gap)
    return and_(
        slot.c.start_time < PlusMinutes(changed.c.end_time, reach),
        slot.c.start_time > PlusMinutes(changed.c.start_time, -reach - _LONGEST_SLOT_MINUTES),
        or_(and_(gap > 0, slot.c.start_time < PlusMinutes(changed.c.end_time, gap),
                 slot.c.end_time > PlusMinutes(changed.c.start_time, -gap)),
            and_(specialist.c.max_per_day > 0,
                 LocalDay(slot.c.start_time, zone) == LocalDay(changed.c.start_time, zone))))
