"""Reddit moderation log and mod queue: the API's *Listing* JSON, plain or in a VCR cassette.

A Reddit listing is ``{"kind": "Listing", "data": {"children": [{"kind": ..., "data": {...}}],
"after", "before"}}``. The children read here:

* ``modaction`` (``/r/<sub>/about/log``): one moderator action. ``id`` (``ModAction_<uuid>``,
  unique across Reddit), ``action`` (``removecomment``, ``banuser``, ``editflair``, ...), ``mod``
  (the moderator's name), ``created_utc`` (Unix seconds, UTC), ``subreddit``, and what it acted
  on: ``target_fullname`` (``t1_...`` a comment, ``t3_...`` a post, ``t2_...`` an account),
  ``target_author``, ``target_body`` (a comment's text, a post's self text), ``target_title``
  (a post's title); ``details`` and ``description`` (the ban's length and note, a removal
  reason...).
* ``t1`` (a comment, e.g. in ``/about/modqueue``): ``name`` (the fullname ``t1_<id>``, unique
  across Reddit), ``author``, ``body``, ``created_utc``, ``parent_id`` (``t1_...`` when it
  answers a comment, ``t3_...`` when it is a top-level comment on the post ``link_id``),
  ``distinguished`` (``moderator``/``admin`` when a moderator spoke as one) and ``replies`` (a
  nested listing, or ``""``).
* ``t3`` (a post, a "submission"): ``name`` (``t3_<id>``), ``author``, ``title``, ``selftext``.

Mod actions that have a canonical kind:

===========================================  =========  ==========================================
action                                       kind       target, text, reason
===========================================  =========  ==========================================
``removecomment``, ``removelink``            delete     ``target_fullname``; text: the removed text;
                                                        reason: ``spam`` (details ``confirm_spam``),
                                                        else ``description``, else ``details``
``spamcomment``, ``spamlink``                delete     the same, reason ``spam``
``approvecomment``, ``approvelink``          restore    ``target_fullname``
``banuser``                                  ban        ``target_author``; reason: ``description``;
                                                        text: ``details`` (``permanent``, ``3 days``)
===========================================  =========  ==========================================

Every other action (``unbanuser``, ``muteuser``, ``lock``, ``editflair``, ``distinguish``,
``sticky``, ``wikirevise``, moderator invitations...) has no canonical kind and is an SMM006
note naming it; so are children of other kinds (``more``: comments the listing did not load).

A VCR cassette (``{"interactions": [{"request": {"uri"}, "response": {"body": {"string"}}}]}``,
as recorded by PRAW's and other clients' tests) holds the API's answer as a JSON *string*:
each body that is a listing is read like a plain one. Positions inside that string are not the
file's (its characters are escaped there), so its records, and the problems found in them, are
placed at the body string itself: the line and column where the string starts in the cassette
file. The OAuth token exchange is skipped; another body that is no listing is an SMM006 note at
that body (or at the response, when it recorded none).

Staff: moderators are staff, so every mod action is (``AutoModerator``'s are ``bot``). A
comment or post is staff when a moderator or admin distinguished it, or when its author is in
the config's ``staff``; ``AutoModerator``'s are ``bot``; everyone else is a ``subscriber``.

Platform: ``reddit`` (a log event's ``platform`` is free text; Reddit is not a plan platform).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeGuard

from .base import (
    ImportOptions,
    Item,
    JsonImporter,
    Output,
    Pointer,
    Unmapped,
    Where,
    clean,
    conversation_kind,
    iso_from_unix,
    split_url,
    text_of,
)

PLATFORM = "reddit"
AUTOMODERATOR = "automoderator"
BODY: Pointer = ("response", "body", "string")

# action -> (canonical kind, reason)
ACTIONS: dict[str, tuple[str, str | None]] = {
    "removecomment": ("delete", None),
    "removelink": ("delete", None),
    "spamcomment": ("delete", "spam"),
    "spamlink": ("delete", "spam"),
    "approvecomment": ("restore", None),
    "approvelink": ("restore", None),
    "banuser": ("ban", None),
}


def _is_listing(data: Any) -> TypeGuard[Mapping[str, Any]]:
    return (isinstance(data, Mapping) and data.get("kind") == "Listing" and isinstance(data.get("data"), Mapping)
            and isinstance(data["data"].get("children"), list))


def _is_listings(data: Any) -> bool:
    """A listing, or a list of them (a post's page: ``[post listing, comments listing]``)."""
    if isinstance(data, list):
        return bool(data) and all(_is_listing(part) for part in data)
    return _is_listing(data)


def _uri(interaction: Any) -> str:
    request = interaction.get("request") if isinstance(interaction, Mapping) else None
    uri = request.get("uri") if isinstance(request, Mapping) else None
    return uri if isinstance(uri, str) else ""


def _is_reddit(uri: str) -> bool:
    parts = split_url(uri)
    host = (parts.hostname if parts else None) or ""
    return host == "reddit.com" or host.endswith(".reddit.com")


def _is_cassette(data: Any) -> bool:
    if not isinstance(data, Mapping) or not isinstance(data.get("interactions"), list):
        return False
    return any(_is_reddit(_uri(interaction)) for interaction in data["interactions"])


def _body(interaction: Any) -> tuple[str | None, Pointer]:
    """A recorded response's body text, and the place of the body in the interaction: its
    ``string`` (VCR, Betamax), the body itself when it is a plain string, else the nearest part
    that exists (a body without text, such as Betamax's ``base64_string``; a response without
    a body; no response)."""
    response = interaction.get("response") if isinstance(interaction, Mapping) else None
    if not isinstance(response, Mapping):
        return None, ()
    body = response.get("body")
    if isinstance(body, str):
        return body, ("response", "body")
    if not isinstance(body, Mapping):
        return None, ("response",)
    text = body.get("string")
    return (text, BODY) if isinstance(text, str) else (None, ("response", "body"))


def _when(data: Mapping[str, Any]) -> str | None:
    seconds = data.get("created_utc")
    if isinstance(seconds, bool) or not isinstance(seconds, int | float | str):
        return None
    try:
        return iso_from_unix(seconds)
    except ValueError:
        return None


def _joined(*parts: Any) -> str | None:
    """A post's title and body as one text (None when both are empty)."""
    return "\n\n".join(part for part in parts if isinstance(part, str) and part) or None


@dataclass
class _Reading:
    """One conversion's state: the options, and the staff's comments read so far."""

    options: ImportOptions
    staff_records: set[str] = field(default_factory=set)


class RedditImporter(JsonImporter):
    """Reddit ``/about/log`` and ``/about/modqueue`` listings, plain or as VCR cassettes."""

    name = "reddit"
    title = "Reddit moderation log and mod queue (/about/log, /about/modqueue listing JSON)"
    produces = "log"
    example = "smmlint import --from reddit modlog.json -o log.jsonl"

    def detect(self, data: Any) -> bool:
        return _is_listings(data) or _is_cassette(data)

    def convert(self, data: Any, options: ImportOptions) -> Iterator[Output]:
        reading = _Reading(options)
        if _is_listings(data):
            yield from self._listings(data, (), None, reading)
            return
        for index, interaction in enumerate(data.get("interactions") or ()):
            yield from self._interaction(interaction, ("interactions", index), reading)

    def _interaction(self, interaction: Any, pointer: Pointer, reading: _Reading) -> Iterator[Output]:
        uri = _uri(interaction)
        parts = split_url(uri)
        if parts is not None and parts.path.rstrip("/").endswith("/access_token"):
            return  # the OAuth token exchange: no records
        text, place = _body(interaction)
        where = Where(pointer + place)
        try:
            body = json.loads(text) if text is not None else None
        except ValueError:
            body = None
        except RecursionError:
            yield Unmapped(f"the recorded response to {uri or 'a request'} is nested too deeply to read:"
                           " nothing imported from it", where)
            return
        if not _is_listings(body):
            yield Unmapped(f"the recorded response to {uri or 'a request'} is not a Reddit listing:"
                           " nothing imported from it", where)
            return
        yield from self._listings(body, (), where, reading)

    def _listings(self, data: Any, pointer: Pointer, fixed: Where | None, reading: _Reading) -> Iterator[Output]:
        """The records of a listing (or a list of them); ``fixed``: the place of them all."""
        if isinstance(data, list):
            for index, part in enumerate(data):
                yield from self._listing(part, (*pointer, index), fixed, reading)
        else:
            yield from self._listing(data, pointer, fixed, reading)

    def _listing(self, listing: Mapping[str, Any], pointer: Pointer, fixed: Where | None,
                 reading: _Reading) -> Iterator[Output]:
        # Inside a recorded response every record has the same place (the body string): the
        # actions with no canonical kind are counted there, one note per action, not one each.
        uncounted: dict[str, int] = {}
        for index, child in enumerate(listing["data"]["children"]):
            child_pointer = (*pointer, "data", "children", index)
            where = fixed or Where(child_pointer)
            kind = child.get("kind") if isinstance(child, Mapping) else None
            data = child.get("data") if isinstance(child, Mapping) else None
            if not isinstance(data, Mapping):
                yield Unmapped("listing item without data: not a Reddit record", where)
            elif kind == "modaction":
                action = text_of(data.get("action")) or "?"
                if fixed is not None and action not in ACTIONS:
                    uncounted[action] = uncounted.get(action, 0) + 1
                    continue
                yield from _mod_action(data, where)
            elif kind in ("t1", "t3"):
                yield from self._thing(kind, data, where, reading)
                replies = data.get("replies")
                if _is_listing(replies):
                    yield from self._listing(replies, (*child_pointer, "data", "replies"), fixed, reading)
            elif kind == "more":
                count = data.get("count")
                yield Unmapped(f"{count if isinstance(count, int) else 'more'} comments were not loaded"
                               " in this listing ('more' placeholder): fetch them to import them", where)
            else:
                said = f"of kind '{kind}'" if isinstance(kind, str) else "without a kind"
                yield Unmapped(f"listing item {said} has no canonical kind", where)
        for action, count in uncounted.items():
            times = "once" if count == 1 else f"{count} times"
            yield Unmapped(f"mod action '{action}' ({times} in this recorded response) has no canonical kind",
                           fixed or Where(pointer))

    def _thing(self, kind: str, data: Mapping[str, Any], where: Where, reading: _Reading) -> Iterator[Output]:
        """A comment (``t1``) or post (``t3``) as a comment, reply or post event."""
        noun = "comment" if kind == "t1" else "post"
        at = _when(data)
        name = text_of(data.get("name")) or (f"{kind}_{data['id']}" if text_of(data.get("id")) else None)
        if name is None or at is None:
            missing = "name (fullname)" if name is None else "readable created_utc"
            yield Unmapped(f"{noun} {name or ''} has no {missing}: not imported".replace("  ", " "), where)
            return
        author = text_of(data.get("author"))
        parent = text_of(data.get("parent_id"))
        role = _role(data, author, reading.options)
        answered = parent if parent and parent.startswith("t1_") else None  # t3_: the post itself
        if kind == "t3":
            event_kind, text = "post", _joined(data.get("title"), data.get("selftext"))
        else:
            event_kind = conversation_kind(answered, role, reading.staff_records)
            text = text_of(data.get("body"))
        yield Item(clean({
            "id": name, "at": at, "kind": event_kind, "platform": PLATFORM,
            "community": text_of(data.get("subreddit")), "author": author,
            "role": role, "parent": answered if kind == "t1" else None,
            "text": text,
        }), where)
        if role == "staff":
            reading.staff_records.add(name)


def _role(data: Mapping[str, Any], author: str | None, options: ImportOptions) -> str:
    if author and author.casefold() == AUTOMODERATOR:
        return "bot"
    if data.get("distinguished") in ("moderator", "admin"):
        return "staff"
    return "staff" if options.is_staff(author, data.get("author_fullname")) else "subscriber"


def _removal_reason(data: Mapping[str, Any]) -> str | None:
    """A removal's reason: ``details`` says ``remove``, ``spam``/``confirm_spam`` (removed as
    spam), or AutoModerator's rule; ``description`` holds a moderator's note."""
    details = text_of(data.get("details"))
    if details in ("spam", "confirm_spam"):
        return "spam"
    return text_of(data.get("description")) or (details if details != "remove" else None)


def _mod_action(data: Mapping[str, Any], where: Where) -> Iterator[Output]:
    """One ``modaction``: a delete, restore or ban event, or a note naming the action."""
    action = text_of(data.get("action")) or "?"
    mapped = ACTIONS.get(action)
    if mapped is None:
        detail = text_of(data.get("details")) or text_of(data.get("description"))
        about = f" ({detail})" if detail else ""
        yield Unmapped(f"mod action '{action}'{about} has no canonical kind", where)
        return
    kind, reason = mapped
    identifier, at = text_of(data.get("id")), _when(data)
    target = text_of(data.get("target_author") if kind == "ban" else data.get("target_fullname"))
    if identifier is None or at is None or target is None:
        missing = "id" if identifier is None else "readable created_utc" if at is None else "target"
        yield Unmapped(f"mod action '{action}' has no {missing}: not imported", where)
        return
    mod = text_of(data.get("mod"))
    if kind == "ban":
        # ``details`` is the ban's length ("permanent", "3 days"), ``description`` the note.
        text, reason = text_of(data.get("details")), text_of(data.get("description"))
    else:
        text = _joined(data.get("target_title"), data.get("target_body")) if kind == "delete" else None
        reason = reason or (_removal_reason(data) if kind == "delete" else None)
    yield Item(clean({
        "id": identifier, "at": at, "kind": kind, "platform": PLATFORM,
        "community": text_of(data.get("subreddit")), "author": mod,
        "role": "bot" if mod and mod.casefold() == AUTOMODERATOR else "staff",
        "target": target, "text": text, "reason": reason,
    }), where)
