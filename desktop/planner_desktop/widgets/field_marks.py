"""Problems shown where they are: under the field they concern, the field highlighted, until fixed.

A form wraps each line edit with :meth:`FieldMarks.field` (the edit and a hidden message line under
it, put in the form in the edit's place). :meth:`FieldMarks.show` marks the fields of a list of
:class:`~planner_desktop.field_problems.FieldProblem`; as the user edits a marked field the form is
checked again (``recheck``) and each mark is updated or cleared, so a fixed field stops being red at
once, and no untouched field turns red while typing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from planner_desktop import theme
from planner_desktop.field_problems import FieldProblem


class FieldMarks(QObject):
    changed = Signal()  # a mark appeared, changed or went

    def __init__(self, parent: QWidget, *, recheck: Callable[[], list[FieldProblem]] | None = None) -> None:
        super().__init__(parent)
        self._recheck = recheck
        self.editors: dict[str, QLineEdit] = {}
        self.labels: dict[str, QLabel] = {}

    def field(self, name: str, editor: QLineEdit) -> QWidget:
        """``editor`` with its message line under it (the form's widget for that row)."""
        box = QWidget(editor.parentWidget())
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        editor.setParent(box)
        column.addWidget(editor)
        label = QLabel(box)
        label.setObjectName(f"{name}Problem")
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.hide()
        column.addWidget(label)
        box.setFocusProxy(editor)
        self.editors[name], self.labels[name] = editor, label
        editor.textEdited.connect(lambda _text, n=name: self._edited(n))
        return box

    def marked(self) -> dict[str, str]:
        """The fields marked now and what their line says."""
        return {name: label.text() for name, label in self.labels.items() if not label.isHidden()}

    def show(self, problems: Iterable[FieldProblem], *, focus: bool = True) -> list[FieldProblem]:
        """Mark these problems' fields (clearing the others); the problems of no field here are
        returned, for the form to show elsewhere."""
        rest: list[FieldProblem] = []
        self.clear()
        first: QLineEdit | None = None
        for problem in problems:
            if problem.field not in self.editors:
                rest.append(problem)
                continue
            self._mark(problem.field, problem.text)
            first = first or self.editors[problem.field]
        if focus and first is not None:
            first.setFocus()
            first.selectAll()
        self.changed.emit()
        return rest

    def clear(self) -> None:
        for name in list(self.marked()):
            self._unmark(name)
        self.changed.emit()

    def _mark(self, name: str, text: str) -> None:
        label, editor = self.labels[name], self.editors[name]
        colour = theme.problem_colour()
        label.setStyleSheet(f"color: {colour};")
        label.setText(text)
        label.show()
        editor.setProperty("invalid", True)
        editor.setStyleSheet(f"QLineEdit {{ border: 2px solid {colour}; border-radius: 3px; padding: 1px; }}")
        editor.setAccessibleDescription(text)

    def _unmark(self, name: str) -> None:
        label, editor = self.labels[name], self.editors[name]
        label.hide()
        label.clear()
        editor.setProperty("invalid", False)
        editor.setStyleSheet("")
        editor.setAccessibleDescription("")

    def _edited(self, name: str) -> None:
        marked = self.marked()
        if name not in marked:
            return
        now = {p.field: p.text for p in self._recheck()} if self._recheck is not None else {}
        for field in marked:
            if field in now:
                if now[field] != marked[field]:
                    self._mark(field, now[field])
            else:
                self._unmark(field)
        self.changed.emit()
