"""Who the application is to the platform: its names, version, desktop entry and window icon.

The names let the platform group the windows under the right entry (``setDesktopFileName`` is the
desktop entry's and AppStream's id, ``resources/linux/ID.desktop``); the icon comes from the PNG sizes
``scripts/build_resources.py`` renders from ``resources/icons`` into this package.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from planner_desktop import __version__

APP_ID = "org.consultationplanner.Planner"
APPLICATION_NAME = "Consultation Planner"
ORGANISATION_NAME = "Consultation Planner"
ORGANISATION_DOMAIN = "consultationplanner.org"
ICONS = Path(__file__).with_name("resources") / "icons"


def application_icon() -> QIcon:
    """The icon in every size shipped (16–512), so each place picks a sharp one."""
    icon = QIcon()
    for png in sorted(ICONS.glob("*.png"), key=lambda path: int(path.stem)):
        size = int(png.stem)
        icon.addFile(str(png), QSize(size, size))
    return icon


def identify(qapp: QApplication) -> None:
    qapp.setApplicationName(APPLICATION_NAME)
    qapp.setOrganizationName(ORGANISATION_NAME)
    qapp.setOrganizationDomain(ORGANISATION_DOMAIN)
    qapp.setApplicationVersion(__version__)
    qapp.setDesktopFileName(APP_ID)
    qapp.setWindowIcon(application_icon())
