"""The application's windows: sign-in, and one window per role (see planner_desktop.session).

Grouped by role: ``specialist/``, ``client/`` and ``admin/`` each hold their role's ``window.py``
and the panels, dialogs and operations only it uses; what several roles share (the sign-in dialog)
sits here. :func:`role_window_class` picks the window for a role; its module is imported only when
needed.
"""

from __future__ import annotations

import importlib

from PySide6.QtWidgets import QWidget

from planner_shared.enums import Role

ROLE_WINDOWS: dict[Role, tuple[str, str]] = {
    Role.SPECIALIST: ("planner_desktop.windows.specialist.window", "SpecialistWindow"),
    Role.CLIENT: ("planner_desktop.windows.client.window", "ClientWindow"),
    Role.ADMIN: ("planner_desktop.windows.admin.window", "AdminWindow"),
}


def role_window_class(role: Role) -> type[QWidget]:
    """The QWidget subclass built as ``Window(session)`` for a user of this role."""
    module_name, class_name = ROLE_WINDOWS[role]
    window: type[QWidget] = getattr(importlib.import_module(module_name), class_name)
    return window
