"""A compact set of event ids for million-event logs: 8 bytes an id in one flat array.

A Python set of the same hashes costs about 64 bytes an id (an int object and a table
slot); for a log of a million events that is the difference between staying under the
memory budget and not. Ids are kept as 64-bit hashes: two different ids of one log are
taken for the same only on a 64-bit collision.

The line each id was first added on is kept only for ids added one at a time with their
line (CSV and imported logs, read row by row anyway): a second array store per id costs the
batched JSON Lines path a third of its time, so that path finds the first line of a repeated
id again afterwards (see ``documents.log_batches``).
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from itertools import compress

_MASK64 = (1 << 64) - 1
_MAX_LINE = (1 << 32) - 1  # lines past this (a 4-billion-line file) are kept as 0: unknown


class IdSet:
    """Insert-and-test membership of strings by their 64-bit hash (open addressing)."""

    __slots__ = ("_count", "_lines", "_mask", "_table")

    def __init__(self, capacity: int = 1 << 10) -> None:
        size = 1 << max(4, (capacity * 2 - 1).bit_length())
        self._table = array("Q", bytes(8 * size))
        self._lines: array[int] | None = None  # the first line of each slot, once one is given
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

    def add(self, identity: str, line: int = 0) -> int | None:
        """Add ``identity``, read on ``line``; None if it is new, else the line it was first
        added on (0 when not known)."""
        if (self._count + 1) * 2 > self._mask:
            self._grow()
        if line and self._lines is None:
            self._lines = array("I", bytes(4 * len(self._table)))
        table, lines = self._table, self._lines
        key = self._key(identity)
        slot = self._probe(key)
        if table[slot]:
            return lines[slot] if lines is not None else 0
        table[slot] = key
        if lines is not None:
            lines[slot] = line if line <= _MAX_LINE else 0
        self._count += 1
        return None

    def add_many(self, identities: Sequence[str]) -> list[int]:
        """Add every id, in order; the positions of those already there (or repeated among them).

        One loop with the table grown for the whole batch first: this runs for every event of
        a log. (Batches filled with C-level map/set passes over a table without probe chains
        were measured slower than this loop.) No lines are kept: see the module docstring.
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

    def update(self, other: IdSet) -> None:
        """Add every id of ``other`` (their first lines are not kept)."""
        keys = list(filter(None, other._table))  # the filled slots, picked out in C
        self.reserve(self._count + len(keys))
        table = self._table
        for key in keys:
            slot = self._probe(key)
            if not table[slot]:
                table[slot] = key
                self._count += 1

    def __contains__(self, identity: object) -> bool:
        if not isinstance(identity, str):
            return False
        return self._table[self._probe(self._key(identity))] != 0

    def _probe(self, key: int) -> int:
        """The slot holding ``key``, else the empty slot where it would go. (``add_many`` has
        this loop inline: a call per event there is measurable.)"""
        table, mask = self._table, self._mask
        slot = key & mask
        while (found := table[slot]) and found != key:
            slot = (slot + 1) & mask
        return slot

    def _grow(self) -> None:
        old, old_lines = self._table, self._lines
        size = len(old) * 2
        table = array("Q", bytes(8 * size))
        mask = size - 1
        if old_lines is None:
            for key in filter(None, old):  # the keys, without the empty slots
                slot = key & mask
                while table[slot]:
                    slot = (slot + 1) & mask
                table[slot] = key
        else:
            lines = array("I", bytes(4 * size))
            for key, line in compress(zip(old, old_lines), old):  # the filled slots, picked out in C
                slot = key & mask
                while table[slot]:
                    slot = (slot + 1) & mask
                table[slot] = key
                lines[slot] = line
            self._lines = lines
        self._table, self._mask = table, mask
