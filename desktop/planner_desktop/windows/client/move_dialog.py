"""*Move…* of a request: the specialist's free slots in the same week view, read-only except for
choosing one (SPEC §2a). Double-click (or Enter) a slot, or select it and press *Move here*."""

from __future__ import annotations

from datetime import tzinfo

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from planner_desktop.formats import time_span
from planner_desktop.models.consultations import Consultation
from planner_desktop.widgets.slot_layout import SlotView
from planner_desktop.widgets.week_view import WeekView
from planner_shared.enums import SlotStatus
from planner_shared.schemas import SlotRead


class MoveDialog(QDialog):
    """``chosen`` is the slot picked, once accepted."""

    def __init__(self, consultation: Consultation, free: list[SlotRead], tz: tzinfo,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("moveDialog")
        self.setWindowTitle(self.tr("Move your request"))
        self.free = {s.id: s for s in free}
        self.chosen: int | None = None
        when = time_span(consultation.start, consultation.end, tz)
        intro = QLabel(self.tr("Your request to {name} is for {when}. Choose another free time of the "
                               "same specialist:").format(name=consultation.specialist_name, when=when), self)
        intro.setWordWrap(True)
        self.week = WeekView(self, tz=tz, read_only=True)
        self.week.setObjectName("moveWeek")
        self.week.setMinimumSize(640, 360)
        mine = SlotView(id=consultation.slot_id or 0, start=consultation.start, end=consultation.end,
                        status=SlotStatus.AGREEMENT, context=consultation.context,
                        note=self.tr("Your request"))
        self.week.set_slots([mine, *(SlotView.from_read(s) for s in free)])
        self.week.set_week(consultation.start.astimezone(tz).date())
        self.week.slot_activated.connect(self.choose)
        self.week.focused_slot_changed.connect(self._focused)
        previous = QPushButton(self.tr("‹ Previous week"), self)
        following = QPushButton(self.tr("Next week ›"), self)
        previous.clicked.connect(self.week.previous_week)
        following.clicked.connect(self.week.next_week)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.move_button = self.buttons.addButton(self.tr("&Move here"),
                                                  QDialogButtonBox.ButtonRole.AcceptRole)
        self.move_button.setObjectName("moveHere")
        self.move_button.setEnabled(False)
        self.move_button.clicked.connect(lambda: self.choose(self.week.focused_id))
        self.buttons.rejected.connect(self.reject)
        navigation = QHBoxLayout()
        navigation.addWidget(previous)
        navigation.addStretch(1)
        navigation.addWidget(following)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(navigation)
        layout.addWidget(self.week, 1)
        layout.addWidget(self.buttons)

    def _focused(self, slot_id: int | None) -> None:
        self.move_button.setEnabled(slot_id in self.free)

    def choose(self, slot_id: int | None) -> None:
        if slot_id in self.free:
            self.chosen = slot_id
            self.accept()
