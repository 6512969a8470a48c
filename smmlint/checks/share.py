"""Check primitive: the share of records matching a condition, per period and group."""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any, ClassVar, Literal

from pydantic import Field, model_validator

from ..fields import Context, Record, group_key
from ..models import Share as ShareValue
from .base import (
    GROUP_FIELD,
    NO_HITS,
    WHERE_FIELD,
    CheckBase,
    CheckOptions,
    Condition,
    Hit,
    condition,
    group_label,
    percent,
    period_label,
    period_start,
)  # fmt: skip


class ShareOfOptions(CheckOptions):
    matching: Condition = Field(description="The condition whose share is measured.")
    where: Condition | None = WHERE_FIELD
    max_share: ShareValue | None = Field(None, description="Largest allowed share (0–1).")
    min_share: ShareValue | None = Field(None, description="Smallest allowed share (0–1).")
    min_items: int = Field(5, ge=1, description="Periods with fewer records are not judged.")
    window: Literal["week", "month", "all"] = Field("all", description="The period judged.")
    group_by: list[str] = GROUP_FIELD

    @model_validator(mode="after")
    def _one_limit(self) -> ShareOfOptions:
        if self.max_share is None and self.min_share is None:
            raise ValueError("give 'max_share', 'min_share' or both")
        return self


class ShareOf(CheckBase):
    Options: ClassVar[type[CheckOptions]] = ShareOfOptions
    PARAMS: ClassVar[tuple[str, ...]] = ("share", "limit", "count", "total", "period", "group")
    TARGETS: ClassVar[tuple[str, ...]] = ("plan", "log")
    DESCRIPTION: ClassVar[str] = (
        "Measures the share of records matching `matching` among those matching `where`, per"
        " period and group; over `max_share` it points at the first matching record beyond the"
        " allowance, under `min_share` at the period's first record."
    )

    def __init__(self, options: ShareOfOptions, target: str) -> None:
        self.options = options
        self.where = condition(options.where, target, "where")
        self.matching = condition(options.matching, target, "matching")
        self.group_of = group_key(options.group_by)

    def start(self, context: Context) -> _Run:
        return _Run(self, context)


class _Run:
    def __init__(self, check: ShareOf, context: Context) -> None:
        self.check = check
        self.context = context
        # (group, period) -> [total, first record, matching records in order]
        self.periods: dict[tuple[Any, date | None], list[Any]] = {}

    def feed(self, record: Record) -> Iterable[Hit]:
        check, context = self.check, self.context
        if not check.where(record, context):
            return NO_HITS
        start = period_start(record, context, check.options.window)
        key = (check.group_of(record, context), start)
        period = self.periods.setdefault(key, [0, record, []])
        period[0] += 1
        if check.matching(record, context):
            period[2].append(record)
        return NO_HITS

    def finish(self) -> Iterator[Hit]:
        options = self.check.options
        for (group, start), (total, first, matched) in sorted(
            self.periods.items(), key=lambda item: (repr(item[0][0]), item[0][1] or date.min)
        ):
            if total < options.min_items:
                continue
            share = len(matched) / total
            params = {
                "share": percent(share),
                "count": len(matched),
                "total": total,
                "period": period_label(start, options.window) if start else period_label(date.min, "all"),
                "group": group_label(group),
            }
            if options.max_share is not None and share > options.max_share:
                allowed = math.floor(options.max_share * total)
                ordered = sorted(matched, key=lambda r: (r["at"], r.get("$line", 0)))
                yield Hit(ordered[allowed], {**params, "limit": percent(options.max_share)})
            elif options.min_share is not None and share < options.min_share:
                yield Hit(first, {**params, "limit": percent(options.min_share)})
