"""The compact id set behaves as a set of strings, through growth."""

from __future__ import annotations

from smmlint.idset import IdSet


def test_add_reports_new_and_repeated_ids_through_growth() -> None:
    ids = IdSet(capacity=4)
    assert all(ids.add(f"event-{n}") for n in range(10_000))
    assert len(ids) == 10_000
    assert not ids.add("event-42")
    assert "event-9999" in ids and "event-10000" not in ids
    assert 42 not in ids  # type: ignore[operator]


def test_empty_and_unusual_ids() -> None:
    ids = IdSet()
    assert "" not in ids
    assert ids.add("") and not ids.add("")
    assert ids.add("ё") and "ё" in ids
