"""Shared test fixtures: real SQLite and real PostgreSQL, the app, signed-in users.

PostgreSQL tests skip with a reason on a machine without it, and fail instead when CI=true.
"""

from __future__ import annotations

import os
from contextlib import contextmanager

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import psycopg
import pytest

from planner_server import migrate

PG_ADMIN_URL = os.environ.get("PLANNER_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
IN_CI = os.environ.get("CI", "").lower() == "true"


def _pg_reachable() -> str | None:
    try:
        with psycopg.connect(PG_ADMIN_URL, connect_timeout=3):
            return None
    except Exception as error:  # any failure: report it as the skip reason
        return str(error).strip().splitlines()[0]


@pytest.fixture(scope="session")
def pg_template_url() -> Iterator[str]:
    """A migrated PostgreSQL database for this test session, dropped at the end."""
    problem = _pg_reachable()
    if problem is not None:
        message = f"PostgreSQL is not reachable at {PG_ADMIN_URL}: {problem}"
        if IN_CI:
            pytest.fail(message + " (CI=true: PostgreSQL tests are required)")
        pytest.skip(message)
    with scratch_postgres("planner_test") as url:
        yield url


@contextmanager
def scratch_postgres(prefix: str) -> Iterator[str]:
    """A new PostgreSQL database, migrated as a new server's, dropped on exit."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    try:
        migrate.upgrade(url)
        yield url
    finally:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _truncate_all(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        tables = [row[0] for row in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
            "AND tablename <> 'alembic_version'")]
        if tables:
            conn.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE")


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite-template") / "planner.sqlite3"
    migrate.upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, migrated database of each kind for one test."""
    if request.param == "sqlite":
        path = tmp_path / "planner.sqlite3"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    url: str = request.getfixturevalue("pg_template_url")
    _truncate_all(url)
    return url


@pytest.fixture
def settings_env(database_url: str, tmp_path: Path) -> dict[str, str]:
    """Environment for a server on this test's database (for in-process apps and subprocesses)."""
    return {
        "DATABASE_URL": database_url,
        "PLANNER_DATA_DIR": str(tmp_path / "data"),
        "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
        "PLANNER_MIGRATE_ON_START": "false",
        "EMAIL_BACKEND": "console",
        "PLANNER_RUN_MAIL_WORKER": "false",
        "PLANNER_RUN_CALENDAR_WORKER": "false",
    }


@pytest.fixture
def settings(settings_env: dict[str, str]):  # type: ignore[no-untyped-def]
    from planner_server.config import Settings

    return Settings(**{k: v for k, v in settings_env.items()})  # populate_by_name: aliases work


@pytest.fixture
async def app(settings):  # type: ignore[no-untyped-def]
    from planner_server.main import create_app

    application = create_app(settings)
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture
async def client(app) -> AsyncIterator:  # type: ignore[no-untyped-def]
    import httpx

    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver/api/v1") as http:
        yield http
