"""Check primitive: every trigger (a question, a mention) answered by a matching record in time."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator
from datetime import datetime, timedelta
from typing import Any, ClassVar, Literal

from pydantic import Field

from ..fastevents import UNSET, LogEvent
from ..fields import Context, Record, line_in
from ..models import Duration
from ..timeparse import format_duration
from .base import CheckBase, CheckOptions, Condition, Gate, Hit, condition, union_of_kinds
from .forbidden import EXCERPT_SOURCE, excerpt


class ResponseOptions(CheckOptions):
    trigger: Condition = Field(description="Records that need an answer (e.g. subscribers' questions).")
    answer: Condition = Field(description="Records that count as an answer (e.g. staff replies).")
    via: Literal["parent", "target"] = Field("parent", description="The answer's field naming the trigger.")
    deadline: Duration = Field(description="Time allowed for the answer, when the policy sets none.")
    deadline_from_policy: Literal["responders", "monitoring"] | None = Field(
        None,
        description="Take the deadline from the policy: `monitoring.respond_within`, or the"
        " longest `respond_within` of `responders` (topics cannot be matched to text reliably,"
        " so the most lenient deadline is used).",
    )
    report: Literal["unanswered", "late"] = Field(
        description="unanswered: no answer and the deadline has passed by 'now';"
        " late: answered after the deadline."
    )


class Response(CheckBase):
    Options: ClassVar[type[CheckOptions]] = ResponseOptions
    PARAMS: ClassVar[tuple[str, ...]] = ("deadline", "waited", "trigger", "trigger_line", "excerpt", "now")
    TARGETS: ClassVar[tuple[str, ...]] = ("log",)
    DESCRIPTION: ClassVar[str] = (
        "Pairs triggers with their earliest answer in one streaming pass (any order): keeps the"
        " open triggers and the answers that arrived before their trigger. 'Now' is the export"
        " time (`--now` or config `now`), else the latest timestamp in the log."
    )

    def __init__(self, options: ResponseOptions, target: str) -> None:
        self.options = options
        self.trigger = condition(options.trigger, target, "trigger")
        self.answer = condition(options.answer, target, "answer")

    def deadline(self, context: Context) -> timedelta:
        policy = context.policy
        source = self.options.deadline_from_policy
        if policy is not None and source == "monitoring" and policy.monitoring:
            if policy.monitoring.respond_within:
                return policy.monitoring.respond_within
        if policy is not None and source == "responders" and policy.responders:
            deadlines = [r.respond_within for r in policy.responders if r.respond_within]
            if deadlines:
                return max(deadlines)
        return self.options.deadline

    def start(self, context: Context) -> _Run:
        return _Run(self, context)

    def share_key(self) -> Hashable:
        """Rules differing only in `report` share one run: the pairing is the same work."""
        return ("response", self.options.model_dump_json(exclude={"report"}))

    def accepts(self, hit: Hit) -> bool:
        return bool(hit.params["outcome"] == self.options.report)

    def kinds(self) -> frozenset[str] | None:
        return union_of_kinds(self.options.trigger, self.options.answer)

    def gates(self) -> tuple[Gate, ...]:
        return (Gate(self.options.trigger, self.trigger), Gate(self.options.answer, self.answer))


class _Run:
    def __init__(self, check: Response, context: Context) -> None:
        self.check = check
        self.context = context
        self.deadline = check.deadline(context)
        self.deadline_text = format_duration(self.deadline)
        self.now_text: tuple[datetime | None, str] = (None, "")  # the last "now" written, as text
        self.open: dict[str, Record] = {}
        # Open triggers that are follow-ups in a thread, by the record they follow up: in a flat
        # thread (VK, Telegram) the staff's next reply names the thread's first comment, and it
        # answers the follow-ups written before it too.
        self.follow_ups: dict[str, list[str]] = {}
        # trigger id -> earliest answer seen before the trigger itself: (time, (line, column), id)
        self.early: dict[str, tuple[datetime, tuple[int, int, int], str]] = {}
        # trigger id -> its earliest answer so far, when that one was late: (time, place, id,
        # the trigger as kept while open, its text cut to the excerpt a message shows). A log
        # need not be in time order: a later line may still hold an earlier, timely answer. The
        # findings are made at the end.
        self.late: dict[str, tuple[datetime, tuple[int, int, int], str, Record]] = {}
        self.via = check.options.via
        self.seen = context.seen

    def feed(self, record: Record) -> Iterable[Hit]:
        check, context = self.check, self.context
        return self.feed_batch((record,), ((check.trigger(record, context), check.answer(record, context)),))

    def feed_batch(self, records: Iterable[Any], saids: Iterable[tuple[bool, ...]]) -> Iterable[Hit]:
        """Records in log order, each with what the two gates (trigger, answer) said of it.

        Nothing is found before the end: an answer is judged late only once no earlier one can
        come (see ``finish``)."""
        # Log records are fastevents.LogEvent structs: attributes are read directly here, the
        # hot path of a big log (absent fields are UNSET; `$col` only exists for exports).
        open_, early, late, via, seen, follow_ups = self.open, self.early, self.late, self.via, self.seen, self.follow_ups
        answered = self._answered
        for record, (is_trigger, is_answer) in zip(records, saids):
            if is_trigger:
                identity = record.id
                before = early.pop(identity, None)
                if before is None:
                    opened = open_[identity] = _kept(record)
                    # A follow-up in a thread (a reply; comments under a post are no follow-ups).
                    followed = getattr(record, via, UNSET) if record.kind == "reply" else UNSET
                    if followed is not UNSET:
                        follow_ups.setdefault(followed, []).append(identity)
                        opened["$followed"] = followed
                else:
                    answered(_kept(record), *before)
            if is_answer:
                parent = getattr(record, via)
                if parent is UNSET:
                    continue
                if follow_ups and parent in follow_ups:
                    # Only follow-ups written before this reply (a log need not be in time order).
                    waiting = follow_ups[parent]
                    at = record.at
                    for follow_up in [identity for identity in waiting if open_[identity]["at"] <= at]:
                        waiting.remove(follow_up)
                        answered(open_.pop(follow_up), at, _place(record), record.id)
                    if not waiting:
                        del follow_ups[parent]
                trigger = open_.pop(parent, None)
                if trigger is not None:
                    self._unfollow(trigger)
                    answered(trigger, record.at, _place(record), record.id)
                elif parent in late:
                    if record.at < late[parent][0]:  # an earlier answer, further down the log
                        answered(late.pop(parent)[3], record.at, _place(record), record.id)
                elif seen is None or not seen(parent, record):
                    # The answer came before its trigger (the log is not in time order): keep
                    # it until the trigger arrives. A parent already read was no open trigger.
                    at = record.at
                    known = early.get(parent)
                    if known is None or at < known[0]:
                        early[parent] = (at, _place(record), record.id)
        return ()

    def _unfollow(self, trigger: Record) -> None:
        """A follow-up answered directly waits no more for a reply to what it follows up."""
        followed = trigger.get("$followed")
        if followed is not None:
            waiting = self.follow_ups.get(followed)
            if waiting is not None and trigger["id"] in waiting:
                waiting.remove(trigger["id"])
                if not waiting:
                    del self.follow_ups[followed]

    def _answered(self, trigger: Record, at: datetime, place: tuple[int, int, int], answer_id: str) -> None:
        if at - trigger["at"] > self.deadline:
            text = trigger.get("text")
            if text is not None and len(text) > _EXCERPT:  # all a late answer's message may show
                trigger["text"] = excerpt(text)
            self.late[trigger["id"]] = (at, place, answer_id, trigger)

    def _params(self, trigger: Record, waited: timedelta, outcome: str, seen_from: Record) -> dict[str, object]:
        now = self.context.now or self.context.latest or trigger["at"]
        if now is not self.now_text[0]:
            self.now_text = (now, now.isoformat())
        return {
            "outcome": outcome,
            "deadline": self.deadline_text,
            "waited": format_duration(waited),
            "trigger": trigger.get("id", "?"),
            "trigger_line": line_in(trigger, seen_from, self.context),
            "excerpt": excerpt(trigger.get("text")),
            "now": self.now_text[1],
        }

    def finish(self) -> Iterator[Hit]:
        for at, place, answer_id, trigger in self.late.values():
            answer = {"id": answer_id, "at": at, "$line": place[0], "$col": place[1], "$file": place[2]}
            yield Hit(answer, self._params(trigger, at - trigger["at"], "late", answer))
        self.late.clear()
        now = self.context.now or self.context.latest
        if now is None:
            return
        for trigger in sorted(self.open.values(), key=lambda r: r.get("$line", 0)):
            waited = now - trigger["at"]
            if waited > self.deadline:
                yield Hit(trigger, self._params(trigger, waited, "unanswered", trigger))


_EXCERPT = 60  # characters of forbidden.excerpt


def _kept(record: LogEvent) -> Record:
    """What a finding about a trigger needs of it: open triggers are the memory of a log run."""
    text = record.text
    cached = record.__dict__
    kept = {"id": record.id, "at": record.at, "$line": record.line, "$col": cached.get("$col", 1),
            "text": text[:EXCERPT_SOURCE] if text else None}
    if "$file" in cached:  # a later file of a joined log (a sixth key: a bigger dict)
        kept["$file"] = cached["$file"]
    return kept


def _place(record: LogEvent) -> tuple[int, int, int]:
    """Where a log event was written: its line, its column (imported exports have one) and its
    file (of a joined log)."""
    cached = record.__dict__
    return (record.line, cached.get("$col", 1), cached.get("$file", 0))
