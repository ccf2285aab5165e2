"""Where a save dialog opens: the folder the user last saved into, else their Documents folder
(never the process's working directory, which under ``make run`` is the checkout)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from planner_desktop.settings import AppSettings

KEY = "files/last_folder"


def start_folder(settings: AppSettings) -> Path:
    last = settings.value(KEY)
    if last and Path(str(last)).is_dir():
        return Path(str(last))
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents and Path(documents).is_dir() else Path.home()


def ask_save_path(parent: QWidget, settings: AppSettings, title: str, name: str,
                  filter_text: str) -> Path | None:
    """Ask where to save ``name``; the chosen folder is remembered for next time."""
    path, _ = QFileDialog.getSaveFileName(parent, title, str(start_folder(settings) / name), filter_text)
    if not path:
        return None
    settings.set_value(KEY, str(Path(path).parent))
    return Path(path)
