"""Report formats: the streamed JSON is exactly the JSON document, the text is the linter format."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from smmlint.engine import lint_paths
from smmlint.findings import Finding, Report, Severity
from smmlint.formats import FORMATS, render_text
from smmlint.formats.text import RenderOptions


def report(count: int) -> Report:
    result = Report(files=["plans/dec.yaml", "policy.yaml"])
    for index in range(count):
        result.findings.append(Finding("plans/dec.yaml", 3 + index, 5, "SMM101", "too-many-posts-per-day",
                                       Severity.ERROR, f"3 posts on vk — «день {index}»", f"p{index}"))
    return result


@pytest.mark.parametrize("count", [0, 1, 3])
def test_json_is_the_whole_document_with_standard_indentation(count: int) -> None:
    rendered = render_text(FORMATS["json"], report(count), RenderOptions())
    document = {"findings": [f.as_dict() for f in report(count).findings], "summary": report(count).summary()}
    assert rendered == json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def test_text_format_lines_and_summary() -> None:
    rendered = render_text(FORMATS["text"], report(2), RenderOptions())
    assert rendered.splitlines() == [
        "plans/dec.yaml:3:5: SMM101 [error] 3 posts on vk — «день 0» (too-many-posts-per-day)",
        "plans/dec.yaml:4:5: SMM101 [error] 3 posts on vk — «день 1» (too-many-posts-per-day)",
        "",
        "Found 2 problems (2 errors) in 1 file (2 checked).",  # a file of the two has them
    ]
    assert render_text(FORMATS["text"], report(0), RenderOptions()) == "All clean: 2 files checked, no problems.\n"


def test_files_are_separated_by_a_blank_line() -> None:
    two = report(1)
    two.findings.append(Finding("policy.yaml", 1, 1, "SMM803", "no-mention-monitoring", Severity.WARNING, "m", "/"))
    lines = render_text(FORMATS["text"], two, RenderOptions()).splitlines()
    assert lines[1] == "" and lines[2].startswith("policy.yaml:1:1: SMM803 [warning]")


GOLDEN = Path(__file__).resolve().parent / "golden" / "examples-text.txt"


def test_text_output_of_the_example_repo_matches_the_golden_file() -> None:
    examples = Path(__file__).resolve().parent.parent / "examples"
    rendered = render_text(FORMATS["text"], lint_paths([examples], cwd=examples), RenderOptions())
    if os.environ.get("SMMLINT_UPDATE_GOLDEN"):
        GOLDEN.write_text(rendered, encoding="utf-8")
    assert rendered == GOLDEN.read_text(encoding="utf-8"), "SMMLINT_UPDATE_GOLDEN=1 pytest rewrites it"
