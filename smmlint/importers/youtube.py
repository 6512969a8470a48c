"""YouTube Data API v3 comments: ``commentThreads.list`` and ``comments.list`` responses.

``commentThreads.list`` answers ``{"kind": "youtube#commentThreadListResponse", "items": [...]}``;
each ``youtube#commentThread`` has ``snippet.channelId`` (the channel the comments belong to),
``snippet.videoId``, ``snippet.topLevelComment`` (a ``youtube#comment``),
``snippet.totalReplyCount`` and, with ``part=replies``, ``replies.comments`` (up to five of the
replies). ``comments.list`` answers ``{"kind": "youtube#commentListResponse", "items": [...]}``
of ``youtube#comment`` resources (a thread's replies when asked with ``parentId``).

A ``youtube#comment`` has a globally unique ``id`` (a reply's is ``<parent id>.<suffix>``) and a
``snippet``: ``authorDisplayName``, ``authorChannelId.value`` (the author's channel),
``textOriginal`` (the text as written; ``textDisplay`` is the rendered HTML), ``publishedAt``
(UTC, ``...Z``), ``updatedAt``, ``parentId`` (replies only), ``channelId``, and, for the
channel's owner, ``moderationStatus`` (``published``, ``heldForReview``, ``likelySpam``,
``rejected``).

What it becomes: a top-level comment is a ``comment``; a reply (in ``replies.comments`` or with a
``parentId``) is a ``reply`` whose ``parent`` is that comment. ``author`` is the display name
(else the channel id); ``text`` is ``textOriginal`` (else ``textDisplay`` without its HTML);
``at`` is ``publishedAt``; ``community`` the channel id when the response names it.

Moderation: a ``rejected`` comment (the channel removed it from public view; YouTube keeps it for
the owner) is kept as a comment and followed by a ``hide`` event of the channel targeting it, at
its ``updatedAt`` (the removal time is not exported; ``updatedAt`` is the latest time known).
Comments ``heldForReview`` or ``likelySpam`` are kept as comments (nobody removed them yet).

Staff: an author whose channel id or display name is in the config's ``staff``, or the channel
itself (``authorChannelId`` equals the thread's ``channelId``) when ``exports.community_is_staff``
is on. Everyone else is a ``subscriber``.

Reported (SMM006): items of another ``kind``, comments without an id or a readable
``publishedAt``, and threads whose ``totalReplyCount`` is more than the replies in the response
(fetch them with ``comments.list?parentId=...``, or the answers look missing).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Mapping
from typing import Any

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
    mapping_of,
    moment_of,
    text_of,
)

PLATFORM = "youtube"
RESPONSE_KINDS = frozenset({"youtube#commentThreadListResponse", "youtube#commentListResponse"})
_TAG = re.compile(r"<[^>]*>")
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


def _plain(display: str | None) -> str | None:
    """``textDisplay`` (HTML: links, ``<br>``, entities) as plain text."""
    if display is None:
        return None
    return html.unescape(_TAG.sub("", _BREAK.sub("\n", display))) or None


class YoutubeImporter(JsonImporter):
    """YouTube Data API ``commentThreads.list`` / ``comments.list`` responses."""

    name = "youtube"
    title = "YouTube Data API comments (commentThreads.list, comments.list JSON)"
    produces = "log"
    example = "smmlint import --from youtube commentThreads.json -o log.jsonl"

    def detect(self, data: Any) -> bool:
        return isinstance(data, Mapping) and data.get("kind") in RESPONSE_KINDS

    def convert(self, data: Any, options: ImportOptions) -> Iterator[Output]:
        items = data.get("items")
        if not isinstance(items, list):
            if items is not None:
                yield Unmapped("'items' is not a list: no comments imported", Where(("items",)))
            return
        staff_records: set[str] = set()
        for index, item in enumerate(items):
            pointer: Pointer = ("items", index)
            kind = mapping_of(item).get("kind")
            if kind == "youtube#commentThread":
                yield from _thread(item, pointer, options, staff_records)
            elif kind == "youtube#comment":
                yield from _comment(item, pointer, None, None, options, staff_records)
            else:
                said = f"of kind '{kind}'" if isinstance(kind, str) else "without a kind"
                yield Unmapped(f"an item {said} is not a comment or comment thread", Where(pointer))
        if items and options.community_is_staff and not options.staff and not any(map(_names_channel, items)):
            yield Unmapped("the response names no channelId, so the channel's own replies cannot be told from"
                           " subscribers' (they will not count as answers): ask the API for the snippet part, or"
                           " list the channel in the config's `staff`", Where())


def _names_channel(item: Any) -> bool:
    """Whether an item says which channel its comments belong to (thread or comment snippet)."""
    snippet = mapping_of(mapping_of(item).get("snippet"))
    top = mapping_of(mapping_of(snippet.get("topLevelComment")).get("snippet"))
    return text_of(snippet.get("channelId")) is not None or text_of(top.get("channelId")) is not None


def _thread(thread: Mapping[str, Any], pointer: Pointer, options: ImportOptions,
            staff_records: set[str]) -> Iterator[Output]:
    """A thread's top-level comment, then its replies, then a note when replies are missing."""
    snippet = mapping_of(thread.get("snippet"))
    channel = text_of(snippet.get("channelId"))
    top = snippet.get("topLevelComment")
    top_id = text_of(mapping_of(top).get("id")) or text_of(thread.get("id"))
    if isinstance(top, Mapping):
        yield from _comment(top, (*pointer, "snippet", "topLevelComment"), None, channel, options, staff_records)
    else:
        yield Unmapped(f"comment thread {top_id or ''} has no topLevelComment".replace("  ", " "), Where(pointer))
    replies = mapping_of(thread.get("replies")).get("comments")
    replies = replies if isinstance(replies, list) else []
    for index, reply in enumerate(replies):
        yield from _comment(reply, (*pointer, "replies", "comments", index), top_id, channel, options,
                            staff_records)
    total = snippet.get("totalReplyCount")
    if isinstance(total, int) and total > len(replies):
        yield Unmapped(f"thread {top_id} has {total} replies but the response holds {len(replies)}: fetch the"
                       " rest with comments.list?parentId=... so the answers are in the log", Where(pointer))


def _comment(comment: Any, pointer: Pointer, parent: str | None, channel: str | None,
             options: ImportOptions, staff_records: set[str]) -> Iterator[Output]:
    """One ``youtube#comment``: a comment or reply, and a hide event when it was rejected."""
    where = Where(pointer)
    snippet = mapping_of(mapping_of(comment).get("snippet"))
    identifier = text_of(mapping_of(comment).get("id"))
    at = moment_of(snippet.get("publishedAt"))
    if identifier is None or at is None:
        missing = "id" if identifier is None else "readable publishedAt"
        yield Unmapped(f"comment {identifier or ''} has no {missing}: not imported".replace("  ", " "), where)
        return
    parent = text_of(snippet.get("parentId")) or parent
    channel = channel or text_of(snippet.get("channelId"))
    author_channel = text_of(mapping_of(snippet.get("authorChannelId")).get("value"))
    name = text_of(snippet.get("authorDisplayName"))
    own = channel is not None and author_channel == channel and options.community_is_staff
    role = "staff" if own or options.is_staff(author_channel, name) else "subscriber"
    yield Item(clean({
        "id": identifier, "at": at, "kind": conversation_kind(parent, role, staff_records), "platform": PLATFORM,
        "community": channel, "author": name or author_channel, "role": role,
        "parent": parent, "text": text_of(snippet.get("textOriginal")) or _plain(text_of(snippet.get("textDisplay"))),
    }), where)
    if role == "staff":
        staff_records.add(identifier)
    if snippet.get("moderationStatus") == "rejected":
        yield Item(clean({
            "id": f"{identifier}:rejected", "at": moment_of(snippet.get("updatedAt")) or at, "kind": "hide",
            "platform": PLATFORM, "community": channel, "author": channel, "role": "staff", "target": identifier,
        }), where)
