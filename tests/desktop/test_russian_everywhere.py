"""In Russian, no English sentence anywhere: every window and dialog walked, every refusal worded.

Three parts: every error code raised anywhere in shared/, server/ and desktop/ has its sentence in
planner_desktop.error_text; every refusal the shared rules and the server's codes produce reads in
Russian; and every visible string of every window and dialog (labels, buttons, menus, actions,
tooltips, tabs, lists, table headers and cells, message boxes) of a specialist, a client and an
administrator, with their dialogs open, is free of English words. The accounts and slots have
Russian names, so any Latin word left is the interface's own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import ValidationError
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QMessageBox,
    QTabWidget,
    QWidget,
)

from planner_desktop import i18n
from planner_desktop.api import ApiClient
from planner_desktop.embedded import EmbeddedServer
from planner_desktop.error_text import KNOWN_CODES, error_message, known
from planner_desktop.shell import Shell
from planner_desktop.windows.admin.window import AdminWindow
from planner_desktop.windows.client.window import ClientWindow
from planner_desktop.windows.specialist.window import SpecialistWindow
from planner_shared import errors as shared_errors
from planner_shared import rules
from planner_shared.enums import Role, SlotStatus
from planner_shared.errors import Conflict, DomainError, Invalid, Throttled, Unavailable
from planner_shared.schemas import SlotCreate, UserCreate
from tests.desktop.role_session import PASSWORD, open_session

__all__ = ["open_session"]

ROOT = Path(__file__).resolve().parents[2]
WAIT_MS = 10_000
# what may stay Latin in a Russian interface: key names, units, addresses, commands, examples, formats
ALLOWED = {"ctrl", "shift", "alt", "home", "enter", "tab", "esc", "delete", "pgup", "pgdown", "utc",
           "csv", "ics", "http", "https", "email", "a–z", "backspace", "del", "ok",
           "english"}  # the language menu names each language in itself
_NOT_WORDS = re.compile(r"[\w.+-]+@[\w.-]+|https?://\S+|<[^>]+>|&\w+;|\b[A-Z][a-z]+/[A-Za-z_]+\b"
                        r"|\bplanner(?:-server)?(?: --?[\w-]+)*")  # a command line to type
_LATIN_WORD = re.compile(r"[A-Za-z]{3,}")


def english_words(text: str) -> list[str]:
    """The Latin words of ``text`` that an interface in Russian should not show."""
    text = _NOT_WORDS.sub(" ", text)
    return [word for word in _LATIN_WORD.findall(text) if word.casefold() not in ALLOWED]


def test_the_detector_finds_english() -> None:
    assert english_words("Phone: String should match pattern") == ["Phone", "String", "should", "match",
                                                                    "pattern"]
    assert english_words("<b>Заявка</b> — anna@example.com, http://h:8000, Ctrl+Shift+N, Europe/Berlin") == []
    assert english_words("командой: planner --server http://127.0.0.1:8000") == []


# --- 1. every code has its sentence -------------------------------------------------------------------

def raised_codes() -> set[str]:
    codes = set()
    for folder in ("shared", "server", "desktop"):
        for path in (ROOT / folder).rglob("*.py"):
            codes |= set(re.findall(r'\bcode="([a-z_]+)"', path.read_text(encoding="utf-8")))
            codes |= set(re.findall(r'_body\([^)]*?"([a-z_]+)"\)', path.read_text(encoding="utf-8")))
    defaults = {cls.default_code for cls in vars(shared_errors).values()
                if isinstance(cls, type) and issubclass(cls, DomainError)}
    return codes | defaults


def test_every_error_code_raised_anywhere_has_its_sentence() -> None:
    codes = raised_codes()
    assert {"slot_in_past", "client_overlap", "login_throttled", "phone_taken", "invalid"} <= codes
    assert sorted(code for code in codes if not known(code)) == []


def test_every_kind_of_email_has_its_words_in_the_outbox_tab(russian) -> None:  # type: ignore[no-untyped-def]
    from planner_desktop.models.outbox import KIND_LABELS, kind_label
    from planner_server.notifications.snapshot import ACCOUNT_KINDS, REMINDER
    from planner_server.slots.events import SlotEvent

    kinds = {event.value for event in SlotEvent} | {REMINDER} | ACCOUNT_KINDS
    assert sorted(kinds - set(KIND_LABELS)) == []
    assert {kind: kind_label(kind) for kind in kinds if english_words(kind_label(kind))} == {}


# --- 2. every refusal reads in Russian ---------------------------------------------------------------

@pytest.fixture
def russian(qapp: QApplication) -> Iterator[None]:
    i18n.install(qapp, "ru")
    yield
    i18n.install(qapp, "en")


def shared_rule_refusals() -> list[DomainError]:
    """What the shared rules answer, each way they can refuse (the desktop asks them first)."""
    start = datetime(2030, 3, 4, 10, 0, tzinfo=timezone.utc)
    refusals: list[DomainError] = []
    hour = timedelta(hours=1)
    for begin, end in ((start, start), (start, start - hour), (start, start + timedelta(minutes=2)),
                       (start, start + 13 * hour), (start - timedelta(days=99 * 365), start),
                       (start.replace(tzinfo=None), start)):
        with pytest.raises(DomainError) as caught:
            rules.check_slot_times(begin, end, now=start - timedelta(days=1))  # type: ignore[arg-type]
        refusals.append(caught.value)
    with pytest.raises(DomainError) as caught:
        rules.check_not_past(start, now=start)
    refusals.append(caught.value)
    for cost in (Decimal("-1"), Decimal("1000000"), Decimal("1.234")):
        with pytest.raises(DomainError) as caught:
            rules.check_cost(cost)
        refusals.append(caught.value)
    with pytest.raises(DomainError) as caught:
        rules.check_password("short")
    refusals.append(caught.value)
    other = rules.Interval(start, start + timedelta(hours=1), 7)
    refusals += [rules.overlap_conflict(start, start + timedelta(hours=1), other),
                 rules.overlap_conflict(start, start + timedelta(minutes=30), other),
                 rules.client_overlap_conflict(other)]
    refusals += [rules.not_editable_conflict(status) for status in SlotStatus]
    for changes in ({"is_blocked": True}, {"role": "client"}, {"is_active": False}):
        refusal = rules.admin_self_change_refusal(changes)
        assert refusal is not None
        refusals.append(refusal)
    return refusals


def server_refusals() -> list[DomainError]:
    """Every known code as the server sends it: its English detail, and its params when it has any."""
    with pytest.raises(ValidationError) as invalid:
        UserCreate(first_name="", last_name="", email="no-at-sign", role=Role.CLIENT, password="x",
                   phone="call me")
    fields = [{k: v for k, v in e.items() if k in ("loc", "msg", "type")} for e in invalid.value.errors()]
    examples: list[DomainError] = [DomainError("English words.", code=code) for code in sorted(KNOWN_CODES)]
    examples += [
        Throttled("Too many failed sign-in attempts. Try again in 59 seconds.", code="login_throttled",
                  params={"seconds": 59}),
        Throttled("Too many failed sign-in attempts. Try again in 5 minutes.", code="login_throttled",
                  params={"seconds": 300}),
        Conflict("You already have a consultation at an overlapping time (2030-03-04 10:00–11:00 UTC).",
                 code="client_overlap", params={"start": "2030-03-04T10:00:00+00:00",
                                                "end": "2030-03-04T11:00:00+00:00"}),
        Conflict("This consultation has already taken place.", code="slot_not_free",
                 params={"status": "completed"}),
        Unavailable("The server at http://127.0.0.1:9 cannot be reached.", code="unreachable",
                    params={"url": "http://127.0.0.1:9"}),
        Invalid("phone: String should match pattern '^\\+?[0-9 ()\\-]{3,32}$'", code="invalid",
                params={"errors": fields}),
        DomainError("Method Not Allowed", code="http_405"),
    ]
    return examples


@pytest.mark.usefixtures("russian")
@pytest.mark.parametrize("source", ["shared rules", "server codes"])
def test_every_refusal_reads_in_russian(source: str) -> None:
    refusals = shared_rule_refusals() if source == "shared rules" else server_refusals()
    english = {f"{e.code}: {error_message(e)}": english_words(error_message(e)) for e in refusals}
    assert {sentence: words for sentence, words in english.items() if words} == {}


# --- 3. every window and dialog, walked ------------------------------------------------------------

def texts_of(root: QWidget) -> list[str]:
    """Every string a person can see in ``root`` and its children (and the actions they offer)."""
    found: list[str] = [root.windowTitle(), root.toolTip()]
    widgets = [root, *root.findChildren(QWidget)]
    actions: list[QAction] = []
    for widget in widgets:
        found.append(widget.toolTip())
        actions += widget.actions()
        if isinstance(widget, QLabel | QAbstractButton):
            found.append(widget.text())
        elif isinstance(widget, QLineEdit):
            found.append(widget.placeholderText())
        elif isinstance(widget, QGroupBox):
            found.append(widget.title())
        elif isinstance(widget, QTabWidget):
            found += [widget.tabText(i) for i in range(widget.count())]
        elif isinstance(widget, QComboBox):
            found += [widget.itemText(i) for i in range(widget.count())]
        elif isinstance(widget, QAbstractSpinBox):
            found += [widget.specialValueText(), getattr(widget, "suffix", lambda: "")()]
        elif isinstance(widget, QMenu):
            found.append(widget.title())
        elif isinstance(widget, QMessageBox):
            found += [widget.text(), widget.informativeText()]
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            found += model_texts(widget)
    for action in actions:
        found += [action.text(), action.toolTip()]
        menu = action.menu()
        if isinstance(menu, QMenu):
            found.append(menu.title())
            found += [a.text() for a in menu.actions()]
    return [text for text in found if text]


def model_texts(view: QAbstractItemView) -> list[str]:
    model = view.model()
    columns = 1 if isinstance(view, QListView) else model.columnCount()
    texts = [str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in range(columns)]
    for row in range(min(model.rowCount(QModelIndex()), 30)):
        for column in range(columns):
            index = model.index(row, column, QModelIndex())
            texts += [str(index.data() or ""), str(index.data(Qt.ItemDataRole.ToolTipRole) or "")]
    return texts


def english_in(*roots: QWidget) -> dict[str, list[str]]:
    return {text: words for root in roots for text in texts_of(root) if (words := english_words(text))}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedServer]:
    embedded = EmbeddedServer(tmp_path_factory.mktemp("russian"))
    embedded.start()
    yield embedded
    embedded.stop()


def account(url: str, role: Role, first: str, last: str, email: str) -> ApiClient:
    api = ApiClient(url)
    api.register(UserCreate(first_name=first, last_name=last, email=email, role=role, password=PASSWORD,
                            phone="+7 900 000-00-0" + str(len(email) % 10)))
    api.sign_in(email, PASSWORD)
    return api


@pytest.fixture(scope="module")
def people(server: EmbeddedServer) -> dict[str, ApiClient]:
    url = server.url
    server.create_admin("admin@example.com", PASSWORD, first_name="Ольга", last_name="Админова")
    admin = ApiClient(url)
    admin.sign_in("admin@example.com", PASSWORD)
    specialist = account(url, Role.SPECIALIST, "Ирина", "Петрова", "irina@example.com")
    client = account(url, Role.CLIENT, "Анна", "Смирнова", "anna@example.com")
    monday = (datetime.now(timezone.utc) + timedelta(days=7)).replace(hour=9, minute=0, second=0,
                                                                      microsecond=0)
    ids = []
    for day, context in enumerate(("Разбор резюме", "Подготовка к собеседованию", "Карьерный план")):
        start = monday + timedelta(days=day)
        ids.append(specialist.create_slot(SlotCreate(start_time=start, end_time=start + timedelta(hours=1),
                                                     context=context, cost=Decimal("1250.50"))).id)
    client.reserve(ids[0])
    client.reserve(ids[1])
    specialist.agree(ids[1])
    return {"admin": admin, "specialist": specialist, "client": client}


def opened_shell(qtbot, open_session, api: ApiClient) -> Shell:  # type: ignore[no-untyped-def]
    session = open_session(api.clone())  # the session closes its client; the fixture's stays open
    shell = Shell(session, language="ru")
    qtbot.addWidget(shell)
    shell.resize(1280, 800)
    shell.show()
    qtbot.waitExposed(shell)
    qtbot.waitUntil(lambda: session.sync.online is True, timeout=WAIT_MS)
    return shell


@pytest.mark.usefixtures("russian")
def test_the_specialist_window_and_its_dialogs_speak_russian(qtbot, open_session, people) -> None:  # type: ignore[no-untyped-def]
    shell = opened_shell(qtbot, open_session, people["specialist"])
    window = shell.role_window
    assert isinstance(window, SpecialistWindow)
    qtbot.waitUntil(lambda: len(window.panel.ids()) == 1, timeout=WAIT_MS)
    window.view.next_week()
    window.show_help()
    start = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(days=30)
    window.draft(start, start + timedelta(hours=1))  # the slot form
    window.answer(window.panel.ids()[0], agreed=False)  # the decline dialog
    window.view.set_focused_slot(window.panel.ids()[0])
    window.new_series()
    window.draft(start - timedelta(days=60), start - timedelta(days=60) + timedelta(hours=1))  # refused
    assert window.notice.isVisible()
    dialogs = [window.help_box, window.form, window.reason_dialog, window.series_dialog]
    assert all(dialog is not None for dialog in dialogs)
    assert english_in(shell, *dialogs) == {}
    assert english_words(window.view.accessibleDescription()) == []


@pytest.mark.usefixtures("russian")
def test_the_client_window_and_its_dialogs_speak_russian(qtbot, open_session, people) -> None:  # type: ignore[no-untyped-def]
    shell = opened_shell(qtbot, open_session, people["client"])
    window = shell.role_window
    assert isinstance(window, ClientWindow)
    qtbot.waitUntil(lambda: len(window.shown_slots()) == 3, timeout=WAIT_MS)
    free = next(s for s in window.shown_slots() if s.status is SlotStatus.FREE)
    question = window.reserve(free.id)
    panel = window.consultations
    qtbot.waitUntil(lambda: panel.history_loaded, timeout=WAIT_MS)
    awaiting = next(c for c in panel.model.rows() if c.cancellable)
    panel.select(awaiting.key)
    cancel = panel.cancel_selected()
    window.notifier.notify("Заявка отклонена", "Ирина Петрова отклонила заявку.")
    assert question is not None and cancel is not None
    assert english_in(shell, question, cancel) == {}
    window.ui.tabs.setCurrentIndex(1)
    assert english_in(shell) == {}


@pytest.mark.usefixtures("russian")
def test_the_administrator_window_and_its_dialogs_speak_russian(qtbot, open_session, people) -> None:  # type: ignore[no-untyped-def]
    shell = opened_shell(qtbot, open_session, people["admin"])
    window = shell.role_window
    assert isinstance(window, AdminWindow)
    qtbot.waitUntil(lambda: window.model.rowCount() == 3, timeout=WAIT_MS)
    client_id = people["client"].me().id
    window.select_users([client_id])
    dialog = window.edit_selected()
    assert dialog is not None
    dialog.phone.setText("позвоните мне")
    dialog.last_name.setText("")
    dialog.accept()  # refused: the problems under their fields
    assert dialog.marks.marked().keys() == {"phone", "last_name"}
    confirm = window.set_blocked(True)
    assert confirm is not None
    window.tabs.setCurrentWidget(window.outbox)
    qtbot.waitUntil(lambda: window.outbox.loaded, timeout=WAIT_MS)
    assert english_in(shell, dialog, confirm) == {}


@pytest.mark.usefixtures("russian")
def test_the_sign_in_dialog_and_its_refusals_speak_russian(qtbot, server, people) -> None:  # type: ignore[no-untyped-def]
    from planner_desktop.connect import Servers
    from planner_desktop.settings import AppSettings
    from planner_desktop.tasks import Tasks
    from planner_desktop.windows.sign_in import SignInDialog

    tasks = Tasks()
    dialog = SignInDialog(Servers(server.data_dir / "profile"), AppSettings(server.data_dir / "profile"),
                          tasks, fixed_server=server.url, language="ru", resume=False)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.tabs.setCurrentIndex(1)
    qtbot.keyClicks(dialog.reg_email_edit, "not-an-email")  # (typed: Latin; Cyrillic crashes QTest)
    qtbot.keyClicks(dialog.phone_edit, "call me")
    qtbot.keyClicks(dialog.reg_password_edit, "abc")
    dialog.register_button.click()
    assert dialog.marks.marked().keys() == {"first_name", "last_name", "email", "phone", "password"}
    assert english_in(dialog) == {}
    dialog.tabs.setCurrentIndex(0)
    qtbot.keyClicks(dialog.email_edit, "anna@example.com")
    qtbot.keyClicks(dialog.password_edit, "wrong-password1")
    dialog.submit_sign_in()
    qtbot.waitUntil(lambda: dialog.error_label.isVisible() and not dialog.progress.isVisible(),
                    timeout=WAIT_MS)
    assert dialog.error_label.text() == "Неверный адрес почты или пароль."
    assert english_in(dialog) == {}
    tasks.shutdown(wait=True)

