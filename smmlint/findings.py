"""Findings, severities and the report that every later stage reads."""

from __future__ import annotations

import enum
import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .rulepacks import LoadedRule


class Severity(str, enum.Enum):
    """How serious a finding is; the order is the order of ``--fail-level``."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


_CONTROL = re.compile("[\x00-\x1f\x7f]")


def one_line(text: str) -> str:
    """``text`` with no control characters: line breaks and tabs become spaces, the others
    U+FFFD. A finding's message and path quote the linted files, and a line break there could
    start a line of its own in a report (a fake finding, or a workflow command in CI logs)."""
    if text.isprintable():  # in C; also false for some harmless characters, then checked below
        return text
    return _CONTROL.sub(lambda match: " " if match.group() in "\t\n\r" else "\ufffd", text)


@dataclass(frozen=True, order=True, slots=True)
class Finding:
    """One problem at one place.

    ``key`` names the thing the finding is about (a post or event id, or a document path
    such as ``/responders``) so later stages can fingerprint it without line numbers.
    """

    path: str
    line: int
    column: int
    rule: str
    name: str
    severity: Severity = field(compare=False)
    message: str = field(compare=False)
    key: str = field(default="", compare=False)

    def fingerprint(self, path: str | None = None, key: str | None = None) -> str:
        """Stable across edits that move lines: rule, path (``path`` when given, e.g. as seen from
        a baseline's folder) and what the finding is about (``key`` when given)."""
        path, key = self.path if path is None else path, self.key if key is None else key
        digest = hashlib.sha256(f"{self.rule}\0{path}\0{key}".encode()).hexdigest()
        return digest[:32]

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "name": self.name,
            "severity": self.severity.value,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "message": self.message,
        }


@dataclass(frozen=True)
class InternalError:
    """A bug in smmlint met while checking one file with one rule (exit code 3)."""

    path: str
    rule: str
    message: str


@dataclass
class Report:
    """Everything one run found, in a stable order."""

    findings: list[Finding] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # files named on the command line that `exclude` skips
    others: list[str] = field(default_factory=list)  # named files of other tools (package.json): not checked
    internal_errors: list[InternalError] = field(default_factory=list)
    rules: list[LoadedRule] = field(default_factory=list)  # the rules the run applied

    def sort(self) -> None:
        self.findings.sort()

    def counts(self) -> dict[str, int]:
        by_severity = Counter(finding.severity.value for finding in self.findings)
        return {severity.value: by_severity.get(severity.value, 0) for severity in Severity}

    def summary(self) -> dict[str, Any]:
        return {
            "files": len(self.files),
            "findings": len(self.findings),
            "by_severity": self.counts(),
            "by_rule": dict(sorted(Counter(finding.rule for finding in self.findings).items())),
            "internal_errors": len(self.internal_errors),
        }

    def worst(self) -> Severity | None:
        if not self.findings:
            return None
        return max((finding.severity for finding in self.findings), key=lambda s: s.rank)
