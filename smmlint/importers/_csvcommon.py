"""What the CSV importers share (no importer here): the dates scheduler and monitoring tools
write, the network a scheduler CSV does not name, media links, and notes about columns.

Dates. Tools write ``2026-12-01 10:00`` (Buffer), ``01/12/2026 10:00`` or ``12/01/2026 10:00``
(Hootsuite and Sprout Social: day or month first, as chosen when uploading), ``01.12.2026
10:00:00`` (Russian monitoring exports) or ``01-Dec-2026 10:00AM`` (Meltwater). A slash date
is read day first or month first for the whole file: a date whose first number is over 12
proves day first, one whose second number is over 12 proves month first; a file with no such
date is read day first, with a note at its first date that could be read either way.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Literal

from ..csvsource import combine_date_time, header_key, normalise_timestamp
from .base import CsvRecord, ImportOptions, Item, Unmapped, Where, clean, iso_from_text, split_url

DateOrder = Literal["dmy", "mdy"]

_SLASH_DATE = re.compile(r"\s*(\d{1,2})/(\d{1,2})/(\d{4})")
_MONTH_NAME_DATE = re.compile(r"\s*(\d{1,2})[-\s]([^\W\d_]{3,9})\.?[-\s,]+(\d{4})")
_MONTHS = {name: number for number, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
_AM_PM = re.compile(r"(\d{1,2})([:.]\d{2}(?::\d{2})?)\s*([ap])\.?\s*m\.?\s*$", re.IGNORECASE)
_HAS_CLOCK = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}")
_IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic", ".bmp", ".tif", ".tiff")


def where_of(record: CsvRecord, index: int) -> Where:
    """The place of a record's cell (the record's start when the cell is missing)."""
    line, column = record.at(index)
    return Where(line=line, column=column)


def cell(record: CsvRecord, index: int | None) -> str:
    """A cell's text, stripped; "" when the column is absent or the row is short."""
    if index is None or index >= len(record.cells):
        return ""
    return record.cells[index].strip()


def header_keys(record: CsvRecord) -> list[str]:
    return [header_key(text) for text in record.cells]


# -- dates ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DateOrderGuess:
    """How a file's slash dates read: ``evidence`` when some date proves the order;
    ``ambiguous_at`` is the first date that could be read either way (noted when no date
    proves the order)."""

    order: DateOrder = "dmy"
    evidence: bool = False
    ambiguous_at: Where | None = None


def guess_date_order(dates: Iterable[tuple[str, Where]], default: DateOrder = "dmy") -> DateOrderGuess:
    """The order of the slash dates among ``dates`` (cell text, place); the larger side wins
    when dates disagree (the others then fail to read, and are reported)."""
    day_first = month_first = 0
    ambiguous: Where | None = None
    for text, where in dates:
        match = _SLASH_DATE.match(text)
        if match is None:
            continue
        first, second = int(match.group(1)), int(match.group(2))
        if first > 12 >= second:
            day_first += 1
        elif second > 12 >= first:
            month_first += 1
        elif first != second and ambiguous is None:
            ambiguous = where
    if day_first or month_first:
        return DateOrderGuess("mdy" if month_first > day_first else "dmy", True, None)
    return DateOrderGuess(default, False, ambiguous)


def order_note(guess: DateOrderGuess, source: str) -> Unmapped | None:
    """The note for a file whose slash dates could all be read day first or month first."""
    if guess.evidence or guess.ambiguous_at is None:
        return None
    read_as = "day/month/year" if guess.order == "dmy" else "month/day/year"
    return Unmapped(
        f"{source} dates such as this one read either day first or month first, and no date in the"
        f" file has a day over 12: read as {read_as}; write dates as YYYY-MM-DD to be sure",
        guess.ambiguous_at)


def _iso_date(text: str, order: DateOrder) -> str:
    """The date at the start of ``text`` rewritten as YYYY-MM-DD (the rest kept)."""
    if match := _SLASH_DATE.match(text):
        first, second, year = match.groups()
        day, month = (first, second) if order == "dmy" else (second, first)
        return f"{year}-{int(month):02d}-{int(day):02d}{text[match.end():]}"
    if (match := _MONTH_NAME_DATE.match(text)) and (month := _MONTHS.get(match.group(2)[:3].casefold())):
        day, year = match.group(1), match.group(3)
        return f"{year}-{month:02d}-{int(day):02d}{text[match.end():]}"
    return text


def _twenty_four_hours(text: str) -> str:
    """``03:09PM`` -> ``15:09``, at the end of ``text``; other text is kept."""
    match = _AM_PM.search(text)
    if match is None:
        return text
    hour = int(match.group(1)) % 12 + (12 if match.group(3).lower() == "p" else 0)
    return f"{text[:match.start()]}{hour:02d}{match.group(2)}"


def local_iso(date_text: str, time_text: str | None, tz: dt.tzinfo, order: DateOrder = "dmy") -> str | None:
    """ISO 8601 with an offset from a date-time cell, or a date cell and a time cell; times
    written without an offset are in ``tz``. None when the cells are no date with a time."""
    date_part = _twenty_four_hours(_iso_date(date_text.strip(), order))
    if time_text is None or not time_text.strip():
        rendered = normalise_timestamp(date_part)
    else:
        rendered = combine_date_time(date_part, _twenty_four_hours(time_text.strip()))
    if not _HAS_CLOCK.match(rendered):
        return None
    try:
        return iso_from_text(rendered, tz)
    except ValueError:
        return None


# -- networks, links and columns --------------------------------------------------------------


def scheduler_platform(options: ImportOptions, source: str, header: Where) -> tuple[str, Unmapped | None]:
    """The network of a scheduler CSV's posts (the file never says): ``options.platform``, else
    ``other`` with a note saying how to name it, so that the posts are still checked."""
    if options.platform:
        return options.platform, None
    return "other", Unmapped(
        f"a {source} does not say which network its posts go to: they are checked as platform"
        " 'other'; name it with --platform (e.g. `smmlint import --platform vk ...`) or"
        " `exports: {platform: vk}` in the config", header)


def is_image_url(url: str) -> bool:
    """True when a URL's path ends like an image file (``.jpg``, ``.png``, ...)."""
    parts = split_url(url)
    return parts is not None and parts.path.casefold().endswith(_IMAGE_SUFFIXES)


def column_note(source: str, header: str, where: Where, why: str = "has no canonical field") -> Unmapped:
    return Unmapped(f"{source} column '{header.strip()}' {why}: not carried over", where)


def scheduler_columns(header: CsvRecord, rows: list[CsvRecord], aliases: Mapping[str, str], source: str,
                      labels: str) -> tuple[dict[str, int], list[Unmapped]]:
    """Canonical field -> column index of a scheduler's header (by ``aliases`` of the folded
    header texts), and notes for the columns with no canonical field or repeating one, and for
    a ``tags`` column that some row uses (``labels``: what the tool calls them)."""
    columns: dict[str, int] = {}
    notes: list[Unmapped] = []
    for index, key in enumerate(header_keys(header)):
        name = aliases.get(key)
        if name is None or name in columns:
            if header.cells[index].strip():
                why = "repeats an earlier column" if name else "has no canonical field"
                notes.append(column_note(source, header.cells[index], where_of(header, index), why))
            continue
        columns[name] = index
    tags = columns.get("tags")
    if tags is not None and any(cell(row, tags) for row in rows):
        notes.append(column_note(source, header.cells[tags], where_of(header, tags),
                                 f"({labels}) has no canonical field"))
    return columns, notes


def extra_cells(record: CsvRecord, width: int) -> list[Unmapped]:
    """Notes for non-empty cells right of the last column (usually an unquoted delimiter)."""
    return [Unmapped("a cell beyond the last column (a separator inside an unquoted cell?): not carried"
                     " over", where_of(record, index))
            for index in range(width, len(record.cells)) if record.cells[index].strip()]  # fmt: skip


# -- scheduler posts ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Scheduled:
    """What a scheduler CSV row says about its post, before it becomes a canonical post."""

    record: CsvRecord
    date: str  # the date-time cell, or the date cell when the time has its own column
    date_where: Where
    time: str | None = None
    text: str = ""
    links: tuple[str, ...] = ()
    photo: bool = False


def scheduled_post(row: Scheduled, source: str, platform: str, order: DateOrder, tz: dt.tzinfo) -> Item | Unmapped:
    """A canonical plan post (id ``row-<line>``) of a scheduler row; a row without a date is a
    note (the tool would queue it at a time the file does not hold). A date that cannot be
    read is kept as written, and placed at its cell, so that the schema check quotes it."""
    if not row.date:
        return Unmapped(f"a {source} row without a posting time (the tool queues it at a time this file"
                        " does not say): not carried over", row.date_where)
    at = local_iso(row.date, row.time, tz, order)
    post = clean({
        "id": f"row-{row.record.line}",
        "at": at if at is not None else " ".join(part for part in (row.date, row.time) if part),
        "platform": platform,
        "format": "photo" if row.photo else "text",
        "text": row.text,
        "links": list(row.links),
    })
    return Item(post, where_of(row.record, 0) if at is not None else row.date_where)


def scheduler_plan(records: Iterator[CsvRecord], options: ImportOptions, aliases: Mapping[str, str], source: str,
                   labels: str, date_field: str,
                   scheduled: Callable[[CsvRecord, dict[str, int]], Scheduled]) -> Iterator[Item | Unmapped]:
    """The posts of a scheduler's bulk CSV with a header (Buffer, Sprout): the notes on its
    network and columns, then one post (or note) per row. ``scheduled`` reads a row by the
    column indexes; ``date_field`` names the column whose dates decide day or month first."""
    header = next(records, None)
    if header is None:
        return
    rows = list(records)  # plans are small: the date order is decided over the whole file
    platform, note = scheduler_platform(options, source, where_of(header, 0))
    if note is not None:
        yield note
    columns, notes = scheduler_columns(header, rows, aliases, source, labels)
    yield from notes
    date = columns.get(date_field)
    guess = guess_date_order((cell(row, date), where_of(row, date if date is not None else 0)) for row in rows)
    if (ambiguous := order_note(guess, source)) is not None:
        yield ambiguous
    for row in rows:
        yield scheduled_post(scheduled(row, columns), source, platform, guess.order, options.timezone)
        yield from extra_cells(row, len(header.cells))
