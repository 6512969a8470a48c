"""Check primitive: a field's mix of values against the target shares the policy sets."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any, ClassVar, Literal

from pydantic import Field

from ..fields import Context, Record, getter
from ..models import Share as ShareValue
from .base import (
    GROUP_FIELD,
    WHERE_FIELD,
    CheckOptions,
    Condition,
    Hit,
    PeriodCheck,
    percent,
)  # fmt: skip


class TargetMixOptions(CheckOptions):
    field: str = Field("format", description="The field whose mix is compared.")
    targets_from_policy: Literal["content_mix"] = Field(
        "content_mix", description="The policy section holding the target shares over all records."
    )
    targets_by_platform_from_policy: Literal["content_mix_by_platform"] | None = Field(
        "content_mix_by_platform",
        description="The policy section holding target shares per platform: each listed platform's"
        " records in a period are judged against their own shares instead of the overall ones"
        " (`{scope}` names the posts judged in messages: `tiktok posts`, `posts on all networks`)."
        " None: not read.",
    )
    tolerance: ShareValue = Field(0.15, description="Allowed deviation from each target share.")
    where: Condition | None = WHERE_FIELD
    window: Literal["week", "month", "all"] = Field("month", description="The period judged.")
    group_by: list[str] = GROUP_FIELD
    min_items: int = Field(10, ge=1, description="Periods with fewer records are not judged.")


class TargetMix(PeriodCheck):
    Options: ClassVar[type[CheckOptions]] = TargetMixOptions
    PARAMS: ClassVar[tuple[str, ...]] = (
        "field", "value", "share", "target", "tolerance", "count", "total", "period", "group", "scope",
    )  # fmt: skip
    TARGETS: ClassVar[tuple[str, ...]] = ("plan",)
    DESCRIPTION: ClassVar[str] = (
        "Compares the share of each value of `field` per period with the policy's target"
        " (`content_mix`) and, for a platform the policy gives targets of its own"
        " (`content_mix_by_platform`), that platform's records with those instead; each value"
        " further than `tolerance` from its target is reported. Without a policy target nothing is"
        " judged."
    )

    def __init__(self, options: TargetMixOptions, target: str) -> None:
        super().__init__(options, target)
        self.value_of = getter(options.field)

    def targets(self, context: Context) -> dict[str, float]:
        policy = context.policy
        mix = getattr(policy, self.options.targets_from_policy, None) if policy else None
        return {str(k): float(v) for k, v in (mix or {}).items()}

    def platform_targets(self, context: Context) -> dict[str, dict[str, float]]:
        section = self.options.targets_by_platform_from_policy
        policy = context.policy
        mixes = getattr(policy, section, None) if policy is not None and section else None
        return {str(platform): {str(k): float(v) for k, v in mix.items()} for platform, mix in (mixes or {}).items()}

    def active(self, context: Context) -> bool:
        return bool(self.targets(context)) or bool(self.platform_targets(context))

    def judge(self, context: Context, group: Any, labels: dict[str, Any],
              records: list[Record]) -> Iterator[Hit]:
        by_platform = self.platform_targets(context)
        # A network with a mix of its own is judged by it alone; the others by the overall mix.
        rest = [record for record in records if str(record.get("platform")) not in by_platform] if by_platform else records
        if rest and (len(rest) == len(records) or len(rest) >= self.options.min_items):
            # Say which posts: a month's mix over several networks would read, at the one post
            # it points at, as that post's network's mix.
            networks = {str(record.get("platform")) for record in rest}
            scope = (f"posts on {networks.pop()}" if len(networks) == 1
                     else "posts on the other networks" if by_platform else "posts on all networks")
            yield from self._judged(context, labels, rest, self.targets(context), scope)
        if by_platform:
            platforms: dict[str, list[Record]] = {}
            for record in records:
                platforms.setdefault(str(record.get("platform")), []).append(record)
            for platform, mix in sorted(by_platform.items()):
                chosen = platforms.get(platform, [])
                if len(chosen) >= self.options.min_items:
                    yield from self._judged(context, labels, chosen, mix, f"{platform} posts")

    def _judged(self, context: Context, labels: dict[str, Any], records: list[Record],
                targets: dict[str, float], scope: str) -> Iterator[Hit]:
        options = self.options
        values = [str(self.value_of(record, context)) for record in records]
        counts = Counter(values)
        for value, target in sorted(targets.items()):
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
                    "total": len(records),
                    "scope": scope,
                },
                options.field,
                records,  # of one network, when it has a mix of its own
            )
