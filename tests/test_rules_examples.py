"""Every example of every rule file: a bad one is flagged exactly at its lines, a good one never."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from smmlint.engine import lint_paths
from smmlint.rulepacks import Example, LoadedRule, load_rules

DEFAULT_FILE = {"plan": "plan.yaml", "policy": "policy.yaml", "log": "log.jsonl", "file": "plan.yaml"}


def _cases() -> list[object]:
    cases = []
    for loaded in load_rules():
        for verdict in ("bad", "good"):
            for index, example in enumerate(getattr(loaded.rule.examples, verdict)):
                cases.append(pytest.param(loaded, verdict, example, id=f"{loaded.id}-{verdict}-{index}"))
    return cases


def lint_example(tmp_path: Path, loaded: LoadedRule, example: Example) -> list[int]:
    name = example.file or DEFAULT_FILE[loaded.rule.target]
    (tmp_path / name).write_text(example.text, encoding="utf-8")
    config = dict(example.config or {})
    if example.policy:
        (tmp_path / "team-policy.yaml").write_text(example.policy, encoding="utf-8")
        config["policy"] = "team-policy.yaml"
    (tmp_path / ".smmlint.yaml").write_text(json.dumps(config), encoding="utf-8")
    report = lint_paths([tmp_path / name], cwd=tmp_path)
    assert not report.internal_errors, report.internal_errors
    return sorted(finding.line for finding in report.findings if finding.rule == loaded.id)


@pytest.mark.parametrize(("loaded", "verdict", "example"), _cases())
def test_rule_example(tmp_path: Path, loaded: LoadedRule, verdict: str, example: Example) -> None:
    lines = lint_example(tmp_path, loaded, example)
    if verdict == "bad":
        assert example.lines, f"{loaded.id}: a bad example must name the lines it flags"
        assert lines == sorted(example.lines), f"{loaded.id} '{example.title}'"
    else:
        assert lines == [], f"{loaded.id} '{example.title}' should be clean"


def test_every_catalogue_rule_has_examples() -> None:
    ids = {loaded.id for loaded in load_rules()}
    expected = {"SMM001", "SMM002", "SMM003", "SMM004", "SMM005", "SMM006"} | {
        f"SMM{m}0{n}" for m, count in {1: 4, 2: 3, 3: 2, 4: 2, 5: 3, 6: 2, 7: 1, 8: 3, 9: 3}.items()
        for n in range(1, count + 1)
    }
    assert ids == expected
