"""CI formats: SARIF for code scanning, GitHub annotations, GitLab Code Quality and JUnit XML."""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from smmlint.engine import lint_paths
from smmlint.findings import Finding, InternalError, Report, Severity
from smmlint.formats import FORMATS, render_text
from smmlint.formats.github import SUMMARY_ROWS, escape_data, escape_property, step_summary
from smmlint.formats.text import RenderOptions
from smmlint.rulepacks import LoadedRule, Rule, load_rules

SARIF_SCHEMA = Path(__file__).resolve().parents[2] / "shared" / "schemas-external" / "sarif-schema-2.1.0.json"
GOLDEN = Path(__file__).resolve().parent / "golden"
# RFC 3986 relative reference made of unreserved characters, percent-escapes and slashes only.
RELATIVE_URI = re.compile(r"^(?!/)(?!\./)(?:[A-Za-z0-9\-._~/]|%[0-9A-F]{2})+$")

RULES = tuple(load_rules())
BY_ID = {loaded.id: loaded for loaded in RULES}


def finding(path: str, line: int, rule: str = "SMM101", severity: Severity | None = None,
            message: str = "3 posts on vk", key: str = "p1", column: int = 5) -> Finding:
    loaded = BY_ID.get(rule)
    name = loaded.name if loaded else "custom-rule"
    chosen = severity or (loaded.severity if loaded else Severity.WARNING)
    return Finding(path, line, column, rule, name, chosen, message, key)


def sample_report() -> Report:
    report = Report(
        files=["plans/dec.yaml", "plans/дек план.yaml", "policy.yaml", "logs/clean.jsonl"],
        rules=list(RULES),
        findings=[
            finding("plans/dec.yaml", 3, message="3 posts on vk: «день 1», 100% over"),
            finding("plans/dec.yaml", 9, message="3 posts on vk: again", key="p2"),
            finding("plans/dec.yaml", 12, "SMM103", message="two lines\nsecond, with: colon"),
            finding("plans/дек план.yaml", 4, "SMM104", message="quiet hours | 23:30"),
            finding("policy.yaml", 1, "SMM803", Severity.INFO, "no monitoring <&\"", key="/"),
        ],
    )
    report.sort()
    return report


def render(name: str, report: Report, rules: tuple[LoadedRule, ...] = RULES) -> str:
    return render_text(FORMATS[name], report, RenderOptions(rules=rules, version="1.2.3"))


def sarif(report: Report, rules: tuple[LoadedRule, ...] = RULES) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(render("sarif", report, rules))
    return document


def validate_sarif(document: dict[str, Any]) -> None:
    if not SARIF_SCHEMA.is_file():
        pytest.skip(f"the official SARIF 2.1.0 schema is not at {SARIF_SCHEMA} (CI keeps it beside the checkout)")
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft4Validator(schema)
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(document)]
    assert errors == []


def test_all_ci_formats_are_registered() -> None:
    assert {"sarif", "github", "gitlab", "junit"} <= set(FORMATS)


# --- SARIF -----------------------------------------------------------------------------------


@pytest.mark.parametrize("report", [sample_report(), Report(files=["a.yaml"])], ids=["findings", "empty"])
def test_sarif_validates_against_the_official_schema(report: Report) -> None:
    validate_sarif(sarif(report))


def test_sarif_has_what_github_code_scanning_needs() -> None:
    document = sarif(sample_report())
    assert document["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert document["version"] == "2.1.0"
    assert len(document["runs"]) == 1
    run = document["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "smmlint" and driver["version"] == "1.2.3"
    assert driver["informationUri"].startswith("https://")
    assert [rule["id"] for rule in driver["rules"]] == [loaded.id for loaded in RULES]
    smm101 = driver["rules"][[loaded.id for loaded in RULES].index("SMM101")]
    assert smm101["name"] == "too-many-posts-per-day"
    assert smm101["shortDescription"]["text"] == BY_ID["SMM101"].rule.summary
    assert smm101["fullDescription"]["text"] == " ".join(BY_ID["SMM101"].rule.rationale.split())
    assert smm101["defaultConfiguration"]["level"] == "error"
    assert smm101["properties"]["tags"][:2] == ["smm", "mistake-1"]
    assert "The seed article says" in smm101["help"]["text"] and "```yaml" in smm101["help"]["markdown"]
    assert run["invocations"] == [{"executionSuccessful": True}]
    assert "%SRCROOT%" in run["originalUriBaseIds"]
    for result in run["results"]:
        assert len(result["locations"]) == 1
        physical = result["locations"][0]["physicalLocation"]
        assert physical["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert physical["region"]["startLine"] >= 1 and physical["region"]["startColumn"] >= 1
        assert re.fullmatch(r"[0-9a-f]{32}", result["partialFingerprints"]["smmlintFingerprint/v1"])


def test_sarif_levels_and_rule_index_point_at_the_right_rule() -> None:
    report = sample_report()
    run = sarif(report)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    levels = {"error": "error", "warning": "warning", "info": "note"}
    for found, result in zip(report.findings, run["results"]):
        assert result["ruleId"] == found.rule == rules[result["ruleIndex"]]["id"]
        assert result["level"] == levels[found.severity.value]
        assert result["message"]["text"] == found.message
        assert result["partialFingerprints"]["smmlintFingerprint/v1"] == found.fingerprint()


def test_sarif_rules_default_to_those_with_findings_and_always_cover_every_result() -> None:
    report = sample_report()
    report.findings.append(finding("x.yaml", 1, "SMM999", message="from a rule the run did not list"))
    run = sarif(report, rules=())["runs"][0]
    ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert ids == ["SMM101", "SMM103", "SMM104", "SMM803", "SMM999"]
    assert all(ids[result["ruleIndex"]] == result["ruleId"] for result in run["results"])
    validate_sarif({"version": "2.1.0", "runs": [run]})


def test_sarif_fingerprint_is_stable_when_a_finding_moves() -> None:
    before = Report(findings=[finding("plans/dec.yaml", 3, key="dec01")])
    after = Report(findings=[finding("plans/dec.yaml", 40, key="dec01", column=9)])
    other = Report(findings=[finding("plans/dec.yaml", 3, key="dec02")])

    def fingerprint(report: Report) -> str:
        value: str = sarif(report)["runs"][0]["results"][0]["partialFingerprints"]["smmlintFingerprint/v1"]
        return value

    assert fingerprint(before) == fingerprint(after) != fingerprint(other)


@pytest.mark.parametrize(
    ("path", "uri"),
    [
        ("plans/dec.yaml", "plans/dec.yaml"),
        ("./plans/dec.yaml", "plans/dec.yaml"),
        ("/plans/dec.yaml", "plans/dec.yaml"),
        ("plans/дек план.yaml", "plans/%D0%B4%D0%B5%D0%BA%20%D0%BF%D0%BB%D0%B0%D0%BD.yaml"),
        ("a#b?c%d.yaml", "a%23b%3Fc%25d.yaml"),
        ("c:/plan.yaml", "c%3A/plan.yaml"),  # a colon in the first segment would read as a scheme
    ],
)
def test_sarif_uris_are_relative_and_percent_encoded(path: str, uri: str) -> None:
    run = sarif(Report(findings=[finding(path, 1)]))["runs"][0]
    assert run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == uri
    assert RELATIVE_URI.match(uri)


def test_sarif_names_a_file_outside_the_run_folder_by_its_absolute_uri(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "plans").mkdir()
    monkeypatch.chdir(tmp_path / "plans")  # `smmlint check ../logs/m2.jsonl` run from plans/
    document = sarif(Report(findings=[finding("../logs/m2 лог.jsonl", 1)]))
    validate_sarif(document)
    location = document["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": (tmp_path / "logs" / "m2 лог.jsonl").as_uri()}


def test_sarif_is_streamed_as_the_standard_document_and_is_deterministic() -> None:
    for report in (sample_report(), Report()):
        rendered = render("sarif", report)
        assert rendered == json.dumps(json.loads(rendered), ensure_ascii=False, indent=2) + "\n"
        assert rendered == render("sarif", report)
    assert "version" not in sarif_without_version()["runs"][0]["tool"]["driver"]


def test_sarif_keeps_control_characters_escaped() -> None:
    report = Report(findings=[finding("a.yaml", 1, message="bell\x07 esc\x1b nul\x00")])
    rendered = render("sarif", report)
    assert "\\u0007" in rendered and "\x07" not in rendered
    document = json.loads(rendered)
    assert document["runs"][0]["results"][0]["message"]["text"] == "bell\x07 esc\x1b nul\x00"
    validate_sarif(document)


def sarif_without_version() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(render_text(FORMATS["sarif"], Report(), RenderOptions()))
    return document


def test_sarif_internal_errors_make_the_invocation_unsuccessful() -> None:
    report = sample_report()
    report.internal_errors.append(InternalError("plans/dec.yaml", "SMM101", "KeyError: 'at'"))
    document = sarif(report)
    invocation = document["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert "KeyError" in invocation["toolExecutionNotifications"][0]["message"]["text"]
    validate_sarif(document)


def test_sarif_help_markdown_of_every_real_rule_has_closed_fences() -> None:
    for rule in sarif(Report())["runs"][0]["tool"]["driver"]["rules"]:
        fences = [line for line in rule["help"]["markdown"].splitlines() if line.startswith("```")]
        assert fences and len(fences) % 2 == 0, rule["id"]
        assert all(line.rstrip("`") == "" for line in fences[1::2]), rule["id"]


def custom_rule(example: str) -> LoadedRule:
    rule = Rule.model_validate({
        "id": "SMM109", "name": "custom-rule", "mistake": 1, "target": "plan", "severity": "warning",
        "summary": "A summary.", "rationale": "Why it *matters*.", "seed": "Цитата | с <тегом>",
        "check": "count_per_window", "message": "{count}",
        "examples": {"bad": [{"title": "a `tricky` one", "text": example}],
                     "good": [{"title": "fine", "text": "kind: plan\n", "file": "plan.csv"}]},
    })
    return LoadedRule(rule, Path("custom.yaml"), 1, Severity.WARNING)


def test_sarif_help_markdown_keeps_fences_closed() -> None:
    loaded = custom_rule("text: |\n  ````\n  not a fence end\n  ```\n")
    run = sarif(Report(findings=[finding("p.yaml", 1, "SMM109")]), rules=(loaded,))["runs"][0]
    markdown = run["tool"]["driver"]["rules"][0]["help"]["markdown"]
    assert "\n`````yaml\ntext: |\n  ````\n  not a fence end\n  ```\n`````\n" in markdown
    assert "\n```csv\nkind: plan\n```\n" in markdown
    assert "> Цитата \\| с \\<тегом\\>" in markdown and "a \\`tricky\\` one" in markdown
    assert run["tool"]["driver"]["rules"][0]["defaultConfiguration"]["level"] == "warning"


# --- GitHub ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "data", "prop"),
    [
        ("100%", "100%25", "100%25"),
        ("a\r\nb", "a%0D%0Ab", "a%0D%0Ab"),
        ("a:b,c", "a:b,c", "a%3Ab%2Cc"),
        ("%3A", "%253A", "%253A"),  # escaped once: the runner decodes exactly once
        ("::error::x", "::error::x", "%3A%3Aerror%3A%3Ax"),
    ],
)
def test_github_escaping_matches_actions_core(raw: str, data: str, prop: str) -> None:
    assert escape_data(raw) == data
    assert escape_property(raw) == prop


def test_github_one_line_per_finding_with_severity_commands() -> None:
    report = Report(findings=[
        finding("a.yaml", 1, severity=Severity.ERROR, message="one\ntwo"),
        finding("a.yaml", 2, severity=Severity.WARNING),
        finding("a.yaml", 3, severity=Severity.INFO),
    ])
    lines = render("github", report).splitlines()
    assert [line.split(" ", 1)[0] for line in lines] == ["::error", "::warning", "::notice"]
    assert lines[0] == "::error file=a.yaml,line=1,col=5,title=SMM101 too-many-posts-per-day::one%0Atwo"
    assert render("github", Report()) == ""


def test_github_paths_and_titles_with_commas_and_colons() -> None:
    report = Report(findings=[Finding("dir,x/a:b 100%.yaml", 2, 3, "SMM101", "name:with,comma",
                                      Severity.ERROR, "50% done: ok, fine")])
    assert render("github", report) == (
        "::error file=dir%2Cx/a%3Ab 100%25.yaml,line=2,col=3,title=SMM101 name%3Awith%2Ccomma"
        "::50%25 done: ok, fine\n"
    )


def golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("SMMLINT_UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="\n")
    assert actual == path.read_text(encoding="utf-8"), f"rerun with SMMLINT_UPDATE_GOLDEN=1 to update {path}"


def test_github_golden_output() -> None:
    golden("github.txt", render("github", sample_report()))


def test_github_step_summary_golden() -> None:
    golden("github-step-summary.md", step_summary(sample_report()))


def test_github_step_summary_tables() -> None:
    summary = step_summary(sample_report())
    assert summary.startswith("## smmlint\n")
    assert "**5 problems** (2 errors, 2 warnings, 1 info) in 4 files." in summary
    assert "| error | 2 |" in summary and "| info | 1 |" in summary
    assert "| SMM101 | too\\-many\\-posts\\-per\\-day | error | 2 |" not in summary  # dashes stay plain
    assert "| SMM101 | too-many-posts-per-day | error | 2 |" in summary
    assert "| plans/дек план.yaml:4 | SMM104 post-in-quiet-hours | warning | quiet hours \\| 23:30 |" in summary
    assert "two lines second, with: colon" in summary  # one table row, whatever the message holds
    for row in (line for line in summary.splitlines() if line.startswith("|")):
        assert len(re.findall(r"(?<!\\)\|", row)) == row.count("|") - row.count("\\|")
        assert len(re.findall(r"(?<!\\)\|", row)) in (3, 5)


def test_github_step_summary_cells_hold_no_control_characters() -> None:
    report = Report(files=["a.yaml"], findings=[finding("a.yaml", 1, message="esc\x1b[31m red *bold* `x`")])
    assert "| esc\ufffd\\[31m red \\*bold\\* \\`x\\` |" in step_summary(report)


def test_github_step_summary_caps_the_findings_table() -> None:
    report = Report(files=["a.yaml"], findings=[finding("a.yaml", line, key=str(line)) for line in range(1, 121)])
    summary = step_summary(report)
    rows = [line for line in summary.splitlines() if line.startswith("| a.yaml:")]
    assert len(rows) == SUMMARY_ROWS == 50
    assert "### First 50 of 120 findings" in summary and "70 more" in summary
    assert "| SMM101 | too-many-posts-per-day | error | 120 |" in summary


def test_github_step_summary_when_clean() -> None:
    summary = step_summary(Report(files=["a.yaml", "b.yaml"]))
    assert "No problems found in 2 files." in summary and "### Findings" not in summary
    broken = Report(files=["a.yaml"], internal_errors=[InternalError("a.yaml", "SMM101", "boom")])
    assert "**1 internal error**" in step_summary(broken)


# --- GitLab ----------------------------------------------------------------------------------

CODE_QUALITY_SCHEMA: dict[str, Any] = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "description": {"type": "string", "minLength": 1},
            "check_name": {"type": "string", "pattern": "^SMM[0-9]{3}$"},
            "fingerprint": {"type": "string", "pattern": "^[0-9a-f]{32}$"},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "location": {
                "type": "object",
                "required": ["path", "lines"],
                "properties": {
                    "path": {"type": "string", "pattern": "^(?!/)(?!\\./)"},
                    "lines": {"type": "object", "required": ["begin"],
                              "properties": {"begin": {"type": "integer", "minimum": 1}}},
                },
            },
        },
    },
}


def test_gitlab_code_quality_report() -> None:
    report = sample_report()
    rendered = render("gitlab", report)
    assert not rendered.startswith("\ufeff")
    issues = json.loads(rendered)
    jsonschema.Draft7Validator(CODE_QUALITY_SCHEMA).validate(issues)
    assert [issue["severity"] for issue in issues] == ["major", "major", "minor", "minor", "info"]
    assert issues[0] == {
        "description": "3 posts on vk: «день 1», 100% over",
        "check_name": "SMM101",
        "fingerprint": report.findings[0].fingerprint(),
        "severity": "major",
        "location": {"path": "plans/dec.yaml", "lines": {"begin": 3}},
    }
    assert rendered == json.dumps(issues, ensure_ascii=False, indent=2) + "\n"
    assert render("gitlab", Report()) == "[]\n"


def test_gitlab_fingerprints_are_unique_and_deterministic() -> None:
    same = [finding("a.yaml", line, key="dup") for line in (1, 2, 3)]
    report = Report(findings=[*same, finding("a.yaml", 4, key="other")])
    issues = json.loads(render("gitlab", report))
    fingerprints = [issue["fingerprint"] for issue in issues]
    assert len(set(fingerprints)) == 4
    assert fingerprints[0] == same[0].fingerprint()  # the first keeps the stable fingerprint
    assert fingerprints == [issue["fingerprint"] for issue in json.loads(render("gitlab", report))]


# --- JUnit -----------------------------------------------------------------------------------


def parse_junit(report: Report) -> ET.Element:
    rendered = render("junit", report)
    assert rendered.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    return ET.fromstring(rendered.encode("utf-8"))


def test_junit_counts_cases_and_failures() -> None:
    root = parse_junit(sample_report())
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    assert suite.get("name") == "smmlint"
    cases = suite.findall("testcase")
    failing = [case for case in cases if case.find("failure") is not None]
    # dec.yaml: SMM101 and SMM103; дек план.yaml: SMM104; policy.yaml: SMM803; clean.jsonl passes.
    assert len(failing) == 4 and len(cases) == 5
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors"), suite.get("skipped")) == ("5", "4", "0", "0")
    assert (root.get("tests"), root.get("failures")) == ("5", "4")
    smm101 = next(case for case in cases if case.get("name") == "SMM101 too-many-posts-per-day")
    failure = smm101.find("failure")
    assert failure is not None and smm101.get("classname") == "plans/dec.yaml"
    assert failure.get("message") == "2 findings" and failure.get("type") == "SMM101"
    assert (failure.text or "").splitlines() == [
        "plans/dec.yaml:3:5: 3 posts on vk: «день 1», 100% over",
        "plans/dec.yaml:9:5: 3 posts on vk: again",
    ]
    clean = next(case for case in cases if case.get("classname") == "logs/clean.jsonl")
    assert clean.get("name") == "smmlint" and list(clean) == []


def test_junit_survives_markup_and_control_characters() -> None:
    report = Report(files=["a<b>&\"c\".yaml"], findings=[
        Finding("a<b>&\"c\".yaml", 1, 1, "SMM101", "n", Severity.ERROR, "x <&\"\x01\x1b y\ud800", "k"),
    ])
    root = parse_junit(report)
    case = root.find("testsuite/testcase")
    assert case is not None and case.get("classname") == "a<b>&\"c\".yaml"
    failure = case.find("failure")
    assert failure is not None
    assert failure.text == "a<b>&\"c\".yaml:1:1: x <&\"\\x01\\x1b y\\ud800\n"


def test_junit_empty_and_internal_errors() -> None:
    root = parse_junit(Report())
    assert root.get("tests") == "0" and root.findall("testsuite/testcase") == []
    report = Report(files=["a.yaml"], internal_errors=[InternalError("a.yaml", "SMM101", "boom")])
    suite = parse_junit(report).find("testsuite")
    assert suite is not None and (suite.get("tests"), suite.get("errors")) == ("2", "1")
    errors = suite.findall("testcase/error")
    assert len(errors) == 1 and errors[0].text == "boom"


# --- end to end ------------------------------------------------------------------------------

PLAN = """\
kind: plan
account: {name: Zerno Coffee, type: company, timezone: Europe/Moscow}
posts:
  - {id: a, at: 2026-12-01 09:00, platform: vk, format: photo, text: Доброе утро!}
  - {id: b, at: 2026-12-01 13:00, platform: vk, format: text, text: Новое меню}
  - {id: c, at: 2026-12-01 18:00, platform: vk, format: poll, text: Какой кофе взять?}
"""


def test_end_to_end_with_real_rules(tmp_path: Path) -> None:
    folder = tmp_path / "планы 2026"
    folder.mkdir()
    (folder / "dec.yaml").write_text(PLAN, encoding="utf-8")
    (tmp_path / "clean.yaml").write_text("kind: plan\nposts: []\n", encoding="utf-8")
    (tmp_path / ".smmlint.yaml").write_text("{}\n", encoding="utf-8")
    report = lint_paths([tmp_path], cwd=tmp_path)
    assert not report.internal_errors
    assert any(f.rule == "SMM101" and f.path == "планы 2026/dec.yaml" for f in report.findings)
    options = RenderOptions(rules=tuple(report.rules), version="0.0.0")

    document = json.loads(render_text(FORMATS["sarif"], report, options))
    validate_sarif(document)
    run = document["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert len(rules) == len(report.rules) and len(run["results"]) == len(report.findings)
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert RELATIVE_URI.match(uri)
    assert "%D0%BF%D0%BB%D0%B0%D0%BD%D1%8B%202026/dec.yaml" in {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]
    }

    lines = render_text(FORMATS["github"], report, options).splitlines()
    assert len(lines) == len(report.findings)
    assert any(line.startswith("::error file=планы 2026/dec.yaml,line=") for line in lines)

    jsonschema.Draft7Validator(CODE_QUALITY_SCHEMA).validate(
        json.loads(render_text(FORMATS["gitlab"], report, options)))

    root = ET.fromstring(render_text(FORMATS["junit"], report, options).encode("utf-8"))
    classnames = {case.get("classname") for case in root.iter("testcase")}
    assert {"планы 2026/dec.yaml", "clean.yaml"} <= classnames


def test_a_config_mistake_is_an_annotation_at_its_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from smmlint.cli import main

    monkeypatch.chdir(tmp_path)
    (tmp_path / ".smmlint.yaml").write_text("rules:\n  SMM999: off\n", encoding="utf-8")
    (tmp_path / "plan.yaml").write_text("kind: plan\nposts: []\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--format", "github", "plan.yaml"])
    assert result.exit_code == 2
    assert "::error file=.smmlint.yaml,line=2,col=3,title=smmlint config error::unknown rule 'SMM999'\n" in result.output
