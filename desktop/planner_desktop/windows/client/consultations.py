"""The client's "My consultations" tab: live from the store, with the history's outcomes.

When the specialist agrees to, declines or cancels one of the client's consultations, the row
changes as the feed brings it and the notifier says so. A request awaiting approval can be
cancelled (reason and comment) or moved to another free time of the specialist; a new time the
specialist proposes shows as a banner and in the row, with *Accept new time* / *Keep current
time*; an agreed consultation can be saved as an .ics file.
"""

from __future__ import annotations

from datetime import tzinfo
from functools import partial
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from planner_desktop.errors import describe_error, show_error
from planner_desktop.exports import consultation_calendar, write_file
from planner_desktop.formats import money, time_span
from planner_desktop.models.consultations import (
    ROW_ROLE,
    Consultation,
    ConsultationColumn,
    ConsultationFilterProxyModel,
    ConsultationTableModel,
    State,
    build_consultations,
)
from planner_desktop.save_folder import ask_save_path
from planner_desktop.session import Session
from planner_desktop.widgets.notifier import Notifier
from planner_desktop.widgets.toast import StatusLine
from planner_desktop.windows.client.dialogs import CancelDialog
from planner_desktop.windows.client.move_dialog import MoveDialog
from planner_shared.enums import CancelReason, SlotStatus
from planner_shared.rules import effective_status, utcnow
from planner_shared.schemas import HistoryEntry, SlotRead

HELD = (SlotStatus.AGREEMENT, SlotStatus.RESERVED)


class ConsultationsPanel(QWidget):
    def __init__(self, session: Session, tz: tzinfo, notifier: Notifier,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("consultationsPanel")
        self.session = session
        self.tz = tz
        self.notifier = notifier
        self.me = session.user.id
        self.history: list[HistoryEntry] = []
        self.history_loaded = False
        self._held: dict[int, SlotRead] = {}  # my slots awaiting or agreed, as last seen
        self._cancelling: set[int] = set()  # withdrawn by this client: no "declined" notice
        self.model = ConsultationTableModel(tz, self)
        self.proxy = ConsultationFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self._build()
        session.store.slots_changed.connect(self._slots_changed)
        session.store.reset.connect(self._slots_changed)
        self._held = self._held_now()
        self.rebuild()
        self.load_history()

    def _build(self) -> None:
        self.show_filter = QComboBox(self)
        self.show_filter.setObjectName("consultationFilter")
        for text, value in ((self.tr("Upcoming"), "upcoming"), (self.tr("Past and cancelled"), "past"),
                            (self.tr("All"), "all")):
            self.show_filter.addItem(text, value)
        self.show_filter.currentIndexChanged.connect(
            lambda _: self.proxy.set_show(self.show_filter.currentData()))
        self.proxy.set_show("upcoming")
        self.table = QTableView(self)
        self.table.setObjectName("consultationTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(ConsultationColumn.WHEN, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(ConsultationColumn.WHEN, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.setColumnWidth(ConsultationColumn.SPECIALIST, 150)
        self.table.setColumnWidth(ConsultationColumn.CONTEXT, 180)
        self.table.setColumnWidth(ConsultationColumn.STATUS, 170)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.cancel_button = QPushButton(self.tr("&Cancel request…"), self)
        self.cancel_button.setObjectName("cancelRequest")
        self.cancel_button.clicked.connect(self.cancel_selected)
        self.move_button = QPushButton(self.tr("&Move…"), self)
        self.move_button.setObjectName("moveRequest")
        self.move_button.clicked.connect(self.move_selected)
        self.accept_button = QPushButton(self.tr("Accept new time"), self)
        self.accept_button.setObjectName("acceptMove")
        self.accept_button.clicked.connect(lambda: self.answer_selected(accept=True))
        self.keep_button = QPushButton(self.tr("Keep current time"), self)
        self.keep_button.setObjectName("declineMove")
        self.keep_button.clicked.connect(lambda: self.answer_selected(accept=False))
        self.calendar_button = QPushButton(self.tr("Add to &calendar…"), self)
        self.calendar_button.setObjectName("addToCalendar")
        self.calendar_button.clicked.connect(self.add_selected_to_calendar)
        self.status = StatusLine(self)
        self.status.setObjectName("consultationStatus")
        row = QHBoxLayout()
        show_label = QLabel(self.tr("&Show:"), self)
        show_label.setBuddy(self.show_filter)
        row.addWidget(show_label)
        row.addWidget(self.show_filter)
        row.addWidget(self.status, 1)
        row.addWidget(self.move_button)
        row.addWidget(self.cancel_button)
        row.addWidget(self.accept_button)
        row.addWidget(self.keep_button)
        row.addWidget(self.calendar_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self._build_banner())
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        self._update_buttons()

    def _build_banner(self) -> QFrame:
        """The first pending proposal of a new time, with its two answers."""
        self.banner = QFrame(self)
        self.banner.setObjectName("proposalBanner")
        self.banner.setFrameShape(QFrame.Shape.StyledPanel)
        self.banner.setStyleSheet("#proposalBanner { background: palette(alternate-base); }")
        self.banner_text = QLabel(self.banner)
        self.banner_text.setObjectName("proposalText")
        self.banner_text.setWordWrap(True)
        self.banner_accept = QPushButton(self.tr("&Accept new time"), self.banner)
        self.banner_accept.setObjectName("bannerAccept")
        self.banner_keep = QPushButton(self.tr("&Keep current time"), self.banner)
        self.banner_keep.setObjectName("bannerKeep")
        self.banner_accept.clicked.connect(lambda: self._answer_banner(accept=True))
        self.banner_keep.clicked.connect(lambda: self._answer_banner(accept=False))
        line = QHBoxLayout(self.banner)
        line.addWidget(self.banner_text, 1)
        line.addWidget(self.banner_accept)
        line.addWidget(self.banner_keep)
        self.banner_slot: int | None = None
        self.banner.hide()
        return self.banner

    def _update_banner(self) -> None:
        pending = sorted((r for r in self.model.rows() if r.has_proposal), key=lambda r: r.start)
        if not pending:
            self.banner_slot = None
            self.banner.hide()
            return
        first = pending[0]
        assert first.proposed_start is not None and first.proposed_end is not None
        self.banner_slot = first.slot_id
        self.banner_text.setText(self.tr("{name} proposes a new time for your consultation on {now}: "
                                         "{new}.").format(
            name=first.specialist_name, now=time_span(first.start, first.end, self.tz),
            new=time_span(first.proposed_start, first.proposed_end, self.tz)))
        self.banner.show()

    # --- data -------------------------------------------------------------------------------------

    def load_history(self) -> None:
        api = self.session.api
        self.session.run(api.history, on_success=self._history_loaded, busy=False, parent=self,
                         on_failure=lambda error: self.status.say(describe_error(error)[1]))

    def _history_loaded(self, history: list[HistoryEntry]) -> None:
        self.history = history
        self.history_loaded = True
        self.rebuild()

    def rebuild(self) -> None:
        rows = build_consultations(self.session.store.slots(client=self.me), self.history, me=self.me)
        self.model.sync_to(rows)
        self._update_buttons()
        self._update_banner()

    def _held_now(self) -> dict[int, SlotRead]:
        return {s.id: s for s in self.session.store.slots(client=self.me)
                if effective_status(s.status, s.end_time) in HELD}

    def _slots_changed(self, *_: object) -> None:
        held = self._held_now()
        ended = False
        for slot_id, before in self._held.items():
            after = held.get(slot_id)
            if after is not None:
                if before.proposed_slot is None and after.proposed_slot is not None \
                        and after.proposed_start is not None and after.proposed_end is not None:
                    self._tell(self.tr("New time proposed"), self.tr(
                        "{name} proposes to move your consultation on {when} to {new}.").replace(
                        "{new}", time_span(after.proposed_start, after.proposed_end, self.tz)), after)
                if before.status is SlotStatus.AGREEMENT and after.status is SlotStatus.RESERVED:
                    self._tell(self.tr("Consultation agreed"), self.tr("{name} agreed to your consultation "
                               "on {when}."), after)
                continue
            if slot_id in self._cancelling:
                self._cancelling.discard(slot_id)
            elif before.status is SlotStatus.AGREEMENT:
                self._tell(self.tr("Request declined"), self.tr("{name} declined your request for "
                           "{when}."), before)
            elif before.end_time > utcnow():
                self._tell(self.tr("Consultation cancelled"), self.tr("{name} cancelled your "
                           "consultation on {when}."), before)
            ended = True
        self._held = held
        self.rebuild()
        if ended:
            self.load_history()  # the reason and comment of what just ended

    def _tell(self, title: str, template: str, slot: SlotRead) -> None:
        when = time_span(slot.start_time, slot.end_time, self.tz)
        self.notifier.notify(title, template.format(name=slot.specialist_name, when=when))

    # --- actions ----------------------------------------------------------------------------------

    def selected(self) -> Consultation | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(ROW_ROLE) if rows else None

    def select(self, key: str) -> bool:
        """Select a consultation's row (switching the filter to "all" if it hides it)."""
        row = next((r for r in range(self.model.rowCount()) if self.model.row_at(r).key == key), None)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            self.show_filter.setCurrentIndex(self.show_filter.findData("all"))
            index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.table.selectionModel().select(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                           | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)
        return True

    def _update_buttons(self, *_: object) -> None:
        chosen = self.selected()
        self.cancel_button.setEnabled(chosen is not None and chosen.cancellable)
        self.move_button.setEnabled(chosen is not None and chosen.movable)
        for button in (self.accept_button, self.keep_button):
            button.setEnabled(chosen is not None and chosen.has_proposal)
        self.calendar_button.setEnabled(chosen is not None and chosen.state is State.AGREED)

    def cancel_selected(self) -> CancelDialog | None:
        chosen = self.selected()
        if chosen is None or not chosen.cancellable or chosen.slot_id is None:
            return None
        dialog = CancelDialog(chosen, self.tz, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        slot_id = chosen.slot_id
        dialog.accepted.connect(lambda: self.cancel(slot_id, dialog.chosen_reason(), dialog.text()))
        dialog.open()
        return dialog

    def cancel(self, slot_id: int, reason: CancelReason, text: str) -> None:
        api = self.session.api
        self._cancelling.add(slot_id)
        self.status.say(self.tr("Cancelling…"), lasting=True)
        self.session.write(lambda: api.cancel_client(slot_id, reason, text), parent=self,
                           on_success=self._cancelled, on_failure=partial(self._not_cancelled, slot_id))

    def _cancelled(self, slot: SlotRead) -> None:
        self.status.say(self.tr("Your request was cancelled."))
        self.session.store.upsert_slot(slot)

    def _not_cancelled(self, slot_id: int, error: BaseException) -> None:
        self._cancelling.discard(slot_id)
        self.status.say(describe_error(error)[1])
        show_error(error, parent=self)

    # --- moves (SPEC §2a) --------------------------------------------------------------------------

    def free_slots_of(self, specialist: int | None) -> list[SlotRead]:
        """The specialist's free future slots a request may move to (none held for anyone)."""
        now = utcnow()
        return [s for s in self.session.store.slots(specialist=specialist, status=SlotStatus.FREE)
                if s.held_for is None and s.start_time > now]

    def move_selected(self) -> MoveDialog | None:
        chosen = self.selected()
        if chosen is None or not chosen.movable or chosen.slot_id is None:
            return None
        dialog = MoveDialog(chosen, self.free_slots_of(chosen.specialist), self.tz, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        slot_id = chosen.slot_id
        dialog.accepted.connect(lambda: self._move_chosen(slot_id, dialog))
        self.move_dialog = dialog
        dialog.open()
        return dialog

    def _move_chosen(self, slot_id: int, dialog: MoveDialog) -> None:
        if dialog.chosen is not None:
            self.move_request(slot_id, dialog.chosen)

    def move_request(self, slot_id: int, to: int) -> None:
        """The request on ``slot_id`` to the free slot ``to``: one step on the server."""
        api = self.session.api
        self._cancelling.add(slot_id)  # it leaves that slot: no "declined" notice
        self.status.say(self.tr("Moving…"), lasting=True)
        self.session.write(lambda: api.move(slot_id, to), parent=self,
                           on_success=partial(self._moved, slot_id),
                           on_failure=partial(self._not_cancelled, slot_id))

    def _moved(self, old: int, slot: SlotRead) -> None:
        self.status.say(self.tr("Your request was moved to {when}.").format(
            when=time_span(slot.start_time, slot.end_time, self.tz)))
        self.session.store.upsert_slot(slot)
        self.load_history()

    def answer_selected(self, *, accept: bool) -> None:
        chosen = self.selected()
        if chosen is not None and chosen.has_proposal and chosen.slot_id is not None:
            self.answer(chosen.slot_id, accept=accept)

    def _answer_banner(self, *, accept: bool) -> None:
        if self.banner_slot is not None:
            self.answer(self.banner_slot, accept=accept)

    def answer(self, slot_id: int, *, accept: bool) -> None:
        """Accept the proposed new time (the consultation moves) or keep the current one."""
        api = self.session.api
        if accept:
            self._cancelling.add(slot_id)  # the old time is left, not cancelled
        self.status.say(self.tr("Answering…"), lasting=True)
        work = (lambda: api.accept_move(slot_id)) if accept else (lambda: api.decline_move(slot_id))
        self.session.write(work, parent=self, on_success=partial(self._answered, accept),
                           on_failure=partial(self._not_cancelled, slot_id))

    def _answered(self, accepted: bool, slot: SlotRead) -> None:
        self.status.say(self.tr("Your consultation is now at {when}.").format(
            when=time_span(slot.start_time, slot.end_time, self.tz)) if accepted
            else self.tr("You kept the current time."))
        self.session.store.upsert_slot(slot)
        if accepted:
            self.load_history()

    def add_selected_to_calendar(self) -> None:
        chosen = self.selected()
        if chosen is None or chosen.state is not State.AGREED:
            return
        start = chosen.start.astimezone(self.tz)
        path = ask_save_path(self, self.session.settings, self.tr("Add to calendar"),
                             f"consultation-{start:%Y-%m-%d-%H%M}.ics", self.tr("Calendar files (*.ics)"))
        if path is not None:
            self.save_calendar(chosen, path)

    def save_calendar(self, chosen: Consultation, path: Path) -> None:
        content = consultation_calendar(slot_id=chosen.slot_id or 0, specialist_name=chosen.specialist_name,
                                        start=chosen.start, end=chosen.end, context=chosen.context,
                                        cost=money(chosen.cost))
        saved = self.tr("Saved to {path}: open it to add it to your calendar.").format(path=path)
        self.session.run(lambda: write_file(path, content), parent=self,
                         on_success=lambda _: self.status.say(saved))
