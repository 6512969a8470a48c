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


def test_lookups_in_a_mapping_of_thousands_of_keys_stay_linear() -> None:
    # Each unknown key of a mapping is placed by a lookup: scanning every key each time made a
    # plan of 20,000 keys take minutes.
    text = "kind: plan\n" + "".join(f"k{n}: {n}\n" for n in range(20_000)) + "k7: again\n"
    tree = load_yaml(text)
    started = time.perf_counter()
    for _ in range(2):
        assert [tree.position((f"k{n}",), key=True) for n in range(0, 20_000, 997)][1] == (999, 1)
        assert all(tree.position((f"k{n}",)) == (n + 2, len(f"k{n}: ") + 1) for n in range(8, 20_000))
        assert tree.position(("k7",), key=True) == (20_002, 1)  # the last of repeated keys wins
        assert tree.position(("nothing", "here")) == (1, 1)
    assert time.perf_counter() - started < 5  # generous: quadratic took minutes


def test_many_repeats_of_a_late_key_stay_linear() -> None:
    text = "".join(f"k{n}: {n}\n" for n in range(20_000)) + "k19999: again\n" * 20_000
    started = time.perf_counter()
    tree = load_yaml(text)
    assert time.perf_counter() - started < 5  # generous: it took 18 s
    assert len(tree.problems) == 20_000 and "first given at line 20000" in tree.problems[-1].message


@pytest.mark.parametrize(("text", "line", "column"), [
    ("kind: plan\nposts: " + "9" * 5000 + "\n", 2, 8),
    ("kind: plan\nposts: [1, -" + "1" * 4301 + "]\n", 2, 12),
    ("a: !!int " + "7" * 4301 + "\n", 1, 4),
])
def test_integers_of_more_digits_than_python_converts_are_a_parse_error(text: str, line: int, column: int) -> None:
    with pytest.raises(SourceError) as caught:
        load_yaml(text)
    assert (caught.value.code, caught.value.line, caught.value.column) == ("SMM001", line, column)
    assert "a number of more than 4300 digits" in caught.value.message


def test_integers_of_many_digits_in_hex_octal_quotes_or_floats_are_read() -> None:
    data = load_yaml(f"a: 0x{'f' * 5000}\nb: '{'9' * 5000}'\nc: {'9' * 5000}.5\nd: {'9' * 4300}\n").data
    assert data["a"] == 16**5000 - 1 and data["b"] == "9" * 5000 and data["c"] == float("inf")
    assert data["d"] == 10**4300 - 1


def test_long_numbers_in_json_are_placed() -> None:
    with pytest.raises(SourceError) as caught:
        load_json('{"kind": "plan", "note": "a: 99",\n "posts": [1, ' + "9" * 5000 + "]}")
    assert (caught.value.line, caught.value.column) == (2, 15)
    assert "a number of more than 4300 digits" in caught.value.message


def test_dumped_yaml_keeps_a_long_run_of_digits_as_text() -> None:
    from smmlint.sourcetree import dump_yaml

    data = {"id": "9" * 5000}
    assert load_yaml(dump_yaml(data)).data == data


@pytest.mark.parametrize(("text", "line", "column"), [
    ("a: &a [*a]\nkind: plan\n", 1, 8),
    ("kind: plan\nbase: &b\n  x: 1\n  self: *b\n", 4, 9),
    ("a: &a {<<: *a}\n", 1, 12),
    ("a: &a [1, [2, {b: *a}]]\nb: *a\n", 1, 19),
    ("a: &a [1]\nb: *a\nc: &c [*a, [*c]]\n", 3, 13),
])
def test_an_alias_inside_the_node_it_names_is_a_parse_error_at_the_alias(text: str, line: int, column: int) -> None:
    with pytest.raises(SourceError) as caught:
        load_yaml(text)
    assert (caught.value.code, caught.value.line, caught.value.column) == ("SMM001", line, column)
    assert "an alias refers to the node that holds it" in caught.value.message


def test_deep_nesting_after_an_alias_is_refused() -> None:
    # Counting what aliases expand to walks the whole document first: it is bounded too.
    text = "a: &a [1]\nb: *a\nc:\n" + "".join("  " * n + "-\n" for n in range(900))
    with pytest.raises(SourceError) as caught:
        load_yaml(text)
    assert "nested more than" in caught.value.message


@pytest.mark.parametrize(("value", "expected"), [
    ("!!str 5", "5"), ("!!str true", "true"), ('!!int "12"', 12), ("!!int 0x1F", 31), ("!!float 5", 5.0),
    ("!!float .inf", float("inf")), ("!!bool false", False), ("!!null ~", None), ("!!null", None),
    ("!!timestamp 2026-12-01", "2026-12-01"), ("!!seq [1]", [1]), ("!!map {a: 1}", {"a": 1}),
])
def test_explicit_tags_give_their_type(value: str, expected: object) -> None:
    assert load_yaml(f"value: {value}\n").data == {"value": expected}


@pytest.mark.parametrize(("value", "message"), [
    ("!!int abc", "!!int abc is not an integer"), ("!!int 1.5", "!!int 1.5 is not an integer"),
    ("!!null abc", "!!null abc is not null"), ("!!bool yes", "!!bool yes is not true or false"),
    ("!!float abc", "!!float abc is not a number"), ("!!map abc", "!!map abc is not a mapping"),
    ("!!str [1]", "!!str cannot tag a list"), ("!!seq {a: 1}", "!!seq cannot tag a mapping"),
])
def test_explicit_tags_that_do_not_fit_their_value_are_a_parse_error(value: str, message: str) -> None:
    with pytest.raises(SourceError) as caught:
        load_yaml(f"kind: plan\nvalue: {value}\n")
    assert (caught.value.code, caught.value.line, caught.value.column, caught.value.message) == (
        "SMM001", 2, 8, message)


def test_merges_of_anything_but_mappings_are_problems() -> None:
    tree = load_yaml("base: &b {x: 1}\na: {<<: 5, y: 2}\nb: {<<: [*b, 1, [2]], y: 2}\nc: &c {<<: null}\nd: *c\n")
    assert tree.data == {"base": {"x": 1}, "a": {"y": 2}, "b": {"x": 1, "y": 2}, "c": {}, "d": {}}
    assert [(p.code, p.line, p.column) for p in tree.problems] == [
        ("SMM002", 2, 9), ("SMM002", 3, 14), ("SMM002", 3, 17), ("SMM002", 4, 12)]  # once, though aliased
    assert all("'<<' merges mappings only" in p.message for p in tree.problems)


@pytest.mark.parametrize(("data", "line", "column", "what"), [
    ("kind: plan\nposts:\n  - id: a\n    text: Привет мир ".encode() + b"\xff\n", 4, 22, "byte 0xff"),
    (b"\xff\xfe" + "kind: plan\nposts: [ab".encode("utf-16-le") + b"\x3d\xd8" + "]\n".encode("utf-16-le"), 2, 11,
     "a lone surrogate U+D83D"),
    (b"\xfe\xff" + "привет\nab".encode("utf-16-be") + b"\xdc\x00", 2, 3, "a lone surrogate U+DC00"),
    (b"\xff\xfe\x00\x00" + "ы: 1\nы".encode("utf-32-le") + b"\x00\x00\x11\x00", 2, 2, "U+110000, beyond"),
])
def test_undecodable_text_is_placed_in_characters(data: bytes, line: int, column: int, what: str) -> None:
    with pytest.raises(SourceError) as caught:
        decode_text(data)
    assert (caught.value.code, caught.value.line, caught.value.column) == ("SMM004", line, column)
    assert what in caught.value.message
