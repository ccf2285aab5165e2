"""The specialist's small forms: a slot's times, context and cost; a series; a reason to decline.

Times are edited as wall-clock times of the user's zone and come back as UTC instants.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from decimal import Decimal

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QTime, QTimeZone
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from planner_desktop import theme
from planner_desktop.formats import EDIT_PATTERN, day_name, money, time_span
from planner_desktop.models.consultations import reason_label
from planner_desktop.widgets.char_counter import CharCounter
from planner_desktop.widgets.cost_edit import CostEdit
from planner_desktop.widgets.datetime_edit import TypingDateTimeEdit
from planner_shared.enums import CancelReason
from planner_shared.rules import COMMENT_MAX_LENGTH, CONTEXT_MAX_LENGTH, COST_MAX
from planner_shared.schemas import SeriesCreate, SlotRead

Check = Callable[[datetime, datetime], str | None]
REASONS = (CancelReason.FORCE_MAJEURE, CancelReason.GOT_SICK, CancelReason.SCHEDULE_CONFLICT,
           CancelReason.NONE)
_WALL = QTimeZone(QTimeZone.Initialization.UTC)  # edits hold naive wall-clock times: no DST shifts


def to_wall(moment: datetime, tz: tzinfo) -> QDateTime:
    local = moment.astimezone(tz)
    return QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute), _WALL)


def from_wall(value: QDateTime, tz: tzinfo) -> datetime:
    """The instant a wall-clock time of ``tz`` names (the first of a repeated hour)."""
    d, t = value.date(), value.time()
    naive = datetime.combine(date(d.year(), d.month(), d.day()), time(t.hour(), t.minute()))
    return naive.replace(tzinfo=tz).astimezone(timezone.utc)


def _datetime_edit(parent: QWidget) -> QDateTimeEdit:
    edit = TypingDateTimeEdit(parent)
    edit.setTimeZone(_WALL)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(EDIT_PATTERN)
    return edit


def _context_row(parent: QWidget, context: str) -> tuple[QLineEdit, QWidget]:
    """The context field, wide enough to read (about 60 characters), with its counter beside it."""
    edit = QLineEdit(context, parent)
    edit.setPlaceholderText(QCoreApplication.translate("SlotForm", "What the consultation is about"))
    edit.setMinimumWidth(edit.fontMetrics().averageCharWidth() * 60)
    row = QWidget(parent)
    line = QHBoxLayout(row)
    line.setContentsMargins(0, 0, 0, 0)
    line.addWidget(edit, 1)
    line.addWidget(CharCounter(edit, CONTEXT_MAX_LENGTH, row))
    row.setFocusProxy(edit)
    return edit, row


def _problem_label(parent: QWidget) -> QLabel:
    """The line under a form that says why it cannot be saved as it is (hidden while nothing)."""
    label = QLabel(parent)
    label.setObjectName("formProblem")
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {theme.problem_colour()};")
    label.hide()
    return label


def _say(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


def _cost_limit_text() -> str:
    return QCoreApplication.translate("SlotForm", "The cost must be below {limit}.").format(
        limit=money(COST_MAX))


class SlotForm(QDialog):
    """A new slot's (or a free slot's) times, context and cost; refusals are shown as you type."""

    def __init__(self, parent: QWidget | None, *, tz: tzinfo, start: datetime, end: datetime,
                 context: str, cost: Decimal, check: Check | None = None, editing: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("slotForm")
        self.tz, self.check = tz, check
        self.setWindowTitle(self.tr("Edit slot") if editing else self.tr("New slot"))
        self.start_edit, self.end_edit = _datetime_edit(self), _datetime_edit(self)
        self.start_edit.setDateTime(to_wall(start, tz))
        self.end_edit.setDateTime(to_wall(end, tz))
        self.context_edit, context_row = _context_row(self, context)
        self.cost_edit = CostEdit(cost, self)
        self.problem = _problem_label(self)
        self.cost_edit.limit_hit.connect(lambda: _say(self.problem, _cost_limit_text()))
        self.cost_edit.valueChanged.connect(self._validate)
        form = QFormLayout()
        form.addRow(self.tr("&Starts:"), self.start_edit)
        form.addRow(self.tr("&Ends:"), self.end_edit)
        form.addRow(self.tr("&Context:"), context_row)
        form.addRow(self.tr("C&ost:"), self.cost_edit)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("&Save") if editing else self.tr("&Create"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.start_edit.dateTimeChanged.connect(self._start_moved)
        self.end_edit.dateTimeChanged.connect(self._validate)
        self._duration = end - start
        self._validate()
        self.context_edit.setFocus()
        self.context_edit.selectAll()

    def values(self) -> tuple[datetime, datetime, str, Decimal]:
        start = from_wall(self.start_edit.dateTime(), self.tz)
        end = from_wall(self.end_edit.dateTime(), self.tz)
        return start, end, self.context_edit.text().strip(), self.cost_edit.cost()

    def _start_moved(self) -> None:  # keep the length while the start moves
        start = from_wall(self.start_edit.dateTime(), self.tz)
        self.end_edit.blockSignals(True)
        self.end_edit.setDateTime(to_wall(start + self._duration, self.tz))
        self.end_edit.blockSignals(False)
        self._validate()

    def _validate(self) -> None:
        start, end, _, _ = self.values()
        if end > start:
            self._duration = end - start
        reason = self.check(start, end) if self.check is not None else None
        _say(self.problem, reason or "")
        self.ok_button.setEnabled(not reason)


class SeriesDialog(QDialog):
    """"Every weekday for N weeks": the selection repeated, in one request."""

    def __init__(self, parent: QWidget | None, *, tz: tzinfo, start: datetime, end: datetime,
                 context: str, cost: Decimal) -> None:
        super().__init__(parent)
        self.setObjectName("seriesDialog")
        self.setWindowTitle(self.tr("Repeat a slot"))
        self.tz, self.start, self.end = tz, start, end
        summary = QLabel(self.tr("Repeat {when} on these days:").format(when=time_span(start, end, tz)),
                         self)
        summary.setWordWrap(True)
        days = QHBoxLayout()
        self.day_boxes: list[QCheckBox] = []
        monday = date(2024, 1, 1)  # a Monday, for the day names
        for weekday in range(7):
            box = QCheckBox(day_name(monday + timedelta(days=weekday)), self)
            box.setChecked(weekday < 5)
            box.toggled.connect(self._validate)
            self.day_boxes.append(box)
            days.addWidget(box)
        self.weeks = QSpinBox(self)
        self.weeks.setRange(1, 52)
        self.weeks.setValue(4)
        self.weeks.setSuffix(self.tr(" weeks"))
        self.context_edit, context_row = _context_row(self, context)
        self.cost_edit = CostEdit(cost, self)
        self.problem = _problem_label(self)
        self.cost_edit.limit_hit.connect(lambda: _say(self.problem, _cost_limit_text()))
        form = QFormLayout()
        form.addRow(self.tr("Days:"), days)
        form.addRow(self.tr("&For:"), self.weeks)
        form.addRow(self.tr("&Context:"), context_row)
        form.addRow(self.tr("C&ost:"), self.cost_edit)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("C&reate series"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.weeks.setFocus()

    def weekdays(self) -> list[int]:
        return [n for n, box in enumerate(self.day_boxes) if box.isChecked()]

    def _validate(self) -> None:
        self.ok_button.setEnabled(bool(self.weekdays()))

    def request(self) -> SeriesCreate:
        zone = getattr(self.tz, "key", None)
        return SeriesCreate(start_time=self.start, end_time=self.end,
                            context=self.context_edit.text().strip(), cost=self.cost_edit.cost(),
                            weekdays=self.weekdays(), weeks=self.weeks.value(), time_zone=zone)


class ReasonDialog(QDialog):
    """Why the specialist declines a request or cancels an agreed consultation."""

    def __init__(self, parent: QWidget | None, slot: SlotRead, tz: tzinfo, *, agreed: bool) -> None:
        super().__init__(parent)
        self.setObjectName("reasonDialog")
        title = self.tr("Cancel the consultation") if agreed else self.tr("Decline the request")
        self.setWindowTitle(title)
        who = slot.client_name or self.tr("the client")
        question = (self.tr("Cancel the agreed consultation with {who} on {when}? They are told by email.")
                    if agreed else
                    self.tr("Decline {who}'s request for {when}? They are told by email, and the "
                            "time becomes free again."))
        summary = QLabel(question.format(who=who, when=time_span(slot.start_time, slot.end_time, tz)), self)
        summary.setWordWrap(True)
        self.reason = QComboBox(self)
        for reason in REASONS:
            self.reason.addItem(reason_label(reason), reason.value)
        self.comment = QLineEdit(self)
        self.comment.setPlaceholderText(self.tr("Optional comment for the client"))
        self.comment.setMinimumWidth(  # the placeholder whole, in any language
            self.comment.fontMetrics().horizontalAdvance(self.comment.placeholderText()) + 24)
        self.counter = CharCounter(self.comment, COMMENT_MAX_LENGTH, self)
        form = QFormLayout()
        form.addRow(self.tr("&Reason:"), self.reason)
        form.addRow(self.tr("C&omment:"), self.comment)
        form.addRow("", self.counter)
        self.buttons = QDialogButtonBox(self)
        self.confirm_button = self.buttons.addButton(title, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.tr("&Keep it"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(QLabel(self.tr("Cost: {cost}").format(cost=money(slot.cost)), self))
        layout.addLayout(form)
        layout.addWidget(self.buttons)

    def values(self) -> tuple[CancelReason, str]:
        return CancelReason(self.reason.currentData()), self.comment.text().strip()
