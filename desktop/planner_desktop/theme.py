"""The application's look: a dark palette when the system uses a dark colour scheme, and
the few colours the interface picks itself (problems, confirmations), readable on either.

Qt 6.5+ reports the system's scheme (``QStyleHints.colorScheme``) and its changes; where the
platform's own style does not follow it (the Fusion fallback, offscreen, older desktops), a dark
Fusion palette is set. Slot statuses keep their own colours, patterns and marks in both
(``widgets.status_legend``), so they stay distinguishable.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication


def is_dark(palette: QPalette | None = None) -> bool:
    palette = palette or QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def problem_colour() -> str:
    """The colour of a problem's words (a refusal, an invalid field)."""
    return "#ff8a80" if is_dark() else "#b00020"


def success_colour() -> str:
    return "#7ddc9a" if is_dark() else "#1b7f3b"


def dark_palette() -> QPalette:
    palette = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#2b2d31", QPalette.ColorRole.WindowText: "#e8e8e8",
        QPalette.ColorRole.Base: "#1f2125", QPalette.ColorRole.AlternateBase: "#282a2f",
        QPalette.ColorRole.ToolTipBase: "#3a3d43", QPalette.ColorRole.ToolTipText: "#f0f0f0",
        QPalette.ColorRole.Text: "#e8e8e8", QPalette.ColorRole.Button: "#35383e",
        QPalette.ColorRole.ButtonText: "#e8e8e8", QPalette.ColorRole.BrightText: "#ff6b6b",
        QPalette.ColorRole.Highlight: "#3d7bd9", QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Link: "#8ab4f8", QPalette.ColorRole.PlaceholderText: "#9aa0a6",
        QPalette.ColorRole.Mid: "#4a4d54", QPalette.ColorRole.Dark: "#18191c",
        QPalette.ColorRole.Light: "#45484f", QPalette.ColorRole.Shadow: "#0e0f10",
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText, QPalette.ColorRole.WindowText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7b7f86"))
    return palette


def system_is_dark(app: QGuiApplication) -> bool:
    return app.styleHints().colorScheme() == Qt.ColorScheme.Dark


def apply(app: QApplication) -> None:
    """Follow the system's colour scheme now and whenever it changes (the icon: identity)."""
    follow_scheme(app)
    app.styleHints().colorSchemeChanged.connect(lambda _scheme: follow_scheme(app))


def follow_scheme(app: QApplication, *, dark: bool | None = None) -> None:
    """A dark palette when the scheme is dark and the style did not already give one."""
    dark = system_is_dark(app) if dark is None else dark
    if dark and not is_dark(app.palette()):
        app.setStyle("Fusion")
        app.setPalette(dark_palette())
    elif not dark and is_dark(app.palette()):
        app.setPalette(app.style().standardPalette())
