"""The report formats: one pure module each, one line here.

A renderer yields the report's text in pieces (``render(report, options) -> Iterator[str]``):
a log with tens of thousands of findings is written out without building one huge string.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from ..findings import Report
from . import github, gitlab, json_format, junit, sarif, text

Renderer = Callable[[Report, "text.RenderOptions"], Iterator[str]]


def render_text(renderer: Renderer, report: Report, options: text.RenderOptions) -> str:
    """The whole report as one string (for tests and the Python API)."""
    return "".join(renderer(report, options))

FORMATS: dict[str, Renderer] = {
    "text": text.render,
    "json": json_format.render,
    "sarif": sarif.render,
    "github": github.render,
    "gitlab": gitlab.render,
    "junit": junit.render,
}

__all__ = ["FORMATS", "Renderer", "render_text"]
