"""The application's names, version, desktop entry and window icon, as the platform reads them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from planner_desktop import __version__
from planner_desktop.identity import APP_ID, identify
from planner_shared.version import VERSION_FILE


@pytest.fixture
def identified(qapp: QApplication) -> Iterator[QApplication]:
    before = (qapp.applicationName(), qapp.organizationName(), qapp.organizationDomain(),
              qapp.applicationVersion(), qapp.desktopFileName(), qapp.windowIcon())
    identify(qapp)
    yield qapp
    qapp.setApplicationName(before[0])
    qapp.setOrganizationName(before[1])
    qapp.setOrganizationDomain(before[2])
    qapp.setApplicationVersion(before[3])
    qapp.setDesktopFileName(before[4])
    qapp.setWindowIcon(before[5] if isinstance(before[5], QIcon) else QIcon())


def test_names_version_and_desktop_entry(identified: QApplication) -> None:
    assert identified.applicationName() == "Consultation Planner"
    assert identified.organizationName() == "Consultation Planner"
    assert identified.desktopFileName() == APP_ID
    assert identified.applicationVersion() == __version__ == VERSION_FILE.read_text().strip()


def test_window_icon_has_every_size(identified: QApplication) -> None:
    icon = identified.windowIcon()
    assert not icon.isNull()
    assert {s.width() for s in icon.availableSizes()} == {16, 24, 32, 48, 64, 128, 256, 512}
    assert icon.pixmap(QSize(48, 48)).size() == QSize(48, 48)
