"""The change log, read side: pages of the changes a user may see, the tail a process keeps, and
the snapshot a desktop starts from. Who sees what is decided in ``visibility``."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import (
    BigInteger,
    BindParameter,
    ColumnElement,
    Integer,
    Select,
    and_,
    bindparam,
    func,
    select,
    true,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from planner_server.db import Database, HotStatement
from planner_server.principal import Principal
from planner_server.slots.audience import audience_of
from planner_server.slots.listing import list_slots
from planner_server.slots.queries import SlotFilter
from planner_server.sync.models import Change, ChangeLogState
from planner_server.sync.visibility import EntryMemo, candidates, entry_for
from planner_server.users import service as users
from planner_server.users.models import User
from planner_server.users.service import READ_COLUMNS
from planner_shared.enums import Role
from planner_shared.errors import Gone
from planner_shared.rules import utcnow

SCAN_WINDOW = 10_000  # at most this many cursors are looked at per page, seen or not
DEFAULT_LIMIT = 500
MAX_CURSOR = 2**63 - 1  # cursors are 64-bit integers
MAX_LIMIT = 1000

_Subject = aliased(User, name="change_user")


def _horizon() -> Any:
    return select(ChangeLogState.pruned_through).where(ChangeLogState.id == 1).scalar_subquery()


def page_query(where: ColumnElement[bool], since: int | BindParameter[int],
               limit: int | BindParameter[int]) -> Select[Any]:
    """One statement, so one snapshot: the head, the pruning horizon, and the next ``limit`` rows
    after ``since`` that match ``where``, with the user a user row refers to."""
    horizon = _horizon()
    bounds = select(func.coalesce(func.max(Change.cursor), horizon, 0).label("head"),
                    func.coalesce(horizon, 0).label("horizon")).subquery("bounds")
    end = since + SCAN_WINDOW if isinstance(since, BindParameter) else min(since + SCAN_WINDOW, MAX_CURSOR)
    rows = (select(Change)
            .where(Change.cursor > since, Change.cursor <= end, where)
            .order_by(Change.cursor).limit(limit).subquery("page"))
    return (select(bounds.c.head, bounds.c.horizon, rows,
                   *(getattr(_Subject, column.key).label(f"u_{column.key}") for column in READ_COLUMNS))
            .select_from(bounds)
            .outerjoin(rows, true())
            .outerjoin(_Subject, and_(rows.c.entity == "user", _Subject.id == rows.c.entity_id))
            .order_by(rows.c.cursor))


def assemble(rows: Sequence[Any], *, user: Principal, since: int, upper: int, head: int,
             limit: int, truncated: bool, now: datetime | None = None,
             memo: EntryMemo | None = None) -> dict[str, Any]:
    """A page from change rows in cursor order after ``since``: what ``user`` sees of them, at most
    ``limit`` entries. Its cursor is the last row looked at — past the rows the user does not see
    too — or ``upper`` when every row up to it was looked at (``truncated``: rows were cut off)."""
    now = now or utcnow()
    audience = audience_of(user)
    changes: list[dict[str, Any]] = []
    cursor = since
    for row in rows:
        entry = entry_for(row, user, now, memo, audience)
        if entry is not None:
            if len(changes) == limit:  # it would be one too many: it opens the next page
                return {"cursor": cursor, "changes": changes, "more": True, "snapshot": False}
            changes.append(entry)
        cursor = row.cursor
    if truncated:
        return {"cursor": cursor, "changes": changes, "more": True, "snapshot": False}
    return {"cursor": upper, "changes": changes, "more": upper < head, "snapshot": False}


def _too_old(horizon: int) -> Gone:
    return Gone(f"This sync cursor is older than the change history the server keeps (it starts "
                f"after {horizon}). Take a fresh snapshot: call /api/v1/sync/ without `since`.",
                code="cursor_expired")


def _unknown(head: int) -> Gone:
    return Gone(f"This sync cursor is ahead of the server's change log (which ends at {head}); the "
                "server's data was replaced. Take a fresh snapshot: call /api/v1/sync/ without "
                "`since`.", code="cursor_unknown")


async def read_page(*, session: AsyncSession, user: Principal, since: int,
                    limit: int = DEFAULT_LIMIT) -> dict[str, Any]:
    """The changes after ``since`` that ``user`` may see (at most ``limit``), the cursor to ask
    from next, and whether more are waiting; 410 for a cursor the log no longer or never held."""
    result = (await session.execute(page_query(candidates(user), since, limit + 1))).all()
    head, horizon = int(result[0].head), int(result[0].horizon)
    if since < horizon:
        raise _too_old(horizon)
    if since > head:
        raise _unknown(head)
    rows = [row for row in result if row.cursor is not None]
    return assemble(rows, user=user, since=since, upper=min(head, since + SCAN_WINDOW), head=head,
                    limit=limit, truncated=len(rows) > limit)


# Built once: every process reads it at each wake-up under a stream of changes.
_TAIL_PAGE = page_query(true(), bindparam("since", type_=BigInteger), bindparam("limit", type_=Integer))
_TAIL_PAGE_HOT = HotStatement(_TAIL_PAGE)


async def read_tail(*, db: Database, after: int | None,
                    limit: int) -> tuple[int, int, int, list[Any]]:
    """For a process's tail of the log: (head, horizon, covered, rows): every row after ``after``
    up to ``covered`` (at most ``limit`` of them). With ``after`` None, no rows: covered = head.

    On PostgreSQL one statement in autocommit (one round trip: it is read at every wake-up)."""
    parameters = {"since": 0, "limit": 0} if after is None else {"since": after, "limit": limit}
    if db.is_postgres:
        result = await db.rows_alone(_TAIL_PAGE_HOT, parameters, writes=False, named=True)
    else:
        async with db.session(write=False) as session:
            result = list((await session.execute(_TAIL_PAGE, parameters)).all())
    head, horizon = int(result[0].head), int(result[0].horizon)
    if after is None:
        return head, horizon, head, []
    rows = [row for row in result if row.cursor is not None]
    covered = int(rows[-1].cursor) if len(rows) == limit else min(head, after + SCAN_WINDOW)
    return head, horizon, covered, rows


async def head_cursor(*, session: AsyncSession) -> int:
    return int(await session.scalar(select(func.coalesce(func.max(Change.cursor), _horizon(), 0))) or 0)


async def snapshot(*, db: Database, user: Principal) -> dict[str, Any]:
    """Everything ``user`` may see now and the cursor it is current to, read in one snapshot."""
    async with db.session(write=False) as session:
        if db.is_postgres:  # READ COMMITTED would give each statement a newer view
            await session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        cursor = await head_cursor(session=session)
        slots, _ = await list_slots(session=session, user=user, where=SlotFilter())
        if user.role is Role.ADMIN:
            people = await users.list_users(session=session)
        else:
            people = [await users.get_user(session=session, user_id=user.id)]
    return {"cursor": cursor, "changes": [], "more": False, "snapshot": True,
            "slots": orjson.Fragment(slots), "users": people}
