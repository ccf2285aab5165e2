"""The planner-server command: migrate, create-admin, and clear refusals of a bad configuration."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from bench._server import free_port

COMMAND = str(Path(sys.executable).with_name("planner-server"))
_OURS = ("DATABASE_URL", "SECRET_KEY", "PLANNER_DATA_DIR", "PLANNER_MIGRATE_ON_START", "EMAIL_BACKEND",
         "EMAIL_HOST")


def _start(tmp_path: Path, *args: str, **env: str) -> subprocess.Popen[str]:
    """planner-server in a clean environment, in a folder without an .env file."""
    environment = {k: v for k, v in os.environ.items() if k not in _OURS}
    environment.update(PLANNER_DATA_DIR=str(tmp_path / "data"), **env)
    return subprocess.Popen([COMMAND, *args], cwd=tmp_path, env=environment, text=True,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _run(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    process = _start(tmp_path, *args, **env)
    stdout, stderr = process.communicate(timeout=60)
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def _refused(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    message = result.stderr.strip().splitlines()[-1]
    assert message.startswith("planner-server: "), result.stderr
    for word in words:
        assert word in message, message


@pytest.fixture
def sqlite_file(tmp_path: Path) -> Path:
    return tmp_path / "db" / "planner.sqlite3"


async def test_migrate_and_create_admin_on_a_new_sqlite_file(tmp_path, sqlite_file):
    url = f"sqlite:///{sqlite_file}"
    migrated = _run(tmp_path, "migrate", DATABASE_URL=url)
    assert migrated.returncode == 0, migrated.stderr
    assert "up to date" in migrated.stdout and str(sqlite_file) in migrated.stdout
    with sqlite3.connect(sqlite_file) as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"users", "slots", "comments", "alembic_version"} <= tables
    assert _run(tmp_path, "migrate", DATABASE_URL=url).returncode == 0  # again: nothing to do

    created = _run(tmp_path, "create-admin", "--email", "Root@Example.com", "--password", "rootpass1",
                   "--first-name", "Ada", "--last-name", "Lovelace", DATABASE_URL=url)
    assert created.returncode == 0, created.stderr
    assert "root@example.com" in created.stdout

    # The administrator signs in to a server on that file and administers.
    from planner_server.config import Settings
    from planner_server.main import create_app

    app = create_app(Settings(DATABASE_URL=url, PLANNER_DATA_DIR=str(tmp_path / "data"),
                              PLANNER_RUN_MAIL_WORKER="false", EMAIL_BACKEND="console"))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver/api/v1") as client:
            tokens = await client.post("/auth/jwt/create/", json={"email": "root@example.com",
                                                                  "password": "rootpass1"})
            assert tokens.status_code == 200, tokens.text
            headers = {"Authorization": f"Bearer {tokens.json()['access']}"}
            me = (await client.get("/users/me/", headers=headers)).json()
            assert (me["role"], me["is_staff"], me["first_name"], me["last_name"]) == (
                "admin", True, "Ada", "Lovelace")
            assert (await client.get("/users/", headers=headers)).status_code == 200

    # The same email again is refused plainly.
    again = _run(tmp_path, "create-admin", "--email", "root@example.com", "--password", "rootpass1",
                 DATABASE_URL=url)
    _refused(again, "already exists")


def test_create_admin_at_an_internal_domain(tmp_path, sqlite_file):
    url = f"sqlite:///{sqlite_file}"
    created = _run(tmp_path, "create-admin", "--email", "Admin@Corp.Local", "--password", "rootpass1",
                   DATABASE_URL=url)
    assert created.returncode == 0, created.stderr
    assert "admin@corp.local" in created.stdout
    with sqlite3.connect(sqlite_file) as db:
        assert db.execute("SELECT email, role FROM users").fetchall() == [("admin@corp.local", "admin")]


def test_create_admin_checks_its_input(tmp_path, sqlite_file):
    url = f"sqlite:///{sqlite_file}"
    weak = _start(tmp_path, "create-admin", "--email", "a@example.com", "--password", "short",
                  DATABASE_URL=url)
    bad_email = _start(tmp_path, "create-admin", "--email", "not-an-email", "--password", "rootpass1",
                       DATABASE_URL=url)
    for process, word in ((weak, "password"), (bad_email, "email")):
        stdout, stderr = process.communicate(timeout=60)
        _refused(subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr), word)
    assert not sqlite_file.exists()  # nothing was created for a refused command


def test_seed_demo_fills_an_empty_database_once(tmp_path, sqlite_file):
    from planner_shared import demo

    url = f"sqlite:///{sqlite_file}"
    _refused(_run(tmp_path, "seed-demo", "--time-zone", "Nowhere/Special", DATABASE_URL=url),
             "time zone")
    assert not sqlite_file.exists()
    seeded = _run(tmp_path, "seed-demo", "--time-zone", "Europe/Berlin", DATABASE_URL=url)
    assert seeded.returncode == 0, seeded.stderr
    assert "Demo population written" in seeded.stdout and demo.DEMO_PASSWORD in seeded.stdout
    with sqlite3.connect(sqlite_file) as db:
        emails = {row[0] for row in db.execute("SELECT email FROM users")}
        slots = db.execute("SELECT count(*) FROM slots").fetchone()[0]
    assert emails == {a.email for a in demo.EVERYONE} and slots > 0

    again = _run(tmp_path, "seed-demo", DATABASE_URL=url)
    assert again.returncode == 0, again.stderr
    assert "already has users" in again.stdout
    with sqlite3.connect(sqlite_file) as db:
        assert db.execute("SELECT count(*) FROM slots").fetchone()[0] == slots


def test_bad_configuration_refused_plainly(tmp_path, sqlite_file):
    """Each refusal is one line naming the setting to fix, and no traceback (run side by side)."""
    postgres = "postgresql://postgres@127.0.0.1:5432/postgres"
    closed_port = free_port()
    cases = [
        (("migrate",), {"DATABASE_URL": "mysql://root@localhost/planner"}, ["DATABASE_URL"]),
        (("run",), {"DATABASE_URL": "planner.sqlite3"}, ["DATABASE_URL"]),
        (("create-admin",), {"DATABASE_URL": "http://example.com"}, ["DATABASE_URL"]),
        (("migrate",), {"DATABASE_URL": postgres}, ["SECRET_KEY", "not set"]),
        (("run",), {"DATABASE_URL": postgres}, ["SECRET_KEY", "not set"]),
        (("migrate",), {"DATABASE_URL": postgres, "SECRET_KEY": "short"}, ["SECRET_KEY", "too short"]),
        (("migrate",), {"DATABASE_URL": f"postgresql://postgres@127.0.0.1:{closed_port}/planner",
                        "SECRET_KEY": "k" * 40}, ["cannot use the database", f"127.0.0.1:{closed_port}"]),
        (("run", "--workers", "2"), {"DATABASE_URL": f"sqlite:///{sqlite_file}"}, ["PostgreSQL"]),
    ]
    running = [_start(tmp_path, *args, **env) for args, env, _ in cases]
    for process, (_, _, words) in zip(running, cases, strict=True):
        stdout, stderr = process.communicate(timeout=60)
        _refused(subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr), *words)
