"""What is wrong with a form's fields, in words a person reads, in the interface language.

Invalid input is found by the shared pydantic schemas, here (before a request is sent) or on the
server (a 422 answer lists each offending field as ``{loc, type, msg}``). Their messages are written
for programmers ("String should match pattern '^\\+?[0-9 ()\\-]{3,32}$'"); :func:`field_problems`
turns each one into a :class:`FieldProblem`: the field it concerns and a translated sentence saying
what to do, chosen by the field and pydantic's stable error ``type``, never by its English text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale

from planner_desktop.i18n import QT_TRANSLATE_NOOP
from planner_shared import rules

CONTEXT = "FieldProblem"

translate = QCoreApplication.translate  # by this name, pyside6-lupdate finds the calls


def _t(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


@dataclass(frozen=True)
class FieldProblem:
    field: str  # the schema's field name ("phone"); "" when it concerns the whole form
    text: str  # a translated sentence


FIELD_NAMES = {
    "first_name": QT_TRANSLATE_NOOP("FieldProblem", "First name"),
    "last_name": QT_TRANSLATE_NOOP("FieldProblem", "Last name"),
    "middle_name": QT_TRANSLATE_NOOP("FieldProblem", "Middle name"),
    "email": QT_TRANSLATE_NOOP("FieldProblem", "Email"),
    "phone": QT_TRANSLATE_NOOP("FieldProblem", "Phone"),
    "password": QT_TRANSLATE_NOOP("FieldProblem", "Password"),
    "role": QT_TRANSLATE_NOOP("FieldProblem", "Role"),
    "time_zone": QT_TRANSLATE_NOOP("FieldProblem", "Time zone"),
    "language": QT_TRANSLATE_NOOP("FieldProblem", "Language"),
    "start_time": QT_TRANSLATE_NOOP("FieldProblem", "Start"),
    "end_time": QT_TRANSLATE_NOOP("FieldProblem", "End"),
    "context": QT_TRANSLATE_NOOP("FieldProblem", "Context"),
    "cost": QT_TRANSLATE_NOOP("FieldProblem", "Cost"),
    "text": QT_TRANSLATE_NOOP("FieldProblem", "Comment"),
    "reason": QT_TRANSLATE_NOOP("FieldProblem", "Reason"),
    "weekdays": QT_TRANSLATE_NOOP("FieldProblem", "Days"),
    "weeks": QT_TRANSLATE_NOOP("FieldProblem", "Weeks"),
    "is_staff": QT_TRANSLATE_NOOP("FieldProblem", "Staff"),
    "is_active": QT_TRANSLATE_NOOP("FieldProblem", "Active"),
    "is_blocked": QT_TRANSLATE_NOOP("FieldProblem", "Blocked"),
}
PASSWORD_RULE_WORDS = {  # what a password still needs, by planner_shared.rules' identifiers
    rules.PASSWORD_TOO_SHORT: QT_TRANSLATE_NOOP("FieldProblem", "at least {count} characters"),
    rules.PASSWORD_TOO_LONG: QT_TRANSLATE_NOOP("FieldProblem", "at most {count} characters"),
    rules.PASSWORD_NO_LOWERCASE: QT_TRANSLATE_NOOP("FieldProblem", "a lowercase Latin letter (a–z)"),
    rules.PASSWORD_NO_DIGIT: QT_TRANSLATE_NOOP("FieldProblem", "a digit (0–9)"),
}
_RULE_COUNTS = {rules.PASSWORD_TOO_SHORT: rules.PASSWORD_MIN_LENGTH,
                rules.PASSWORD_TOO_LONG: rules.PASSWORD_MAX_LENGTH}


def field_name(field: str) -> str:
    known = FIELD_NAMES.get(field)
    return _t(known) if known else field.replace("_", " ").capitalize()


def password_rule_text(rule: str) -> str:
    return _t(PASSWORD_RULE_WORDS[rule]).format(count=_RULE_COUNTS.get(rule, ""))


def password_needs(broken: Iterable[str]) -> str:
    """"The password still needs a digit (0–9)." for the rules of planner_shared.rules it breaks."""
    words = [password_rule_text(rule) for rule in broken if rule in PASSWORD_RULE_WORDS]
    if not words:
        return translate("FieldProblem", "The password does not follow the password rules.")
    return translate("FieldProblem", "The password still needs {what}.").format(what=", ".join(words))


def _required(field: str) -> str:
    sentences = {
        "first_name": QT_TRANSLATE_NOOP("FieldProblem", "Enter the first name."),
        "last_name": QT_TRANSLATE_NOOP("FieldProblem", "Enter the last name."),
        "email": QT_TRANSLATE_NOOP("FieldProblem", "Enter an email address."),
        "password": QT_TRANSLATE_NOOP("FieldProblem", "Enter a password."),
    }
    known = sentences.get(field)
    if known:
        return _t(known)
    return translate("FieldProblem", "{field}: this field is required.").format(field=field_name(field))


def _problem_text(field: str, kind: str, ctx: Mapping[str, Any], value: Any) -> str:
    if field == "email":
        if kind == "missing" or value == "":
            return _required(field)
        return translate("FieldProblem", "Enter an email address such as name@example.com.")
    if field == "phone":
        return translate("FieldProblem", "Enter a phone number: 3 to 32 digits, spaces, brackets or "
                                         "dashes, with an optional + first, e.g. +7 900 000-00-00.")
    if field == "password":
        if kind == "missing" or value == "":
            return _required(field)
        return password_needs(rules.password_rules_broken(value) if isinstance(value, str) else ())
    if field == "cost":
        return translate("FieldProblem", "Enter a cost from 0 to below {limit}, with at most two "
                                         "decimals.").format(limit=QLocale().toString(int(rules.COST_MAX)))
    if field in ("start_time", "end_time"):
        return translate("FieldProblem", "{field}: enter a date and time between the years {earliest} and "
                                         "{latest}.").format(field=field_name(field),
                                                             earliest=rules.EARLIEST_INSTANT.year,
                                                             latest=rules.LATEST_INSTANT.year)
    if field == "role":
        return translate("FieldProblem", "Choose client or specialist.")
    if field == "time_zone":
        return translate("FieldProblem", "This time zone is not known; choose one from the list.")
    if kind in ("missing", "string_too_short") and ctx.get("min_length", 1) <= 1:
        return _required(field)
    if kind == "string_too_long" and "max_length" in ctx:
        return translate("FieldProblem", "{field}: at most {count} characters.").format(
            field=field_name(field), count=ctx["max_length"])
    if kind == "value_error":  # the only one left for text fields: a control character (NUL)
        return translate("FieldProblem", "{field} contains a character that cannot be used.").format(
            field=field_name(field))
    return translate("FieldProblem", "{field}: this value cannot be used.").format(field=field_name(field))


def field_problems(errors: Iterable[Mapping[str, Any]]) -> list[FieldProblem]:
    """A problem per field named in pydantic's ``errors()`` (or a 422 answer's ``errors``), in order."""
    problems: dict[str, FieldProblem] = {}
    for error in errors:
        location = [part for part in error.get("loc", ()) if part not in ("body", "query", "path")]
        field = str(location[0]) if location else ""
        if field in problems:
            continue  # one sentence per field: the first says what to do
        text = _problem_text(field, str(error.get("type", "")), error.get("ctx") or {}, error.get("input"))
        problems[field] = FieldProblem(field, text)
    return list(problems.values())


def problems_text(problems: Iterable[FieldProblem]) -> str:
    """All of them, a sentence a line (for a message box or a status line)."""
    return "\n".join(problem.text for problem in problems)
