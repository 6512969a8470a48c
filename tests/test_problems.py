"""Tests for smmlint.problems: validation errors as messages at their place."""

from __future__ import annotations

from pathlib import Path

from smmlint.engine import lint_paths


def test_each_missing_field_of_a_post_is_its_own_finding(tmp_path: Path) -> None:
    # Both are needed: one finding each (they were one, "... 'platform' or ... 'format'", as if
    # either would do), at the post, and keyed by the field so a sheet can say it by its column.
    plan = tmp_path / "plan.yaml"
    plan.write_text("kind: plan\naccount: {type: company, timezone: Europe/Moscow}\nposts:\n"
                    "  - id: a\n    at: 2026-12-01 10:00\n    text: Привет\n", encoding="utf-8")
    report = lint_paths([plan], cwd=tmp_path)
    assert [(f.rule, f.line, f.column, f.message, f.key) for f in report.findings] == [
        ("SMM002", 4, 5, "missing required field 'platform'", "/posts/0/platform"),
        ("SMM002", 4, 5, "missing required field 'format'", "/posts/0/format"),
    ]


def test_a_missing_key_of_a_policy_section_is_placed_at_its_section(tmp_path: Path) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text("kind: policy\nresponders:\n  - owner: anna\n    respond_within: 2h\n", encoding="utf-8")
    report = lint_paths([policy], cwd=tmp_path)
    assert [(f.rule, f.line, f.column, f.message) for f in report.findings if f.rule == "SMM002"] == [
        ("SMM002", 3, 5, "missing required field 'topics'")]


def test_a_cell_that_says_post_is_given_no_guess(tmp_path: Path) -> None:
    (tmp_path / "plan.csv").write_text("date,time,network,format\n01.12.2026,10:00,vk,Post\n"
                                       "02.12.2026,10:00,vk,fotos\n", encoding="utf-8")
    messages = [f.message for f in lint_paths([tmp_path / "plan.csv"], cwd=tmp_path, isolated=True).findings]
    assert messages[0].endswith("not 'Post'")  # not "(did you mean 'podcast'?)"
    assert messages[1].endswith("not 'fotos' (did you mean 'photo'?)")
