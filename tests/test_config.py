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
    ))
    found = problems_of(config)
    assert found[0].startswith("1:1: unknown field 'acount'")
    assert any(p.startswith("3:13:") and "unknown time zone" in p for p in found)
    assert any(p.startswith("6:11:") and "'error'" in p for p in found)


def test_unknown_rule_and_bad_options(tmp_path: Path) -> None:
    config = write(tmp_path / ".smmlint.yaml", (
        "rules:\n  SMM999: off\n  SMM101:\n    options:\n      max: -1\n      window: year\n"
    ))
    found = problems_of(config)
    assert "2:3: unknown rule 'SMM999'" in found
    assert any(p.startswith("5:12:") and "greater than or equal to 0" in p for p in found)
    assert "6:15: rule SMM101: window: input should be 'day', 'week' or 'month'" in found


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


@pytest.mark.parametrize(
    ("change", "position", "words"),
    [
        (("check: forbidden", "check: forbiden"), "10:12", "rules/0/check: 'forbiden'"),
        (("      where:", "      wher:"), "12:7", "unknown field 'wher'"),
        (("{matches: \"^[A-ZА-ЯЁ !]{10,}$\"}", "{matches: \"(\"}"), "13:25", "invalid regular expression '(': missing )"),
        (("message: \"{id} shouts\"", "message: \"{idd} shouts\""), "14:14", "unknown placeholder {idd}"),
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
