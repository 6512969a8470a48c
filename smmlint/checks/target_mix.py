"""Check primitive: a field's mix of values against the target shares the policy sets."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from typing import ClassVar, Literal

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
    PeriodGroups,
    condition,
    percent,
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
        self.groups = PeriodGroups(check.options.window, check.group_of, context)
        policy = context.policy
        mix = getattr(policy, check.options.targets_from_policy, None) if policy else None
        self.targets: dict[str, float] = {str(k): float(v) for k, v in (mix or {}).items()}

    def feed(self, record: Record) -> Iterable[Hit]:
        if self.targets and self.check.where(record, self.context):
            self.groups.add(record)
        return NO_HITS

    def finish(self) -> Iterator[Hit]:
        options, value_of = self.check.options, self.check.value_of
        for _group, labels, records in self.groups.judged(options.min_items):
            values = [str(value_of(record, self.context)) for record in records]
            counts = Counter(values)
            for value, target in sorted(self.targets.items()):
                share = counts.get(value, 0) / len(records)
                if abs(share - target) <= options.tolerance + 1e-9:
                    continue
                # Over target: point at the first post of that value; under: at the period start.
                anchor = records[values.index(value)] if share > target else records[0]
                yield Hit(
                    anchor,
                    {
                        **labels,
                        "field": options.field,
                        "value": value,
                        "share": percent(share),
                        "target": percent(target),
                        "tolerance": percent(options.tolerance),
                        "count": counts.get(value, 0),
                    },
                    options.field,
                )
