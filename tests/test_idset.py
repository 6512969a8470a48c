"""The compact id set behaves as a set of strings, through growth."""

from __future__ import annotations

import random
from pathlib import Path

from smmlint.idset import IdSet


def test_add_reports_new_and_repeated_ids_through_growth() -> None:
    ids = IdSet(capacity=4)
    assert all(ids.add(f"event-{n}", n + 1) is None for n in range(10_000))
    assert len(ids) == 10_000
    assert ids.add("event-42", 20_000) == 43  # the line it was first added on, through growth
    assert ids.add("event-9999") == 10_000
    assert "event-9999" in ids and "event-10000" not in ids
    assert 42 not in ids  # type: ignore[operator]


def test_empty_and_unusual_ids() -> None:
    ids = IdSet()
    assert "" not in ids
    assert ids.add("") is None and ids.add("") == 0  # repeated, first line not known
    assert ids.add("ё", 7) is None and "ё" in ids
    assert ids.add("huge", 1 << 40) is None and ids.add("huge", 3) == 0  # a line past 32 bits: unknown


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


def test_ids_added_one_by_one_keep_their_first_line_through_growth() -> None:
    ids = IdSet(capacity=4)
    assert ids.add_many(["a", "b"]) == []
    assert ids.add("a", 9) == 0  # added in a batch: its line is not known
    assert ids.add("c", 3) is None
    for n in range(5000):
        ids.add(f"x{n}", 10 + n)
    assert ids.add("c", 7000) == 3 and ids.add("x4999", 7001) == 5009
    assert ids.add("b", 7002) == 0


def test_reserve_makes_room_at_once_and_keeps_what_is_there() -> None:
    ids = IdSet(capacity=4)
    assert ids.add("a", 1) is None and ids.add("b", 2) is None
    ids.reserve(100_000)
    assert len(ids._table) >= 200_000 and len(ids) == 2
    assert "a" in ids and "b" in ids and ids.add("b") == 2 and ids.add("c") is None
    size = len(ids._table)
    ids.reserve(10)  # never shrinks
    assert len(ids._table) == size


def test_a_log_reserves_its_ids_from_its_size_bounded(tmp_path: Path) -> None:
    from smmlint import documents

    line = b'{"id": "c%07d", "at": "2026-12-01T10:00:00+03:00", "kind": "comment", "text": "x"}\n'
    path = tmp_path / "log.jsonl"
    path.write_bytes(b"".join(line % n for n in range(100_000)))
    document = documents.Document(path, "log")
    with path.open("rb") as handle:
        first = next(documents.log_batches(document, handle))
    # Room for the whole file's 100,000 ids after the first batch (~6,000 of them), where the
    # default table holds 65,536.
    assert len(first) < 10_000 and len(document.seen_ids._table) >= 200_000
    # A file of tiny lines cannot make it reserve more than RESERVE_IDS.
    tiny = tmp_path / "tiny.jsonl"
    tiny.write_bytes(b"1\n" * 3_000_000)
    document = documents.Document(tiny, "log")
    with tiny.open("rb") as handle:
        list(documents.log_batches(document, handle))
    assert len(document.seen_ids._table) <= 4 * documents.RESERVE_IDS


def test_update_adds_the_ids_of_another_set() -> None:
    first, second = IdSet(), IdSet()
    first.add_many([f"a{i}" for i in range(3000)])
    second.add_many(["a1", "b1"])
    second.update(first)
    assert len(second) == 3001 and "a2999" in second and "b1" in second and "c1" not in second
