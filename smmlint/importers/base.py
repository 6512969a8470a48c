"""What every importer shares: the records it yields, where they came from, and its options.

An importer turns one export (already parsed: JSON data, or CSV records with cell positions)
into canonical records of ``../shared/spec/formats.md``: log events or plan posts. It never
drops a source record silently: each one becomes an :class:`Item`, or an :class:`Unmapped`
note that says what could not be mapped and where it stands in the source file.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal
from urllib.parse import SplitResult, urlsplit

Pointer = tuple[str | int, ...]
Produces = Literal["log", "plan"]


def staff_keys(names: Iterable[object]) -> frozenset[str]:
    """The config's `staff:` as authors are compared with it: text, trimmed, in any case (for
    exports here, and for smmlint's own logs without roles in the engine)."""
    return frozenset(str(name).strip().casefold() for name in names)


@dataclass(frozen=True)
class Where:
    """A place in the source file: a JSON pointer into the parsed document, or a CSV cell.

    ``line`` (1-based) wins when set: CSV importers know their cells' positions directly. A
    pointer is resolved by the document's source tree (the JSON file's node positions); a
    pointer into a JSON *string* that itself holds JSON (a recorded API response) names the
    string, since positions inside it are not the file's.
    """

    pointer: Pointer = ()
    line: int = 0
    column: int = 1


@dataclass
class Item:
    """One canonical record: a log event or a plan post, with JSON-ready values.

    Timestamps are ISO 8601 strings with an offset (use :func:`iso_from_unix` and friends).
    Only canonical fields; ``None`` values are left out by :func:`clean`.
    """

    record: dict[str, Any]
    where: Where


@dataclass
class Unmapped:
    """A source record, or a part of one, that has no place in the canonical format.

    Reported as SMM006 (importers leave ``code`` alone; the reading glue uses SMM001 when the
    file itself stops being readable part-way).
    """

    message: str
    where: Where
    code: str = "SMM006"


Output = Item | Unmapped


@dataclass(frozen=True)
class ImportOptions:
    """What an export does not say, from the config (or the command line).

    ``staff``: author ids or display names (compared case-insensitively) who answer for the
    account. ``community_is_staff``: posts and replies made by the channel or community
    itself (a Telegram channel signing as itself, a VK group's negative ``from_id``) are
    staff. ``platform``: the network of exports that do not name it (scheduler CSVs).
    ``timezone``: the zone of timestamps written without an offset. ``columns``: header text
    -> canonical field, for spreadsheets with headers no importer knows; ``ignore_columns`` and
    ``month_first``: the config's csv.ignore_columns and csv.dates, for spreadsheets too. ``now``: the export
    time, for events an export leaves undated.
    """

    staff: frozenset[str] = frozenset()
    community_is_staff: bool = True
    platform: str | None = None
    timezone: dt.tzinfo = dt.UTC
    columns: Mapping[str, str] = field(default_factory=dict)
    ignore_columns: frozenset[str] = frozenset()  # header keys (csvsource.header_key) the team keeps for itself
    month_first: bool = False  # slashed dates are month/day/year (the config's csv.dates)
    now: dt.datetime | None = None  # the export time (--now or the config's `now`), if given

    @classmethod
    def make(cls, staff: Iterable[str] = (), **kwargs: Any) -> ImportOptions:
        return cls(staff=staff_keys(staff), **kwargs)

    def is_staff(self, *names: object) -> bool:
        """True when any of an author's ids or names is listed as staff."""
        return any(name is not None and str(name).strip().casefold() in self.staff for name in names)


@dataclass(frozen=True)
class CsvRecord:
    """One CSV record as read: its cells and where each starts (1-based line, column)."""

    line: int
    cells: list[str]
    starts: list[tuple[int, int]]

    def at(self, index: int) -> tuple[int, int]:
        return self.starts[index] if index < len(self.starts) else (self.line, 1)


class Importer(ABC):
    """One source format. Subclasses set the class attributes and implement the methods."""

    name: ClassVar[str]  # what --from and --input-format take, e.g. "telegram"
    title: ClassVar[str]  # e.g. 'Telegram Desktop "Export chat history" (result.json)'
    produces: ClassVar[Produces]
    reads: ClassVar[Literal["json", "csv"]]
    example: ClassVar[str]  # one command line, for the README and `smmlint import --list`

    @property
    def produces_label(self) -> str:
        return self.produces


class JsonImporter(Importer):
    reads = "json"

    @property
    def produces_label(self) -> str:
        """``log``, ``plan``, or ``log/plan`` when the document decides (``produces_for``)."""
        decides = type(self).produces_for is not JsonImporter.produces_for
        return "log/plan" if decides else self.produces

    @abstractmethod
    def detect(self, data: Any) -> bool:
        """True when the parsed JSON document has this source's shape (cheap: no full scan)."""

    def produces_for(self, data: Any) -> Produces:
        """What this document becomes; an export that holds either (a Telegram channel's posts
        make a plan, a group's messages a log) decides by its data."""
        return self.produces

    @abstractmethod
    def convert(self, data: Any, options: ImportOptions) -> Iterator[Output]:
        """Every record of the document, as items or unmapped notes, in source order."""


class CsvImporter(Importer):
    reads = "csv"
    # True for an importer made to read CSVs whose headers smmlint already knows (a calendar):
    # named for such a file, it reads it instead of leaving it to smmlint's own CSV reading.
    reads_canonical: ClassVar[bool] = False

    @abstractmethod
    def detect(self, first: CsvRecord) -> bool:
        """True when the first non-blank record (the header, or a first row) is this source's."""

    @abstractmethod
    def convert(self, records: Iterator[CsvRecord], options: ImportOptions) -> Iterator[Output]:
        """Every record from the first one (the header when the format has one)."""


def clean(record: Mapping[str, Any]) -> dict[str, Any]:
    """The record without empty values (None, "" and empty lists)."""
    return {key: value for key, value in record.items() if value is not None and value != "" and value != []}


def iso_from_unix(seconds: float | str, tz: dt.tzinfo = dt.UTC) -> str:
    """An ISO 8601 timestamp with offset from Unix seconds (APIs give UTC epochs).

    Raises ValueError for anything that is not a representable time (``1e20``, ``"x"``).
    """
    try:
        moment = dt.datetime.fromtimestamp(float(seconds), tz=dt.UTC)
    except (OverflowError, OSError) as error:
        raise ValueError(f"not a time: {seconds!r}") from error
    return moment.astimezone(tz).isoformat()


def iso_from_text(text: str, tz: dt.tzinfo) -> str:
    """An ISO 8601 timestamp with offset; ``tz`` is the zone of a timestamp written without one.

    Accepts ISO forms (``2024-05-01T10:00:00``, ``...Z``, ``+0000`` offsets as Facebook writes
    them) and raises ValueError for anything else.
    """
    text = text.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    elif len(text) > 5 and text[-5] in "+-" and text[-4:].isdigit() and text[-6] != ":":
        text = f"{text[:-2]}:{text[-2:]}"  # +0000 -> +00:00
    moment = dt.datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    return moment.isoformat()


def mapping_of(value: Any) -> Mapping[str, Any]:
    """``value`` when it is a JSON object, else an empty one: for reading nested fields safely."""
    return value if isinstance(value, Mapping) else {}


def text_of(value: Any, numbers: bool = False) -> str | None:
    """A non-empty string field; with ``numbers``, an integer id written as a number too."""
    if numbers and isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value if isinstance(value, str) and value else None


def moment_of(value: Any) -> str | None:
    """An ISO 8601 timestamp from an API's time field, or None when it is not one.

    Strings are ISO 8601 (UTC when they carry no offset, as APIs mean them); numbers, and
    strings of digits, are Unix seconds, or milliseconds when they are too big to be seconds
    (some webhooks write those).
    """
    try:
        if isinstance(value, str) and value.strip().isdecimal():
            value = int(value)  # an epoch written as a string
        if isinstance(value, str):
            return iso_from_text(value, dt.UTC)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return iso_from_unix(value / 1000 if value > 1e11 else value)
    except ValueError:
        return None
    return None


def split_url(url: Any) -> SplitResult | None:
    """The parts of a URL, or None when it is not a string or cannot be split (``http://[x``)."""
    if not isinstance(url, str):
        return None
    try:
        parts = urlsplit(url.strip())
        parts.hostname  # noqa: B018 - raises on a malformed host, which must count as no URL
    except ValueError:
        return None
    return parts


def conversation_kind(parent: str | None, role: str | None, staff_records: set[str]) -> str:
    """``comment`` or ``reply``, told the same way for every source.

    A record answering another (``parent``) is a ``reply``. But a subscriber answering the
    staff, or commenting under the community's own post, writes a ``comment`` on it, keeping it
    as ``parent``: it may ask something the staff must answer (SMM201), which a reply never
    triggers. ``staff_records``: the ids of the staff's records read so far (the caller adds
    each staff record's id after asking).
    """
    if parent is None or (role != "staff" and parent in staff_records):
        return "comment"
    return "reply"


def json_kind(value: Any) -> str:
    """What a JSON value is, in words for a message: "a number", "an object", "empty"..."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    return "a list" if isinstance(value, list) else "an object"
