"""GitLab Code Quality: a JSON array of issues with unique fingerprints (Code Climate subset)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from typing import Any

from ..findings import Finding, Report, Severity
from .text import RenderOptions

SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def unique_fingerprints(findings: Iterable[Finding]) -> Iterator[str]:
    """Each finding's fingerprint; a repeat gets its occurrence number hashed in, deterministically.

    Findings about the same thing (same rule, path and key) share ``Finding.fingerprint()``,
    but GitLab drops all but one issue per fingerprint. The first keeps the plain fingerprint,
    so it stays stable as long as the finding exists; the n-th repeat gets ``sha256(fp\\0n)``.
    """
    seen: set[str] = set()
    occurrences: dict[str, int] = {}
    for finding in findings:
        base = fingerprint = finding.fingerprint()
        while fingerprint in seen:
            occurrences[base] = occurrences.get(base, 1) + 1
            fingerprint = hashlib.sha256(f"{base}\0{occurrences[base]}".encode()).hexdigest()[:32]
        seen.add(fingerprint)
        yield fingerprint


def _relative(path: str) -> str:
    while path.startswith("./"):
        path = path[2:]
    return path


def issue(finding: Finding, fingerprint: str) -> dict[str, Any]:
    return {
        "description": finding.message,
        "check_name": finding.rule,
        "fingerprint": fingerprint,
        "severity": SEVERITIES[finding.severity],
        "location": {"path": _relative(finding.path), "lines": {"begin": max(1, finding.line)}},
    }


def render(report: Report, options: RenderOptions) -> Iterator[str]:
    # The same text as json.dumps(issues, indent=2), written one issue at a time.
    if not report.findings:
        yield "[]\n"
        return
    yield "["
    for index, (finding, fingerprint) in enumerate(zip(report.findings, unique_fingerprints(report.findings))):
        body = json.dumps(issue(finding, fingerprint), ensure_ascii=False, indent=2).replace("\n", "\n  ")
        yield ("," if index else "") + "\n  " + body
    yield "\n]\n"
