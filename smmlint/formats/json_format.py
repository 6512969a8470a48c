"""The JSON report: ``{"findings": [...], "summary": {...}}``, stable and machine-readable."""

from __future__ import annotations

import json
from collections.abc import Iterator

import orjson

from ..findings import Report
from .text import RenderOptions


def render(report: Report, options: RenderOptions) -> Iterator[str]:
    # Findings are written a chunk at a time: the same document as json.dumps of the whole,
    # with the same indentation, without holding every finding as a dict at once.
    yield '{\n  "findings": ['
    findings = report.findings
    for start in range(0, len(findings), _CHUNK):
        # A chunk as one JSON list, its brackets cut off and indented to its place.
        body = _dumps([finding.as_dict() for finding in findings[start:start + _CHUNK]])
        yield ("," if start else "") + "\n  " + body[2:-2].replace("\n", "\n  ")
    yield "\n  ]," if findings else "],"
    summary = json.dumps(report.summary(), ensure_ascii=False, indent=2).replace("\n", "\n  ")
    yield f'\n  "summary": {summary}\n}}\n'


_CHUNK = 512
"""Findings written by one call of orjson."""


def _dumps(value: object) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)``, through orjson where it can: the same
    text for strings and integers, several times faster (a million-event log can have tens of
    thousands of findings). A string orjson refuses (a lone surrogate) goes the slow way."""
    try:
        return orjson.dumps(value, option=orjson.OPT_INDENT_2).decode()
    except TypeError:
        return json.dumps(value, ensure_ascii=False, indent=2)
