"""The human report: ``path:line:col: SMM101 [error] message (rule-name)``, grouped by file."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import groupby

from ..findings import Report, Severity
from ..rulepacks import LoadedRule

_COLOURS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}


@dataclass(frozen=True)
class RenderOptions:
    """What a renderer may need besides the report; every field has a harmless default."""

    colour: bool = False
    rules: tuple[LoadedRule, ...] = ()  # the rule catalogue of the run (SARIF's tool.driver.rules)
    version: str = ""  # smmlint's version, for formats that name the tool
    quiet: bool = False  # findings only: no summary line, nothing at all when clean


def _paint(text: str, code: str, colour: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if colour else text


def render(report: Report, options: RenderOptions) -> Iterator[str]:
    colour = options.colour
    for index, (_path, findings) in enumerate(groupby(report.findings, key=lambda finding: finding.path)):
        if index:
            yield "\n"
        for finding in findings:
            where = _paint(f"{finding.path}:{finding.line}:{finding.column}:", "1", colour)
            rule = _paint(finding.rule, "1", colour)
            severity = _paint(f"[{finding.severity.value}]", _COLOURS[finding.severity], colour)
            name = _paint(f"({finding.name})", "2", colour)
            yield f"{where} {rule} {severity} {finding.message} {name}\n"
    if options.quiet:
        return
    counts = report.counts()
    files = len(report.files)
    if report.internal_errors:
        yield "\n" + _paint(f"smmlint could not check everything: {len(report.internal_errors)} internal"
                            " error(s), reported on standard error.", "31", colour) + "\n"
    elif report.findings:
        parts = [f"{counts[s.value]} {s.value}{'s' if counts[s.value] != 1 else ''}"
                 for s in (Severity.ERROR, Severity.WARNING, Severity.INFO) if counts[s.value]]
        problems = len(report.findings)
        having = len({finding.path for finding in report.findings})
        checked = f" ({files} checked)" if files > having else ""
        summary = (f"Found {problems} problem{'s' if problems != 1 else ''} ({', '.join(parts)})"
                   f" in {having} file{'s' if having != 1 else ''}{checked}.")
        yield "\n" + _paint(summary, "1", colour) + "\n"
    else:
        yield _paint(f"All clean: {files} file{'s' if files != 1 else ''} checked, no problems.", "32", colour) + "\n"
    if report.others:
        names = ", ".join(report.others)
        whose = "another tool's file" if len(report.others) == 1 else "other tools' files"
        yield f"Not checked: {names}: {whose} (smmlint checks plans, policies and logs).\n"
    if report.skipped:
        skipped = len(report.skipped)
        names = ", ".join(report.skipped[:3]) + (f" and {skipped - 3} more" if skipped > 3 else "")
        yield (f"Skipped {names}: {'it matches' if skipped == 1 else 'they match'} `exclude` in the config"
               f" (remove the pattern there to check {'it' if skipped == 1 else 'them'}).\n")
