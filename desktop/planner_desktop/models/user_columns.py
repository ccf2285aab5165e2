"""The user table's columns: names, the fields they show, their sort keys; edit validation."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import IntEnum
from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import QCoreApplication, Qt

from planner_desktop.field_problems import FieldProblem, field_problems
from planner_desktop.i18n import QT_TRANSLATE_NOOP
from planner_shared.enums import Role
from planner_shared.schemas import UserAdminUpdate, UserRead


def _tr(text: str) -> str:
    return QCoreApplication.translate("UserTableModel", text)


class UserColumn(IntEnum):
    ID = 0
    LAST_NAME = 1
    FIRST_NAME = 2
    MIDDLE_NAME = 3
    EMAIL = 4
    PHONE = 5
    ROLE = 6
    STAFF = 7
    ACTIVE = 8
    BLOCKED = 9
    CREATED = 10


HEADERS = {
    UserColumn.ID: QT_TRANSLATE_NOOP("UserTableModel", "ID"),
    UserColumn.LAST_NAME: QT_TRANSLATE_NOOP("UserTableModel", "Last name"),
    UserColumn.FIRST_NAME: QT_TRANSLATE_NOOP("UserTableModel", "First name"),
    UserColumn.MIDDLE_NAME: QT_TRANSLATE_NOOP("UserTableModel", "Middle name"),
    UserColumn.EMAIL: QT_TRANSLATE_NOOP("UserTableModel", "Email"),
    UserColumn.PHONE: QT_TRANSLATE_NOOP("UserTableModel", "Phone"),
    UserColumn.ROLE: QT_TRANSLATE_NOOP("UserTableModel", "Role"),
    UserColumn.STAFF: QT_TRANSLATE_NOOP("UserTableModel", "Staff"),
    UserColumn.ACTIVE: QT_TRANSLATE_NOOP("UserTableModel", "Active"),
    UserColumn.BLOCKED: QT_TRANSLATE_NOOP("UserTableModel", "Blocked"),
    UserColumn.CREATED: QT_TRANSLATE_NOOP("UserTableModel", "Created"),
}
FIELDS = {
    UserColumn.ID: "id", UserColumn.LAST_NAME: "last_name", UserColumn.FIRST_NAME: "first_name",
    UserColumn.MIDDLE_NAME: "middle_name", UserColumn.EMAIL: "email", UserColumn.PHONE: "phone",
    UserColumn.ROLE: "role", UserColumn.STAFF: "is_staff", UserColumn.ACTIVE: "is_active",
    UserColumn.BLOCKED: "is_blocked", UserColumn.CREATED: "created_at",
}
TEXT_EDITABLE = frozenset({UserColumn.LAST_NAME, UserColumn.FIRST_NAME, UserColumn.MIDDLE_NAME,
                           UserColumn.PHONE, UserColumn.ROLE})
FLAG_COLUMNS = frozenset({UserColumn.STAFF, UserColumn.ACTIVE, UserColumn.BLOCKED})
ROLE_LABELS = {
    Role.ADMIN: QT_TRANSLATE_NOOP("UserTableModel", "Administrator"),
    Role.SPECIALIST: QT_TRANSLATE_NOOP("UserTableModel", "Specialist"),
    Role.CLIENT: QT_TRANSLATE_NOOP("UserTableModel", "Client"),
}


def role_label(role: Role) -> str:
    return _tr(ROLE_LABELS[role])


def sort_key(column: UserColumn) -> Callable[[UserRead], Any]:
    field = FIELDS[column]
    if column is UserColumn.ROLE:
        return lambda u: (role_label(u.role).casefold(), u.id)
    if column in (UserColumn.ID, UserColumn.CREATED) or column in FLAG_COLUMNS:
        return lambda u: (getattr(u, field), u.id)
    return lambda u: ((getattr(u, field) or "").casefold(), u.id)


def changes_problems(changes: dict[str, Any]) -> list[FieldProblem]:
    """What is invalid in these admin edits by the shared schema, in words, by field (empty: valid)."""
    try:
        UserAdminUpdate(**changes)
    except ValidationError as error:
        return field_problems(error.errors())
    return []


FilterKey = tuple[Role, bool, str]


def filter_key(user: UserRead) -> FilterKey:
    """What the filters test: role, blocked, and names, email and phone case-folded; the phone also
    as its digits alone, so "9000002001" finds "+7 900 000-20-01"."""
    phone = user.phone or ""
    digits = "".join(c for c in phone if c.isdigit())
    text = " ".join((user.first_name, user.middle_name, user.last_name, user.email, phone, digits))
    return user.role, user.is_blocked, text.casefold()


def filter_keys_for(users: Iterable[UserRead]) -> dict[int, FilterKey]:
    """Every user's filter key by id: pure, so a worker thread can prepare them with the data."""
    return {user.id: filter_key(user) for user in users}


def as_check_state(value: Any) -> Qt.CheckState:
    """A check state from what a view passes (an int or a Qt.CheckState)."""
    if isinstance(value, Qt.CheckState):
        return value
    return Qt.CheckState(int(value))


def clean_value(column: UserColumn, value: Any) -> Any:
    """An edited cell's value as the server takes it: trimmed; an empty phone clears the phone."""
    if column is UserColumn.ROLE:
        return value.value if isinstance(value, Role) else str(value).strip().lower()
    text = str(value or "").strip()
    if column is UserColumn.PHONE and not text:
        return None
    return text
