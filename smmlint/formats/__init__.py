"""The report formats: one pure module each, ``render(report, options) -> str``, one line here."""

from __future__ import annotations

from collections.abc import Callable

from ..findings import Report
from . import json_format, text

Renderer = Callable[[Report, "text.RenderOptions"], str]

FORMATS: dict[str, Renderer] = {
    "text": text.render,
    "json": json_format.render,
}

__all__ = ["FORMATS", "Renderer"]
