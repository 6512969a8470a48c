"""The event of a canonical log line, read by msgspec: the quick path of a big log.

A million-event log cannot afford pydantic on every line (about 2.5 µs a line, twice what
parsing the JSON costs). msgspec checks a line against :class:`LogEvent` in C while parsing
it, in less time than ``orjson.loads`` alone, and the struct it gives is the record the
rules read. Lines are read in batches (:func:`quick_batch`), so that no Python code runs per
line unless something is wrong.

The quick path is only trusted for what pydantic would accept too, with the same values: a
batch msgspec refuses, or holds something the two could read differently (see
:func:`vouched`), is read again line by line, and each line the quick path cannot vouch for
goes to the exact pydantic path, which names every problem. ``tests/test_fastevents.py``
holds the two paths to that.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

import msgspec
import re2  # type: ignore[import-untyped]  # google-re2 ships no type information

from .fields import Record

FIELDS = ("id", "at", "kind", "platform", "community", "author", "role", "parent", "target", "text",
          "sentiment", "reason", "url")
_Text = str | msgspec.UnsetType  # absent, or a string: `null` is refused, as pydantic does
UNSET = msgspec.UNSET
_FIELD_SET = frozenset(FIELDS)
_ABSENT = object()
# The key :attr:`LogEvent.line` would have in a file: one that `vouched` refuses (a point
# and seven digits), so that no line can set it.
_LINE_KEY = "$line.0000000"


class LogEvent(msgspec.Struct, forbid_unknown_fields=True, dict=True, rename={"line": _LINE_KEY}):
    """:class:`models.Event`, field for field (a test keeps the two the same), and its line.

    It reads like the dict records of plans (``get``, ``[]``), so rules need not care; an
    absent field reads as None, and ``$line`` is :attr:`line`. Other values cached on the
    event (``$is_question``) are attributes.
    """

    id: Annotated[str, msgspec.Meta(min_length=1)]
    at: Annotated[datetime, msgspec.Meta(tz=True)]
    kind: Literal["post", "comment", "reply", "delete", "hide", "restore", "ban", "mention"]
    platform: _Text = UNSET
    community: _Text = UNSET
    author: _Text = UNSET
    role: Literal["subscriber", "staff", "bot"] | msgspec.UnsetType = UNSET
    parent: _Text = UNSET
    target: _Text = UNSET
    text: _Text = UNSET
    sentiment: Literal["positive", "neutral", "negative"] | msgspec.UnsetType = UNSET
    reason: _Text = UNSET
    url: _Text = UNSET
    # Not a field of the file (see _LINE_KEY): the line number, set when the line is read.
    line: int = 0

    def get(self, key: str, default: Any = None) -> Any:
        # Only the event's fields and the values cached on it ($...) read as entries. The
        # cached values are all the instance dict holds (fields are slots, `$line` is `line`):
        # looked up first, as rules ask for them most.
        if key in _FIELD_SET:
            value = getattr(self, key)
            return default if value is UNSET else value
        value = self.__dict__.get(key, _ABSENT)
        if value is not _ABSENT:
            return value
        return self.line if key == "$line" else default

    def __getitem__(self, key: str) -> Any:
        value = self.get(key)
        if value is None:
            raise KeyError(key)
        return value

    def __contains__(self, key: str) -> bool:
        return self.get(key) is not None

    def __setitem__(self, key: str, value: Any) -> None:
        if key == "$line":
            self.line = value
        else:
            setattr(self, key, value)

    def as_record(self) -> Record:
        """The event as a plain dict, as pydantic gives it, with the values cached on it."""
        record: Record = {name: value for name in FIELDS if (value := getattr(self, name)) is not UNSET}
        record["$line"] = self.line
        record.update(self.__dict__)
        return record

    @classmethod
    def of(cls, record: Record, line: int) -> LogEvent:
        """The struct of an event pydantic validated (a dict of its present fields)."""
        return cls(**record, line=line)


_DECODE = msgspec.json.Decoder(LogEvent).decode
_ERRORS = (msgspec.DecodeError, msgspec.ValidationError, RecursionError, UnicodeDecodeError)
# Both patterns run over every byte of a log: RE2's automaton scans them two to four times
# faster than `re` (and an escape is only looked for where a backslash is).
# Seven digits after a point anywhere (a time's, or in a text: then the batch is only slower).
_LONG_FRACTION = re2.compile(rb"\.[0-9]{7}")
# An escaped ASCII character (\u0000-\u007f): it could write a digit, a point or a key unseen.
# « » and no-break spaces (\u00ab, \u00a0), which ensure_ascii writers escape, are not.
_ASCII_ESCAPE = re2.compile(rb"\\u00[0-7]")


def vouched(data: bytes) -> bool:
    """Whether lines msgspec accepts in ``data`` are surely read the same by pydantic.

    Not when a time has a fraction of a second finer than a microsecond (msgspec rounds it,
    pydantic cuts it): any point followed by seven digits sends the batch to the slower path,
    as does an escaped ASCII character (``\\u0031``), which could write such a fraction, or
    the key of :attr:`LogEvent.line`, unseen. Escapes of other characters (Cyrillic, « »)
    are fine. ``null`` needs no test: the struct refuses it, as pydantic does.
    """
    return (b"\\" not in data or _ASCII_ESCAPE.search(data) is None) and _LONG_FRACTION.search(data) is None


def quick_event(raw: bytes) -> LogEvent | None:
    """The event on one line when the quick path can vouch for it, else None (ask pydantic)."""
    if not vouched(raw):
        return None
    try:
        return _DECODE(raw)
    except _ERRORS:
        return None


def quick_batch(lines: list[bytes]) -> list[LogEvent] | None:
    """The events of whole lines when the quick path can vouch for every one, else None."""
    if not vouched(b"".join(lines)):
        return None
    try:
        return list(map(_DECODE, lines))
    except _ERRORS:
        return None
