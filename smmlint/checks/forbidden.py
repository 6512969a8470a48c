"""Check primitive: records that must not exist at all (each one is a finding)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import ClassVar

from pydantic import Field

from ..fields import Context, Record
from .base import NO_HITS, CheckBase, CheckOptions, Condition, Gate, Hit, condition, kinds_of


class ForbiddenOptions(CheckOptions):
    where: Condition = Field(description="Every record matching this condition is reported.")
    field: str | None = Field(None, description="The field to point at (default: the record).")


class Forbidden(CheckBase):
    Options: ClassVar[type[CheckOptions]] = ForbiddenOptions
    PARAMS: ClassVar[tuple[str, ...]] = ("excerpt",)
    TARGETS: ClassVar[tuple[str, ...]] = ("plan", "log", "policy")
    DESCRIPTION: ClassVar[str] = "Reports every record matching `where`."

    def __init__(self, options: ForbiddenOptions, target: str) -> None:
        self.options = options
        self.where = condition(options.where, target, "where")

    def start(self, context: Context) -> _Run:
        return _Run(self, context)

    def kinds(self) -> frozenset[str] | None:
        return kinds_of(self.options.where)

    def gates(self) -> tuple[Gate, ...]:
        return (Gate(self.options.where, self.where),)


EXCERPT_SOURCE = 240
"""Characters of a text kept for a later excerpt: enough for any message, bounded memory."""


def excerpt(text: object, limit: int = 60) -> str:
    """The start of a text for a message, on one line."""
    if not isinstance(text, str):
        return ""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class _Run:
    def __init__(self, check: Forbidden, context: Context) -> None:
        self.check = check
        self.context = context

    def feed(self, record: Record) -> Iterable[Hit]:
        if self.check.where(record, self.context):
            return (self._hit(record),)
        return NO_HITS

    def feed_batch(self, records: Iterable[Record], saids: Iterable[tuple[bool, ...]]) -> Iterator[Hit]:
        """Log records, each with what ``where`` said of it (the engine sends those it holds for)."""
        for record, (holds,) in zip(records, saids):
            if holds:
                yield self._hit(record)

    def _hit(self, record: Record) -> Hit:
        return Hit(record, {"excerpt": excerpt(record.get("text"))}, self.check.options.field)

    def finish(self) -> Iterable[Hit]:
        return NO_HITS
