"""JUnit XML for Jenkins and GitLab: a failing test case per file and rule, a passing one per clean file."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from itertools import groupby

from ..findings import Finding, Report
from .text import RenderOptions

SUITE = "smmlint"
# Characters XML 1.0 cannot hold, even as character references (C0 controls but tab, CR and LF;
# lone surrogates; U+FFFE and U+FFFF). Each is written as a visible \xNN / \uNNNN escape instead.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    def visible(match: re.Match[str]) -> str:
        code = ord(match.group())
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _INVALID_XML.sub(visible, text)


def _element(tag: str, attributes: dict[str, str], text: str | None = None) -> ET.Element:
    element = ET.Element(tag, {key: xml_safe(value) for key, value in attributes.items()})
    if text is not None:
        element.text = xml_safe(text)
    return element


def _failing_case(path: str, findings: list[Finding]) -> ET.Element:
    first = findings[0]
    case = _element("testcase", {"classname": path, "name": f"{first.rule} {first.name}"})
    count = len(findings)
    lines = [f"{f.path}:{f.line}:{f.column}: {f.message}" for f in findings]
    case.append(_element("failure", {"message": f"{count} finding{'s' if count != 1 else ''}", "type": first.rule},
                         "\n".join(lines) + "\n"))
    return case


def _xml(element: ET.Element) -> str:
    ET.indent(element, space="  ", level=2)
    element.tail = None
    return "    " + ET.tostring(element, encoding="unicode") + "\n"


def render(report: Report, options: RenderOptions) -> Iterator[str]:
    by_file: dict[str, list[Finding]] = {}
    for finding in report.findings:
        by_file.setdefault(finding.path, []).append(finding)
    paths = sorted({*report.files, *by_file})
    failures = sum(len({f.rule for f in findings}) for findings in by_file.values())
    clean = sum(1 for path in paths if path not in by_file)
    errors = len(report.internal_errors)
    counts = f'tests="{failures + clean + errors}" failures="{failures}" errors="{errors}"'
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield f'<testsuites name="{SUITE}" {counts}>\n'
    yield f'  <testsuite name="{SUITE}" {counts} skipped="0">\n'
    for path in paths:
        findings = sorted(by_file.get(path, []), key=lambda f: (f.rule, f.line, f.column))
        if not findings:
            yield _xml(_element("testcase", {"classname": path, "name": SUITE}))
            continue
        for _rule, group in groupby(findings, key=lambda f: f.rule):
            yield _xml(_failing_case(path, list(group)))
    for error in report.internal_errors:
        # A bug in smmlint, not in the linted file: an <error>, so CI does not read it as a finding.
        case = _element("testcase", {"classname": error.path, "name": f"{error.rule or 'reading'} internal error"})
        case.append(_element("error", {"message": "internal error", "type": "InternalError"}, error.message))
        yield _xml(case)
    yield "  </testsuite>\n</testsuites>\n"
