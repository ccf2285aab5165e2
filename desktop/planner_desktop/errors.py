"""The one path by which a failure reaches the user: a readable message, never a traceback.

:func:`describe_error` turns any exception into a title and a sentence; :func:`show_error` shows it
in a (non-blocking) message box and announces it on :data:`reporter` (tests and the status bar
listen there). Unexpected exceptions are logged with their traceback; the user reads one line.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from planner_shared.errors import (
    Conflict,
    DomainError,
    Forbidden,
    Invalid,
    NotFound,
    Throttled,
    Unauthorized,
    Unavailable,
)

log = logging.getLogger("planner_desktop")


def booking_rule_text(code: str) -> str | None:
    """A booking rule's refusal (or why a free slot is blocked), in the interface's language;
    None for a code that names no rule (planner_shared.rules.BOOKING_REFUSALS says the same)."""
    translate = QCoreApplication.translate
    texts = {
        "too_soon": translate("errors", "This slot starts too soon: the specialist takes requests "
                                        "only some time ahead."),
        "too_far": translate("errors", "This slot is too far ahead: the specialist does not take "
                                       "requests that early yet."),
        "buffer": translate("errors", "This slot is too close to another of the specialist's "
                                      "consultations (the specialist keeps a break between "
                                      "consultations)."),
        "day_full": translate("errors", "The specialist's day is full: no more consultations can be "
                                        "requested that day."),
        "too_many_pending": translate("errors", "You already have as many requests awaiting this "
                                                "specialist's answer as they allow; wait for an answer "
                                                "or cancel one."),
    }
    return texts.get(code)


def describe_error(error: BaseException) -> tuple[str, str]:
    """(title, message) for the user. Server details are kept: they are written for people."""
    translate = QCoreApplication.translate
    if isinstance(error, Conflict) and booking_rule_text(error.code) is not None:
        return translate("errors", "Not allowed by the booking rules"), booking_rule_text(error.code) or ""
    if isinstance(error, Unavailable):
        return translate("errors", "Server unreachable"), error.detail
    if isinstance(error, Throttled):
        return translate("errors", "Too many attempts"), error.detail
    if isinstance(error, Unauthorized):
        return translate("errors", "Not signed in"), error.detail
    if isinstance(error, Forbidden):
        return translate("errors", "Not allowed"), error.detail
    if isinstance(error, NotFound):
        return translate("errors", "Not found"), error.detail
    if isinstance(error, Invalid):
        return translate("errors", "Please check the input"), error.detail
    if isinstance(error, DomainError):  # Conflict, Gone and the rest
        return translate("errors", "Could not be done"), error.detail
    log.error("unexpected error", exc_info=(type(error), error, error.__traceback__))
    return (translate("errors", "Something went wrong"),
            translate("errors", "An unexpected problem occurred ({kind}: {text}). "
                                "The details are in the log.")
            .format(kind=type(error).__name__, text=str(error)[:200] or "-"))


class ErrorReporter(QObject):
    """Announces every error shown: ``shown(title, message)``."""

    shown = Signal(str, str)


_reporter: ErrorReporter | None = None


def reporter() -> ErrorReporter:
    global _reporter
    if _reporter is None:
        _reporter = ErrorReporter(QApplication.instance())
    return _reporter


def show_error(error: BaseException, *, parent: QWidget | None = None) -> QMessageBox:
    """Show a failure over ``parent`` (or the active window) without blocking the event loop."""
    title, message = describe_error(error)
    return show_message(title, message, parent=parent)


def show_message(title: str, message: str, *, parent: QWidget | None = None,
                 icon: QMessageBox.Icon = QMessageBox.Icon.Warning) -> QMessageBox:
    parent = parent if parent is not None else QApplication.activeWindow()
    box = QMessageBox(icon, title, message, QMessageBox.StandardButton.Ok, parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setObjectName("errorBox")
    box.setWindowModality(Qt.WindowModality.WindowModal if parent is not None
                          else Qt.WindowModality.ApplicationModal)
    box.open()
    reporter().shown.emit(title, message)
    return box
