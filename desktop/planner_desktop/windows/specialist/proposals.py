"""A specialist proposes a new time for an agreed consultation (SPEC §2a) by dragging it.

The drop lands on one of the specialist's free slots (proposed as it is) or on empty time (a new
slot is proposed); after "Propose this new time to Anna?" the server holds it for the client. Until
the client answers, the calendar links the two: the consultation and the held slot share a stripe
colour, and each names the other.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, tzinfo
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from planner_desktop.formats import time_span
from planner_desktop.i18n import QT_TRANSLATE_NOOP
from planner_desktop.session import Session
from planner_desktop.widgets.slot_layout import SlotView
from planner_desktop.windows.specialist.slot_checks import SlotChecker
from planner_shared import rules
from planner_shared.enums import SlotStatus
from planner_shared.schemas import SlotRead

LINK_TINT = "#d35400"  # the stripe a pending proposal's two slots share
CONTEXT = "MoveProposer"
PROPOSED_NOTE = QT_TRANSLATE_NOOP("MoveProposer", "New time proposed: {when}")
HELD_NOTE = QT_TRANSLATE_NOOP("MoveProposer", "Proposed to {name} · awaiting the answer")


def _translate(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def calendar_views(shown: list[SlotRead], mine: list[SlotRead], tz: tzinfo) -> list[SlotView]:
    """The calendar's slots: an agreed consultation may be dragged (a proposal); a pending
    proposal's consultation and held slot are linked by colour and by what they say."""
    proposals = {s.proposed_slot: s for s in mine if s.proposed_slot is not None}
    views = []
    for slot in shown:
        view = SlotView.from_read(slot)
        if view.status is SlotStatus.RESERVED and slot.proposed_slot is None:
            view = replace(view, movable=True)
        if slot.proposed_start is not None and slot.proposed_end is not None:
            when = time_span(slot.proposed_start, slot.proposed_end, tz)
            view = replace(view, tint=LINK_TINT, note=_translate(PROPOSED_NOTE).format(when=when))
        consultation = proposals.get(slot.id)
        if slot.held_for is not None and consultation is not None:
            name = consultation.client_name or ""
            view = replace(view, tint=LINK_TINT, note=_translate(HELD_NOTE).format(name=name))
        views.append(view)
    return views


class MoveProposer(QObject):
    """Asks, then proposes; ``refused(text)`` when the drop cannot be a proposal, ``done(text)``."""

    refused = Signal(str)
    done = Signal(str)

    def __init__(self, session: Session, checker: SlotChecker, tz: tzinfo, parent: QWidget) -> None:
        super().__init__(parent)
        self.session, self.checker, self.tz, self.widget = session, checker, tz, parent
        self.box: QMessageBox | None = None

    def _free_slot_at(self, start: datetime) -> SlotRead | None:
        """The specialist's free slot (not held) that the drop's start falls in."""
        now = rules.utcnow()
        for slot in self.session.store.slots(specialist=self.session.user.id, status=SlotStatus.FREE):
            if slot.held_for is None and slot.start_time > now and slot.start_time <= start < slot.end_time:
                return slot
        return None

    def propose(self, slot_id: int, start: datetime, end: datetime) -> QMessageBox | None:
        slot = self.session.store.slot(slot_id)
        if slot is None or rules.effective_status(slot.status, slot.end_time) is not SlotStatus.RESERVED:
            self.refused.emit(self.tr("Only an agreed consultation can be given a new time."))
            return None
        if slot.proposed_slot is not None:
            self.refused.emit(self.tr("A new time is already proposed; wait for the client's answer."))
            return None
        target = self._free_slot_at(start)
        if target is not None:
            start, end = target.start_time, target.end_time
        else:
            refusal = self.checker.reason(start, end)
            if refusal:
                self.refused.emit(refusal)
                return None
        name = slot.client_name or self.tr("the client")
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Propose a new time"),
                          self.tr("Propose this new time to {name}?").format(name=name),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self.widget)
        box.setObjectName("confirmProposal")
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("&Propose"))
        box.setInformativeText("\n".join((
            self.tr("Now: {when}").format(when=time_span(slot.start_time, slot.end_time, self.tz)),
            self.tr("Proposed: {when}").format(when=time_span(start, end, self.tz)),
            self.tr("The consultation stays as agreed until {name} answers.").format(name=name))))

        def answered(button: Any) -> None:
            if box.standardButton(button) == QMessageBox.StandardButton.Yes:
                self._send(slot, target.id if target is not None else None, start, end)

        box.buttonClicked.connect(answered)
        self.box = box
        box.open()
        return box

    def _send(self, slot: SlotRead, to: int | None, start: datetime, end: datetime) -> None:
        api = self.session.api

        def sent(fresh: SlotRead) -> None:
            self.session.store.upsert_slot(fresh)
            self.done.emit(self.tr("New time proposed to {name}.").format(name=fresh.client_name or ""))
        self.session.write(lambda: api.propose_move(slot.id, to=to, start=start, end=end),
                           on_success=sent, parent=self.widget)
