"""English and Russian user interface: Qt translations from ``resources/translations``.

Sources are ``planner_<lang>.ts`` (Qt Linguist format), compiled to ``.qm`` by
``python scripts/update_translations.py`` (pyside6-lupdate and pyside6-lrelease ship with PySide6).
English is the source language: its file holds only the plural forms of the strings with a count.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

TRANSLATIONS = Path(__file__).with_name("resources") / "translations"
LANGUAGES = {"en": "English", "ru": "Русский"}

_installed: list[QTranslator] = []


def QT_TRANSLATE_NOOP(context: str, source: str) -> str:
    """Mark ``source`` for pyside6-lupdate in ``context`` and return it as it is (translate it when shown).

    PySide6's function of this name does the same but is declared to return ``object``; lupdate
    finds the calls by their name, whichever module the function comes from.
    """
    return source


def system_language() -> str:
    name = QLocale.system().name().split("_")[0]
    return name if name in LANGUAGES else "en"


def resolve_language(setting: str) -> str:
    """The language to use: the setting when it names one we have, else the system's."""
    return setting if setting in LANGUAGES else system_language()


def install(app: QCoreApplication, language: str) -> str:
    """Load the translations of ``language`` into ``app`` (replacing earlier ones); returns it."""
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    if language == "en":  # the source language: only the plural forms ("%n user(s)") need a file
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        _load(app, str(TRANSLATIONS / "planner_en.qm"))
        return language
    QLocale.setDefault(QLocale(language))
    _load(app, str(TRANSLATIONS / f"planner_{language}.qm"))
    _load(app, f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    return language


def _load(app: QCoreApplication, name: str, folder: str = "") -> None:
    translator = QTranslator(app)
    if translator.load(name, folder):
        app.installTranslator(translator)
        _installed.append(translator)
