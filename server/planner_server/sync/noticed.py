"""A slot change's row of the log as its notification brings it (PostgreSQL, migration
0004_change_data: the row as ``row_to_json`` writes it): shaped as the rows the tail reads with
``feed.page_query``, so a process appends it to its tail without reading the log back. Its fields
are the change table's columns, whatever they are."""

from __future__ import annotations

from collections import namedtuple
from datetime import UTC, datetime
from typing import Any

import orjson

from planner_server.db import UTCDateTime
from planner_server.sync.models import Change
from planner_server.sync.visibility import SUBJECT_KEYS

_COLUMNS = tuple(Change.__table__.columns)
# the subject keys (a user row's user) are there for the reader's sake: never set for a slot
NoticedRow = namedtuple(  # type: ignore[misc]
    "NoticedRow", [column.key for column in _COLUMNS] + list(SUBJECT_KEYS))
_NO_SUBJECT = dict.fromkeys(SUBJECT_KEYS)
_INSTANTS = tuple(column.key for column in _COLUMNS if isinstance(column.type, UTCDateTime))


def noticed_row(cursor: int, text: str) -> Any:
    """The row from a notification's JSON object (cursor given apart: the row was numbered after
    it was written); ValueError if it is not one."""
    try:
        values: dict[str, Any] = orjson.loads(text)
        row = {column.key: values[column.key] for column in _COLUMNS}
        for key in _INSTANTS:
            if row[key] is not None:
                row[key] = datetime.fromisoformat(row[key]).astimezone(UTC)
    except (TypeError, KeyError) as error:  # not an object, a missing column, an instant not text
        raise ValueError(f"not a change row: {error!r}") from error
    row["cursor"] = cursor
    return NoticedRow(**row, **_NO_SUBJECT)
