"""Check primitive: the share of records matching a condition, per period and group."""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from typing import ClassVar, Literal

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
    PeriodGroups,
    condition,
    percent,
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
    TARGETS: ClassVar[tuple[str, ...]] = ("plan",)
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
        self.groups = PeriodGroups(check.options.window, check.group_of, context)

    def feed(self, record: Record) -> Iterable[Hit]:
        if self.check.where(record, self.context):
            self.groups.add(record)
        return NO_HITS

    def finish(self) -> Iterator[Hit]:
        options, matching = self.check.options, self.check.matching
        for _group, labels, records in self.groups.judged(options.min_items):
            matched = [record for record in records if matching(record, self.context)]
            share = len(matched) / len(records)
            params = {**labels, "share": percent(share), "count": len(matched)}
            if options.max_share is not None and share > options.max_share:
                # The first matching record beyond what the limit allows is the one to move.
                allowed = math.floor(options.max_share * len(records))
                yield Hit(matched[allowed], {**params, "limit": percent(options.max_share)})
            elif options.min_share is not None and share < options.min_share:
                yield Hit(records[0], {**params, "limit": percent(options.min_share)})
