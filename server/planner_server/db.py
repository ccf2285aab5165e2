"""Engine, sessions, the declarative Base, and what differs between SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast
from zoneinfo import ZoneInfo

import psycopg
from psycopg.rows import namedtuple_row
from sqlalchemy import DateTime, event, text
from sqlalchemy.dialects.postgresql import psycopg as postgresql_psycopg
from sqlalchemy.engine import Dialect, make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ClauseElement
from sqlalchemy.types import TypeDecorator

# Advisory lock namespaces (PostgreSQL): the first key of pg_advisory_xact_lock(key1, key2).
LOCK_SCHEDULE = 1  # key2 = specialist id: serialises writes to one specialist's slots
LOCK_CHANGE_LOG = 2  # key2 = 0: serialises change-log inserts so cursors commit in order
LOCK_OUTBOX_SENDER = 3  # key2 = 0, session-level: held by the one process that sends email
LOCK_CLIENT_BOOKINGS = 4  # key2 = client id: one reservation of a client at a time (no exclusion deadlocks)
LOCK_BUSY_TIMES = 5  # key2 = specialist id: a calendar sync (exclusive) against reservations (shared)


class Base(DeclarativeBase):
    pass


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware datetimes stored in UTC on both databases.

    SQLite keeps naive UTC text of one fixed format, so comparisons in SQL stay correct.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def normalise_url(url: str, *, asynchronous: bool) -> str:
    """``sqlite:///path`` / ``postgresql://...`` (any spelling) to the drivers we use."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        driver = "aiosqlite" if asynchronous else "pysqlite"
    elif backend in ("postgresql", "postgres"):
        backend, driver = "postgresql", "psycopg"
    else:
        raise ValueError(f"unsupported database {backend!r}: use sqlite or postgresql")
    return parsed.set(drivername=f"{backend}+{driver}").render_as_string(hide_password=False)


def sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def sqlite_local_day(instant: str | None, zone: str | None) -> str | None:
    """SQLite's ``planner_local_day(instant, zone)``: the calendar day (ISO text) of a stored
    instant in an IANA time zone (the booking rules' day limit, ``slots.booking.LocalDay``)."""
    if instant is None:
        return None
    moment = datetime.fromisoformat(instant).replace(tzinfo=UTC)
    try:
        where = ZoneInfo(zone or "UTC")
    except (KeyError, ValueError):
        where = ZoneInfo("UTC")
    return moment.astimezone(where).date().isoformat()


def register_sqlite_functions(dbapi_connection: Any) -> None:
    """The functions the triggers and queries use that SQLite lacks (every SQLite connection that
    writes slots needs them: ``planner_local_day``, for the booking rules' day limit)."""
    dbapi_connection.create_function("planner_local_day", 2, sqlite_local_day, deterministic=True)


def sqlite_functions_on(engine: Any) -> None:
    """Register ``register_sqlite_functions`` on each new connection of a (sync) SQLite engine."""
    event.listen(engine, "connect", lambda connection, _record: register_sqlite_functions(connection))


def _prepare_sqlite(engine: AsyncEngine) -> None:
    """WAL, foreign keys, a patient busy timeout, and our own BEGIN.

    Write sessions open with BEGIN IMMEDIATE so that a check and the write after it happen under
    the database's write lock; read sessions use a plain (deferred) BEGIN.
    """

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()
        register_sqlite_functions(dbapi_connection)

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        immediate = connection.get_execution_options().get("planner_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


class Database:
    """The async engine and the two session factories a request may use."""

    def __init__(self, url: str, *, pool_size: int = 10, echo: bool = False) -> None:
        self.url = url
        self.is_postgres = make_url(url).get_backend_name().startswith("postgres")
        kwargs: dict[str, Any] = {"echo": echo}
        if self.is_postgres:
            # Connections above pool_size are closed when given back: a pool smaller than the
            # requests a process serves at once would open a new backend for nearly every one.
            kwargs.update(pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=False,
                          connect_args={"options": "-c TimeZone=UTC"})
        else:
            path = sqlite_path(url)
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
            kwargs.update(pool_size=pool_size, max_overflow=pool_size)
        self.engine = create_async_engine(normalise_url(url, asynchronous=True), **kwargs)
        if not self.is_postgres:
            _prepare_sqlite(self.engine)
        write_engine = self.engine.execution_options(planner_write=True)
        self.write_sessions = async_sessionmaker(write_engine, expire_on_commit=False)
        # Called after every committed write of this process (to drop what it keeps in memory).
        self.commit_hooks: list[Callable[[], None]] = []
        self.read_sessions = async_sessionmaker(self.engine, expire_on_commit=False)

    @asynccontextmanager
    async def session(self, *, write: bool = True) -> AsyncIterator[AsyncSession]:
        """One transaction: committed if the block succeeds, rolled back if it raises."""
        factory = self.write_sessions if write else self.read_sessions
        async with factory() as session:
            try:
                yield session
                await session.commit()
            except BaseException:
                await session.rollback()
                raise
        if write:
            self._committed()

    def _committed(self) -> None:
        for hook in self.commit_hooks:
            hook()

    async def rows_alone(self, statement: HotStatement, parameters: Mapping[str, Any], *,
                         writes: bool = True, named: bool = False) -> list[Any]:
        """PostgreSQL: one statement as a transaction of its own, in one round trip (autocommit,
        so no BEGIN and COMMIT of their own); for hot statements whose every step fits in one.
        Its deferred triggers run at its end, as at any commit. ``named``: rows as named tuples."""
        assert self.is_postgres, "single-statement transactions are for PostgreSQL"
        async with self.engine.connect() as connection:
            driver = (await connection.get_raw_connection()).driver_connection
            assert driver is not None
            await driver.set_autocommit(True)
            try:
                rows = await statement.postgres_rows(driver, parameters,
                                                     named=named)
            finally:
                await driver.set_autocommit(False)
        if writes:
            self._committed()
        return rows

    async def ping(self) -> None:
        async with self.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))

    async def dispose(self) -> None:
        await self.engine.dispose()


class HotStatement:
    """A statement of a hot path, built once.

    On PostgreSQL its SQL is compiled once, with PostgreSQL's own placeholders ($1, $2 …), and sent
    straight through the session's own psycopg connection (a raw cursor: psycopg parses nothing),
    inside the session's transaction: SQLAlchemy's per-execution work (cache key, parameter and
    result processing) costs about 0.13 ms a statement, as much as the round trip, and psycopg's
    own parsing of a long statement as much again.
    Elsewhere it is an ordinary ``session.execute``. Rows come back as plain tuples. The
    statement may not use expanding ``IN`` parameters (they are rendered per execution).
    """

    def __init__(self, statement: ClauseElement) -> None:
        self.statement = statement
        self._postgres: tuple[str, tuple[str, ...], dict[str, Any]] | None = None

    async def rows(self, session: AsyncSession, parameters: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        dialect = session.get_bind().dialect
        if dialect.name != "postgresql":
            result = await session.execute(self.statement, dict(parameters))  # type: ignore[call-overload]
            return [tuple(row) for row in result] if result.returns_rows else []
        connection = await session.connection()
        driver = (await connection.get_raw_connection()).driver_connection
        assert driver is not None
        return await self.postgres_rows(driver, parameters)

    async def postgres_rows(self, driver: psycopg.AsyncConnection[Any],
                            parameters: Mapping[str, Any], *, named: bool = False) -> list[Any]:
        """Run it on a psycopg connection, in whatever transaction that connection is in; rows as
        tuples, or with ``named`` as named tuples (columns by name, as SQLAlchemy's rows)."""
        if self._postgres is None:
            compiled = cast(SQLCompiler, self.statement.compile(dialect=_NATIVE_PLACEHOLDERS))
            literals = compiled.construct_params(dict(parameters)) or {}  # values built in
            self._postgres = (compiled.string, tuple(compiled.positiontup or ()),
                              {k: v for k, v in literals.items() if k not in parameters})
        sql, order, defaults = self._postgres
        values = [parameters[name] if name in parameters else defaults[name] for name in order]
        cursor = (psycopg.AsyncRawCursor(driver, row_factory=namedtuple_row) if named
                  else psycopg.AsyncRawCursor(driver))
        try:
            await cursor.execute(sql, values)
        except psycopg.IntegrityError as error:  # one exception type for callers, as with execute
            raise IntegrityError(sql, dict(parameters), error) from error
        return await cursor.fetchall() if cursor.description else []


_NATIVE_PLACEHOLDERS = postgresql_psycopg.dialect(paramstyle="numeric_dollar")
_ADVISORY_LOCK = HotStatement(text("SELECT pg_advisory_xact_lock(:a, :b)"))


async def advisory_lock(session: AsyncSession, namespace: int, key: int) -> None:
    """A transaction-scoped lock on PostgreSQL; SQLite write sessions already hold the write lock."""
    if session.get_bind().dialect.name == "postgresql":
        await _ADVISORY_LOCK.rows(session, {"a": namespace, "b": key})


def violated_constraint(error: Exception) -> str | None:
    """The name of the constraint an IntegrityError broke, where the driver tells (PostgreSQL)."""
    diag = getattr(getattr(error, "orig", None), "diag", None)
    return getattr(diag, "constraint_name", None)
