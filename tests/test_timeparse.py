"""Durations and plan times as people write them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from smmlint.timeparse import format_duration, parse_duration, parse_local_datetime, zone


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2h", timedelta(hours=2)), ("30m", timedelta(minutes=30)), ("1h30m", timedelta(minutes=90)),
        ("90 min", timedelta(minutes=90)), ("1d", timedelta(days=1)), ("1.5h", timedelta(minutes=90)),
        ("2 часа", timedelta(hours=2)), ("30 мин", timedelta(minutes=30)), ("6ч", timedelta(hours=6)),
        ("1 день", timedelta(days=1)), ("1w", timedelta(days=7)), ("45s", timedelta(seconds=45)),
    ],
)  # fmt: skip
def test_parse_duration(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["", "two hours", "2", "2x", "h2"])
def test_bad_durations_say_how_to_write_one(text: str) -> None:
    with pytest.raises(ValueError, match="duration"):
        parse_duration(text)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(timedelta(hours=6), "6h"), (timedelta(minutes=90), "1h30m"), (timedelta(days=2, hours=1), "2d1h"),
     (timedelta(0), "0m")],
)
def test_format_duration(value: timedelta, expected: str) -> None:
    assert format_duration(value) == expected


def test_local_and_offset_times() -> None:
    assert parse_local_datetime("2026-12-01 10:00") == datetime(2026, 12, 1, 10, 0)
    assert parse_local_datetime("2026-12-01T10:00:00+03:00").utcoffset() == timedelta(hours=3)
    assert parse_local_datetime("2026-12-01T07:00:00Z").tzinfo == UTC


@pytest.mark.parametrize("text", ["2026-12-01", "01.12.2026 10:00", "2026-02-30 10:00", "tomorrow"])
def test_bad_plan_times(text: str) -> None:
    with pytest.raises(ValueError):
        parse_local_datetime(text)


def test_unknown_zone_names_an_example() -> None:
    with pytest.raises(ValueError, match="Europe/Moscow"):
        zone("Moscow/Russia")


@pytest.mark.parametrize("text", ["90", "1.5", "0h", "0m"])
def test_numbers_without_units_and_zero_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_duration(text)


@pytest.mark.parametrize("name", ["Europe", "America/Argentina", "x" * 300, "Europe/" + "x" * 300, "a\0b", "Europe/Moskow"])
def test_folders_of_the_zone_database_and_names_too_long_are_unknown_zones(name: str) -> None:
    with pytest.raises(ValueError, match="unknown time zone") as caught:
        zone(name)
    assert len(str(caught.value)) < 200


@pytest.mark.parametrize("text", ["99999999999999w", "9" * 400 + "h", "9" * 5000 + "s", "36526d", "1000000000d"])
def test_durations_beyond_a_hundred_years_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="a duration too large") as caught:
        parse_duration(text)
    assert len(str(caught.value)) < 200


def test_a_hundred_years_is_a_duration() -> None:
    assert parse_duration("36525d") == timedelta(days=36525)
