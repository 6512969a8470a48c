"""The registry of check primitives: one module each, one line here."""

from __future__ import annotations

from .base import Check, CheckOptions, Hit, Run
from .count_per_window import CountPerWindow
from .distinct_values import DistinctValues
from .forbidden import Forbidden
from .related import Related
from .required import Required
from .response import Response
from .share import ShareOf
from .spacing import Spacing
from .target_mix import TargetMix

CHECKS: dict[str, type[Check]] = {
    "count_per_window": CountPerWindow,
    "spacing": Spacing,
    "share": ShareOf,
    "distinct_values": DistinctValues,
    "target_mix": TargetMix,
    "required": Required,
    "forbidden": Forbidden,
    "related": Related,
    "response": Response,
}

__all__ = ["CHECKS", "Check", "CheckOptions", "Hit", "Run"]
