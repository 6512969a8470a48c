"""Instagram Graph API mentions of a business account: ``mentioned_comment``,
``mentioned_media``, the ``tags`` edge and ``mentions`` webhook notifications.

The shapes read:

* ``GET /{ig-user-id}?fields=mentioned_comment.comment_id(...){...}`` answers
  ``{"mentioned_comment": {"id", "text", "timestamp", "username", "like_count", "media": {"id",
  "permalink"}}, "id": "<ig user id>"}``: a comment that @mentions the account;
* ``GET /{ig-user-id}?fields=mentioned_media.media_id(...){...}`` answers ``{"mentioned_media":
  {"id", "caption", "timestamp", "username", "permalink", "media_type"}, "id": ...}``: a post
  whose caption @mentions the account;
* ``GET /{ig-user-id}/tags`` answers ``{"data": [media, ...], "paging"}``: posts the account is
  tagged in (media objects as above);
* a webhook delivery ``{"object": "instagram", "entry": [{"id", "time", "changes": [{"field":
  "mentions", "value": {"media_id", "comment_id"}}]}]}``: only ids and the delivery time (Unix
  seconds) — fetch ``mentioned_comment``/``mentioned_media`` for the text.

Each becomes a ``mention`` event: ``id`` the comment's or media's id (unique across Instagram),
``at`` its ``timestamp`` (``2021-08-19T09:14:16+0000``; a webhook's ``time``), ``text`` the
comment's ``text`` or the media's ``caption``, ``author`` the ``username``, ``url`` the
``permalink`` (of the media, for a comment).

Staff: an author whose ``username`` is in the config's ``staff`` (the account mentioning itself);
everyone else is a ``subscriber``.

Reported (SMM006): records without an id or a readable time, and webhook changes of another
``field`` (``comments``, ``story_insights``...), which are not mentions.
"""

from __future__ import annotations

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
    mapping_of,
    moment_of,
    text_of,
)

PLATFORM = "instagram"
MENTION_KEYS = ("mentioned_comment", "mentioned_media")
MEDIA_FIELDS = ("media_type", "caption", "permalink", "media_url")


def _text(value: Any) -> str | None:
    return text_of(value, numbers=True)


def _is_webhook(data: Mapping[str, Any]) -> bool:
    return data.get("object") == "instagram" and isinstance(data.get("entry"), list)


def _is_tags(data: Mapping[str, Any]) -> bool:
    items = data.get("data")
    if not isinstance(items, list) or not items or not isinstance(items[0], Mapping):
        return False
    first = items[0]
    return "timestamp" in first and "created_time" not in first and any(key in first for key in MEDIA_FIELDS)


class InstagramImporter(JsonImporter):
    """Instagram Graph API mentions: ``mentioned_comment``/``mentioned_media``, ``/tags``, webhooks."""

    name = "instagram"
    title = "Instagram Graph API mentions (mentioned_comment, mentioned_media, /tags, mentions webhook)"
    produces = "log"
    example = "smmlint import --from instagram mentioned_comment.json -o log.jsonl"

    def detect(self, data: Any) -> bool:
        if not isinstance(data, Mapping):
            return False
        return any(isinstance(data.get(key), Mapping) for key in MENTION_KEYS) or _is_webhook(data) or _is_tags(data)

    def convert(self, data: Any, options: ImportOptions) -> Iterator[Output]:
        for key in MENTION_KEYS:
            if isinstance(data.get(key), Mapping):
                yield _mention(data[key], (key,), options)
        if _is_webhook(data):
            yield from _webhook(data["entry"], options)
        elif isinstance(data.get("data"), list):
            for index, media in enumerate(data["data"]):
                yield _mention(mapping_of(media), ("data", index), options)


def _mention(record: Mapping[str, Any], pointer: Pointer, options: ImportOptions) -> Output:
    """A mentioning comment (``text``) or media (``caption``) as a ``mention`` event."""
    where = Where(pointer)
    identifier, at = _text(record.get("id")), moment_of(record.get("timestamp"))
    if identifier is None or at is None:
        missing = "id" if identifier is None else "readable timestamp"
        return Unmapped(f"mention {identifier or ''} has no {missing}: not imported".replace("  ", " "), where)
    author = _text(record.get("username"))
    return Item(clean({
        "id": identifier, "at": at, "kind": "mention", "platform": PLATFORM, "author": author,
        "role": "staff" if options.is_staff(author) else "subscriber",
        "text": _text(record.get("text")) or _text(record.get("caption")),
        "url": _text(record.get("permalink")) or _text(mapping_of(record.get("media")).get("permalink")),
    }), where)


def _webhook(entries: list[Any], options: ImportOptions) -> Iterator[Output]:
    """The ``mentions`` changes of a webhook delivery (ids and the delivery time only)."""
    for index, entry in enumerate(entries):
        entry = mapping_of(entry)
        changes = entry.get("changes")
        if not isinstance(changes, list):
            yield Unmapped("webhook entry without 'changes' (messaging?) is not a mention", Where(("entry", index)))
            continue
        for number, change in enumerate(changes):
            where = Where(("entry", index, "changes", number))
            field, value = mapping_of(change).get("field"), mapping_of(mapping_of(change).get("value"))
            identifier = _text(value.get("comment_id")) or _text(value.get("media_id"))
            at = moment_of(entry.get("time"))
            if field != "mentions":
                yield Unmapped(f"webhook field '{field}' is not a mention: not read", where)
            elif identifier is None or at is None:
                missing = "comment_id or media_id" if identifier is None else "readable entry time"
                yield Unmapped(f"mentions change has no {missing}: not imported", where)
            else:
                yield Item({"id": identifier, "at": at, "kind": "mention", "platform": PLATFORM}, where)
