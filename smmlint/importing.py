"""Reading real exports through the importers: shared by `smmlint check` and `smmlint import`.

An export is recognised by its shape (each importer's ``detect``) or named (``--input-format``,
``--from``, or the config's ``exports.formats``). JSON exports are parsed with positions, so
every record and every unmapped note points at its place in the export.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .csvsource import (
    STRAY_QUOTE_MESSAGE,
    CsvError,
    RawRecord,
    detect_kind,
    header_key,
    read_records,
)
from .importers import (
    CsvImporter,
    CsvRecord,
    Importer,
    ImportOptions,
    Item,
    JsonImporter,
    Unmapped,
    Where,
    claims,
    detect_csv,
    detect_json,
    get,
    importers,
    mapped_record,
)
from .importers.base import Output, Produces
from .jsontree import JsonTree
from .sourcetree import SourceTree

Locate = Callable[[Where], tuple[int, int]]
_HINTS = 5  # notes kept after "this file does not look like ...": enough to see why


class ExportError(Exception):
    """The export cannot be read with the importer asked for (a usage problem: exit 2)."""


@dataclass
class Export:
    """An export being read: its importer, its outputs (lazy), and how to place them."""

    importer: Importer
    outputs: Iterator[Output]
    locate: Locate
    produces: Produces = "log"


def named_importer(name: str) -> Importer:
    importer = get(name)
    if importer is None:
        known = ", ".join(sorted(importers()))
        raise ExportError(f"unknown export format '{name}' (known: {known})")
    return importer


def options_from(config: Any, timezone: Any, now: Any = None) -> ImportOptions:
    """Import options from a (merged) config, the account's time zone and the export time."""
    return ImportOptions.make(
        config.staff,
        community_is_staff=config.exports.community_is_staff,
        platform=config.exports.platform,
        timezone=timezone,
        columns=dict(config.csv.columns),
        ignore_columns=frozenset(header_key(name) for name in config.csv.ignore_columns),
        month_first=config.csv.dates == "month-first",
        now=now or config.now,
    )


def json_export(tree: SourceTree | JsonTree, options: ImportOptions, importer: Importer | None = None) -> Export | None:
    """The export in a parsed JSON document; None when no importer knows its shape."""
    if importer is None:
        importer = detect_json(tree.data)
        if importer is None:
            return None
    assert isinstance(importer, JsonImporter)  # callers pick the reading by importer.reads
    unlike = not claims(importer, tree.data)

    def locate(where: Where) -> tuple[int, int]:
        return (where.line, where.column) if where.line else tree.position(where.pointer)

    try:
        produces = importer.produces_for(tree.data)
    except Exception:  # noqa: BLE001 - an odd document: what the importer usually makes
        produces = importer.produces
    other = detect_json(tree.data) if unlike else None
    if other is not None:
        return Export(importer, iter([_another_format(importer, other)]), locate, produces)
    outputs = importer.convert(tree.data, options)
    return Export(importer, _guarded(importer, outputs, unlike, produces), locate, produces)


def _another_format(named: Importer, other: Importer) -> Unmapped:
    return Unmapped(f"this file is {other.name} data ({other.title}), not {named.name}: read it with"
                    f" --from {other.name} (or --input-format {other.name})", Where(), code="SMM004")


def csv_export(path: Path, options: ImportOptions, importer: Importer | None = None) -> Export | None:
    """The export in a CSV file; None when no importer knows its first record.

    Raises CsvError when the file cannot be opened as CSV text.
    """
    assert importer is None or isinstance(importer, CsvImporter)  # callers pick the reading by importer.reads
    _, _, raw, close = read_records(path)
    strays: list[tuple[int, int]] = []  # quotes never closed, taken as plain characters

    def noting(records: Iterator[RawRecord]) -> Iterator[CsvRecord]:
        for line, cells, starts, stray in records:
            if stray is not None:
                strays.append(stray)
            yield CsvRecord(line, cells, starts)

    records = noting(raw)
    try:
        first = next(records, None)
    except CsvError:
        close()
        if importer is None:
            return None
        raise
    if first is None:
        close()
        return None if importer is None else Export(importer, iter(()), _csv_locate, importer.produces)
    chosen = importer or detect_csv(first, options.columns)
    if not isinstance(chosen, CsvImporter):
        close()
        return None
    unlike = importer is not None and not _recognised(importer, mapped_record(first, options.columns))
    other = detect_csv(first, options.columns) if unlike else None
    if importer is not None and other is not None and other is not importer:
        close()
        return Export(importer, iter([_another_format(importer, other)]), _csv_locate, importer.produces)
    stopped: list[CsvError] = []

    def everything() -> Iterator[CsvRecord]:
        # A row that cannot be parsed (an unclosed quote) ends the records the importer sees,
        # so the rows before it are still imported; the problem is reported after them.
        yield first
        try:
            yield from records
        except CsvError as error:
            stopped.append(error)

    def outputs() -> Iterator[Output]:
        yield from chosen.convert(everything(), options)
        for line, column in strays:
            yield Unmapped(STRAY_QUOTE_MESSAGE, Where(line=line, column=column), code="SMM001")
        for error in stopped:
            yield Unmapped(error.stopping, Where(line=error.line, column=error.column), code=error.code)

    return Export(chosen, _guarded(chosen, outputs(), unlike, chosen.produces), _csv_locate, chosen.produces)


def _recognised(importer: CsvImporter, first: CsvRecord) -> bool:
    """Whether a named CSV importer knows the file by its first record (columns mapped). One made
    for CSVs smmlint reads itself (a calendar) never claims a file by its shape: named, it knows
    one whose header smmlint reads as what it makes (a plan), though every row has a mistake."""
    if claims(importer, first):
        return True
    return importer.reads_canonical and detect_kind(first.cells) == importer.produces


def _csv_locate(where: Where) -> tuple[int, int]:
    return (where.line or 1, where.column)


def _guarded(importer: Importer, outputs: Iterator[Output], unlike: bool = False,
             produces: Produces = "log", quiet: bool = False) -> Iterator[Output]:
    """The importer's outputs; a file that stops being readable, or an importer that fails on
    a shape it did not expect, ends the reading with a finding instead of a traceback.

    ``unlike``: the user named this importer for a file it does not recognise. Then, unless
    some record could be read after all, the finding is that the file is not in that format.
    ``quiet``: a failure just ends the outputs (the caller explains).
    """
    if unlike:
        yield from _unlike(importer, _guarded(importer, outputs, quiet=True), produces)
        return
    last = Where()
    try:
        for output in outputs:
            last = output.where
            yield output
    except CsvError as error:
        yield Unmapped(error.message, Where(line=error.line, column=error.column), code=error.code)
    except Exception as error:  # noqa: BLE001 - a surprising export must not stop the run
        if quiet:  # a file in another format: "does not look like" says it better
            return
        yield Unmapped(
            f"the {importer.name} importer could not read past this record ({type(error).__name__}:"
            f" {error}); the records after it were not read: please report this export's shape",
            last, code="SMM001")


def _unlike(importer: Importer, outputs: Iterator[Output], produces: Produces) -> Iterator[Output]:
    """Outputs of a named importer on a file it does not recognise: as they are when some
    valid record was read, else one SMM004 finding instead of a list of what did not fit."""
    from pydantic import ValidationError

    from .models import EVENT, Post

    validate = EVENT.validate_python if produces == "log" else Post.model_validate

    def valid(record: dict[str, Any]) -> bool:
        try:
            validate(record)
        except ValidationError:
            return False
        return True

    held: list[Output] = []
    reading = False
    for output in outputs:
        if not reading and isinstance(output, Item) and valid(output.record):
            reading = True
            yield from held
        if reading:
            yield output
        else:
            held.append(output)
    if not reading:
        yield Unmapped(f"this file does not look like {importer.name} data ({importer.title}): nothing in it"
                       " could be read as such", Where(), code="SMM004")
        # The first few notes say why (often a column to map in csv.columns); not hundreds.
        yield from held[:_HINTS]
        if len(held) > _HINTS:
            yield Unmapped(f"... and {len(held) - _HINTS} more notes like these", held[_HINTS].where)


@dataclass
class Converted:
    """An export converted to canonical text, and what could not be carried over."""

    importer: Importer
    text: str
    count: int
    notes: list[tuple[str, int, int, str]]  # (code, line, column, message), in source order
    produces: Produces

    @property
    def failed(self) -> str | None:
        """Why nothing was imported when every record has a mistake (the notes say which): the
        export's data to fix, not a usage error; None when something was imported, or when the
        export is empty, holds only what has no canonical form (SMM006), or is not in the format
        named (SMM004 says so)."""
        codes = {code for code, *_ in self.notes}
        if self.count or "SMM004" in codes or not codes - {"SMM006"}:
            return None
        what = "row" if self.importer.reads == "csv" else "record"
        return f"no {what} could be imported: fix the mistakes above"


def canonical_csv(path: Path, options: ImportOptions) -> str | None:
    """``plan`` or ``log`` when a CSV file is one of smmlint's own (its headers are canonical
    or mapped by csv.columns) and no importer claims it; else None."""
    _, _, raw, close = read_records(path)
    try:
        first = next(iter(raw), None)
    except CsvError:
        first = None
    finally:
        close()
    if first is None:
        return None
    line, cells, starts, _ = first
    record = CsvRecord(line, cells, starts)
    if detect_csv(record, options.columns) is not None:
        return None
    mapped = {header_key(header): name for header, name in options.columns.items()}
    return detect_kind([mapped.get(header_key(cell), cell) for cell in cells])


def open_export(path: Path, options: ImportOptions, name: str | None = None) -> Export:
    """The export in ``path`` read by the importer ``name`` (None: recognised by its shape).

    Raises ExportError when the file cannot be read or no importer recognises it.
    """
    from .sourcetree import SourceError, decode_text, load_json

    importer = named_importer(name) if name else None
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml", ".jsonl", ".ndjson") and importer is None:
        what = "a YAML file (smmlint's plans and policies)" if suffix in (".yaml", ".yml") else "a JSON Lines log"
        raise ExportError(f"{path}: this is {what}, already smmlint's own format: nothing to import"
                          " (lint it with smmlint check)")
    reads_csv = importer.reads == "csv" if importer else suffix == ".csv"
    try:
        if reads_csv:
            # Named, any CSV is converted (a CSV plan to YAML too); unnamed, smmlint's own is not.
            kind = canonical_csv(path, options) if importer is None else None
            if kind is not None:
                raise ExportError(f"{path}: this is already a smmlint CSV {kind}: nothing to import (lint it"
                                  " with smmlint check)")
            export = csv_export(path, options, importer)
        else:
            tree = load_json(decode_text(path.read_bytes()))
            from .documents import KINDS, kind_of_data

            kind = kind_of_data(tree.data)
            if kind in KINDS:
                raise ExportError(f"{path}: this is already a smmlint {kind}: nothing to import (lint it with"
                                  " smmlint check)")
            export = json_export(tree, options, importer)
            if export is not None and tree.problems:  # repeated keys: said before the records
                export.outputs = itertools.chain(
                    (Unmapped(p.message, Where(line=p.line, column=p.column), code=p.code) for p in tree.problems),
                    export.outputs)
    except OSError as error:
        raise ExportError(f"{path}: cannot read the file: {error.strerror}") from None
    except (SourceError, CsvError) as error:
        raise ExportError(f"{path}:{error.line}:{error.column}: {error.message}") from None
    if export is None:
        known = ", ".join(sorted(importers()))
        raise ExportError(f"{path}: not an export smmlint recognises; name its format with --from ({known})")
    return export


def convert(export: Export, account: Any = None) -> Converted:
    """The canonical log (JSON Lines) or plan (YAML) of an export.

    Records that still break the canonical schema, and repeated event ids, are left out with a
    note (a repeated post id is noted and the post kept, as `smmlint check` reads plans).
    """
    import json

    from pydantic import ValidationError

    from .models import EVENT, Post
    from .problems import describe_imported

    notes: list[tuple[str, int, int, str]] = []
    kept: list[dict[str, Any]] = []
    seen: set[str] = set()
    validate = EVENT.validate_python if export.produces == "log" else Post.model_validate
    for output in export.outputs:
        line, column = export.locate(output.where)
        if isinstance(output, Unmapped):
            notes.append((output.code, line, column, output.message))
            continue
        record = output.record
        try:
            validate(record)
        except ValidationError as error:
            notes.extend(("SMM002", line, column, describe_imported(item, record))
                         for item in error.errors(include_url=False))
            continue
        if record["id"] in seen:
            # As `smmlint check` does: a repeated event is dropped, a repeated post kept (a copied
            # post keeps its id by mistake; its other mistakes still count).
            if export.produces == "log":
                notes.append(("SMM003", line, column, f"repeated id '{record['id']}': only the first event is kept"))
                continue
            notes.append(("SMM003", line, column, f"repeated post id '{record['id']}': give each post its own id"))
        seen.add(record["id"])
        kept.append(record)
    if export.produces == "log":
        text = "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in kept)
    else:
        from .sourcetree import dump_yaml

        plan: dict[str, Any] = {"kind": "plan"}
        if account is not None:
            plan["account"] = account.model_dump(mode="json", exclude_none=True)
        plan["posts"] = kept
        text = dump_yaml(plan)
    return Converted(export.importer, text, len(kept), notes, export.produces)
