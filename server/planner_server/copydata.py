"""``planner-server copy-data --from sqlite:///PATH --to postgresql://…``: one machine becomes a team.

Copies what a built-in server holds (users with their password hashes, slots, their history of
comments, the outbox with its pending email) into an empty team database, in one transaction:

- both databases must be at the schema of this version (Alembic's heads): the tables are read and
  written through the project's own metadata, so the columns and types are the code's;
- the target must be migrated and empty, or nothing is written;
- the rows keep their ids (PostgreSQL's id sequences are moved past them), the counts are checked
  before the commit; a difference rolls everything back;
- the source is opened read-only: it is left as it was.

The change log is not copied: the target's triggers record every copied user and slot, and a desktop
that connects to the team server takes a new snapshot there.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, Table, create_engine, func, inspect, pool, select, text
from sqlalchemy.engine import make_url

from planner_server import migrate
from planner_server.config import ConfigError
from planner_server.db import normalise_url, sqlite_path
from planner_server.models import Base

COPIED = ("users", "slots", "comments", "outbox")  # the change log is re-recorded by the target
MUST_BE_EMPTY = (*COPIED, "changes")
BATCH = 500


class CopyRefused(ConfigError):
    """The databases are not in a state to copy between; the message says what to do."""


@dataclass(frozen=True)
class Copied:
    counts: dict[str, int]


def tables() -> list[Table]:
    """The copied tables, parents before children (users before the slots that name them)."""
    return [table for table in Base.metadata.sorted_tables if table.name in COPIED]


def copy_data(source_url: str, target_url: str) -> Copied:
    if make_url(source_url).get_backend_name() != "sqlite":
        raise CopyRefused("--from must be the built-in server's SQLite file: sqlite:///PATH")
    path = sqlite_path(source_url)
    if path is None or not path.is_file():
        raise CopyRefused(f"there is no database file at {path or source_url}")
    with _engine(source_url, read_only=True) as source, _engine(target_url) as target:
        heads = _code_heads(target_url)
        _check_schema("the source", source, heads, source_url)
        _check_schema("the team database", target, heads, target_url)
        with source.connect() as reading, target.begin() as writing:
            _check_empty(writing)
            counts = {table.name: _copy_table(table, reading, writing) for table in tables()}
            for table in tables():
                arrived = writing.scalar(select(func.count()).select_from(table))
                if arrived != counts[table.name]:  # raising here rolls the whole copy back
                    raise CopyRefused(f"{table.name}: {counts[table.name]} rows read but {arrived} "
                                      "arrived; nothing was copied")
            if writing.dialect.name == "postgresql":
                _move_sequences(writing)
    return Copied(counts)


@contextmanager
def _engine(url: str, *, read_only: bool = False) -> Iterator[Engine]:
    address = normalise_url(url, asynchronous=False)
    if read_only:  # SQLite's own guarantee that the source is not written
        address = f"sqlite:///file:{sqlite_path(url)}?mode=ro&uri=true"
    engine = create_engine(address, poolclass=pool.NullPool)
    try:
        yield engine
    finally:
        engine.dispose()


def _code_heads(url: str) -> set[str]:
    from alembic.script import ScriptDirectory

    return set(ScriptDirectory.from_config(migrate.alembic_config(url)).get_heads())


def _check_schema(name: str, engine: Engine, heads: set[str], url: str) -> None:
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            raise CopyRefused(f"{name} has no schema: run DATABASE_URL={_shown(url)} planner-server migrate "
                              "first")
        found = set(connection.scalars(text("SELECT version_num FROM alembic_version")))
    if found != heads:
        raise CopyRefused(
            f"schema version mismatch: {name} is at {', '.join(sorted(found)) or 'no version'}, this "
            f"planner-server at {', '.join(sorted(heads))}. Bring both to this version first "
            f"(DATABASE_URL={_shown(url)} planner-server migrate, after a backup), then copy again.")


def _check_empty(connection: Connection) -> None:
    metadata = Base.metadata.tables
    filled = {name: connection.scalar(select(func.count()).select_from(metadata[name]))
              for name in MUST_BE_EMPTY}
    filled = {name: count for name, count in filled.items() if count}
    if filled:
        rows = ", ".join(f"{count} in {name}" for name, count in filled.items())
        raise CopyRefused(f"the team database is not empty ({rows}); copy-data only fills an empty "
                          "one, so nothing is overwritten or mixed. Use a new database.")


def _copy_table(table: Table, reading: Connection, writing: Connection) -> int:
    rows = reading.execute(select(table).order_by(*table.primary_key.columns)).mappings()
    copied = 0
    while batch := rows.fetchmany(BATCH):
        writing.execute(table.insert(), [dict(row) for row in batch])
        copied += len(batch)
    return copied


def _move_sequences(connection: Connection) -> None:
    """New rows on the team server get ids after the copied ones."""
    for table in tables():
        connection.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), max(id)) FROM {table.name} "
            "HAVING max(id) IS NOT NULL"))


def _shown(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)
