"""Parsing of the times and durations people write in plans, policies and configs."""

from __future__ import annotations

import math
import re
from datetime import datetime, timedelta, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_LOCAL_DATETIME = re.compile(
    r"\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?\Z"
)
_SINGLE_DIGIT_HOUR = re.compile(r"^(\d{4}-\d{2}-\d{2}[ T])(\d:)")
LOCAL_DATETIME_PATTERN = _LOCAL_DATETIME.pattern.replace("\\Z", "$")

_UNITS = (
    r"weeks?|w|недел[ьяи]|нед|days?|d|день|дн(?:ей|я)?|д|hours?|hrs?|h|час(?:а|ов)?|ч"
    r"|minutes?|mins?|m|мин(?:ут[аы]?)?|м|seconds?|secs?|s|сек(?:унд[аы]?)?|с"
)
# A unit must not run into a letter ("2hx" is not a duration), but may run into the next
# number: "1h30m".
_DURATION_PART = re.compile(rf"\s*(\d+(?:[.,]\d+)?)\s*({_UNITS})(?![^\W\d_])\s*", re.IGNORECASE)
DURATION_PATTERN = rf"^\s*(\d+([.,]\d+)?\s*({_UNITS.replace('(?:', '(')})\s*)+$"
_UNIT_SECONDS = {
    "w": 604800, "н": 604800, "d": 86400, "д": 86400, "h": 3600, "ч": 3600,
    "m": 60, "м": 60, "s": 1, "с": 1,
}  # fmt: skip
MAX_DURATION = timedelta(days=36525)
"""100 years: longer than any deadline or gap, and far inside what dates can be moved by."""


def parse_duration(text: str) -> timedelta:
    """``2h``, ``1h30m``, ``90 min``, ``1d``, ``2 часа``, ``30 мин`` -> timedelta."""
    position = 0
    total = 0.0
    stripped = text.strip()
    if stripped.replace(".", "", 1).isdigit():
        raise ValueError(f"'{text}' is not a duration without a unit: write 90m, 2h or 1d")
    if not stripped:
        raise ValueError("expected a duration such as 2h, 30m or 1d")
    while position < len(stripped):
        match = _DURATION_PART.match(stripped, position)
        if match is None or match.end() == position:
            raise ValueError(
                f"'{text}' is not a duration: write a number and a unit, e.g. 2h, 30m, 1d, 2ч"
            )
        amount = float(match.group(1).replace(",", "."))
        total += amount * _UNIT_SECONDS[match.group(2)[0].lower()]
        position = match.end()
    if total <= 0:
        raise ValueError(f"'{text}' is no time at all: a deadline or a gap must be longer than 0")
    if not math.isfinite(total) or total > MAX_DURATION.total_seconds():
        raise ValueError(f"'{_shown(text)}' is a duration too large: a deadline or a gap is at most 100 years")
    return timedelta(seconds=total)


def _shown(text: str) -> str:
    """``text`` cut for a message: the value a user wrote may be of any length."""
    return text if len(text) <= 40 else text[:37] + "..."


def format_duration(value: timedelta) -> str:
    """The shortest of ``45m``, ``6h``, ``1h30m``, ``2d`` for messages."""
    seconds = int(value.total_seconds())
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    parts = [f"{n}{unit}" for n, unit in ((days, "d"), (hours, "h"), (minutes, "m"), (seconds, "s")) if n]
    return "".join(parts) or "0m"


def parse_local_datetime(text: str) -> datetime:
    """A plan's ``at``: ``2026-12-01 10:00`` (local) or ISO 8601 with an offset."""
    if not _LOCAL_DATETIME.match(text):
        raise ValueError(
            f"'{text}' is not a date and time: write 2026-12-01 10:00 (account time zone)"
            " or 2026-12-01T10:00:00+03:00"
        )
    # People write "9:00"; ISO 8601 wants "09:00".
    text = _SINGLE_DIGIT_HOUR.sub(r"\g<1>0\g<2>", text, count=1)
    try:
        return datetime.fromisoformat(text)
    except ValueError as error:
        problem = "its offset from UTC must be under 24 hours" if "offset must be" in str(error) else str(error)
        raise ValueError(f"'{text}' is not a real date and time ({problem})") from None


@lru_cache(maxsize=64)
def zone(name: str) -> tzinfo:
    """The IANA time zone ``name``; ValueError with a readable message if unknown."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        # OSError: a name that is a folder of the time zone database (Europe, America/Argentina)
        # or longer than a file name may be.
        raise ValueError(
            f"unknown time zone '{_shown(name)}': use an IANA name such as Europe/Moscow or UTC"
        ) from None
