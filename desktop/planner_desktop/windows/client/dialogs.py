"""The client's questions: confirm a reservation; cancel a request with a reason and a comment."""

from __future__ import annotations

from datetime import tzinfo

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from planner_desktop.formats import money, time_span
from planner_desktop.models.consultations import Consultation, reason_label
from planner_desktop.widgets.char_counter import CharCounter
from planner_shared.enums import CancelReason
from planner_shared.rules import COMMENT_MAX_LENGTH
from planner_shared.schemas import SlotRead

REASONS = (CancelReason.FORCE_MAJEURE, CancelReason.GOT_SICK, CancelReason.SCHEDULE_CONFLICT,
           CancelReason.NONE)  # the default first (SPEC §2)


def zone_name(tz: tzinfo) -> str:
    return str(getattr(tz, "key", None) or tz)


def reservation_question(slot: SlotRead, tz: tzinfo, parent: QWidget) -> QMessageBox:
    """"Reserve this consultation?" with specialist, time in the user's zone, context and cost."""
    box = QMessageBox(QMessageBox.Icon.Question,
                      QCoreApplication.translate("ClientWindow", "Reserve a consultation"),
                      QCoreApplication.translate("ClientWindow", "Reserve this consultation? "
                                                                 "The specialist will be asked to agree."),
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, parent)
    box.setObjectName("confirmReservation")
    box.button(QMessageBox.StandardButton.Yes).setText(QCoreApplication.translate("ClientWindow", "&Reserve"))
    box.setDefaultButton(QMessageBox.StandardButton.Yes)
    details = [
        (QCoreApplication.translate("ClientWindow", "Specialist"), slot.specialist_name),
        (QCoreApplication.translate("ClientWindow", "When"),
         f"{time_span(slot.start_time, slot.end_time, tz)} ({zone_name(tz)})"),
        (QCoreApplication.translate("ClientWindow", "What"), slot.context or "—"),
        (QCoreApplication.translate("ClientWindow", "Cost"), money(slot.cost)),
    ]
    box.setInformativeText("\n".join(f"{label}: {value}" for label, value in details))
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    return box


class CancelDialog(QDialog):
    """Why the client withdraws a request: a reason from the list and an optional comment."""

    def __init__(self, consultation: Consultation, tz: tzinfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cancelDialog")
        self.setWindowTitle(self.tr("Cancel your request"))
        summary = QLabel(self.tr("Withdraw your request to {name} for {when}?").format(
            name=consultation.specialist_name,
            when=time_span(consultation.start, consultation.end, tz)), self)
        summary.setWordWrap(True)
        self.reason = QComboBox(self)
        for reason in REASONS:
            self.reason.addItem(reason_label(reason), reason.value)
        self.comment = QPlainTextEdit(self)
        self.comment.setPlaceholderText(self.tr("Optional comment for the specialist"))
        self.comment.setTabChangesFocus(True)
        self.comment.setFixedHeight(90)
        self.counter = CharCounter(self.comment, COMMENT_MAX_LENGTH, self)
        self.counter.setObjectName("commentCounter")
        form = QFormLayout()
        form.addRow(self.tr("&Reason:"), self.reason)
        form.addRow(self.tr("C&omment:"), self.comment)
        form.addRow("", self.counter)
        self.buttons = QDialogButtonBox(self)
        self.confirm_button = self.buttons.addButton(self.tr("Cancel the &request"),
                                                     QDialogButtonBox.ButtonRole.AcceptRole)
        self.keep_button = self.buttons.addButton(self.tr("&Keep it"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

    def chosen_reason(self) -> CancelReason:
        return CancelReason(self.reason.currentData())

    def text(self) -> str:
        return self.comment.toPlainText().strip()
