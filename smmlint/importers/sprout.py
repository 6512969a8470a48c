"""Sprout Social's bulk scheduling CSV: a content plan for the profiles chosen at upload.

The header names the columns (Sprout's own, case-sensitive there; read here in any case):

* ``date`` — ``DD/MM/YYYY`` or ``MM/DD/YYYY`` as chosen when uploading (read from the file's
  own dates, see ``_csvcommon``); ``YYYY-MM-DD`` is read too;
* ``time_24hr`` — ``HH:MM``, 24-hour, local time of the profile: read in the account's zone;
* ``message_text`` — the post's text;
* ``link`` — the post's ``links``;
* ``image_url`` — a picture to attach: the post's format is ``photo`` (else ``text``);
* ``tags`` — Sprout's own labels: no canonical field (one note at the header when used).

Other columns are noted at their header. The file does not name the network: posts take
``--platform`` / ``exports.platform``, else ``other`` with a note. Ids are ``row-<line>``.
"""

from __future__ import annotations

from collections.abc import Iterator

from ._csvcommon import (
    Scheduled,
    cell,
    header_keys,
    is_image_url,
    scheduler_plan,
    where_of,
)
from .base import CsvImporter, CsvRecord, ImportOptions, Output

SOURCE = "Sprout Social bulk CSV"

# Folded header text (``time_24hr`` folds to ``time 24hr``) -> what the column holds.
_COLUMNS = {"date": "date", "time 24hr": "time", "message text": "text", "link": "link",
            "image url": "image", "tags": "tags"}  # fmt: skip


class SproutImporter(CsvImporter):
    name = "sprout"
    title = "Sprout Social bulk scheduling CSV (date, time_24hr, message_text)"
    produces = "plan"
    example = "smmlint import --from sprout --platform facebook sprout.csv -o plan.yaml"

    def detect(self, first: CsvRecord) -> bool:
        return {"date", "time 24hr", "message text"} <= set(header_keys(first))

    def convert(self, records: Iterator[CsvRecord], options: ImportOptions) -> Iterator[Output]:
        yield from scheduler_plan(records, options, _COLUMNS, SOURCE, "Sprout's own labels", "date", self._scheduled)

    @staticmethod
    def _scheduled(row: CsvRecord, columns: dict[str, int]) -> Scheduled:
        text_index = columns.get("text")
        text = row.cells[text_index] if text_index is not None and text_index < len(row.cells) else ""
        link, image = cell(row, columns.get("link")), cell(row, columns.get("image"))
        date = columns.get("date")
        return Scheduled(
            row, cell(row, date), where_of(row, date if date is not None else 0),
            time=cell(row, columns.get("time")), text=text if text.strip() else "",
            links=(link,) if link else (), photo=bool(image) or (bool(link) and is_image_url(link)),
        )  # fmt: skip
