"""The calendar's mouse gestures and keys, as a table (F1) and as one text (accessible description)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QCoreApplication

from planner_desktop.i18n import QT_TRANSLATE_NOOP

CONTEXT = "WeekHelp"
MOUSE = (
    (QT_TRANSLATE_NOOP("WeekHelp", "Drag over empty time"),
     QT_TRANSLATE_NOOP("WeekHelp", "Draft a slot in 15-minute steps (5 with Shift)")),
    (QT_TRANSLATE_NOOP("WeekHelp", "Double-click empty time"),
     QT_TRANSLATE_NOOP("WeekHelp", "Draft a slot there")),
    (QT_TRANSLATE_NOOP("WeekHelp", "Drag a free slot"),
     QT_TRANSLATE_NOOP("WeekHelp", "Move it, also to another day")),
    (QT_TRANSLATE_NOOP("WeekHelp", "Drag its top or bottom edge"),
     QT_TRANSLATE_NOOP("WeekHelp", "Resize it")),
    (QT_TRANSLATE_NOOP("WeekHelp", "Double-click a slot"), QT_TRANSLATE_NOOP("WeekHelp", "Open it")),
    (QT_TRANSLATE_NOOP("WeekHelp", "Right-click"),
     QT_TRANSLATE_NOOP("WeekHelp", "The menu of a slot or of the time")),
)
KEYS = (
    (QT_TRANSLATE_NOOP("WeekHelp", "Arrows"), QT_TRANSLATE_NOOP("WeekHelp", "Move the time cursor")),
    (QT_TRANSLATE_NOOP("WeekHelp", "Shift+Up / Shift+Down"),
     QT_TRANSLATE_NOOP("WeekHelp", "Extend the time cursor")),
    (QT_TRANSLATE_NOOP("WeekHelp", "Home / Ctrl+Home"),
     QT_TRANSLATE_NOOP("WeekHelp", "Start of the working day / of the week")),
    (QT_TRANSLATE_NOOP("WeekHelp", "Enter"),
     QT_TRANSLATE_NOOP("WeekHelp", "Draft a slot at the cursor; open the selected slot")),
    (QT_TRANSLATE_NOOP("WeekHelp", "Tab / Shift+Tab"), QT_TRANSLATE_NOOP("WeekHelp", "Next / previous slot")),
    (QT_TRANSLATE_NOOP("WeekHelp", "Alt+arrows"), QT_TRANSLATE_NOOP("WeekHelp", "Move the selected slot")),
    (QT_TRANSLATE_NOOP("WeekHelp", "Alt+Shift+Up / Down"),
     QT_TRANSLATE_NOOP("WeekHelp", "Shorten / lengthen it")),
    (QT_TRANSLATE_NOOP("WeekHelp", "Delete"), QT_TRANSLATE_NOOP("WeekHelp", "Delete the selected slot")),
    (QT_TRANSLATE_NOOP("WeekHelp", "Menu key"), QT_TRANSLATE_NOOP("WeekHelp", "The selected slot's menu")),
    (QT_TRANSLATE_NOOP("WeekHelp", "Esc"), QT_TRANSLATE_NOOP("WeekHelp", "Cancel a drag or a move")),
    (QT_TRANSLATE_NOOP("WeekHelp", "Ctrl+Z"), QT_TRANSLATE_NOOP("WeekHelp", "Undo the last change")),
    (QT_TRANSLATE_NOOP("WeekHelp", "Ctrl+PgUp / Ctrl+PgDown"),
     QT_TRANSLATE_NOOP("WeekHelp", "Previous / next week")),
    (QT_TRANSLATE_NOOP("WeekHelp", "Ctrl+T / Ctrl+G"),
     QT_TRANSLATE_NOOP("WeekHelp", "This week / go to a date")),
    (QT_TRANSLATE_NOOP("WeekHelp", "Ctrl+N / Ctrl+Shift+N"),
     QT_TRANSLATE_NOOP("WeekHelp", "New slot / new series over the selected time")),
    (QT_TRANSLATE_NOOP("WeekHelp", "F1"), QT_TRANSLATE_NOOP("WeekHelp", "This help")),
)

translate = QCoreApplication.translate  # by this name, pyside6-lupdate finds the calls


def _t(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def help_text() -> str:
    """Every gesture and key on a line of its own (a tooltip, the accessible description)."""
    return "\n".join(f"{_t(what)}: {_t(does)}" for what, does in (*MOUSE, *KEYS))


def help_html() -> str:
    """The same as two tables, mouse and keyboard (the F1 help)."""
    def table(title: str, rows: tuple[tuple[str, str], ...]) -> str:
        lines = "".join(f"<tr><td style='padding:2px 14px 2px 0'><b>{escape(_t(what))}</b></td>"
                        f"<td style='padding:2px 0'>{escape(_t(does))}</td></tr>" for what, does in rows)
        return f"<h4 style='margin:8px 0 4px 0'>{escape(title)}</h4><table cellspacing='0'>{lines}</table>"
    return table(translate("WeekHelp", "Mouse"), MOUSE) + table(translate("WeekHelp", "Keyboard"), KEYS)
