"""Business rules a user can hit on either side: one definition, used by server and desktop.

The server enforces them (the database backs the critical ones with constraints);
the desktop calls the same functions to refuse early with the same words.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from planner_shared.enums import Role, SlotStatus
from planner_shared.errors import Conflict, Forbidden, Invalid

PASSWORD_MIN_LENGTH = 8
PASSWORD_MAX_LENGTH = 128
SLOT_MIN_DURATION = timedelta(minutes=5)
SLOT_MAX_DURATION = timedelta(hours=12)
CONTEXT_MAX_LENGTH = 255
COMMENT_MAX_LENGTH = 255
NAME_MAX_LENGTH = 150
COST_MAX = Decimal("1000000")
MAX_ID = 2**31 - 1  # ids are 32-bit integers on both databases
# Instants the product accepts at all (a calendar has no use for others, and both databases and
# Python's datetime arithmetic stay far from their limits inside this range).
EARLIEST_INSTANT = datetime(1900, 1, 1, tzinfo=UTC)
LATEST_INSTANT = datetime(2200, 1, 1, tzinfo=UTC)

_LOWER_LATIN = re.compile(r"[a-z]")
_DIGIT = re.compile(r"[0-9]")


PASSWORD_TOO_SHORT, PASSWORD_TOO_LONG = "too_short", "too_long"
PASSWORD_NO_LOWERCASE, PASSWORD_NO_DIGIT = "no_lowercase", "no_digit"
_PASSWORD_PROBLEM_WORDS = {
    PASSWORD_TOO_SHORT: f"at least {PASSWORD_MIN_LENGTH} characters",
    PASSWORD_TOO_LONG: f"at most {PASSWORD_MAX_LENGTH} characters",
    PASSWORD_NO_LOWERCASE: "at least one lowercase Latin letter (a-z)",
    PASSWORD_NO_DIGIT: "at least one digit",
}


def password_rules_broken(password: str) -> list[str]:
    """Which rules a password breaks, as stable identifiers (``PASSWORD_TOO_SHORT`` …)."""
    broken = []
    if len(password) < PASSWORD_MIN_LENGTH:
        broken.append(PASSWORD_TOO_SHORT)
    if len(password) > PASSWORD_MAX_LENGTH:
        broken.append(PASSWORD_TOO_LONG)
    if not _LOWER_LATIN.search(password):
        broken.append(PASSWORD_NO_LOWERCASE)
    if not _DIGIT.search(password):
        broken.append(PASSWORD_NO_DIGIT)
    return broken


def password_problems(password: str) -> list[str]:
    """What a password still lacks, in words a person reads (empty when it is acceptable)."""
    return [_PASSWORD_PROBLEM_WORDS[rule] for rule in password_rules_broken(password)]


def check_password(password: str) -> None:
    broken = password_rules_broken(password)
    if broken:
        raise Invalid("The password needs " + ", ".join(_PASSWORD_PROBLEM_WORDS[r] for r in broken) + ".",
                      code="weak_password", params={"rules": broken})


def normalise_email(email: str) -> str:
    """The one spelling of an email address wherever it enters (registration, sign-in, edits):
    trimmed, lower case, Unicode NFC (a decomposed "é" from some keyboards is the composed one)."""
    return unicodedata.normalize("NFC", email.strip().lower())


def utcnow() -> datetime:
    return datetime.now(UTC)


def check_aware(value: datetime, field: str) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise Invalid(f"{field} must include a time zone offset, e.g. 2030-01-31T10:00:00+00:00.",
                      code="naive_datetime", params={"field": field})


def instant_in_range(value: datetime) -> bool:
    """Whether an aware datetime lies between 1900 and 2200 (comparing never overflows)."""
    return EARLIEST_INSTANT <= value < LATEST_INSTANT


INSTANT_RANGE_TEXT = f"must lie between the years {EARLIEST_INSTANT:%Y} and {LATEST_INSTANT:%Y}"


def check_instant_range(value: datetime, field: str) -> None:
    if not instant_in_range(value):
        raise Invalid(f"{field} {INSTANT_RANGE_TEXT}.", code="datetime_out_of_range",
                      params={"field": field, "earliest": EARLIEST_INSTANT.year,
                              "latest": LATEST_INSTANT.year})


def check_slot_times(start: datetime, end: datetime, *, now: datetime | None = None) -> None:
    """A slot must start in the future, end after it starts, and last a sensible time."""
    check_aware(start, "start_time")
    check_aware(end, "end_time")
    check_instant_range(start, "start_time")
    check_instant_range(end, "end_time")
    if end == start:
        raise Invalid("A slot cannot start and end at the same time.", code="slot_empty")
    if end < start:
        raise Invalid("A slot must end after it starts.", code="slot_reversed")
    duration = end - start
    if duration < SLOT_MIN_DURATION:
        raise Invalid(f"A slot lasts at least {_minutes(SLOT_MIN_DURATION)} minutes.",
                      code="slot_too_short", params={"minutes": _minutes(SLOT_MIN_DURATION)})
    if duration > SLOT_MAX_DURATION:
        raise Invalid(f"A slot lasts at most {_minutes(SLOT_MAX_DURATION) // 60} hours.",
                      code="slot_too_long", params={"hours": _minutes(SLOT_MAX_DURATION) // 60})
    check_not_past(start, now=now)


def check_not_past(start: datetime, *, now: datetime | None = None) -> None:
    if start <= (now or utcnow()):
        raise Invalid("A slot cannot start in the past.", code="slot_in_past")


def check_cost(cost: Decimal) -> None:
    if cost < 0:
        raise Invalid("The cost cannot be negative.", code="negative_cost")
    if cost >= COST_MAX:
        raise Invalid(f"The cost must be below {COST_MAX}.", code="cost_too_high",
                      params={"limit": COST_MAX})
    if cost != cost.quantize(Decimal("0.01")):
        raise Invalid("The cost has at most two decimal places.", code="cost_precision")


def overlaps(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> bool:
    """Half-open intervals: a slot ending at 10:00 does not overlap one starting at 10:00."""
    return a_start < b_end and b_start < a_end


@dataclass(frozen=True)
class Interval:
    start: datetime
    end: datetime
    id: int | None = None


def first_overlap(start: datetime, end: datetime, others: Iterable[Interval],
                  *, ignore_id: int | None = None) -> Interval | None:
    for other in others:
        if other.id is not None and other.id == ignore_id:
            continue
        if overlaps(start, end, other.start, other.end):
            return other
    return None


def overlap_conflict(start: datetime, end: datetime, other: Interval) -> Conflict:
    """The refusal for a slot that would overlap another of the same specialist."""
    if start == other.start and end == other.end:
        return Conflict("You already have a slot with exactly this start and end.",
                        code="slot_duplicate")
    return Conflict(f"This time overlaps your slot {_span(other.start, other.end)}.",
                    code="slot_overlap", params={"start": other.start, "end": other.end})


def client_overlap_conflict(other: Interval) -> Conflict:
    return Conflict(
        f"You already have a consultation at an overlapping time ({_span(other.start, other.end)}).",
        code="client_overlap", params={"start": other.start, "end": other.end})


def effective_status(status: SlotStatus, end: datetime, *, now: datetime | None = None) -> SlotStatus:
    """An agreed slot whose end has passed reads as completed."""
    if status is SlotStatus.RESERVED and end <= (now or utcnow()):
        return SlotStatus.COMPLETED
    return status


def is_editable(status: SlotStatus) -> bool:
    """Only a free slot may be edited (time, context, cost) or deleted."""
    return status is SlotStatus.FREE


NOT_EDITABLE_REASONS = {
    SlotStatus.AGREEMENT: "This slot is awaiting your answer to a client's request; "
                          "agree or decline it first.",
    SlotStatus.RESERVED: "This consultation is agreed; cancel it first to change it.",
    SlotStatus.COMPLETED: "This consultation has already taken place.",
}


def not_editable_reason(status: SlotStatus) -> str:
    return NOT_EDITABLE_REASONS.get(status, "Only free slots can be changed.")


def not_editable_conflict(status: SlotStatus) -> Conflict:
    """The refusal to edit or delete a slot that is not free (``params``: its status)."""
    return Conflict(not_editable_reason(status), code="slot_not_free", params={"status": status.value})


def admin_self_change_refusal(changes: Mapping[str, object]) -> Forbidden | None:
    """Why an administrator may not apply ``changes`` to their own account (None when they may).

    ``changes`` uses the field names of ``UserAdminUpdate`` (role as a ``Role`` or its value).
    An administrator cannot block, demote or deactivate themself: nobody would be left to undo it.
    """
    if changes.get("is_blocked"):
        return Forbidden("You cannot block yourself.", code="self_block")
    role = changes.get("role")
    if role is not None and Role(str(role)) is not Role.ADMIN:
        return Forbidden("You cannot take away your own administrator role.", code="self_demote")
    if changes.get("is_active") is False:
        return Forbidden("You cannot deactivate yourself.", code="self_deactivate")
    return None


def _minutes(delta: timedelta) -> int:
    return int(delta.total_seconds() // 60)


def _span(start: datetime, end: datetime) -> str:
    return f"{start:%Y-%m-%d %H:%M}–{end:%H:%M} {start:%Z}".strip()


# --- booking rules (issue #17) -----------------------------------------------------------------

BUFFER_MAX_MINUTES = 240
NOTICE_MAX_MINUTES = 30 * 24 * 60
HORIZON_MAX_DAYS = 3650
MAX_PER_DAY_MAX = 1000
MAX_PENDING_MAX = 1000
BOOKING_RULE_FIELDS = ("buffer_before_minutes", "buffer_after_minutes", "min_notice_minutes",
                       "horizon_days", "max_per_day", "max_pending_per_client")

# The refusal of each booking rule: its stable code → the words (the desktop translates by code).
BOOKING_REFUSALS: Mapping[str, str] = {
    "too_soon": "This slot starts too soon: the specialist takes requests only some time ahead.",
    "too_far": "This slot is too far ahead: the specialist does not take requests that early yet.",
    "buffer": "This slot is too close to another of the specialist's consultations "
              "(the specialist keeps a break between consultations).",
    "day_full": "The specialist's day is full: no more consultations can be requested that day.",
    "too_many_pending": "You already have as many requests awaiting this specialist's answer as "
                        "they allow; wait for an answer or cancel one.",
}


def booking_refusal(code: str) -> Conflict:
    return Conflict(BOOKING_REFUSALS[code], code=code)
