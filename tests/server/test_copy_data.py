"""copy-data: a real built-in server's profile with the demo, copied into a real PostgreSQL database.

Every row arrives as it was (password hashes included: a demo user signs in on the team server; the
audit trail of the administrator's acts too), the team server goes on numbering after the copied
ids, a non-empty target and a schema version mismatch are refused with the sentence the operator
reads, and the source file is left byte for byte as it was.
A specialist's calendar (connected to a real Radicale) moves along: its password and feed token,
sealed with the built-in server's key, are sealed again with the team server's SECRET_KEY, which
copy-data asks for, and the team server syncs with them.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import caldav
import httpx
import pytest
from sqlalchemy import create_engine, insert, pool, select

from bench._radicale import RadicaleServer
from planner_desktop.embedded import EmbeddedServer
from planner_server.audit.models import AuditEntry
from planner_server.calendars.crypto import SECRETS_PURPOSE, SecretBox
from planner_server.config import SECRET_FILE, Settings
from planner_server.copydata import CopyRefused, copy_data, tables
from planner_server.db import normalise_url
from planner_server.main import create_app
from planner_server.models import Base
from planner_server.sync.models import Change
from planner_shared.demo import ADMIN, BLOCKED_CLIENT, DEMO_PASSWORD, SPECIALISTS
from tests.conftest import scratch_postgres

pytestmark = pytest.mark.postgres
COMMAND = str(Path(sys.executable).with_name("planner-server"))


@pytest.fixture(scope="module")
def demo_profile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The SQLite file of a built-in server that ran with --demo, where the administrator ended the
    blocked client's sessions (an entry of the audit trail), then stopped, as before a move."""
    server = EmbeddedServer.of_profile(tmp_path_factory.mktemp("solo"), demo=True)
    base = server.start()
    try:
        with httpx.Client(base_url=f"{base}/api/v1", timeout=60) as http:
            headers = _signed_in(http.post("/auth/jwt/create/", json={"email": ADMIN.email,
                                                                      "password": DEMO_PASSWORD}))
            [blocked] = http.get("/users/", headers=headers, params={"search": BLOCKED_CLIENT.email}).json()
            revoked = http.post(f"/users/{blocked['id']}/sessions/revoke/", headers=headers)
            assert revoked.status_code == 204, revoked.text
    finally:
        server.stop()
    assert server.seeded
    return server.database_path


def _signed_in(response: httpx.Response) -> dict[str, str]:
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access']}"}


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


def _copy_command(source: Path, target: str, *options: str,
                  env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([COMMAND, "copy-data", "--from", f"sqlite:///{source}", "--to", target, *options],
                          capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL, env=env)


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
    audit = _named_rows(f"sqlite:///{source}", ("audit",))["audit"]
    assert [entry["action"] for entry in audit] == ["sessions_revoked"]

    result = _copy_command(source, team_url)
    assert result.returncode == 0, result.stderr
    assert f"{len(expected['users'])} users" in result.stdout and "planner --server" in result.stdout

    arrived = _rows(team_url)
    for name, rows in expected.items():
        assert arrived[name] == rows, name  # every column of every row, password hashes included
    assert _named_rows(team_url, ("audit",))["audit"] == audit  # the trail, its ids included
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

            # the administrator reads the copied trail there, and its next act is numbered after it
            admin = _signed_in(await http.post("/auth/jwt/create/", json={"email": ADMIN.email,
                                                                        "password": DEMO_PASSWORD}))
            trail = (await http.get("/audit/", headers=admin)).json()
            assert [(entry["id"], entry["action"], entry["target_email"]) for entry in trail] == [
                (audit[0]["id"], "sessions_revoked", BLOCKED_CLIENT.email)]
            revoked = await http.post(f"/users/{new.json()['id']}/sessions/revoke/", headers=admin)
            assert revoked.status_code == 204, revoked.text
            newest = (await http.get("/audit/", headers=admin)).json()[0]
            assert (newest["action"], newest["id"] > audit[0]["id"]) == ("sessions_revoked", True)


def test_a_non_empty_team_database_is_refused(source, team_url):
    copy_data(f"sqlite:///{source}", team_url)
    before = _rows(team_url)
    message = _refused(_copy_command(source, team_url), "not empty", "users")
    assert "Use a new database" in message
    assert _rows(team_url) == before  # nothing doubled, nothing overwritten


def test_a_team_database_with_an_audit_entry_alone_is_refused(source, team_url):
    """Say a sign-in was tried on the new team server before the copy: its entry would take the id
    of a copied one."""
    engine = create_engine(normalise_url(team_url, asynchronous=False), poolclass=pool.NullPool)
    try:
        with engine.begin() as connection:
            connection.execute(insert(AuditEntry).values(at=datetime.now(UTC), actor_id=None,
                                                         target_id=None, action="sign_in_throttled",
                                                         details="{}", address="127.0.0.1"))
    finally:
        engine.dispose()
    _refused(_copy_command(source, team_url), "not empty", "1 in audit")
    assert not _rows(team_url)["users"]


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


# --- a specialist's calendar moves along ----------------------------------------------------------

CALENDAR_TABLES = ("calendar_accounts", "calendar_collections", "calendar_objects", "busy_times",
                   "calendar_written", "feed_tokens")
SEALED = {"calendar_accounts": "password_encrypted", "feed_tokens": "token_encrypted"}
CALDAV_USER, CALDAV_PASSWORD = "anna", "app-password-1"
TEAM_KEY = "team-secret-key-that-is-long-enough-0123456789"


@dataclass(frozen=True)
class CalendarProfile:
    database: Path  # the built-in server's SQLite file, its secret_key file beside it
    specialist: str  # the email of the specialist whose calendar is connected
    feed_token: str  # the specialist's calendar subscription, turned on there
    busy_slot: int  # a free slot of the specialist's during a busy time of its calendar

    @property
    def key(self) -> str:
        return (self.database.parent / SECRET_FILE).read_text().strip()


@pytest.fixture(scope="module")
def radicale(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RadicaleServer]:
    server = RadicaleServer(tmp_path_factory.mktemp("radicale"), {CALDAV_USER: CALDAV_PASSWORD})
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def calendar_profile(tmp_path_factory: pytest.TempPathFactory, radicale: RadicaleServer) -> CalendarProfile:
    """A built-in server (the demo) where a specialist connected its CalDAV calendar (a busy time,
    the agreed consultations written back) and turned its calendar subscription on; then stopped."""
    busy_start = (datetime.now(UTC) + timedelta(days=60)).replace(hour=2, minute=0, second=0,
                                                                   microsecond=0)
    work = caldav.DAVClient(url=radicale.url, username=CALDAV_USER, password=CALDAV_PASSWORD
                            ).principal().make_calendar(name="Work", cal_id="work")
    work.save_event("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\n"
                    f"UID:dentist\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:{busy_start:%Y%m%dT%H%M%SZ}\r\n"
                    f"DTEND:{busy_start + timedelta(hours=2):%Y%m%dT%H%M%SZ}\r\nSUMMARY:Dentist\r\n"
                    "END:VEVENT\r\nEND:VCALENDAR\r\n")
    server = EmbeddedServer.of_profile(tmp_path_factory.mktemp("solo-calendar"), demo=True)
    base = server.start()
    try:
        with httpx.Client(base_url=f"{base}/api/v1", timeout=60) as http:
            signed = http.post("/auth/jwt/create/", json={"email": SPECIALISTS[0].email,
                                                          "password": DEMO_PASSWORD})
            assert signed.status_code == 200, signed.text
            headers = {"Authorization": f"Bearer {signed.json()['access']}"}
            slot = http.post("/slots/", headers=headers, json={
                "start_time": (busy_start + timedelta(minutes=30)).isoformat(),
                "end_time": (busy_start + timedelta(minutes=90)).isoformat(),
                "context": "During the dentist", "cost": "10.00"})
            assert slot.status_code == 201, slot.text
            connected = http.put("/users/me/calendar/", headers=headers, json={
                "url": radicale.url, "username": CALDAV_USER, "password": CALDAV_PASSWORD,
                "target_calendar": "/anna/work/"})
            assert connected.status_code == 200 and connected.json()["state"] == "ok", connected.text
            synced = http.post("/users/me/calendar/sync/", headers=headers)  # writes back at once
            assert synced.status_code == 200 and synced.json()["busy_count"] >= 1, synced.text
            feed = http.post("/users/me/feed_token/", headers=headers)
            assert feed.status_code == 200, feed.text
    finally:
        server.stop()
    profile = CalendarProfile(server.database_path, SPECIALISTS[0].email, feed.json()["token"],
                              slot.json()["id"])
    rows = _named_rows(f"sqlite:///{profile.database}", CALENDAR_TABLES)
    assert all(rows[name] for name in CALENDAR_TABLES), {name: len(r) for name, r in rows.items()}
    return profile


def _named_rows(url: str, names: tuple[str, ...]) -> dict[str, list[dict[str, Any]]]:
    engine = create_engine(normalise_url(url, asynchronous=False), poolclass=pool.NullPool)
    try:
        with engine.connect() as connection:
            return {name: [dict(row) for row in connection.execute(
                select(table).order_by(*table.primary_key.columns)).mappings()]
                for name in names for table in (Base.metadata.tables[name],)}
    finally:
        engine.dispose()


def _solo_copy(profile: CalendarProfile, folder: Path, *, with_key: bool = True) -> Path:
    """The profile's SQLite file in ``folder``, with its secret_key file beside it or without."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(profile.database, folder / profile.database.name)
    if with_key:
        shutil.copy(profile.database.parent / SECRET_FILE, folder / SECRET_FILE)
    return folder / profile.database.name


def _environment(**values: str) -> dict[str, str]:
    """This process's environment without any SECRET_KEY, with ``values``."""
    return {**{k: v for k, v in os.environ.items() if k != "SECRET_KEY"}, **values}


async def test_a_calendar_connection_and_its_secrets_move_to_the_team_server(
        calendar_profile, team_url, tmp_path, radicale):
    source = _solo_copy(calendar_profile, tmp_path / "solo")
    expected = _named_rows(f"sqlite:///{source}", CALENDAR_TABLES)
    assert calendar_profile.key != TEAM_KEY

    result = _copy_command(source, team_url, env=_environment(SECRET_KEY=TEAM_KEY))
    assert result.returncode == 0, result.stderr
    assert "calendar_accounts" in result.stdout and "busy_times" in result.stdout
    assert "sealed again" in result.stdout and "SECRET_KEY" in result.stdout

    arrived = _named_rows(team_url, CALENDAR_TABLES)
    solo_box, team_box = (SecretBox(key, SECRETS_PURPOSE) for key in (calendar_profile.key, TEAM_KEY))
    for name in CALENDAR_TABLES:
        secret = SEALED.get(name)
        assert [{k: v for k, v in row.items() if k != secret} for row in arrived[name]] == \
            [{k: v for k, v in row.items() if k != secret} for row in expected[name]], name
        for before, after in zip(expected[name], arrived[name], strict=True):
            if secret is not None:  # sealed again with the team server's key: readable there
                assert team_box.open(after[secret]) == solo_box.open(before[secret]) is not None
                assert solo_box.open(after[secret]) is None
    # the slot during the busy time was recorded as not on offer (busy times copied before slots)
    engine = create_engine(normalise_url(team_url, asynchronous=False), poolclass=pool.NullPool)
    try:
        with engine.connect() as connection:
            listed = connection.scalars(select(Change.listed).where(
                Change.entity == "slot", Change.entity_id == calendar_profile.busy_slot)).all()
    finally:
        engine.dispose()
    assert listed == [False]

    settings = Settings(database_url=team_url, data_dir=tmp_path / "team", migrate_on_start=False,
                        secret_key=TEAM_KEY, email_backend="console", run_mail_worker=False,
                        run_calendar_worker=False)
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
        async with httpx.AsyncClient(transport=transport, base_url="http://team/api/v1") as http:
            signed = await http.post("/auth/jwt/create/", json={"email": calendar_profile.specialist,
                                                                 "password": DEMO_PASSWORD})
            headers = {"Authorization": f"Bearer {signed.json()['access']}"}
            calendar = (await http.get("/users/me/calendar/", headers=headers)).json()
            assert (calendar["url"], calendar["username"], calendar["state"]) == (
                radicale.url, CALDAV_USER, "ok")
            # the team server opens the app password: the CalDAV server lets it in
            synced = await http.post("/users/me/calendar/sync/", headers=headers)
            assert synced.status_code == 200, synced.text
            assert (synced.json()["state"], synced.json()["last_error"]) == ("ok", "")
            assert synced.json()["busy_count"] == len(expected["busy_times"])
            feed = await http.get("/users/me/feed_token/", headers=headers)
            assert feed.status_code == 200 and feed.json()["token"] == calendar_profile.feed_token
            subscription = await http.get(f"/feeds/{calendar_profile.feed_token}.ics")
            assert subscription.status_code == 200 and b"BEGIN:VCALENDAR" in subscription.content


def test_without_the_team_servers_secret_key_a_calendar_is_not_copied_unreadable(calendar_profile,
                                                                                 team_url, tmp_path):
    source = _solo_copy(calendar_profile, tmp_path / "solo")
    message = _refused(_copy_command(source, team_url, env=_environment()), "SECRET_KEY",
                       "calendar passwords and feed tokens")
    assert "planner-server run" in message
    assert all(not rows for rows in _rows(team_url).values())
    help_text = subprocess.run([COMMAND, "copy-data", "--help"], capture_output=True, text=True,
                               timeout=60).stdout
    assert "SECRET_KEY" in help_text and "--from-secret-file" in help_text
    assert "--keep-unreadable-secrets" in help_text


def test_the_built_in_servers_key_is_needed_to_move_its_secrets(calendar_profile, team_url, tmp_path):
    source = _solo_copy(calendar_profile, tmp_path / "solo", with_key=False)
    environment = _environment(SECRET_KEY=TEAM_KEY)
    _refused(_copy_command(source, team_url, env=environment), "secret_key", "--from-secret-file",
             "--keep-unreadable-secrets")
    wrong = tmp_path / "wrong_key"
    wrong.write_text("another-installation-key-that-is-long-enough-000")
    _refused(_copy_command(source, team_url, "--from-secret-file", str(wrong), env=environment),
             "cannot be opened", "--keep-unreadable-secrets")
    assert all(not rows for rows in _rows(team_url).values())
    kept = tmp_path / "kept" / SECRET_FILE  # the key, kept apart from the database file
    kept.parent.mkdir()
    shutil.copy(calendar_profile.database.parent / SECRET_FILE, kept)
    result = _copy_command(source, team_url, "--from-secret-file", str(kept), env=environment)
    assert result.returncode == 0, result.stderr
    [account] = _named_rows(team_url, ("calendar_accounts",))["calendar_accounts"]
    assert SecretBox(TEAM_KEY, SECRETS_PURPOSE).open(account["password_encrypted"]) == CALDAV_PASSWORD


def test_secrets_of_a_lost_key_are_copied_as_they_were_when_asked_and_named(calendar_profile, team_url,
                                                                             tmp_path):
    source = _solo_copy(calendar_profile, tmp_path / "solo", with_key=False)
    expected = _named_rows(f"sqlite:///{source}", ("calendar_accounts", "feed_tokens"))
    result = _copy_command(source, team_url, "--keep-unreadable-secrets",
                           env=_environment(SECRET_KEY=TEAM_KEY))
    assert result.returncode == 0, result.stderr
    assert calendar_profile.specialist in result.stderr and "connect" in result.stderr
    assert _named_rows(team_url, ("calendar_accounts", "feed_tokens")) == expected  # as they were
