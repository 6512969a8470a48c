"""JSON text to data with positions, light enough for exports of hundreds of megabytes.

``json.loads`` (C) reads the data; one pass over the text then records where each object and
array starts (a dict from the container's identity to its offset: no node per scalar, no copy
of the data). The position of a scalar, or of a member's key, is found when asked for, by
scanning only the container that holds it. Line and column come from an array of line starts.
"""

from __future__ import annotations

import json
import re
from array import array
from bisect import bisect_right
from collections.abc import Callable, Sequence
from typing import Any

_SPACE = re.compile(r"[ \t\n\r]*")
_LINE_END = re.compile(r"\n")
# The decoder's C scanner reads one JSON value at an offset: (value, end). Not in the stubs.
_scan_once: Any = json.JSONDecoder().scan_once  # type: ignore[attr-defined]

Pointer = Sequence["str | int"]


class JsonTree:
    """The data of a JSON document and where its parts are written (like ``SourceTree``)."""

    def __init__(self, text: str, data: Any, problems: list[Any]) -> None:
        self.text = text
        self.data = data
        self.problems = problems
        self.repeats = True  # whether an object may repeat a key (then the last one counts)
        self._offsets: dict[int, int] = {}
        self._asked: set[int] = set()  # containers a member was looked up in
        self._members: dict[int, dict[str | int, tuple[int, int]]] = {}  # their indexes, from the 2nd time
        self._lines = array("q", [0])
        self._lines.extend(match.end() for match in _LINE_END.finditer(text))

    def position(self, pointer: Pointer, *, key: bool = False) -> tuple[int, int]:
        """1-based (line, column) of the value at ``pointer``; of its key when ``key``.

        A pointer into a part that does not exist resolves to the nearest existing ancestor —
        to its key when it has one, the line where a user adds what is missing.
        """
        node = self.data
        offset = self._offsets.get(id(node), _first_value(self.text))
        member: tuple[int, str | int, int] | None = None  # (parent's offset, part, offset) of the last step
        for part in pointer:
            if isinstance(node, dict) and isinstance(part, str) and part in node:
                child = node[part]
            elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
                child = node[part]
            else:
                return self._line_column(self._key_offset(member) if member else offset)
            known = self._offsets.get(id(child)) if isinstance(child, (dict, list)) else None
            if known is None:  # a scalar: find it in its container
                found = self._member(offset, part)
                if found is None:  # pragma: no cover - the text is json.loads' own
                    return self._line_column(offset)
                known = found[1]
            member = (offset, part, known)
            offset, node = known, child
        return self._line_column(self._key_offset(member) if key and member else offset)

    def _key_offset(self, member: tuple[int, str | int, int]) -> int:
        """Where a member's key is written; an array element has none: where it starts."""
        parent, part, offset = member
        if isinstance(part, int):
            return offset
        found = self._member(parent, part)
        return found[0] if found is not None else parent

    def _member(self, start: int, part: str | int) -> tuple[int, int] | None:
        """(key offset, value offset) of a member of the container at ``start``. A container
        asked about a second time is indexed whole, once: asking for every scalar of a big
        array or object stays linear."""
        index = self._members.get(start)
        if index is not None:
            return index.get(part)
        if start in self._asked:
            index = self._members[start] = _members(self.text, start)
            return index.get(part)
        self._asked.add(start)
        return _member(self.text, start, part, self.repeats)

    def _line_column(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self._lines, offset)
        return (line, offset - self._lines[line - 1] + 1)


# Everything up to the next bracket outside strings, in one match: the brackets are the only
# places Python code looks at, so indexing runs at the regular expression engine's speed.
_TO_BRACKET = re.compile(r'[^"{}\[\]]*+(?:"[^"\\]*+(?:\\.[^"\\]*+)*+"[^"{}\[\]]*+)*+([{}\[\]])')


def loads(text: str) -> tuple[Any, bool]:
    """``json.loads``, and whether any object repeats a key (then :func:`index_json` must walk
    the text member by member, to report the repeats and to place the values that won)."""
    repeats = False

    def pairs_to_dict(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        nonlocal repeats
        result = dict(pairs)
        if len(result) != len(pairs):
            repeats = True
        return result

    data = json.loads(text, object_pairs_hook=pairs_to_dict)
    if _LONE_SURROGATE.search(text):
        from .sourcetree import whole_characters

        data = _with_whole_characters(data, whole_characters)
    return data, repeats


# A broken emoji: half of a UTF-16 pair escaped alone (`\ud83d`), which json.loads keeps as a
# lone surrogate that no UTF-8 text can hold (regular expressions, reports, YAML all refuse it).
_LONE_SURROGATE = re.compile(
    r"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F])|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}")


def _with_whole_characters(value: Any, whole: Callable[[str], str]) -> Any:
    """``value`` with ``whole`` applied to its texts (keys too), keeping its containers (their
    order is what :func:`index_json` pairs with the text)."""
    if isinstance(value, str):
        return whole(value)
    if isinstance(value, list):
        value[:] = [_with_whole_characters(item, whole) for item in value]
    elif isinstance(value, dict):
        items = [(_with_whole_characters(key, whole), _with_whole_characters(item, whole))
                 for key, item in value.items()]
        value.clear()
        value.update(items)
    return value


def index_json(text: str, data: Any, repeats: bool = True) -> JsonTree:
    """The tree of ``data``, parsed from ``text`` by ``json.loads``; duplicate keys are problems.

    Without repeated keys (``repeats`` False, as :func:`loads` tells), the containers of the
    text, in order, are the containers of the data in pre-order: they are paired up at once.
    """
    if not repeats:
        return _paired(text, data)
    return _walked(text, data)


def _paired(text: str, data: Any) -> JsonTree:
    from .sourcetree import MAX_DEPTH, SourceError

    tree = JsonTree(text, data, [])
    tree.repeats = False
    if type(data) is not dict and type(data) is not list:
        return tree  # a lone scalar: nothing inside it to place
    # Up to the document's last bracket: past it, every start would scan the rest in vain.
    end = len(text.rstrip(" \t\n\r"))
    opens = [match.start(1) for match in _TO_BRACKET.finditer(text, 0, end) if match.group(1) in "{["]
    containers: list[Any] = []

    def collect(value: Any, depth: int) -> None:
        if depth > MAX_DEPTH:
            line, column = tree._line_column(opens[len(containers) - 1])
            raise SourceError(f"document is nested more than {MAX_DEPTH} levels deep", line, column)
        for child in value.values() if type(value) is dict else value:
            if type(child) is dict or type(child) is list:
                containers.append(child)
                collect(child, depth + 1)

    containers.append(data)
    collect(data, 0)
    if len(containers) != len(opens):  # pragma: no cover - the text is json.loads' own
        return _walked(text, data)
    tree._offsets = {id(container): offset for container, offset in zip(containers, opens)}
    return tree


def _walked(text: str, data: Any) -> JsonTree:
    from .sourcetree import MAX_DEPTH, Problem, SourceError

    tree = JsonTree(text, data, [])
    offsets = tree._offsets
    problems: list[Problem] = []

    def walk(index: int, value: Any, depth: int = 0) -> int:
        """Record the containers from ``index`` (the start of ``value``); the end of it."""
        opening = text[index]
        if depth > MAX_DEPTH and opening in "{[":
            line, column = tree._line_column(index)
            raise SourceError(f"document is nested more than {MAX_DEPTH} levels deep", line, column)
        if opening == "{":
            offsets[id(value)] = index
            seen: dict[str, int] = {}
            index = _SPACE.match(text, index + 1).end()  # type: ignore[union-attr]
            if text[index] == "}":
                return index + 1
            while True:
                key_at = index
                name, index = _scan_once(text, index)
                if name in seen:
                    line, column = tree._line_column(key_at)
                    first = tree._line_column(seen[name])[0]
                    problems.append(Problem(
                        "SMM002", f"duplicate key '{name}' (first given at line {first}); the last one is used",
                        line, column))
                seen[name] = key_at
                index = _SPACE.match(text, index).end() + 1  # type: ignore[union-attr]  # the colon
                index = _SPACE.match(text, index).end()  # type: ignore[union-attr]
                index = walk(index, value.get(name) if isinstance(value, dict) else None, depth + 1)
                index = _SPACE.match(text, index).end()  # type: ignore[union-attr]
                if text[index] == "}":
                    return index + 1
                index = _SPACE.match(text, index + 1).end()  # type: ignore[union-attr]
        if opening == "[":
            offsets[id(value)] = index
            index = _SPACE.match(text, index + 1).end()  # type: ignore[union-attr]
            if text[index] == "]":
                return index + 1
            position = 0
            while True:
                item = value[position] if isinstance(value, list) and position < len(value) else None
                index = walk(index, item, depth + 1)
                position += 1
                index = _SPACE.match(text, index).end()  # type: ignore[union-attr]
                if text[index] == "]":
                    return index + 1
                index = _SPACE.match(text, index + 1).end()  # type: ignore[union-attr]
        return int(_scan_once(text, index)[1])

    walk(_first_value(text), data)
    tree.problems = problems
    return tree


def _first_value(text: str) -> int:
    return _SPACE.match(text, 0).end()  # type: ignore[union-attr]


def _members(text: str, start: int) -> dict[str | int, tuple[int, int]]:
    """Every member of the container at ``start``: key or index -> (key offset, value offset);
    the last of repeated keys wins."""
    found: dict[str | int, tuple[int, int]] = {}
    opening = text[start]
    index = _SPACE.match(text, start + 1).end()  # type: ignore[union-attr]
    position = 0
    while text[index] not in "}]":
        if opening == "{":
            key_at = index
            name, index = _scan_once(text, index)
            index = _SPACE.match(text, index).end() + 1  # type: ignore[union-attr]
            index = _SPACE.match(text, index).end()  # type: ignore[union-attr]
            found[name] = (key_at, index)
        else:
            found[position] = (index, index)
        index = _skip(text, index)
        position += 1
        index = _SPACE.match(text, index).end()  # type: ignore[union-attr]
        if text[index] == ",":
            index = _SPACE.match(text, index + 1).end()  # type: ignore[union-attr]
    return found


def _member(text: str, start: int, part: str | int, repeats: bool = True) -> tuple[int, int] | None:
    """(key offset, value offset) of the member ``part`` of the container starting at
    ``start``; for an array, both are the element's offset. The last of repeated keys wins
    (``repeats`` False: no key repeats, so the first match is the one)."""
    opening = text[start]
    index = _SPACE.match(text, start + 1).end()  # type: ignore[union-attr]
    found: tuple[int, int] | None = None
    if text[index] in "}]":
        return None
    position = 0
    while True:
        if opening == "{":
            key_at = index
            name, index = _scan_once(text, index)
            index = _SPACE.match(text, index).end() + 1  # type: ignore[union-attr]
            index = _SPACE.match(text, index).end()  # type: ignore[union-attr]
            if name == part:
                found = (key_at, index)
                if not repeats:
                    return found
        elif position == part:
            return (index, index)
        index = _skip(text, index)
        position += 1
        index = _SPACE.match(text, index).end()  # type: ignore[union-attr]
        if text[index] in "}]":
            return found
        index = _SPACE.match(text, index + 1).end()  # type: ignore[union-attr]


def _skip(text: str, index: int) -> int:
    """The end of the value starting at ``index`` (nested containers skipped whole, their
    strings inside the regular expression)."""
    if text[index] not in "{[":
        return int(_scan_once(text, index)[1])
    depth = 0
    while True:
        match = _TO_BRACKET.match(text, index)
        if match is None:  # pragma: no cover - the text is json.loads' own
            return len(text)
        index = match.end()
        depth += 1 if match.group(1) in "{[" else -1
        if depth == 0:
            return index
