"""Buffer's bulk upload CSV: a content plan for one Buffer channel.

The file (UTF-8, often with a BOM) has the header ``Text,Image URL,Tags,Posting Time``:

* ``Text`` — the post's text (links in it count as the post's links);
* ``Image URL`` — a picture to attach: the post's format is ``photo`` (else ``text``);
* ``Tags`` — Buffer's own labels: no canonical field (one note at the header when used);
* ``Posting Time`` — ``2026-12-01 10:00``, local time of the channel: read in the account's
  time zone. A row without one is queued by Buffer at a time the file does not hold: a note.

The file does not name the network: posts take ``--platform`` / ``exports.platform``, else
``other`` with a note at the header. Ids are ``row-<line>``.
"""

from __future__ import annotations

from collections.abc import Iterator

from ._csvcommon import (
    Scheduled,
    cell,
    header_keys,
    scheduler_plan,
    where_of,
)
from .base import CsvImporter, CsvRecord, ImportOptions, Output

SOURCE = "Buffer bulk upload CSV"

# Folded header text -> what the column holds.
_COLUMNS = {"text": "text", "image url": "image", "tags": "tags", "posting time": "at"}


class BufferImporter(CsvImporter):
    name = "buffer"
    title = "Buffer bulk upload CSV (Text, Image URL, Tags, Posting Time)"
    produces = "plan"
    example = "smmlint import --from buffer --platform instagram buffer.csv -o plan.yaml"

    def detect(self, first: CsvRecord) -> bool:
        return {"text", "posting time"} <= set(header_keys(first))

    def convert(self, records: Iterator[CsvRecord], options: ImportOptions) -> Iterator[Output]:
        yield from scheduler_plan(records, options, _COLUMNS, SOURCE, "Buffer's own labels", "at", _scheduled)


def _scheduled(row: CsvRecord, columns: dict[str, int]) -> Scheduled:
    """A Buffer row: its posting time, text, and a photo when it names an image."""
    text_index = columns.get("text")
    text = row.cells[text_index] if text_index is not None and text_index < len(row.cells) else ""
    at = columns.get("at")
    return Scheduled(
        row, cell(row, at), where_of(row, at if at is not None else 0),
        text=text if text.strip() else "", photo=bool(cell(row, columns.get("image"))),
    )  # fmt: skip
