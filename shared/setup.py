"""The version and the requirements of this part; pyproject.toml holds the rest of its metadata.

The version is the repository's one ``VERSION`` file (in an sdist, its ``PKG-INFO``), and the other
parts of Consultation Planner are required at exactly that version: they are released together.
"""

from pathlib import Path

from setuptools import setup

HERE = Path(__file__).resolve().parent


def version() -> str:
    repository = HERE.parent / "VERSION"
    if repository.is_file():
        return repository.read_text(encoding="utf-8").strip()
    for line in (HERE / "PKG-INFO").read_text(encoding="utf-8").splitlines():  # building an sdist
        if line.startswith("Version:"):
            return line.partition(":")[2].strip()
    raise SystemExit("no VERSION file in the folder above and no PKG-INFO here")


VERSION = version()
setup(version=VERSION, install_requires=[
    "pydantic>=2.7",
    "email-validator>=2.1",
])
