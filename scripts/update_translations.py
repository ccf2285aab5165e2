"""Refresh the interface translations: ``python scripts/update_translations.py [--check]``.

1. ``pyside6-lupdate`` collects every ``self.tr("…")`` / ``QCoreApplication.translate("Context", "…")``
   of the desktop package into the top-level ``resources/translations/planner_<lang>.ts``, keeping the
   translations already there (edit the .ts with Qt Linguist, ``pyside6-linguist``, or any XML editor);
   ``planner_en.ts`` holds only the strings with a count (``%n``), whose English plural forms
   ("1 user", "2 users") need a translation too;
2. ``pyside6-lrelease`` compiles each .ts into the .qm file the application loads, inside the desktop
   package (``planner_desktop/resources/translations``), which ships it.

Both tools ship with PySide6 (PySide6-Essentials included). ``--check`` reports strings that have no
translation yet and exits 1 if there are any.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "desktop" / "planner_desktop"
SOURCES = ROOT / "resources" / "translations"  # the .ts files
COMPILED = PACKAGE / "resources" / "translations"  # the .qm files the package ships
LANGUAGES = ("ru", "en")  # English is the source: its file holds only the plural forms (%n)


def tool(name: str) -> str:
    found = shutil.which(name) or str(Path(sys.executable).with_name(name))
    if not Path(found).exists():
        raise SystemExit(f"{name} not found: install PySide6 (pip install pyside6-essentials)")
    return found


def untranslated(ts: Path) -> list[str]:
    missing = []
    for context in ET.parse(ts).getroot().iter("context"):
        for message in context.iter("message"):
            translation = message.find("translation")
            kind = None if translation is None else translation.get("type")
            if kind in ("obsolete", "vanished"):
                continue
            if translation is None or kind == "unfinished" or not translation.text:
                missing.append(f"{context.findtext('name')}: {message.findtext('source')}")
    return missing


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="list untranslated strings")
    options = parser.parse_args()
    sources = sorted(str(p.relative_to(ROOT)) for p in PACKAGE.rglob("*.py"))
    for language in LANGUAGES:
        ts = SOURCES / f"planner_{language}.ts"
        plural_only = ["-pluralonly"] if language == "en" else []
        subprocess.run([tool("pyside6-lupdate"), *sources, "-no-obsolete", "-locations", "none",
                        *plural_only, "-source-language", "en", "-target-language", language,
                        "-ts", str(ts.relative_to(ROOT))], cwd=ROOT, check=True)
        subprocess.run([tool("pyside6-lrelease"), str(ts), "-qm", str(COMPILED / f"{ts.stem}.qm")],
                       check=True)
        missing = untranslated(ts)
        print(f"{ts.name}: {len(missing)} string(s) without a translation")
        if options.check and missing:
            print("\n".join("  " + m for m in missing))
            raise SystemExit(1)


if __name__ == "__main__":
    main()
