"""Check primitive: variety of a field's values per period and group, and expected values."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any, ClassVar, Literal

from pydantic import Field, model_validator

from ..fields import Context, Record, getter
from ..models import Share as ShareValue
from .base import (
    GROUP_FIELD,
    WHERE_FIELD,
    CheckOptions,
    Condition,
    Hit,
    PeriodCheck,
    local_day,
    percent,
)  # fmt: skip


class DistinctValuesOptions(CheckOptions):
    field: str = Field(description="The field whose values are counted, e.g. format.")
    where: Condition | None = WHERE_FIELD
    window: Literal["week", "month", "all"] = Field("month", description="The period judged.")
    group_by: list[str] = GROUP_FIELD
    min_items: int = Field(5, ge=1, description="Periods with fewer records are not judged.")
    min_span_days: int = Field(
        0, ge=0, description="Periods whose records span fewer local days (first to last) are not"
        " judged: a plan covering one week of a month cannot show the month's mix.",
    )
    min_distinct: int | None = Field(None, ge=1, description="At least this many distinct values.")
    max_top_share: ShareValue | None = Field(
        None, description="The most common value may hold at most this share."
    )
    expected: dict[str, list[str]] | None = Field(
        None,
        description="Per group value (e.g. platform), values expected at least once a period;"
        " the policy's `platform_features` replaces these when `expected_from_policy` is set.",
    )
    expected_from_policy: Literal["platform_features"] | None = None
    known_values: list[str] | None = Field(
        None,
        description="Expected values outside this list are skipped: a policy may name tools"
        " that no planned post can show (e.g. 'ads', 'market').",
    )

    @model_validator(mode="after")
    def _some_test(self) -> DistinctValuesOptions:
        if self.min_distinct is None and self.max_top_share is None and self.expected is None \
                and self.expected_from_policy is None:
            raise ValueError("give min_distinct, max_top_share, expected or expected_from_policy")
        return self


class DistinctValues(PeriodCheck):
    Options: ClassVar[type[CheckOptions]] = DistinctValuesOptions
    PARAMS: ClassVar[tuple[str, ...]] = (
        "field", "top", "top_share", "limit", "distinct", "values", "missing", "total", "period", "group",
    )  # fmt: skip
    TARGETS: ClassVar[tuple[str, ...]] = ("plan",)
    DESCRIPTION: ClassVar[str] = (
        "Counts the values of `field` per period and group: too few distinct values, one value"
        " holding more than `max_top_share`, or expected values (per group) never used."
    )

    def __init__(self, options: DistinctValuesOptions, target: str) -> None:
        super().__init__(options, target)
        self.value_of = getter(options.field)

    def _expected(self, context: Context, group: tuple[Any, ...]) -> list[str] | None:
        options = self.options
        table: dict[str, list[str]] | None = options.expected
        policy = context.policy
        if options.expected_from_policy and policy is not None and policy.platform_features:
            table = {str(k): v for k, v in policy.platform_features.items()}
        if table is None:
            return None
        key = str(group[0]) if group else "*"
        values = table.get(key, table.get("*"))
        if values is None:
            return None
        known = options.known_values
        return [value for value in values if known is None or value in known]

    def judge(self, context: Context, group: Any, labels: dict[str, Any],
              records: list[Record]) -> Iterator[Hit]:
        options, value_of = self.options, self.value_of
        if (local_day(records[-1], context) - local_day(records[0], context)).days + 1 < options.min_span_days:
            return
        counts = Counter(value_of(record, context) for record in records)
        total, first = len(records), records[0]
        top, top_count = counts.most_common(1)[0]
        params = {
            **labels,
            "field": options.field,
            "top": top,
            "top_share": percent(top_count / total),
            "distinct": len(counts),
            "values": ", ".join(sorted(str(v) for v in counts)),
            "missing": "",
            "limit": "",
        }
        if options.min_distinct is not None and len(counts) < options.min_distinct:
            yield Hit(first, {**params, "limit": options.min_distinct}, options.field)
        elif options.max_top_share is not None and top_count / total > options.max_top_share:
            yield Hit(first, {**params, "limit": percent(options.max_top_share)}, options.field)
        expected = self._expected(context, group)
        if expected:
            missing = [value for value in expected if value not in counts]
            if missing:
                yield Hit(first, {**params, "missing": ", ".join(missing)}, options.field)
