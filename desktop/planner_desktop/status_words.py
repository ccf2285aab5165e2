"""The one word for each status, per language: the legend, the calendar, the tables and the lists
all take it from here (so "agreed" is never "accepted" in one place and "confirmed" in another).

A slot's status (free, awaiting approval, agreed, completed) and what became of a request that
ended (declined, cancelled by the client, cancelled by the specialist).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from planner_desktop.i18n import QT_TRANSLATE_NOOP
from planner_shared.enums import Outcome, SlotStatus

CONTEXT = "Status"
SLOT_STATUS_WORDS = {
    SlotStatus.FREE: QT_TRANSLATE_NOOP("Status", "Free"),
    SlotStatus.AGREEMENT: QT_TRANSLATE_NOOP("Status", "Awaiting approval"),
    SlotStatus.RESERVED: QT_TRANSLATE_NOOP("Status", "Agreed"),
    SlotStatus.COMPLETED: QT_TRANSLATE_NOOP("Status", "Completed"),
}
OUTCOME_WORDS = {
    Outcome.DECLINED: QT_TRANSLATE_NOOP("Status", "Declined"),
    Outcome.CANCELLED_BY_CLIENT: QT_TRANSLATE_NOOP("Status", "Cancelled by you"),
    Outcome.CANCELLED_BY_SPECIALIST: QT_TRANSLATE_NOOP("Status", "Cancelled by the specialist"),
    Outcome.COMPLETED: QT_TRANSLATE_NOOP("Status", "Completed"),
    Outcome.MOVED: QT_TRANSLATE_NOOP("Status", "Moved"),
}


def status_word(status: SlotStatus) -> str:
    return QCoreApplication.translate(CONTEXT, SLOT_STATUS_WORDS[status])


def outcome_word(outcome: Outcome) -> str:
    return QCoreApplication.translate(CONTEXT, OUTCOME_WORDS[outcome])
