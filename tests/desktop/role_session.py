"""A real embedded server with the demo population, and real sessions on it, for role-window tests.

``demo_server`` starts one server per test module (the demo seeding takes a moment); tests create
their own users on it so they never depend on each other's changes.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from planner_desktop.api import ApiClient
from planner_desktop.embedded import EmbeddedServer
from planner_desktop.session import Session
from planner_desktop.settings import AppSettings
from planner_desktop.store import Store
from planner_desktop.sync import Syncer
from planner_desktop.tasks import Tasks
from planner_desktop.windows.specialist.window import SpecialistWindow
from planner_shared import demo
from planner_shared.enums import Role
from planner_shared.schemas import SlotCreate, UserCreate, UserRead

PASSWORD = "secret123"
BERLIN = ZoneInfo("Europe/Berlin")
WAIT_MS = 10_000
_numbers = itertools.count(1)


class DemoServer(str):
    """The server's base URL (a str, so API clients take it as is) that also knows its database."""

    database: Path


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoServer]:
    server = EmbeddedServer(tmp_path_factory.mktemp("embedded"), demo=True)
    url = DemoServer(server.start())
    url.database = server.database_path
    yield url
    server.stop()


def fail_latest_email(server: DemoServer, error: str) -> int:
    """Mark the newest email of the outbox failed, as an SMTP outage would leave it; its id."""
    with sqlite3.connect(server.database) as db:
        (message_id,) = db.execute("SELECT max(id) FROM outbox").fetchone()
        db.execute("UPDATE outbox SET status = 'failed', last_error = ?, claim_token = NULL "
                   "WHERE id = ?", (error, message_id))
    return int(message_id)


def new_account(url: str, role: Role, first_name: str = "", **fields: str) -> tuple[ApiClient, UserRead]:
    """Register a fresh user and sign it in (an API client of its own, as another desktop would)."""
    n = next(_numbers)
    api = ApiClient(url)
    data = UserCreate(first_name=first_name or f"{role.value.title()}{n}", last_name=f"Tester{n}",
                      email=f"{role.value}{n}-{id(api)}@example.com", role=role, password=PASSWORD,
                      **fields)
    api.register(data)
    api.sign_in(str(data.email), PASSWORD)
    return api, api.me()


def signed_in(url: str, email: str, password: str) -> ApiClient:
    api = ApiClient(url)
    api.sign_in(email, password)
    return api


def admin_api(url: str) -> ApiClient:
    return signed_in(url, demo.ADMIN.email, demo.DEMO_PASSWORD)


def future_slot(api: ApiClient, *, days: float = 3, hour: int = 10, minutes: int = 60,
                context: str = "Consultation", cost: str = "50.00") -> int:
    """Create a free slot ``days`` ahead at ``hour`` UTC; its id."""
    day = datetime.now(timezone.utc).replace(hour=hour, minute=0, second=0, microsecond=0)
    start = day + timedelta(days=days)
    slot = api.create_slot(SlotCreate(start_time=start, end_time=start + timedelta(minutes=minutes),
                                      context=context, cost=Decimal(cost)))
    return slot.id


@pytest.fixture
def open_session(qapp, tmp_path: Path) -> Iterator[Callable[[ApiClient], Session]]:  # type: ignore[no-untyped-def]
    """open_session(api) → a started Session for that signed-in client; all ended after the test."""
    opened: list[Session] = []

    def make(api: ApiClient) -> Session:
        store = Store()
        tasks = Tasks()
        session = Session(api=api, store=store, tasks=tasks, sync=Syncer(api, store, wait=5),
                          user=api.me(), settings=AppSettings(tmp_path / f"profile{len(opened)}"),
                          server_label="embedded")
        session.start()
        opened.append(session)
        return session

    yield make
    for session in opened:
        session.end()
        session.tasks.shutdown(wait=True)
        session.api.close()


def specialist_window(qtbot, server: str, open_session: Callable[[ApiClient], Session]  # type: ignore[no-untyped-def]
                      ) -> tuple[SpecialistWindow, UserRead]:
    """A new specialist's window on ``server`` (in Berlin time), shown and online, on next week:
    wholly in the future, whatever the time of the run. Returns the window and the specialist."""
    api, me = new_account(server, Role.SPECIALIST)
    session = open_session(api)
    window = SpecialistWindow(session, tz=BERLIN)
    qtbot.addWidget(window)
    window.resize(1250, 760)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: session.sync.online is True, timeout=WAIT_MS)
    window.view.next_week()
    return window, me
