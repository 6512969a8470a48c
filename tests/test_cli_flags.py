"""`smmlint check` flags for CI and editors: outputs, exit policy, quiet, statistics, stdin."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from samples import BUSY_DAY, NIGHT_ONLY

from smmlint.cli import main

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    (tmp_path / ".smmlint.yaml").write_text("{}\n", encoding="utf-8")
    (tmp_path / "busy.yaml").write_text(BUSY_DAY, encoding="utf-8")
    (tmp_path / "night.yaml").write_text(NIGHT_ONLY, encoding="utf-8")
    return tmp_path


def run(*args: str, stdin: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), input=stdin)
    return result.exit_code, result.output


def test_output_file_and_several_formats(repo: Path) -> None:
    code, output = run("check", "busy.yaml", "--format", "json=out/report.json", "--format", "text")
    assert code == 1
    assert "busy.yaml:6:5: SMM101" in output
    report = json.loads((repo / "out" / "report.json").read_text(encoding="utf-8"))
    assert [f["rule"] for f in report["findings"]] == ["SMM101"]
    code, output = run("check", "busy.yaml", "--output", "report.txt")
    assert (code, output) == (1, "")
    # Every report to a file: the findings still show on the terminal (a CI job's log).
    code, output = run("check", "busy.yaml", "--format", "sarif=out/report.sarif")
    assert code == 1 and output.startswith("busy.yaml:6:5: SMM101") and (repo / "out" / "report.sarif").is_file()
    assert (repo / "report.txt").read_text(encoding="utf-8").startswith("busy.yaml:6:5: SMM101")
    assert not list(repo.glob(".report.txt.*.tmp"))  # written atomically, no leftovers


def test_only_one_format_on_standard_output(repo: Path) -> None:
    code, output = run("check", "busy.yaml", "--format", "json", "--format", "text")
    assert code == 2 and "only one format" in output
    assert run("check", "busy.yaml", "--format", "yaml")[0] == 2


def test_exit_policy(repo: Path) -> None:
    assert run("check", "night.yaml")[0] == 0  # one warning
    assert run("check", "night.yaml", "--max-warnings", "0")[0] == 1
    assert run("check", "night.yaml", "--max-warnings", "1")[0] == 0
    assert run("check", "busy.yaml", "--exit-zero")[0] == 0
    assert run("check", "night.yaml", "--fail-level", "warning", "--exit-zero")[0] == 0


def test_quiet_and_statistics(repo: Path) -> None:
    assert run("check", "busy.yaml", "--quiet")[1] == (
        "busy.yaml:6:5: SMM101 [error] 3 posts on vk on 2026-12-01: a company account should post at most 2"
        " a day (too-many-posts-per-day)\n")
    (repo / "clean.yaml").write_text("kind: plan\nposts: []\n", encoding="utf-8")
    assert run("check", "clean.yaml", "--quiet") == (0, "")
    code, output = run("check", "busy.yaml", "night.yaml", "--statistics")
    assert code == 1
    assert output.splitlines() == ["     1  SMM101  too-many-posts-per-day", "     1  SMM104  post-in-quiet-hours"]


def test_statistics_follow_the_format_and_the_output_file(repo: Path) -> None:
    code, output = run("check", "busy.yaml", "night.yaml", "--statistics", "--format", "json")
    assert code == 1 and json.loads(output) == [{"rule": "SMM101", "name": "too-many-posts-per-day", "count": 1},
                                                {"rule": "SMM104", "name": "post-in-quiet-hours", "count": 1}]
    code, output = run("check", "busy.yaml", "--statistics", "-o", "stats.txt")
    assert (code, output) == (1, "")
    assert (repo / "stats.txt").read_text(encoding="utf-8") == "     1  SMM101  too-many-posts-per-day\n"
    code, output = run("check", "busy.yaml", "--statistics", "--format", "github")
    assert code == 2 and "text or JSON" in output
    code, output = run("check", "busy.yaml", "--statistics", "--format", "sarif=busy.sarif")
    assert code == 1 and '"version": "2.1.0"' in (repo / "busy.sarif").read_text(encoding="utf-8")
    assert output == "     1  SMM101  too-many-posts-per-day\n"
    code, output = run("check", "busy.yaml", "--statistics", "--format", "json=report.json")
    assert (code, output) == (1, "     1  SMM101  too-many-posts-per-day\n")
    assert json.loads((repo / "report.json").read_text(encoding="utf-8"))["findings"][0]["rule"] == "SMM101"


def test_stdin_is_linted_as_the_named_file(repo: Path) -> None:
    (repo / "media").mkdir()
    (repo / "media" / ".smmlint.yaml").write_text("account: {type: media}\n", encoding="utf-8")
    code, output = run("check", "--stdin-filename", "plans/dec.yaml", stdin=BUSY_DAY)
    assert code == 1 and "plans/dec.yaml:6:5: SMM101" in output
    # The config is found from the named file's folder: a media account may post 10 a day.
    code, output = run("check", "--stdin-filename", "media/dec.yaml", stdin=BUSY_DAY.replace("type: company, ", ""))
    assert code == 0, output
    code, output = run("check", "--stdin-filename", "log.jsonl", stdin='{"id": "a"}\n')
    assert code == 1 and "log.jsonl:1:1: SMM002" in output
    assert run("check", "busy.yaml", "--stdin-filename", "x.yaml", stdin="")[0] == 2
    # Standard input is named by --stdin-filename, and the name must be a file's.
    code, output = run("check", "-", stdin=BUSY_DAY)
    assert code == 2 and "--stdin-filename plans/draft.yaml" in output
    # A line break in the name cannot print a line of its own (a fake finding).
    code, output = run("check", "--stdin-filename", "x\nplan.yaml:1:1: SMM999 [error] fake\n.yaml", stdin=BUSY_DAY)
    assert code == 1 and not any(line.startswith("plan.yaml:1:1") for line in output.splitlines()), output
    for name in ("/", "plans/..", "x" * 300 + ".yaml"):
        code, output = run("check", "--stdin-filename", name, stdin=BUSY_DAY)
        assert code == 2 and "--stdin-filename" in output and "Traceback" not in output, name


def test_named_files_the_config_excludes_are_said_to_be_skipped(repo: Path) -> None:
    (repo / ".smmlint.yaml").write_text('exclude: ["drafts/**"]\n', encoding="utf-8")
    (repo / "drafts").mkdir()
    (repo / "drafts" / "busy.yaml").write_text(BUSY_DAY, encoding="utf-8")
    skipped = "Skipped drafts/busy.yaml: it matches `exclude` in the config"
    for args, stdin in ((("drafts/busy.yaml",), None), (("--stdin-filename", "drafts/busy.yaml"), BUSY_DAY)):
        code, output = run("check", *args, stdin=stdin)
        assert code == 0 and "All clean: 0 files checked" in output and skipped in output, output
    # A folder's excluded files, and pre-commit's (--ignore-unknown), are skipped without a word.
    code, output = run("check", "drafts")
    assert code == 0 and "Skipped" not in output
    code, output = run("check", "--ignore-unknown", "drafts/busy.yaml", "night.yaml")
    assert "Skipped" not in output and "night.yaml" in output
    code, output = run("check", "busy.yaml", "drafts/busy.yaml")
    assert code == 1 and "in 1 file." in output and skipped in output

def test_list_files(repo: Path) -> None:
    (repo / "logs").mkdir()
    (repo / "logs" / "dec.jsonl").write_text("", encoding="utf-8")
    code, output = run("check", "--list-files")
    assert code == 0
    assert output.splitlines() == ["busy.yaml\tplan", "logs/dec.jsonl\tlog", "night.yaml\tplan"]


def write(folder: Path, name: str, text: str) -> None:
    (folder / name).parent.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


def test_list_files_gives_the_kind_check_reads_each_file_as(repo: Path) -> None:
    # The kind comes from the file (kind: policy, a plan's keys, a CSV's headers, an export's
    # shape) or the config's override, as `check` decides it; files `check` skips in a folder
    # (another tool's YAML, a rule pack, configs) are not listed; a file `check` can only report
    # a problem for is listed with that problem.
    write(repo, ".smmlint.yaml", 'kinds: {"overrides/as-plan.yaml": plan, "overrides/as-policy.csv": policy}\n')
    write(repo, "policy.yaml", "kind: policy\nmonitoring: {tool: youscan, respond_within: 6h}\n")
    write(repo, "rules/extra.yaml", "kind: rules\nrules: []\n")
    write(repo, "compose.yml", "services: {web: {image: nginx}}\n")
    write(repo, "team/smmlint.yaml", "account: {type: company}\n")
    write(repo, "logs/moderation.csv", "id,at,kind,author,role,text\nc1,2026-12-01T10:00:00+03:00,comment,ivan,"
                                       "subscriber,hi\n")
    write(repo, "logs/mentions.csv", "Дата;Автор;Текст;Тональность\n01.12.2026 10:00;ivan;Где кофе?;негатив\n")
    write(repo, "plans/week.csv", "дата;время;площадка;формат;текст\n01.12.2026;10:00;vk;photo;Привет\n")
    write(repo, "logs/modlog.json", '{"kind": "Listing", "data": {"children": []}}')
    write(repo, "overrides/as-plan.yaml", "kind: policy\n")
    write(repo, "overrides/as-policy.csv", "a,b\n1,2\n")
    write(repo, "typo.yaml", "kind: plna\nposts: []\n")
    (repo / "gone.yaml").symlink_to("nowhere.yaml")
    code, output = run("check", "--list-files")
    assert code == 0
    assert output.splitlines() == [
        "busy.yaml\tplan",
        "gone.yaml\tproblem\tSMM001 at 1:1: the link points nowhere: gone.yaml -> nowhere.yaml, which does not exist",
        "logs/mentions.csv\tlog",  # a mention-monitoring export
        "logs/moderation.csv\tlog",
        "logs/modlog.json\tlog",  # a Reddit moderation log
        "night.yaml\tplan",
        "overrides/as-plan.yaml\tplan",  # the config says so: checked as a plan
        "overrides/as-policy.csv\tproblem\tSMM004 at 1:1: a policy is YAML or JSON, not CSV",
        "plans/week.csv\tplan",
        "policy.yaml\tpolicy",
        "typo.yaml\tproblem\tSMM004 at 1:7: unknown document kind 'plna': use kind: plan or kind: policy"
        " (did you mean 'plan'?)",
    ]
    # Named files: a config is one; another tool's file is a problem (skipped with --ignore-unknown).
    code, output = run("check", "--list-files", "team/smmlint.yaml", "compose.yml")
    assert code == 0
    [config, compose] = output.splitlines()
    assert config == "team/smmlint.yaml\tconfig"
    assert compose.startswith("compose.yml\tproblem\tSMM004 at 1:1: cannot tell what this file is")
    assert run("check", "--list-files", "compose.yml", "busy.yaml", "--ignore-unknown")[1] == "busy.yaml\tplan\n"
    write(repo, "broken.yaml", "kind: plan\nposts: [\n")
    assert run("check", "--list-files", "broken.yaml")[1].startswith("broken.yaml\tproblem\tSMM001 at 3:1: YAML syntax")
    # An export format named on the command line is how check reads the file too.
    write(repo, "feed.csv", "a,b\n1,2\n")
    assert run("check", "--list-files", "feed.csv")[1].startswith("feed.csv\tproblem\tSMM004")
    assert run("check", "--list-files", "feed.csv", "--input-format", "monitoring")[1] == "feed.csv\tlog\n"


def test_ignore_unknown_skips_named_files_that_are_not_ours(repo: Path) -> None:
    (repo / "docker-compose.yml").write_text("services: {web: {image: nginx}}\n", encoding="utf-8")
    assert run("check", "docker-compose.yml")[0] == 1  # SMM004 when named
    code, output = run("check", "docker-compose.yml", "busy.yaml", "--ignore-unknown")
    assert code == 1 and "docker-compose" not in output and "busy.yaml:6:5: SMM101" in output


def test_github_format_appends_the_step_summary(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    summary = repo / "summary.md"
    summary.write_text("# earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    code, output = run("check", "busy.yaml", "--format", "github")
    assert code == 1
    assert output.startswith("::error file=busy.yaml,line=6,col=5,title=SMM101")
    written = summary.read_text(encoding="utf-8")
    assert written.startswith("# earlier step\n") and "SMM101" in written


def test_report_files_are_readable_like_ordinary_files(repo: Path) -> None:
    import os

    run("check", "busy.yaml", "--output", "report.txt")
    umask = os.umask(0)
    os.umask(umask)
    assert (repo / "report.txt").stat().st_mode & 0o777 == 0o666 & ~umask


def test_max_warnings_says_why_it_failed(repo: Path) -> None:
    result = CliRunner().invoke(main, ["check", "night.yaml", "--max-warnings", "0"])
    assert result.exit_code == 1 and "too many warnings (1; at most 0 allowed)" in result.stderr
    assert run("check", "night.yaml", "--max-warnings", "-1")[0] == 0


def test_a_closed_pipe_ends_the_run_quietly(repo: Path) -> None:
    import subprocess
    import sys

    big = "kind: plan\nposts:\n" + "".join(
        f"  - {{id: p{n}, at: 2026-12-{1 + n % 28:02d} 23:{n % 60:02d}, platform: vk, format: photo}}\n"
        for n in range(3000))
    (repo / "big.yaml").write_text(big, encoding="utf-8")
    smmlint = subprocess.Popen([sys.executable, "-m", "smmlint", "check", "big.yaml"], cwd=repo,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert smmlint.stdout is not None and smmlint.stderr is not None
    smmlint.stdout.readline()
    smmlint.stdout.close()
    stderr = smmlint.stderr.read().decode()
    assert smmlint.wait(timeout=120) == 1
    assert "internal error" not in stderr and "Traceback" not in stderr


def test_reports_that_cannot_be_written_are_usage_errors(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (repo / "outdir").mkdir()
    (repo / "afile").write_text("", encoding="utf-8")
    assert run("check", "busy.yaml", "--format", "json=outdir")[0] == 2
    assert run("check", "busy.yaml", "--output", "afile/report.txt")[0] == 2
    assert run("check", "busy.yaml", "--write-baseline", "afile/b.json")[0] == 2
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(repo / "afile" / "summary.md"))
    code, output = run("check", "busy.yaml", "--format", "github")
    assert code == 2 and "cannot write" in output


def rules_found(*args: str) -> tuple[int, list[str]]:
    code, output = run("check", *args, "--format", "json")
    return code, sorted(finding["rule"] for finding in json.loads(output)["findings"]) if code in (0, 1) else []


def test_select_and_ignore_on_the_command_line(repo: Path) -> None:
    assert rules_found("busy.yaml", "night.yaml") == (1, ["SMM101", "SMM104"])
    assert rules_found("busy.yaml", "night.yaml", "--select", "SMM104") == (0, ["SMM104"])  # a warning
    # Comma-separated or repeated, by id, prefix or name; --ignore applies after --select.
    assert rules_found("busy.yaml", "night.yaml", "--select", "SMM101,post-in-quiet-hours")[1] == ["SMM101", "SMM104"]
    assert rules_found("busy.yaml", "night.yaml", "--select", "SMM1", "--ignore", "SMM101")[1] == ["SMM104"]
    assert rules_found("busy.yaml", "night.yaml", "--ignore", "too-many-posts-per-day,SMM104") == (0, [])
    # The command line has the last word over the config.
    (repo / ".smmlint.yaml").write_text("ignore: [SMM101]\n", encoding="utf-8")
    assert rules_found("busy.yaml", "--select", "SMM101") == (1, ["SMM101"])
    code, output = run("check", "busy.yaml", "--select", "SMM77")
    assert code == 2 and "--select: 'SMM77' names no rule" in output
    code, output = run("check", "busy.yaml", "--ignore", "no-such-rule")
    assert code == 2 and "--ignore: 'no-such-rule' names no rule" in output
    code, output = run("check", "busy.yaml", "--select", " , ")  # an empty variable in a CI script
    assert code == 2 and "name at least one rule" in output


def test_the_command_line_may_name_a_rule_of_one_configs_own_pack(repo: Path) -> None:
    (repo / "a" / "team-rules").mkdir(parents=True)
    (repo / "b").mkdir()
    pack = (ROOT / "rules" / "1-posting-schedule.yaml").read_text(encoding="utf-8")
    # The built-in pack's first rule, renamed, as the team's own rule.
    first = pack[pack.index("  - id: SMM101"):pack.index("  - id: SMM102")]
    (repo / "a" / "team-rules" / "team.yaml").write_text(
        "kind: rules\nrules:\n" + first.replace("SMM101", "SMM990").replace("too-many-posts-per-day", "team-busy-day"),
        encoding="utf-8")
    (repo / "a" / ".smmlint.yaml").write_text("rule_paths: [team-rules]\n", encoding="utf-8")
    (repo / "b" / ".smmlint.yaml").write_text("{}\n", encoding="utf-8")
    for folder in ("a", "b"):
        (repo / folder / "busy.yaml").write_text(BUSY_DAY, encoding="utf-8")
    code, output = run("check", "a", "b", "--select", "team-busy-day", "--format", "json")
    assert code == 1, output
    assert [(f["path"], f["rule"]) for f in json.loads(output)["findings"]] == [("a/busy.yaml", "SMM990")]


def test_a_selection_keeps_input_problems_the_config_turned_off_off(repo: Path) -> None:
    (repo / ".smmlint.yaml").write_text("rules: {SMM002: off}\n", encoding="utf-8")
    (repo / "broken.yaml").write_text(BUSY_DAY.replace("format: poll", "format: pol"), encoding="utf-8")
    assert rules_found("broken.yaml", "--select", "SMM5") == (0, [])


def test_a_selection_still_reports_what_is_wrong_with_the_input(repo: Path) -> None:
    (repo / "broken.yaml").write_text(BUSY_DAY.replace("format: poll", "format: pol"), encoding="utf-8")
    # Only contests were asked for, but the post that fails its schema drops out of every check.
    assert rules_found("broken.yaml", "--select", "SMM5") == (1, ["SMM002"])
    (repo / ".smmlint.yaml").write_text("select: [SMM5]\n", encoding="utf-8")
    assert rules_found("broken.yaml") == (1, ["SMM002"])
    assert rules_found("broken.yaml", "--ignore", "SMM002") == (0, [])  # unless turned off by name


def test_a_mistyped_rule_name_gets_the_rule_it_is_close_to(repo: Path) -> None:
    code, output = run("check", "busy.yaml", "--select", "post-in-quiet-hour")
    assert code == 2 and "'post-in-quiet-hour' names no rule (did you mean 'post-in-quiet-hours'?)" in output
    code, output = run("explain", "SMM1O1")
    assert code == 2 and "unknown rule 'SMM1O1' (did you mean 'SMM101'?)" in output
    assert run("explain", "Contest-Without-Rules")[1].startswith("SMM501 contest-without-rules")  # names in any case


def test_a_selection_naming_no_rule_is_a_usage_error(repo: Path) -> None:
    result = CliRunner().invoke(main, ["check", "--select", "SMM9999", "busy.yaml"])
    assert result.exit_code == 2
    assert "--select: 'SMM9999' names no rule" in result.output and "(usage error)" in result.output


def test_list_files_gives_one_line_per_file_whatever_its_name(repo: Path) -> None:
    (repo / "x\ny.yaml").write_text("kind: plan\nposts: []\n", encoding="utf-8")
    code, output = run("check", "--list-files", "x\ny.yaml")
    assert code == 0 and output == "x y.yaml\tplan\n"


def test_another_tools_file_named_is_said_to_be_not_checked(repo: Path) -> None:
    (repo / "package.json").write_text('{"name": "x"}\n', encoding="utf-8")
    code, output = run("check", "package.json")
    assert code == 0
    assert "Not checked: package.json: another tool's file (smmlint checks plans, policies and logs)." in output
    assert "Not checked" not in run("check", "package.json", "--ignore-unknown")[1]  # as pre-commit runs it
