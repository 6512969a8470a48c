"""The quick (msgspec) path of log lines against the exact (pydantic) one.

Contract (see ``smmlint/fastevents.py``): what the quick path accepts is a subset of what
``models.EVENT`` accepts, with the same values: the same ``at`` instant, utcoffset and
isoformat, the same present fields, absent optional fields reading as None. A line the
quick path refuses goes to pydantic, so ``documents.stream_log`` as a whole must give
exactly what pydantic gives, line for line, whatever batches the lines are read in.

The quick path is reached through ``fastevents.quick_event`` / ``quick_batch`` (or, in its
earlier form, ``QUICK_DECODE`` + ``may_differ``): the tests use whichever the module has.

The corpus of lines is built deterministically: hand-written edge cases (every field set to
null / a number / true / a list / "", unknown and missing fields, bad literals, timestamps in
many shapes, duplicate keys, unicode escapes, invalid UTF-8, BOM, whitespace) and a seeded
mutation fuzzer over valid lines.
"""

from __future__ import annotations

import functools
import io
import itertools
import json
import random
import typing
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import msgspec
import pytest
from pydantic import ValidationError

from smmlint import documents, fastevents, fields, models
from smmlint.engine import lint_paths
from smmlint.idset import IdSet

SEED = 20261201
FUZZ_LINES = 4000


# --- the quick path, as the current fastevents module offers it ---------------------------

def quick(raw: bytes) -> Any | None:
    """The event the quick path vouches for, or None when it refuses or defers to pydantic.

    ``fastevents.quick_event`` when the module has it (what ``stream_log`` inlines); else
    the earlier form: ``QUICK_DECODE`` accepted and ``may_differ`` did not flag the line.
    """
    quick_event = getattr(fastevents, "quick_event", None)
    if quick_event is not None:
        return quick_event(raw)
    try:
        event = fastevents.QUICK_DECODE(raw)
    except fastevents.QUICK_ERRORS:
        return None
    if fastevents.may_differ(raw):  # type: ignore[attr-defined]
        return None
    return event


def exact(raw: bytes) -> dict[str, Any] | None:
    """pydantic's event of the line, or None when it rejects it."""
    try:
        return dict(models.EVENT.validate_json(documents._whole_escapes(raw)))
    except ValidationError:
        return None


def differences(event: Any, expected: dict[str, Any]) -> list[str]:
    """How a LogEvent differs from pydantic's dict of the same line (empty: it does not)."""
    found = []
    for name in fastevents.FIELDS:
        got, want = event.get(name), expected.get(name)
        if name == "at":
            if not isinstance(got, datetime):
                found.append(f"at is {type(got).__name__} {got!r}, not a datetime")
                continue
            if got != want or got.utcoffset() != want.utcoffset() or got.isoformat() != want.isoformat():
                found.append(f"at {got.isoformat()} (offset {got.utcoffset()}) != {want.isoformat()}"
                             f" (offset {want.utcoffset()})")
        elif got != want or type(got) is not type(want):
            found.append(f"{name}: {got!r} != {want!r}")
        if want is None and event.get(name, "<absent>") != "<absent>":
            found.append(f"{name}: absent, but get(name, default) does not give the default")
    record = {key: value for key, value in event.as_record().items() if not key.startswith("$")}
    if set(record) != set(expected):
        found.append(f"as_record() keys {sorted(record)} != {sorted(expected)}")
    elif any(record[key] != expected[key] for key in expected):
        found.append(f"as_record() {record!r} != {expected!r}")
    return found


# --- drift: LogEvent mirrors models.Event ---------------------------------------------------

def _unwrap(annotation: Any) -> Any:
    """The type under NotRequired/Required/Annotated."""
    while typing.get_origin(annotation) in (typing.NotRequired, typing.Required, typing.Annotated):
        annotation = typing.get_args(annotation)[0]
    return annotation


def _literal_values(annotation: Any) -> frozenset[Any] | None:
    """The allowed values of a Literal inside ``annotation`` (a union, Annotated...), or None."""
    annotation = _unwrap(annotation)
    if typing.get_origin(annotation) is typing.Literal:
        return frozenset(typing.get_args(annotation))
    found: set[Any] = set()
    for argument in typing.get_args(annotation):
        values = _literal_values(argument)
        if values:
            found |= values
    return frozenset(found) or None


def _min_length(annotation: Any) -> int | None:
    lengths = []
    if typing.get_origin(annotation) is typing.Annotated:
        for meta in typing.get_args(annotation)[1:]:
            for item in [meta, *getattr(meta, "metadata", ())]:
                if getattr(item, "min_length", None) is not None:
                    lengths.append(item.min_length)
    return max(lengths) if lengths else None


def test_log_event_mirrors_the_pydantic_event() -> None:
    hints = typing.get_type_hints(models.Event, include_extras=True)
    every_field = msgspec.structs.fields(fastevents.LogEvent)
    # A struct field encoded as "$..." holds a value of the event's own (its line), not a field
    # of the file; the quick path must never take it from a line (see the corpus: "$line").
    own = {info.name for info in every_field if info.encode_name.startswith("$")}
    assert not own & set(hints)
    assert all(not info.required for info in every_field if info.name in own)
    struct_fields = {info.name: info for info in every_field if info.name not in own}
    struct_hints = typing.get_type_hints(fastevents.LogEvent, include_extras=True)

    # Field names and their order.
    assert list(struct_fields) == list(hints)
    assert tuple(fastevents.FIELDS) == tuple(hints)
    assert tuple(fields.LOG_FIELDS) == tuple(hints)  # the fields rules may name
    # Which ones are required. (Event.__required_keys__ cannot tell: with postponed annotations
    # typing_extensions sees the strings "NotRequired[...]" and lists every key as required;
    # the annotations and pydantic's own schema are read instead.)
    required = {name for name, info in struct_fields.items() if info.required}
    assert required == {name for name in hints if typing.get_origin(hints[name]) is not typing.NotRequired}
    assert required == set(models.EVENT.json_schema()["required"])
    # Allowed Literal values, field by field.
    for name in hints:
        assert _literal_values(struct_hints[name]) == _literal_values(hints[name]), name
    assert _literal_values(hints["kind"]) == frozenset(models.EVENT_KINDS)
    assert _literal_values(hints["role"]) == frozenset(models.ROLES)
    assert _literal_values(hints["sentiment"]) == frozenset(models.SENTIMENTS)
    # The id must not be empty on either side.
    assert _min_length(hints["id"]) == 1
    assert _min_length(struct_hints["id"]) == 1
    # Optional fields hold text (or are absent) on both sides.
    for name in hints:
        if _literal_values(hints[name]) is None and name != "at":
            assert _unwrap(hints[name]) is str, name
            assert str in typing.get_args(_unwrap(struct_hints[name])) or _unwrap(struct_hints[name]) is str, name


def test_drift_test_itself_sees_a_difference() -> None:
    """The helpers above really read Literal values out of both kinds of annotation."""
    narrower = typing.Literal["subscriber", "staff"] | None
    assert _literal_values(narrower) != _literal_values(typing.get_type_hints(models.Event)["role"])


# --- the corpus of lines ----------------------------------------------------------------------

def js(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8")


def line(pairs: list[tuple[bytes, bytes]], open_: bytes = b"{", close: bytes = b"}", sep: bytes = b",",
         colon: bytes = b":") -> bytes:
    return open_ + sep.join(key + colon + value for key, value in pairs) + close


def pairs_of(event: dict[str, Any]) -> list[tuple[bytes, bytes]]:
    return [(js(key), js(value)) for key, value in event.items()]


FULL = {
    "id": "m1", "at": "2026-12-01T10:00:00.250+03:00", "kind": "mention", "platform": "vk",
    "community": "zerno", "author": "ivan", "role": "subscriber", "parent": "p0", "target": "t0",
    "text": "Были в «Зерне», капучино отличный", "sentiment": "positive", "reason": "",
    "url": "https://vk.com/wall1_2",
}  # fmt: skip
BASES = [
    FULL,
    {"id": "c1", "at": "2026-12-01T10:00:00Z", "kind": "comment"},
    {"id": "c2", "at": "2026-12-01T10:00:00+03:00", "kind": "comment", "role": "subscriber",
     "text": "А доставка до Химок есть?"},
    {"kind": "reply", "at": "2026-12-01T10:20:00.123456-05:30", "id": "r1", "role": "staff",
     "parent": "c2", "text": "Yes: https://zerno.coffee/delivery"},
    {"id": "d1", "at": "2026-02-28T23:59:59.999999-00:00", "kind": "delete", "role": "bot", "target": "c1",
     "reason": "spam"},
    {"id": "п1", "at": "2028-02-29T00:00:00+14:00", "kind": "post", "text": "Зимнее меню 🎄"},
]
ODD_VALUES: list[bytes] = [
    b"null", b"0", b"-1", b"1.5", b"1e400", b"true", b"false", b"[]", b'["x"]', b"{}", b'{"a":1}',
    b'""', b'" "', b'"x"', b'"null"', b'"\\u0000"', b'"nul\\u006c"', b"[null]",
]
TIME_DATES = ["2026-12-01", "2028-02-29", "2026-02-29", "2026-13-01", "2026-12-00", "0000-01-01",
              "0001-01-01", "9999-12-31", "2026-1-01", "20261201"]
TIME_CLOCKS = ["10:00:00", "23:59:59", "00:00:00", "24:00:00", "23:59:60", "10:00", "10", "1:00:00",
               "10:60:00", "100000"]
TIME_FRACTIONS = ["", ".", ".5", ".12", ".123", ".1234", ".12345", ".123456", ".1234567", ".12345678",
                  ".123456789", ".1234567890", ".9999996", ".9999995", ".0000004", ".0000005",
                  ".999999", ",5", ".9999999999"]
TIME_ZONES = ["Z", "z", "+03:00", "+0300", "+03", "-00:00", "+00:00", "-05:30", "+23:59", "-23:59",
              "+24:00", "+03:60", "+00:60", "-00:59", "+3:00", "+03:00:30", "", " Z", "UTC", "+05:45"]
TIME_SEPARATORS = ["T", "t", " ", "_"]
TIME_ODD = [
    "2026-12-01", "2026-12-01T10:00:00+03:00 ", " 2026-12-01T10:00:00+03:00", "", "now",
    "2026-12-31T23:59:59.9999996Z", "2026-12-31T23:59:59.9999999+03:00", "9999-12-31T23:59:59.9999999Z",
    "0001-01-01T00:00:00.0000004+01:00", "0001-01-01T00:00:00-01:00", "9999-12-31T23:59:59+00:00",
    "２０２６-12-01T10:00:00Z", "2026-12-01T10:00:00\u00a0Z", "2026-12-01T10:00:00.\u0661Z",
    "2026-W48-2T10:00:00Z", "2026-335T10:00:00Z", "2026-12-01T10:00:00.5",
    "1764583200", "2026-12-01T10:00:00+03:00Z", "2026-12-01T10:00:00ZZ",
]
TIME_NUMBERS = [b"1764583200", b"1764583200.5", b"-1", b"0", b"1e20", b"17645832000000", b"true"]


def timestamp_lines(rng: random.Random) -> Iterator[bytes]:
    base = {"id": "t1", "kind": "comment", "text": "?"}

    def with_at(at: bytes) -> bytes:
        return line([(b'"id"', b'"t1"'), (b'"at"', at), (b'"kind"', b'"comment"')])

    # Every fraction, zone and separator for a few dates and clocks ...
    for date, clock in [("2026-12-01", "10:00:00"), ("2028-02-29", "23:59:59"), ("2026-02-29", "00:00:00")]:
        for fraction, zone, separator in itertools.product(TIME_FRACTIONS, TIME_ZONES, TIME_SEPARATORS):
            yield with_at(js(f"{date}{separator}{clock}{fraction}{zone}"))
    # ... and a seeded sample of all the combinations.
    everything = list(itertools.product(TIME_DATES, TIME_CLOCKS, TIME_FRACTIONS, TIME_ZONES, TIME_SEPARATORS))
    for date, clock, fraction, zone, separator in rng.sample(everything, 3000):
        yield with_at(js(f"{date}{separator}{clock}{fraction}{zone}"))
    for odd in TIME_ODD:
        yield with_at(js(odd))
    for number in TIME_NUMBERS:
        yield with_at(number)
    # The time written with escapes (\u00xx spells digits and signs; \/ is a plain escape).
    yield with_at(b'"2026-12-01T10:00:00\\u002B03:00"')
    yield with_at(b'"\\u0032026-12-01T10:00:00Z"')
    yield with_at(b'"2026-12-01T10:00:00.123456\\u0037Z"')
    yield with_at(b'"2026-12-01T10:00:00\\u005A"')
    yield with_at(b'"2026-12-01T10:00:00\\u007A"')
    yield with_at(b'"2026-12-01\\u005410:00:00Z"')
    yield with_at(b'"2026-12-01T10:00:00+03:00\\u0000"')
    yield line(pairs_of(base) + [(b'"at"', b'"2026-12-01T10:00:00.1234567Z"')])


def structural_lines() -> Iterator[bytes]:
    for base in BASES:
        yield line(pairs_of(base))
        # Each field set to an odd value, or left out.
        for index, (key, _value) in enumerate(pairs := pairs_of(base)):
            for odd in ODD_VALUES:
                yield line(pairs[:index] + [(key, odd)] + pairs[index + 1:])
            yield line(pairs[:index] + pairs[index + 1:])
        # Each missing optional field added with an odd value.
        for name in fastevents.FIELDS:
            if name not in base:
                for odd in ODD_VALUES:
                    yield line(pairs + [(js(name), odd)])
    minimal = pairs_of(BASES[1])
    # Unknown fields.
    for key in [b'"links"', b'"$line"', b'"ID"', b'"At"', b'"Kind"', b'"extra"', b'""', b'"at "', b'" at"',
                b'"contest"', b'"suppress"', b'"\xd0\xb0t"']:
        for value in [b'"x"', b"null", b"[]", b'["https://zerno.coffee"]', b"1"]:
            yield line(minimal + [(key, value)])
    # Literals: kinds, roles, sentiments, valid and not.
    for kind in [*models.EVENT_KINDS, "Comment", "comments", "", "post ", " post", "пост", "POST", "unknown"]:
        yield line([(b'"id"', b'"k1"'), (b'"at"', b'"2026-12-01T10:00:00Z"'), (b'"kind"', js(kind))])
    for role in [*models.ROLES, "Staff", "admin", "", "staff ", "moderator"]:
        yield line(minimal + [(b'"role"', js(role))])
    for sentiment in [*models.SENTIMENTS, "Negative", "bad", "", "mixed"]:
        yield line(minimal + [(b'"sentiment"', js(sentiment))])
    # Duplicate keys.
    at3, at5 = b'"2026-12-01T10:00:00+03:00"', b'"2026-12-01T10:00:00+05:00"'
    for key, first, second in [
        (b'"id"', b'"a"', b'"b"'), (b'"id"', b'"a"', b'""'), (b'"id"', b'""', b'"b"'), (b'"id"', b'1', b'"b"'),
        (b'"kind"', b'"comment"', b'"post"'), (b'"kind"', b'"bogus"', b'"post"'), (b'"kind"', b'"post"', b'"bogus"'),
        (b'"at"', at3, at5), (b'"at"', b'"bad"', at5), (b'"at"', at5, b'"bad"'),
        (b'"at"', b'"2026-12-01T10:00:00.1234567Z"', at5), (b'"at"', at5, b'"2026-12-01T10:00:00.1234567Z"'),
        (b'"at"', b'"2026-12-01 10:00:00Z"', at5), (b'"at"', at5, b'"2026-12-01 10:00:00Z"'),
        (b'"text"', b'"x"', b"null"), (b'"text"', b"null", b'"x"'), (b'"text"', b'"x"', b'"y"'),
        (b'"role"', b'"staff"', b'"subscriber"'), (b'"role"', b'"admin"', b'"staff"'),
        (b'"role"', b'"staff"', b"1"), (b'"sentiment"', b'"negative"', b'"positive"'),
    ]:
        rest = [(k, v) for k, v in [(b'"id"', b'"x1"'), (b'"at"', at3), (b'"kind"', b'"comment"')] if k != key]
        yield line([(key, first)] + rest + [(key, second)])
        yield line([(key, first), (key, second)] + rest)
    # Unicode escapes in keys and values.
    at_z = b'"2026-12-01T10:00:00Z"'
    for key_at in [b'"\\u0061t"', b'"a\\u0074"', b'"\\u0061\\u0074"', b'"\\u0041T"']:
        yield line([(b'"id"', b'"e1"'), (key_at, at_z), (b'"kind"', b'"post"')])
        yield line([(b'"id"', b'"e1"'), (key_at, b'"2026-12-01T10:00:00.1234567Z"'), (b'"kind"', b'"post"')])
        yield line([(b'"id"', b'"e1"'), (b'"at"', at_z), (key_at, b'"2026-12-01T10:00:00+05:00"'),
                    (b'"kind"', b'"post"')])
    for key, value in [(b'"\\u0069d"', b'"e1"'), (b'"kin\\u0064"', b'"post"')]:
        yield line([(key, value), (b'"id"', b'"e1"'), (b'"at"', at_z), (b'"kind"', b'"post"')])
        yield line([(b'"id"', b'"e1"'), (b'"at"', at_z), (b'"kind"', b'"post"'), (key, value)])
    for text in [b'"\\u0000"', b'"\\u001f"', b'"\\ud800"', b'"\\udfff"', b'"a\\ud800b"', b'"\\ud83d\\ude00"',
                 b'"\\ud83d"', b'"\\ude00\\ud83d"', b'"\\u0410\\u043d\\u043d\\u0430"', b'"\\u04ff"', b'"\\uFEFF"',
                 b'"\\/\\"\\\\\\b\\f\\n\\r\\t"', b'"\\x41"', b'"\\u12"', b'"\\u12G4"', b'"\\U0041"', b'"\\a"',
                 b'"\xef\xbb\xbf"', b'"\xd0\xbf\xd1\x80\xd0\xb8"', b'"\x7f"', b'"tab\there"']:
        yield line(minimal + [(b'"text"', text)])
    for key, value in [(b'"id"', b'"\\u0441\\u0031"'), (b'"id"', b'"\\ud800"'), (b'"id"', b'"\\u0000"'),
                       (b'"kind"', b'"\\u0070ost"'), (b'"role"', b'"\\u0073taff"'),
                       (b'"sentiment"', b'"\\u006eegative"'), (b'"kind"', b'"p\\u043est"')]:
        yield line([(k, v) for k, v in minimal if k != key] + [(key, value)])
    # Invalid UTF-8, inside strings, keys and outside them.
    for bad in [b"\xff", b"\xc0\xaf", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xd0", b"\xe2\x82", b"\x80"]:
        yield line(minimal + [(b'"text"', b'"a' + bad + b'b"')])
        yield line(minimal + [(b'"' + bad + b'"', b'"x"')])
        yield line(minimal) + bad
        yield bad + line(minimal)
        yield line([(b'"id"', b'"' + bad + b'"'), (b'"at"', at_z), (b'"kind"', b'"post"')])
    # BOM, whitespace, line ends.
    plain = line(minimal)
    for before, after in [(b"\xef\xbb\xbf", b""), (b"\xef\xbb\xbf", b"\n"), (b"", b"\n"), (b"", b"\r\n"),
                          (b"", b"\r"), (b" \t", b" \t\r\n"), (b"\r\n", b""), (b"", b"\x0b"), (b"", b"\x0c"),
                          (b"", b"\xc2\xa0"), (b"\xc2\xa0", b""), (b"", b"\x00"), (b"\x00", b""), (b"", b"\n\n"),
                          (b"", b"\x1a"), (b"", b" x"), (b"", b"{}"), (b"", b","), (b"[", b"]")]:
        yield before + plain + after
    yield line(minimal, b"{ ", b" }", b" , ", b" : ")
    yield line(minimal, b"{\t", b"\t}", b"\t,\t", b"\t:\t")
    yield line(minimal, b"{\r\n", b"\r\n}", b",\r\n", b"\r\n:\r\n")
    yield line(minimal, b"{", b",}")
    yield line(minimal, b"{,", b"}")
    yield line(minimal, sep=b",,")
    yield line(minimal, colon=b"::")
    yield b"{}"
    yield b"[]"
    yield b"null"
    yield b""
    yield b"\n"
    yield b"   \r\n"
    yield b"'id'"
    yield line([(b"'id'", b"'a'"), (b'"at"', at_z), (b'"kind"', b'"post"')])
    yield line([(b'"id"', b'"a"'), (b'"at"', at_z), (b'"kind"', b'"post"'), (b'"text"', b"[" * 200 + b"]" * 200)])
    yield line([(b'"id"', b'"a"'), (b'"at"', at_z), (b'"kind"', b'"post"'), (b'"x"', b"[" * 5000 + b"]" * 5000)])
    yield line([(b'"id"', js("x" * 100_000)), (b'"at"', at_z), (b'"kind"', b'"post"')])


INSERTS = [b'"', b"{", b"}", b"[", b"]", b",", b":", b"\\", b"\\u00", b"\\u", b"\\ud800", b" ", b"\t", b"\r",
           b"\n", b"null", b"true", b"0", b"9", b".", b"-", b"+", b"Z", b"z", b"T", b"t", b"\xff", b"\xd0",
           b"\xd0\xbf", b"\x00", b"\xef\xbb\xbf", b"e", b"6", b"5", b"1234567", b'"at":', b'"id":"z",']


def fuzz_lines(rng: random.Random, count: int) -> Iterator[bytes]:
    names = list(fastevents.FIELDS) + ["links", "extra", "At", "\\u0061t"]
    for _ in range(count):
        pairs = pairs_of(rng.choice(BASES))
        for _ in range(rng.randint(1, 3)):  # field-level mutations
            choice = rng.randrange(7)
            index = rng.randrange(len(pairs))
            if choice == 0 and len(pairs) > 1:
                del pairs[index]
            elif choice == 1:
                pairs.insert(rng.randrange(len(pairs) + 1), pairs[index])
            elif choice == 2:
                other = rng.randrange(len(pairs))
                (k1, v1), (k2, v2) = pairs[index], pairs[other]
                pairs[index], pairs[other] = (k1, v2), (k2, v1)
            elif choice == 3:
                pairs[index] = (pairs[index][0], rng.choice(ODD_VALUES))
            elif choice == 4:
                name = rng.choice(names)
                pairs.insert(rng.randrange(len(pairs) + 1), (b'"' + name.encode() + b'"', rng.choice(
                    [b'"x"', b'"2026-12-01T10:00:00.1234567Z"', b'"2026-12-01T10:00:00+03:00"', b'"post"',
                     b'"staff"', *ODD_VALUES])))
            elif choice == 5:  # some field (often not `at`) gets a time, of any shape
                shape = (rng.choice(TIME_SEPARATORS), rng.choice(TIME_FRACTIONS), rng.choice(TIME_ZONES))
                at = rng.choice([*TIME_ODD, "2026-12-01{}10:00:00{}{}".format(*shape)])
                pairs[index] = (pairs[index][0], js(at))
            # choice 6: keep the fields as they are
        raw = bytearray(line(pairs))
        for _ in range(rng.choice([0, 0, 1, 1, 2, 3])):  # byte-level mutations
            position = rng.randrange(len(raw) + 1)
            choice = rng.randrange(4)
            if choice == 0 and raw:
                del raw[position:position + rng.randint(1, 4)]
            elif choice == 1:
                raw[position:position] = rng.choice(INSERTS)
            elif choice == 2 and raw:
                start = rng.randrange(len(raw))
                raw[position:position] = raw[start:start + rng.randint(1, 12)]
            elif raw:
                raw[min(position, len(raw) - 1)] = rng.randrange(256)
        yield bytes(raw)


@functools.lru_cache(maxsize=1)
def corpus() -> tuple[bytes, ...]:
    rng = random.Random(SEED)
    lines = [*structural_lines(), *timestamp_lines(rng), *fuzz_lines(rng, FUZZ_LINES)]
    return tuple(dict.fromkeys(lines))  # each line once, in a fixed order


# --- differential: quick path vs pydantic ------------------------------------------------------

def test_quick_path_accepts_a_subset_of_pydantic_with_the_same_values() -> None:
    lines = corpus()
    assert len(lines) > 8000
    wrong: list[str] = []
    accepted = deferred = 0
    for raw in lines:
        event = quick(raw)
        expected = exact(raw)
        if event is None:
            deferred += expected is not None
            continue
        accepted += 1
        if expected is None:
            wrong.append(f"quick path accepts what pydantic rejects: {raw[:160]!r}")
            continue
        wrong.extend(f"{problem}: {raw[:160]!r}" for problem in differences(event, expected))
    assert not wrong, f"{len(wrong)} differences, e.g.:\n" + "\n".join(wrong[:25])
    # The quick path does take a real share of the lines (a path refusing all would pass above).
    assert accepted > 500, (accepted, deferred)


def test_plain_valid_lines_take_the_quick_path() -> None:
    for base in BASES:
        for raw in (json.dumps(base, ensure_ascii=False).encode(),
                    json.dumps(base, ensure_ascii=False).encode() + b"\n",
                    json.dumps(base, ensure_ascii=False, separators=(",", ":")).encode() + b"\r\n"):
            event = quick(raw)
            assert event is not None, raw
            assert not differences(event, exact(raw) or {}), raw


@pytest.mark.parametrize(
    ("stamp", "instant", "offset"),
    [
        ("2026-12-01T10:00:00.9999996Z", datetime(2026, 12, 1, 10, 0, 0, 999999, UTC), 0),
        ("2026-12-31T23:59:59.9999999+03:00",
         datetime(2026, 12, 31, 20, 59, 59, 999999, UTC), 180),
        ("2026-12-01T10:00:00.0000004Z", datetime(2026, 12, 1, 10, 0, 0, 0, UTC), 0),
        ("2026-12-01T10:00:00.123456789-00:00", datetime(2026, 12, 1, 10, 0, 0, 123456, UTC), 0),
        ("2026-12-01 10:00:00+0300", datetime(2026, 12, 1, 7, 0, tzinfo=UTC), 180),
        ("2026-12-01t10:00:00z", datetime(2026, 12, 1, 10, 0, tzinfo=UTC), 0),
        ("2028-02-29T00:00:00+14:00", datetime(2028, 2, 28, 10, 0, tzinfo=UTC), 840),
    ],
)
def test_stream_log_reads_times_as_pydantic_does(stamp: str, instant: datetime, offset: int) -> None:
    """Sub-microsecond fractions are cut, not rounded; other shapes read as pydantic reads them."""
    raw = json.dumps({"id": "a", "at": stamp, "kind": "post"}).encode()
    [event] = streamed(raw)[0]
    assert event.at == instant
    assert event.at.utcoffset() == timedelta(minutes=offset)
    assert event.at.isoformat() == exact(raw)["at"].isoformat()  # type: ignore[index]


def one_line(raw: bytes) -> bool:
    """Whether a file holds ``raw`` as one line (a newline, if any, only at its end)."""
    return b"\n" not in raw.removesuffix(b"\n")


def streamed(raw: bytes, first: bool = False) -> tuple[list[Any], list[Any]]:
    """The events and problems ``stream_log`` gives for ``raw`` as the second line of a log,
    after a blank one, or (``first``) as the whole log."""
    document = documents.Document(Path("log.jsonl"), "log", seen_ids=IdSet(4))
    events = list(documents.stream_log(document, io.BytesIO(raw if first else b"\n" + raw)))
    return events, document.problems


@pytest.mark.parametrize("first", [False, True], ids=["second-line", "whole-log"])
def test_stream_log_gives_what_pydantic_gives_for_every_line(first: bool) -> None:
    """The whole reader (quick path, exact fallback) line by line against pydantic.

    As the second line after a blank one the line is read on its own; as a log of one line
    it can be read as a quick batch, and a BOM opening the file is not part of the line.
    """
    wrong: list[str] = []
    for raw in corpus():
        if not one_line(raw) or (first and b"\x00" in raw):
            continue  # a file would hold that as two lines; a NUL on line 1 is a binary file
        events, problems = streamed(raw, first)
        expected = exact(raw.removeprefix(b"\xef\xbb\xbf") if first else raw)
        if expected is None:
            if events:
                wrong.append(f"stream_log yields an event pydantic rejects: {raw[:160]!r}")
            elif raw.strip() and not problems:
                wrong.append(f"a rejected line is not reported: {raw[:160]!r}")
            continue
        if len(events) != 1:
            wrong.append(f"stream_log gives {len(events)} events for a valid line: {raw[:160]!r}")
            continue
        wrong.extend(f"{problem}: {raw[:160]!r}" for problem in differences(events[0], expected))
        if events[0].get("$line") != 1 + (not first) or events[0].as_record().get("$line") != 1 + (not first):
            wrong.append(f"$line is wrong: {raw[:160]!r}")
    assert not wrong, f"{len(wrong)} differences, e.g.:\n" + "\n".join(wrong[:25])


def test_differential_check_catches_a_quick_path_that_rounds(monkeypatch: pytest.MonkeyPatch) -> None:
    """The comparison above would see a quick path reading a time differently."""
    raw = b'{"id":"a","at":"2026-12-01T10:00:00.9999996Z","kind":"post"}'
    expected = exact(raw)
    assert expected is not None
    rounded = fastevents.LogEvent(**{**expected, "at": expected["at"] + timedelta(microseconds=1)})
    assert differences(rounded, expected)
    shifted = fastevents.LogEvent(**{**expected, "at": expected["at"].astimezone(timezone(timedelta(hours=3)))})
    assert differences(shifted, expected)  # the same instant, another offset
    assert differences(fastevents.LogEvent(**{**expected, "text": ""}), expected)


# --- whole files: batches, line numbers, duplicate ids --------------------------------------

BOM = b"\xef\xbb\xbf"


def with_unique_id(raw: bytes, number: int) -> bytes:
    """The line with its id made unique when it is written plainly once; else as it was."""
    event = exact(raw)
    assert event is not None
    written = b'"id":' + js(event["id"])
    if raw.count(written) != 1:
        return raw
    new_id = f"{event['id']}~{number}"
    renamed = raw.replace(written, b'"id":' + js(new_id))
    changed = exact(renamed)
    return renamed if changed is not None and changed["id"] == new_id else raw


@functools.lru_cache(maxsize=1)
def file_lines() -> tuple[bytes, ...]:
    """A log of mostly valid lines of the corpus, each ending with a newline: ids made unique
    where possible, some lines repeated (duplicate ids), broken lines here and there."""
    rng = random.Random(SEED + 2)
    usable = [raw if raw.endswith(b"\n") else raw + b"\n" for raw in corpus()
              if one_line(raw) and b"\x00" not in raw]
    valid = [raw for raw in usable if exact(raw) is not None]
    broken = [raw for raw in usable if exact(raw) is None and raw.strip()]
    lines = [with_unique_id(raw, number) for number, raw in enumerate(valid)]
    rng.shuffle(lines)
    lines += rng.sample(lines, 40)  # the same ids again, further down
    for _ in range(len(lines) // 12):
        lines.insert(rng.randrange(1, len(lines)), rng.choice([*broken, b"\n", b"  \r\n"]))
    lines[0] = BOM + lines[0]
    return tuple(lines)


def expected_events(lines: tuple[bytes, ...]) -> tuple[list[tuple[int, dict[str, Any]]], list[tuple[int, int]]]:
    """(line, pydantic's event) of each event a reader must give, and the lines of repeated ids
    with the lines of their first use."""
    seen: dict[str, int] = {}
    events, repeated = [], []
    for number, raw in enumerate(lines, 1):
        event = exact(raw.removeprefix(BOM) if number == 1 else raw)
        if event is None:
            continue
        if event["id"] in seen:
            repeated.append((number, seen[event["id"]]))
            continue
        seen[event["id"]] = number
        events.append((number, event))
    return events, repeated


@pytest.mark.parametrize("batch_bytes", [None, 700, 1])
def test_stream_log_reads_a_whole_file_as_pydantic_does(monkeypatch: pytest.MonkeyPatch, batch_bytes: int) -> None:
    if batch_bytes is not None:  # small batches: most of them hold only valid lines
        monkeypatch.setattr(documents, "LOG_BATCH_BYTES", batch_bytes, raising=False)
    lines = file_lines()
    expected, repeated = expected_events(lines)
    assert len(expected) > 2000 and len(repeated) >= 40
    document = documents.Document(Path("log.jsonl"), "log")
    events = list(documents.stream_log(document, io.BytesIO(b"".join(lines))))
    assert [event.get("$line") for event in events] == [number for number, _ in expected]
    wrong = [f"line {number}: {problem}" for event, (number, want) in zip(events, expected)
             for problem in differences(event, want)]
    assert not wrong, f"{len(wrong)} differences, e.g.:\n" + "\n".join(wrong[:25])
    duplicates = sorted((problem.line, problem.message) for problem in document.problems if problem.code == "SMM003")
    assert [line for line, _ in duplicates] == [line for line, _ in repeated]
    assert all(message.endswith(f"(first used at line {first})") for (_, message), (_, first) in zip(duplicates, repeated))


def test_quick_batches_are_vouched_for_only_when_every_line_reads_the_same() -> None:
    batch_of = getattr(fastevents, "quick_batch", None)
    if batch_of is None:
        pytest.skip("this form of fastevents reads no batches")
    rng = random.Random(SEED + 3)
    lines = list(file_lines())
    lines[0] = lines[0].removeprefix(BOM)  # stream_log strips it before asking
    wrong: list[str] = []
    vouched = start = 0
    while start < len(lines):
        batch = lines[start:start + rng.choice([1, 2, 3, 5, 8, 13])]
        start += len(batch)
        events = batch_of(list(batch))
        if events is None:
            continue
        vouched += 1
        if len(events) != len(batch):
            wrong.append(f"{len(events)} events for {len(batch)} lines: {batch!r}"[:300])
            continue
        for raw, event in zip(batch, events):
            want = exact(raw)
            if want is None:
                wrong.append(f"a vouched batch holds a line pydantic rejects: {raw[:160]!r}")
            else:
                wrong.extend(f"{problem}: {raw[:160]!r}" for problem in differences(event, want))
    assert not wrong, f"{len(wrong)} differences, e.g.:\n" + "\n".join(wrong[:25])
    assert vouched > 40


# --- end to end: the quick path changes nothing in the findings --------------------------------

NOW = datetime(2026, 12, 5, 12, 0, tzinfo=timezone(timedelta(hours=3)))


def e2e_lines(rng: random.Random) -> list[bytes]:
    def ev(identity: str, at: str, kind: str, **more: Any) -> bytes:
        return json.dumps({"id": identity, "at": at, "kind": kind, **more}, ensure_ascii=False).encode()

    good = [
        ev("c1", "2026-12-01T10:00:00+03:00", "comment", role="subscriber", text="А доставка до Химок есть?"),
        ev("c2", "2026-12-01T10:05:00.5Z", "comment", role="subscriber", text="How late are you open today?"),
        ev("r2", "2026-12-03T10:05:00.9999996Z", "reply", role="staff", parent="c2", text="Until 22:00."),
        ev("c3", "2026-12-01T11:00:00.1234567+03:00", "comment", role="subscriber", text="Где меню?"),
        ev("r3", "2026-12-01 15:00:00+03:00", "reply", role="staff", parent="c3", text="ВЫ САМИ НЕ ВИДИТЕ?!!!"),
        ev("c4", "2026-12-01T12:00:00+0300", "comment", role="subscriber", text="Ужасный сервис, ждал час",
           sentiment="negative"),
        ev("d4", "2026-12-01t12:30:00z", "delete", role="staff", target="c4"),
        ev("m1", "2026-12-01T09:00:00-00:00", "mention", text="Zerno has the best croissants",
           url="https://vk.com/wall1_2"),
        ev("r5", "2026-12-01T20:00:00+03:00", "reply", role="staff", parent="m1", text="Thank you!"),
        ev("m2", "2026-12-02T09:00:00.000000001+03:00", "mention", text="Where is Zerno?"),
        ev("c6", "2026-12-02T10:00:00+03:00", "comment", role="subscriber", text="Only an idiot would ask?"),
        ev("h6", "2026-12-02T10:01:00+03:00", "hide", role="staff", target="c6", reason="abuse"),
        ev("r7", "2026-12-02T11:00:00+03:00", "reply", role="staff", text="no parent here"),
        ev("c1", "2026-12-02T12:00:00+03:00", "comment", text="a duplicate id"),
        ev("c8", "2026-12-02T13:00:00+03:00", "comment", role="subscriber", text="Почему так дорого?",
           platform="vk", community="zerno", author="id555", reason="", url=""),
    ]
    broken = [
        b'{"id":"n1","at":"2026-12-01T10:00:00Z","kind":"comment","text":null}',
        b'{"id":"n2","at":"2026-12-01T10:00:00Z","kind":"comment","role":"admin"}',
        b'{"id":"n3","at":"2026-12-01T10:00:00","kind":"comment"}',
        b'{"id":"n4","at":"2026-12-01T10:00:00Z","kind":"comment","links":[]}',
        b'{"id":"n5","at":"2026-12-01T10:00:00Z","kind":"comment"',
        b'{"id":"n6","at":"2026-12-01T10:00:00Z","kind":"comment","text":"\xff"}',
        b'{"id":"n7","\\u0061t":"2026-12-01T10:00:00Z","kind":"comment","text":"Alo?"}',
        b'{"id":"n8","at":"2026-12-01T10:00:00Z","kind":"comment","id":"n8b","text":"Ku-ku?"}',
        b'{"id":"","at":"2026-12-01T10:00:00Z","kind":"comment"}',
        b'{"id":"n9","at":1764583200,"kind":"comment","role":"subscriber","text":"Unix time?"}',
        b'{"id":"n10","at":"2026-02-29T10:00:00Z","kind":"comment"}',
        b'{"id":"n11","at":"2026-12-01T10:00:00+03:00","kind":"comment","text":"\\u0410\\u0443?"}\r\n',
        b"",
        b"   ",
        b"[1, 2]",
        b"not json at all",
    ]
    lines = [b"\xef\xbb\xbf" + good[0], *good[1:], *broken]
    lines += rng.sample([raw for raw in corpus() if one_line(raw)], 1500)
    rng.shuffle(lines[len(good) + 2:])  # good lines first, so the file reads as JSON Lines
    return lines


def lint_findings(path: Path) -> tuple[list[tuple[Any, ...]], list[Any]]:
    report = lint_paths([path], isolated=True, now=NOW, cwd=path.parent)
    found = sorted((f.path, f.rule, f.line, f.column, f.message, str(f.severity), f.key) for f in report.findings)
    return found, report.internal_errors


def force_exact_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """Send every line to pydantic, whatever form the quick path has in documents."""

    def refuse(*args: Any) -> Any:
        raise msgspec.DecodeError("forced onto the exact path")

    patched = []
    for name, stand_in in [("QUICK_DECODE", refuse), ("may_differ", lambda raw: True),
                           ("quick_batch", lambda lines: None), ("quick_event", lambda raw: None)]:
        if hasattr(documents, name):
            monkeypatch.setattr(documents, name, stand_in)
            patched.append(name)
    assert patched, "documents no longer uses any known form of the quick path: update this test"


@pytest.mark.parametrize("batch_bytes", [None, 600, 1])
def test_lint_paths_finds_the_same_with_every_line_on_the_exact_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, batch_bytes: int | None
) -> None:
    if batch_bytes is not None:
        monkeypatch.setattr(documents, "LOG_BATCH_BYTES", batch_bytes, raising=False)
    lines = e2e_lines(random.Random(SEED + 1))
    path = tmp_path / "log.jsonl"
    path.write_bytes(b"".join(raw.rstrip(b"\r\n") + b"\n" for raw in lines))
    total = len(lines)

    exact_calls: list[int] = []
    exact_line = documents._exact_line

    def counting(document: Any, number: int, raw: bytes) -> Any:
        exact_calls.append(number)
        return exact_line(document, number, raw)

    monkeypatch.setattr(documents, "_exact_line", counting)
    quick_found, quick_errors = lint_findings(path)
    taken_quick = total - len(exact_calls)

    exact_calls.clear()
    force_exact_path(monkeypatch)
    exact_found, exact_errors = lint_findings(path)

    assert len(exact_calls) == total  # every line went to pydantic
    assert taken_quick > 100  # ... and without the patch, many did not
    assert not quick_errors and not exact_errors, (quick_errors, exact_errors)
    rules = {finding[1] for finding in exact_found}
    assert {"SMM001", "SMM002", "SMM003", "SMM201", "SMM301", "SMM401", "SMM801", "SMM802"} <= rules, rules
    only_quick = sorted(set(quick_found) - set(exact_found))
    only_exact = sorted(set(exact_found) - set(quick_found))
    assert quick_found == exact_found, (only_quick[:10], only_exact[:10])
