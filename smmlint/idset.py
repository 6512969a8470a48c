"""A compact set of event ids for million-event logs: 8 bytes an id in one flat array.

A Python set of the same hashes costs about 64 bytes an id (an int object and a table
slot); for a log of a million events that is the difference between staying under the
memory budget and not. Ids are kept as 64-bit hashes: two different ids of one log are
taken for the same only on a 64-bit collision.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence

_MASK64 = (1 << 64) - 1


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

    def reserve(self, count: int) -> None:
        """Make room for ``count`` ids in all, at once: growing step by step re-inserts every
        id already there at each step."""
        while count * 2 > self._mask:
            self._grow()

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

    def _grow(self) -> None:
        old = self._table
        size = len(old) * 2
        table = array("Q", bytes(8 * size))
        mask = size - 1
        for key in filter(None, old):  # the keys, without the empty slots
            slot = key & mask
            while table[slot]:
                slot = (slot + 1) & mask
            table[slot] = key
        self._table, self._mask = table, mask
