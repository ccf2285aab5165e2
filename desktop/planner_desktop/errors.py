"""The one path by which a failure reaches the user: a readable message, never a traceback.

:func:`describe_error` turns any exception into a title and a sentence; :func:`show_error` shows it
in a (non-blocking) message box and announces it on :data:`reporter` (tests and the status bar
listen there). Unexpected exceptions are logged with their traceback; the user reads one line.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from planner_desktop.error_text import BOOKING_CODES, error_message
from planner_shared.errors import (
    DomainError,
    Forbidden,
    Invalid,
    NotFound,
    Throttled,
    Unauthorized,
    Unavailable,
)

log = logging.getLogger("planner_desktop")


def describe_error(error: BaseException) -> tuple[str, str]:
    """(title, message) for the user, in the interface language (planner_desktop.error_text)."""
    translate = QCoreApplication.translate
    if not isinstance(error, DomainError):
        log.error("unexpected error", exc_info=(type(error), error, error.__traceback__))
        return (translate("errors", "Something went wrong"),
                translate("errors", "An unexpected problem occurred ({kind}: {text}). "
                                    "The details are in the log.")
                .format(kind=type(error).__name__, text=str(error)[:200] or "-"))
    message = error_message(error)
    if isinstance(error, Unavailable):
        return translate("errors", "Server unreachable"), message
    if isinstance(error, Throttled):
        return translate("errors", "Too many attempts"), message
    if isinstance(error, Unauthorized):
        return translate("errors", "Not signed in"), message
    if isinstance(error, Forbidden):
        return translate("errors", "Not allowed"), message
    if isinstance(error, NotFound):
        return translate("errors", "Not found"), message
    if isinstance(error, Invalid):
        return translate("errors", "Please check the input"), message
    if error.code in BOOKING_CODES:
        return translate("errors", "Not allowed by the booking rules"), message
    return translate("errors", "Could not be done"), message  # Conflict, Gone and the rest


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
