"""`.smmlint.yaml`: discovery, rule settings, user rule packs, and errors with positions."""

from __future__ import annotations

from pathlib import Path

import pytest

from smmlint.config import find_config, load_settings
from smmlint.findings import Severity
from smmlint.problems import ConfigError
from smmlint.rulepacks import find_rule


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(config: Path) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        load_settings(config)
    return [f"{p.line}:{p.column}: {p.message}" for p in caught.value.problems]


def test_found_from_a_subfolder_upward(tmp_path: Path) -> None:
    config = write(tmp_path / ".smmlint.yaml", "account: {type: media}\n")
    (tmp_path / "plans" / "2026").mkdir(parents=True)
    assert find_config(tmp_path / "plans" / "2026") == config
    assert load_settings(start=tmp_path / "plans" / "2026").config.account.type == "media"  # type: ignore[union-attr]


def test_rule_settings_by_id_and_name(tmp_path: Path) -> None:
    config = write(tmp_path / ".smmlint.yaml", (
        "rules:\n  SMM104: off\n  too-few-posts: info\n  SMM101:\n    severity: warning\n    options: {max: 3}\n"
    ))
    settings = load_settings(config)
    assert not find_rule(settings.rules, "SMM104").enabled  # type: ignore[union-attr]
    assert find_rule(settings.rules, "SMM102").severity is Severity.INFO  # type: ignore[union-attr]
    smm101 = find_rule(settings.rules, "SMM101")
    assert smm101 is not None and smm101.severity is Severity.WARNING
    assert smm101.merged_options("company")["max"] == 3
    assert smm101.merged_options("media")["max"] == 3  # the user's option wins over the type default


def test_every_problem_is_reported_with_its_position(tmp_path: Path) -> None:
    config = write(tmp_path / ".smmlint.yaml", (
        "acount: {type: company}\n"          # 1: unknown key
        "account:\n  timezone: Moscow\n"      # 3: bad zone
        "rules:\n  SMM999: off\n"             # 5: unknown rule
        "  SMM101: loud\n"                    # 6: bad severity
        "  SMM102: {options: {maxx: 3}}\n"    # 7: an option the rule does not take
        "select: [SMM1, NOPE]\n"              # 8: a selection naming no rule
    ))
    found = problems_of(config)
    assert found[0].startswith("1:1: unknown field 'acount'")
    assert "7:22: rule SMM102: unknown field 'maxx' (did you mean 'max'?)" in found
    assert "8:16: 'NOPE' names no rule (use an id, a prefix such as SMM1, or a name)" in found
    assert any(p.startswith("3:13:") and "unknown time zone" in p for p in found)
    assert any(p.startswith("6:11:") and "'error'" in p for p in found)
    assert "5:3: unknown rule 'SMM999'" in found  # in the same run as the other mistakes
    assert found == sorted(found, key=lambda p: tuple(map(int, p.split(":")[:2])))


def test_a_valid_severity_beside_a_mistyped_option_key_is_not_blamed(tmp_path: Path) -> None:
    config = write(tmp_path / ".smmlint.yaml", (
        "rules:\n  SMM1O1: off\n  posts-too-close:\n    severity: error\n    optoins: {min_gap: 2h}\n"
        "  SMM999: off\n"
    ))
    assert problems_of(config) == ["2:3: unknown rule 'SMM1O1' (did you mean 'SMM101'?)",
                                   "5:5: unknown field 'optoins' (did you mean 'options'?)",
                                   "6:3: unknown rule 'SMM999'"]


def test_unknown_rule_and_bad_options(tmp_path: Path) -> None:
    config = write(tmp_path / ".smmlint.yaml", (
        "rules:\n  SMM999: off\n  SMM101:\n    options:\n      max: -1\n      window: year\n"
    ))
    found = problems_of(config)
    assert "2:3: unknown rule 'SMM999'" in found
    assert any(p.startswith("5:12:") and "greater than or equal to 0" in p for p in found)
    assert "6:15: rule SMM101: window: input should be 'day', 'week' or 'month', not 'year'" in found


def test_broken_yaml_config(tmp_path: Path) -> None:
    config = write(tmp_path / ".smmlint.yaml", "rules: [\n")
    [problem] = problems_of(config)
    assert problem.startswith("2:1: YAML syntax error")


USER_RULE = """\
kind: rules
rules:
  - id: SMM990
    name: no-caps-titles
    mistake: 3
    target: plan
    severity: warning
    summary: Posts shouting in capitals.
    rationale: Calm tone.
    check: forbidden
    options:
      where:
        text: {matches: "^[A-ZА-ЯЁ !]{10,}$"}
    message: "{id} shouts"
    examples:
      bad: [{title: caps, text: "kind: plan", lines: [1]}]
      good: [{title: calm, text: "kind: plan"}]
"""


def test_user_rule_packs_are_loaded(tmp_path: Path) -> None:
    write(tmp_path / "team-rules" / "tone.yaml", USER_RULE)
    config = write(tmp_path / ".smmlint.yaml", "rule_paths: [team-rules]\nrules: {no-caps-titles: error}\n")
    settings = load_settings(config)
    loaded = find_rule(settings.rules, "SMM990")
    assert loaded is not None and loaded.severity is Severity.ERROR
    # A team's rules may take ids of their own prefix, apart from smmlint's SMM ones.
    write(tmp_path / "team-rules" / "tone.yaml", USER_RULE.replace("SMM990", "BAK001"))
    write(tmp_path / ".smmlint.yaml", "rule_paths: [team-rules]\nrules: {BAK001: error}\nselect: [BAK]\n")
    settings = load_settings(config)
    assert [rule.id for rule in settings.rules if rule.enabled] == ["BAK001", "SMM001", "SMM002", "SMM003", "SMM004"]


@pytest.mark.parametrize(
    ("change", "position", "words"),
    [
        (("check: forbidden", "check: forbiden"), "10:12",
         "rules/0/check: unknown check 'forbiden' (did you mean 'forbidden'?); known: count_per_window"),
        (("id: SMM990", "id: bak-1"), "3:9", "rules/0/id: 'bak-1' is not a rule id: capitals and three digits"),
        (("      where:", "      wher:"), "12:7", "unknown field 'wher'"),
        (("text: {matches:", "txet: {matches:"), "13:9", "unknown field 'txet' for plan records"),
        (("{matches: \"^[A-ZА-ЯЁ !]{10,}$\"}", "{matches: \"(\"}"), "13:25", "invalid regular expression '(': missing )"),
        (("message: \"{id} shouts\"", "message: \"{idd} shouts\""), "14:14", "unknown placeholder {idd}"),
        (("message: \"{id} shouts\"", "message: \"{id:>{widht}} shouts\""), "14:14", "unknown placeholder {widht}"),
        # Anything but a plain name could fail when a finding is reported, or reach into Python objects.
        (("message: \"{id} shouts\"", "message: \"{id:d} shouts\""), "14:14", "placeholder {id:d}: write a plain name such as {id}"),
        (("message: \"{id} shouts\"", "message: \"{id!r} shouts\""), "14:14", "placeholder {id!r}: write a plain name"),
        (("message: \"{id} shouts\"", "message: \"{id.__class__} shouts\""), "14:14", "placeholder {id.__class__}:"),
        (("message: \"{id} shouts\"", "message: \"{links[5]} shouts\""), "14:14", "placeholder {links[5]}:"),
        (("message: \"{id} shouts\"", "message: \"{} shouts\""), "14:14", "{} names nothing"),
        # A required field must be one the records have (an `each` list's items are its own).
        (("check: forbidden\n    options:\n      where:\n        text: {matches: \"^[A-ZА-ЯЁ !]{10,}$\"}",
          "check: required\n    options:\n      fields: [txet]"), "12:16", "unknown field 'txet' for plan records (did you mean 'text'?)"),
        (("check: forbidden\n    options:\n      where:\n        text: {matches: \"^[A-ZА-ЯЁ !]{10,}$\"}",
          "check: required\n    options:\n      fields: [text, '']"), "12:22", "rules/0/options/fields/1: '' should be non-empty"),
        (("name: no-caps-titles", "name: No Caps"), "4:11", "rules/0/name: 'No Caps' does not match"),
    ],
)
def test_a_broken_user_rule_is_a_config_error_with_position(
    tmp_path: Path, change: tuple[str, str], position: str, words: str
) -> None:
    write(tmp_path / "team-rules" / "tone.yaml", USER_RULE.replace(*change))
    config = write(tmp_path / ".smmlint.yaml", "rule_paths: [team-rules]\n")
    with pytest.raises(ConfigError) as caught:
        load_settings(config)
    rendered = [str(problem) for problem in caught.value.problems]
    assert any(f"tone.yaml:{position}:" in line and words in line for line in rendered), rendered


def test_user_rule_ids_must_not_clash_with_builtins(tmp_path: Path) -> None:
    write(tmp_path / "team-rules" / "tone.yaml", USER_RULE.replace("SMM990", "SMM101"))
    config = write(tmp_path / ".smmlint.yaml", "rule_paths: [team-rules]\n")
    assert any("already defined" in p for p in problems_of(config))


def test_missing_rule_folder(tmp_path: Path) -> None:
    config = write(tmp_path / ".smmlint.yaml", "rule_paths: [nowhere]\n")
    assert any("rule folder does not exist" in p for p in problems_of(config))


# --- selection, overrides, exclusion, pyproject, per-file configs -------------------------

from click.testing import CliRunner  # noqa: E402

from smmlint.cli import main  # noqa: E402
from smmlint.engine import lint_paths  # noqa: E402

ELEVEN_A_DAY = "kind: plan\nposts:\n" + "".join(
    f"  - {{id: p{n}, at: 2026-12-01 {8 + n:02d}:00, platform: telegram, format: text}}\n" for n in range(11))
LATE = "kind: plan\nposts:\n  - {id: late, at: 2026-12-01 23:30, platform: vk, format: photo}\n"


def rules_found(tmp_path: Path, *paths: str, **options: object) -> set[tuple[str, str]]:
    report = lint_paths([tmp_path / p for p in paths] or [tmp_path], cwd=tmp_path, **options)  # type: ignore[arg-type]
    return {(finding.path, finding.rule) for finding in report.findings}


def test_select_and_ignore_by_prefix_name_and_id(tmp_path: Path) -> None:
    write(tmp_path / "plan.yaml", ELEVEN_A_DAY)
    write(tmp_path / ".smmlint.yaml", "select: [SMM1]\nignore: [too-few-posts, SMM103]\n")
    assert rules_found(tmp_path, "plan.yaml") == {("plan.yaml", "SMM101")}
    write(tmp_path / ".smmlint.yaml", "select: [post-in-quiet-hours]\n")
    assert rules_found(tmp_path, "plan.yaml") == set()


def test_select_entries_that_name_nothing_are_errors(tmp_path: Path) -> None:
    config = write(tmp_path / ".smmlint.yaml", "select: [SMM1, SMM9999]\nignore: [no-such-rule]\n")
    assert problems_of(config) == ["1:16: 'SMM9999' names no rule (use an id, a prefix such as SMM1, or a name)",
                                   "2:10: 'no-such-rule' names no rule (use an id, a prefix such as SMM1, or a name)"]


def test_overrides_give_a_media_folder_its_own_limits(tmp_path: Path) -> None:
    write(tmp_path / ".smmlint.yaml", (
        "account: {type: company, timezone: Europe/Moscow}\n"
        "overrides:\n"
        "  - files: [media/**]\n    account: {type: media}\n"
        "  - files: [media/night-*.yaml]\n    rules: {SMM104: off}\n"
    ))
    write(tmp_path / "company" / "dec.yaml", ELEVEN_A_DAY)
    write(tmp_path / "media" / "dec.yaml", ELEVEN_A_DAY)
    write(tmp_path / "media" / "night-dec.yaml", LATE)
    write(tmp_path / "media" / "late-dec.yaml", LATE)
    found = rules_found(tmp_path)
    assert ("company/dec.yaml", "SMM101") in found          # 11 a day: over a company's 2
    assert ("media/dec.yaml", "SMM101") in found            # 11 a day: over a media's 10
    assert ("media/late-dec.yaml", "SMM104") not in found   # media quiet hours start at midnight
    write(tmp_path / "media" / "late-dec.yaml", LATE.replace("23:30", "01:30"))
    found = rules_found(tmp_path)
    assert ("media/late-dec.yaml", "SMM104") in found
    write(tmp_path / "media" / "night-dec.yaml", LATE.replace("23:30", "01:30"))
    assert ("media/night-dec.yaml", "SMM104") not in rules_found(tmp_path)  # the last match wins


def test_override_errors_name_their_own_position(tmp_path: Path) -> None:
    config = write(tmp_path / ".smmlint.yaml", (
        "overrides:\n  - files: [media/**]\n    rules:\n      SMM999: off\n"
        "  - files: []\n"
    ))
    found = problems_of(config)
    assert any(p.startswith("5:12:") and "files" in p for p in found), found


def test_exclude_holds_for_named_files(tmp_path: Path) -> None:
    write(tmp_path / ".smmlint.yaml", "exclude: [drafts/, '*.bak.yaml']\n")
    write(tmp_path / "drafts" / "dec.yaml", LATE)
    write(tmp_path / "old.bak.yaml", LATE)
    write(tmp_path / "dec.yaml", LATE)
    options: dict[str, object] = {}
    assert rules_found(tmp_path, "drafts/dec.yaml", "old.bak.yaml", "dec.yaml", **options) == {("dec.yaml", "SMM104")}


def test_pyproject_tool_table(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[project]\nname = 'plans'\n\n[tool.smmlint]\nselect = ['SMM104']\n"
                                       "[tool.smmlint.account]\ntimezone = 'Asia/Vladivostok'\n")
    write(tmp_path / "plan.yaml", LATE.replace("23:30", "06:30"))  # 06:30 is quiet hours anywhere
    assert rules_found(tmp_path, "plan.yaml") == {("plan.yaml", "SMM104")}
    write(tmp_path / "pyproject.toml", "[project]\nname = 'x'\n\n[tool.smmlint]\nselect = ['SMM104']\nselec = ['SMM104']\n")
    assert problems_of(tmp_path / "pyproject.toml") == ["6:1: unknown field 'selec' (did you mean 'select'?)"]


def test_each_file_gets_its_nearest_config_and_isolated_ignores_them(tmp_path: Path) -> None:
    write(tmp_path / ".smmlint.yaml", "rules: {SMM104: off}\n")
    write(tmp_path / "night" / ".smmlint.yaml", "rules: {SMM104: error}\n")
    write(tmp_path / "plan.yaml", LATE)
    write(tmp_path / "night" / "plan.yaml", LATE)
    assert rules_found(tmp_path) == {("night/plan.yaml", "SMM104")}
    assert rules_found(tmp_path, isolated=True) == {("night/plan.yaml", "SMM104"), ("plan.yaml", "SMM104")}


def test_config_command_prints_the_effective_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / ".smmlint.yaml", "account: {type: company}\noverrides:\n  - files: [media/**]\n"
                                      "    account: {type: media}\n    rules: {SMM101: warning}\n")
    write(tmp_path / "media" / "dec.yaml", "kind: plan\nposts: []\n")
    result = CliRunner().invoke(main, ["config", "media/dec.yaml"])
    assert result.exit_code == 0
    assert "type: media" in result.output and "- - media/**" in result.output
    assert "SMM101:\n    name: too-many-posts-per-day\n    severity: warning" in result.output
    assert "type: company" in CliRunner().invoke(main, ["config"]).output
    # The groups a file is read with (join_logs, join_plans) show too.
    write(tmp_path / ".smmlint.yaml", "join_plans:\n  - [media/*.yaml, plans/*.yaml]\n")
    output = CliRunner().invoke(main, ["config", "media/dec.yaml"]).output
    assert "joined_with:\n  plan:\n  - media/*.yaml\n  - plans/*.yaml\n" in output and "&id" not in output


def test_a_missing_policy_file_is_a_config_error(tmp_path: Path) -> None:
    config = write(tmp_path / ".smmlint.yaml", "policy: nonexistent.yaml\n")
    assert problems_of(config) == ["1:9: policy file 'nonexistent.yaml' not found (paths are relative to the config)"]


def test_config_command_refuses_a_path_that_does_not_exist(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["config", "nowhere.yaml"]).exit_code == 2


def test_an_overrides_ignore_wins_over_the_base_rules(tmp_path: Path) -> None:
    write(tmp_path / ".smmlint.yaml", "rules: {SMM104: warning}\noverrides:\n  - files: ['night/**']\n    ignore: [SMM104]\n")
    write(tmp_path / "night" / "plan.yaml", LATE)
    write(tmp_path / "plan.yaml", LATE)
    assert rules_found(tmp_path) == {("plan.yaml", "SMM104")}


def test_a_broken_policy_file_is_a_config_error(tmp_path: Path) -> None:
    write(tmp_path / "policy.yaml", "kind: policy\ncontent_mix: {photo: 0.2, video: 0.8\n")
    config = write(tmp_path / ".smmlint.yaml", "policy: policy.yaml\n")
    with pytest.raises(ConfigError) as caught:
        load_settings(config)
    [problem] = caught.value.problems
    assert str(problem.path).endswith("policy.yaml") and problem.line == 3


@pytest.mark.parametrize("overrides", ["5", "true"])
def test_overrides_that_are_not_a_list_are_a_config_error(tmp_path: Path, overrides: str) -> None:
    config = write(tmp_path / ".smmlint.yaml", f"rules: {{SMM999: off}}\noverrides: {overrides}\n")
    assert problems_of(config) == ["1:9: unknown rule 'SMM999'", "2:12: overrides: input should be a valid list"]


def test_a_broken_team_word_list_is_a_config_error_at_its_place(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from smmlint.cli import main

    lexicons = tmp_path / "team-rules" / "lexicons"
    lexicons.mkdir(parents=True)
    (tmp_path / ".smmlint.yaml").write_text("rule_paths: [team-rules/]\n", encoding="utf-8")
    (tmp_path / "plan.yaml").write_text("kind: plan\nposts: []\n", encoding="utf-8")
    cases = [
        ("insults.txt", "дурак\n".encode("cp1251"), ":1:1: not UTF-8 text"),  # saved by Notepad
        ("insult.txt", "дурак\n".encode(), ":1:1: there is no word list called 'insult' to extend (did you mean 'insults.txt'?)"),
        ("negative.txt", "ок\n*плохо\n".encode(), ":2:1: '*плохо': '*' may only end an entry"),
    ]
    for name, content, message in cases:
        (lexicons / name).write_bytes(content)
        result = CliRunner().invoke(main, ["check", str(tmp_path / "plan.yaml"), "--config", str(tmp_path / ".smmlint.yaml")])
        assert result.exit_code == 2, result.output  # a config error, not an internal one
        assert f"{lexicons / name}{message}" in result.output
        (lexicons / name).unlink()


def test_a_config_named_or_in_a_folder_named_is_read_as_a_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # pre-commit passes a changed `.smmlint.yaml` by name: its mistake fails that commit, not the next one.
    monkeypatch.chdir(tmp_path)
    write(tmp_path / ".smmlint.yaml", "ignor: [SMM102]\n")
    for args in (["--ignore-unknown", ".smmlint.yaml"], [".smmlint.yaml"], []):
        result = CliRunner().invoke(main, ["check", *args])
        assert result.exit_code == 2 and "unknown field 'ignor' (did you mean 'ignore'?)" in result.output, args
    write(tmp_path / ".smmlint.yaml", "ignore: [SMM102]\n")
    result = CliRunner().invoke(main, ["check", "--ignore-unknown", ".smmlint.yaml"])
    assert result.exit_code == 0 and "1 file checked" in result.output


def test_a_config_time_written_as_a_number_is_no_unix_time(tmp_path: Path) -> None:
    config = write(tmp_path / ".smmlint.yaml", "now: 5\noverrides:\n  - files: [a/*]\n    now: 1700000000\n")
    found = problems_of(config)
    assert [p.split(":")[0:2] for p in found] == [["1", "6"], ["4", "10"]]
    assert all("is a number, not a date" in p for p in found)
