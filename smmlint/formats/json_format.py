"""The JSON report: ``{"findings": [...], "summary": {...}}``, stable and machine-readable."""

from __future__ import annotations

import json

from ..findings import Report
from .text import RenderOptions


def render(report: Report, options: RenderOptions) -> str:
    document = {
        "findings": [finding.as_dict() for finding in report.findings],
        "summary": report.summary(),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
