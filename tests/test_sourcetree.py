"""YAML/JSON reading: YAML 1.2 scalars, positions, and refusal of hostile documents."""

from __future__ import annotations

import time

import pytest

from smmlint.sourcetree import MAX_DEPTH, SourceError, decode_text, load_json, load_yaml


def test_positions_are_one_based_for_values_and_keys() -> None:
    tree = load_yaml("kind: plan\nposts:\n  - id: a\n    at: 2026-12-01 10:00\n")
    assert tree.position(("posts", 0)) == (3, 5)
    assert tree.position(("posts", 0, "at")) == (4, 9)
    assert tree.position(("posts", 0, "at"), key=True) == (4, 5)


def test_missing_parts_resolve_to_the_nearest_existing_ancestor() -> None:
    tree = load_yaml("kind: policy\ncontests:\n  approved_by: legal\n")
    assert tree.position(("contests", "regulation_url")) == (2, 1)  # the key where it belongs
    assert tree.position(("monitoring", "tool")) == (1, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("no", "no"), ("yes", "yes"), ("on", "on"), ("010", 10), ("0o10", 8), ("0x1f", 31),
        ("1.5", 1.5), ("true", True), ("False", False), ("~", None), ("null", None),
        ("2026-12-01", "2026-12-01"), ("2026-12-01 10:00", "2026-12-01 10:00"), ('"1"', "1"),
        ("'true'", "true"), ("1_000", "1_000"),
    ],
)  # fmt: skip
def test_scalars_follow_yaml_1_2_core_schema(text: str, expected: object) -> None:
    assert load_yaml(f"value: {text}\n").data == {"value": expected}


def test_flow_lists_may_hold_urls() -> None:
    tree = load_yaml("links: [https://zerno.coffee/menu, https://vk.com/zerno]\n")
    assert tree.data == {"links": ["https://zerno.coffee/menu", "https://vk.com/zerno"]}


def test_syntax_error_has_line_and_column() -> None:
    with pytest.raises(SourceError) as caught:
        load_yaml("posts:\n  - id: a\n    at: [1, 2\n")
    assert caught.value.code == "SMM001"
    assert caught.value.line == 4


@pytest.mark.parametrize("tag", ["!!python/object/apply:os.system ['echo hi']", "!custom x", "!!binary aGk="])
def test_tags_never_construct_objects(tag: str) -> None:
    with pytest.raises(SourceError) as caught:
        load_yaml(f"kind: plan\nvalue: {tag}\n")
    assert "not allowed" in caught.value.message
    assert (caught.value.line, caught.value.column) == (2, 8)


def test_billion_laughs_ends_fast_with_a_parse_error() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    previous = "a"
    for name in "bcdefghij":
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
        previous = name
    started = time.perf_counter()
    with pytest.raises(SourceError) as caught:
        load_yaml("\n".join(lines) + "\n")
    assert "billion laughs" in caught.value.message
    assert time.perf_counter() - started < 5  # generous: the point is it does not hang


def test_small_aliases_and_merge_keys_work() -> None:
    tree = load_yaml("base: &b {platform: vk, format: photo}\npost: {<<: *b, id: x}\nsame: *b\n")
    assert tree.data["post"] == {"platform": "vk", "format": "photo", "id": "x"}
    assert tree.data["same"] == {"platform": "vk", "format": "photo"}


def test_deep_nesting_is_refused() -> None:
    text = "a: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n"
    with pytest.raises(SourceError) as caught:
        load_yaml(text)
    assert "nested" in caught.value.message


def test_duplicate_keys_are_reported_and_the_last_wins() -> None:
    tree = load_yaml("a: 1\nb: 2\na: 3\n")
    assert tree.data == {"a": 3, "b": 2}
    [problem] = tree.problems
    assert (problem.code, problem.line, problem.column) == ("SMM002", 3, 1)
    assert "first given at line 1" in problem.message


def test_complex_keys_are_refused() -> None:
    with pytest.raises(SourceError):
        load_yaml("? [a, b]\n: value\n")


def test_json_errors_use_json_positions() -> None:
    with pytest.raises(SourceError) as caught:
        load_json('{\n  "kind": "plan",\n  "posts": [\n    {"id": "a",}\n  ]\n}\n')
    assert (caught.value.line, caught.value.column) == (4, 16)
    tree = load_json('{\n  "kind": "plan",\n  "posts": [\n    {"id": "a"}\n  ]\n}\n')
    assert tree.position(("posts", 0, "id")) == (4, 12)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("ключ: значение\n".encode(), "ключ: значение\n"),
        (b"\xef\xbb\xbfa: 1\n", "a: 1\n"),
        ("a: б\n".encode("utf-16"), "a: б\n"),
    ],
)
def test_decoding(data: bytes, expected: str) -> None:
    assert decode_text(data) == expected


def test_undecodable_bytes_are_smm004_with_position() -> None:
    with pytest.raises(SourceError) as caught:
        decode_text(b"a: 1\nb: " + "текст".encode("cp1251"))
    assert (caught.value.code, caught.value.line, caught.value.column) == ("SMM004", 2, 4)


def test_empty_document_has_no_data() -> None:
    assert load_yaml("# only a comment\n").data is None


def test_json_with_escaped_emoji_and_lone_surrogates_is_read() -> None:
    import json

    text = json.dumps({"kind": "plan", "posts": [{"id": "a", "text": "Hi 😀"}]}, indent=2)
    assert "\\ud83d\\ude00" in text
    tree = load_json(text)
    assert tree.data["posts"][0]["text"] == "Hi 😀"
    assert tree.position(("posts", 0, "text")) == (6, 15)
    # Half an emoji cannot be written as UTF-8 (reports, YAML, RE2): it reads as U+FFFD.
    assert load_json('{"a": "\\ud800x", "\\udc00": ["\\ud83d\\ude00"]}').data == {"a": "\ufffdx", "\ufffd": ["😀"]}


@pytest.mark.parametrize(("text", "hint"), [
    ("kind: plan\nposts:\n  - id: a\n    text: Время: 10:00\n", "put the value in quotes"),
    ("kind: plan\nposts:\n  - id: a\n   at: x\n", "indentation against the list items"),
    ("kind: plan\nposts:\n\t- id: a\n", "a tab (indent with spaces)"),
    ('kind: plan\nposts:\n  - id: a\n    text: "open\n', "a quote or bracket left open"),
])
def test_yaml_mistakes_say_what_they_usually_mean(text: str, hint: str) -> None:
    with pytest.raises(SourceError) as caught:
        load_yaml(text)
    assert hint in caught.value.message


def test_dumped_yaml_reads_back_as_written() -> None:
    import random

    from smmlint.sourcetree import dump_yaml

    tricky = ["1e3", "0o17", "0x1F", ".inf", "-.Inf", ".NaN", "1_000", "yes", "no", "on", "null", "~", "", "True",
              "12:30", "2026-12-01", "x\x85y", "a\u2028b\u2029c", "line one\nline two", " lead", "trail ", "#tag",
              "- item", "key: value", "'quoted'", '"double"', "Привет, мир", "emoji 😀", "tab\there", "\r\n"]
    rng = random.Random(7)
    texts = tricky + ["".join(rng.choice("1e+-.0xo_:#'\" \n\x85абвABCtrue") for _ in range(rng.randint(0, 8)))
                      for _ in range(2000)]
    data = {"posts": [{"id": f"p{n}", "text": text} for n, text in enumerate(texts)], "n": [1, 1.5, None, True]}
    assert load_yaml(dump_yaml(data)).data == data
