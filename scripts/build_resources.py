"""Put what each package needs from the top-level ``resources/`` into it (``scripts/build_resources.py``).

- ``resources/icons/hicolor/scalable/apps/ID.svg`` is the application icon's source; its PNG sizes
  (16–512, ``resources/icons/hicolor/NxN/apps/ID.png``, the layout of the freedesktop icon theme)
  are rendered from it with Qt's SVG renderer;
- the desktop package gets those PNGs as ``planner_desktop/resources/icons/N.png`` (the window
  icon, and the standalone bundle's);
- the translations are compiled by ``scripts/update_translations.py`` (it also runs lupdate).

The results are committed, so an editable install and a wheel carry the same files;
``tests/desktop/test_identity.py`` checks that the package's copies match ``resources/``.
``--check`` only compares, and exits 1 when a copy differs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP_ID = "org.consultationplanner.Planner"
ICONS = ROOT / "resources" / "icons" / "hicolor"
SVG = ICONS / "scalable" / "apps" / f"{APP_ID}.svg"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
PACKAGE_ICONS = ROOT / "desktop" / "planner_desktop" / "resources" / "icons"


def icon_png(size: int) -> Path:
    return ICONS / f"{size}x{size}" / "apps" / f"{APP_ID}.png"


def render_icons() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"{SVG} is not a valid SVG")
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        icon_png(size).parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(icon_png(size))):
            raise SystemExit(f"could not write {icon_png(size)}")
    del app


def package_copies() -> dict[Path, Path]:
    """Each file a package ships from resources/ → its source."""
    return {PACKAGE_ICONS / f"{size}.png": icon_png(size) for size in SIZES}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare the packages' copies only")
    options = parser.parse_args()
    if options.check:
        stale = [str(copy.relative_to(ROOT)) for copy, source in package_copies().items()
                 if not copy.exists() or copy.read_bytes() != source.read_bytes()]
        if stale:
            raise SystemExit("out of date (run python scripts/build_resources.py): " + ", ".join(stale))
        return
    render_icons()
    PACKAGE_ICONS.mkdir(parents=True, exist_ok=True)
    for copy, source in package_copies().items():
        shutil.copyfile(source, copy)
    print(f"{len(SIZES)} icon sizes rendered from {SVG.relative_to(ROOT)}, copied into the desktop package")


if __name__ == "__main__":
    main()
