"""Check primitive: a field's mix of values against the target shares the policy sets."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any, ClassVar, Literal

from pydantic import Field

from ..fields import Context, Record, getter, group_key
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


class TargetMixOptions(CheckOptions):
    field: str = Field("format", description="The field whose mix is compared.")
    targets_from_policy: Literal["content_mix"] = Field(
        "content_mix", description="The policy section holding the target shares."
    )
    tolerance: ShareValue = Field(0.15, description="Allowed deviation from each target share.")
    where: Condition | None = WHERE_FIELD
    window: Literal["week", "month", "all"] = Field("month", description="The period judged.")
    group_by: list[str] = GROUP_FIELD
    min_items: int = Field(10, ge=1, description="Periods with fewer records are not judged.")


class TargetMix(CheckBase):
    Options: ClassVar[type[CheckOptions]] = TargetMixOptions
    PARAMS: ClassVar[tuple[str, ...]] = (
        "field", "value", "share", "target", "tolerance", "count", "total", "period", "group",
    )  # fmt: skip
    TARGETS: ClassVar[tuple[str, ...]] = ("plan",)
    DESCRIPTION: ClassVar[str] = (
        "Compares the share of each value of `field` per period with the policy's target"
        " (`content_mix`); each value further than `tolerance` from its target is reported."
        " Without a policy target nothing is judged."
    )

    def __init__(self, options: TargetMixOptions, target: str) -> None:
        self.options = options
        self.where = condition(options.where, target, "where")
        self.value_of = getter(options.field)
        self.group_of = group_key(options.group_by)

    def start(self, context: Context) -> _Run:
        return _Run(self, context)


class _Run:
    def __init__(self, check: TargetMix, context: Context) -> None:
        self.check = check
        self.context = context
        self.periods: dict[tuple[Any, date | None], tuple[Counter[Any], list[Record]]] = {}
        policy = context.policy
        mix = getattr(policy, check.options.targets_from_policy, None) if policy else None
        self.targets: dict[str, float] = {str(k): float(v) for k, v in (mix or {}).items()}

    def feed(self, record: Record) -> Iterable[Hit]:
        check, context = self.check, self.context
        if not self.targets or not check.where(record, context):
            return NO_HITS
        start = period_start(record, context, check.options.window)
        counts, records = self.periods.setdefault((check.group_of(record, context), start), (Counter(), []))
        counts[str(check.value_of(record, context))] += 1
        records.append(record)
        return NO_HITS

    def finish(self) -> Iterator[Hit]:
        options = self.check.options
        for (group, start), (counts, records) in sorted(
            self.periods.items(), key=lambda item: (repr(item[0][0]), item[0][1] or date.min)
        ):
            total = len(records)
            if total < options.min_items:
                continue
            ordered = sorted(records, key=lambda r: (r["at"], r.get("$line", 0)))
            for value, target in sorted(self.targets.items()):
                share = counts.get(value, 0) / total
                if abs(share - target) <= options.tolerance + 1e-9:
                    continue
                value_of = self.check.value_of
                # Over target: point at the first post of that value; under: at the period start.
                anchor = next((r for r in ordered if str(value_of(r, self.context)) == value), ordered[0])
                yield Hit(
                    anchor if share > target else ordered[0],
                    {
                        "field": options.field,
                        "value": value,
                        "share": percent(share),
                        "target": percent(target),
                        "tolerance": percent(options.tolerance),
                        "count": counts.get(value, 0),
                        "total": total,
                        "period": period_label(start, options.window) if start else period_label(date.min, "all"),
                        "group": group_label(group),
                    },
                    options.field,
                )
