"""How the desktop writes days, times and money: one way everywhere, in the user's locale.

The locale is Qt's default (``planner_desktop.i18n.install`` sets it from the interface language),
so day and month names, the decimal comma and the digit grouping follow it: "Mon 7 Dec 2026,
10:00–10:45" and "1,250.00" in English, "пн 7 дек. 2026, 10:00–10:45" and "1 250,00" in Russian.
Clock times are 24-hour everywhere (the calendar's hour rows read that way too).
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from decimal import Decimal

from PySide6.QtCore import QDate, QLocale

DAY_PATTERN = "ddd d MMM yyyy"  # a QDate pattern: the day's and month's names come from the locale
SHORT_DAY_PATTERN = "ddd d MMM"
EDIT_PATTERN = "ddd d MMM yyyy  HH:mm"  # date-and-time editors


def money(cost: Decimal | float) -> str:
    """A cost with two decimals, in the locale's digits: "1,250.00", "1 250,00"."""
    return QLocale().toString(float(cost), "f", 2)


def local_date(day: date, pattern: str) -> str:
    """``day`` in a QDate ``pattern``, with the user interface's day and month names."""
    return QLocale().toString(QDate(day.year, day.month, day.day), pattern)


def day_text(day: date) -> str:
    """"Mon 7 Dec 2026"."""
    return local_date(day, DAY_PATTERN)


def short_day(day: date) -> str:
    """"Mon 7 Dec" (no year: where the week or the context tells it)."""
    return local_date(day, SHORT_DAY_PATTERN)


def day_name(day: date) -> str:
    """The short weekday name ("Wed", "ср")."""
    return QLocale().dayName(day.isoweekday(), QLocale.FormatType.ShortFormat)


def month_name(day: date) -> str:
    return QLocale().monthName(day.month, QLocale.FormatType.ShortFormat)


def clock(moment: datetime, tz: tzinfo) -> str:
    """"10:45" in ``tz``."""
    return moment.astimezone(tz).strftime("%H:%M")


def clock_span(start: datetime, end: datetime, tz: tzinfo) -> str:
    """"10:00–10:45" in ``tz``."""
    return f"{clock(start, tz)}–{clock(end, tz)}"


def moment_text(moment: datetime, tz: tzinfo | None = None) -> str:
    """"Mon 7 Dec 2026, 10:00" in ``tz`` (the system's zone by default)."""
    local = moment.astimezone(tz)
    return f"{day_text(local.date())}, {local:%H:%M}"


def time_span(start: datetime, end: datetime, tz: tzinfo) -> str:
    """"Mon 7 Dec 2026, 10:00–10:45" in ``tz`` (the end's day is added when it differs)."""
    a, b = start.astimezone(tz), end.astimezone(tz)
    tail = f"{b:%H:%M}" if a.date() == b.date() else f"{short_day(b.date())} {b:%H:%M}"
    return f"{day_text(a.date())}, {a:%H:%M}–{tail}"
