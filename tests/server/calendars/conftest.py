"""A real CalDAV server (Radicale on 127.0.0.1) with one account, and helpers to fill it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import caldav
import pytest

from bench._radicale import RadicaleServer

USER, PASSWORD = "anna", "app-password-1"


class CalDAV:
    """The specialist's side: what it does in its own calendar application."""

    def __init__(self, server: RadicaleServer) -> None:
        self.server = server
        self.client = caldav.DAVClient(url=server.url, username=USER, password=PASSWORD)
        principal = self.client.principal()
        self.work = principal.make_calendar(name="Work", cal_id="work")
        self.home = principal.make_calendar(name="Home", cal_id="home")
        self.tasks = principal.make_calendar(name="Tasks", cal_id="tasks",
                                             supported_calendar_component_set=["VTODO"])

    def add(self, uid: str, body: str, calendar: Any = None, *, zone: str = "") -> None:
        """An event ``uid`` with the VEVENT lines ``body`` (and a VTIMEZONE block ``zone``)."""
        text = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n" + zone +
                f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20260101T000000Z\r\n" + body.strip() + "\r\n"
                "END:VEVENT\r\nEND:VCALENDAR\r\n")
        (calendar or self.work).save_event(text)

    def add_raw(self, text: str, calendar: Any = None) -> None:
        (calendar or self.work).save_event(text)

    def remove(self, uid: str, calendar: Any = None) -> None:
        (calendar or self.work).event_by_uid(uid).delete()

    def events(self, calendar: Any = None) -> dict[str, Any]:
        """UID → the VEVENT of every event in the calendar."""
        found = {}
        for item in (calendar or self.work).events():
            component = item.icalendar_component
            found[str(component["UID"])] = component
        return found


@pytest.fixture
def radicale(tmp_path: Path) -> Iterator[RadicaleServer]:
    server = RadicaleServer(tmp_path / "radicale", {USER: PASSWORD})
    server.start()
    yield server
    server.stop()


@pytest.fixture
def caldav_account(radicale: RadicaleServer) -> CalDAV:
    return CalDAV(radicale)


def stamp(moment: datetime) -> str:
    """An instant as iCalendar UTC text."""
    return moment.strftime("%Y%m%dT%H%M%SZ")
