"""The built-in server: its files in the data folder, the demo population, a clean stop."""

from __future__ import annotations

import ast
import socket
import threading
from collections import Counter
from pathlib import Path

import pytest

import planner_desktop
from planner_desktop.api import ApiClient
from planner_desktop.app import build_parser, prestart_server
from planner_desktop.embedded import EmbeddedServer, EmbeddedServerError
from planner_shared import demo
from planner_shared.enums import Outcome, Role, SlotStatus
from planner_shared.errors import Unavailable
from tests.desktop.spine import WAIT_MS, held_long_polls

HELD_SECONDS = 25  # a long-poll's wait, far longer than the stop may take


def test_demo_fills_an_empty_database_once_with_a_lively_fortnight(tmp_path: Path) -> None:
    server = EmbeddedServer(tmp_path, demo=True)
    url = server.start()
    try:
        assert server.seeded
        assert {p.name for p in tmp_path.iterdir()} >= {"planner.sqlite3", "secret_key"}
        admin = ApiClient(url)
        admin.sign_in(demo.ADMIN.email, demo.DEMO_PASSWORD)
        users = admin.users()
        assert {u.email for u in users} == {a.email for a in demo.EVERYONE}
        assert {u.email for u in users if u.is_blocked} == {demo.BLOCKED_CLIENT.email}
        assert {u.role for u in users} == {Role.ADMIN, Role.SPECIALIST, Role.CLIENT}
        specialist = ApiClient(url)
        specialist.sign_in(demo.SPECIALISTS[0].email, demo.DEMO_PASSWORD)
        statuses = Counter(s.status for s in specialist.slots())
        assert statuses[SlotStatus.FREE] >= 10
        assert statuses[SlotStatus.AGREEMENT] >= 1 and statuses[SlotStatus.RESERVED] >= 1
        everyone = [s for a in demo.CLIENTS for s in _signed_in(url, a.email).history()]
        assert any(entry.outcome is Outcome.CANCELLED_BY_CLIENT for entry in everyone)
    finally:
        server.stop()

    again = EmbeddedServer(tmp_path, demo=True)  # a used database is left alone
    again.start()
    try:
        assert not again.seeded
        assert len(_signed_in(again.url, demo.ADMIN.email).users()) == len(demo.EVERYONE)
    finally:
        again.stop()


def test_stop_answers_a_held_long_poll_and_a_restart_keeps_the_address(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    server = EmbeddedServer(tmp_path)
    url = server.start()
    server.create_admin("boss@example.com", "secret123")
    api = _signed_in(url, "boss@example.com", "secret123")
    cursor = api.sync().cursor
    outcome: list[object] = []
    answered = threading.Event()

    def poll() -> None:
        outcome.append(_try(lambda: api.sync(cursor, wait=HELD_SECONDS)))
        answered.set()

    threading.Thread(target=poll, daemon=True).start()
    qtbot.waitUntil(lambda: held_long_polls(server) == 1, timeout=WAIT_MS)  # the server holds it
    server.stop()
    assert answered.wait(HELD_SECONDS / 2) and outcome  # answered by the stop, not held to its end
    assert isinstance(outcome[0], Exception) or not outcome[0].changes  # type: ignore[union-attr]
    with pytest.raises(Unavailable):
        _signed_in(url, "boss@example.com", "secret123")
    assert server.start() == url
    try:
        assert api.me().email == "boss@example.com"  # same secret: old tokens still valid
    finally:
        server.stop()


def test_only_embedded_imports_the_server() -> None:
    root = Path(planner_desktop.__file__).parent
    importers = set()
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(name.split(".")[0] == "planner_server" for name in names):
                importers.add(path.relative_to(root).as_posix())
    assert importers == {"embedded.py"}


def test_embedded_only_starts_stops_and_calls_the_server() -> None:
    """No tables of its own: no SQLAlchemy, no server models (the demo is seeded by the server)."""
    path = Path(planner_desktop.__file__).parent / "embedded.py"
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            modules.add(node.module or "")
    assert not {m for m in modules if m.split(".")[0] == "sqlalchemy" or m.endswith(".models")}


def _signed_in(url: str, email: str, password: str = demo.DEMO_PASSWORD) -> ApiClient:
    api = ApiClient(url)
    api.sign_in(email, password)
    return api


def _try(work):  # type: ignore[no-untyped-def]
    try:
        return work()
    except Exception as error:
        return error


def test_a_taken_port_is_reported_readably(tmp_path: Path) -> None:
    first = EmbeddedServer(tmp_path / "one")
    first.start()
    try:
        second = EmbeddedServer(tmp_path / "two", port=first.port)
        with pytest.raises(EmbeddedServerError) as error:
            second.start()
        assert f"Port {first.port}" in error.value.detail and error.value.code == "embedded_failed"
    finally:
        first.stop()


def test_a_profiles_built_in_server_keeps_its_port_and_port_overrides_it(tmp_path: Path) -> None:
    first = EmbeddedServer.of_profile(tmp_path)
    url = first.start()
    first.stop()
    again = EmbeddedServer.of_profile(tmp_path)  # the next start of the application
    try:
        assert again.start() == url
    finally:
        again.stop()
    with socket.socket() as probe:  # a port nobody uses now
        probe.bind(("127.0.0.1", 0))
        chosen = probe.getsockname()[1]
    asked = prestart_server(build_parser().parse_args(["--port", str(chosen)]), tmp_path)
    try:
        assert asked.start() == f"http://127.0.0.1:{chosen}"
    finally:
        asked.stop()
    remembered = EmbeddedServer.of_profile(tmp_path)  # and kept from then on
    try:
        assert remembered.start() == f"http://127.0.0.1:{chosen}"
    finally:
        remembered.stop()


def test_a_remembered_port_taken_meanwhile_is_given_up_for_a_free_one(tmp_path: Path) -> None:
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        (tmp_path / "server").mkdir()
        (tmp_path / "server" / "port").write_text(str(squatter.getsockname()[1]))
        server = EmbeddedServer.of_profile(tmp_path)
        try:
            url = server.start()
            assert server.port != squatter.getsockname()[1]
            assert (tmp_path / "server" / "port").read_text().strip() == str(server.port)
            assert ApiClient(url).health()
        finally:
            server.stop()
