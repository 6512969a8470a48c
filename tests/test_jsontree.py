"""Positions in JSON documents: exact for every part, from a light index of the containers."""

from __future__ import annotations

import json
import random
from typing import Any

import pytest

from smmlint.jsontree import _paired, _walked, index_json, loads
from smmlint.sourcetree import MAX_DEPTH, SourceError, load_json

TEXT = (
    '{\n'
    '  "name": "Zerno \\"coffee\\" 😀",\n'
    '  "posts": [\n'
    '    {"id": "p1", "tags": [1, {"deep": true}], "text": "[not] {a} bracket"},\n'
    '    {"id": "p2"}\n'
    '  ],\n'
    '  "empty": {}, "none": [],\n'
    '  "last": null\n'
    '}\n'
)


@pytest.mark.parametrize(("pointer", "key", "expected"), [
    ((), False, (1, 1)),
    (("name",), False, (2, 11)),
    (("name",), True, (2, 3)),
    (("posts",), True, (3, 3)),
    (("posts", 0), False, (4, 5)),
    (("posts", 0, "tags", 1, "deep"), False, (4, 39)),
    (("posts", 0, "text"), False, (4, 55)),
    (("posts", 1, "id"), True, (5, 6)),
    (("empty",), False, (7, 12)),
    (("none",), True, (7, 16)),
    (("last",), False, (8, 11)),
    # Parts that do not exist: the nearest existing ancestor, at its key when it has one.
    (("posts", 1, "platform"), False, (5, 5)),
    (("posts", 7), False, (3, 3)),
    (("missing", "x"), False, (1, 1)),
])
def test_positions_of_values_and_keys(pointer: tuple[Any, ...], key: bool, expected: tuple[int, int]) -> None:
    assert load_json(TEXT).position(pointer, key=key) == expected


def test_a_repeated_key_is_a_problem_and_the_last_value_is_placed() -> None:
    tree = load_json('{"a": {"x": 1},\n "a": {"y": 2}}')
    assert tree.data == {"a": {"y": 2}}
    assert [(p.code, p.line, p.column) for p in tree.problems] == [("SMM002", 2, 2)]
    assert "first given at line 1" in tree.problems[0].message
    assert tree.position(("a", "y")) == (2, 13)


def test_nesting_is_bounded() -> None:
    deep = "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5)
    with pytest.raises(SourceError, match="nested more than"):
        load_json(deep)


def _random_json(rng: random.Random, depth: int = 0) -> Any:
    roll = rng.random()
    if depth < 4 and roll < 0.3:
        return {f"k{rng.randint(0, 9)}{'é[' if rng.random() < 0.2 else ''}": _random_json(rng, depth + 1)
                for _ in range(rng.randint(0, 4))}
    if depth < 4 and roll < 0.5:
        return [_random_json(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    return rng.choice([1, -2.5e3, True, None, "x", 'q"{[', "\u0444\U0001f600", ""])


def _pointers(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else []
    for part, child in children:
        found += _pointers(child, (*prefix, part))
    return found


def test_pairing_and_walking_agree_on_random_documents() -> None:
    rng = random.Random(11)
    for _ in range(300):
        data = _random_json(rng)
        text = json.dumps(data, ensure_ascii=rng.random() < 0.5, indent=rng.choice([None, 1, 2]))
        parsed, repeats = loads(text)
        assert not repeats
        paired, walked = _paired(text, parsed), _walked(text, parsed)
        for pointer in _pointers(parsed):
            for key in (False, True):
                assert paired.position(pointer, key=key) == walked.position(pointer, key=key), (text, pointer)
        assert index_json(text, parsed, repeats).position(()) == (1, 1 + len(text) - len(text.lstrip()))
