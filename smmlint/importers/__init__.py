"""Importers: real exports (Telegram, VK, Reddit, YouTube, Facebook/Instagram, monitoring and
scheduler CSVs) read as canonical logs and plans.

Each source is one module defining one :class:`~smmlint.importers.base.Importer` subclass,
listed in ``_MODULES`` below; :data:`IMPORTERS` holds one instance of each, by name. Detection
asks each importer of the right reading (JSON or CSV) in this order, so list a more specific
shape before a looser one.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from functools import cache
from typing import Any

from .base import (
    CsvImporter,
    CsvRecord,
    Importer,
    ImportOptions,
    Item,
    JsonImporter,
    Unmapped,
    Where,
)

__all__ = [
    "CsvImporter", "CsvRecord", "ImportOptions", "Importer", "Item", "JsonImporter", "Unmapped",
    "Where", "claims", "detect_csv", "detect_json", "get", "importers", "mapped_record",
]  # fmt: skip

# Module names under smmlint.importers, in detection order.
_MODULES: tuple[str, ...] = ("telegram", "vk", "vk_wall", "reddit", "youtube", "facebook", "instagram",
                              "hootsuite", "buffer", "sprout", "monitoring", "spreadsheet")


@cache
def importers() -> dict[str, Importer]:
    """Every importer, by name, in detection order (modules are imported on first use)."""
    found: dict[str, Importer] = {}
    for module_name in _MODULES:
        module = importlib.import_module(f"{__name__}.{module_name}")
        for value in vars(module).values():
            if (isinstance(value, type) and issubclass(value, Importer) and value.__module__ == module.__name__
                    and not getattr(value, "__abstractmethods__", None)):
                instance = value()
                found[instance.name] = instance
    return found


def get(name: str) -> Importer | None:
    return importers().get(name.strip().lower())


def detect_json(data: Any) -> JsonImporter | None:
    """The importer whose shape the parsed JSON document has, if any."""
    for importer in importers().values():
        if isinstance(importer, JsonImporter) and claims(importer, data):
            return importer
    return None


def detect_csv(first: CsvRecord, columns: Mapping[str, str] | None = None) -> CsvImporter | None:
    """The importer whose header (or first row) this CSV starts with, if any.

    ``columns`` is the config's header mapping (``csv.columns``): mapped headers are shown to
    the importers as the fields they stand for, so a column the user mapped to ``kind`` makes
    a canonical log that no importer claims, and one mapped to ``sentiment`` a monitoring export.
    """
    first = mapped_record(first, columns)
    for importer in importers().values():
        if isinstance(importer, CsvImporter) and claims(importer, first):
            return importer
    return None


def mapped_record(first: CsvRecord, columns: Mapping[str, str] | None) -> CsvRecord:
    """The first record with the headers the config maps (``csv.columns``) shown as their fields."""
    if not columns:
        return first
    from ..csvsource import header_key

    mapped = {header_key(header): name for header, name in columns.items()}
    return CsvRecord(first.line, [mapped.get(header_key(cell), cell) for cell in first.cells], first.starts)


def claims(importer: Any, sample: Any) -> bool:
    """``importer.detect(sample)``; a detector that fails on a shape it did not expect does not
    claim it (one odd file must not stop a run over a folder)."""
    try:
        return bool(importer.detect(sample))
    except Exception:  # noqa: BLE001 - any surprise means "not mine"
        return False
