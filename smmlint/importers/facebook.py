"""Facebook Graph API page comments and page feed: ``{"data": [...], "paging": {...}}`` JSON.

``GET /{post-id}/comments`` (and ``/{comment-id}/comments``) answers ``data`` of comments:
``id`` (``<post id>_<comment id>``, unique across Facebook), ``message``, ``created_time``
(``2021-08-10T18:45:03+0000``), ``from {id, name}`` (only with a page token and
``fields=from``), ``parent {id}`` (the comment a reply answers, with ``filter=stream``),
``is_hidden`` (the page hid it), ``permalink_url``
(``.../posts/<post id>/?comment_id=<id>&reply_comment_id=<id>``), ``comment_count``,
``like_count`` and, with ``fields=comments``, the replies nested as ``comments {data: [...]}``.
``GET /{page-id}/feed`` or ``/posts`` answers ``data`` of posts: ``id``
(``<page id>_<post id>``), ``message`` (or ``story``), ``created_time``, ``from``, and their
``comments`` when asked for.

What it becomes (a log):

* a post is a ``post`` event (its ``message``, else ``story``, as text);
* a comment is a ``comment``, or a ``reply`` when it has a ``parent``, when its permalink has a
  ``reply_comment_id`` (the parent is then ``<post id>_<comment_id>``, Graph's id of the answered
  comment), or when it is nested in a comment's ``comments``;
* a comment with ``is_hidden: true`` is followed by a ``hide`` event of the page targeting it
  (``<id>:hidden``). The Graph API does not say when it was hidden: the event takes the
  comment's own ``created_time``, the earliest moment it can have happened.

A comment without an ``id`` (not asked for in ``fields``) is named from its permalink
(``<post id>_<comment id>``). An item counts as a comment when the response is a
``/comments`` page (its ``paging`` links say so) or it has a comment's fields (``parent``,
``is_hidden``, ``comment_count``, ``like_count``, a permalink with ``comment_id``); otherwise
it is a post.

Staff: ``from.id`` or ``from.name`` in the config's ``staff``, or the page itself when
``exports.community_is_staff`` is on. The page's id is read from the response: the object of
its ``paging`` links (``/19292868552_1015.../comments``, ``/4/posts``), a permalink
(``facebook.com/19292868552/posts/...``), or a post id's prefix (``4_1011...``). The posts of a
``/posts`` page are the page's own even without ``from``. An item without ``from`` has no known
author and no role; the first one gets an SMM006 note (ask for ``fields=from,...`` with a page
token so staff answers can be told from subscribers' comments).

Reported (SMM006): items that are not objects, items without a readable ``created_time`` or an
id, and the missing ``from`` above. ``paging`` and ``summary`` are not records.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

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
    split_url,
    text_of,
)

PLATFORM = "facebook"
COMMENT_FIELDS = ("parent", "is_hidden", "comment_count", "like_count", "can_hide", "can_remove")
POST_EDGES = frozenset({"posts", "feed", "published_posts", "visitor_posts", "tagged"})
_NUMERIC = re.compile(r"^\d+$")


def _text(value: Any) -> str | None:
    return text_of(value, numbers=True)


def _paging_path(data: Mapping[str, Any]) -> list[str]:
    """The path parts of the response's paging links (``["v11.0", "<object>", "comments"]``)."""
    paging = mapping_of(data.get("paging"))
    for key in ("next", "previous"):
        link = paging.get(key)
        parts = split_url(link) if link else None
        if parts is not None:
            return [part for part in parts.path.split("/") if part]
    return []


def _permalink_ids(item: Mapping[str, Any]) -> tuple[str | None, str | None, str | None]:
    """(page id, comment id, parent id) named by a comment's ``permalink_url``, Graph-style."""
    parts = split_url(item.get("permalink_url"))
    if parts is None:
        return None, None, None
    path = [part for part in parts.path.split("/") if part]
    page = path[0] if path and _NUMERIC.match(path[0]) else None
    post = path[path.index("posts") + 1] if "posts" in path[:-1] else None
    query = parse_qs(parts.query)
    comment = query["comment_id"][0] if query.get("comment_id") else None
    reply = query["reply_comment_id"][0] if query.get("reply_comment_id") else None
    if post is None or comment is None:
        return page, None, None
    if reply is not None:
        return page, f"{post}_{reply}", f"{post}_{comment}"
    return page, f"{post}_{comment}", None


def _is_comment(item: Mapping[str, Any]) -> bool:
    return any(key in item for key in COMMENT_FIELDS) or "comment_id=" in str(item.get("permalink_url") or "")


@dataclass
class _Page:
    """What the whole response tells: the page's id, the edge read, and whether ``from`` was missed."""

    page: str | None
    edge: str | None
    options: ImportOptions
    warned: bool = False
    staff_records: set[str] = field(default_factory=set)  # ids of the page's (staff) records so far

    def role(self, author_id: str | None, name: str | None) -> str:
        own = author_id is not None and author_id == self.page and self.options.community_is_staff
        return "staff" if own or self.options.is_staff(author_id, name) else "subscriber"


class FacebookImporter(JsonImporter):
    """Graph API page comments (``/comments``) and page feed (``/feed``, ``/posts``)."""

    name = "facebook"
    title = "Facebook Graph API page comments and feed (/comments, /feed JSON)"
    produces = "log"
    example = "smmlint import --from facebook comments.json -o log.jsonl"

    def detect(self, data: Any) -> bool:
        if not isinstance(data, Mapping) or not isinstance(data.get("data"), list):
            return False
        items = data["data"]
        if not items:
            return "graph.facebook.com" in str(mapping_of(data.get("paging")).get("next") or "")
        first = items[0]
        return (isinstance(first, Mapping) and "created_time" in first
                and any(key in first for key in ("message", "from", "story", "permalink_url", "parent")))

    def convert(self, data: Any, options: ImportOptions) -> Iterator[Output]:
        path = _paging_path(data)
        edge = path[-1] if path else None
        page = _page_id(data, path)
        context = _Page(page, edge, options)
        for index, item in enumerate(data["data"]):
            if not isinstance(item, Mapping):
                yield Unmapped("item is not an object: not a Graph API record", Where(("data", index)))
            elif edge == "comments" or (edge not in POST_EDGES and _is_comment(item)):
                yield from _comment(item, ("data", index), None, context)
            else:
                yield from _post(item, ("data", index), context)


def _page_id(data: Mapping[str, Any], path: list[str]) -> str | None:
    """The page's id: the object of the paging links, else a permalink, else a post id's prefix."""
    if len(path) >= 2 and path[-1] in POST_EDGES | {"comments"}:
        owner = path[-2].split("_", 1)[0]
        if _NUMERIC.match(owner):
            return owner
    for item in data["data"]:
        item = mapping_of(item)
        page = _permalink_ids(item)[0]
        identifier = _text(item.get("id"))
        if page is None and identifier and not _is_comment(item) and "_" in identifier:
            page = identifier.split("_", 1)[0]
        if page is not None:
            return page
    return None


def _author(item: Mapping[str, Any], where: Where, context: _Page) -> tuple[str | None, str | None, list[Output]]:
    """(author, role) from ``from``; a note the first time ``from`` is missing."""
    sender = item.get("from")
    if isinstance(sender, Mapping):
        author_id, name = _text(sender.get("id")), _text(sender.get("name"))
        return name or author_id, context.role(author_id, name), []
    if context.warned:
        return None, None, []
    context.warned = True
    return None, None, [Unmapped("this response has no 'from' (ask the Graph API for fields=from,... with a page"
                                 " token): authors are unknown, so staff answers cannot be told apart", where)]


def _post(item: Mapping[str, Any], pointer: Pointer, context: _Page) -> Iterator[Output]:
    """A feed post as a ``post`` event, then its nested comments."""
    where = Where(pointer)
    identifier, at = _text(item.get("id")), moment_of(item.get("created_time"))
    if identifier is None or at is None:
        missing = "id" if identifier is None else "readable created_time"
        yield Unmapped(f"post {identifier or ''} has no {missing}: not imported".replace("  ", " "), where)
        return
    author: str | None
    role: str | None
    notes: list[Output] = []
    if "from" not in item and context.edge in ("posts", "published_posts") and context.page:
        author, role = context.page, context.role(context.page, None)
    else:
        author, role, notes = _author(item, where, context)
    yield from notes
    yield Item(clean({
        "id": identifier, "at": at, "kind": "post", "platform": PLATFORM, "community": context.page,
        "author": author, "role": role, "text": _text(item.get("message")) or _text(item.get("story")),
    }), where)
    yield from _nested(item, pointer, None, context)


def _comment(item: Mapping[str, Any], pointer: Pointer, parent: str | None, context: _Page) -> Iterator[Output]:
    """A comment or reply, a hide event when the page hid it, then its nested replies."""
    where = Where(pointer)
    _, linked_id, linked_parent = _permalink_ids(item)
    identifier = _text(item.get("id")) or linked_id
    at = moment_of(item.get("created_time"))
    if identifier is None or at is None:
        missing = "id (nor a permalink_url naming it)" if identifier is None else "readable created_time"
        yield Unmapped(f"comment {identifier or ''} has no {missing}: not imported".replace("  ", " "), where)
        return
    parent = _text(mapping_of(item.get("parent")).get("id")) or linked_parent or parent
    author, role, notes = _author(item, where, context)
    yield from notes
    yield Item(clean({
        "id": identifier, "at": at, "kind": conversation_kind(parent, role, context.staff_records),
        "platform": PLATFORM, "community": context.page, "author": author, "role": role, "parent": parent,
        "text": _text(item.get("message")),
    }), where)
    if role == "staff":
        context.staff_records.add(identifier)
    if item.get("is_hidden") is True:
        yield Item(clean({
            "id": f"{identifier}:hidden", "at": at, "kind": "hide", "platform": PLATFORM,
            "community": context.page, "author": context.page, "role": "staff", "target": identifier,
        }), where)
    yield from _nested(item, pointer, identifier, context)


def _nested(item: Mapping[str, Any], pointer: Pointer, parent: str | None, context: _Page) -> Iterator[Output]:
    """The comments nested in a post or comment (``comments {data: [...]}``)."""
    nested = mapping_of(item.get("comments")).get("data")
    for index, child in enumerate(nested if isinstance(nested, list) else ()):
        child_pointer = (*pointer, "comments", "data", index)
        if isinstance(child, Mapping):
            yield from _comment(child, child_pointer, parent, context)
        else:
            yield Unmapped("comment is not an object: not a Graph API record", Where(child_pointer))
