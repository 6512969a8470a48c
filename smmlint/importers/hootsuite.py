"""Hootsuite's bulk composer CSV: a content plan for the social profiles chosen at upload.

The file has no header; each row is one message:

1. the date and time, ``DD/MM/YYYY HH:mm`` or ``MM/DD/YYYY HH:mm`` in 24-hour time (the
   order is chosen when uploading; read from the file's own dates, see ``_csvcommon``), local
   time of the profile: read in the account's time zone;
2. the message: the post's text;
3. optionally a link: the post's ``links`` (format ``photo`` when it is an image file, else
   ``text``).

The file does not name the network: posts take ``--platform`` / ``exports.platform``, else
``other`` with a note. Ids are ``row-<line>``. Cells past the third are noted, not read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ._csvcommon import (
    Scheduled,
    cell,
    extra_cells,
    guess_date_order,
    is_image_url,
    order_note,
    scheduled_post,
    scheduler_platform,
    where_of,
)
from .base import CsvImporter, CsvRecord, ImportOptions, Output

SOURCE = "Hootsuite bulk CSV"

# The first cell of a Hootsuite row: a slash date (or an ISO one) and a 24-hour time.
_DATE_TIME = re.compile(r"\s*(\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{1,2}-\d{1,2})[ T]+\d{1,2}:\d{2}(:\d{2})?\s*")


def _used_width(record: CsvRecord) -> int:
    """How many cells the row has, without empty trailing ones (Excel's trailing separators)."""
    width = len(record.cells)
    while width and not record.cells[width - 1].strip():
        width -= 1
    return width


class HootsuiteImporter(CsvImporter):
    name = "hootsuite"
    title = "Hootsuite bulk composer CSV (no header: date-time, message, link)"
    produces = "plan"
    example = "smmlint import --from hootsuite --platform vk hootsuite.csv -o plan.yaml"

    def detect(self, first: CsvRecord) -> bool:
        return 2 <= _used_width(first) <= 3 and bool(_DATE_TIME.fullmatch(first.cells[0]))

    def convert(self, records: Iterator[CsvRecord], options: ImportOptions) -> Iterator[Output]:
        rows = list(records)  # plans are small: the date order is decided over the whole file
        if not rows:
            return
        platform, note = scheduler_platform(options, SOURCE, where_of(rows[0], 0))
        if note is not None:
            yield note
        guess = guess_date_order((cell(row, 0), where_of(row, 0)) for row in rows)
        if (ambiguous := order_note(guess, SOURCE)) is not None:
            yield ambiguous
        for row in rows:
            link = cell(row, 2)
            message = row.cells[1] if len(row.cells) > 1 and row.cells[1].strip() else ""
            scheduled = Scheduled(row, cell(row, 0), where_of(row, 0), text=message,
                                  links=(link,) if link else (), photo=bool(link) and is_image_url(link))
            yield scheduled_post(scheduled, SOURCE, platform, guess.order, options.timezone)
            yield from extra_cells(row, 3)
