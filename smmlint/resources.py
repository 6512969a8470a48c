"""Where the built-in rule packs, word lists and schemas live, in a wheel or a source checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    """Return the folder of built-in data ``name`` (``rules`` or ``schemas``).

    A wheel carries them inside the package (``smmlint/_data/``); a source checkout or an
    editable install keeps them at the top of the repository.
    """
    for candidate in (_PACKAGE_DIR / "_data" / name, _PACKAGE_DIR.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"smmlint's built-in '{name}' folder is missing from this installation")


def rules_dir() -> Path:
    return data_dir("rules")


def lexicons_dir() -> Path:
    return data_dir("rules") / "lexicons"


def schemas_dir() -> Path:
    return data_dir("schemas")
