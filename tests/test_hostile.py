"""Broken and hostile inputs: always a finding with a position, never a traceback or a hang."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from smmlint.config import load_settings
from smmlint.engine import lint_paths
from smmlint.problems import ConfigError


def findings(tmp_path: Path, name: str, content: str | bytes) -> list[tuple[str, int, int, str]]:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    (tmp_path / ".smmlint.yaml").write_text("{}\n", encoding="utf-8")
    report = lint_paths([path], cwd=tmp_path)
    assert not report.internal_errors, report.internal_errors
    return [(f.rule, f.line, f.column, f.message) for f in report.findings]


def billion_laughs() -> str:
    lines = ["kind: plan", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("name", "content", "rule", "line"),
    [
        ("plan.yaml", billion_laughs(), "SMM001", 1),
        ("plan.yaml", "kind: plan\nposts: !!python/object/apply:os.system ['touch /tmp/pwned']\n", "SMM001", 2),
        ("plan.json", '{"kind": "plan", "posts": ' + "[" * 5000 + "]" * 5000 + "}", "SMM001", 1),
        ("plan.yaml", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "SMM004", 1),
        ("plan.yaml", "kind: plan\nposts:\n  - id: a\n    text: \"unterminated\n", "SMM001", 5),
        ("plan.yaml", "", "SMM004", 1),
        ("plan.yaml", "- just\n- a list\n", "SMM004", 1),
        ("plan.yaml", "kind: plan\nposts: every day\n", "SMM002", 2),
        ("plan.yaml", "kind: plan\nposts:\n  - not a mapping\n", "SMM002", 3),
        ("plan.yaml", "kind: plan\nposts:\n  - id: a\n    at: 2026-12-01 10:00\n    platform: vk\n    format: photo\n    text: [1, 2]\n", "SMM002", 7),
        ("plan.yaml", "kind: plan\naccount: {timezone: Mars/Olympus}\nposts: []\n", "SMM002", 2),
        ("plan.yaml", "kind: plan\nposts:\n  - {id: a, at: 2026-12-01 10:00, platform: vk, format: photo}\n  - {id: a, at: 2026-12-02 10:00, platform: vk, format: photo}\n", "SMM003", 4),
        ("policy.yaml", "kind: policy\ncontent_mix: {photo: 1.5}\n", "SMM002", 2),
        ("policy.yaml", "kind: policy\ncontent_mix: {photo: 0.9, video: 0.7}\n", "SMM002", 2),
        ("log.jsonl", '{"id": "a", "at": "2026-12-01T10:00:00+03:00", "kind": "comment"}\n[1, 2]\n', "SMM002", 2),
        ("log.jsonl", '{"id": "a", "at": "2026-12-01T10:00:00+03:00", "kind": "comment"}\n{"id": "b",\n', "SMM001", 2),
        ("log.jsonl", '{"id": "a", "at": "2026-12-01T10:00:00", "kind": "comment"}\n', "SMM002", 1),
        ("log.jsonl", '{"id": "a", "at": "2026-12-01T10:00:00+03:00", "kind": "like"}\n', "SMM002", 1),
        ("log.jsonl", '{"id": "a", "at": "2026-12-01T10:00:00+03:00", "kind": "reply"}\n', "SMM002", 1),
        ("log.jsonl", '{"id": "a", "at": "2026-12-01T10:00:00+03:00", "kind": "comment"}, {"id": "b", "at": "2026-12-01T10:00:00+03:00", "kind": "comment"}\n', "SMM001", 1),
        ("log.jsonl", b'{"id": "a", "at": "2026-12-01T10:00:00+03:00", "kind": "comment", "text": "\xcf\xf0\xe8"}\n', "SMM004", 1),
        ("log.jsonl", b"\x00\x01\x02\x03" * 1000, "SMM004", 1),
        ("log.jsonl", b"\x89PNG\r\n" + b"\xff\xd8\n" * 5000, "SMM004", 1),
        ("plan.csv", b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00", "SMM004", 1),
        ("plan.csv", "", "SMM001", 1),
        ("plan.csv", "дата;время;площадка;формат;текст\n01.12.2026;10:00;ВК;фоточки;привет\n", "SMM002", 2),
        # A folder of the time zone database, or a name longer than a file's, is no time zone.
        ("plan.yaml", "kind: plan\naccount: {timezone: Europe}\nposts: []\n", "SMM002", 2),
        ("plan.yaml", "kind: plan\naccount: {timezone: America/Argentina}\nposts: []\n", "SMM002", 2),
        ("plan.yaml", "kind: plan\naccount: {timezone: " + "x" * 300 + "}\nposts: []\n", "SMM002", 2),
        ("plan.yaml", "kind: plan\nposts: " + "9" * 5000 + "\n", "SMM001", 2),
        ("plan.json", '{"kind": "plan",\n "posts": ' + "9" * 5000 + "}", "SMM001", 2),
        ("plan.yaml", "a: &a [*a]\nkind: plan\n", "SMM001", 1),
        ("policy.yaml", "kind: policy\nmonitoring: {tool: x, respond_within: 99999999999999w}\n", "SMM002", 2),
        ("plan.yaml", "kind: plan\nposts:\n  - id: !!int abc\n", "SMM001", 3),
        ("plan.yaml", "kind: plan\nposts:\n  - {id: !!null abc}\n", "SMM001", 3),
        ("plan.yaml", "kind: plan\n<<: 5\nposts: []\n", "SMM002", 2),
        ("plan.yaml", "kind: plan\n<<: [1, 2]\nposts: []\n", "SMM002", 2),
    ],
)  # fmt: skip
def test_bad_input_is_a_finding(tmp_path: Path, name: str, content: str | bytes, rule: str, line: int) -> None:
    found = findings(tmp_path, name, content)
    assert any(r == rule and ln == line for r, ln, _, _ in found), found


def test_unknown_field_in_log_points_at_its_column(tmp_path: Path) -> None:
    line = '{"id": "a", "at": "2026-12-01T10:00:00+03:00", "kind": "comment", "txet": "hi"}\n'
    assert ("SMM002", 1, line.index('"txet"') + 1, "unknown field 'txet' (did you mean 'text'?)") in findings(
        tmp_path, "log.jsonl", line)


@pytest.mark.parametrize(
    ("name", "content", "unknown", "meant"),
    [
        # A field of another kind of document is not offered: `contests` is a policy's section.
        ("log.jsonl", '{"id": "a", "at": "2026-12-01T10:00:00+03:00", "kind": "comment", "contest": 1}\n',
         "contest", None),
        ("plan.yaml", "kind: plan\naccount: {type: company}\nposts:\n  - id: p\n    at: 2026-12-01T10:00\n"
         "    platform: vk\n    format: photo\n    contests: {}\n", "contests", "contest"),
        ("plan.yaml", "kind: plan\naccount: {type: company, domain: [a.ru]}\nposts: []\n", "domain", "domains"),
        ("policy.yaml", "kind: policy\ncontest:\n  rules_required: true\n", "contest", "contests"),
        ("policy.yaml", "kind: policy\nresponders:\n  - {topics: [price], ownr: anna}\n", "ownr", "owner"),
    ],
)  # fmt: skip
def test_did_you_mean_offers_fields_of_the_same_place(
    tmp_path: Path, name: str, content: str, unknown: str, meant: str | None
) -> None:
    messages = [message for rule, _, _, message in findings(tmp_path, name, content) if rule == "SMM002"]
    expected = f"unknown field '{unknown}'" + (f" (did you mean '{meant}'?)" if meant else "")
    assert expected in messages, messages


def test_a_format_written_in_russian_as_a_key_gets_its_canonical_name(tmp_path: Path) -> None:
    messages = [m for r, _, _, m in findings(tmp_path, "policy.yaml", "kind: policy\ncontent_mix: {фото: 0.5}\n") if r == "SMM002"]
    assert len(messages) == 1 and messages[0].startswith("фото: input should be") and messages[0].endswith(
        "(did you mean 'photo'?)"), messages


@pytest.mark.parametrize(("written", "meant"), [("vkontakt", "vk"), ("Вконтакт", "vk"), ("telegramm", "telegram"),
                                               ("Одноклассник", "ok")])
def test_a_misspelt_network_is_quoted_back_with_its_likely_name(tmp_path: Path, written: str, meant: str) -> None:
    plan = f"kind: plan\nposts:\n  - {{id: a, at: 2026-12-01 10:00, platform: {written}, format: photo}}\n"
    [message] = [m for r, _, _, m in findings(tmp_path, "plan.yaml", plan) if r == "SMM002"]
    assert message.endswith(f", not '{written}' (did you mean '{meant}'?)"), message


def test_a_date_typed_as_a_number_is_no_unix_time(tmp_path: Path) -> None:
    plan = "kind: plan\nposts:\n  - {id: a, at: 20270105, platform: vk, format: photo}\n"
    found = findings(tmp_path, "plan.yaml", plan)
    assert [(rule, line, message.split(":")[0]) for rule, line, _, message in found] == [
        ("SMM002", 3, "20270105 is a number, not a date")]
    log = '{"id": "a", "at": 1700000000, "kind": "comment", "text": "Когда откроетесь?"}\n'
    assert [rule for rule, *_ in findings(tmp_path, "log.jsonl", log)] == ["SMM002"]  # no 1970-based SMM201


def test_a_share_written_as_a_percentage_gets_its_fraction(tmp_path: Path) -> None:
    found = findings(tmp_path, "policy.yaml", "kind: policy\ncontent_mix: {photo: 40, video: 0.3}\n")
    assert [m for r, _, _, m in found if r == "SMM002"] == [
        "photo: input should be less than or equal to 1 (a share is a fraction: write 40% as 0.4)"]


def test_a_repeated_id_is_found_when_either_copy_breaks_the_schema(tmp_path: Path) -> None:
    plan = ("kind: plan\nposts:\n"
            "  - {id: a, at: 2026-12-01 10:00, platform: vk, format: photo}\n"
            "  - {id: a, at: 2026-12-02 10:00, platform: vk, format: foto}\n"
            "  - {id: b, at: 2026-12-03 10:00, platform: vk, format: foto}\n"
            "  - {id: b, at: 2026-12-04 10:00, platform: vk, format: photo}\n")
    found = [(rule, line, message) for rule, line, _, message in findings(tmp_path, "plan.yaml", plan) if rule == "SMM003"]
    assert found == [("SMM003", 4, "duplicate post id 'a' (first used at line 3)"),
                     ("SMM003", 6, "duplicate post id 'b' (first used at line 5)")]


def test_dates_and_ids_written_another_way_say_how_to_write_them(tmp_path: Path) -> None:
    log = '{"id": "a", "at": "10.01.2027 10:00", "kind": "comment"}\n'
    assert [m for r, _, _, m in findings(tmp_path, "log.jsonl", log) if r == "SMM002"] == [
        "at: '10.01.2027 10:00' is not a date and time with its offset: write e.g. 2027-01-10T10:00:00+03:00"]
    plan = ("kind: plan\nposts:\n  - {id: 1, at: 2026-12-01 10:00, platform: vk, format: photo,"
            " contest: {ends: 07.03.2027, rules_url: 'https://x.ru/rules'}}\n")
    assert [m for r, _, _, m in findings(tmp_path, "plan.yaml", plan) if r == "SMM002"] == [
        "id: input should be a valid string (write it in quotes: '1')", "ends: '07.03.2027' is not a date: write 2027-03-07"]


def test_every_schema_violation_is_reported(tmp_path: Path) -> None:
    plan = ("kind: plan\naccount: {type: startup}\nposts:\n"
            "  - {id: a, at: tomorrow, platform: vkontakte, format: photo, colour: red}\n"
            "  - {id: b, at: 2026-12-01 10:00, platform: vk, format: pic}\n")
    found = [(rule, line, column) for rule, line, column, _ in findings(tmp_path, "plan.yaml", plan)]
    assert found == [("SMM002", 2, 17), ("SMM002", 4, 17), ("SMM002", 4, 37), ("SMM002", 4, 63),
                     ("SMM002", 5, 57)]


def test_a_file_that_is_not_json_lines_is_given_up_on(tmp_path: Path) -> None:
    found = findings(tmp_path, "log.jsonl", "not json\n" * 10_000)
    assert len(found) <= 101
    assert found[-1][0] == "SMM001" and "does not look like JSON Lines" in found[-1][3]


def test_huge_log_line(tmp_path: Path) -> None:
    event = {"id": "a", "at": "2026-12-01T10:00:00+03:00", "kind": "comment", "text": "ы" * 5_000_000}
    assert findings(tmp_path, "log.jsonl", json.dumps(event, ensure_ascii=False) + "\n") == []


def test_symlink_loops_are_not_followed(tmp_path: Path) -> None:
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "loop").symlink_to(tmp_path)
    (tmp_path / "plans" / "dec.yaml").write_text("kind: plan\nposts: []\n", encoding="utf-8")
    report = lint_paths([tmp_path], cwd=tmp_path)
    assert report.files == ["plans/dec.yaml"]


def test_a_post_with_a_repeated_id_is_still_checked(tmp_path: Path) -> None:
    plan = ("kind: plan\nposts:\n  - {id: a, at: 2026-12-01 10:00, platform: vk, format: photo}\n"
            "  - {id: a, at: 2026-12-01 03:00, platform: vk, format: photo}\n")
    found = {(rule, line) for rule, line, _, _ in findings(tmp_path, "plan.yaml", plan)}
    assert {("SMM003", 4), ("SMM104", 4)} <= found


def test_a_monitoring_csv_without_offsets_uses_the_account_time_zone(tmp_path: Path) -> None:
    csv = ("дата;время;автор;текст;ссылка;тональность\n"
           "01.12.2026;10:00;ivan;Зерно — лучший кофе;https://vk.com/wall1_1;позитивная\n")
    (tmp_path / "mentions.csv").write_text(csv, encoding="utf-8")
    (tmp_path / ".smmlint.yaml").write_text(
        "account: {timezone: Europe/Moscow}\nnow: 2026-12-01T20:00:00+03:00\nkinds: {'mentions.csv': log}\n",
        encoding="utf-8")
    report = lint_paths([tmp_path / "mentions.csv"], cwd=tmp_path)
    # Each row is a mention (the export has no kind or id); 10:00 Moscow, unanswered at 20:00.
    assert [(f.rule, f.line) for f in report.findings] == [("SMM801", 2)]


def test_russian_values_in_a_yaml_plan_suggest_the_canonical_ones(tmp_path: Path) -> None:
    plan = "kind: plan\nposts:\n  - {id: a, at: 2026-12-01 10:00, platform: ВК, format: фото}\n"
    messages = [message for _, _, _, message in findings(tmp_path, "plan.yaml", plan)]
    assert any(m.startswith("platform:") and m.endswith("(did you mean 'vk'?)") for m in messages)
    assert any(m.startswith("format:") and m.endswith("(did you mean 'photo'?)") for m in messages)


def test_mistaken_keys_are_placed_at_the_key(tmp_path: Path) -> None:
    # A JSON line missing its closing brace: at the end of the line, not at column 1.
    line = '{"id": "a", "at": "2026-12-01T10:00:00+03:00", "kind": "comment", "text": "broken"'
    found = findings(tmp_path, "log.jsonl", line + "\n")
    assert [(r, ln, col) for r, ln, col, _ in found] == [("SMM001", 1, len(line) + 1)]
    # A mapping of formats with a format mistyped as its key.
    found = findings(tmp_path, "policy.yaml", "kind: policy\ncontent_mix:\n  photo: 0.5\n  storys: 0.5\n")
    storys = [(ln, col, message) for r, ln, col, message in found if r == "SMM002"]
    assert storys[0][:2] == (4, 3) and "did you mean 'story'?" in storys[0][2]


def test_undecodable_bytes_are_placed_in_characters(tmp_path: Path) -> None:
    found = findings(tmp_path, "plan.yaml", "kind: plan\nposts:\n  - id: a\n    text: Привет мир ".encode() + b"\xff\n")
    assert [(r, ln, col) for r, ln, col, _ in found] == [("SMM004", 4, 22)]
    utf16 = b"\xff\xfe" + "kind: plan\nposts: [ab".encode("utf-16-le") + b"\x3d\xd8" + "]\n".encode("utf-16-le")
    [(rule, line, column, message)] = findings(tmp_path, "plan.yaml", utf16)
    assert (rule, line, column) == ("SMM004", 2, 11) and "a lone surrogate U+D83D" in message


@pytest.mark.parametrize(("name", "content"), [
    ("plan.yaml", "kind: plan\n" + "".join(f"k{n}: {n}\n" for n in range(20_000))),
    ("policy.yaml", "kind: policy\n" + "".join(f"k{n}: {n}\n" for n in range(20_000))),
])
def test_thousands_of_unknown_keys_are_placed_in_linear_time(tmp_path: Path, name: str, content: str) -> None:
    started = time.perf_counter()
    found = findings(tmp_path, name, content)
    assert time.perf_counter() - started < 10  # generous: placing each key took half a minute
    assert {line for _, line, _, _ in found} >= set(range(2, 20_002))


def test_a_policy_mix_of_thousands_of_formats_is_placed(tmp_path: Path) -> None:
    policy = "kind: policy\ncontent_mix:\n" + "".join(f"  k{n}: 0.0001\n" for n in range(500))
    found = findings(tmp_path, "policy.yaml", policy)
    assert {line for rule, line, _, _ in found if rule == "SMM002"} >= set(range(3, 503))


def config_problems(folder: Path, name: str, text: str) -> list[str]:
    config = folder / name
    config.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(config)
    return [f"{p.line}:{p.column}: {p.message}" for p in caught.value.problems]


@pytest.mark.parametrize(("text", "where", "message"), [
    ("account: {timezone: Europe}\n", "1:21", "unknown time zone 'Europe'"),
    ("overrides: [{files: ['*'], account: {timezone: America/Argentina}}]\n", "1:48", "unknown time zone"),
    ("account: {timezone: " + "x" * 300 + "}\n", "1:21", "unknown time zone"),
    ("now: " + "9" * 5000 + "\n", "1:6", "a number of more than 4300 digits"),
    ("a: &a [*a]\n", "1:8", "an alias refers to the node that holds it"),
    ("rules:\n  posts-too-close:\n    options: {min_gap: 99999999999999w}\n", "3:24", "a duration too large"),
    ('policy: "a\\0b"\n', "1:9", "'a\\0b' cannot be a path: it holds a NUL character"),
    ('rule_paths: ["a\\0b"]\n', "1:14", "it holds a NUL character"),
    ('overrides: [{files: ["*"], policy: "a\\0b"}]\n', "1:36", "it holds a NUL character"),
    ("policy: " + "x" * 5000 + "\n", "1:9", "cannot be used as a path: File name too long"),
    ("rule_paths: [" + "x" * 5000 + "]\n", "1:14", "cannot be used as a path: File name too long"),
    ("policy: /dev/null\n", "1:9", "policy file '/dev/null' is not a regular file"),
    ("policy: .\n", "1:9", "policy file '.' is not a regular file"),
])
def test_config_values_that_cannot_be_used_are_config_errors(tmp_path: Path, text: str, where: str,
                                                             message: str) -> None:
    assert any(p.startswith(f"{where}: ") and message in p for p in config_problems(tmp_path, ".smmlint.yaml", text))


def test_a_policy_that_is_a_pipe_is_not_a_regular_file(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "policy.yaml")
    assert config_problems(tmp_path, ".smmlint.yaml", "policy: policy.yaml\n") == [
        "1:9: policy file 'policy.yaml' is not a regular file (a folder, a device or a pipe)"]


def test_a_config_of_thousands_of_unknown_keys_is_placed_in_linear_time(tmp_path: Path) -> None:
    started = time.perf_counter()
    yaml_found = config_problems(tmp_path, ".smmlint.yaml", "".join(f"k{n}: {n}\n" for n in range(10_000)))
    toml_found = config_problems(tmp_path, "pyproject.toml",
                                 "[tool.smmlint]\n" + "".join(f"k{n} = {n}\n" for n in range(10_000)))
    assert time.perf_counter() - started < 10  # generous: 3,000 keys of pyproject.toml took 6 s
    assert yaml_found[-1] == "10000:1: unknown field 'k9999'" and toml_found[-1] == "10001:1: unknown field 'k9999'"


@pytest.mark.parametrize(("text", "where", "message"), [
    ("[tool.smmlint]\nnow = " + "9" * 5000 + "\n", "2:7", "a number of more than 4300 digits"),
    ("[tool.smmlint]\nx = " + "[" * 2000 + "]" * 2000 + "\n", "1:1", "TOML is nested too deeply"),
    ("[tool]\nsmmlint = 5\n", "2:1", "tool.smmlint must be a table"),
    ("tool.smmlint = [1]\n", "1:1", "tool.smmlint must be a table"),
])
def test_pyproject_values_that_cannot_be_read_are_config_errors(tmp_path: Path, text: str, where: str,
                                                                message: str) -> None:
    assert any(p.startswith(f"{where}: ") and message in p for p in config_problems(tmp_path, "pyproject.toml", text))


def test_a_pyproject_whose_tool_is_no_table_holds_no_settings(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("tool = 5\n# [tool.smmlint] is not here\n", encoding="utf-8")
    (tmp_path / "plan.yaml").write_text("kind: plan\nposts: []\n", encoding="utf-8")
    report = lint_paths([tmp_path / "plan.yaml"], cwd=tmp_path)
    assert not report.internal_errors and report.findings == []
    assert load_settings(tmp_path / "pyproject.toml").config.policy is None


def test_a_policy_of_the_config_with_a_huge_duration_is_reported(tmp_path: Path) -> None:
    (tmp_path / "policy.yaml").write_text(
        "kind: policy\nmonitoring: {tool: x, respond_within: 99999999999999w}\n", encoding="utf-8")
    (tmp_path / ".smmlint.yaml").write_text("policy: policy.yaml\n", encoding="utf-8")
    (tmp_path / "plan.yaml").write_text("kind: plan\nposts: []\n", encoding="utf-8")
    report = lint_paths([tmp_path / "plan.yaml"], cwd=tmp_path)
    assert not report.internal_errors
    assert any(f.rule == "SMM002" and "a duration too large" in f.message for f in report.findings)
