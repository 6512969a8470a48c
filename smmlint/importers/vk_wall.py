"""VK API ``wall.get`` (a wall's posts, JSON) as a content plan.

The answer is ``{"response": {"count", "items": [post, ...], "profiles"?, "groups"?}}``
(``wall.getById`` in old API versions: ``{"response": [post, ...]}``). A post has ``id``
(unique on its wall), ``owner_id`` (the wall: negative for a community), ``from_id`` (who
posted: the community itself, or a visitor of an open wall), ``date`` (Unix seconds, UTC),
``post_type`` (``post``, ``copy`` for a repost, ``postpone`` for a scheduled post,
``suggest`` for a post suggested by a subscriber), ``text``, ``attachments`` (a list of
``{"type": ..., "<type>": {...}}``: ``photo``, ``video`` with its own ``type``
(``short_video`` for a clip, ``live`` or ``live: 1`` for a broadcast), ``audio``, ``poll``,
``doc``, ``link`` (``url``), ``podcast``, ``article``, ...) and ``copy_history`` (the reposted
post(s), shaped like a post).

What it becomes: one plan post a wall post, ``id`` ``"<owner_id>_<id>"`` (``"-103292418_3"``,
VK's own name of a post), ``at`` from ``date`` (UTC), ``platform: vk``, ``format`` from the
attachments (see :func:`post_format`), ``text`` and ``links`` (the ``url`` of ``link``
attachments and of ``doc`` files; links written in the text count anyway).

A repost (``copy_history``) is a post of the wall's feed like any other: its format and links
come from its own attachments, else from the reposted post's; its text is its own comment,
else the reposted post's text.

Not carried over (SMM006 notes at the post): suggested posts (not published by the account),
posts by someone other than the wall's owner (visitors' posts on an open wall are not the
account's plan), posts without a numeric ``id``, and items that are not objects.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from .base import ImportOptions, Item, JsonImporter, Output, Unmapped, Where, clean
from .vk import PLATFORM, looks_like_post, number, person, response_items, unix_time

# Attachment type -> format, when the post has one attachment of that type (see post_format).
ATTACHMENT_FORMATS = {
    "photo": "photo", "posted_photo": "photo", "graffiti": "photo", "album": "photo",
    "photos_list": "carousel", "video": "video", "clip": "clip", "short_video": "clip",
    "audio": "audio", "audio_playlist": "audio", "audio_message": "audio", "podcast": "podcast",
    "poll": "poll", "article": "article", "note": "article", "page": "article",
}  # fmt: skip
# When a post has several kinds of attachment, the first of these it has names its format.
PRECEDENCE = ("poll", "live", "clip", "carousel", "video", "photo", "podcast", "audio", "article")
VISUAL = frozenset({"photo", "posted_photo", "video", "clip", "short_video", "graffiti"})
LINK_TYPES = ("link", "doc")


def post_format(attachments: Sequence[Any]) -> str:
    """The canonical format of a post with these attachments.

    A poll wins (the post asks something); then a live broadcast or a clip (a video whose
    ``type`` says so); two or more photos/videos make a carousel; then video, photo, podcast,
    audio, article; no attachment, or only links and files, is ``text``.
    """
    found: set[str] = set()
    visual = 0
    for attachment in attachments:
        kind = attachment.get("type") if isinstance(attachment, dict) else None
        if not isinstance(kind, str):
            continue
        visual += kind in VISUAL
        body = attachment.get(kind)
        found.add(_video_format(body) if kind == "video" and isinstance(body, dict)
                  else ATTACHMENT_FORMATS.get(kind, "text"))
    if visual >= 2:
        found.add("carousel")
    return next((name for name in PRECEDENCE if name in found), "text")


def _video_format(video: Mapping[str, Any]) -> str:
    kind = video.get("type")
    if kind == "live" or video.get("live") in (1, True):
        return "live"
    return "clip" if kind in ("short_video", "clip") else "video"


def post_links(attachments: Sequence[Any]) -> list[str]:
    """The ``url`` of link attachments and attached files, in order, each once."""
    links: list[str] = []
    for attachment in attachments:
        kind = attachment.get("type") if isinstance(attachment, dict) else None
        body = attachment.get(kind) if kind in LINK_TYPES and isinstance(attachment, dict) else None
        url = body.get("url") if isinstance(body, dict) else None
        if isinstance(url, str) and url.strip() and url.strip() not in links:
            links.append(url.strip())
    return links


class VkWallImporter(JsonImporter):
    """VK API wall.get (a community's or user's posts) -> plan."""

    name = "vk-wall"
    title = "VK API wall posts (wall.get, JSON)"
    produces = "plan"
    example = "smmlint import --from vk-wall wall.json -o plan.yaml"

    def detect(self, data: Any) -> bool:
        found = response_items(data)
        return found is not None and bool(found[0]) and looks_like_post(found[0][0])

    def convert(self, data: Any, options: ImportOptions) -> Iterator[Output]:
        found = response_items(data)
        if found is None:
            yield Unmapped("not a VK API wall.get answer (response.items): nothing to import", Where())
            return
        items, pointer = found
        for index, item in enumerate(items):
            yield self.post(item, Where((*pointer, index)))

    def post(self, item: Any, where: Where) -> Output:
        if not isinstance(item, dict):
            return Unmapped(f"a post should be an object, not {type(item).__name__}: not imported", where)
        pid = number(item.get("id"))
        if pid is None:
            return Unmapped("a post without a numeric 'id' cannot be named: not imported", where)
        owner = number(item.get("owner_id"))
        author = number(item.get("from_id"))
        if item.get("post_type") == "suggest":
            return Unmapped(f"post {pid} is suggested by a subscriber, not published by the account:"
                            " not part of the plan", where)
        if owner is not None and author is not None and author != owner:
            return Unmapped(f"post {pid} was written by {person(author)} on the wall of {person(owner)}"
                            " (a visitor's post): not part of the account's plan", where)
        attachments, text = _content(item)
        return Item(clean({
            "id": f"{owner}_{pid}" if owner is not None else str(pid),
            "at": unix_time(item.get("date")),
            "platform": PLATFORM,
            "format": post_format(attachments),
            "text": text,
            "links": post_links(attachments),
        }), where)


def _content(item: Mapping[str, Any]) -> tuple[list[Any], str | None]:
    """A post's attachments and text; a repost without its own takes the reposted post's."""
    attachments = _list(item.get("attachments"))
    text = item.get("text") if isinstance(item.get("text"), str) and item["text"].strip() else None
    history = _list(item.get("copy_history"))
    original = history[0] if history and isinstance(history[0], dict) else {}
    if not attachments:
        attachments = _list(original.get("attachments"))
    if text is None and isinstance(original.get("text"), str) and original["text"].strip():
        text = original["text"]
    return attachments, text


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
