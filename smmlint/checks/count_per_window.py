"""Check primitive: how many records fall in each local day, week or month (per group)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from typing import Any, ClassVar

from pydantic import Field, model_validator

from ..fields import Context, Record
from .base import (
    GROUP_FIELD,
    NO_HITS,
    WHERE_FIELD,
    CheckOptions,
    Condition,
    GroupedCheck,
    Hit,
    Window,
    group_label,
    local_day,
    next_window,
    period_label,
    previous_window,
    window_start,
    windows_between,
)  # fmt: skip


class CountPerWindowOptions(CheckOptions):
    window: Window = Field("day", description="Local day, week (Monday first) or month.")
    group_by: list[str] = GROUP_FIELD
    where: Condition | None = WHERE_FIELD
    max: int | None = Field(None, ge=0, description="At most this many records a window.")
    min: int | None = Field(
        None, ge=1, description="At least this many a window, judged between a group's first"
        " and last record (empty windows inside that span count). A week or month that the"
        " document's days (its first record's to its last one's, of every group) cover only in"
        " part needs its share of `min`, rounded: in a plan that starts on a Friday, 3 a week"
        " asks 1 of its first week's three days.",
    )

    @model_validator(mode="after")
    def _one_limit(self) -> CountPerWindowOptions:
        if self.max is None and self.min is None:
            raise ValueError("give 'max', 'min' or both")
        return self


class CountPerWindow(GroupedCheck):
    Options: ClassVar[type[CheckOptions]] = CountPerWindowOptions
    PARAMS: ClassVar[tuple[str, ...]] = (
        "count", "posts", "limit", "period", "when", "group", "window", "first", "last", "windows",
    )  # fmt: skip
    TARGETS: ClassVar[tuple[str, ...]] = ("plan", "log")
    DESCRIPTION: ClassVar[str] = (
        "Counts records per local day/week/month in the account's time zone, per group; reports"
        " the record that goes over `max`, and windows under `min` (runs of empty windows once)."
    )


    def __init__(self, options: CountPerWindowOptions, target: str) -> None:
        super().__init__(options, target)
        self.noun = "event" if target == "log" else "post"

    def start(self, context: Context) -> _Run:
        return _Run(self, context)


class _Run:
    def __init__(self, check: CountPerWindow, context: Context) -> None:
        self.check = check
        self.context = context
        # (group, window start) -> [count, first record, first record over the limit]
        self.buckets: dict[tuple[Any, date], list[Any]] = {}
        # The days of the document, of every record, where a week or month may be covered in
        # part (a plan from Friday 4 December has no Monday 30 November to fill): see _underfilled.
        self.spans = check.options.min is not None and check.options.window != "day"
        self.days: list[date] = []  # the first and last day seen

    def feed(self, record: Record) -> Iterable[Hit]:
        check, context = self.check, self.context
        if self.spans:
            self._span(local_day(record, context))
        if not check.where(record, context):
            return NO_HITS
        key = (check.group_of(record, context), window_start(local_day(record, context), check.options.window))
        bucket = self.buckets.get(key)
        if bucket is None:
            self.buckets[key] = [1, record, None]
            return NO_HITS
        bucket[0] += 1
        limit = check.options.max
        if limit is not None and bucket[0] == limit + 1:
            bucket[2] = record
        return NO_HITS

    def _span(self, day: date) -> None:
        days = self.days
        if not days:
            days += (day, day)
        elif day < days[0]:
            days[0] = day
        elif day > days[1]:
            days[1] = day

    def finish(self) -> Iterator[Hit]:
        options = self.check.options
        window = options.window
        for (group, start), (count, _first, over) in sorted(self.buckets.items(), key=_order):
            if over is not None:
                yield Hit(over, self._params(group, start, count, options.max))
        if options.min is not None:
            yield from self._underfilled(options.min, window)

    def _underfilled(self, minimum: int, window: Window) -> Iterator[Hit]:
        by_group: dict[Any, dict[date, list[Any]]] = {}
        for (group, start), bucket in self.buckets.items():
            by_group.setdefault(group, {})[start] = bucket
        for group in sorted(by_group, key=repr):
            windows = by_group[group]
            previous: date | None = None
            for start in sorted(windows):
                found = windows[start]
                if previous is not None:
                    gap = next_window(previous, window)  # no later than start: never past date.max
                    if gap < start:
                        # The record right after the gap is where the missing posts belong.
                        yield self._empty_hit(found[1], group, gap, start, minimum, window)
                previous = start
                if found[0] >= minimum:
                    continue
                params = self._params(group, start, found[0], minimum)
                part = _part(start, window, *self.days) if self.spans else None
                if part is not None:
                    first_day, last_day, length = part
                    covered = (last_day - first_day).days + 1
                    share = int(minimum * covered / length + 0.5)  # rounded half up
                    if found[0] >= share:
                        continue
                    days = (f"({covered} of the {length} days of {period_label(start, window)} are in the"
                            f" plan, so at least {share})")
                    params["period"] = f"{first_day.isoformat()} … {last_day.isoformat()} {days}"
                    params["when"] = f"from {first_day.isoformat()} to {last_day.isoformat()} {days}"
                yield Hit(found[1], params)

    def _empty_hit(
        self, record: Record, group: Any, first: date, end: date, minimum: int, window: Window
    ) -> Hit:
        """The hit for the empty windows from ``first`` up to ``end`` (excluded), counted
        without walking them: a mistyped year leaves centuries between two posts."""
        last = previous_window(end, window)
        params = self._params(group, first, 0, minimum)
        params.update(
            first=period_label(first, window),
            last=period_label(last, window),
            windows=windows_between(first, end, window),
            period=period_label(first, window)
            if first == last
            else f"{period_label(first, window)} … {period_label(last, window)}",
        )
        if first != last:
            params["when"] = f"from {period_label(first, window)} to {period_label(last, window)}"
        return Hit(record, params)

    def _params(self, group: Any, start: date, count: int, limit: int | None) -> dict[str, Any]:
        window = self.check.options.window
        label = period_label(start, window)
        return {
            "count": count,
            "posts": f"{count} {self.check.noun}{'' if count == 1 else 's'}",
            "limit": limit,
            "period": label,
            "when": f"{'on' if window == 'day' else 'in'} {label}",
            "group": group_label(group),
            "window": window,
            "first": label,
            "last": label,
            "windows": 1,
        }


def _part(start: date, window: Window, first: date, last: date) -> tuple[date, date, int] | None:
    """The days of the window from ``start`` that the days ``first`` to ``last`` cover, and the
    window's length in days; None when they cover it whole."""
    try:
        end = next_window(start, window) - timedelta(days=1)
    except OverflowError:  # the last window before date.max ends there
        end = date.max
    length = (end - start).days + 1
    first, last = max(first, start), min(last, end)
    if first == start and last == end:
        return None
    return first, last, length


def _order(item: tuple[tuple[Any, date], list[Any]]) -> tuple[str, date]:
    (group, start), _bucket = item
    return (repr(group), start)
