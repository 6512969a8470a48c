"""`where` conditions: every operator, derived fields, and errors that name the bad part."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from smmlint.conditions import ConditionError, compile_condition, compile_regex
from smmlint.fields import Context

CONTEXT = Context(timezone="Europe/Moscow", domains=("zerno.coffee",))


def event(**fields: Any) -> dict[str, Any]:
    return {"id": "e1", "at": datetime(2026, 12, 1, 20, 30, tzinfo=UTC), "kind": "comment", **fields}


@pytest.mark.parametrize(
    ("spec", "record", "expected"),
    [
        ({"kind": "comment"}, event(), True),
        ({"kind": "reply"}, event(), False),
        ({"role": {"in": ["staff", "bot"]}}, event(role="staff"), True),
        ({"role": {"not_in": ["staff", "bot"]}}, event(), True),
        ({"parent": {"exists": True}}, event(), False),
        ({"parent": {"exists": False}}, event(parent=""), True),
        ({"text": {"matches": "(?i)кофе"}}, event(text="Лучший КОФЕ"), True),
        ({"text": {"matches": "x+y"}}, event(), False),
        ({"text": {"contains": "!"}}, event(text="hi!"), True),
        ({"hour": {"gte": 23}}, event(), True),  # 20:30 UTC is 23:30 in Moscow
        ({"hour": {"lt": 23}}, event(), False),
        ({"weekday": "tue"}, event(), True),
        ({"date": "2026-12-01"}, event(), True),
        ({"any": [{"kind": "reply"}, {"kind": "comment"}]}, event(), True),
        ({"all": [{"kind": "comment"}, {"role": "staff"}]}, event(role="subscriber"), False),
        ({"not": {"kind": "comment"}}, event(), False),
        ({"kind": {"ne": "reply", "in": ["comment"]}}, event(), True),
        ({}, event(), True),
    ],
)
def test_conditions(spec: dict[str, Any], record: dict[str, Any], expected: bool) -> None:
    assert compile_condition(spec, "log")(record, CONTEXT) is expected


@pytest.mark.parametrize(
    ("spec", "path", "words"),
    [
        ({"knd": "comment"}, ("knd",), "unknown field 'knd'"),
        ({"kind": {"one_of": ["a"]}}, ("kind", "one_of"), "unknown test 'one_of'"),
        ({"kind": {"in": "comment"}}, ("kind", "in"), "takes a list"),
        ({"hour": {"gt": "late"}}, ("hour", "gt"), "takes a number"),
        ({"text": {"matches": "(unclosed"}}, ("text", "matches"), "invalid regular expression"),
        ({"any": []}, ("any",), "non-empty list"),
        ({"not": {"kind": {}}}, ("not", "kind"), "empty test"),
    ],
)
def test_bad_conditions_name_their_path(spec: dict[str, Any], path: tuple[str, ...], words: str) -> None:
    with pytest.raises(ConditionError) as caught:
        compile_condition(spec, "log")
    assert caught.value.path == path
    assert words in caught.value.message


def test_fields_depend_on_the_target() -> None:
    compile_condition({"contest.rules_url": {"exists": True}}, "plan")
    with pytest.raises(ConditionError):
        compile_condition({"contest": {"exists": True}}, "log")


def test_regex_from_rules_runs_in_linear_time() -> None:
    # A pattern that backtracks catastrophically in Python's re is harmless on RE2.
    predicate = compile_condition({"text": {"matches": "^(a+)+$"}}, "log")
    assert predicate(event(text="a" * 5000 + "!"), CONTEXT) is False


def test_membership_tests_on_list_fields_are_false_not_errors() -> None:
    record = {"id": "p", "at": datetime(2026, 12, 1, 10, tzinfo=UTC), "links": ["https://x.ru"]}
    assert compile_condition({"links": {"in": ["https://x.ru"]}}, "plan")(record, CONTEXT) is False
    assert compile_condition({"links": {"not_in": ["https://x.ru"]}}, "plan")(record, CONTEXT) is True


def test_values_from_rule_files_are_never_code() -> None:
    sneaky = "') or __import__('os').system('echo pwned') or ('"
    predicate = compile_condition({"author": sneaky, "text": {"in": [sneaky]}}, "log")
    assert predicate(event(author=sneaky, text=sneaky), CONTEXT) is True
    assert predicate(event(), CONTEXT) is False


def test_several_tests_on_one_field_all_hold() -> None:
    predicate = compile_condition({"links": {"not_in": ["x"], "exists": True}}, "plan")
    assert predicate({"links": []}, CONTEXT) is False
    assert predicate({"links": ["a"]}, CONTEXT) is True


def test_contains_takes_a_text_and_never_fails_on_other_values() -> None:
    with pytest.raises(ConditionError, match="takes a text"):
        compile_condition({"text": {"contains": 5}}, "log")
    predicate = compile_condition({"hour": {"contains": "1"}}, "log")
    assert predicate(event(), CONTEXT) is False


def test_an_invalid_pattern_is_reported_once_by_us_not_logged_by_re2(capfd: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(ConditionError, match="missing \\)"):
        compile_regex("(unclosed")
    assert capfd.readouterr().err == ""


@pytest.mark.parametrize(("condition", "target"), [
    ({"weekday": {"in": [4]}}, "plan"),
    ({"weekday": "friday"}, "log"),
    ({"platform": "vkontakte"}, "plan"),
    ({"format": {"ne": "stories"}}, "plan"),
    ({"role": {"not_in": ["admin"]}}, "log"),
    ({"kind": {"eq": "comments"}}, "log"),
])
def test_a_value_the_field_never_takes_is_a_mistake(condition: dict[str, Any], target: str) -> None:
    with pytest.raises(ConditionError, match="is never the"):
        compile_condition(condition, target)


def test_free_text_fields_take_any_value() -> None:
    assert compile_condition({"platform": "mastodon", "author": {"in": ["x"]}}, "log")({"platform": "mastodon",
                                                                                        "author": "x"}, CONTEXT)


def test_null_is_a_value_of_optional_fields() -> None:
    predicate = compile_condition({"role": {"in": ["subscriber", None]}, "sentiment": {"ne": "positive"}}, "log")
    assert predicate(event(), CONTEXT) and not predicate(event(role="staff"), CONTEXT)
    with pytest.raises(ConditionError, match="takes a list"):
        compile_condition({"role": {"in": {"a": 1}}}, "log")
