"""Adopting smmlint on an old repo: a baseline of today's findings, then only new ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from smmlint.cli import main


def plan(posts: list[str]) -> str:
    return "kind: plan\naccount: {type: company, timezone: Europe/Moscow}\nposts:\n" + "".join(
        f"  - {post}\n" for post in posts)


def night(identity: str, day: int) -> str:
    return f"{{id: {identity}, at: 2026-12-{day:02d} 23:30, platform: vk, format: photo}}"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".smmlint.yaml").write_text("{}\n", encoding="utf-8")
    return tmp_path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_a_year_of_findings_adopted_in_one_command(repo: Path) -> None:
    old = [night(f"p{n}", 1 + n % 28) for n in range(200)]
    (repo / "plan.yaml").write_text(plan(old), encoding="utf-8")
    assert run("check", "plan.yaml", "--fail-level", "warning")[0] == 1
    code, _, err = run("check", "plan.yaml", "--write-baseline", "smmlint-baseline.json")
    assert code == 0 and "recorded" in err
    recorded = json.loads((repo / "smmlint-baseline.json").read_text(encoding="utf-8"))
    assert len(recorded["findings"]) >= 200
    assert run("check", "plan.yaml", "--baseline", "smmlint-baseline.json", "--fail-level", "warning")[0] == 0


def test_only_new_findings_survive_and_moved_lines_still_match(repo: Path) -> None:
    (repo / "plan.yaml").write_text(plan([night("late", 1)]), encoding="utf-8")
    run("check", "plan.yaml", "--write-baseline", "base.json")
    # A new post above moves the old one down a line, and it has a mistake of its own.
    (repo / "plan.yaml").write_text(plan([night("new", 2), night("late", 1)]), encoding="utf-8")
    code, out, _ = run("check", "plan.yaml", "--baseline", "base.json", "--fail-level", "warning")
    assert code == 1
    assert "plan.yaml:4:" in out and "new is scheduled" in out and "late is scheduled" not in out


def test_show_fixed_lists_entries_that_are_gone(repo: Path) -> None:
    (repo / "plan.yaml").write_text(plan([night("late", 1)]), encoding="utf-8")
    run("check", "plan.yaml", "--write-baseline", "base.json")
    (repo / "plan.yaml").write_text(plan(["{id: late, at: 2026-12-01 10:00, platform: vk, format: photo}"]),
                                    encoding="utf-8")
    code, _, err = run("check", "plan.yaml", "--baseline", "base.json", "--show-fixed")
    assert code == 0
    assert "fixed: plan.yaml: SMM104 late is scheduled" in err
    assert "1 baseline entry is fixed" in err
    assert run("check", "plan.yaml", "--show-fixed")[0] == 2


def test_a_broken_baseline_is_a_usage_error_with_position(repo: Path) -> None:
    (repo / "plan.yaml").write_text(plan([night("late", 1)]), encoding="utf-8")
    (repo / "base.json").write_text('{"smmlint_baseline": 1,\n "findings": [}\n', encoding="utf-8")
    code, _, err = run("check", "plan.yaml", "--baseline", "base.json")
    assert code == 2 and "base.json:2:15: not a baseline" in err
    (repo / "other.json").write_text('{"findings": []}', encoding="utf-8")
    assert run("check", "plan.yaml", "--baseline", "other.json")[0] == 2


def test_csv_rows_without_ids_keep_their_fingerprints_when_rows_are_inserted(repo: Path) -> None:
    header = "дата;время;площадка;формат;текст\n"
    late = "01.12.2026;23:30;ВК;фото;Ночной пост\n"
    (repo / "plan.csv").write_bytes((header + late).encode("cp1251"))
    run("check", "plan.csv", "--write-baseline", "base.json")
    (repo / "plan.csv").write_bytes((header + "30.11.2026;10:00;ВК;фото;Утро\n" + late).encode("cp1251"))
    code, out, err = run("check", "plan.csv", "--baseline", "base.json", "--show-fixed", "--fail-level", "warning")
    assert code == 0, out
    assert "no baseline entry is fixed" in err


@pytest.mark.parametrize("findings", ["5", "null", "[1, 2]"])
def test_a_baseline_of_the_wrong_shape_is_a_usage_error(repo: Path, findings: str) -> None:
    (repo / "plan.yaml").write_text(plan([night("late", 1)]), encoding="utf-8")
    (repo / "b.json").write_text('{"smmlint_baseline": 1, "findings": ' + findings + "}", encoding="utf-8")
    code, _, err = run("check", "plan.yaml", "--baseline", "b.json")
    assert code == 2 and "internal error" not in err


@pytest.mark.parametrize(("text", "message"), [
    ("[" * 5000, "nested too deeply"),
    ('{"smmlint_baseline": 1, "findings": [' + "9" * 5000 + "]}", "a number of more than 4300 digits"),
])
def test_a_baseline_too_deep_or_with_a_huge_number_is_a_usage_error(repo: Path, text: str, message: str) -> None:
    (repo / "plan.yaml").write_text(plan([night("late", 1)]), encoding="utf-8")
    (repo / "b.json").write_text(text, encoding="utf-8")
    code, _, err = run("check", "plan.yaml", "--baseline", "b.json")
    assert code == 2 and "b.json:1:1: not a baseline" in err and message in err, err


def test_a_baseline_works_from_any_folder(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Written at the repository's root, used inside one client's folder (and the reverse).
    (repo / "flor").mkdir()
    (repo / "flor" / "plan.yaml").write_text(plan([night("late", 1)]), encoding="utf-8")
    run("check", "flor/plan.yaml", "--write-baseline", "base.json")
    assert json.loads((repo / "base.json").read_text(encoding="utf-8"))["findings"][0]["path"] == "flor/plan.yaml"
    monkeypatch.chdir(repo / "flor")
    assert run("check", "plan.yaml", "--baseline", "../base.json", "--fail-level", "warning")[0] == 0
    run("check", "plan.yaml", "--write-baseline", "../base2.json")
    monkeypatch.chdir(repo)
    assert run("check", "flor", "--baseline", "base2.json", "--fail-level", "warning")[0] == 0
    # A new finding still shows from there.
    (repo / "flor" / "plan.yaml").write_text(plan([night("late", 1), night("new", 2)]), encoding="utf-8")
    code, out, _ = run("check", "flor/plan.yaml", "--baseline", "base.json", "--fail-level", "warning")
    assert code == 1 and "new is scheduled" in out and "late is scheduled" not in out


def test_a_version_1_baseline_still_matches_from_the_folder_it_was_written_in(repo: Path) -> None:
    from smmlint.engine import lint_paths

    (repo / "plan.yaml").write_text(plan([night("late", 1)]), encoding="utf-8")
    findings = lint_paths([Path("plan.yaml")]).findings
    entries = [{"fingerprint": f.fingerprint(), "rule": f.rule, "path": f.path, "message": f.message}
               for f in findings]
    (repo / "old.json").write_text(json.dumps({"smmlint_baseline": 1, "findings": entries}), encoding="utf-8")
    assert entries
    assert run("check", "plan.yaml", "--baseline", "old.json", "--fail-level", "warning")[0] == 0


def test_a_baseline_reached_through_a_symlinked_folder_matches(repo: Path) -> None:
    (repo / "real").mkdir()
    (repo / "real" / "plan.yaml").write_text(plan([night("late", 1)]), encoding="utf-8")
    (repo / "link").symlink_to("real")
    assert run("check", "real", "--write-baseline", "real/b.json")[0] == 0
    for checked, baseline in [("real", "link/b.json"), ("link", "link/b.json"), ("link", str(repo / "link" / "b.json"))]:
        assert run("check", checked, "--baseline", baseline, "--fail-level", "warning")[0] == 0, (checked, baseline)


def test_show_fixed_names_entries_from_here_and_only_of_the_files_checked(repo: Path) -> None:
    (repo / "plans").mkdir()
    (repo / "ci").mkdir()
    for name in ("p", "q"):
        (repo / "plans" / f"{name}.yaml").write_text(plan([night(name, 1)]), encoding="utf-8")
    run("check", ".", "--write-baseline", "ci/b.json")
    (repo / "plans" / "p.yaml").write_text(plan(["{id: p, at: 2026-12-01 10:00, platform: vk, format: photo}"]),
                                           encoding="utf-8")
    # Only p.yaml is checked (as pre-commit names a changed file): q.yaml's entry is not gone.
    _, _, err = run("check", "plans/p.yaml", "--baseline", "ci/b.json", "--show-fixed")
    assert "fixed: plans/p.yaml: SMM104" in err and "q.yaml" not in err


@pytest.mark.parametrize("version", ["true", "2.0", '"2"'])
def test_a_version_that_is_no_whole_number_is_no_baseline(repo: Path, version: str) -> None:
    (repo / "b.json").write_text(f'{{"smmlint_baseline": {version}, "findings": []}}', encoding="utf-8")
    code, _, err = run("check", ".", "--baseline", "b.json")
    assert code == 2 and "not an smmlint baseline" in err


def test_a_version_1_baseline_of_a_posts_missing_fields_still_matches(repo: Path) -> None:
    from smmlint.engine import lint_paths

    (repo / "plan.yaml").write_text(plan(["{id: a, platform: vk}"]), encoding="utf-8")
    findings = lint_paths([Path("plan.yaml")]).findings
    assert sorted(f.key for f in findings if f.rule == "SMM002") == ["/posts/0/at", "/posts/0/format"]
    # Such a baseline said the post's missing fields once, by the post: /posts/0.
    [first] = [f for f in findings if f.key == "/posts/0/at"]
    entries = [{"fingerprint": first.fingerprint(key="/posts/0"), "rule": "SMM002", "path": "plan.yaml"}]
    (repo / "old.json").write_text(json.dumps({"smmlint_baseline": 1, "findings": entries}), encoding="utf-8")
    assert run("check", "plan.yaml", "--baseline", "old.json", "--fail-level", "warning")[0] == 0


def test_rewriting_from_one_folder_keeps_the_other_folders_entries(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for client in ("flor", "roza"):
        (repo / client).mkdir()
        (repo / client / "plan.yaml").write_text(plan([night(client, 1)]), encoding="utf-8")
    run("check", ".", "--write-baseline", "b.json")
    # flor's mistake is fixed, and flor's baseline entries are rewritten from flor's folder.
    (repo / "flor" / "plan.yaml").write_text(plan(["{id: flor, at: 2026-12-01 10:00, platform: vk, format: photo}"]),
                                             encoding="utf-8")
    monkeypatch.chdir(repo / "flor")
    code, _, err = run("check", ".", "--write-baseline", "../b.json")
    assert code == 0 and "recorded 0 findings in ../b.json, and kept its 1 of files not checked now" in err
    monkeypatch.chdir(repo)
    assert [entry["path"] for entry in json.loads((repo / "b.json").read_text(encoding="utf-8"))["findings"]] == [
        "roza/plan.yaml"]
    assert run("check", ".", "--baseline", "b.json", "--fail-level", "warning")[0] == 0
