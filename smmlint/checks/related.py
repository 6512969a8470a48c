"""Check primitive: records judged by the record they point at (a reply's parent, a deletion's target)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, ClassVar, Literal

from pydantic import Field

from ..fastevents import UNSET
from ..fields import Context, Record
from .base import NO_HITS, CheckBase, CheckOptions, Condition, Gate, Hit, condition, union_of_kinds
from .forbidden import EXCERPT_SOURCE, excerpt


class RelatedOptions(CheckOptions):
    where: Condition = Field(description="The acting records (e.g. deletions).")
    via: Literal["parent", "target"] = Field(description="The field holding the related record's id.")
    related_where: Condition = Field(description="The condition on the related record.")
    report: Literal["if_related_matches", "unless_related_matches"] = Field(
        "if_related_matches",
        description="Report the actor when its related record matches, or when it does not"
        " (a related record missing from the log counts as not matching).",
    )
    self_where: Condition | None = Field(
        None,
        description="Also judge the actor by itself with this condition, for exports that"
        " copy the related text into the action (a deletion carrying the deleted text).",
    )


class Related(CheckBase):
    Options: ClassVar[type[CheckOptions]] = RelatedOptions
    PARAMS: ClassVar[tuple[str, ...]] = ("related", "related_line", "excerpt", "related_excerpt")
    TARGETS: ClassVar[tuple[str, ...]] = ("log",)
    DESCRIPTION: ClassVar[str] = (
        "Joins each record matching `where` to the record named by its `via` field, in one"
        " streaming pass in any order; keeps only the ids of related records that match and the"
        " actors still waiting for theirs."
    )

    def __init__(self, options: RelatedOptions, target: str) -> None:
        self.options = options
        self.where = condition(options.where, target, "where")
        self.related_where = condition(options.related_where, target, "related_where")
        self.self_where = condition(options.self_where, target, "self_where") if options.self_where else None
        self.wants_match = options.report == "if_related_matches"

    def start(self, context: Context) -> _Run:
        return _Run(self, context)

    def kinds(self) -> frozenset[str] | None:
        return union_of_kinds(self.options.where, self.options.related_where)

    def gates(self) -> tuple[Gate, ...]:
        return (Gate(self.options.related_where, self.related_where), Gate(self.options.where, self.where))


class _Run:
    def __init__(self, check: Related, context: Context) -> None:
        self.check = check
        self.context = context
        self.matched: dict[str, tuple[int, str]] = {}  # related id -> (line, excerpt)
        self.waiting: dict[str, list[Record]] = {}
        self.via = check.options.via
        self.seen = context.seen

    def feed(self, record: Record) -> Iterable[Hit]:
        check, context = self.check, self.context
        return self.feed_known(record, (check.related_where(record, context), check.where(record, context)))

    def feed_known(self, record: Any, gates: tuple[bool, ...]) -> Iterable[Hit]:
        check, context = self.check, self.context
        hits: list[Hit] = []
        if gates[0]:
            # A log record is a fastevents.LogEvent; the excerpt is made when a finding needs it.
            identity, text = record.id, record.text
            self.matched[identity] = (record.line, text[:EXCERPT_SOURCE] if text else "")
            actors = self.waiting.pop(identity, None)
            if actors and check.wants_match:
                hits.extend(self._hit(actor) for actor in actors)
        if gates[1]:
            if check.self_where is not None and check.self_where(record, context):
                hits.append(Hit(record, self._params(record)))
                return hits
            related = getattr(record, self.via)
            if related is UNSET:
                if not check.wants_match:
                    hits.append(Hit(record, self._params(record)))
            elif related in self.matched:
                if check.wants_match:
                    hits.append(self._hit(record))
            elif self.seen is not None and self.seen(related, record):
                # The related record has gone by without matching: decide now, keep nothing.
                if not check.wants_match:
                    hits.append(self._hit(record))
            else:
                self.waiting.setdefault(related, []).append(record)
        return hits or NO_HITS

    def _hit(self, actor: Record) -> Hit:
        return Hit(actor, self._params(actor))

    def _params(self, actor: Record) -> dict[str, object]:
        related = actor.get(self.check.options.via) or "-"
        line, related_text = self.matched.get(related, ("?", ""))
        return {
            "related": related,
            "related_line": line,
            "excerpt": excerpt(actor.get("text")),
            "related_excerpt": excerpt(related_text) or excerpt(actor.get("text")),
        }

    def finish(self) -> Iterator[Hit]:
        if self.check.wants_match:
            return
        for actors in self.waiting.values():
            for actor in actors:
                yield self._hit(actor)
