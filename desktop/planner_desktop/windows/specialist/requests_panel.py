"""The specialist's side list: requests awaiting an answer (newest first) with Agree / Decline,
and the agreed consultations ahead, which can be cancelled with a reason.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import tzinfo

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from planner_desktop.formats import clock_span, money, short_day
from planner_shared.schemas import SlotRead

ID_ROLE = Qt.ItemDataRole.UserRole


class RequestsPanel(QWidget):
    agree_requested = Signal(int)
    decline_requested = Signal(int)
    cancel_requested = Signal(int)
    show_requested = Signal(int)  # the calendar should bring this slot into view

    def __init__(self, tz: tzinfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("requestsPanel")
        self.tz = tz
        self.awaiting_label = QLabel(self)
        self.awaiting = QListWidget(self)
        self.awaiting.setObjectName("awaitingList")
        self.awaiting_label.setBuddy(self.awaiting)
        self.agree_button = QPushButton(self.tr("&Agree"), self)
        self.decline_button = QPushButton(self.tr("&Decline…"), self)
        self.agreed_label = QLabel(self)
        self.agreed = QListWidget(self)
        self.agreed.setObjectName("agreedList")
        self.agreed_label.setBuddy(self.agreed)
        self.cancel_button = QPushButton(self.tr("Ca&ncel consultation…"), self)
        for widget in (self.awaiting, self.agreed):
            widget.setWordWrap(True)
            widget.setAlternatingRowColors(True)
            widget.itemSelectionChanged.connect(self._update_buttons)
            widget.itemActivated.connect(lambda item: self.show_requested.emit(item.data(ID_ROLE)))
        self.agree_button.clicked.connect(lambda: self._emit(self.awaiting, self.agree_requested))
        self.decline_button.clicked.connect(lambda: self._emit(self.awaiting, self.decline_requested))
        self.cancel_button.clicked.connect(lambda: self._emit(self.agreed, self.cancel_requested))
        answer = QHBoxLayout()
        answer.addWidget(self.agree_button)
        answer.addWidget(self.decline_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.awaiting_label)
        layout.addWidget(self.awaiting, 3)
        layout.addLayout(answer)
        layout.addSpacing(8)
        layout.addWidget(self.agreed_label)
        layout.addWidget(self.agreed, 2)
        layout.addWidget(self.cancel_button)
        self.set_slots([], [])

    def set_slots(self, awaiting: Iterable[SlotRead], agreed: Iterable[SlotRead]) -> None:
        """Requests newest first (by when they were made); agreed ones soonest first."""
        waiting = sorted(awaiting, key=lambda s: (s.updated_at, s.id), reverse=True)
        ahead = sorted(agreed, key=lambda s: (s.start_time, s.id))
        self._fill(self.awaiting, waiting)
        self._fill(self.agreed, ahead)
        self.awaiting_label.setText(self.tr("<b>Awaiting your answer</b> ({count})").format(
            count=len(waiting)))
        self.agreed_label.setText(self.tr("<b>Agreed, ahead</b> ({count})").format(count=len(ahead)))
        self._update_buttons()

    def select(self, slot_id: int) -> bool:
        for widget in (self.awaiting, self.agreed):
            for row in range(widget.count()):
                if widget.item(row).data(ID_ROLE) == slot_id:
                    widget.setCurrentRow(row)
                    widget.setFocus()
                    return True
        return False

    def ids(self, which: str = "awaiting") -> list[int]:
        widget = self.awaiting if which == "awaiting" else self.agreed
        return [widget.item(row).data(ID_ROLE) for row in range(widget.count())]

    def _fill(self, widget: QListWidget, slots: list[SlotRead]) -> None:
        current = widget.currentItem().data(ID_ROLE) if widget.currentItem() else None
        widget.clear()
        for slot in slots:
            who = slot.client_name or self.tr("A client")
            day = slot.start_time.astimezone(self.tz)
            text = (f"{short_day(day.date())}, {clock_span(slot.start_time, slot.end_time, self.tz)}"
                    f" · {money(slot.cost)}\n{who}")
            if slot.context:
                text += f" — {slot.context}"
            item = QListWidgetItem(text, widget)
            item.setData(ID_ROLE, slot.id)
            item.setToolTip(text)
            if slot.id == current:
                widget.setCurrentItem(item)
        if widget.currentItem() is None and widget.count():
            widget.setCurrentRow(0)

    def _emit(self, widget: QListWidget, signal: SignalInstance) -> None:
        item = widget.currentItem()
        if item is not None:
            signal.emit(item.data(ID_ROLE))

    def _update_buttons(self) -> None:
        has_request = self.awaiting.currentItem() is not None
        self.agree_button.setEnabled(has_request)
        self.decline_button.setEnabled(has_request)
        self.cancel_button.setEnabled(self.agreed.currentItem() is not None)
