"""Which runs a log event goes to, worked out once per distinct event rather than per event.

The built-in log checks (response, related, forbidden) use an event only when one of their
conditions holds for it (their *gates*, see ``CheckBase.gates``), and those conditions read a
few fields: the kind, the role, the text and what the text analysers make of it. Events
that agree on those fields meet the same conditions, so the engine asks the conditions once
per distinct combination and remembers the answer: the text analysers run once per distinct
text, and an event no rule can use costs a dictionary lookup. The remembered answers are
bounded (:data:`MEMO_LIMIT`); a log whose every text differs only pays the lookups.

Runs that cannot say what they use (``gates()`` is None), and conditions that read a
per-event value (the time, the id), leave the engine to feed every event, as before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, NamedTuple

from .checks.base import kinds_of
from .conditions import fields_read
from .fields import Context, Record, shared_by

MEMO_LIMIT = 1 << 15
"""Distinct events remembered (all kinds); past it the memory is emptied and filled again."""
MEMO_CHARACTERS = 1 << 22
"""Characters of text all the memories may keep alive; past it they are all emptied."""
MEMO_LONGEST = 1 << 12
"""An event whose remembered fields hold more characters than this is worked out, not kept."""
MEMO_PROBE_BATCH = 500
"""Batches this big or bigger tell whether the memo helps (smaller ones, at a file's end, do not)."""
MEMO_MISSED_BATCHES = 3
"""Batches in a row where nine events in ten missed the memo: then it rests..."""
MEMO_REST_BATCHES = 16
"""... for this many batches (routes worked out directly, no keys), and is tried again."""


def weight(key: Any) -> int:
    """The characters of text a memo key keeps alive."""
    if type(key) is str:
        return len(key)
    if type(key) is tuple:
        return sum(len(part) for part in key if type(part) is str)
    return 0


Routes = tuple[tuple[bool, ...] | None, ...]
"""For each lane (in the order given to :func:`router_for`), what its gates said of an event,
or None when the event does not go there."""


class KindRouter(NamedTuple):
    """The routes of the events of one kind."""

    fields: tuple[str, ...]
    """The fields that decide every gate that can hold for this kind: the key of the memo."""
    lanes: tuple[tuple[Any, tuple[bool, ...]], ...]
    """Each lane (the engine's run of a check, with its ``gates``, ``feed_batch`` and ``stopped``)
    with, per gate, whether the gate can hold for this kind at all."""
    slots: tuple[int, ...]
    """Each of those lanes' place among all lanes."""
    width: int
    """How many lanes there are in all."""
    worked_out: Callable[[Record, Context, Callable[[Any, Exception], None]], Routes]
    """:meth:`routes`, as code written for these lanes (see :func:`_routes_code`)."""

    def routes(self, record: Record, context: Context, failed: Callable[[Any, Exception], None]) -> Routes:
        """What each lane's gates say of ``record``; a lane whose gate raises is reported to
        ``failed`` and left out. (A lane that raised once is ``stopped``: not asked again.)"""
        return self.worked_out(record, context, failed)


def _routes_code(lanes: Sequence[tuple[Any, tuple[bool, ...]]], slots: Sequence[int], width: int) -> Any:
    """The routes of one kind as straight-line code: each lane's possible gates called in turn,
    its impossible ones a constant False. A log whose every text differs asks this for every
    event; the loops over lanes and gates it replaces cost about a sixth of such a run."""
    names: dict[str, Any] = {"width": width}
    code = ["def routes(record, context, failed):", "    found = [None] * width"]
    for number, ((lane, possible), slot) in enumerate(zip(lanes, slots)):
        names[f"lane{number}"] = lane
        said = []
        for index, (gate, can) in enumerate(zip(lane.gates, possible)):
            if can:
                names[f"test{number}_{index}"] = gate.test
                said.append(f"bool(test{number}_{index}(record, context))")
            else:
                said.append("False")
        code += [
            f"    if not lane{number}.stopped:",
            "        try:",
            f"            said = ({', '.join(said)},)",
            "        except Exception as error:  # a rule bug must not stop the run",
            f"            failed(lane{number}, error)",
            "        else:",
            "            if True in said:",
            f"                found[{slot}] = said",
        ]
    code.append("    return tuple(found)")
    exec(compile("\n".join(code), "<smmlint router>", "exec"), names)  # noqa: S102 - our own code, no input
    return names["routes"]


def router_for(lanes: Sequence[Any], kinds: Iterable[str]) -> dict[str, KindRouter] | None:
    """A router per event kind for ``lanes``, or None when some run needs every event."""
    routers = {}
    for kind in kinds:
        read: set[str] = set()
        kind_lanes = []
        slots = []
        for slot, lane in enumerate(lanes):
            if lane.gates is None or lane.feed_batch is None:
                return None
            # A gate whose `kind` test leaves this kind out never holds for it: nothing to read.
            possible = tuple(kind in (kinds_of(gate.spec) or (kind,)) for gate in lane.gates)
            for gate, can in zip(lane.gates, possible):
                if can:
                    read |= fields_read(gate.spec)
            if True in possible:
                kind_lanes.append((lane, possible))
                slots.append(slot)
        fields = shared_by(read - {"kind"})
        if fields is None:
            return None
        routers[kind] = KindRouter(fields, tuple(kind_lanes), tuple(slots), len(lanes),
                                   _routes_code(kind_lanes, slots, len(lanes)))
    return routers
