"""Editing a user: the role list in the table, and the form dialog.

Both only produce changes; :class:`~planner_desktop.models.users.UserTableModel` checks them with the
shared rules and emits them, and the administrator window sends them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from planner_desktop import theme
from planner_desktop.field_problems import FieldProblem, problems_text
from planner_desktop.models.table import AnyIndex
from planner_desktop.models.users import role_label
from planner_desktop.widgets.field_marks import FieldMarks
from planner_shared.enums import Role
from planner_shared.rules import NAME_MAX_LENGTH
from planner_shared.schemas import UserRead

ROLES = (Role.CLIENT, Role.SPECIALIST, Role.ADMIN)


def role_combo(parent: QWidget | None = None) -> QComboBox:
    combo = QComboBox(parent)
    for role in ROLES:
        combo.addItem(role_label(role), role.value)
    return combo


class RoleDelegate(QStyledItemDelegate):
    """Edits the role column with a list of the three roles."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex) -> QWidget:
        return role_combo(parent)

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        assert isinstance(editor, QComboBox)
        position = editor.findData(index.data(Qt.ItemDataRole.EditRole))
        editor.setCurrentIndex(max(position, 0))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class UserFormDialog(QDialog):
    """All editable fields of one user; OK is refused while a rule objects, each reason under the
    field it concerns (the field highlighted) until it is fixed.

    ``problems(changes)`` is asked before closing; ``changes()`` afterwards gives only what differs.
    """

    def __init__(self, user: UserRead, shown: Callable[[str], Any],
                 problems: Callable[[dict[str, Any]], list[FieldProblem]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("userFormDialog")
        self.setWindowTitle(self.tr("Edit user {name}").format(name=user.full_name))
        self.user = user
        self._shown = shown
        self._problems = problems
        self.marks = FieldMarks(self, recheck=lambda: self._problems(self.changes()))
        self.first_name = self._line(shown("first_name"))
        self.middle_name = self._line(shown("middle_name"))
        self.last_name = self._line(shown("last_name"))
        self.phone = self._line(shown("phone") or "")
        self.phone.setPlaceholderText("+7 900 000-00-00")
        self.role = role_combo(self)
        self.role.setCurrentIndex(self.role.findData(Role(shown("role")).value))
        self.is_staff = self._check(self.tr("&Staff"), shown("is_staff"))
        self.is_active = self._check(self.tr("A&ctive (may sign in)"), shown("is_active"))
        self.is_blocked = self._check(self.tr("&Blocked"), shown("is_blocked"))
        form = QFormLayout()
        form.addRow(self.tr("ID:"), QLabel(str(user.id)))
        form.addRow(self.tr("Email:"), QLabel(user.email))
        for name, text, edit in (("first_name", self.tr("&First name:"), self.first_name),
                                 ("middle_name", self.tr("&Middle name:"), self.middle_name),
                                 ("last_name", self.tr("&Last name:"), self.last_name),
                                 ("phone", self.tr("&Phone:"), self.phone)):
            label = QLabel(text, self)
            label.setBuddy(edit)
            form.addRow(label, self.marks.field(name, edit))
        form.addRow(self.tr("&Role:"), self.role)
        form.addRow("", self.is_staff)
        form.addRow("", self.is_active)
        form.addRow("", self.is_blocked)
        self.problem_label = QLabel(self)
        self.problem_label.setObjectName("problemLabel")
        self.problem_label.setWordWrap(True)
        self.problem_label.setStyleSheet(f"color: {theme.problem_colour()};")
        self.problem_label.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.buttons)

    def _line(self, text: str) -> QLineEdit:
        edit = QLineEdit(text, self)
        edit.setMaxLength(NAME_MAX_LENGTH)
        return edit

    def _check(self, text: str, checked: bool) -> QCheckBox:
        box = QCheckBox(text, self)
        box.setChecked(bool(checked))
        return box

    def changes(self) -> dict[str, Any]:
        """The fields whose value differs from what the table shows."""
        values: dict[str, Any] = {
            "first_name": self.first_name.text().strip(),
            "middle_name": self.middle_name.text().strip(),
            "last_name": self.last_name.text().strip(),
            "phone": self.phone.text().strip() or None,
            "role": self.role.currentData(),
            "is_staff": self.is_staff.isChecked(),
            "is_active": self.is_active.isChecked(),
            "is_blocked": self.is_blocked.isChecked(),
        }
        changed = {}
        for field, value in values.items():
            current = self._shown(field)
            if (current.value if isinstance(current, Role) else current) != value:
                changed[field] = value
        return changed

    def accept(self) -> None:
        changes = self.changes()
        problems = self._problems(changes) if changes else []
        rest = self.marks.show(problems)
        self.problem_label.setText(problems_text(rest))
        self.problem_label.setVisible(bool(rest))
        if not problems:
            super().accept()
