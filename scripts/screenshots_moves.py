"""Render a pending proposal of a new time (SPEC §2a) in both windows:
``python scripts/screenshots_moves.py OUTDIR [--language ru]``.

Offscreen, on a fresh embedded server: a specialist (Sofia) and a client (Anna), an agreed
consultation next Tuesday at 10:00 and a new time proposed for Thursday at 14:00; saves
proposal-specialist.png (the calendar's linked ghost) and proposal-client.png (the banner and the
row, with Accept new time / Keep current time).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from planner_desktop import i18n
from planner_desktop.api import ApiClient
from planner_desktop.embedded import EmbeddedServer
from planner_desktop.session import Session
from planner_desktop.settings import AppSettings
from planner_desktop.store import Store
from planner_desktop.sync import Syncer
from planner_desktop.tasks import Tasks
from planner_desktop.windows.client.window import ClientWindow
from planner_desktop.windows.specialist.window import SpecialistWindow
from planner_shared.enums import Role
from planner_shared.schemas import SlotCreate, UserCreate
from scripts.screenshots import save, settle, wait_until

SIZE = (1280, 800)
ZONE = ZoneInfo("Europe/Berlin")
PASSWORD = "secret123"


def account(url: str, role: Role, first: str, last: str) -> ApiClient:
    api = ApiClient(url)
    email = f"{first.lower()}@example.com"
    api.register(UserCreate(first_name=first, last_name=last, email=email, role=role, password=PASSWORD,
                            time_zone="Europe/Berlin"))
    api.sign_in(email, PASSWORD)
    return api


def render(outdir: Path, language: str) -> None:
    outdir.mkdir(parents=True, exist_ok=True)
    qapp = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(qapp, QApplication)
    i18n.install(qapp, language)
    with tempfile.TemporaryDirectory(prefix="planner-moves-") as folder:
        server = EmbeddedServer(Path(folder) / "server")
        url = server.start()
        sofia = account(url, Role.SPECIALIST, "Sofia", "Berg")
        anna = account(url, Role.CLIENT, "Anna", "Lind")
        today = datetime.now(ZONE).date()
        monday = today + timedelta(days=7 - today.weekday())

        def at(day: int, hour: int, minutes: int = 60) -> tuple[datetime, datetime]:
            start = datetime.combine(monday + timedelta(days=day), time(hour), ZONE)
            return start, start + timedelta(minutes=minutes)

        slots = {}
        plan = {"agreed": (1, 10, "Tax return"), "other": (2, 9, "Budget review"),
                "free": (3, 11, "Consultation"), "new": (3, 14, "Tax return")}
        for name, (day, hour, context) in plan.items():
            start, end = at(day, hour)
            slots[name] = sofia.create_slot(SlotCreate(start_time=start, end_time=end, context=context,
                                                       cost=Decimal("60"))).id
        anna.reserve(slots["agreed"])
        sofia.agree(slots["agreed"])
        sofia.propose_move(slots["agreed"], to=slots["new"])
        sessions = []
        try:
            for api, make, name in ((sofia, lambda s: SpecialistWindow(s, tz=ZONE), "proposal-specialist"),
                                    (anna, ClientWindow, "proposal-client")):
                store = Store()
                session = Session(api=api, store=store, tasks=Tasks(), sync=Syncer(api, store, wait=5),
                                  user=api.me(), settings=AppSettings(Path(folder) / name),
                                  server_label="embedded")
                session.start()
                sessions.append(session)
                window = make(session)
                window.resize(*SIZE)
                window.show()
                wait_until(qapp, lambda s=session: s.sync.online and len(s.store) > 0)
                if isinstance(window, SpecialistWindow):
                    window.view.set_week(monday)
                    window.view.scroll_to_minutes(8 * 60)
                else:
                    window.ui.tabs.setCurrentWidget(window.consultations)
                    panel = window.consultations
                    wait_until(qapp, lambda p=panel: not p.banner.isHidden())
                    panel.select(f"slot:{slots['agreed']}")
                settle(qapp, 0.8)
                save(window, outdir / f"{name}.png")
                window.close()
        finally:
            for session in sessions:
                session.end()
                session.tasks.shutdown(wait=True)
            server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--language", default="en", choices=["en", "ru"])
    options = parser.parse_args()
    render(options.outdir, options.language)


if __name__ == "__main__":
    main()
