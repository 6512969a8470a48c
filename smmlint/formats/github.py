"""GitHub Actions workflow commands (``::error file=…::message``) and a Markdown step summary."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from ..findings import Finding, Report, Severity, one_line
from ..problems import ConfigProblem
from .text import RenderOptions

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
SUMMARY_ROWS = 50  # GitHub shows only 10 error and 10 warning annotations per step
_CELL_LIMIT = 500  # characters of a message in the summary; the job summary is capped at 1 MiB
_ORDER = (Severity.ERROR, Severity.WARNING, Severity.INFO)


def escape_data(value: str) -> str:
    """A command's message, escaped as @actions/core ``escapeData`` does."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """A command property's value, escaped as @actions/core ``escapeProperty`` does."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(finding: Finding) -> str:
    properties = {
        "file": finding.path,
        "line": str(finding.line),
        "col": str(finding.column),
        "title": f"{finding.rule} {finding.name}",
    }
    joined = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    return f"::{COMMANDS[finding.severity]} {joined}::{escape_data(finding.message)}"


def config_command(problem: ConfigProblem) -> str:
    """A config or rule-file mistake (it stops the run, exit 2) as an error annotation; one in a
    command-line option (no line) as an annotation of the run, naming the option."""
    if not problem.line:
        return f"::error title=smmlint usage error::{escape_data(str(problem))}\n"
    path = Path(problem.path)
    try:
        path = path.resolve().relative_to(Path.cwd().resolve())  # annotations name files of the repository
    except (OSError, ValueError):
        pass
    properties = {"file": path.as_posix(), "line": str(problem.line), "col": str(problem.column),
                  "title": "smmlint config error"}
    joined = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    return f"::error {joined}::{escape_data(problem.message)}\n"


def render(report: Report, options: RenderOptions) -> Iterator[str]:
    # Newlines are escaped, so no text from a linted file can start a command of its own.
    for finding in report.findings:
        yield command(finding) + "\n"


def cell(text: str, limit: int = _CELL_LIMIT) -> str:
    """Text for a Markdown table cell: one line, ``|`` and other Markdown syntax escaped."""
    flat = one_line(" ".join(text.split()))
    if len(flat) > limit:
        flat = flat[: limit - 1].rstrip() + "…"
    return re.sub(r"([\\`*_\[\]<>|~&])", r"\\\1", flat)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 or word == 'info' else 's'}"


def step_summary(report: Report) -> str:
    """Markdown for ``$GITHUB_STEP_SUMMARY``: counts, findings by rule, the first findings."""
    counts = report.counts()
    files = len(report.files)
    total = len(report.findings)
    out = ["## smmlint", ""]
    if not report.findings:
        out.append(f"No problems found in {_plural(files, 'file')}.")
    else:
        by_severity = ", ".join(_plural(counts[severity.value], severity.value) for severity in _ORDER)
        out.append(f"**{_plural(total, 'problem')}** ({by_severity}) in {_plural(files, 'file')}.")
    if report.internal_errors:
        errors = _plural(len(report.internal_errors), "internal error")
        out += ["", f"**{errors}**: smmlint met a bug; see the job log."]
    out += ["", "| Severity | Findings |", "|---|---:|"]
    out += [f"| {severity.value} | {counts[severity.value]} |" for severity in _ORDER]
    if not report.findings:
        return "\n".join(out) + "\n"
    by_rule = Counter(finding.rule for finding in report.findings)
    first: dict[str, Finding] = {}
    worst: dict[str, Severity] = {}
    for finding in report.findings:
        first.setdefault(finding.rule, finding)
        if finding.rule not in worst or finding.severity.rank > worst[finding.rule].rank:
            worst[finding.rule] = finding.severity
    out += ["", "### Findings by rule", "", "| Rule | Name | Severity | Findings |", "|---|---|---|---:|"]
    for rule in sorted(by_rule):
        out.append(f"| {cell(rule)} | {cell(first[rule].name)} | {worst[rule].value} | {by_rule[rule]} |")
    shown = report.findings[:SUMMARY_ROWS]
    heading = "### Findings" if total <= SUMMARY_ROWS else f"### First {SUMMARY_ROWS} of {total} findings"
    out += ["", heading, "", "| Location | Rule | Severity | Message |", "|---|---|---|---|"]
    for finding in shown:
        out.append(f"| {cell(f'{finding.path}:{finding.line}')} | {cell(f'{finding.rule} {finding.name}')}"
                   f" | {finding.severity.value} | {cell(finding.message)} |")
    if total > SUMMARY_ROWS:
        out += ["", f"{total - SUMMARY_ROWS} more in the job log."]
    return "\n".join(out) + "\n"
