"""Check primitive: fields (or policy sections) that must be present and not empty."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from typing import Annotated, Any, ClassVar

from pydantic import Field

from ..conditions import ConditionError
from ..fields import Context, Record, getter, known_fields
from .base import NO_HITS, WHERE_FIELD, CheckBase, CheckOptions, Condition, Hit, condition


class RequiredOptions(CheckOptions):
    fields: list[Annotated[str, Field(min_length=1)]] = Field(
        min_length=1, description="Dotted field paths that must be filled.")
    each: str | None = Field(
        None, description="Check every item of this list field instead of the record itself"
        " (e.g. each entry of the policy's `responders`); an empty or missing list is reported.",
    )
    where: Condition | None = WHERE_FIELD


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


class Required(CheckBase):
    Options: ClassVar[type[CheckOptions]] = RequiredOptions
    PARAMS: ClassVar[tuple[str, ...]] = ("missing", "field", "item")
    TARGETS: ClassVar[tuple[str, ...]] = ("plan", "policy", "log")
    DESCRIPTION: ClassVar[str] = (
        "Reports each record (or each item of its `each` list) matching `where` whose `fields`"
        " are missing or empty, at the nearest existing part of the missing field."
    )

    def __init__(self, options: RequiredOptions, target: str) -> None:
        self.options = options
        self.where = condition(options.where, target, "where")
        # The record's own fields can be told; an `each` item's are the list's business.
        known = known_fields(target)
        for index, name in enumerate(options.fields if options.each is None else ()):
            if name.split(".", 1)[0] not in known:
                close = difflib.get_close_matches(name, known, n=1, cutoff=0.75)
                meant = f" (did you mean '{close[0]}'?)" if close else ""
                raise ConditionError(f"unknown field '{name}' for {target} records{meant}", ("fields", index))
        self.getters = [(name, getter(name)) for name in options.fields]

    def start(self, context: Context) -> _Run:
        return _Run(self, context)


class _Run:
    def __init__(self, check: Required, context: Context) -> None:
        self.check = check
        self.context = context

    def feed(self, record: Record) -> Iterable[Hit]:
        if not self.check.where(record, self.context):
            return NO_HITS
        return list(self._missing(record))

    def _missing(self, record: Record) -> Iterator[Hit]:
        # Sections of a policy left out for a mistake in them: already SMM002, not "missing".
        invalid = record.get("$invalid") or ()
        each = self.check.options.each
        if each is not None and each.split(".", 1)[0] in invalid:
            return
        if each is None:
            items: list[tuple[Any, str]] = [(record, "")]
        else:
            listed = record.get(each)
            if not listed:  # left out, or written as an empty list (`responders: []`)
                said = each if listed is None else f"entries of {each} (the list is empty)"
                yield Hit(record, {"missing": said, "field": each, "item": ""}, each)
                return
            items = [(item, f"{each}.{i}.") for i, item in enumerate(listed)]
        for item, prefix in items:
            if hasattr(item, "model_dump"):
                item = item.model_dump()
            missing = [name for name, get in self.check.getters
                       if name.split(".", 1)[0] not in invalid and _empty(get(item, self.context))]
            if missing:
                yield Hit(
                    record,
                    {"missing": ", ".join(missing), "field": missing[0], "item": prefix.rstrip(".")},
                    prefix + missing[0],
                )

    def finish(self) -> Iterable[Hit]:
        return NO_HITS
