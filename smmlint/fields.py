"""The fields a rule can read from a record: the document's own fields and derived ones.

Records are plain dicts (posts, policy sections, log events). Derived fields (local hour,
"is a question", "links to the own site", ...) are computed by the shared text analysers on
first use and cached in the record under ``$name``, so several rules asking the same thing
of one event pay once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any

from .analysers import find_urls, is_own_link, normalise_url
from .timeparse import zone

if TYPE_CHECKING:
    from .analysers import Analysers
    from .models import Policy

Record = dict[str, Any]
_UNSET = object()
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

PLAN_FIELDS = (
    "id", "at", "platform", "format", "text", "links", "contest", "contest.rules_url",
    "contest.ends", "contest.prize", "contest.organiser",
)  # fmt: skip
LOG_FIELDS = (
    "id", "at", "kind", "platform", "community", "author", "role", "parent", "target", "text",
    "sentiment", "reason", "url",
)  # fmt: skip


@dataclass
class Context:
    """What rules know about the document being checked, besides its records."""

    account_name: str = ""
    account_type: str = "company"
    timezone: str = "UTC"
    domains: tuple[str, ...] = ()
    policy: Policy | None = None
    now: datetime | None = None
    latest: datetime | None = None  # of a log: its latest event, "now" when none is given
    # Of a log: has an event with this id gone by, before the given record?
    seen: Callable[[str, Record], bool] | None = None
    # Of a log read from several files (the config's join_logs): their names, by `$file`.
    files: tuple[str, ...] = ()
    analysers: Analysers | None = None
    tz: tzinfo = field(init=False)

    def __post_init__(self) -> None:
        self.tz = zone(self.timezone)

    def text_analysers(self) -> Analysers:
        if self.analysers is None:
            from .analysers import Analysers

            self.analysers = Analysers.load()
        return self.analysers


Getter = Callable[[Record, Context], Any]


def line_in(record: Record, seen_from: Record, context: Context) -> int | str:
    """The line of ``record`` as a message about ``seen_from`` names it: with the name of its
    file when that is another file of a joined log ("12 of logs/2026-11.jsonl")."""
    line: int | str = record.get("$line", "?")
    file = record.get("$file") or 0
    if file == (seen_from.get("$file") or 0) or file >= len(context.files):
        return line
    return f"{line} of {context.files[file]}"


def local_datetime(record: Record, context: Context) -> datetime:
    """`at` in the account's time zone, computed once per record."""
    cached: datetime | None = record.get("$local")
    if cached is None:
        cached = record["$local"] = record["at"].astimezone(context.tz)
    return cached


def _all_urls(record: Record, context: Context) -> list[str]:
    cached = record.get("$urls")
    if cached is None:
        cached = list(record.get("links") or ())
        cached += [url for url in find_urls(record.get("text")) if url not in cached]
        if record.get("url") and record.get("kind") != "mention":
            cached.append(record["url"])
        record["$urls"] = cached
    return cached


def _own_urls(record: Record, context: Context) -> list[str]:
    return [url for url in _all_urls(record, context) if is_own_link(url, context.domains)]


def _contest_regulation(context: Context) -> str | None:
    """The policy's contest regulation (`contests.regulation_url`), normalised; None without one."""
    policy = context.policy
    contests = policy.contests if policy is not None else None
    url = contests.regulation_url if contests is not None else None
    return normalise_url(url) if url else None


def _own_links_are_contest_rules(record: Record, context: Context) -> bool:
    regulation = _contest_regulation(context)
    if regulation is None:
        return False
    own = DERIVED["own_links"][0](record, context)
    return bool(own) and all(normalise_url(url) == regulation for url in own)


def _cached(name: str, compute: Getter) -> Getter:
    key = "$" + name

    def getter(record: Record, context: Context) -> Any:
        value = record.get(key, _UNSET)
        if value is _UNSET:
            value = record[key] = compute(record, context)
        return value

    return getter


def _text_check(method: str) -> Getter:
    def compute(record: Record, context: Context) -> bool:
        return bool(getattr(context.text_analysers(), method)(record.get("text")))

    return _cached(method, compute)


DERIVED: dict[str, tuple[Getter, str]] = {
    "hour": (lambda r, c: local_datetime(r, c).hour, "local hour of `at` (0–23) in the account's time zone"),
    "weekday": (
        lambda r, c: WEEKDAYS[local_datetime(r, c).weekday()],
        "local weekday of `at`: mon, tue, wed, thu, fri, sat, sun",
    ),
    "date": (lambda r, c: local_datetime(r, c).date().isoformat(), "local date of `at` (2026-12-01)"),
    "is_question": (_text_check("is_question"), "the text asks a question (ru/en)"),
    "is_negative": (
        _cached(
            "is_negative",
            lambda r, c: c.text_analysers().is_negative(r.get("text"), r.get("sentiment")),
        ),
        "negative: the export's `sentiment`, else the text analyser (ru/en)",
    ),
    "is_emotional": (_text_check("is_emotional"), "emotional tone: caps, `!!!`/`??`, insults, sarcasm"),
    "is_abusive": (_text_check("is_abusive"), "insults or obscenity"),
    "asks_for_link": (_text_check("asks_for_link"), "the text asks for a link / the website"),
    "is_order_issue": (
        _text_check("is_order_issue"),
        "the text is about a problem with an order or delivery (ru/en)",
    ),
    "is_removal_reason": (
        _cached("is_removal_reason", lambda r, c: c.text_analysers().is_removal_reason(r.get("reason"))),
        "the moderator's `reason` names spam, ads, flood, insults, a scam... (ru/en, any case)",
    ),
    "is_contest": (
        _cached(
            "is_contest",
            lambda r, c: bool(r.get("contest")) or c.text_analysers().is_contest(r.get("text")),
        ),
        "a contest or giveaway: a `contest` block or contest words in the text",
    ),
    "urls": (_cached("urls", _all_urls), "all links: `links`, URLs in `text` (and `url` of non-mentions)"),
    "own_links": (_cached("own_links", _own_urls), "links to the account's own domains and subdomains"),
    "has_own_link": (
        lambda r, c: bool(DERIVED["own_links"][0](r, c)),
        "at least one link to the own site",
    ),
    "own_links_are_contest_rules": (
        _cached("own_links_are_contest_rules", _own_links_are_contest_rules),
        (
            "it links to the own site, and only to the policy's contest regulation"
            " (`contests.regulation_url`; compared as normalised URLs)"
        ),
    ),
}


_TEXT = ("text",)
_LINKS = ("links", "text", "url", "kind")
READS: dict[str, tuple[str, ...] | None] = {
    "hour": None, "weekday": None, "date": None,  # of `at`: one value per record, nothing to share
    "is_question": _TEXT, "is_emotional": _TEXT, "is_abusive": _TEXT, "asks_for_link": _TEXT,
    "is_order_issue": _TEXT,
    "is_negative": ("text", "sentiment"),
    "is_contest": ("contest", "text"),
    "is_removal_reason": ("reason",),
    "urls": _LINKS, "own_links": _LINKS, "has_own_link": _LINKS,
    "own_links_are_contest_rules": _LINKS,  # and the policy, which is the same for every record
}  # fmt: skip
"""The record's own fields each derived field is computed from (None: too many values to share).

The document's context (account domains, policy) is not listed: it is the same for every
record of a document, and the router remembers its answers per document."""
UNSHARED = frozenset({"id", "at", "parent", "target", "$line", "$col"})
"""Fields with a value per record: a condition reading one is worked out for every record."""


def shared_by(fields: Iterable[str]) -> tuple[str, ...] | None:
    """The record fields that decide conditions reading ``fields``, or None when those differ
    on nearly every record: records equal on them meet the same conditions."""
    base: set[str] = set()
    for name in fields:
        if name in DERIVED:
            own = READS.get(name)  # a derived field not listed there is never shared
        else:
            own = (name.split(".")[0],)
        if own is None or UNSHARED.intersection(own):
            return None
        base.update(own)
    return tuple(sorted(base))


def known_fields(target: str) -> tuple[str, ...]:
    """The fields rules of ``target`` may name (policy rules name the policy's sections)."""
    if target == "policy":
        from .models import POLICY_SECTIONS

        return POLICY_SECTIONS
    return (PLAN_FIELDS if target == "plan" else LOG_FIELDS) + tuple(DERIVED)


def getter(path: str) -> Getter:
    """A function reading ``path`` (a field, a dotted sub-field, or a derived field)."""
    if path in DERIVED:
        return DERIVED[path][0]
    parts = path.split(".")
    if len(parts) == 1:
        return lambda record, context: record.get(path)

    def nested(record: Record, context: Context) -> Any:
        value: Any = record
        for part in parts:
            if isinstance(value, Mapping):
                value = value.get(part)
            else:
                value = getattr(value, part, None)
            if value is None:
                return None
        return value

    return nested


def group_key(fields: Sequence[str]) -> Callable[[Record, Context], tuple[Any, ...]]:
    """A function giving a record's group (a tuple of field values); the common shapes fast."""
    if not fields:
        return lambda record, context: ()
    if len(fields) == 1 and fields[0] not in DERIVED and "." not in fields[0]:
        name = fields[0]
        return lambda record, context: (record.get(name),)
    getters = [getter(name) for name in fields]
    return lambda record, context: tuple(get(record, context) for get in getters)
