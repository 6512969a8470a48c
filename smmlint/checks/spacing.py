"""Check primitive: the time between consecutive records of a group."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import timedelta
from typing import Any, ClassVar

from pydantic import Field

from ..fields import Context, Record, line_in
from ..models import Duration
from ..timeparse import format_duration
from .base import (
    GROUP_FIELD,
    NO_HITS,
    WHERE_FIELD,
    CheckOptions,
    Condition,
    GroupedCheck,
    Hit,
    group_label,
    time_order,
)


class SpacingOptions(CheckOptions):
    min_gap: Duration = Field(description="The least time between two records of a group.")
    group_by: list[str] = GROUP_FIELD
    where: Condition | None = WHERE_FIELD


class Spacing(GroupedCheck):
    Options: ClassVar[type[CheckOptions]] = SpacingOptions
    PARAMS: ClassVar[tuple[str, ...]] = ("gap", "limit", "previous", "previous_line", "group")
    TARGETS: ClassVar[tuple[str, ...]] = ("plan",)
    DESCRIPTION: ClassVar[str] = (
        "Sorts each group's records by time and reports every record that comes less than"
        " `min_gap` after the previous one."
    )


    def start(self, context: Context) -> _Run:
        return _Run(self, context)


class _Run:
    def __init__(self, check: Spacing, context: Context) -> None:
        self.check = check
        self.context = context
        self.groups: dict[Any, list[Record]] = {}

    def feed(self, record: Record) -> Iterable[Hit]:
        if self.check.where(record, self.context):
            self.groups.setdefault(self.check.group_of(record, self.context), []).append(record)
        return NO_HITS

    def finish(self) -> Iterator[Hit]:
        limit: timedelta = self.check.options.min_gap
        for group in sorted(self.groups, key=repr):
            records = sorted(self.groups[group], key=time_order)
            for previous, record in zip(records, records[1:]):
                gap = record["at"] - previous["at"]
                if gap < limit:
                    yield Hit(
                        record,
                        {
                            "gap": format_duration(gap),
                            "limit": format_duration(limit),
                            "previous": previous.get("id", "?"),
                            "previous_line": line_in(previous, record, self.context),
                            "group": group_label(group),
                        },
                        "at",
                    )
