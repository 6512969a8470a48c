"""The JSON report: ``{"findings": [...], "summary": {...}}``, stable and machine-readable."""

from __future__ import annotations

import json
from collections.abc import Iterator

from ..findings import Report
from .text import RenderOptions


def render(report: Report, options: RenderOptions) -> Iterator[str]:
    # Findings are written one by one: the same document as json.dumps of the whole, with
    # the same indentation, without holding every finding as a dict at once.
    yield '{\n  "findings": ['
    for index, finding in enumerate(report.findings):
        body = json.dumps(finding.as_dict(), ensure_ascii=False, indent=2).replace("\n", "\n    ")
        yield ("," if index else "") + "\n    " + body
    yield "\n  ]," if report.findings else "],"
    summary = json.dumps(report.summary(), ensure_ascii=False, indent=2).replace("\n", "\n  ")
    yield f'\n  "summary": {summary}\n}}\n'
