"""The busy-time rule as SQL, for the slot domain: a slot overlapping a busy interval of its
specialist is not offered (slots/audience.py, sync/recorder.py's ``listed``) and not reserved
(slots/service.py). Written once here; the tables it reads are calendars/models.py's."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, ColumnElement, exists, func
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler

from planner_server.calendars.models import BusyTime


def busy_overlap(specialist: Any, start: Any, end: Any) -> ColumnElement[bool]:
    """SQL: the specialist has a busy interval overlapping [start, end)."""
    return exists().where(BusyTime.specialist_id == specialist, BusyTime.start_time < end,
                          BusyTime.end_time > start)


class BusyChecked(ColumnElement[bool]):
    """``busy_overlap`` as a reservation decides it. PostgreSQL: ``calendar_busy()`` (migration
    0010_calendars) first takes the specialist's busy-times lock (shared; a sync holds it
    exclusively while it writes), then reads with a snapshot taken after it: a reservation that
    waited for a sync sees what the sync wrote, though its statement began before. SQLite: the
    plain overlap (the write transaction already holds the database's lock)."""

    inherit_cache = True
    type = Boolean()

    def __init__(self, specialist: Any, start: Any, end: Any) -> None:
        self.specialist, self.start, self.end = specialist, start, end


@compiles(BusyChecked)
def _busy_plain(element: BusyChecked, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(busy_overlap(element.specialist, element.start, element.end), **kw)


@compiles(BusyChecked, "postgresql")
def _busy_locked(element: BusyChecked, compiler: SQLCompiler, **kw: Any) -> str:
    call = func.calendar_busy(element.specialist, element.start, element.end)
    return compiler.process(call, **kw)
