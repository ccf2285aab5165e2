"""The client's window: find a free consultation, book it, follow it, cancel it.

Follows the role-window contract of :mod:`planner_desktop.session`: ``ClientWindow(session)``.
Specialists (searchable by name and what they offer) on the left; their free future slots in the
shared week view (read-only) and in a list sortable by time and cost, filterable by dates and
cost; Reserve asks for confirmation, refuses an overlapping booking before asking the server (the
shared rule) and says plainly when someone else was faster. "My consultations" is the second tab.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from functools import partial
from typing import Any

from PySide6.QtCore import QDate, QItemSelectionModel, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from planner_desktop.error_text import error_message
from planner_desktop.errors import describe_error, show_error, show_message
from planner_desktop.formats import local_date, time_span
from planner_desktop.models.search import search_words
from planner_desktop.models.slots import SlotFilterProxyModel, SlotTableModel
from planner_desktop.models.specialists import (
    SPECIALIST_ROLE,
    SpecialistFilterProxyModel,
    SpecialistListModel,
    initials,
    specialists_from,
    tint_of,
)
from planner_desktop.rules_text import rules_summary
from planner_desktop.session import Session
from planner_desktop.widgets.notifier import Notifier
from planner_desktop.widgets.slot_layout import SlotView
from planner_desktop.widgets.toast import Toast
from planner_desktop.widgets.week_view import local_zone
from planner_desktop.windows.client.consultations import ConsultationsPanel
from planner_desktop.windows.client.dialogs import reservation_question
from planner_desktop.windows.client.layout import build_client_layout
from planner_shared.enums import SlotStatus
from planner_shared.errors import Conflict, Invalid, NotFound
from planner_shared.rules import (
    Interval,
    check_not_past,
    client_overlap_conflict,
    effective_status,
    first_overlap,
    utcnow,
)
from planner_shared.schemas import BookingRules, SlotRead

HELD = (SlotStatus.AGREEMENT, SlotStatus.RESERVED)


class ClientWindow(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("clientWindow")
        self.session = session
        self.me = session.user.id
        self.tz = local_zone()
        self.specialist: int | None = None  # the chosen one; None = all
        self.rules_text = ""  # the chosen specialist's booking rules in words (the list's tip)
        self._week_follows = True  # the next calendar update shows a week with slots, if needed
        self.slot_model = SlotTableModel(self.tz, self, me=self.me)
        self.slot_proxy = SlotFilterProxyModel(self)
        self.slot_proxy.setSourceModel(self.slot_model)
        self.specialist_model = SpecialistListModel(self)
        self.specialist_proxy = SpecialistFilterProxyModel(self)
        self.specialist_proxy.setSourceModel(self.specialist_model)
        self.banner = Toast(self, name="notificationBanner")  # over the window: nothing moves
        self.notifier = Notifier(self.banner, self)
        self.consultations = ConsultationsPanel(session, self.tz, self.notifier, self)
        self.ui = build_client_layout(self)
        self._connect()
        session.store.slots_changed.connect(self.refresh)
        session.store.reset.connect(self.refresh)
        self.refresh()
        self.select_specialist(None)
        self._update_reserve_button()

    def _connect(self) -> None:
        ui = self.ui
        ui.search.textChanged.connect(self._search_changed)
        ui.specialists.selectionModel().currentChanged.connect(self._specialist_chosen)
        ui.slots.selectionModel().selectionChanged.connect(self._list_selection_changed)
        ui.slots.doubleClicked.connect(lambda index: self.reserve(self._slot_id_at(index.row())))
        ui.week.slot_activated.connect(self.reserve)
        ui.week.focused_slot_changed.connect(self._calendar_focus_changed)
        ui.week.week_changed.connect(lambda _: self._update_week_label())
        ui.previous_week.clicked.connect(ui.week.previous_week)
        ui.next_week.clicked.connect(ui.week.next_week)
        ui.today.clicked.connect(ui.week.go_today)
        ui.reserve.clicked.connect(lambda: self.reserve())
        for widget in (ui.date_from, ui.date_to):
            widget.dateChanged.connect(self._filters_changed)
        ui.max_cost.valueChanged.connect(self._filters_changed)
        self._calendar_timer = QTimer(self)  # many row signals of one change → one calendar layout
        self._calendar_timer.setSingleShot(True)
        self._calendar_timer.setInterval(0)
        self._calendar_timer.timeout.connect(self._update_calendar)
        for signal in (self.slot_proxy.layoutChanged, self.slot_proxy.rowsInserted,
                       self.slot_proxy.rowsRemoved, self.slot_proxy.dataChanged,
                       self.slot_proxy.modelReset):
            signal.connect(self._calendar_timer.start)
        enter = QShortcut(QKeySequence(Qt.Key.Key_Return), ui.slots,
                          context=Qt.ShortcutContext.WidgetShortcut)
        enter.activated.connect(lambda: self.reserve())
        self.reserve_action = QAction(self.tr("&Reserve the selected slot…"), self)
        self.reserve_action.setShortcut(QKeySequence("Ctrl+R"))
        self.reserve_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.reserve_action.triggered.connect(lambda: self.reserve())
        self.addAction(self.reserve_action)
        find = QAction(self, shortcut=QKeySequence(QKeySequence.StandardKey.Find))
        find.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.triggered.connect(ui.search.setFocus)
        self.addAction(find)

    # --- the role-window contract -----------------------------------------------------------------

    def title(self) -> str:
        return self.tr("Client")

    def menus(self) -> list[QMenu]:
        menu = QMenu(self.tr("&Booking"), self)
        menu.addAction(self.reserve_action)
        menu.addSeparator()
        menu.addAction(self.tr("&Cancel the selected request…"), self._cancel_from_menu)
        menu.addAction(self.tr("Add the selected consultation to the &calendar…"),
                       self.consultations.add_selected_to_calendar)
        return [menu]

    def shutdown(self) -> None:
        self.notifier.close()

    def _cancel_from_menu(self) -> None:
        self.ui.tabs.setCurrentWidget(self.consultations)
        self.consultations.cancel_selected()

    # --- what is shown ----------------------------------------------------------------------------

    def bookable(self) -> list[SlotRead]:
        """Free future slots, and this client's own awaiting or agreed ones."""
        now = utcnow()
        return [s for s in self.session.store.slots(start=now)
                if (s.status is SlotStatus.FREE and s.start_time > now and not s.blocked_by)
                or (s.client == self.me and effective_status(s.status, s.end_time, now=now) in HELD)]

    def refresh(self, *_: object) -> None:
        slots = self.bookable()
        self.slot_model.sync_to(slots)
        chosen = self.specialist
        self.specialist_model.set_specialists(specialists_from(slots))
        self._reselect_specialist(chosen)
        self._update_calendar()

    def _reselect_specialist(self, specialist_id: int | None) -> None:
        row = self.specialist_model.row_of(specialist_id)
        current = self.ui.specialists.currentIndex()
        if row is None:
            row = 0
        index = self.specialist_proxy.mapFromSource(self.specialist_model.index(row, 0))
        if index.isValid() and index != current:
            self.ui.specialists.setCurrentIndex(index)

    def select_specialist(self, specialist_id: int | None) -> None:
        """Choose a specialist (None: all), clearing the search if it hides them."""
        row = self.specialist_model.row_of(specialist_id)
        if row is not None and not self.specialist_proxy.mapFromSource(
                self.specialist_model.index(row, 0)).isValid():
            self.ui.search.clear()
        self._reselect_specialist(specialist_id)
        self._apply_specialist(specialist_id)

    def _specialist_chosen(self, current: Any, _previous: Any) -> None:
        self._apply_specialist(current.data(SPECIALIST_ROLE) if current.isValid() else None)

    def _apply_specialist(self, specialist_id: int | None) -> None:
        if specialist_id == self.specialist and self.slot_proxy.specialist == specialist_id:
            return
        self.specialist = specialist_id
        self._week_follows = True
        self.slot_proxy.set_filters(specialist=specialist_id)
        self._update_calendar()
        self._show_rules(specialist_id)

    def _show_rules(self, specialist_id: int | None) -> None:
        """The chosen specialist's booking rules, as the specialist list's tip (read from the server)."""
        self.rules_text = ""
        self.ui.specialists.setToolTip("")
        if specialist_id is None:
            return

        def known(current: BookingRules) -> None:
            if self.specialist == specialist_id:
                self.rules_text = rules_summary(current)
                self.ui.specialists.setToolTip(self.rules_text)

        self.session.run(lambda: self.session.api.specialist_booking_rules(specialist_id),
                         on_success=known, on_failure=lambda _: None, parent=self, busy=False)

    def _search_changed(self, text: str) -> None:
        """The search narrows the specialists and, with the same words, the slots."""
        self.specialist_proxy.set_search(text)
        self._week_follows = True
        self.slot_proxy.set_filters(search=search_words(text))
        self._update_calendar()

    def _filters_changed(self, *_: object) -> None:
        ui = self.ui
        cost = ui.max_cost.value()
        self._week_follows = True
        self.slot_proxy.set_filters(date_from=_day(ui.date_from.date(), ui.date_from.minimumDate()),
                                    date_to=_day(ui.date_to.date(), ui.date_to.minimumDate()),
                                    max_cost=None if cost < 0 else Decimal(str(round(cost, 2))))
        self._update_calendar()

    def shown_slots(self) -> list[SlotRead]:
        return [self.slot_proxy.slot_at(row) for row in range(self.slot_proxy.rowCount())]

    def _update_calendar(self, *_: object) -> None:
        everyone = self.specialist is None  # each specialist's slots marked by initials and colour
        views = [SlotView(id=s.id, start=s.start_time, end=s.end_time,
                          status=effective_status(s.status, s.end_time),
                          context=s.context, cost=s.cost, specialist_name=s.specialist_name,
                          badge=initials(s.specialist_name) if everyone else "",
                          tint=tint_of(s.specialist) if everyone else "")
                 for s in self.shown_slots()]
        self._calendar_timer.stop()
        self.ui.week.set_slots(views)
        if self._week_follows and views:
            self._week_follows = False
            self._show_a_week_with(views)
        self.ui.count.setText(self.tr("%n slot(s)", "", len(views)))
        self._update_week_label()
        self._update_reserve_button()

    def _show_a_week_with(self, views: list[SlotView]) -> None:
        """When the week shown has none of the slots listed, go to the week of the first one."""
        start, end = self.ui.week.week_range()
        if not any(v.start < end and v.end > start for v in views):
            first = min(views, key=lambda v: v.start)
            self.ui.week.set_week(first.start.astimezone(self.tz).date())

    def _update_week_label(self) -> None:
        monday = self.ui.week.week_start
        sunday = monday + timedelta(days=6)
        self.ui.week_label.setText(f"{local_date(monday, 'd MMM')} – {local_date(sunday, 'd MMM yyyy')}")

    def _slot_id_at(self, proxy_row: int) -> int | None:
        return self.slot_proxy.slot_at(proxy_row).id if 0 <= proxy_row < self.slot_proxy.rowCount() else None

    def selected_slot_id(self) -> int | None:
        rows = self.ui.slots.selectionModel().selectedRows()
        if rows:
            return self._slot_id_at(rows[0].row())
        return self.ui.week.focused_id

    def select_slot(self, slot_id: int) -> bool:
        row = self.slot_model.row_of(slot_id)
        index = self.slot_proxy.mapFromSource(self.slot_model.index(row, 0)) if row is not None else None
        if index is None or not index.isValid():
            return False
        self.ui.slots.selectionModel().select(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                              | QItemSelectionModel.SelectionFlag.Rows)
        self.ui.slots.scrollTo(index)
        return True

    def _update_reserve_button(self) -> None:
        slot_id = self.selected_slot_id()
        slot = self.session.store.slot(slot_id) if slot_id is not None else None
        self.ui.reserve.setEnabled(slot is not None and slot.status is SlotStatus.FREE
                                   and not self.slot_model.is_pending(slot.id))

    def _list_selection_changed(self, *_: object) -> None:
        self._update_reserve_button()
        slot_id = self.selected_slot_id()
        slot = self.session.store.slot(slot_id) if slot_id is not None else None
        if slot is None:
            return
        self.ui.week.set_week(slot.start_time.astimezone(self.tz).date())
        if self.ui.week.slot(slot.id) is not None:
            self.ui.week.set_focused_slot(slot.id)

    def _calendar_focus_changed(self, slot_id: int | None) -> None:
        if slot_id is not None and slot_id != self._selected_in_list():
            self.select_slot(slot_id)
        self._update_reserve_button()

    def _selected_in_list(self) -> int | None:
        rows = self.ui.slots.selectionModel().selectedRows()
        return self._slot_id_at(rows[0].row()) if rows else None

    # --- booking ----------------------------------------------------------------------------------

    def say(self, text: str, *, lasting: bool = False) -> None:
        self.ui.status.say(text, lasting=lasting)

    def overlap_refusal(self, slot: SlotRead) -> Conflict | None:
        """The shared rule: a client never holds two overlapping consultations."""
        held = [Interval(s.start_time, s.end_time, s.id) for s in self.session.store.slots(client=self.me)
                if effective_status(s.status, s.end_time) in HELD]
        other = first_overlap(slot.start_time, slot.end_time, held, ignore_id=slot.id)
        return None if other is None else client_overlap_conflict(
            Interval(other.start.astimezone(self.tz), other.end.astimezone(self.tz), other.id))

    def reserve(self, slot_id: int | None = None) -> QMessageBox | None:
        """Ask to confirm, then reserve; refused here when not free, past or overlapping."""
        slot_id = self.selected_slot_id() if slot_id is None else slot_id
        slot = self.session.store.slot(slot_id) if slot_id is not None else None
        if slot is None:
            self.say(self.tr("Choose a free slot first."))
            return None
        if slot.status is not SlotStatus.FREE:
            self.say(self.tr("This slot is not free: it is yours already.") if slot.client == self.me
                     else self.tr("This slot is not free."))
            return None
        try:
            check_not_past(slot.start_time)
        except Invalid as error:
            self.say(error_message(error))
            return None
        refusal = self.overlap_refusal(slot)
        if refusal is not None:
            self.say(error_message(refusal))
            show_error(refusal, parent=self)
            return None
        box = reservation_question(slot, self.tz, self)

        def answered(button: Any) -> None:
            if box.standardButton(button) == QMessageBox.StandardButton.Yes:
                self._send_reservation(slot)

        box.buttonClicked.connect(answered)
        box.open()
        return box

    def _send_reservation(self, slot: SlotRead) -> None:
        api = self.session.api
        self.slot_model.set_pending(slot.id, True)
        self.say(self.tr("Reserving…"), lasting=True)
        self.session.write(partial(api.reserve, slot.id), parent=self, on_success=self._reserved,
                           on_failure=partial(self._not_reserved, slot))

    def _reserved(self, slot: SlotRead) -> None:
        self.slot_model.set_pending(slot.id, False)
        self.session.store.upsert_slot(slot)  # awaiting approval at once; the feed confirms it
        self.say(self.tr("Reserved: {name}, {when}. Awaiting the specialist's approval.").format(
            name=slot.specialist_name, when=time_span(slot.start_time, slot.end_time, self.tz)))

    def _not_reserved(self, slot: SlotRead, error: BaseException) -> None:
        self.slot_model.set_pending(slot.id, False)
        taken = isinstance(error, NotFound) or (isinstance(error, Conflict) and error.code == "slot_taken")
        if not taken:
            self.say(describe_error(error)[1])
            show_error(error, parent=self)
            return
        message = self.tr("Someone else was faster: the slot with {name} on {when} has just been taken. "
                          "The list of free slots has been refreshed; please choose another time.").format(
            name=slot.specialist_name, when=time_span(slot.start_time, slot.end_time, self.tz))
        self.say(message)
        show_message(self.tr("Slot already taken"), message, parent=self,
                     icon=QMessageBox.Icon.Information)
        self.session.store.remove_slot(slot.id)
        self.reload_free_slots()

    def reload_free_slots(self) -> None:
        """Ask the server for the free slots now (the feed would bring them too, a moment later)."""
        api = self.session.api
        self.session.run(lambda: api.slots(status=SlotStatus.FREE, start=utcnow()), parent=self,
                         busy=False, on_success=self._free_slots_loaded)

    def _free_slots_loaded(self, slots: list[SlotRead]) -> None:
        store = self.session.store
        fresh = {s.id for s in slots}
        for stale in [s.id for s in store.slots(status=SlotStatus.FREE, start=utcnow()) if s.id not in fresh]:
            store.remove_slot(stale)
        for slot in slots:
            store.upsert_slot(slot)


def _day(value: QDate, unset: QDate) -> date | None:
    return None if value == unset else date(value.year(), value.month(), value.day())
