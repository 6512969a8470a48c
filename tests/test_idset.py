"""The compact id set behaves as a set of strings, through growth."""

from __future__ import annotations

import random

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


def test_add_many_reports_the_same_repeats_as_adding_one_by_one() -> None:
    rng = random.Random(5)
    for _trial in range(20):
        ids, model = IdSet(capacity=rng.choice([4, 100, 5000])), set()
        for _batch in range(rng.randint(1, 20)):
            batch = [str(rng.randint(0, rng.choice([50, 5000, 10**9]))) for _ in range(rng.randint(0, 2000))]
            expected = []
            for index, identity in enumerate(batch):
                if identity in model:
                    expected.append(index)
                model.add(identity)
            assert ids.add_many(batch) == expected
            assert len(ids) == len(model)
        assert all(identity in ids for identity in model)
