"""A compact set of event ids for million-event logs: 8 bytes an id in one flat array.

A Python set of the same hashes costs about 64 bytes an id (an int object and a table
slot); for a log of a million events that is the difference between staying under the
memory budget and not. Ids are kept as 64-bit hashes: two different ids of one log are
taken for the same only on a 64-bit collision.

Big batches of a big log are added with numpy (:meth:`IdSet._add_vector`), which probes the
table for the whole batch at once: a million ids then cost about a tenth of what the Python
loop costs. numpy is imported only once a log has that many events (its import, about 0.07 s,
would outweigh the gain on a small log); both paths work on the same table.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from typing import Any

_MASK64 = (1 << 64) - 1
VECTOR_BATCH = 256
"""A batch of at least this many ids is added with numpy, once the set holds VECTOR_AFTER."""
VECTOR_AFTER = 1 << 16
_FEW = 32
_GROW_SLICE = 1 << 16


class IdSet:
    """Insert-and-test membership of strings by their 64-bit hash (open addressing)."""

    __slots__ = ("_count", "_mask", "_table")

    def __init__(self, capacity: int = 1 << 16) -> None:
        size = 1 << max(4, (capacity * 2 - 1).bit_length())
        self._table = array("Q", bytes(8 * size))
        self._mask = size - 1
        self._count = 0

    def __len__(self) -> int:
        return self._count

    @staticmethod
    def _key(identity: str) -> int:
        # 0 marks an empty slot, so no key may be 0.
        return (hash(identity) & _MASK64) or 1

    def add(self, identity: str) -> bool:
        """Add ``identity``; False if it was already there."""
        return not self.add_many((identity,))

    def add_many(self, identities: Sequence[str]) -> list[int]:
        """Add every id, in order; the positions of those already there (or repeated among them).

        One loop with the table grown for the whole batch first: this runs for every event of
        a log. (Batches filled with C-level map/set passes over a table without probe chains
        were measured slower than this loop.)
        """
        while (self._count + len(identities)) * 2 > self._mask:
            self._grow()
        if len(identities) >= VECTOR_BATCH and self._count >= VECTOR_AFTER:
            return self._add_vector(identities)
        table, mask = self._table, self._mask
        repeated = []
        added = 0
        for index, identity in enumerate(identities):
            key = (hash(identity) & _MASK64) or 1
            slot = key & mask
            found = table[slot]
            while found:
                if found == key:
                    repeated.append(index)
                    break
                slot = (slot + 1) & mask
                found = table[slot]
            else:
                table[slot] = key
                added += 1
        self._count += added
        return repeated

    def __contains__(self, identity: object) -> bool:
        if not isinstance(identity, str):
            return False
        key = self._key(identity)
        table, mask = self._table, self._mask
        slot = key & mask
        while True:
            found = table[slot]
            if found == key:
                return True
            if found == 0:
                return False
            slot = (slot + 1) & mask

    def _add_vector(self, identities: Sequence[str]) -> list[int]:
        """:meth:`add_many` for a big batch, the table already grown for it."""
        import numpy as np

        keys = np.fromiter(map(hash, identities), dtype=np.int64, count=len(identities)).view(np.uint64)
        keys[keys == 0] = 1
        unique, first = np.unique(keys, return_index=True)
        present = _insert(self._table, self._mask, unique)
        repeated = np.ones(len(keys), dtype=bool)
        repeated[first[~present]] = False  # the first of each id, when it is new
        self._count += len(unique) - int(present.sum())
        return list(np.flatnonzero(repeated).tolist())

    def _grow(self) -> None:
        old = self._table
        size = len(old) * 2
        table = array("Q", bytes(8 * size))
        mask = size - 1
        if self._count >= VECTOR_AFTER:
            import numpy as np

            keys = np.frombuffer(old, dtype=np.uint64)
            # A slice at a time: probing a million keys at once would need ~60 MB of scratch.
            for start in range(0, len(keys), _GROW_SLICE):
                part = keys[start:start + _GROW_SLICE]
                _insert(table, mask, part[part != 0])
            del keys, part
        else:
            for key in old:
                if key:
                    slot = key & mask
                    while table[slot]:
                        slot = (slot + 1) & mask
                    table[slot] = key
        self._table, self._mask = table, mask


def _insert(table: array[int], mask: int, keys: Any) -> Any:
    """Put distinct ``keys`` (numpy uint64, none 0) into the linear-probing ``table`` at once;
    whether each was there already.

    Every key still probing looks at its slot in one step: its own key there means present, an
    empty slot takes one of the keys that reached it (the others look again, see it taken and
    move on), another key sends it to the next slot. As in the one-by-one loop, no key is
    removed, so a key's chain holds no empty slot and an empty slot means absent. The last few
    keys, in long chains, finish one by one: a step costs numpy as much for three keys as for
    three thousand.
    """
    import numpy as np

    vector = np.frombuffer(table, dtype=np.uint64)
    present = np.zeros(len(keys), dtype=bool)
    waiting = np.arange(len(keys))
    slots = keys & np.uint64(mask)
    step, wrap = np.uint64(1), np.uint64(mask)
    while len(waiting) > _FEW:
        probing = keys[waiting]
        found = vector[slots]
        done = found == probing
        present[waiting[done]] = True
        empty = np.flatnonzero(found == 0)
        if len(empty):
            # Keys that reached the same empty slot all write it; the one left there took it.
            into = slots[empty]
            vector[into] = probing[empty]
            done[empty[vector[into] == probing[empty]]] = True
        moving = found != 0
        moving &= ~done
        slots[moving] = (slots[moving] + step) & wrap
        waiting, slots = waiting[~done], slots[~done]
    del vector  # the array may grow later: no view of it may outlive this call
    for index, key, slot in zip(waiting.tolist(), keys[waiting].tolist(), slots.tolist()):
        found = table[slot]
        while found:
            if found == key:
                present[index] = True
                break
            slot = (slot + 1) & mask
            found = table[slot]
        else:
            table[slot] = key
    return present
