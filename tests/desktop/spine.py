"""Helpers for the application-level tests: a real embedded server, the real Application."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from planner_desktop.api import ApiClient
from planner_desktop.app import build_parser
from planner_desktop.application import Application
from planner_desktop.embedded import EmbeddedServer
from planner_shared.enums import Role
from planner_shared.schemas import UserCreate, UserRead

PASSWORD = "secret123"
WAIT_MS = 10_000
_numbers = itertools.count(1)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedServer]:
    """One real embedded server (SQLite in a temporary folder) for a test module."""
    embedded = EmbeddedServer(tmp_path_factory.mktemp("server"))
    embedded.start()
    yield embedded
    embedded.stop()


def held_long_polls(server: EmbeddedServer) -> int:
    """How many feed requests ``server`` holds open right now, waiting for a change (its sync hub's
    waiters): the event a test waits for before acting on a held long-poll."""
    from planner_server.sync.feature import hub_of  # the server's own state, as in tests/server/sync

    async def count(context: Any) -> int:
        hub = hub_of(context)
        return 0 if hub is None else hub.waiting

    return server.call(count)


def unique_email(role: str) -> str:
    return f"{role}{next(_numbers)}-{id(object())}@example.com"


def account(url: str, role: Role, *, password: str = PASSWORD) -> tuple[ApiClient, UserRead, str]:
    """Register and sign in a fresh user through the API, as another desktop would."""
    email = unique_email(role.value)
    api = ApiClient(url)
    api.register(UserCreate(first_name=role.value.title(), last_name=f"Tester{next(_numbers)}",
                            email=email, role=role, password=password))
    api.sign_in(email, password)
    return api, api.me(), email


def admin_account(server: EmbeddedServer) -> tuple[ApiClient, str]:
    email = unique_email("admin")
    server.create_admin(email, PASSWORD)
    api = ApiClient(server.url)
    api.sign_in(email, PASSWORD)
    return api, email


@pytest.fixture
def start_app(qapp: QApplication, tmp_path: Path) -> Iterator[Callable[..., Application]]:
    """start_app(*argv) → a started Application on a profile in this test's folder."""
    started: list[Application] = []

    def start(*argv: str, profile: str = "profile") -> Application:
        args = build_parser().parse_args(["--data-dir", str(tmp_path / profile), *argv])
        app = Application(qapp, args)
        app.sync_backoff = (0.1, 0.2, 0.4)
        started.append(app)
        app.start()
        return app

    yield start
    for app in started:
        app.shutdown()
        app.setParent(None)


def sign_in(app: Application, email: str, password: str = PASSWORD) -> None:
    dialog = app.dialog
    assert dialog is not None
    dialog.tabs.setCurrentIndex(0)
    dialog.email_edit.setText(email)
    dialog.password_edit.setText(password)
    dialog.sign_in_button.click()
