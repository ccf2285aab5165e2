"""A specialist's booking rules in words, for clients (issue #17)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from planner_shared.schemas import BookingRules


def rules_summary(current: BookingRules) -> str:
    """The rules a client meets, in one sentence ("" when none is on): the specialist list's tip."""
    translate = QCoreApplication.translate
    parts = []
    if current.min_notice_minutes:
        parts.append(translate("BookingRules", "requests at least {minutes} min ahead").format(
            minutes=current.min_notice_minutes))
    if current.horizon_days:
        parts.append(translate("BookingRules", "at most {days} days ahead").format(days=current.horizon_days))
    gap = max(current.buffer_before_minutes, current.buffer_after_minutes)
    if gap:
        parts.append(translate("BookingRules", "{minutes} min between consultations").format(minutes=gap))
    if current.max_per_day:
        parts.append(translate("BookingRules", "at most {count} a day").format(count=current.max_per_day))
    if current.max_pending_per_client:
        parts.append(translate("BookingRules", "at most {count} requests awaiting an answer").format(
            count=current.max_pending_per_client))
    if not parts:
        return ""
    return translate("BookingRules", "Booking rules: {rules}.").format(rules="; ".join(parts))
