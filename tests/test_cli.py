"""The command line as a user meets it: output lines, formats, colours and exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from samples import BUSY_DAY, NIGHT_ONLY

from smmlint.cli import main

CLEAN = """\
kind: plan
account: {name: Zerno Coffee, type: company, timezone: Europe/Moscow}
posts:
  - {id: a, at: 2026-12-01 09:00, platform: vk, format: photo, text: Доброе утро}
  - {id: b, at: 2026-12-02 13:00, platform: vk, format: text, text: Новое меню}
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    (tmp_path / ".smmlint.yaml").write_text("account: {type: company}\n", encoding="utf-8")
    return tmp_path


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_findings_exit_1_in_linter_format(repo: Path) -> None:
    (repo / "plan.yaml").write_text(BUSY_DAY, encoding="utf-8")
    code, output = run("check", "plan.yaml")
    assert code == 1
    assert ("plan.yaml:6:5: SMM101 [error] 3 posts on vk on 2026-12-01: a company account should post"
            " at most 2 a day (too-many-posts-per-day)") in output
    assert "Found 1 problem (1 error) in 1 file." in output


def test_clean_plan_exits_0(repo: Path) -> None:
    (repo / "plan.yaml").write_text(CLEAN, encoding="utf-8")
    code, output = run("check", "plan.yaml")
    assert (code, output) == (0, "All clean: 1 file checked, no problems.\n")


def test_warnings_fail_only_at_warning_level(repo: Path) -> None:
    (repo / "plan.yaml").write_text(NIGHT_ONLY, encoding="utf-8")
    assert run("check", "plan.yaml")[0] == 0
    assert run("check", "plan.yaml", "--fail-level", "warning")[0] == 1
    assert run("check", "plan.yaml", "--fail-level", "error")[0] == 0


def test_json_report(repo: Path) -> None:
    (repo / "plan.yaml").write_text(BUSY_DAY, encoding="utf-8")
    code, output = run("check", "plan.yaml", "--format", "json")
    report = json.loads(output)
    assert code == 1
    assert report["findings"] == [{
        "rule": "SMM101", "name": "too-many-posts-per-day", "severity": "error", "path": "plan.yaml",
        "line": 6, "column": 5,
        "message": "3 posts on vk on 2026-12-01: a company account should post at most 2 a day",
    }]  # fmt: skip
    assert report["summary"]["findings"] == 1
    assert report["summary"]["by_severity"] == {"info": 0, "warning": 0, "error": 1}


def test_folders_are_walked_and_default_to_current(repo: Path) -> None:
    (repo / "plans").mkdir()
    (repo / "plans" / "dec.yaml").write_text(BUSY_DAY, encoding="utf-8")
    (repo / "notes.yaml").write_text("title: not a plan\n", encoding="utf-8")
    (repo / ".hidden").mkdir()
    (repo / ".hidden" / "p.yaml").write_text(BUSY_DAY, encoding="utf-8")
    code, output = run("check")
    assert code == 1
    assert "plans/dec.yaml:6:5: SMM101" in output
    assert "notes.yaml" not in output and ".hidden" not in output


def test_an_unrecognised_file_named_explicitly_is_smm004(repo: Path) -> None:
    (repo / "notes.yaml").write_text("title: not a plan\n", encoding="utf-8")
    code, output = run("check", "notes.yaml")
    assert code == 1
    assert "notes.yaml:1:1: SMM004 [error] cannot tell what this file is" in output


def test_config_errors_exit_2_with_positions(repo: Path) -> None:
    (repo / ".smmlint.yaml").write_text("rules:\n  SMM101: loud\n", encoding="utf-8")
    (repo / "plan.yaml").write_text(CLEAN, encoding="utf-8")
    code, output = run("check", "plan.yaml")
    assert code == 2
    assert ".smmlint.yaml:2:11:" in output and "config error" in output


def test_usage_errors_exit_2(repo: Path) -> None:
    assert run("check", "missing.yaml")[0] == 2
    assert run("check", "--format", "xml")[0] == 2
    assert run("check", "--now", "yesterday")[0] == 2
    assert run("check", "--now", "2026-12-31T10:00:00")[0] == 2  # no offset
    assert run("explain", "SMM000")[0] == 2


def test_internal_errors_exit_3_naming_rule_and_file(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from smmlint.checks import count_per_window

    def broken(self: object, record: object) -> None:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(count_per_window._Run, "feed", broken)
    (repo / "plan.yaml").write_text(BUSY_DAY, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "plan.yaml"])
    assert result.exit_code == 3
    assert "internal error in rule SMM101 on plan.yaml: ZeroDivisionError: boom" in result.output
    assert "Traceback" not in result.output


def test_a_bug_met_reading_one_file_names_it_and_the_others_are_still_checked(
        repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    from smmlint import engine

    real = engine.load_structured

    def broken(path: Path, *args: object, **kwargs: object) -> object:
        if path.name == "broken.yaml":
            raise RecursionError("maximum recursion depth exceeded")
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "load_structured", broken)
    (repo / "broken.yaml").write_text(BUSY_DAY, encoding="utf-8")
    (repo / "plan.yaml").write_text(BUSY_DAY, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "broken.yaml", "plan.yaml"])
    assert result.exit_code == 3
    assert "internal error while reading broken.yaml: RecursionError" in result.output
    assert "plan.yaml:6:5: SMM101" in result.output and "Traceback" not in result.output
    result = CliRunner().invoke(main, ["check", "broken.yaml", "--format", "sarif"])
    [notification] = json.loads(result.stdout)["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert notification["message"]["text"].startswith("internal error while reading the file: RecursionError")
    assert "associatedRule" not in notification


def test_colour_on_request_and_never_with_no_color(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (repo / "plan.yaml").write_text(BUSY_DAY, encoding="utf-8")
    assert "\x1b[31m[error]" in run("check", "plan.yaml", "--color")[1]
    assert "\x1b[" not in run("check", "plan.yaml")[1]  # not a terminal
    monkeypatch.setenv("NO_COLOR", "1")
    from smmlint.cli import _use_colour

    assert _use_colour(None) is False


def test_rules_and_explain(repo: Path) -> None:
    code, output = run("rules")
    assert code == 0
    assert output.count("\n") == 29
    assert "SMM801  mention-unanswered" in output
    code, output = run("explain", "mention-unanswered")
    assert code == 0
    assert "не позднее, чем через 6 часов" in output and "deadline: 6h" in output
    assert run("rules", "--format", "markdown")[1].startswith("| id | name |")


def test_real_process_exit_codes_and_module_entry_point(tmp_path: Path) -> None:
    (tmp_path / "busy.yaml").write_text(BUSY_DAY, encoding="utf-8")
    (tmp_path / "clean.yaml").write_text(CLEAN, encoding="utf-8")
    env = {**os.environ, "NO_COLOR": "1"}

    def code(*args: str) -> int:
        return subprocess.run([sys.executable, "-m", "smmlint", *args], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=120).returncode

    assert code("check", "clean.yaml") == 0
    assert code("check", "busy.yaml") == 1
    assert code("check", "nowhere.yaml") == 2
    assert code("--version") == 0


def test_a_big_report_is_written_in_pieces_of_about_a_megabyte(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tens of thousands of findings (a million-event log) are not joined into one string: that
    alone once took a 1M-event run from 150 to 250 MB."""
    from smmlint import cli
    from smmlint.findings import Finding, Report, Severity

    message = "вопрос без ответа 7 ч: «" + "текст " * 40 + "»"
    report = Report(findings=[Finding("log.jsonl", n, 1, "SMM201", "unanswered-question", Severity.ERROR,
                                      message, f"c{n}") for n in range(1, 30_001)], files=["log.jsonl"])
    written: list[str] = []
    monkeypatch.setattr(cli.click, "echo", lambda text, **kwargs: written.append(text))
    for name in ("json", "text"):
        written.clear()
        cli._write_reports(report, [(name, None)], None, False, False, False)
        total = sum(map(len, written))
        assert total > 6_000_000
        assert max(map(len, written)) < 2 * cli._ECHO_CHARACTERS, name
        if name == "json":
            assert len(json.loads("".join(written))["findings"]) == 30_000


def test_a_csv_row_that_cannot_be_read_is_a_finding_and_the_other_files_are_checked(tmp_path: Path) -> None:
    (tmp_path / ".smmlint.yaml").write_text("account: {type: company, timezone: Europe/Moscow}\n", encoding="utf-8")
    rows = "".join(f"0{day}.12.2026;10:00;вк;фото;Пост {day}\n" for day in range(1, 4))
    (tmp_path / "plan.csv").write_bytes(("Дата;Время;Соцсеть;Формат;Текст\n" + rows).encode()
                                        + "04.12.2026;10:00;вк;фото;Пост".encode() + b"\x00\n")
    (tmp_path / "busy.yaml").write_text(BUSY_DAY, encoding="utf-8")
    env = {**os.environ, "NO_COLOR": "1"}

    def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "smmlint", "check", "--format", "json", *args], cwd=tmp_path,
                              env=env, capture_output=True, text=True, timeout=120, check=False,
                              input=None if stdin is None else stdin.decode("utf-8"))

    result = run("plan.csv", "busy.yaml")
    assert result.returncode == 1, result.stderr
    findings = json.loads(result.stdout)["findings"]
    nul = [(f["path"], f["line"], f["column"], f["rule"]) for f in findings if "NUL" in f["message"]]
    assert nul == [("plan.csv", 5, 30, "SMM004")]
    assert any(f["path"] == "busy.yaml" and f["rule"] == "SMM101" for f in findings)
    piped = run("--stdin-filename", "plan.csv", stdin=(tmp_path / "plan.csv").read_bytes())
    assert piped.returncode == 1 and "NUL" in piped.stdout and "internal error" not in piped.stderr


def test_explain_and_rules_still_answer_when_the_config_has_mistakes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The moment a user looks up an option's name is when the config names it wrong.
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".smmlint.yaml").write_text("rules:\n  SMM103: {options: {min_interval: 2h}}\n", encoding="utf-8")
    for args in (["explain", "SMM103"], ["rules"]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
        assert "SMM103" in result.stdout
        assert "unknown field 'min_interval'" in result.stderr and "showing the built-in rules" in result.stderr


@pytest.mark.skipif(sys.platform != "linux", reason="file names that are not UTF-8")
def test_a_file_name_that_is_not_utf8_is_shown_with_replacement_characters(
        repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import json
    import os

    name = os.fsdecode(b"\xff\xfe-plan.yaml")
    (repo / name).write_text(BUSY_DAY, encoding="utf-8")
    for output_format in ("sarif", "gitlab", "json", "junit"):
        result = CliRunner().invoke(main, ["check", "--format", output_format, "."])
        assert result.exit_code == 1, (output_format, result.output)
    report = json.loads(CliRunner().invoke(main, ["check", "--format", "json", "."]).stdout)
    assert {finding["path"] for finding in report["findings"]} >= {"\ufffd\ufffd-plan.yaml"}


def test_a_line_break_quoted_from_a_file_cannot_start_a_line_of_the_report(repo: Path) -> None:
    # An id with a line break would print a line of its own: a fake finding, or a workflow
    # command that GitHub Actions reads from any line of a job's log.
    (repo / "plan.yaml").write_text(
        'kind: plan\naccount: {type: company, timezone: Europe/Moscow}\nposts:\n'
        '  - {id: "a\\n::error file=x.yaml::fake\\u0007", at: 2026-12-01 23:30, platform: vk, format: photo}\n',
        encoding="utf-8")
    for output_format in ("text", "junit"):
        result = CliRunner().invoke(main, ["check", "plan.yaml", "--format", output_format])
        assert result.exit_code == 0, result.output
        assert not any(line.startswith("::") for line in result.output.splitlines()), result.output
        assert "a ::error file=x.yaml::fake\ufffd is scheduled" in result.output
