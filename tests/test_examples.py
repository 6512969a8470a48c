"""The bundled example repository shows exactly the mistakes its README documents."""

from __future__ import annotations

import re
from pathlib import Path

from smmlint.engine import lint_paths

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
ROW = re.compile(r"^\| `(?P<path>[^:`]+):(?P<line>\d+)` \| (?P<rule>SMM\d{3}) ", re.MULTILINE)


def test_example_findings_match_the_readme_table() -> None:
    documented = {(m["path"], int(m["line"]), m["rule"])
                  for m in ROW.finditer((EXAMPLES / "README.md").read_text(encoding="utf-8"))}
    assert len(documented) == 10
    report = lint_paths([EXAMPLES], cwd=EXAMPLES)
    assert not report.internal_errors
    assert {(f.path, f.line, f.rule) for f in report.findings} == documented


def test_the_csv_plan_is_a_cp1251_russian_excel_export() -> None:
    raw = (EXAMPLES / "plans" / "2026-12-telegram.csv").read_bytes()
    header = raw.split(b"\r\n", 1)[0].decode("cp1251")
    assert header.startswith("дата;время;площадка;формат")
    assert not raw.startswith(b"\xef\xbb\xbf")
