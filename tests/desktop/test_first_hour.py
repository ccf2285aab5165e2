"""Issue #14, part B: what a new user ran into in the first hour, each checked through the widgets.

Validation said in words under the field (not the validator's pattern), marks that clear as the
field is fixed, errors that stay on their page; notices over the content that go away by
themselves; counters, the cost limit and typing into times in the slot forms; one formatting; plural
forms; save dialogs in Documents; the F1 table; the icon and the dark palette.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QCoreApplication, QDate, QDateTime, Qt, QTime
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget

from planner_desktop import i18n, save_folder, theme
from planner_desktop.api import ApiClient
from planner_desktop.connect import Servers
from planner_desktop.embedded import EmbeddedServer
from planner_desktop.errors import reporter
from planner_desktop.identity import identify
from planner_desktop.models.users import UserColumn
from planner_desktop.settings import AppSettings
from planner_desktop.tasks import Tasks
from planner_desktop.widgets import toast
from planner_desktop.widgets.status_legend import STYLES
from planner_desktop.widgets.week_help import KEYS, MOUSE
from planner_desktop.windows.admin.window import AdminWindow
from planner_desktop.windows.sign_in import SignInDialog
from planner_desktop.windows.specialist.dialogs import ReasonDialog, SeriesDialog, SlotForm
from planner_desktop.windows.specialist.window import SpecialistWindow
from planner_shared import rules
from planner_shared.enums import Role, SlotStatus
from planner_shared.schemas import SlotRead, UserCreate
from tests.desktop.role_session import PASSWORD, open_session

__all__ = ["open_session"]

WAIT_MS = 10_000
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def quick_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Notices and status lines that go away in a blink (the readable time is what is tested)."""
    monkeypatch.setattr(toast, "MIN_MS", 50)
    monkeypatch.setattr(toast, "PER_CHARACTER_MS", 0)


@pytest.fixture
def russian(qapp: QApplication) -> Iterator[None]:
    i18n.install(qapp, "ru")
    yield
    i18n.install(qapp, "en")


@pytest.fixture(autouse=True)
def english(qapp: QApplication) -> None:
    i18n.install(qapp, "en")  # as the application does at start (English plural forms included)


# --- the registration form (defects 4 and 8) ---------------------------------------------------------

@pytest.fixture
def dialog(qtbot, tmp_path: Path) -> Iterator[SignInDialog]:  # type: ignore[no-untyped-def]
    tasks = Tasks()
    profile = tmp_path / "profile"
    window = SignInDialog(Servers(profile), AppSettings(profile), tasks, fixed_server="http://127.0.0.1:9",
                          resume=False)
    qtbot.addWidget(window)
    window.show()
    window.tabs.setCurrentIndex(1)
    yield window
    tasks.shutdown(wait=True)


def test_registration_problems_are_words_under_their_fields(qtbot, dialog) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(dialog.first_name_edit, "Maria")
    qtbot.keyClicks(dialog.reg_email_edit, "maria.example.com")
    qtbot.keyClicks(dialog.phone_edit, "call me")
    qtbot.keyClicks(dialog.reg_password_edit, "abcdefgh")
    dialog.register_button.click()
    marked = dialog.marks.marked()
    assert set(marked) == {"last_name", "email", "phone", "password"}
    assert marked["last_name"] == "Enter the last name."
    assert marked["email"] == "Enter an email address such as name@example.com."
    assert marked["phone"].startswith("Enter a phone number") and "pattern" not in marked["phone"]
    assert marked["password"] == "The password still needs a digit (0–9)."  # says what, not "below"
    assert dialog.phone_edit.property("invalid") is True and dialog.marks.labels["phone"].isVisible()
    assert not dialog.error_label.isVisible()  # each said where it belongs, nothing at the bottom
    assert dialog.phone_edit.hasFocus() is False and dialog.last_name_edit.hasFocus()  # the first one


def test_registration_marks_clear_as_each_field_is_fixed(qtbot, dialog) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(dialog.phone_edit, "call me")
    qtbot.keyClicks(dialog.reg_password_edit, "abc")
    dialog.register_button.click()
    assert {"phone", "password"} <= set(dialog.marks.marked())
    dialog.phone_edit.selectAll()
    qtbot.keyClicks(dialog.phone_edit, "+7 900 000-20-01")
    assert "phone" not in dialog.marks.marked() and dialog.phone_edit.property("invalid") is False
    assert "password" in dialog.marks.marked()  # still wrong: still said
    qtbot.keyClicks(dialog.reg_password_edit, "12345")
    assert set(dialog.marks.marked()) == {"first_name", "last_name", "email"}
    qtbot.keyClicks(dialog.first_name_edit, "M")
    assert set(dialog.marks.marked()) == {"last_name", "email"}
    qtbot.keyClicks(dialog.phone_edit, "x")  # typing into a field not marked marks nothing new
    assert set(dialog.marks.marked()) == {"last_name", "email"}


def test_an_error_of_one_page_is_not_shown_on_the_other(qtbot, dialog) -> None:  # type: ignore[no-untyped-def]
    dialog.tabs.setCurrentIndex(0)
    dialog.submit_sign_in()  # nothing entered
    assert dialog.error_label.isVisible()
    dialog.tabs.setCurrentIndex(1)
    assert not dialog.error_label.isVisible()
    dialog.tabs.setCurrentIndex(0)
    dialog.submit_sign_in()
    qtbot.keyClicks(dialog.email_edit, "a")  # editing the fields clears it too
    assert not dialog.error_label.isVisible()


# --- a server, people and windows ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedServer]:
    embedded = EmbeddedServer(tmp_path_factory.mktemp("first-hour"))
    embedded.start()
    embedded.create_admin("root@example.com", PASSWORD)
    for n in range(2):
        ApiClient(embedded.url).register(UserCreate(first_name="Ann", last_name=f"Client{n}",
                                                    role=Role.CLIENT, email=f"client{n}@example.com",
                                                    password=PASSWORD))
    yield embedded
    embedded.stop()


def signed_in(server: EmbeddedServer, email: str) -> ApiClient:
    api = ApiClient(server.url)
    api.sign_in(email, PASSWORD)
    return api


@pytest.fixture
def admin(qtbot, server, open_session) -> AdminWindow:  # type: ignore[no-untyped-def]
    window = AdminWindow(open_session(signed_in(server, "root@example.com")))
    qtbot.addWidget(window)
    window.resize(1180, 700)
    window.show()
    qtbot.waitUntil(lambda: window.model.rowCount() == 3, timeout=WAIT_MS)
    return window


def row_of(window: AdminWindow, email: str) -> int:
    return next(r for r in range(window.model.rowCount()) if window.model.user_at(r).email == email)


def test_an_invalid_cell_is_explained_in_words_under_a_fitting_title(qtbot, admin) -> None:  # type: ignore[no-untyped-def]
    row = row_of(admin, "client0@example.com")
    cell = admin.proxy.mapFromSource(admin.model.index(row, UserColumn.PHONE))
    with qtbot.waitSignal(reporter().shown) as shown:
        admin.proxy.setData(cell, "call me")
    title, message = shown.args
    assert title == "Please check the input"  # not "Not allowed": nothing was forbidden
    assert message.startswith("Enter a phone number") and "pattern" not in message and "String" not in message


def test_the_user_form_marks_the_fields_it_refuses(qtbot, admin) -> None:  # type: ignore[no-untyped-def]
    admin.select_users([admin.model.user_at(row_of(admin, "client1@example.com")).id])
    form = admin.edit_selected()
    assert form is not None
    form.phone.setText("call me")
    form.last_name.setText("")
    form.accept()
    assert form.isVisible() and set(form.marks.marked()) == {"phone", "last_name"}
    assert form.last_name.property("invalid") is True
    form.last_name.setText("Fixed")
    form.last_name.textEdited.emit("Fixed")
    assert set(form.marks.marked()) == {"phone"}
    form.reject()


def test_block_confirmation_and_export_say_their_counts_in_words(qtbot, admin, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    clients = [admin.model.user_at(row_of(admin, f"client{n}@example.com")).id for n in range(2)]
    admin.select_users(clients[:1])
    one = admin.set_blocked(True)
    assert one is not None and one.text().startswith("Block 1 user? ")
    one.reject()
    admin.select_users(clients)
    two = admin.set_blocked(True)
    assert two is not None and two.text().startswith("Block 2 users? ")
    two.reject()
    assert admin.count_label.text() == "3 of 3 users"
    chosen = tmp_path / "out" / "users.csv"
    chosen.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(chosen), ""))
    admin.choose_export_file()
    qtbot.waitUntil(lambda: admin.status.text() == f"Exported 3 users to {chosen}.", timeout=WAIT_MS)
    assert save_folder.start_folder(admin.session.settings) == chosen.parent  # remembered for next time


def test_status_lines_empty_themselves(qtbot, admin, quick_messages) -> None:  # type: ignore[no-untyped-def]
    admin.say("Saved: Ann Client0.")
    assert admin.status.text() == "Saved: Ann Client0."
    qtbot.waitUntil(lambda: admin.status.text() == "", timeout=WAIT_MS)
    admin.say("Saving…", lasting=True)
    assert admin.status.timer.isActive() is False  # a state that holds until the answer


def test_in_russian_the_created_column_is_whole(qtbot, server, open_session, russian) -> None:  # type: ignore[no-untyped-def]
    admin = AdminWindow(open_session(signed_in(server, "root@example.com")))
    qtbot.addWidget(admin)
    admin.resize(1180, 700)  # the shell's default size
    admin.show()
    qtbot.waitUntil(lambda: admin.model.rowCount() == 3, timeout=WAIT_MS)
    table = admin.table
    for row in range(admin.proxy.rowCount()):
        text = admin.proxy.index(row, UserColumn.CREATED).data()
        assert table.fontMetrics().horizontalAdvance(text) < table.columnWidth(UserColumn.CREATED)
    right_edge = table.columnViewportPosition(UserColumn.CREATED) + table.columnWidth(UserColumn.CREATED)
    assert right_edge <= table.viewport().width()  # all of it in the window at the default size


def test_save_dialogs_start_in_documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # what `make run` does: the checkout is the working directory
    folder = save_folder.start_folder(AppSettings(tmp_path / "profile"))
    assert folder != tmp_path and folder.is_dir()
    assert folder.name == "Documents" or folder == Path.home()


# --- the specialist's forms and notices --------------------------------------------------------------

@pytest.fixture
def specialist(qtbot, server, open_session) -> SpecialistWindow:  # type: ignore[no-untyped-def]
    email = f"specialist{id(qtbot)}@example.com"
    ApiClient(server.url).register(UserCreate(first_name="Irina", last_name="Petrova", role=Role.SPECIALIST,
                                              email=email, password=PASSWORD))
    window = SpecialistWindow(open_session(signed_in(server, email)), tz=BERLIN)
    qtbot.addWidget(window)
    window.resize(1250, 760)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_a_notice_covers_nothing_it_moves_and_goes_away(qtbot, specialist, quick_messages) -> None:  # type: ignore[no-untyped-def]
    before = specialist.view.geometry()
    start = datetime.now(timezone.utc) - timedelta(days=3)
    specialist.draft(start, start + timedelta(hours=1))  # refused: in the past
    assert specialist.notice.isVisible() and specialist.notice.text() == "This time has already passed."
    assert specialist.view.geometry() == before  # over the calendar, not above it
    qtbot.waitUntil(lambda: not specialist.notice.isVisible(), timeout=WAIT_MS)


def test_the_help_is_a_table_of_keys(specialist) -> None:  # type: ignore[no-untyped-def]
    specialist.show_help()
    box = specialist.help_box
    assert box.textFormat() == Qt.TextFormat.RichText
    assert box.text().count("<tr>") == len(MOUSE) + len(KEYS) and "Ctrl+Z" in box.text()
    box.close()


def form(qtbot, **values) -> SlotForm:  # type: ignore[no-untyped-def]
    start = datetime(2030, 3, 4, 9, 0, tzinfo=timezone.utc)
    dialog = SlotForm(None, tz=BERLIN, start=start, end=start + timedelta(hours=1), context="",
                      cost=Decimal("50"), **values)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_the_slot_form_is_wide_and_counts_the_context(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = form(qtbot)
    average = dialog.context_edit.fontMetrics().averageCharWidth()
    assert dialog.context_edit.width() >= 55 * average  # about 60 characters shown, not 27
    counter = dialog.findChild(QWidget, "charCounter")
    assert counter is not None and counter.text() == "0 / 255"
    dialog.context_edit.setText("x" * 300)
    assert len(dialog.context_edit.text()) == 255 and counter.text() == "255 / 255"
    assert counter.toolTip() != ""  # says the limit is reached


def test_the_cost_limit_is_said(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = form(qtbot)
    dialog.cost_edit.setFocus()
    dialog.cost_edit.lineEdit().selectAll()
    qtbot.keyClicks(dialog.cost_edit, "1000000")
    assert dialog.cost_edit.value() < float(rules.COST_MAX)
    assert dialog.problem.isVisible() and dialog.problem.text() == "The cost must be below 1,000,000.00."


def test_digits_typed_into_the_time_replace_it(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = form(qtbot)
    edit = dialog.start_edit
    edit.setFocus()
    edit.lineEdit().setCursorPosition(len(edit.text()) - 3)  # just after the hour, as a click leaves it
    qtbot.keyClicks(edit, "14")
    assert edit.dateTime().time() == QTime(14, 0)
    edit.lineEdit().setCursorPosition(len(edit.text()))
    qtbot.keyClicks(edit, "35")
    assert edit.dateTime().time() == QTime(14, 35)
    assert edit.dateTime().date() == QDate(2030, 3, 4)
    assert dialog.end_edit.dateTime() == QDateTime(QDate(2030, 3, 4), QTime(15, 35), edit.timeZone())


def test_the_decline_comment_and_series_context_are_counted(qtbot) -> None:  # type: ignore[no-untyped-def]
    now = datetime(2030, 3, 4, 9, 0, tzinfo=timezone.utc)
    end = now + timedelta(hours=1)
    slot = SlotRead(id=1, specialist=1, specialist_name="Irina", start_time=now, end_time=end, context="",
                    cost=Decimal("45.5"), status=SlotStatus.AGREEMENT, client=2, client_name="Ann",
                    updated_at=now, version=1)
    reason = ReasonDialog(None, slot, BERLIN, agreed=False)
    qtbot.addWidget(reason)
    reason.comment.setText("y" * 300)
    assert len(reason.comment.text()) == 255 and reason.counter.text() == "255 / 255"
    series = SeriesDialog(None, tz=BERLIN, start=now, end=end, context="", cost=Decimal(0))
    qtbot.addWidget(series)
    assert series.findChild(QWidget, "charCounter") is not None


# --- one look: icon, dark palette, statuses -----------------------------------------------------------

def test_the_application_has_an_icon_and_a_dark_palette_when_asked(qapp: QApplication) -> None:
    before = qapp.palette()
    try:
        identify(qapp)
        theme.apply(qapp)
        assert not qapp.windowIcon().isNull()
        theme.follow_scheme(qapp, dark=True)
        assert theme.is_dark(qapp.palette())
        assert qapp.palette().color(QPalette.ColorRole.Text).lightness() > 180
        theme.follow_scheme(qapp, dark=False)
        assert not theme.is_dark(qapp.palette())
    finally:
        qapp.setPalette(before)


def test_statuses_differ_by_more_than_colour_in_either_palette() -> None:
    looks = [(style.fill.name(), style.pattern, style.border_style, style.mark) for style in STYLES.values()]
    assert len({look[0] for look in looks}) == len(looks)  # colour
    assert len({look[1:] for look in looks}) == len(looks)  # and pattern, border, mark (palette-free)
    for style in STYLES.values():  # their own text colour on their own fill: readable on any window
        assert abs(style.text.lightness() - style.fill.lightness()) > 90


# --- words -------------------------------------------------------------------------------------------

@pytest.mark.usefixtures("russian")
def test_undo_and_cancel_are_different_words_in_russian() -> None:
    undo = QCoreApplication.translate("SpecialistWindow", "&Undo").replace("&", "")
    cancel = QCoreApplication.translate("SpecialistWindow", "&Cancel consultation…").replace("&", "")
    assert undo.split()[0] != cancel.split()[0]
    assert not undo.startswith("Отмен")


def test_a_readable_time_grows_with_the_words() -> None:
    assert toast.readable_ms("Saved.") == toast.MIN_MS
    assert toast.MIN_MS < toast.readable_ms("x" * 200) <= toast.MAX_MS
