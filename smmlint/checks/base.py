"""What every check primitive shares: its options base, the hits it yields, and windows."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from datetime import date, timedelta
from typing import Any, ClassVar, Literal, NamedTuple, Protocol

from pydantic import BaseModel, ConfigDict, Field

from ..conditions import Predicate, compile_condition
from ..fields import Context, Record, group_key, local_datetime

Condition = dict[str, Any]
Window = Literal["day", "week", "month"]
NO_HITS: tuple[Hit, ...] = ()


class Hit(NamedTuple):
    """A check's raw result: the record it is about, message values, and the field to point at;
    of a check that judges a period whole, the records it judged (a month's mix of one network)."""

    record: Record
    params: Mapping[str, Any]
    field: str | None = None
    judged: Sequence[Record] | None = None


class CheckOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Gate(NamedTuple):
    """A condition of a check's options: as written (to see what it reads) and compiled."""

    spec: Condition | None
    test: Predicate


class Run(Protocol):
    """One check applied to one document: records are pushed in, hits come out."""

    def feed(self, record: Record) -> Iterable[Hit]: ...

    def finish(self) -> Iterable[Hit]: ...


class CheckBase:
    """Defaults of the optional parts of a check: no sharing, every hit, every kind."""

    def share_key(self) -> Hashable | None:
        """Rules whose checks return equal keys share one run (None: never shared)."""
        return None

    def accepts(self, hit: Hit) -> bool:
        """Whether a hit of a shared run belongs to this check's rule."""
        return True

    def kinds(self) -> frozenset[str] | None:
        """The log event kinds this check needs to see (None: all records)."""
        return None

    def gates(self) -> tuple[Gate, ...] | None:
        """The conditions whose results the check's run takes with ``feed_batch``, in order.

        A record none of them holds for changes nothing in the run, so the engine need not
        feed it; the results depend only on the fields the conditions read, so the engine
        works them out once per distinct combination of those fields (see ``router``).
        None: the run takes every record through ``feed``.
        """
        return None


class Check(Protocol):
    """A check primitive compiled with one rule's options."""

    Options: ClassVar[type[CheckOptions]]
    PARAMS: ClassVar[tuple[str, ...]]
    TARGETS: ClassVar[tuple[str, ...]]
    DESCRIPTION: ClassVar[str]

    def __init__(self, options: Any, target: str) -> None: ...

    def start(self, context: Context) -> Run: ...

    def share_key(self) -> Hashable | None: ...

    def accepts(self, hit: Hit) -> bool: ...

    def kinds(self) -> frozenset[str] | None: ...

    def gates(self) -> tuple[Gate, ...] | None: ...


def kinds_of(spec: Condition | None) -> frozenset[str] | None:
    """The event kinds a condition can match, read off its top-level `kind` test (None: any)."""
    if not spec or "kind" not in spec:
        return None
    test = spec["kind"]
    if isinstance(test, str):
        return frozenset({test})
    if isinstance(test, dict) and set(test) <= {"in", "eq"}:
        allowed = set(test.get("in", [])) if "in" in test else None
        if "eq" in test:
            allowed = {test["eq"]} if allowed is None else allowed & {test["eq"]}
        if allowed is not None and all(isinstance(kind, str) for kind in allowed):
            return frozenset(allowed)
    return None


def union_of_kinds(*specs: Condition | None) -> frozenset[str] | None:
    """The kinds any of ``specs`` can match; None as soon as one can match any kind."""
    found: set[str] = set()
    for spec in specs:
        kinds = kinds_of(spec)
        if kinds is None:
            return None
        found |= kinds
    return frozenset(found)


def condition(spec: Condition | None, target: str, option: str) -> Predicate:
    """Compile the condition in option ``option``; errors carry the option's path."""
    return compile_condition(spec, target, (option,))


WHERE_FIELD = Field(None, description="Only records matching this condition are considered.")
GROUP_FIELD: Any = Field(
    default_factory=list, description="Fields whose values split records into separate groups."
)


def local_day(record: Record, context: Context) -> date:
    """The record's local date in the account's time zone, cached per record."""
    day: date | None = record.get("$day")
    if day is None:
        day = record["$day"] = local_datetime(record, context).date()
    return day


def period_start(record: Record, context: Context, window: Window | Literal["all"]) -> date | None:
    """The first local day of the record's window, or None for the whole document."""
    return None if window == "all" else window_start(local_day(record, context), window)


def time_order(record: Record) -> tuple[Any, int]:
    return (record["at"], record.get("$line", 0))


class PeriodGroups:
    """A plan's records split by group and period, for checks that judge each period whole."""

    def __init__(self, window: Window | Literal["all"], group_of: Callable[[Record, Context], Any],
                 context: Context) -> None:
        self.window, self.group_of, self.context = window, group_of, context
        self.periods: dict[tuple[Any, date | None], list[Record]] = {}

    def add(self, record: Record) -> None:
        key = (self.group_of(record, self.context), period_start(record, self.context, self.window))
        self.periods.setdefault(key, []).append(record)

    def judged(self, min_items: int) -> Iterator[tuple[Any, dict[str, Any], list[Record]]]:
        """Each period with at least ``min_items`` records: group, labels, records in time order."""
        for (group, start), records in sorted(
            self.periods.items(), key=lambda item: (repr(item[0][0]), item[0][1] or date.min)
        ):
            if len(records) < min_items:
                continue
            records.sort(key=time_order)
            label = period_label(start, self.window) if start else period_label(date.min, "all")
            yield group, {"period": label, "group": group_label(group), "total": len(records)}, records


class GroupedCheck(CheckBase):
    """A check whose options have a `where` filter and `group_by` fields."""

    def __init__(self, options: Any, target: str) -> None:
        self.options = options
        self.where = condition(options.where, target, "where")
        self.group_of = group_key(options.group_by)


class PeriodCheck(GroupedCheck):
    """A check that gathers a plan's records by group and period and judges each period whole.

    Subclasses set ``min_items`` and ``window`` through their options and implement ``judge``.
    """

    def start(self, context: Context) -> PeriodRun:
        return PeriodRun(self, context)

    def active(self, context: Context) -> bool:
        """Whether the check has anything to judge in this context (e.g. a policy target)."""
        return True

    def judge(self, context: Context, group: Any, labels: dict[str, Any],
              records: list[Record]) -> Iterator[Hit]:
        raise NotImplementedError


class PeriodRun:
    def __init__(self, check: PeriodCheck, context: Context) -> None:
        self.check = check
        self.context = context
        self.active = check.active(context)
        self.groups = PeriodGroups(check.options.window, check.group_of, context)

    def feed(self, record: Record) -> Iterable[Hit]:
        if self.active and self.check.where(record, self.context):
            self.groups.add(record)
        return NO_HITS

    def finish(self) -> Iterator[Hit]:
        for group, labels, records in self.groups.judged(self.check.options.min_items):
            for hit in self.check.judge(self.context, group, labels, records):
                yield hit if hit.judged is not None else hit._replace(judged=records)


def window_start(day: date, window: Window) -> date:
    if window == "day":
        return day
    if window == "week":
        return day - timedelta(days=day.weekday())
    return day.replace(day=1)


def next_window(start: date, window: Window) -> date:
    if window == "day":
        return start + timedelta(days=1)
    if window == "week":
        return start + timedelta(days=7)
    return (start.replace(day=28) + timedelta(days=4)).replace(day=1)


def previous_window(start: date, window: Window) -> date:
    """The window before the one that starts at ``start``."""
    if window == "week":
        return start - timedelta(days=7)
    return window_start(start - timedelta(days=1), window)


def windows_between(first: date, end: date, window: Window) -> int:
    """How many windows start from ``first`` (a window's start) up to ``end`` (excluded)."""
    if window == "month":
        return (end.year - first.year) * 12 + end.month - first.month
    return (end - first).days // (7 if window == "week" else 1)


def period_label(start: date, window: Window | Literal["all"]) -> str:
    if window == "day":
        return start.isoformat()
    if window == "week":
        return f"the week of {start.isoformat()}"
    if window == "month":
        return start.strftime("%Y-%m")
    return "the whole plan"


def group_label(group: Sequence[Any]) -> str:
    return "/".join(str(part) for part in group) if group else "all platforms"


def percent(share: float) -> str:
    return f"{share * 100:.0f}%"
