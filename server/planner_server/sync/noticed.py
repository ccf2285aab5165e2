"""A slot change's row of the log as its notification brings it (PostgreSQL, migration
0003_notify_rows): shaped as the rows the tail reads with ``feed.page_query``, so a process
appends it to its tail without reading the log back."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, NamedTuple

import orjson


class NoticedRow(NamedTuple):
    cursor: int
    entity: str
    entity_id: int
    deleted: bool
    follow_up: bool
    specialist_id: int | None
    client_id: int | None
    previous_client_id: int | None
    status: str | None
    listed: bool | None
    start_time: datetime | None
    end_time: datetime | None
    context: str | None
    cost_cents: int | None
    updated_at: datetime | None
    version: int | None
    created_at: datetime
    spec_first: str | None
    spec_last: str | None
    client_first: str | None
    client_last: str | None


_INSTANTS = tuple(NoticedRow._fields.index(name) for name in
                  ("start_time", "end_time", "updated_at", "created_at"))


def noticed_row(cursor: int, text: str) -> NoticedRow:
    """The row from a notification's JSON array (the fields after ``cursor``, in order);
    ValueError if it is not one."""
    try:
        values: list[Any] = [cursor, *orjson.loads(text)]
        if len(values) != len(NoticedRow._fields):
            raise ValueError(f"{len(values) - 1} values for a change row")
        for index in _INSTANTS:
            if values[index] is not None:
                values[index] = datetime.fromisoformat(values[index]).astimezone(UTC)
        return NoticedRow(*values)
    except TypeError as error:  # not an array, or an instant that is not text
        raise ValueError(f"not a change row: {error}") from error
