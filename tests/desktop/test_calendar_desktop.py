"""The specialist's own calendar on the desktop (a real embedded server and a real Radicale): the
connect dialog, busy blocks in the week view, the warning when drawing over busy time, the state
line when the calendar is away; and everyone's calendar subscription dialog."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import caldav
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from bench._radicale import RadicaleServer
from planner_desktop.widgets.week_busy import BusyBlock
from planner_desktop.widgets.week_view import WeekView
from planner_desktop.windows.feed_dialog import FeedDialog
from planner_shared.enums import Role
from tests.desktop.role_session import BERLIN, demo_server, new_account, open_session, specialist_window

__all__ = ["demo_server", "open_session"]  # fixtures used by name below

WAIT_MS = 20_000
# PLANNER_SCREENSHOTS=1: the dialogs and the week are saved into docs/screenshots/ as they are tested
SCREENSHOTS = (Path(__file__).resolve().parents[2] / "docs" / "screenshots"
               if os.environ.get("PLANNER_SCREENSHOTS") else Path("/nonexistent"))


@pytest.fixture
def radicale(tmp_path: Path) -> Iterator[RadicaleServer]:
    server = RadicaleServer(tmp_path / "radicale", {"anna": "app-password-1"})
    server.start()
    yield server
    server.stop()


@pytest.fixture
def window(qtbot, demo_server, open_session):  # type: ignore[no-untyped-def]
    shown, _ = specialist_window(qtbot, demo_server, open_session)
    return shown


def _dentist(radicale: RadicaleServer, view: WeekView) -> tuple[caldav.Calendar, str]:
    client = caldav.DAVClient(url=radicale.url, username="anna", password="app-password-1")
    principal = client.principal()
    work = principal.make_calendar(name="Work", cal_id="work")
    principal.make_calendar(name="Home", cal_id="home")
    principal.make_calendar(name="Tasks", cal_id="tasks", supported_calendar_component_set=["VTODO"])
    start = view.grid.wall_instant(2, 10, 0)
    stamp = lambda moment: moment.astimezone(ZoneInfo("UTC")).strftime("%Y%m%dT%H%M%SZ")  # noqa: E731
    work.save_event("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:dentist\r\n"
                    f"DTSTAMP:20260101T000000Z\r\nDTSTART:{stamp(start)}\r\n"
                    f"DTEND:{stamp(start + timedelta(hours=1))}\r\nSUMMARY:Dentist\r\nEND:VEVENT\r\n"
                    "END:VCALENDAR\r\n")
    return work, radicale.url


def test_connect_dialog_busy_blocks_and_the_warning(qtbot, window, radicale) -> None:  # type: ignore[no-untyped-def]
    _, url = _dentist(radicale, window.view)
    window.open_calendar_dialog()
    dialog = window.calendar_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    dialog.url.setText(url)
    dialog.user.setText("anna")
    dialog.password.setText("wrong")
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "refused" in dialog.status.text(), timeout=WAIT_MS)
    dialog.password.setText("app-password-1")
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.calendars.count() == 3, timeout=WAIT_MS)
    names = {dialog.calendars.item(row).text(): dialog.calendars.item(row) for row in range(3)}
    assert not names["Tasks"].flags() & Qt.ItemFlag.ItemIsEnabled  # no events: nothing to count
    names["Home"].setCheckState(Qt.CheckState.Unchecked)
    dialog.target.setCurrentIndex(dialog.target.findText("Home"))
    assert dialog.busy_hrefs() == ["/anna/work/"]
    if SCREENSHOTS.is_dir():
        dialog.grab().save(str(SCREENSHOTS / "calendar-connect.png"))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.calendar_dialog is None, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: [b.title for b in window.view.busy] == ["Dentist"], timeout=WAIT_MS)
    assert window.calendar is not None and window.calendar.state == "ok"
    assert not window.calendar_status.isVisible()
    if SCREENSHOTS.is_dir():
        window.view.scroll_to_minutes(8 * 60)
        window.grab().save(str(SCREENSHOTS / "calendar-busy-week.png"))

    # drawing a slot over it warns, and the form still opens: the specialist decides
    start = window.view.grid.wall_instant(2, 10, 30)
    window.draft(start, start + timedelta(hours=1))
    assert window.notice.text() == "You have Dentist then."
    assert window.form is not None
    window.form.reject()

    # the calendar goes away: the state line says since when and why
    radicale.stop()
    window.sync_calendar()
    qtbot.waitUntil(lambda: window.calendar_status.isVisible(), timeout=WAIT_MS)
    assert "cannot be reached" in window.calendar_status.text()
    assert [b.title for b in window.view.busy] == ["Dentist"]  # still counted


def test_busy_blocks_are_painted_hatched_under_the_slots(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = WeekView(tz=BERLIN)
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    qtbot.waitExposed(view)
    view.next_week()
    start = view.grid.wall_instant(1, 9, 0)
    view.scroll_to_minutes(8 * 60)
    rect = view.grid.rects_for(start, start + timedelta(hours=2))[0]
    x, y = round(rect.x + rect.width / 2), round(rect.y + rect.height / 2)
    before = view.viewport().grab().toImage()
    view.set_busy([BusyBlock(start, start + timedelta(hours=2), "Board meeting")])
    after = view.viewport().grab().toImage()
    row_before = {QColor(before.pixel(x + dx, y)).name() for dx in range(-20, 20)}
    row_after = {QColor(after.pixel(x + dx, y)).name() for dx in range(-20, 20)}
    assert row_after != row_before and len(row_after) > 1  # hatched: more than one shade
    view.set_busy([])
    assert view.busy == []


def test_calendar_subscription_dialog(qtbot, demo_server, open_session) -> None:  # type: ignore[no-untyped-def]
    api, _ = new_account(demo_server, Role.CLIENT)
    session = open_session(api)
    dialog = FeedDialog(session)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.replace_button.text() == "Turn &on", timeout=WAIT_MS)
    assert not dialog.copy_button.isEnabled()
    qtbot.mouseClick(dialog.replace_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.url.text().endswith(".ics"), timeout=WAIT_MS)
    first = dialog.url.text()
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == first
    qtbot.mouseClick(dialog.replace_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.url.text() not in ("", first), timeout=WAIT_MS)
    if SCREENSHOTS.is_dir():
        dialog.grab().save(str(SCREENSHOTS / "calendar-subscription.png"))
    qtbot.mouseClick(dialog.off_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.url.text() == "", timeout=WAIT_MS)
    assert api.feed() is None


def test_the_calendar_dialogs_speak_russian(qtbot, qapp, demo_server, open_session, radicale) -> None:  # type: ignore[no-untyped-def]
    from planner_desktop import i18n
    from planner_desktop.windows.specialist.calendar_dialog import ConnectCalendarDialog
    from tests.desktop.test_russian_everywhere import english_in

    api, _ = new_account(demo_server, Role.SPECIALIST)
    session = open_session(api)
    i18n.install(qapp, "ru")
    try:
        dialog = ConnectCalendarDialog(session, BERLIN)
        feed = FeedDialog(session)
        for shown in (dialog, feed):
            qtbot.addWidget(shown)
            shown.show()
        qtbot.waitUntil(lambda: feed.replace_button.text() != "", timeout=WAIT_MS)
        dialog.url.setText(radicale.url)
        dialog.user.setText("anna")
        dialog.password.setText("wrong")
        qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.test_button.isEnabled() and dialog.status.text() != "",
                        timeout=WAIT_MS)
        assert dialog.status.text() == "Сервер календаря отклонил имя пользователя или пароль."
        assert english_in(dialog, feed) == {}
    finally:
        i18n.install(qapp, "en")
