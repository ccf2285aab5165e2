"""``make dist``: the wheels of the three parts and the standalone desktop, in ``dist/``.

1. ``pip wheel`` builds ``consultation_planner_shared``, ``consultation_planner_server`` and
   ``consultation_planner`` (the desktop) into ``dist/``;
2. a build environment of its own (``build/dist-env``) installs the desktop from those wheels, by
   name, with PyInstaller (the desktop's ``dist`` extra): the bundle is made of what a user would
   install, not of the editable development tree;
3. PyInstaller builds ``dist/planner/`` from ``desktop/bundle/planner.spec``: a folder that runs
   without Python (``dist/planner/planner``).

Runs on Linux, Windows and macOS alike (the paths of the environment differ, nothing else).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DIST = ROOT / "dist"
BUILD = ROOT / "build"
ENV = BUILD / "dist-env"
PARTS = ("shared", "server", "desktop")
VERSION = (ROOT / "VERSION").read_text(encoding="utf-8").strip()


def run(*command: str | Path) -> None:
    print("+", " ".join(map(str, command)), flush=True)
    subprocess.run([str(c) for c in command], cwd=ROOT, check=True)


def env_bin(name: str) -> Path:
    scripts = ENV / ("Scripts" if sys.platform == "win32" else "bin")
    return scripts / (name + (".exe" if sys.platform == "win32" else ""))


def wheels() -> None:
    DIST.mkdir(exist_ok=True)
    for old in DIST.glob("consultation_planner*.whl"):
        old.unlink()
    run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", DIST,
        *(f"./{part}" for part in PARTS))
    for part in PARTS:  # setuptools builds inside each part's folder
        shutil.rmtree(ROOT / part / "build", ignore_errors=True)


def build_environment() -> None:
    if not env_bin("python").exists():
        venv.create(ENV, with_pip=True)
    run(env_bin("python"), "-m", "pip", "install", "--quiet", "--upgrade", "--force-reinstall",
        "--no-deps", *sorted(DIST.glob(f"consultation_planner*-{VERSION}-*.whl")))
    run(env_bin("python"), "-m", "pip", "install", "--quiet", "--find-links", DIST,
        f"consultation-planner[dist]=={VERSION}")


def bundle() -> Path:
    shutil.rmtree(DIST / "planner", ignore_errors=True)
    run(env_bin("pyinstaller"), "--noconfirm", "--clean", "--log-level", "WARN",
        "--distpath", DIST, "--workpath", BUILD / "pyinstaller", ROOT / "desktop" / "bundle" / "planner.spec")
    return DIST / "planner"


def size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink()) / 1e6


def main() -> None:
    wheels()
    build_environment()
    folder = bundle()
    print(f"wheels: {', '.join(p.name for p in sorted(DIST.glob('*.whl')))}")
    print(f"bundle: {folder.relative_to(ROOT)} ({size_mb(folder):.0f} MB); start it with "
          f"{(folder / 'planner').relative_to(ROOT)} [--demo]")


if __name__ == "__main__":
    main()
