"""YAML and JSON text to plain data, keeping a 1-based line/column for every node.

Reading is the hot path for big plans, so it uses libyaml's composer (through PyYAML's C
binding) and turns the node graph into data here, never through a YAML constructor: tags
build no objects, scalars are resolved by the YAML 1.2 core schema (``no`` stays a string,
``2026-12-01`` stays text for the models to parse), and alias expansion is bounded before
any of it is copied, so a "billion laughs" file ends at once with a parse error.
"""

from __future__ import annotations

import gc
import json
import re
import sys
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

import yaml

if TYPE_CHECKING:
    from .jsontree import JsonTree

try:  # libyaml is bundled in PyYAML's wheels; the pure-Python loader is the same grammar.
    # The base loader does not run PyYAML's YAML 1.1 resolver over every scalar: plain
    # scalars are resolved here, by the YAML 1.2 core schema, which is also faster.
    from yaml import CBaseLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import BaseLoader as _Loader  # type: ignore[assignment]



class _ComposingLoader(_Loader):
    """libyaml's composer without PyYAML's YAML 1.1 resolver.

    The composer asks the resolver for the tag of every untagged node; ``_resolve_scalar``
    resolves plain scalars afterwards (YAML 1.2 core), so any allowed tag will do here.
    Explicit tags (``!!python/object``) never reach the resolver and are refused later.
    """

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        return _IMPLICIT

    def descend_resolver(self, parent: Any, index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None


Pointer = Sequence["str | int"]

MAX_DEPTH = 100
"""Deeper nesting than any plan or policy needs; guards the recursion below."""

MAX_EXPANDED_NODES = 2_000_000
"""Nodes a document may have once aliases are expanded (a 100,000-post plan has ~1.5M)."""

MAX_DOCUMENT_BYTES = 64 * 1024 * 1024
"""Plans and policies are edited by people; anything bigger is refused, not read."""

MAX_JSON_BYTES = 512 * 1024 * 1024
"""JSON may be a machine export (a year of a big group chat); beyond this it is refused."""

_STANDARD_TAG = "tag:yaml.org,2002:"
_IMPLICIT = "tag:smmlint,implicit"
"""The tag of every node written without one (a plain scalar's type is its text's)."""
_ALLOWED_TAGS = frozenset(
    _STANDARD_TAG + name
    for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp", "merge", "value")
)
_MAYBE_NOT_TEXT = frozenset("0123456789+-.~nNtTfF")
_NULL = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
_INT = re.compile(r"[-+]?[0-9]+\Z")
_OCT = re.compile(r"0o[0-7]+\Z")
_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_INF = re.compile(r"[-+]?\.(inf|Inf|INF)\Z")
_NAN = re.compile(r"\.(nan|NaN|NAN)\Z")


_SMALL_MAPPING = 16
"""Keys a mapping may have and still be scanned for each lookup of one (see ``SourceTree._member``)."""


class Located(Protocol):
    """A parsed document that knows where its parts are written (YAML or JSON)."""

    data: Any

    def position(self, pointer: Pointer, *, key: bool = False) -> tuple[int, int]: ...


# What the usual YAML mistakes of people editing a plan by hand mean, after the parser's words.
_YAML_HINTS = (
    ("mapping values are not allowed", ": a ': ' inside a value? put the value in quotes, or check the indentation"),
    ("expected '-' indicator", ": check this line's indentation against the list items above it"),
    ("expected <block end>", ": check this line's indentation against the lines above it"),
    ("cannot start any token", ": a tab (indent with spaces), or a value starting with @ or ` (quote it)"),
    ("could not find expected ':'", ": a key without ':', or a quote left open above"),
    ("found unexpected end of stream", ": a quote or bracket left open"),
)


class SourceError(Exception):
    """The text cannot be read as a document (SMM001), or not decoded (SMM004)."""

    def __init__(self, message: str, line: int = 1, column: int = 1, code: str = "SMM001"):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.code = code


@dataclass(frozen=True)
class Problem:
    """A defect found while reading that still leaves usable data (e.g. a duplicate key)."""

    code: str
    message: str
    line: int
    column: int


@dataclass
class SourceTree:
    """The data of one document and the node graph that knows where each value was written."""

    data: Any
    root: yaml.Node | None
    problems: list[Problem] = field(default_factory=list)
    _asked: set[int] = field(default_factory=set, repr=False, compare=False)  # mappings a key was looked up in
    _keys: dict[int, dict[str, tuple[yaml.Node, yaml.Node]]] = field(  # their indexes, from the 2nd time
        default_factory=dict, repr=False, compare=False)

    def position(self, pointer: Pointer, *, key: bool = False) -> tuple[int, int]:
        """1-based (line, column) of the node at ``pointer``; of its key when ``key``.

        A pointer into a part that does not exist (a missing field) resolves to the nearest
        existing ancestor — to its key when it has one (``contests:``), since that is the
        line where a user adds what is missing.
        """
        node = self.root
        if node is None:
            return (1, 1)
        mark = node.start_mark
        key_mark = None
        for index, part in enumerate(pointer):
            if isinstance(node, yaml.MappingNode):
                name = str(part)
                # A post's or a section's few keys are scanned, nothing kept.
                found = self._member(node, name) if len(node.value) > _SMALL_MAPPING else _scan(node, name)
                if found is None:
                    return _one_based(key_mark or mark)
                key_mark, node = found[0].start_mark, found[1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
                node = node.value[part]
                key_mark = None
            else:
                return _one_based(key_mark or mark)
            mark = node.start_mark
        return _one_based(key_mark if (key and key_mark) else mark)

    def _member(self, node: yaml.MappingNode, name: str) -> tuple[yaml.Node, yaml.Node] | None:
        """(key node, value node) of the key ``name`` of a big mapping; the last of repeated
        keys wins. A mapping asked about a second time is indexed whole, once: asking for every
        key of it (each unknown field of a mapping of thousands) stays linear."""
        identity = id(node)
        index = self._keys.get(identity)
        if index is not None:
            return index.get(name)
        if identity in self._asked:
            index = self._keys[identity] = {
                key_node.value: (key_node, value_node)
                for key_node, value_node in node.value if isinstance(key_node, yaml.ScalarNode)}
            return index.get(name)
        self._asked.add(identity)
        return _scan(node, name)


def _scan(node: yaml.MappingNode, name: str) -> tuple[yaml.Node, yaml.Node] | None:
    """(key node, value node) of the key ``name`` of a mapping, read key by key; the last of
    repeated keys wins."""
    found = None
    for key_node, value_node in node.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == name:
            found = (key_node, value_node)
    return found


def text_scalar_test(tree: Any) -> Callable[[int, int], bool]:
    """A test of whether 1-based ``line``, ``column`` of a YAML document lies inside a quoted
    or block scalar (a `#` there is text, not a comment). The nodes are walked once, when the
    test is first used: only documents with a `# smmlint:` ask."""
    spans: list[tuple[tuple[int, int], tuple[int, int]]] | None = None

    def inside(line: int, column: int) -> bool:
        nonlocal spans
        if spans is None:
            spans = sorted(_text_spans(tree))
        where = (line - 1, column - 1)
        index = bisect_right(spans, (where, where)) - 1
        # Text spans never overlap: only the last one starting before ``where`` can hold it.
        return index >= 0 and spans[index][0] < where < spans[index][1]

    return inside


def _text_spans(tree: Any) -> Iterator[tuple[tuple[int, int], tuple[int, int]]]:
    """(start, end) of every quoted or block scalar, 0-based; a block scalar's text starts on
    the line after its indicator (`text: |  # a comment`)."""
    stack = [tree.root] if isinstance(tree, SourceTree) and tree.root is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            if node.style:
                start = (node.start_mark.line, node.start_mark.column)
                if node.style in "|>":
                    start = (start[0] + 1, -1)
                yield start, (node.end_mark.line, node.end_mark.column)
        elif isinstance(node, yaml.MappingNode):
            stack.extend(part for pair in node.value for part in pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


def _one_based(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


@contextmanager
def collector_paused() -> Iterator[None]:
    # The cyclic collector rescans every young object while libyaml allocates nodes and the
    # rules fill their tables, which makes a run 2-4x slower and superlinear on big files.
    # Records, nodes and findings hold no reference cycles: reference counting frees them.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def decode_text(data: bytes) -> str:
    """Decode a YAML/JSON file: UTF-8 (with or without BOM) or UTF-16/32 with a BOM."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return _decode_or_fail(data, "utf-32")
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode_or_fail(data, "utf-16")
    return _decode_or_fail(data, "utf-8")


def _decode_or_fail(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        # The line and column of an editor, in characters: the text before the bad bytes
        # decodes (the decoder stopped at them), a BOM included.
        before = data[: error.start].decode(encoding, errors="replace")
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        raise SourceError(
            f"cannot decode the file as {encoding.upper()} ({_undecodable(data, error)}); save it as UTF-8",
            line,
            column,
            code="SMM004",
        ) from None


def _undecodable(data: bytes, error: UnicodeDecodeError) -> str:
    """What cannot be decoded: a byte, or a UTF-16/32 unit that is half of a character."""
    unit = data[error.start : error.end]
    if len(unit) in (2, 4):  # one UTF-16 or UTF-32 code unit, in the order its BOM says
        value = int.from_bytes(unit, "little" if data.startswith(b"\xff\xfe") else "big")
        if 0xD800 <= value <= 0xDFFF:
            return f"a lone surrogate U+{value:04X}, half of a character such as an emoji"
        if value > 0x10FFFF:
            return f"U+{value:X}, beyond the last Unicode character"
    return f"byte 0x{data[error.start]:02x}"


def load_yaml(text: str) -> SourceTree:
    """Compose one YAML document and convert it to data with positions."""
    if len(text) > MAX_DOCUMENT_BYTES:
        raise SourceError(f"file is larger than {MAX_DOCUMENT_BYTES // 2**20} MiB")
    with collector_paused():
        try:
            root = yaml.compose(text, Loader=_ComposingLoader)
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            problem = error.problem or error.context or "invalid YAML"
            if error.context and error.problem:
                problem = f"{problem} ({error.context})"
            hint = next((hint for words, hint in _YAML_HINTS if words in problem), "")
            raise SourceError(f"YAML syntax error: {problem}{hint}", line, column) from None
        except yaml.reader.ReaderError as error:
            line = text.count("\n", 0, error.position) + 1
            column = error.position - (text.rfind("\n", 0, error.position) + 1) + 1
            raise SourceError(f"YAML cannot hold character #x{error.character:04x} here: {error.reason}",
                              line, column) from None
        except yaml.YAMLError as error:
            raise SourceError(f"YAML error: {str(error).splitlines()[0]}") from None
        if root is None:
            return SourceTree(None, None)
        return _Converter(root, text).tree()


def load_json(text: str) -> JsonTree:
    """Parse JSON strictly, with positions for every part (a :class:`~smmlint.jsontree.JsonTree`).

    JSON is read by ``json.loads`` and located by a light index, not the YAML composer: exports
    of hundreds of megabytes stay within a few times their size in memory.
    """
    from .jsontree import index_json, loads

    if len(text) > MAX_JSON_BYTES:
        raise SourceError(f"file is larger than {MAX_JSON_BYTES // 2**20} MiB")
    try:
        data, repeats = loads(text)
    except json.JSONDecodeError as error:
        raise SourceError(f"JSON syntax error: {error.msg}", error.lineno, error.colno) from None
    except RecursionError:
        raise SourceError(f"JSON is nested more than {MAX_DEPTH} levels deep") from None
    except ValueError as error:  # an integer of thousands of digits (Python's conversion limit)
        # Where it is written: a run of digits after a bracket, a comma or a colon (inside a
        # string, json.loads takes any text).
        digits = sys.get_int_max_str_digits()
        long_number = re.compile(rf"(?:\A|[\[,:])\s*(-?[0-9]{{{digits + 1},}})").search(text)
        if long_number is None:  # pragma: no cover - json.loads raises no other ValueError
            raise SourceError(f"JSON value cannot be read: {error}") from None
        start = long_number.start(1)
        line = text.count("\n", 0, start) + 1
        column = start - (text.rfind("\n", 0, start) + 1) + 1
        raise SourceError(_too_many_digits(), line, column) from None
    return index_json(text, data, repeats)


def _too_many_digits() -> str:
    return (f"a number of more than {sys.get_int_max_str_digits()} digits, which smmlint does not read"
            " (quote it if it is text)")


class _Converter:
    def __init__(self, root: yaml.Node, text: str = "") -> None:
        self._root = root
        self._text = text
        self.problems: list[Problem] = []
        self._seen_collections: set[int] = set()
        self._sizes_checked = False

    def tree(self) -> SourceTree:
        data = self._convert(self._root, 0)
        # A mapping that aliases repeat is converted each time: its problems are said once.
        return SourceTree(data, self._root, list(dict.fromkeys(self.problems)))

    def _check_size(self) -> None:
        self._sizes_checked = True
        try:
            size = _expanded_size(self._root, {}, 0)
        except _Recursive:
            mark = _recursive_alias(self._text) or self._root.start_mark
            raise SourceError("an alias refers to the node that holds it (a mapping or list"
                              " cannot hold itself)", mark.line + 1, mark.column + 1) from None
        if size > MAX_EXPANDED_NODES:
            mark = self._root.start_mark
            raise SourceError(
                f"aliases expand to more than {MAX_EXPANDED_NODES:,} values; refusing to read"
                " (is it a 'billion laughs' file?)",
                mark.line + 1,
                mark.column + 1,
            )

    def _convert(self, node: yaml.Node, depth: int) -> Any:
        if isinstance(node, yaml.ScalarNode):
            return _resolve_scalar(node) if node.tag == _IMPLICIT else _tagged_scalar(node)
        if node.tag != _IMPLICIT:
            _check_collection_tag(node)
        if depth >= MAX_DEPTH:
            raise _node_error(node, f"document is nested more than {MAX_DEPTH} levels deep")
        # A collection met twice is an alias: before copying anything, make sure the whole
        # expansion stays bounded (checked once per document, only when aliases are used).
        identity = id(node)
        if identity in self._seen_collections and not self._sizes_checked:
            self._check_size()
        self._seen_collections.add(identity)
        if isinstance(node, yaml.SequenceNode):
            return [self._convert(item, depth + 1) for item in node.value]
        assert isinstance(node, yaml.MappingNode)
        return self._convert_mapping(node, depth)

    def _convert_mapping(self, node: yaml.MappingNode, depth: int) -> Any:
        result: dict[str, Any] = {}
        merged: dict[str, Any] = {}
        firsts: dict[str, yaml.Node] | None = None  # where each key is first given, once one repeats
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _node_error(key_node, "a mapping key must be plain text, not a list or a mapping")
            if key_node.value == "<<" and not key_node.style:
                self._merge(merged, value_node, depth)
                continue
            key = key_node.value
            if key in result:
                if firsts is None:
                    firsts = {k.value: k for k, _ in reversed(node.value) if isinstance(k, yaml.ScalarNode)}
                self._duplicate(firsts[key], key_node)
            result[key] = self._convert(value_node, depth + 1)
        if merged:
            return {**merged, **result}
        return result

    def _merge(self, merged: dict[str, Any], value_node: yaml.Node, depth: int) -> None:
        """Add to ``merged`` what a merge key (``<<: *base`` or ``<<: [*a, *b]``) brings: the
        first of a list wins. Only mappings merge: anything else is a problem, left out."""
        value = self._convert(value_node, depth + 1)
        sources = list(zip(value, value_node.value)) if isinstance(value_node, yaml.SequenceNode) else [
            (value, value_node)]
        mappings = []
        for source, source_node in sources:
            if isinstance(source, dict):
                mappings.append(source)
            else:
                mark = source_node.start_mark
                self.problems.append(Problem(
                    "SMM002", "'<<' merges mappings only: give it a mapping, an alias of one (*base),"
                    " or a list of them", mark.line + 1, mark.column + 1))
        for source in reversed(mappings):
            merged.update(source)

    def _duplicate(self, first: yaml.Node, key_node: yaml.ScalarNode) -> None:
        mark = key_node.start_mark
        self.problems.append(
            Problem(
                "SMM002",
                f"duplicate key '{key_node.value}' (first given at line"
                f" {first.start_mark.line + 1}); the last one is used",
                mark.line + 1,
                mark.column + 1,
            )
        )


class _Recursive(Exception):
    """A collection holds itself through an alias (``a: &a [*a]``)."""


def _expanded_size(node: yaml.Node, sizes: dict[int, int], depth: int) -> int:
    # Memoised per node object, so shared (aliased) subtrees are counted by multiplication
    # without being walked again: linear in the text, not in the expansion. A node still
    # being counted (-1) met again holds itself: its expansion never ends.
    known = sizes.get(id(node))
    if known is not None:
        if known < 0:
            raise _Recursive
        return known
    if isinstance(node, yaml.ScalarNode):
        return 1
    if depth >= MAX_DEPTH:
        raise _node_error(node, f"document is nested more than {MAX_DEPTH} levels deep")
    sizes[id(node)] = -1
    if isinstance(node, yaml.MappingNode):
        size = 1 + sum(
            _expanded_size(k, sizes, depth + 1) + _expanded_size(v, sizes, depth + 1)
            for k, v in node.value
        )
    else:
        size = 1 + sum(_expanded_size(item, sizes, depth + 1) for item in node.value)
    size = min(size, MAX_EXPANDED_NODES + 1)
    sizes[id(node)] = size
    return size


def _recursive_alias(text: str) -> Any:
    """The mark of the first alias written inside the collection its anchor names, if any."""
    latest: dict[str, int] = {}  # anchor -> the number of the node it names now
    open_nodes: list[int] = []  # the collections being read, by number
    number = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent):
                if event.anchor in latest and latest[event.anchor] in open_nodes:
                    return event.start_mark
            elif isinstance(event, (yaml.ScalarEvent, yaml.CollectionStartEvent)):
                number += 1
                if event.anchor is not None:
                    latest[event.anchor] = number
                if isinstance(event, yaml.CollectionStartEvent):
                    open_nodes.append(number)
            elif isinstance(event, yaml.CollectionEndEvent):
                open_nodes.pop()
    except yaml.YAMLError:  # pragma: no cover - the text was composed once already
        return None
    return None


def _node_error(node: yaml.Node, message: str) -> SourceError:
    mark = node.start_mark
    return SourceError(message, mark.line + 1, mark.column + 1) if mark is not None else SourceError(message)


def _check_collection_tag(node: yaml.Node) -> None:
    tag = node.tag
    wanted = {_STANDARD_TAG + "map": yaml.MappingNode, _STANDARD_TAG + "seq": yaml.SequenceNode}.get(tag)
    if tag not in _ALLOWED_TAGS:
        raise _node_error(node, f"YAML tag '{tag}' is not allowed: smmlint reads plain data only")
    if wanted is None or not isinstance(node, wanted):
        what = "a mapping" if isinstance(node, yaml.MappingNode) else "a list"
        raise _node_error(node, f"!!{tag.removeprefix(_STANDARD_TAG)} cannot tag {what}")


_SCALAR_TAGS: dict[str, tuple[str, Callable[[Any], bool]]] = {
    "int": ("an integer", lambda value: type(value) is int),
    "float": ("a number", lambda value: type(value) in (int, float)),
    "bool": ("true or false", lambda value: type(value) is bool),
    "null": ("null", lambda value: value is None),
}


def _tagged_scalar(node: yaml.ScalarNode) -> Any:
    """A scalar with an explicit tag: ``!!str 5`` is text, ``!!int abc`` is a mistake."""
    tag = node.tag
    if tag not in _ALLOWED_TAGS:
        raise _node_error(node, f"YAML tag '{tag}' is not allowed: smmlint reads plain data only")
    name = tag.removeprefix(_STANDARD_TAG)
    if name in ("str", "timestamp"):  # dates stay text, for the models to parse
        return node.value
    if name in ("map", "seq"):
        raise _node_error(node, f"!!{name} {_shown(node.value)} is not a {'mapping' if name == 'map' else 'list'}")
    expected = _SCALAR_TAGS.get(name)
    # The type a plain scalar of this text would have; quoting does not change what a tag says.
    value = _resolve_scalar(yaml.ScalarNode(_IMPLICIT, node.value.strip(), node.start_mark, node.end_mark))
    if expected is None:  # !!merge, !!value: as if untagged
        return value
    meaning, fits = expected
    if not fits(value):
        raise _node_error(node, f"!!{name} {_shown(node.value)} is not {meaning}")
    return float(value) if name == "float" else value


def _shown(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


def _resolve_scalar(node: yaml.ScalarNode) -> Any:
    value: str = node.value
    # Quoted and block scalars are text, and so is every plain scalar that cannot start a
    # YAML 1.2 null, boolean or number: most of a plan's scalars are settled by one lookup.
    if node.style or (value and value[0] not in _MAYBE_NOT_TEXT):
        return value
    if value in _NULL:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if _INT.match(value):
        try:
            return int(value)
        except ValueError:  # more digits than Python converts (it guards against slow parsing)
            raise _node_error(node, _too_many_digits()) from None
    if _OCT.match(value):
        return int(value[2:], 8)
    if _HEX.match(value):
        return int(value[2:], 16)
    if _FLOAT.match(value):
        return float(value)
    if _INF.match(value):
        return float("-inf") if value.startswith("-") else float("inf")
    if _NAN.match(value):
        return float("nan")
    return value


class _Dumper(yaml.SafeDumper):
    """Writes YAML that :func:`load_yaml` reads back as written (see :func:`dump_yaml`)."""


def whole_characters(text: str) -> str:
    """``text`` with half an emoji (a lone surrogate, which no UTF-8 text or YAML can hold)
    made U+FFFD."""
    return _LONE_HALF.sub("\ufffd", text)


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    value = whole_characters(value)
    style = None
    if any(char in value for char in "\x85\u2028\u2029"):
        style = '"'  # line breaks to YAML that a plain or single-quoted scalar would fold away
    elif not _reads_as_text(value):
        style = "'"  # `1e3`, `0o17`, `.inf`: numbers to YAML 1.2, which PyYAML's 1.1 writer leaves plain
    return dumper.represent_scalar(_STANDARD_TAG + "str", value, style=style)


def _reads_as_text(value: str) -> bool:
    try:
        return isinstance(_resolve_scalar(yaml.ScalarNode(_IMPLICIT, value)), str)
    except SourceError:  # a number of more digits than Python converts
        return False


_Dumper.add_representer(str, _represent_text)
_LONE_HALF = re.compile("[\ud800-\udfff]")


def dump_yaml(data: Any) -> str:
    """``data`` as YAML that reads back the same with this module's YAML 1.2 core schema:
    texts that would read as numbers are quoted, rare line breaks (U+0085, U+2028/9) escaped."""
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
