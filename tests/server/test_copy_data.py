"""copy-data: a real built-in server's profile with the demo, copied into a real PostgreSQL database.

Every row arrives as it was (password hashes included: a demo user signs in on the team server), the
team server goes on numbering after the copied ids, a non-empty target and a schema version mismatch
are refused with the sentence the operator reads, and the source file is left byte for byte as it was.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, pool, select

from planner_desktop.embedded import EmbeddedServer
from planner_server.config import Settings
from planner_server.copydata import CopyRefused, copy_data, tables
from planner_server.db import normalise_url
from planner_server.main import create_app
from planner_shared.demo import DEMO_PASSWORD, SPECIALISTS
from tests.conftest import scratch_postgres

pytestmark = pytest.mark.postgres
COMMAND = str(Path(sys.executable).with_name("planner-server"))


@pytest.fixture(scope="module")
def demo_profile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The SQLite file of a built-in server that ran with --demo (and was stopped, as before a move)."""
    server = EmbeddedServer.of_profile(tmp_path_factory.mktemp("solo"), demo=True)
    server.start()
    server.stop()
    assert server.seeded
    return server.database_path


@pytest.fixture
def source(demo_profile: Path, tmp_path: Path) -> Path:
    path = tmp_path / "planner.sqlite3"
    shutil.copy(demo_profile, path)
    return path


@pytest.fixture
def team_url(pg_template_url: str) -> Iterator[str]:
    """A scratch PostgreSQL database, migrated like a new team server's (pg_template_url: skip/fail
    rules when PostgreSQL is not there)."""
    with scratch_postgres("planner_copy") as url:
        yield url


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _rows(url: str) -> dict[str, list[dict[str, Any]]]:
    engine = create_engine(normalise_url(url, asynchronous=False), poolclass=pool.NullPool)
    try:
        with engine.connect() as connection:
            return {table.name: [dict(row) for row in connection.execute(
                select(table).order_by(*table.primary_key.columns)).mappings()] for table in tables()}
    finally:
        engine.dispose()


def _copy_command(source: Path, target: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([COMMAND, "copy-data", "--from", f"sqlite:///{source}", "--to", target],
                          capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)


def _refused(result: subprocess.CompletedProcess[str], *words: str) -> str:
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    message = result.stderr.strip().splitlines()[-1]
    assert message.startswith("planner-server: "), result.stderr
    for word in words:
        assert word in message, message
    return message


async def test_every_row_arrives_and_a_demo_user_signs_in_on_the_team_server(source, team_url, tmp_path):
    before = _digest(source)
    expected = _rows(f"sqlite:///{source}")
    assert all(expected[name] for name in ("users", "slots", "comments", "outbox")), \
        {name: len(rows) for name, rows in expected.items()}

    result = _copy_command(source, team_url)
    assert result.returncode == 0, result.stderr
    assert f"{len(expected['users'])} users" in result.stdout and "planner --server" in result.stdout

    arrived = _rows(team_url)
    for name, rows in expected.items():
        assert arrived[name] == rows, name  # every column of every row, password hashes included
    assert _digest(source) == before  # opened read-only: the source is as it was

    settings = Settings(database_url=team_url, data_dir=tmp_path / "team", migrate_on_start=False,
                        secret_key="team-secret-key-that-is-long-enough-0123456789",
                        email_backend="console", run_mail_worker=False)
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
        async with httpx.AsyncClient(transport=transport, base_url="http://team/api/v1") as http:
            signed = await http.post("/auth/jwt/create/", json={"email": SPECIALISTS[0].email,
                                                                 "password": DEMO_PASSWORD})
            assert signed.status_code == 200, signed.text
            headers = {"Authorization": f"Bearer {signed.json()['access']}"}
            me = (await http.get("/users/me/", headers=headers)).json()
            assert me["email"] == SPECIALISTS[0].email
            mine = [s for s in expected["slots"] if s["specialist_id"] == me["id"]]
            listed = await http.get("/slots/", headers=headers, params={"specialist": me["id"]})
            assert listed.status_code == 200, listed.text
            assert {s["id"] for s in mine} <= {s["id"] for s in listed.json()}
            new = await http.post("/register/", json={
                "first_name": "New", "last_name": "Client", "middle_name": "", "role": "client",
                "email": "new.client@example.com", "password": "newpass123"})
            assert new.status_code == 201, new.text
            assert new.json()["id"] > max(u["id"] for u in expected["users"])  # the sequence moved on


def test_a_non_empty_team_database_is_refused(source, team_url):
    copy_data(f"sqlite:///{source}", team_url)
    before = _rows(team_url)
    message = _refused(_copy_command(source, team_url), "not empty", "users")
    assert "Use a new database" in message
    assert _rows(team_url) == before  # nothing doubled, nothing overwritten


def test_a_schema_version_mismatch_is_refused_and_nothing_is_written(source, team_url):
    with sqlite3.connect(source) as db:  # a profile of an older desktop
        db.execute("UPDATE alembic_version SET version_num = '0001_initial' "
                   "WHERE version_num = (SELECT max(version_num) FROM alembic_version)")
    db.close()
    before = _digest(source)
    _refused(_copy_command(source, team_url), "schema version mismatch", "the source", "0001_initial",
             "planner-server migrate")
    assert all(not rows for rows in _rows(team_url).values())
    assert _digest(source) == before
    with pytest.raises(CopyRefused, match="schema version mismatch"):  # the same, called directly
        copy_data(f"sqlite:///{source}", team_url)
