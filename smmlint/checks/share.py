"""Check primitive: the share of records matching a condition, per period and group."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any, ClassVar, Literal

from pydantic import Field, model_validator

from ..fields import Context, Record
from ..models import Share as ShareValue
from .base import (
    GROUP_FIELD,
    WHERE_FIELD,
    CheckOptions,
    Condition,
    Hit,
    PeriodCheck,
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


class ShareOf(PeriodCheck):
    Options: ClassVar[type[CheckOptions]] = ShareOfOptions
    PARAMS: ClassVar[tuple[str, ...]] = ("share", "limit", "count", "total", "period", "group")
    TARGETS: ClassVar[tuple[str, ...]] = ("plan",)
    DESCRIPTION: ClassVar[str] = (
        "Measures the share of records matching `matching` among those matching `where`, per"
        " period and group; over `max_share` it points at the first matching record beyond the"
        " allowance, under `min_share` at the period's first record."
    )

    def __init__(self, options: ShareOfOptions, target: str) -> None:
        super().__init__(options, target)
        self.matching = condition(options.matching, target, "matching")

    def judge(self, context: Context, group: Any, labels: dict[str, Any],
              records: list[Record]) -> Iterator[Hit]:
        options = self.options
        matched = [record for record in records if self.matching(record, context)]
        share = len(matched) / len(records)
        params = {**labels, "share": percent(share), "count": len(matched)}
        if options.max_share is not None and share > options.max_share:
            # The first matching record beyond what the limit allows is the one to move.
            allowed = math.floor(options.max_share * len(records))
            yield Hit(matched[allowed], {**params, "limit": percent(options.max_share)})
        elif options.min_share is not None and share < options.min_share:
            yield Hit(records[0], {**params, "limit": percent(options.min_share)})
