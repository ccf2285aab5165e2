"""Every refusal the desktop can meet, worded in the interface language by its stable code.

The shared rules and the server raise :mod:`planner_shared.errors` with an English ``detail`` (for
people reading the API), a stable ``code`` and, where the sentence names values, ``params``
(the server sends them too). :func:`error_message` words the error from its code and params, so a
Russian interface never shows the server's English; the ``detail`` is the last resort, for a code
this version does not know. ``tests/desktop/test_russian_everywhere.py`` checks that every code
raised in shared/, server/ and desktop/ has its sentence here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, tzinfo
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import QCoreApplication

from planner_desktop.field_problems import field_problems, password_needs, problems_text
from planner_desktop.formats import money, time_span
from planner_desktop.i18n import QT_TRANSLATE_NOOP
from planner_shared.enums import SlotStatus
from planner_shared.errors import DomainError

CONTEXT = "ErrorCode"

translate = QCoreApplication.translate  # by this name, pyside6-lupdate finds the calls


def _t(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


PLAIN = {  # codes whose sentence names no value
    # a slot's times, cost and state (planner_shared.rules)
    "slot_empty": QT_TRANSLATE_NOOP("ErrorCode", "A slot cannot start and end at the same time."),
    "slot_reversed": QT_TRANSLATE_NOOP("ErrorCode", "A slot must end after it starts."),
    "slot_in_past": QT_TRANSLATE_NOOP("ErrorCode", "This time has already passed."),
    "slot_duplicate": QT_TRANSLATE_NOOP("ErrorCode", "You already have a slot with exactly this start "
                                                     "and end."),
    "slot_completed": QT_TRANSLATE_NOOP("ErrorCode", "This consultation has already taken place."),
    "negative_cost": QT_TRANSLATE_NOOP("ErrorCode", "The cost cannot be negative."),
    "cost_precision": QT_TRANSLATE_NOOP("ErrorCode", "The cost has at most two decimal places."),
    "naive_datetime": QT_TRANSLATE_NOOP("ErrorCode", "A time was sent without its time zone."),
    "self_block": QT_TRANSLATE_NOOP("ErrorCode", "You cannot block yourself."),
    "self_demote": QT_TRANSLATE_NOOP("ErrorCode", "You cannot take away your own administrator role."),
    "self_deactivate": QT_TRANSLATE_NOOP("ErrorCode", "You cannot deactivate yourself."),
    # accounts and signing in
    "bad_credentials": QT_TRANSLATE_NOOP("ErrorCode", "Wrong email or password."),
    "user_blocked": QT_TRANSLATE_NOOP("ErrorCode", "This account is blocked. Contact an administrator."),
    "session_ended": QT_TRANSLATE_NOOP("ErrorCode", "This session has ended: the password was changed or "
                                                    "the sessions were ended. Sign in again."),
    "reset_throttled": QT_TRANSLATE_NOOP("ErrorCode", "Too many password reset requests. Try again in a "
                                                      "few minutes."),
    "wrong_password": QT_TRANSLATE_NOOP("ErrorCode", "The current password is wrong."),
    "reset_code_invalid": QT_TRANSLATE_NOOP("ErrorCode", "The code is wrong or no longer valid. Ask for "
                                                         "a new one."),
    "user_inactive": QT_TRANSLATE_NOOP("ErrorCode", "This account is deactivated. Contact an "
                                                    "administrator."),
    "user_not_found": QT_TRANSLATE_NOOP("ErrorCode", "This account does not exist (any more)."),
    "email_taken": QT_TRANSLATE_NOOP("ErrorCode", "An account with this email already exists."),
    "phone_taken": QT_TRANSLATE_NOOP("ErrorCode", "Another account already uses this phone number."),
    "wrong_role": QT_TRANSLATE_NOOP("ErrorCode", "Your role does not allow this."),
    "token_not_valid": QT_TRANSLATE_NOOP("ErrorCode", "Your sign-in is no longer valid. Please sign in "
                                                      "again."),
    "not_authenticated": QT_TRANSLATE_NOOP("ErrorCode", "You are not signed in. Please sign in again."),
    "session_expired": QT_TRANSLATE_NOOP("ErrorCode", "Your session has expired. Please sign in again."),
    "weak_password": QT_TRANSLATE_NOOP("ErrorCode", "The password does not follow the password rules."),
    # slots on the server
    "slot_not_found": QT_TRANSLATE_NOOP("ErrorCode", "This slot no longer exists, or you can no longer "
                                                     "see it."),
    "slot_taken": QT_TRANSLATE_NOOP("ErrorCode", "Someone else has just reserved this slot. Choose "
                                                 "another time."),
    "already_reserved": QT_TRANSLATE_NOOP("ErrorCode", "You have already reserved this slot."),
    "already_agreed": QT_TRANSLATE_NOOP("ErrorCode", "This consultation has already been agreed."),
    "no_request": QT_TRANSLATE_NOOP("ErrorCode", "There is no client's request on this slot (any more)."),
    "stale": QT_TRANSLATE_NOOP("ErrorCode", "The slot changed meanwhile; look at it again and retry."),
    # moving a booking (SPEC §2a)
    "same_slot": QT_TRANSLATE_NOOP("ErrorCode", "It is already at this time."),
    "other_specialist": QT_TRANSLATE_NOOP("ErrorCode", "A request moves only to another time of the "
                                                       "same specialist."),
    "move_target": QT_TRANSLATE_NOOP("ErrorCode", "Choose the time to move to."),
    "not_agreed": QT_TRANSLATE_NOOP("ErrorCode", "Only an agreed consultation can be given a new time."),
    "move_pending": QT_TRANSLATE_NOOP("ErrorCode", "A new time is already proposed; wait for the "
                                                   "client's answer."),
    "no_proposal": QT_TRANSLATE_NOOP("ErrorCode", "There is no proposed new time to answer (any more)."),
    "slot_held": QT_TRANSLATE_NOOP("ErrorCode", "This time is proposed to a client; wait for the "
                                                "answer."),
    "conflict": QT_TRANSLATE_NOOP("ErrorCode", "The change conflicts with the current data; look at it "
                                               "again and retry."),
    # a specialist's booking rules (planner_shared.rules.BOOKING_REFUSALS)
    "too_soon": QT_TRANSLATE_NOOP("ErrorCode", "This slot starts too soon: the specialist takes requests "
                                               "only some time ahead."),
    "too_far": QT_TRANSLATE_NOOP("ErrorCode", "This slot is too far ahead: the specialist does not take "
                                              "requests that early yet."),
    "buffer": QT_TRANSLATE_NOOP("ErrorCode", "This slot is too close to another of the specialist's "
                                             "consultations (the specialist keeps a break between "
                                             "consultations)."),
    "day_full": QT_TRANSLATE_NOOP("ErrorCode", "The specialist's day is full: no more consultations can "
                                               "be requested that day."),
    "too_many_pending": QT_TRANSLATE_NOOP("ErrorCode", "You already have as many requests awaiting this "
                                                       "specialist's answer as they allow; wait for an "
                                                       "answer or cancel one."),
    "not_a_specialist": QT_TRANSLATE_NOOP("ErrorCode", "Only specialists have booking rules."),
    # the outbox and the change feed
    "message_not_found": QT_TRANSLATE_NOOP("ErrorCode", "This email is no longer in the outbox."),
    "message_sent": QT_TRANSLATE_NOOP("ErrorCode", "This email has already been sent."),
    "cursor_expired": QT_TRANSLATE_NOOP("ErrorCode", "The local copy is too old to catch up; it is "
                                                     "loaded again."),
    "cursor_unknown": QT_TRANSLATE_NOOP("ErrorCode", "The server does not know the local copy; it is "
                                                     "loaded again."),
    # reaching the server (planner_desktop.api, connect, session)
    "timeout": QT_TRANSLATE_NOOP("ErrorCode", "The server did not answer in time. Check the connection "
                                              "and try again."),
    "bad_response": QT_TRANSLATE_NOOP("ErrorCode", "The server sent an answer this application cannot "
                                                   "read. Is it a Consultation Planner server of a "
                                                   "matching version?"),
    "server_error": QT_TRANSLATE_NOOP("ErrorCode", "The server failed to handle the request. Try again "
                                                   "later."),
    "database_unavailable": QT_TRANSLATE_NOOP("ErrorCode", "The server's database is busy or "
                                                           "unreachable; try again shortly."),
    "no_url": QT_TRANSLATE_NOOP("ErrorCode", "Enter the server address, e.g. "
                                             "http://planner.example.com:8000."),
    "offline": QT_TRANSLATE_NOOP("ErrorCode", "You are offline: the server cannot be reached, so this "
                                              "change was not made. Try again when the status bar "
                                              "shows Online."),
    # the specialist's own calendar and the feeds (planner_server.calendars)
    "calendar_busy": QT_TRANSLATE_NOOP("ErrorCode", "The specialist is not available at this time any "
                                                    "more. Choose another time."),
    "calendar_refused": QT_TRANSLATE_NOOP("ErrorCode", "The calendar server refused the user name or "
                                                       "password."),
    "calendar_unreachable": QT_TRANSLATE_NOOP("ErrorCode", "The calendar server could not be reached. "
                                                           "Check the address."),
    "calendar_password": QT_TRANSLATE_NOOP("ErrorCode", "Give the app password of this calendar account."),
    "calendar_unknown": QT_TRANSLATE_NOOP("ErrorCode", "That calendar is not one of this account's."),
    "calendar_not_connected": QT_TRANSLATE_NOOP("ErrorCode", "No calendar is connected."),
    "invalid_range": QT_TRANSLATE_NOOP("ErrorCode", "The end of the period must come after its start."),
    "feed_off": QT_TRANSLATE_NOOP("ErrorCode", "The calendar subscription is off."),
    "feed_not_found": QT_TRANSLATE_NOOP("ErrorCode", "No such calendar subscription."),
    # the defaults of planner_shared.errors, for a refusal without a code of its own
    "error": QT_TRANSLATE_NOOP("ErrorCode", "The server refused the request."),
    "invalid": QT_TRANSLATE_NOOP("ErrorCode", "The server could not accept the input."),
    "forbidden": QT_TRANSLATE_NOOP("ErrorCode", "You are not allowed to do this."),
    "not_found": QT_TRANSLATE_NOOP("ErrorCode", "This no longer exists, or you can no longer see it."),
    "gone": QT_TRANSLATE_NOOP("ErrorCode", "This is no longer available."),
    "throttled": QT_TRANSLATE_NOOP("ErrorCode", "Too many attempts. Wait a little and try again."),
    "unavailable": QT_TRANSLATE_NOOP("ErrorCode", "The server cannot be reached."),
}
NOT_EDITABLE = {  # slot_not_free, by the slot's status (planner_shared.rules.not_editable_conflict)
    SlotStatus.AGREEMENT: QT_TRANSLATE_NOOP("ErrorCode", "This slot is awaiting your answer to a "
                                                         "client's request; agree or decline it first."),
    SlotStatus.RESERVED: QT_TRANSLATE_NOOP("ErrorCode", "This consultation is agreed; cancel it first "
                                                        "to change it."),
    SlotStatus.COMPLETED: QT_TRANSLATE_NOOP("ErrorCode", "This consultation has already taken place."),
}


def not_editable_text(status: SlotStatus) -> str:
    """Why a slot of this status cannot be changed or deleted."""
    known = NOT_EDITABLE.get(status)
    return _t(known) if known else translate("ErrorCode", "Only free slots can be changed.")


def _when(params: Mapping[str, Any], tz: tzinfo | None) -> str | None:
    """The span an error names, in words, in ``tz``; without one, in the zone the rule spoke in
    (the desktop's own checks) or the system's (times the server sent, in UTC)."""
    try:
        start, end = params["start"], params["end"]
        if not isinstance(start, datetime) or not isinstance(end, datetime):
            start, end = (datetime.fromisoformat(str(v)).astimezone() for v in (start, end))
    except (KeyError, ValueError):
        return None
    return time_span(start, end, tz if tz is not None else start.tzinfo)  # type: ignore[arg-type]


def _slot_overlap(p: Mapping[str, Any], tz: tzinfo | None) -> str:
    when = _when(p, tz)
    return (translate("ErrorCode", "This time overlaps your slot {when}.").format(when=when) if when
            else translate("ErrorCode", "This time overlaps another of your slots."))


def _client_overlap(p: Mapping[str, Any], tz: tzinfo | None) -> str:
    when = _when(p, tz)
    if not when:
        return translate("ErrorCode", "You already have a consultation at an overlapping time.")
    return translate("ErrorCode", "You already have a consultation at an overlapping time ({when}).").format(
        when=when)


def _slot_not_free(p: Mapping[str, Any], tz: tzinfo | None) -> str:
    try:
        return not_editable_text(SlotStatus(p["status"]))
    except (KeyError, ValueError):
        return translate("ErrorCode", "Only free slots can be changed.")


def _too_short(p: Mapping[str, Any], tz: tzinfo | None) -> str:
    return translate("ErrorCode", "A slot lasts at least {minutes} min.").format(minutes=p.get("minutes", 5))


def _too_long(p: Mapping[str, Any], tz: tzinfo | None) -> str:
    return translate("ErrorCode", "A slot lasts at most {hours} h.").format(hours=p.get("hours", 12))


def _cost_too_high(p: Mapping[str, Any], tz: tzinfo | None) -> str:
    try:
        limit = money(Decimal(str(p["limit"])))
    except (KeyError, InvalidOperation):
        return translate("ErrorCode", "The cost is too high.")
    return translate("ErrorCode", "The cost must be below {limit}.").format(limit=limit)


def _out_of_range(p: Mapping[str, Any], tz: tzinfo | None) -> str:
    return translate("ErrorCode", "Times must lie between the years {earliest} and {latest}.").format(
        earliest=p.get("earliest", 1900), latest=p.get("latest", 2200))


def _weak_password(p: Mapping[str, Any], tz: tzinfo | None) -> str:
    return password_needs(p.get("rules") or ())


def _throttled(p: Mapping[str, Any], tz: tzinfo | None) -> str:
    seconds = int(p.get("seconds", 0) or 0)
    if seconds <= 0:
        return translate("ErrorCode", "Too many failed sign-in attempts. Wait a few minutes and try again.")
    wait = (translate("ErrorCode", "{seconds} s").format(seconds=seconds) if seconds < 90
            else translate("ErrorCode", "{minutes} min").format(minutes=round(seconds / 60)))
    return translate("ErrorCode", "Too many failed sign-in attempts. Try again in {wait}.").format(wait=wait)


def _role_has_bookings(p: Mapping[str, Any], tz: tzinfo | None) -> str:
    return translate("ErrorCode", "This user still has requests or agreed consultations to come "
                                  "({requests} awaiting an answer, {agreed} agreed). Settle them before "
                                  "changing the role: an administrator can cancel each on the "
                                  "specialist's behalf, with a reason.").format(
        requests=p.get("requests", 0), agreed=p.get("agreed", 0))


def _unreachable(p: Mapping[str, Any], tz: tzinfo | None) -> str:
    url = p.get("url")
    return (translate("ErrorCode", "The server at {url} cannot be reached.").format(url=url) if url
            else translate("ErrorCode", "The server cannot be reached."))


def _invalid(p: Mapping[str, Any], tz: tzinfo | None) -> str:
    errors = p.get("errors")
    return problems_text(field_problems(errors)) if errors else _t(PLAIN["invalid"])


WORDED: dict[str, Callable[[Mapping[str, Any], tzinfo | None], str]] = {  # codes naming values
    "slot_overlap": _slot_overlap,
    "client_overlap": _client_overlap,
    "slot_not_free": _slot_not_free,
    "slot_too_short": _too_short,
    "slot_too_long": _too_long,
    "cost_too_high": _cost_too_high,
    "datetime_out_of_range": _out_of_range,
    "weak_password": _weak_password,
    "login_throttled": _throttled,
    "role_has_bookings": _role_has_bookings,
    "unreachable": _unreachable,
    "invalid": _invalid,
}
KNOWN_CODES = frozenset(PLAIN) | frozenset(WORDED)


BOOKING_CODES = ("too_soon", "too_far", "buffer", "day_full", "too_many_pending")


def booking_rule_text(code: str) -> str | None:
    """A booking rule's refusal (or why a free slot is blocked), in the interface language; None
    for a code that names no rule."""
    return _t(PLAIN[code]) if code in BOOKING_CODES else None


def known(code: str) -> bool:
    return code in KNOWN_CODES or code.startswith("http_")


def error_message(error: DomainError, *, tz: tzinfo | None = None) -> str:
    """The error in the interface language; times it names are shown in ``tz`` (else as sent)."""
    worded = WORDED.get(error.code)
    if worded is not None:
        return worded(error.params, tz)
    plain = PLAIN.get(error.code)
    if plain is not None:
        return _t(plain)
    if error.code.startswith("http_"):  # an answer of the web framework itself (405, 404 of a path)
        return translate("ErrorCode", "The server refused the request ({status}). Is it a Consultation "
                                      "Planner server of a matching version?").format(
            status=error.code.removeprefix("http_"))
    return error.detail  # a code this version does not know: the server's own words
