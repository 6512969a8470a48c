"""Check primitive: records judged by the record they point at (a reply's parent, a deletion's target)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, ClassVar, Literal, NamedTuple

from pydantic import Field, model_validator

from ..conditions import Predicate, compile_condition
from ..fastevents import UNSET
from ..fields import Context, Record, line_in
from ..models import POLICY_OCCASIONS, OccasionList, Policy
from .base import CheckBase, CheckOptions, Condition, Gate, Hit, condition, union_of_kinds
from .forbidden import excerpt


class Occasion(CheckOptions):
    related_where: Condition | None = Field(
        None,
        description="On this occasion the related record matches when this holds as well as"
        " `related_where`.",
    )
    self_where: Condition | None = Field(
        None,
        description="On this occasion the actor matches by itself when this holds (as with"
        " `self_where`), whatever its related record.",
    )

    @model_validator(mode="after")
    def _says_when(self) -> Occasion:
        if self.related_where is None and self.self_where is None:
            raise ValueError("an occasion needs related_where, self_where or both")
        return self


class Occasions(CheckOptions):
    from_policy: OccasionList = Field(
        description="The policy's list naming the occasions in force for a document (its values"
        " are checked with the policy, SMM002)."
    )
    default: list[str] = Field(
        description="The occasions in force when there is no policy or it has no such list; an"
        " empty list in the policy means none."
    )
    conditions: dict[str, Occasion] = Field(
        description="What each occasion means: an entry for every value the policy's list"
        " accepts, and no other."
    )

    @model_validator(mode="after")
    def _names_are_the_policys(self) -> Occasions:
        accepted = POLICY_OCCASIONS[self.from_policy]
        problems = [_unknown_occasion(name, accepted, self.from_policy)
                    for name in [*self.conditions, *self.default] if name not in accepted]
        missing = [name for name in accepted if name not in self.conditions]
        if missing:
            problems.append(f"conditions: no entry for {', '.join(map(repr, missing))}, which"
                            f" {self.from_policy} accepts")
        if problems:
            raise ValueError("; ".join(dict.fromkeys(problems)))
        return self


def _unknown_occasion(name: str, accepted: Sequence[str], source: str) -> str:
    close = difflib.get_close_matches(name, accepted, n=1, cutoff=0.6)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return f"unknown occasion '{name}'{hint}; {source} accepts {', '.join(accepted)}"


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
        " copy the related text into the action (a deletion carrying the deleted text): an"
        " actor it holds for counts as matching, whatever its related record.",
    )
    occasions: Occasions | None = Field(
        None,
        description="Conditions selected per document by a list in the policy (e.g. the"
        " occasions of `links.allowed_when`): the related record matches when `related_where`"
        " and the `related_where` of an occasion in force hold; the actor matches by itself"
        " when `self_where` or the `self_where` of an occasion in force holds. Occasions not"
        " in force allow nothing.",
    )


class Selection(NamedTuple):
    """The conditions in force for one document: its occasions, compiled together."""

    names: tuple[str, ...]
    related: Predicate
    """The related record matches."""
    by_itself: Predicate
    """The record is an actor (`where`) that matches by itself."""


def never(record: Record, context: Context) -> bool:
    return False


def conjoin(spec: Condition, extra: Condition) -> Condition:
    """``spec`` and ``extra`` as one condition, keeping ``spec``'s top-level tests (its `kind`)."""
    return {**spec, "all": [*spec.get("all", ()), extra]}


class Related(CheckBase):
    Options: ClassVar[type[CheckOptions]] = RelatedOptions
    PARAMS: ClassVar[tuple[str, ...]] = (
        "related", "related_line", "related_place", "excerpt", "related_excerpt", "occasions",
    )  # fmt: skip
    TARGETS: ClassVar[tuple[str, ...]] = ("log",)
    DESCRIPTION: ClassVar[str] = (
        "Joins each record matching `where` to the record named by its `via` field, in one"
        " streaming pass in any order; keeps only the ids of related records that match and the"
        " actors still waiting for theirs. With `occasions`, the policy's list selects, once per"
        " document, which occasions' conditions are added; `{occasions}` names them in messages"
        " (`none` for an empty list)."
    )

    def __init__(self, options: RelatedOptions, target: str) -> None:
        self.options = options
        self.target = target
        self.where = condition(options.where, target, "where")
        self.related_base = condition(options.related_where, target, "related_where")
        if options.self_where:
            condition(options.self_where, target, "self_where")
        self.wants_match = options.report == "if_related_matches"
        occasions = options.occasions
        self.selections: dict[tuple[str, ...], Selection] = {}
        self.last: tuple[Policy | None, Selection] | None = None
        related_specs: list[Condition] = []
        self_specs: list[Condition] = [options.self_where] if options.self_where else []
        if occasions is not None:
            for name, occasion in occasions.conditions.items():
                here = ("occasions", "conditions", name)
                if occasion.related_where is not None:
                    compile_condition(occasion.related_where, target, (*here, "related_where"))
                    related_specs.append(occasion.related_where)
                if occasion.self_where is not None:
                    compile_condition(occasion.self_where, target, (*here, "self_where"))
                    self_specs.append(occasion.self_where)
        # What the gates can read, whatever the policy: every occasion's conditions.
        self.related_spec = conjoin(options.related_where, {"any": related_specs}) if related_specs \
            else options.related_where
        self.by_itself_spec = conjoin(options.where, {"any": self_specs}) if self_specs else None
        self.related_where: Predicate
        self.by_itself: Predicate | None
        if occasions is None:
            fixed = self.selection_of(())
            self.related_where, self.by_itself = fixed.related, (fixed.by_itself if self_specs else None)
        else:
            self.related_where = self.related_in_force
            self.by_itself = self.by_itself_in_force if self_specs else None

    def selection_of(self, names: tuple[str, ...]) -> Selection:
        """The conditions of the occasions ``names`` (all conditions are valid: checked above)."""
        selection = self.selections.get(names)
        if selection is not None:
            return selection
        options, target = self.options, self.target
        chosen = [options.occasions.conditions[name] for name in names] if options.occasions else []
        related_specs = [occasion.related_where for occasion in chosen if occasion.related_where is not None]
        self_specs = [options.self_where] if options.self_where else []
        self_specs += [occasion.self_where for occasion in chosen if occasion.self_where is not None]
        if options.occasions is None:
            related = self.related_base
        elif related_specs:
            related = compile_condition(conjoin(options.related_where, {"any": related_specs}), target)
        else:
            related = never  # no occasion in force says when a related record allows the actor
        by_itself = compile_condition(conjoin(options.where, {"any": self_specs}), target) if self_specs else never
        selection = self.selections[names] = Selection(names, related, by_itself)
        return selection

    def selection(self, context: Context) -> Selection:
        """The conditions in force for the document of ``context``, chosen by its policy."""
        policy = context.policy
        last = self.last
        if last is not None and last[0] is policy:
            return last[1]
        occasions = self.options.occasions
        names: tuple[str, ...] = ()
        if occasions is not None:
            listed: Any = policy
            for part in occasions.from_policy.split("."):
                listed = getattr(listed, part, None)
            # The policy model accepts only the values the options cover (both are checked).
            names = tuple(dict.fromkeys(listed if listed is not None else occasions.default))
        selection = self.selection_of(names)
        self.last = (policy, selection)
        return selection

    def related_in_force(self, record: Record, context: Context) -> bool:
        return self.selection(context).related(record, context)

    def by_itself_in_force(self, record: Record, context: Context) -> bool:
        return self.selection(context).by_itself(record, context)

    def start(self, context: Context) -> _Run:
        return _Run(self, context)

    def kinds(self) -> frozenset[str] | None:
        return union_of_kinds(self.options.where, self.options.related_where)

    def gates(self) -> tuple[Gate, ...]:
        gates: tuple[Gate, ...] = (Gate(self.related_spec, self.related_where), Gate(self.options.where, self.where))
        if self.by_itself is not None:
            # An actor that matches by itself (it implies `where`): read through the router too.
            gates += (Gate(self.by_itself_spec, self.by_itself),)
        return gates


class _Run:
    def __init__(self, check: Related, context: Context) -> None:
        self.check = check
        self.context = context
        self.matched: dict[str, tuple[int, str, int]] = {}  # related id -> (line, excerpt, file)
        self.waiting: dict[str, list[Record]] = {}
        self.via = check.options.via
        self.seen = context.seen
        self.by_itself = check.by_itself is not None
        # The occasions in force, for messages: chosen once per document, by its policy.
        self.occasions = (", ".join(check.selection(context).names) or "none") if check.options.occasions else ""

    def feed(self, record: Record) -> Iterable[Hit]:
        check, context = self.check, self.context
        said: tuple[bool, ...] = (check.related_where(record, context), check.where(record, context))
        if check.by_itself is not None:
            said += (check.by_itself(record, context),)
        return list(self.feed_batch((record,), (said,)))

    def feed_batch(self, records: Iterable[Any], saids: Iterable[tuple[bool, ...]]) -> Iterator[Hit]:
        """Records in log order, each with what the gates (related_where, where and, when the
        check has one, by_itself) said of it."""
        check = self.check
        wants_match, matched, waiting, via, seen = check.wants_match, self.matched, self.waiting, self.via, self.seen
        for record, gates in zip(records, saids):
            if gates[0]:
                identity = record.id  # a log record is a fastevents.LogEvent
                matched[identity] = (record.line, excerpt(record.get("text")), record.__dict__.get("$file", 0))
                actors = waiting.pop(identity, None)
                if actors and wants_match:
                    yield from map(self._hit, actors)
            if not gates[1]:
                continue
            if self.by_itself and gates[2]:
                # It matches by itself (the deleted text copied into the deletion, an allowed link).
                if wants_match:
                    yield self._hit(record)
                continue
            related = getattr(record, via)
            if related is UNSET:
                if not wants_match:
                    yield Hit(record, self._params(record))
            elif related in matched:
                if wants_match:
                    yield self._hit(record)
            elif seen is not None and seen(related, record):
                # The related record has gone by without matching: decide now, keep nothing.
                if not wants_match:
                    yield self._hit(record)
            else:
                waiting.setdefault(related, []).append(record)

    def _hit(self, actor: Record) -> Hit:
        return Hit(actor, self._params(actor))

    def _params(self, actor: Record) -> dict[str, object]:
        related = actor.get(self.check.options.via) or "-"
        line, related_text, file = self.matched.get(related, ("?", "", actor.get("$file") or 0))
        shown = line_in({"$line": line, "$file": file}, actor, self.context)
        return {
            "related": related,
            "related_line": shown,
            # "line 12", "line 12 of logs/2026-11.jsonl"; a record the log does not hold (the
            # deletion's own text told what it removed) is said to be missing, not at line "?".
            "related_place": f"line {shown}" if line != "?" else "not in this log",
            "excerpt": excerpt(actor.get("text")),
            "related_excerpt": related_text or excerpt(actor.get("text")),
            "occasions": self.occasions,
        }

    def finish(self) -> Iterator[Hit]:
        if self.check.wants_match:
            return
        for actors in self.waiting.values():
            for actor in actors:
                yield self._hit(actor)
