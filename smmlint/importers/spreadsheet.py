"""A content-calendar spreadsheet (CSV) of any shape, read with the config's column mapping.

This is the reading ``smmlint check`` gives a CSV plan (``smmlint.csvsource``): headers in
English or Russian (``дата``, ``время``, ``площадка``, ``формат``, ``текст``, ``ссылка``, ...),
values such as ``ВК`` or ``фото``, and the config's ``csv.columns`` (header -> field) for
other headers. As an importer it converts the spreadsheet into the canonical YAML plan:
``smmlint import --from spreadsheet calendar.csv -o plan.yaml``. It is used only when named
(any CSV could be a calendar, so it never claims a file by its shape).

Posts without an ``id`` column get ``row-<line>``; local times become ISO 8601 with the
account's offset. A file without a platform column takes ``--platform`` /
``exports.platform``, else ``other`` with a note; an empty platform cell takes the same
default when one is given. Unknown and repeated columns are noted at their header.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import ValidationError

from ..csvsource import CsvRow, header_key, read_header
from ..models import Post
from ..problems import describe_imported
from ._csvcommon import local_iso, scheduler_platform, where_of
from .base import CsvImporter, CsvRecord, ImportOptions, Item, Output, Unmapped, Where

SOURCE = "spreadsheet"
_KNOWN = "id, at, date, time, platform, format, text, links, contest.*"


class SpreadsheetImporter(CsvImporter):
    name = "spreadsheet"
    reads_canonical = True
    title = "content-calendar spreadsheet (CSV; columns mapped by csv.columns in the config)"
    produces = "plan"
    example = "smmlint import --from spreadsheet calendar.csv -o plan.yaml"

    def detect(self, first: CsvRecord) -> bool:
        return False  # only when named: `smmlint check` reads CSV plans itself

    def convert(self, records: Iterator[CsvRecord], options: ImportOptions) -> Iterator[Output]:
        header = next(records, None)
        if header is None:
            return
        columns = read_header(header.cells, header.starts, "plan", options.columns)
        columns.builder.month_first = options.month_first
        for text, line, column in columns.unknown_columns:
            if header_key(text) in options.ignore_columns:
                continue
            yield Unmapped(f"unknown column '{text}': not carried over (map it in the config's csv.columns;"
                           f" known: {_KNOWN})", Where(line=line, column=column))
        for text, line, column in columns.duplicate_columns:
            yield Unmapped(f"column '{text}' repeats an earlier column: not carried over", Where(line=line, column=column))
        default_platform = options.platform
        if "platform" not in columns.fields:
            default_platform, note = scheduler_platform(options, SOURCE, where_of(header, 0))
            if note is not None:
                yield note
        default_format = None
        if "format" not in columns.fields:
            default_format = "other"
            yield Unmapped("the spreadsheet has no format column: its posts are checked as format 'other'"
                           " (map the column that says photo, video, poll... to `format` in the config's"
                           " csv.columns)", where_of(header, 0))
        for record in records:
            row = columns.row(record)
            values: dict[str, Any] = {"id": f"row-{record.line}", **row.values}
            where = where_of(record, 0)
            if default_platform and "platform" not in values:
                values["platform"] = default_platform
            if default_format and "format" not in values:
                values["format"] = default_format
            # Cells `smmlint check` explains (a date that is no date, an empty network cell, not
            # filled by a default): said as it says them, where it says them; the row is left out.
            noted = {name: note for name, note in row.notes.items() if name == "at" or name not in values}
            if noted:
                yield from _told_as_checked(row, noted, values, columns.builder.said_at_header)
                continue
            if isinstance(values.get("at"), str):
                at = local_iso(values["at"], None, options.timezone)
                if at is None:
                    line, column = row.positions.get("at", (record.line, 1))
                    where = Where(line=line, column=column)  # the schema check quotes it there
                else:
                    values["at"] = at
            yield Item(values, where)
            for line, column in row.extra_cells:
                yield Unmapped("a cell beyond the last column (a separator inside an unquoted cell?): not"
                               " carried over", Where(line=line, column=column))
        # What rows have alike, said once at the header now that the rows are known (the note
        # names the rows when some of them are fine).
        for told in columns.header_notes:
            yield Unmapped(told.message, Where(line=told.line, column=told.column), code="SMM002")


def _told_as_checked(row: CsvRow, noted: dict[str, str], values: dict[str, Any],
                     said_at_header: frozenset[str]) -> Iterator[Unmapped]:
    """The mistakes (SMM002) of a row with cells that `smmlint check` explains (``noted``: field ->
    the row's note), each worded and placed as the check does: a note the header says for the
    rows (a plan with no time column) is left to it; the row's other mistakes at their cells."""
    for name, note in noted.items():
        if note not in said_at_header:
            line, column = row.positions.get(name, (row.line, 1))
            yield Unmapped(note, Where(line=line, column=column), code="SMM002")
    try:
        Post.model_validate(values)
    except ValidationError as error:
        for item in error.errors(include_url=False):
            name = str(item["loc"][0]) if item["loc"] else ""
            if name not in noted:
                line, column = row.positions.get(name, (row.line, 1))
                yield Unmapped(describe_imported(item, values), Where(line=line, column=column), code="SMM002")
