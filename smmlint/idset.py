"""A compact set of event ids for million-event logs: 12 bytes a slot in two flat arrays.

Each id is kept as its 64-bit hash with the line it was first read on (so a repeated id can
say where the first one is). A Python dict of the same costs about 100 bytes an id (two int
objects and a table entry); for a log of a million events that is the difference between
staying under the memory budget and not. Two different ids of one log are taken for the
same only on a 64-bit collision.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence
from itertools import compress

_MASK64 = (1 << 64) - 1
_MAX_LINE = (1 << 32) - 1  # lines past this (a 4-billion-line file) are kept as 0: unknown


class IdSet:
    """Insert-and-test membership of strings by their 64-bit hash (open addressing), with the
    line each was first added on."""

    __slots__ = ("_count", "_lines", "_mask", "_table")

    def __init__(self, capacity: int = 1 << 16) -> None:
        size = 1 << max(4, (capacity * 2 - 1).bit_length())
        self._table = array("Q", bytes(8 * size))
        self._lines = array("I", bytes(4 * size))
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
        repeated = self.add_many((identity,), (line,))
        return repeated[0][1] if repeated else None

    def add_many(self, identities: Sequence[str], lines: Iterable[int]) -> list[tuple[int, int]]:
        """Add every id, in order, each read on its line of ``lines``; for those already there
        (or repeated among them), their position in ``identities`` and the line they were
        first added on (0 when not known).

        One loop with the table grown for the whole batch first: this runs for every event of
        a log. (Batches filled with C-level map/set passes over a table without probe chains
        were measured slower than this loop.)
        """
        while (self._count + len(identities)) * 2 > self._mask:
            self._grow()
        table, first_lines, mask = self._table, self._lines, self._mask
        repeated = []
        added = 0
        for index, (identity, line) in enumerate(zip(identities, lines)):
            key = (hash(identity) & _MASK64) or 1
            slot = key & mask
            found = table[slot]
            while found:
                if found == key:
                    repeated.append((index, first_lines[slot]))
                    break
                slot = (slot + 1) & mask
                found = table[slot]
            else:
                table[slot] = key
                first_lines[slot] = line if line <= _MAX_LINE else 0
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
        old, old_lines = self._table, self._lines
        size = len(old) * 2
        table = array("Q", bytes(8 * size))
        lines = array("I", bytes(4 * size))
        mask = size - 1
        # The filled slots only: (key, line) pairs picked out in C.
        for key, line in compress(zip(old, old_lines), old):
            slot = key & mask
            while table[slot]:
                slot = (slot + 1) & mask
            table[slot] = key
            lines[slot] = line
        self._table, self._lines, self._mask = table, lines, mask
