"""The specialist's window: the week calendar where slots are drawn, moved and answered.

Role-window contract (planner_desktop.session): ``SpecialistWindow(session)``. The calendar widget
reports gestures; this window decides — it refuses what the shared rules refuse, with their words,
asks for context and cost, calls the server through the session, and shows what the store holds.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta, tzinfo
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QSplitter,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from planner_desktop.error_text import error_message, not_editable_text
from planner_desktop.errors import show_message
from planner_desktop.formats import clock, short_day
from planner_desktop.session import Session
from planner_desktop.widgets.status_legend import StatusLegend
from planner_desktop.widgets.toast import Toast
from planner_desktop.widgets.week_busy import BusyBlock, overlapping
from planner_desktop.widgets.week_help import help_html
from planner_desktop.widgets.week_view import WeekView, local_zone
from planner_desktop.windows.specialist.booking_rules import BookingRulesDialog
from planner_desktop.windows.specialist.calendar_dialog import ConnectCalendarDialog, state_text
from planner_desktop.windows.specialist.dialogs import ReasonDialog, SeriesDialog, SlotForm
from planner_desktop.windows.specialist.proposals import MoveProposer, calendar_views
from planner_desktop.windows.specialist.requests_panel import RequestsPanel
from planner_desktop.windows.specialist.slot_checks import SlotChecker
from planner_desktop.windows.specialist.slot_ops import SlotOps
from planner_shared import rules
from planner_shared.calendars import BusyRead, CalendarRead
from planner_shared.enums import SlotStatus
from planner_shared.errors import Conflict
from planner_shared.rules import Interval
from planner_shared.schemas import BookingRules, BookingRulesUpdate, SeriesResult

CONTEXT_KEY, COST_KEY = "specialist/last_context", "specialist/last_cost"


class SpecialistWindow(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None, *, tz: tzinfo | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("specialistWindow")
        self.tz = tz or local_zone()
        self.checker = SlotChecker(tz=self.tz)
        self.ops = SlotOps(session, self.checker, self)
        self.proposer = MoveProposer(session, self.checker, self.tz, self)
        self.view = WeekView(self, tz=self.tz)
        self.view.validator = self.checker.reason
        self.panel = RequestsPanel(self.tz, self)
        self.legend = StatusLegend(self)
        self.form: SlotForm | None = None  # the open slot form, if any (tests look at it)
        self.calendar_dialog: ConnectCalendarDialog | None = None
        self.calendar: CalendarRead | None = None  # the own CalDAV calendar, once read
        self._build_actions()
        self._build_layout()
        self._connect()
        self.refresh()
        self._show_week(self.view.week_start)
        self.rules_dialog: BookingRulesDialog | None = None
        self.session.run(self.session.api.booking_rules, on_success=self._rules_known,
                         on_failure=lambda _: None, parent=self, busy=False)

    # --- building -----------------------------------------------------------------------------

    def _action(self, text: str, shortcut: QKeySequence | QKeySequence.StandardKey | str | None,
                slot: Callable[[], object], tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip(tip or text.replace("&", ""))
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        view = self.view
        self.previous_action = self._action(self.tr("&Previous week"), "Ctrl+PgUp", view.previous_week)
        self.today_action = self._action(self.tr("&Today"), "Ctrl+T", view.go_today)
        self.next_action = self._action(self.tr("&Next week"), "Ctrl+PgDown", view.next_week)
        style = self.style()
        self.previous_action.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_ArrowLeft))
        self.next_action.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_ArrowRight))
        self.goto_action = self._action(self.tr("&Go to date…"), "Ctrl+G", self._focus_date)
        self.new_action = self._action(self.tr("New &slot…"), "Ctrl+N", self.new_slot,
                                       self.tr("A slot over the selected time"))
        self.series_action = self._action(self.tr("New se&ries…"), "Ctrl+Shift+N", self.new_series,
                                          self.tr("Repeat the selected time on weekdays for some weeks"))
        self.undo_action = self._action(self.tr("&Undo"), QKeySequence.StandardKey.Undo, self.ops.undo)
        self.undo_action.setEnabled(False)
        self.rules_action = self._action(self.tr("Booking &rules…"), None, self.edit_booking_rules,
                                         self.tr("Buffers, notice, horizon and limits for clients' requests"))
        self.help_action = self._action(self.tr("Calendar &keys…"), QKeySequence.StandardKey.HelpContents,
                                        self.show_help, self.tr("All the calendar's keys and gestures"))
        self.help_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)  # F1 from anywhere in it
        self.help_box: QMessageBox | None = None
        self.connect_calendar_action = self._action(
            self.tr("Connect a c&alendar…"), None, self.open_calendar_dialog,
            self.tr("Your own calendar (CalDAV): its busy times keep slots from being booked, and agreed "
                    "consultations are written to it"))
        self.sync_calendar_action = self._action(self.tr("S&ync my calendar now"), None, self.sync_calendar)

    def _tool(self, action: QAction, *, icon_only: bool = False) -> QToolButton:
        button = QToolButton(self)
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly if icon_only
                                  else Qt.ToolButtonStyle.ToolButtonTextOnly)
        button.setAccessibleName(action.text().replace("&", ""))
        return button

    def _build_layout(self) -> None:
        self.date_edit = QDateEdit(self)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("d MMM yyyy")
        self.date_edit.setToolTip(self.tr("Go to the week of this date"))
        self.date_edit.setAccessibleName(self.tr("Go to date"))
        self.week_label = QLabel(self)
        self.week_label.setObjectName("weekLabel")
        bar = QHBoxLayout()
        bar.addWidget(self._tool(self.previous_action, icon_only=True))
        bar.addWidget(self._tool(self.today_action))
        bar.addWidget(self._tool(self.next_action, icon_only=True))
        bar.addWidget(self.date_edit)
        bar.addSpacing(12)
        bar.addWidget(self.week_label, 1)
        for action in (self.series_action, self.undo_action, self.help_action):
            bar.addWidget(self._tool(action))
        self.notice = Toast(self.view, name="notice")  # over the calendar: nothing moves
        left = QWidget(self)
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(bar)
        column.addWidget(self.view, 1)
        self.calendar_status = QLabel(self)
        self.calendar_status.setObjectName("calendarStatus")
        self.calendar_status.setWordWrap(True)
        self.calendar_status.hide()
        column.addWidget(self.calendar_status)
        column.addWidget(self.legend)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([900, 280])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.setFocusProxy(self.view)

    def _connect(self) -> None:
        view, ops, panel, store = self.view, self.ops, self.panel, self.session.store
        view.week_changed.connect(self._show_week)
        view.slot_drafted.connect(self.draft)
        view.slot_quick_drafted.connect(self.draft)  # the same form as a sweep, over one hour
        view.slot_moved.connect(self._slot_moved)
        view.slot_resized.connect(lambda i, s, e: ops.update(i, start=s, end=e, label=self.tr("Undo resize")))
        view.delete_requested.connect(ops.delete)
        view.edit_refused.connect(self._explain_refusal)
        view.slot_activated.connect(self.activate)
        view.context_menu_requested.connect(self._context_menu)
        self.date_edit.dateChanged.connect(lambda d: view.set_week(d.toPython()))
        ops.refused.connect(lambda text: self.show_notice(text, refused=True))
        self.proposer.refused.connect(lambda text: self.show_notice(text, refused=True))
        self.proposer.done.connect(lambda text: self.show_notice(text))
        ops.done.connect(lambda text: self.show_notice(text))
        ops.undo_changed.connect(self._undo_changed)
        ops.series_done.connect(self._series_done)
        panel.agree_requested.connect(ops.agree)
        panel.decline_requested.connect(lambda i: self.answer(i, agreed=False))
        panel.cancel_requested.connect(lambda i: self.answer(i, agreed=True))
        panel.show_requested.connect(self.reveal)
        store.slots_changed.connect(self.refresh)
        store.reset.connect(self.refresh)

    # --- role-window contract -----------------------------------------------------------------

    def title(self) -> str:
        return self.tr("My calendar")

    def menus(self) -> list[QMenu]:
        menu = QMenu(self.tr("&Calendar"), self)
        for action in (self.previous_action, self.today_action, self.next_action, self.goto_action):
            menu.addAction(action)
        menu.addSeparator()
        for action in (self.new_action, self.series_action, self.undo_action):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.rules_action)
        menu.addAction(self.connect_calendar_action)
        menu.addAction(self.sync_calendar_action)
        menu.addSeparator()
        menu.addAction(self.help_action)
        return [menu]

    def shutdown(self) -> None:
        self.notice.timer.stop()

    # --- showing ------------------------------------------------------------------------------

    def refresh(self, *_: object) -> None:
        """Read the store again: the calendar's week, the requests, the overlap index."""
        mine = self.session.store.slots(specialist=self.session.user.id)
        self.checker.set_intervals(Interval(s.start_time, s.end_time, s.id) for s in mine)
        start, end = self.view.week_range()
        self.view.set_slots(calendar_views([s for s in mine if s.end_time > start and s.start_time < end],
                                           mine, self.tz))
        now = rules.utcnow()
        self.panel.set_slots([s for s in mine if s.status is SlotStatus.AGREEMENT],
                             [s for s in mine if s.status is SlotStatus.RESERVED and s.end_time > now])

    def _slot_moved(self, slot_id: int, start: datetime, end: datetime) -> None:
        """A free slot dragged is moved; an agreed consultation dragged is a proposal (SPEC §2a)."""
        slot = self.session.store.slot(slot_id)
        if slot is not None and rules.effective_status(slot.status, slot.end_time) is SlotStatus.RESERVED:
            self.proposer.propose(slot_id, start, end)
        else:
            self.ops.update(slot_id, start=start, end=end, label=self.tr("Undo move"))

    def _show_week(self, monday: date) -> None:
        sunday = monday + timedelta(days=6)
        number = monday.isocalendar()[1]
        self.week_label.setText(self.tr("Week {number}: {first} – {last}").format(
            number=number, first=short_day(monday), last=f"{short_day(sunday)} {sunday.year}"))
        self.date_edit.blockSignals(True)
        self.date_edit.setDate(QDate(monday.year, monday.month, monday.day))
        self.date_edit.blockSignals(False)
        self.refresh()
        self.load_busy()

    # --- the own calendar -----------------------------------------------------------------------

    def load_busy(self) -> None:
        """The calendar's state and the busy times of the week shown (nothing when none is connected)."""
        start, end = self.view.week_range()
        api = self.session.api

        def work() -> tuple[CalendarRead | None, list[BusyRead]]:
            calendar = api.calendar()
            return calendar, (api.busy(start, end) if calendar is not None else [])

        self.session.run(work, on_success=self._busy_loaded, on_failure=lambda _: None, parent=self,
                         busy=False)

    def _busy_loaded(self, result: tuple[CalendarRead | None, list[BusyRead]]) -> None:
        self.calendar, busy = result
        self.view.set_busy(BusyBlock(b.start_time, b.end_time, b.title or "") for b in busy)
        text = state_text(self.calendar, self.tz)
        self.calendar_status.setText(text)
        self.calendar_status.setVisible(bool(text))

    def open_calendar_dialog(self) -> None:
        dialog = ConnectCalendarDialog(self.session, self.tz, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(lambda _: self.load_busy())
        dialog.disconnected.connect(self.load_busy)
        dialog.finished.connect(lambda _: setattr(self, "calendar_dialog", None))
        self.calendar_dialog = dialog
        dialog.open()

    def sync_calendar(self) -> None:
        self.session.run(self.session.api.sync_calendar, on_success=lambda _: self.load_busy(),
                         parent=self)

    def show_notice(self, text: str, *, refused: bool = False) -> None:
        self.notice.show_message(text, kind="refused" if refused else "info")

    # --- booking rules ------------------------------------------------------------------------

    def _rules_known(self, current: BookingRules) -> None:
        self.view.set_buffers(current.buffer_before_minutes, current.buffer_after_minutes)

    def edit_booking_rules(self) -> None:
        """Calendar → Booking rules…: the current rules from the server, then the form."""
        self.session.run(self.session.api.booking_rules, on_success=self._open_rules, parent=self)

    def _open_rules(self, current: BookingRules) -> None:
        self._rules_known(current)
        dialog = BookingRulesDialog(self, current)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.rules_dialog = dialog
        dialog.accepted.connect(lambda: self._save_rules(dialog.changes()))
        dialog.finished.connect(lambda _: setattr(self, "rules_dialog", None))
        dialog.open()

    def _save_rules(self, changes: BookingRulesUpdate) -> None:
        if not changes.model_fields_set:
            return

        def saved(current: BookingRules) -> None:
            self._rules_known(current)
            self.show_notice(self.tr("Booking rules saved. Requests and consultations you already "
                                     "have stay as they are."))

        self.session.write(lambda: self.session.api.update_booking_rules(changes), on_success=saved,
                           parent=self)

    def show_help(self) -> None:
        box = show_message(self.tr("Calendar keys and gestures"), help_html(), parent=self,
                           icon=QMessageBox.Icon.Information)
        box.setTextFormat(Qt.TextFormat.RichText)
        box.finished.connect(self._help_closed)
        self.help_box = box

    def _help_closed(self) -> None:
        """Back to the calendar with its cursor in sight: arrows never move something unseen."""
        self.help_box = None
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        self.view.reveal_cursor()

    def reveal(self, slot_id: int) -> None:
        slot = self.session.store.slot(slot_id)
        if slot is not None:
            self.view.set_week(slot.start_time.astimezone(self.tz).date())
            self.view.set_focused_slot(slot_id)

    def _focus_date(self) -> None:
        self.date_edit.setFocus()
        self.date_edit.selectAll()

    def _undo_changed(self, label: str) -> None:
        self.undo_action.setEnabled(bool(label))
        self.undo_action.setText(label or self.tr("&Undo"))

    # --- creating -----------------------------------------------------------------------------

    def last_values(self) -> tuple[str, Decimal]:
        """The context and cost of the last slot made here (or of the newest slot known)."""
        settings = self.session.settings
        context, cost = settings.value(CONTEXT_KEY), settings.value(COST_KEY)
        if context is None:
            mine = self.session.store.slots(specialist=self.session.user.id)
            latest = max(mine, key=lambda s: s.id, default=None)
            return (latest.context, latest.cost) if latest else ("", Decimal("0"))
        try:
            return str(context), Decimal(str(cost))
        except InvalidOperation:
            return str(context), Decimal("0")

    def _remember(self, context: str, cost: Decimal) -> None:
        self.session.settings.set_value(CONTEXT_KEY, context)
        self.session.settings.set_value(COST_KEY, str(cost))

    def draft(self, start: datetime, end: datetime) -> None:
        """A sweep (or Enter on a selection): refuse at once, or ask for context and cost."""
        reason = self.ops.refusal(start, end)
        if reason:
            self.show_notice(reason, refused=True)
            return
        busy = overlapping(self.view.busy, start, end)
        if busy:  # a warning: the specialist decides
            self.show_notice(self.tr("You have {title} then.").format(
                title=", ".join(dict.fromkeys(b.title or self.tr("something") for b in busy))))
        context, cost = self.last_values()
        self._open_form(SlotForm(self, tz=self.tz, start=start, end=end, context=context, cost=cost,
                                 check=self.ops.refusal), None)

    def new_slot(self) -> None:
        span = self.view.selection()
        if span is not None:
            self.draft(*span)

    def activate(self, slot_id: int) -> None:
        """Double-click or Enter on a slot: edit a free one; answer the others in the side list."""
        slot = self.session.store.slot(slot_id)
        if slot is None:
            return
        status = rules.effective_status(slot.status, slot.end_time)
        if not rules.is_editable(status):
            self.panel.select(slot_id)
            self.show_notice(not_editable_text(status))
            return
        check = lambda s, e: self.ops.refusal(s, e, slot_id)  # noqa: E731
        self._open_form(SlotForm(self, tz=self.tz, start=slot.start_time, end=slot.end_time,
                                 context=slot.context, cost=slot.cost, check=check, editing=True), slot_id)

    def _open_form(self, form: SlotForm, slot_id: int | None) -> None:
        if self.form is not None:
            self.form.reject()
        self.form = form
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        form.accepted.connect(lambda: self._form_accepted(form, slot_id))
        form.finished.connect(lambda _: self._form_closed(form))
        form.open()

    def _form_closed(self, form: SlotForm) -> None:
        if self.form is form:
            self.form = None
        self.view.setFocus()

    def _form_accepted(self, form: SlotForm, slot_id: int | None) -> None:
        start, end, context, cost = form.values()
        self._remember(context, cost)
        if slot_id is None:
            self.ops.create(start, end, context, cost)
            return
        slot = self.session.store.slot(slot_id)
        if slot is None:
            return
        changed = {"start": start if start != slot.start_time else None,
                   "end": end if end != slot.end_time else None,
                   "context": context if context != slot.context else None,
                   "cost": cost if cost != slot.cost else None}
        if any(value is not None for value in changed.values()):
            self.ops.update(slot_id, label=self.tr("Undo edit"), **changed)  # type: ignore[arg-type]

    def new_series(self) -> None:
        span = self.view.selection()
        focused = self.session.store.slot(self.view.focused_id) if self.view.focused_id else None
        if span is None and focused is None:
            self.show_notice(self.tr("Select a time first (drag, or arrows and Shift+arrows)."), refused=True)
            return
        if focused is not None:  # the selected slot repeated, as it is
            span, (context, cost) = (focused.start_time, focused.end_time), (focused.context, focused.cost)
        else:
            context, cost = self.last_values()
        assert span is not None
        dialog = SeriesDialog(self, tz=self.tz, start=span[0], end=span[1], context=context, cost=cost)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._series_accepted(dialog))
        self.series_dialog = dialog
        dialog.open()

    def _series_accepted(self, dialog: SeriesDialog) -> None:
        request = dialog.request()
        self._remember(request.context, request.cost)
        self.ops.series(request)

    def _series_done(self, result: SeriesResult) -> None:
        text = self.tr("%n slot(s) created.", "", len(result.created))
        if result.collisions:
            lines = [f"• {short_day(c.start_time.astimezone(self.tz).date())} "
                     f"{clock(c.start_time, self.tz)}: {error_message(Conflict(c.detail, code=c.code))}"
                     for c in result.collisions]
            text += "\n" + self.tr("%n could not be created:", "", len(result.collisions))
            text += "\n" + "\n".join(lines[:12]) + ("\n…" if len(lines) > 12 else "")
        self.show_notice(text, refused=bool(result.collisions))
        self.series_report = show_message(self.tr("Series"), text, parent=self,
                                          icon=QMessageBox.Icon.Information)

    # --- answering ----------------------------------------------------------------------------

    def answer(self, slot_id: int, *, agreed: bool) -> None:
        """Decline a request (or cancel an agreed consultation) after asking why."""
        slot = self.session.store.slot(slot_id)
        if slot is None:
            return
        dialog = ReasonDialog(self, slot, self.tz, agreed=agreed)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.ops.cancel(slot_id, *dialog.values()))
        self.reason_dialog = dialog
        dialog.open()

    def _explain_refusal(self, slot_id: int) -> None:
        slot = self.session.store.slot(slot_id)
        if slot is not None:
            self.show_notice(not_editable_text(rules.effective_status(slot.status, slot.end_time)),
                             refused=True)

    def _context_menu(self, slot_id: int | None, when: datetime | None, where: QPoint) -> None:
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        slot = self.session.store.slot(slot_id) if slot_id is not None else None
        if slot is None:
            menu.addAction(self.new_action)
            menu.addAction(self.series_action)
        else:
            status = rules.effective_status(slot.status, slot.end_time)
            if status is SlotStatus.FREE:
                menu.addAction(self.tr("&Edit…"), lambda: self.activate(slot.id))
                menu.addAction(self.tr("&Repeat as a series…"), self.new_series)
                menu.addAction(self.tr("&Delete"), lambda: self.ops.delete(slot.id))
            elif status is SlotStatus.AGREEMENT:
                menu.addAction(self.tr("&Agree"), lambda: self.ops.agree(slot.id))
                menu.addAction(self.tr("&Decline…"), lambda: self.answer(slot.id, agreed=False))
            elif status is SlotStatus.RESERVED:
                menu.addAction(self.tr("&Cancel consultation…"), lambda: self.answer(slot.id, agreed=True))
            else:
                menu.addAction(self.tr("Completed — nothing to change")).setEnabled(False)
        self.context_menu = menu
        menu.popup(where)
