"""The compact id set behaves as a set of strings, through growth."""

from __future__ import annotations

import random

import pytest

from smmlint import idset
from smmlint.idset import IdSet


@pytest.fixture(params=["loop", "numpy"])
def path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each test runs with the one-by-one loop and with numpy's batches from the first id on."""
    if request.param == "numpy":
        monkeypatch.setattr(idset, "VECTOR_AFTER", 0)
        monkeypatch.setattr(idset, "VECTOR_BATCH", 1)
    return str(request.param)


def test_add_reports_new_and_repeated_ids_through_growth(path: str) -> None:
    ids = IdSet(capacity=4)
    assert all(ids.add(f"event-{n}") for n in range(10_000))
    assert len(ids) == 10_000
    assert not ids.add("event-42")
    assert "event-9999" in ids and "event-10000" not in ids
    assert 42 not in ids  # type: ignore[operator]


def test_empty_and_unusual_ids(path: str) -> None:
    ids = IdSet()
    assert "" not in ids
    assert ids.add("") and not ids.add("")
    assert ids.add("ё") and "ё" in ids


def test_add_many_reports_the_same_repeats_as_adding_one_by_one(path: str) -> None:
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


def test_numpy_batches_fill_the_same_table_as_the_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    """Both paths share one table: ids added by either are found by the other, through growth,
    with colliding home slots (a tiny table) and the hash 0 (stored as 1)."""
    rng = random.Random(11)
    batches = [[str(rng.randint(0, 3000)) for _ in range(rng.randint(1, 700))] for _ in range(40)]
    batches[3].append("")
    loop, mixed, model = IdSet(capacity=4), IdSet(capacity=4), set()
    for number, batch in enumerate(batches):
        expected = [index for index, identity in enumerate(batch)
                    if identity in model or identity in batch[:index]]
        model.update(batch)
        assert loop.add_many(batch) == expected
        with monkeypatch.context() as patch:
            if number % 2:
                patch.setattr(idset, "VECTOR_AFTER", 0)
                patch.setattr(idset, "VECTOR_BATCH", 1)
            assert mixed.add_many(batch) == expected
        assert len(mixed) == len(loop) == len(model)
    assert all(identity in mixed for identity in model)
    assert "absent" not in mixed
    zero = IdSet()
    monkeypatch.setattr(idset, "VECTOR_AFTER", 0)
    monkeypatch.setattr(idset, "VECTOR_BATCH", 1)
    monkeypatch.setattr(idset, "hash", lambda identity: 0 if identity == "zero" else len(identity) + 10, raising=False)
    assert zero.add_many(["zero", "a", "zero", "bb"]) == [2]
    assert "zero" in zero and not zero.add("zero")
