"""The application's windows: sign-in, and one window per role (see planner_desktop.session).

:func:`role_window_class` picks the window for a role; the module is imported only when needed.
"""

from __future__ import annotations

import importlib

from PySide6.QtWidgets import QWidget

from planner_shared.enums import Role

ROLE_WINDOWS: dict[Role, tuple[str, str]] = {
    Role.SPECIALIST: ("planner_desktop.windows.specialist", "SpecialistWindow"),
    Role.CLIENT: ("planner_desktop.windows.client", "ClientWindow"),
    Role.ADMIN: ("planner_desktop.windows.admin", "AdminWindow"),
}


def role_window_class(role: Role) -> type[QWidget]:
    """The QWidget subclass built as ``Window(session)`` for a user of this role."""
    module_name, class_name = ROLE_WINDOWS[role]
    window: type[QWidget] = getattr(importlib.import_module(module_name), class_name)
    return window
