"""Calendar → Booking rules…: the specialist's rules for clients' requests (issue #17), each with a
sentence saying what it does. The server holds and enforces them; this form only edits them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from planner_shared import rules
from planner_shared.schemas import BookingRules, BookingRulesUpdate


class BookingRulesDialog(QDialog):
    """The five rules (the buffer has a before and an after); 0 turns a rule off."""

    def __init__(self, parent: QWidget | None, current: BookingRules) -> None:
        super().__init__(parent)
        self.setObjectName("bookingRulesDialog")
        self.setWindowTitle(self.tr("Booking rules"))
        self.current = current
        self.boxes: dict[str, QSpinBox] = {}
        off = self.tr("off")
        minutes, days, count = self.tr(" min"), self.tr(" days"), ""
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("What clients may request of you. 0 turns a rule off; changing a rule "
                               "never touches requests or consultations you already have."), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        rows = (
            ("buffer_before_minutes", self.tr("Buffer &before:"), rules.BUFFER_MAX_MINUTES, minutes,
             self.tr("Time kept free before each request or consultation.")),
            ("buffer_after_minutes", self.tr("Buffer &after:"), rules.BUFFER_MAX_MINUTES, minutes,
             self.tr("Time kept free after each one: two consultations are at least the larger "
                     "buffer apart.")),
            ("min_notice_minutes", self.tr("Minimum &notice:"), rules.NOTICE_MAX_MINUTES, minutes,
             self.tr("Nobody may request a slot that starts sooner than this.")),
            ("horizon_days", self.tr("&Horizon:"), rules.HORIZON_MAX_DAYS, days,
             self.tr("Nobody may request a slot further ahead than this.")),
            ("max_per_day", self.tr("Most per &day:"), rules.MAX_PER_DAY_MAX, count,
             self.tr("At most this many requests and consultations on one day of your time zone.")),
            ("max_pending_per_client", self.tr("Most &pending per client:"), rules.MAX_PENDING_MAX, count,
             self.tr("A client may wait for your answer on at most this many requests.")),
        )
        form = QFormLayout()
        for name, label, maximum, suffix, sentence in rows:
            box = QSpinBox(self)
            box.setObjectName(name)
            box.setRange(0, maximum)
            box.setSuffix(suffix)
            box.setSpecialValueText(off)
            box.setValue(getattr(current, name))
            box.setAccessibleDescription(sentence)
            self.boxes[name] = box
            explain = QLabel(sentence, self)
            explain.setWordWrap(True)
            explain.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            explain.setStyleSheet("color: palette(placeholder-text);")
            form.addRow(label, box)
            form.addRow("", explain)
            label_widget = form.labelForField(box)
            if isinstance(label_widget, QLabel):
                label_widget.setBuddy(box)
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def changes(self) -> BookingRulesUpdate:
        """The rules the user changed (only those are sent)."""
        changed = {name: box.value() for name, box in self.boxes.items()
                   if box.value() != getattr(self.current, name)}
        return BookingRulesUpdate(**changed)

