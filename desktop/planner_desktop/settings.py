"""The desktop's own settings (QSettings, an INI file in the data folder) and its folders.

One file per profile (``--data-dir``), so a second profile or a test never touches the first.
QSettings keeps values in memory and writes them back on its own; reading it is cheap.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import platformdirs
from PySide6.QtCore import QByteArray, QSettings

APP_NAME = "consultation-planner"  # the same folder the embedded server uses
EMBEDDED = "embedded"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


class AppSettings:
    """Typed access to the values the application remembers."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.qsettings = QSettings(str(data_dir / "desktop.ini"), QSettings.Format.IniFormat)

    def _get(self, key: str, default: Any = None) -> Any:
        return self.qsettings.value(key, default)

    # server choice: "embedded" or a URL; the URLs used before
    @property
    def server(self) -> str:
        return str(self._get("server/choice", EMBEDDED) or EMBEDDED)

    @server.setter
    def server(self, value: str) -> None:
        self.qsettings.setValue("server/choice", value)
        if value != EMBEDDED:
            urls = [value, *[u for u in self.recent_servers if u != value]][:8]
            self.qsettings.setValue("server/recent", urls)

    @property
    def recent_servers(self) -> list[str]:
        value = self._get("server/recent", [])
        if isinstance(value, str):
            return [value]
        return [str(v) for v in (value or [])]

    @property
    def last_email(self) -> str:
        return str(self._get("account/email", "") or "")

    @last_email.setter
    def last_email(self, value: str) -> None:
        self.qsettings.setValue("account/email", value)

    @property
    def remember(self) -> bool:
        return str(self._get("account/remember", "false")).lower() == "true"

    @remember.setter
    def remember(self, value: bool) -> None:
        self.qsettings.setValue("account/remember", "true" if value else "false")

    @property
    def language(self) -> str:
        """'' (follow the system), 'en' or 'ru'."""
        return str(self._get("ui/language", "") or "")

    @language.setter
    def language(self, value: str) -> None:
        self.qsettings.setValue("ui/language", value)

    def geometry(self, name: str) -> QByteArray | None:
        value = self._get(f"geometry/{name}")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_geometry(self, name: str, value: QByteArray) -> None:
        self.qsettings.setValue(f"geometry/{name}", value)

    def value(self, key: str, default: Any = None) -> Any:
        """Free-form values for the role windows, e.g. ``settings.value("specialist/last_cost")``."""
        return self._get(key, default)

    def set_value(self, key: str, value: Any) -> None:
        self.qsettings.setValue(key, value)

    def sync(self) -> None:
        self.qsettings.sync()
