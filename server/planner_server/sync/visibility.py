"""Who sees which change, and as what: the one definition the feed and the process's tail share.

Which slots a user sees is ``slots.audience``, the rule the slot list uses too; here it is applied
to change rows: a slot it sees is an ``upsert``, one it may hold from before but no longer sees a
``delete`` (a free slot someone else takes, never naming that client). Users: administrators see
all of them, everyone else only themselves.

``candidates`` is a coarse SQL filter (a superset, so the database skips what is plainly
someone else's); ``entry_for`` decides each row exactly.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import ColumnElement, and_, or_, true

from planner_server.principal import Principal
from planner_server.slots.audience import Audience, audience_of
from planner_server.sync.models import Change
from planner_server.users.service import READ_COLUMNS, user_dict
from planner_shared.enums import Role, SlotStatus
from planner_shared.rules import effective_status

SUBJECT_KEYS = tuple(f"u_{column.key}" for column in READ_COLUMNS)  # the user of a user row


def candidates(user: Principal) -> ColumnElement[bool]:
    """A coarse SQL filter of the change rows a page of ``user`` must look at (a superset)."""
    own_record = and_(Change.entity == "user", Change.entity_id == user.id)
    if user.role is Role.ADMIN:
        return true()
    audience = audience_of(user)
    slots = true() if audience.every_specialist else Change.specialist_id == user.id
    return or_(own_record, and_(Change.entity == "slot", slots))


def _slot_op(row: Any, audience: Audience, now: datetime) -> str | None:
    """upsert (it sees the slot as it now is), delete (it may hold a slot it no longer sees), or
    None (the change is nothing to this user)."""
    if not audience.concerned(row.specialist_id):
        return None
    if not row.deleted and audience.sees(row, now):
        return "upsert"
    return "delete" if audience.may_have_seen(row) else None


# A process's tail keeps the entries it built: by cursor, then by how the change is seen.
EntryMemo = dict[int, dict[str, dict[str, Any]]]


def entry_for(row: Any, user: Principal, now: datetime, memo: EntryMemo | None = None,
              audience: Audience | None = None) -> dict[str, Any] | None:
    """The feed entry of one change row (see feed.page_query) for ``user`` (whose ``audience`` a
    caller going through many rows gives once), or None.

    What an entry says, once it is decided that the user sees it and how, is the same for every
    user: ``memo`` (a process's tail) keeps entries by cursor and op, but for reserved slots, which
    turn completed with time. The entries are shared: never change one.
    """
    if row.entity == "user":
        seen = user.role is Role.ADMIN or row.entity_id == user.id
        op: str | None = "user" if seen else None
    else:
        op = _slot_op(row, audience or audience_of(user), now)
    if op is None:
        return None
    kept = memo.get(row.cursor) if memo is not None else None
    if kept is not None and (known := kept.get(op)) is not None:
        return known
    entry = _user_entry(row) if op == "user" else _slot_entry(row, op, now)
    if memo is not None and row.status != "reserved":
        memo.setdefault(row.cursor, {})[op] = entry
    return entry


def _user_entry(row: Any) -> dict[str, Any]:
    subject = tuple(getattr(row, key) for key in SUBJECT_KEYS)
    data = user_dict(subject) if subject[0] is not None else None
    return {"cursor": row.cursor, "entity": "user", "op": "upsert" if data else "delete",
            "id": row.entity_id, "data": data}


def _slot_entry(row: Any, op: str, now: datetime) -> dict[str, Any]:
    data = None
    if op == "upsert":
        data = orjson.loads(row.data)
        data["status"] = effective_status(SlotStatus(row.status), row.end_time, now=now).value
    return {"cursor": row.cursor, "entity": "slot", "op": op, "id": row.entity_id, "data": data}
