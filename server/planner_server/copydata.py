"""``planner-server copy-data --from sqlite:///PATH --to postgresql://…``: one machine becomes a team.

Copies what a built-in server holds (users with their password hashes, slots, their history of
comments, the outbox with its pending email, the specialists' calendars: connections, busy times,
what was written back, and everyone's calendar subscription, and the audit trail of administrator
acts and security events) into an empty team database, in one transaction:

- both databases must be at the schema of this version (Alembic's heads): the tables are read and
  written through the project's own metadata, so the columns and types are the code's;
- the target must be migrated and empty, or nothing is written;
- the rows keep their ids (PostgreSQL's id sequences are moved past them), the counts are checked
  before the commit; a difference rolls everything back;
- the source is opened read-only: it is left as it was;
- the calendar passwords and feed tokens are sealed with the built-in server's key (calendars/
  crypto.py: derived from SECRET_KEY, which the built-in server generated and keeps in the
  ``secret_key`` file beside its database), which the team server does not have: each is opened
  with that key and sealed again with the team server's SECRET_KEY (read as ``planner-server run``
  reads it). Without the team's key, or when a secret cannot be opened (the built-in key missing or
  wrong), nothing is copied, unless told to copy such secrets as they are and name their owners.

The change log is not copied: the target's triggers record every copied user and slot, and a desktop
that connects to the team server takes a new snapshot there.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError
from sqlalchemy import Connection, Engine, Table, create_engine, func, inspect, pool, select, text
from sqlalchemy.engine import make_url

from planner_server import migrate
from planner_server.calendars.crypto import SECRETS_PURPOSE, SecretBox
from planner_server.config import MIN_SECRET_LENGTH, SECRET_FILE, ConfigError, Settings
from planner_server.db import normalise_url, sqlite_path
from planner_server.models import Base

CALENDARS = ("calendar_accounts", "calendar_collections", "calendar_objects", "busy_times",
             "calendar_written", "feed_tokens")
# In the order written: users first (everything names them, the audit trail by plain ids), the busy
# times before the slots (a slot's change row records whether it may be offered, which a busy time
# decides). The change log is re-recorded by the target.
COPIED = ("users", *CALENDARS, "slots", "comments", "outbox", "audit")
MUST_BE_EMPTY = (*COPIED, "changes")
# The secrets sealed with the server's key, by table (each row a user's): sealed again for the team.
SEALED = {"calendar_accounts": "password_encrypted", "feed_tokens": "token_encrypted"}
SECRET_WORDS = {"calendar_accounts": "the calendar password of {email}",
                "feed_tokens": "the calendar subscription of {email}"}
BATCH = 500


class CopyRefused(ConfigError):
    """The databases are not in a state to copy between; the message says what to do."""


@dataclass(frozen=True)
class Copied:
    counts: dict[str, int]
    resealed: int = 0  # secrets opened with the built-in server's key and sealed with the team's
    unreadable: tuple[str, ...] = ()  # secrets copied as they were (keep_unreadable): whose


@dataclass(frozen=True)
class _Secrets:
    """What the copy writes instead of the sealed values it reads: table → user id → sealed."""

    resealed: dict[str, dict[int, str]] = field(default_factory=dict)
    unreadable: tuple[str, ...] = ()


def tables() -> list[Table]:
    """The copied tables, in the order they are written (parents before children)."""
    return [Base.metadata.tables[name] for name in COPIED]


def copy_data(source_url: str, target_url: str, *, source_key_file: Path | None = None,
              target_key: str | None = None, keep_unreadable: bool = False) -> Copied:
    """``source_key_file``: the built-in server's key (default: ``secret_key`` beside the SQLite
    file); ``target_key``: the team server's SECRET_KEY (default: from the environment or .env, as
    the server reads it); ``keep_unreadable``: copy secrets the built-in key cannot open as they
    were (their owners connect again) rather than refuse."""
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
            secrets = _seal_again(reading, key_file=source_key_file or path.with_name(SECRET_FILE),
                                  target_key=target_key, keep_unreadable=keep_unreadable)
            counts = {table.name: _copy_table(table, reading, writing,
                                              secrets.resealed.get(table.name, {}))
                      for table in tables()}
            for table in tables():
                arrived = writing.scalar(select(func.count()).select_from(table))
                if arrived != counts[table.name]:  # raising here rolls the whole copy back
                    raise CopyRefused(f"{table.name}: {counts[table.name]} rows read but {arrived} "
                                      "arrived; nothing was copied")
            if writing.dialect.name == "postgresql":
                _move_sequences(writing)
    return Copied(counts, sum(map(len, secrets.resealed.values())), secrets.unreadable)


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


def _seal_again(reading: Connection, *, key_file: Path, target_key: str | None,
                keep_unreadable: bool) -> _Secrets:
    """Each stored secret opened with the built-in server's key and sealed with the team's."""
    metadata = Base.metadata.tables
    stored = [(name, user_id, sealed) for name, column in SEALED.items()
              for user_id, sealed in reading.execute(select(metadata[name].c.user_id,
                                                            metadata[name].c[column]))]
    if not stored:
        return _Secrets()
    try:
        key = key_file.read_text().strip() if key_file.is_file() else ""
    except (OSError, UnicodeError) as error:
        raise CopyRefused(f"cannot read the built-in server's key in {key_file}: {error}") from None
    box = SecretBox(key, SECRETS_PURPOSE) if key else None
    opened = {(name, user_id): box.open(sealed) if box else None for name, user_id, sealed in stored}
    unreadable = [place for place, secret in opened.items() if secret is None]
    remedy = ("add --keep-unreadable-secrets to copy them as they are: the team server cannot read "
              "them, so those specialists connect their calendars again and those users turn their "
              "calendar subscription on again")
    if unreadable and not keep_unreadable:
        if box is None:
            raise CopyRefused(
                f"the built-in server's key is not at {key_file}, and the calendar passwords and feed "
                f"tokens it holds ({len(stored)}) are sealed with it: name its secret_key file with "
                f"--from-secret-file PATH (it lies beside the SQLite file in the desktop's data), or, "
                f"if it is lost, {remedy}. Nothing was copied.")
        raise CopyRefused(
            f"{len(unreadable)} of the {len(stored)} calendar passwords and feed tokens cannot be "
            f"opened with the key in {key_file}: is it the built-in server's secret_key? Name the "
            f"right one with --from-secret-file PATH, or {remedy}. Nothing was copied.")
    resealed: dict[str, dict[int, str]] = {}
    readable = {place: secret for place, secret in opened.items() if secret is not None}
    if readable:
        team = SecretBox(_team_key(target_key, len(readable)), SECRETS_PURPOSE)
        for (name, user_id), secret in readable.items():
            resealed.setdefault(name, {})[user_id] = team.seal(secret)
    users = metadata["users"]
    emails = dict(reading.execute(select(users.c.id, users.c.email)).tuples().all())
    return _Secrets(resealed, tuple(SECRET_WORDS[name].format(email=emails.get(user_id, user_id))
                                    for name, user_id in sorted(unreadable)))


def _team_key(given: str | None, count: int) -> str:
    """The team server's SECRET_KEY: given, or as ``planner-server run`` reads it."""
    try:
        key = given or Settings().secret_key
    except ValidationError as error:
        raise CopyRefused(f"the settings cannot be read: {error}") from None
    if not key:
        raise CopyRefused(
            f"SECRET_KEY is not set: copy-data seals the {count} calendar passwords and feed tokens "
            "it copies with the team server's key, so that the team server can read them. Set "
            "SECRET_KEY as the team server has it (the same environment or .env as planner-server "
            "run), then copy again. Nothing was copied.")
    if len(key) < MIN_SECRET_LENGTH:
        raise CopyRefused(f"SECRET_KEY is too short: the team server refuses a key of fewer than "
                          f"{MIN_SECRET_LENGTH} characters. Nothing was copied.")
    return key


def _copy_table(table: Table, reading: Connection, writing: Connection,
                resealed: dict[int, str]) -> int:
    """Every row of ``table``, with the sealed values of ``resealed`` (user id → sealed) put in."""
    rows = reading.execute(select(table).order_by(*table.primary_key.columns)).mappings()
    column = SEALED.get(table.name)
    copied = 0
    while batch := rows.fetchmany(BATCH):
        values = [dict(row) for row in batch]
        if column is not None:
            for row in values:
                row[column] = resealed.get(row["user_id"], row[column])
        writing.execute(table.insert(), values)
        copied += len(batch)
    return copied


def _move_sequences(connection: Connection) -> None:
    """New rows on the team server get ids after the copied ones."""
    for table in tables():
        if [column.name for column in table.primary_key.columns] != ["id"]:
            continue  # keyed by the user or the slot they belong to: nothing numbers them
        connection.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), max(id)) FROM {table.name} "
            "HAVING max(id) IS NOT NULL"))


def _shown(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)
