"""VK API comments and community events (JSON) as a moderation log.

Three shapes are read:

* **comments**: the answer of ``wall.getComments`` or ``wall.getComment``,
  ``{"response": {"count", "items": [comment, ...], "profiles"?, "groups"?, ...}}``;
* **Bots Long Poll** history: ``{"ts", "updates": [event, ...]}``;
* one **Callback API** event as the server receives it: ``{"type", "object", "group_id"}``.

A comment object has ``id`` (numeric, unique on its wall), ``from_id`` (the author: a user id,
or a community's id written negative), ``owner_id`` (the wall's owner, negative for a
community; ``post_owner_id`` in events), ``post_id`` (the post commented), ``date`` (Unix
seconds, UTC), ``text``, ``reply_to_comment`` (the comment answered) and ``reply_to_user``,
``parents_stack`` (the ids of the comments above it in a thread), ``thread`` (``count`` of the
replies in the comment's thread and the ``items`` included when the request asked for them) and
``deleted: true`` for a comment that was deleted but is still shown because it has replies (it
then has no author and no text). ``profiles`` and ``groups`` (``extended=1``) give the authors'
names and screen names.

An event has a ``type`` and an ``object``: ``wall_reply_new`` (a comment object, with
``post_owner_id``), ``wall_reply_restore`` (the same), ``wall_reply_delete`` (``owner_id``,
``post_id``, ``id``, ``deleter_id``: who deleted it), ``user_block`` (``admin_id``, ``user_id``,
``reason`` 0-4, ``comment``, ``unblock_date``) and ``wall_post_new`` (a post). Events carry no
time of their own (except the comment or post in them).

Ids (unique and stable, used by ``parent`` and ``target`` too):

* a comment is ``"<owner_id>_<post_id>_<id>"`` (``"-69459624_482121_482124"``) when its wall
  and post are known: from the comment, from the other comments of the same response (all
  comments of one ``wall.getComments`` answer belong to one post), or from the event's
  ``group_id``; otherwise just ``"<id>"``;
* a post (``wall_post_new``) is ``"<owner_id>_<id>"``;
* a deletion is ``"delete_<comment id>"``, a restoration ``"restore_<comment id>"``, a block
  ``"ban_<community>_<user>"``; a repeated action on the same target gets ``_2``, ``_3``...

People are written as VK links spell them: ``id123`` for a user, ``club123`` for a community.

Mapping: a comment is a ``comment``, or a ``reply`` whose ``parent`` is ``reply_to_comment``,
else the last of ``parents_stack``, else (an item of a ``thread``) the thread's root comment. A
``deleted`` comment is kept as a comment without author or text, followed by a ``delete`` of it
(who deleted it is not said; its ``at`` is the comment's own time, the earliest it can be).
``wall_reply_new`` is a comment or reply, ``wall_reply_delete`` a ``delete`` by ``deleter_id``,
``wall_reply_restore`` a ``restore``, ``user_block`` a ``ban`` of ``user_id`` (``reason``: the
code's name, ``spam``, ``insult``, ``obscene``, ``off-topic``, or the admin's ``comment`` for
code 0; ``text``: the comment), ``wall_post_new`` a ``post``. Events without a time of their own
(deletions, restorations, blocks) take the latest time read before them in the file, else the
file's first time; in a file with no time at all, the export time (``--now`` or the config's
``now``), else the Unix epoch and a note.

Staff: the community itself (a negative ``from_id`` equal to the wall's owner, or any negative
id when the wall is unknown) when ``exports.community_is_staff`` is on; anyone the config's
``staff`` names by id (``123``, ``id123``; ``-123``, ``123``, ``club123``, ``public123`` for a
community), screen name or name (from ``profiles``/``groups``); the ``admin_id`` of a block
(only managers block). Everyone else is a ``subscriber``.

Not carried over (SMM006 notes at the record): comments without a numeric ``id``, items that
are not objects, events without an ``object``, events of other types (``wall_reply_edit``,
``user_unblock``, ``message_new``, ...), and, once a file, the number of thread replies VK
counted but the export does not include.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator, Mapping, Sequence
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
    iso_from_unix,
)

PLATFORM = "vk"
# Keys only a comment object has (a post has post_type, a message peer_id).
COMMENT_KEYS = frozenset({"post_id", "reply_to_comment", "reply_to_user", "thread", "parents_stack", "deleted"})
# Keys of a wall.getComments answer that hold no comment (an answer with no items at all).
COMMENTS_ANSWER_KEYS = frozenset({"current_level_count", "show_reply_button", "groups_can_post"})
# Keys only a post object has; comments carry post_id, posts do not.
POST_KEYS = frozenset({
    "post_type", "copy_history", "reposts", "views", "post_source", "is_pinned", "marked_as_ads",
    "comments", "signer_id", "copyright", "is_favorite",
})  # fmt: skip
# user_block's reason codes (VK API docs: 0 other, 1 spam, 2 insulting participants,
# 3 obscene language, 4 off-topic messages).
BLOCK_REASONS = {0: "other", 1: "spam", 2: "insult", 3: "obscene", 4: "off-topic"}
EPOCH = iso_from_unix(0)
# Events read but not carried over, and why.
EXPLAINED = {
    "wall_reply_edit": "is an edit of a comment; the log keeps comments as first written",
    "user_unblock": "lifts a block; the log has no kind for it",
    "wall_repost": "is a repost of the community's post by someone else; the log has no kind for it",
}


def number(value: Any) -> int | None:
    """An id or count as VK writes it: an int (sometimes a numeric string); None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().removeprefix("-").isdecimal():
        return int(value)
    return None


def unix_time(value: Any) -> str | None:
    """An ISO timestamp (UTC) from VK's ``date`` (Unix seconds); None when there is none."""
    seconds = number(value) if not isinstance(value, float) else value
    if seconds is None or seconds <= 0:
        return None
    try:
        return iso_from_unix(seconds)
    except ValueError:
        return None


def person(vk_id: int) -> str:
    """A user or community as VK links write them: ``id123``, ``club123``."""
    return f"club{-vk_id}" if vk_id < 0 else f"id{vk_id}"


def spellings(vk_id: int) -> tuple[str, ...]:
    """The ways a config's ``staff`` list may name a VK user or community."""
    if vk_id < 0:
        return str(vk_id), str(-vk_id), f"club{-vk_id}", f"public{-vk_id}", f"event{-vk_id}"
    return str(vk_id), f"id{vk_id}"


def response_items(data: Any) -> tuple[list[Any], Pointer] | None:
    """The ``items`` of a VK API answer (``response.items``, or a ``response`` list), and where."""
    if not isinstance(data, dict):
        return None
    response = data.get("response")
    if isinstance(response, list):
        return response, ("response",)
    if isinstance(response, dict) and isinstance(response.get("items"), list):
        return response["items"], ("response", "items")
    return None


def looks_like_post(item: Any) -> bool:
    """True for a wall post (``wall.get``), not a comment: posts have no ``post_id``."""
    return isinstance(item, dict) and ("post_type" in item or ("post_id" not in item and bool(POST_KEYS & item.keys())))


def looks_like_comment(item: Any) -> bool:
    return (isinstance(item, dict) and "id" in item and not looks_like_post(item)
            and "peer_id" not in item and bool(COMMENT_KEYS & item.keys()))


def comment_id(owner: int | None, post: int | None, cid: int) -> str:
    return f"{owner}_{post}_{cid}" if owner is not None and post is not None else str(cid)


def names_of(response: Any) -> dict[int, tuple[str, ...]]:
    """Display names and screen names of the authors (``profiles``/``groups`` of extended answers)."""
    names: dict[int, tuple[str, ...]] = {}
    if not isinstance(response, dict):
        return names
    for key, sign in (("profiles", 1), ("groups", -1)):
        entries = response.get(key)
        for entry in entries if isinstance(entries, list) else ():
            vk_id = number(entry.get("id")) if isinstance(entry, dict) else None
            if vk_id is None:
                continue
            full = " ".join(str(entry.get(part) or "") for part in ("first_name", "last_name")).strip()
            found = (entry.get("screen_name"), entry.get("name"), full)
            names[sign * abs(vk_id)] = tuple(str(name) for name in found if name)
    return names


class VkCommentsImporter(JsonImporter):
    """VK API comments (wall.getComments, wall.getComment) and Callback/Long Poll events -> log."""

    name = "vk"
    title = "VK API comments (wall.getComments/getComment) and Callback/Long Poll events (JSON)"
    produces = "log"
    example = "smmlint import --from vk comments.json -o log.jsonl"

    def detect(self, data: Any) -> bool:
        if not isinstance(data, dict):
            return False
        found = response_items(data)
        if found is not None:
            items = found[0]
            if items:
                return looks_like_comment(items[0])
            return isinstance(data["response"], dict) and bool(COMMENTS_ANSWER_KEYS & data["response"].keys())
        updates = data.get("updates")
        if isinstance(updates, list) and "ts" in data:
            return not updates or (isinstance(updates[0], dict) and isinstance(updates[0].get("type"), str))
        return (isinstance(data.get("type"), str) and "group_id" in data
                and isinstance(data.get("object", {}), dict))

    def convert(self, data: Any, options: ImportOptions) -> Iterator[Output]:
        reader = _Reader(options)
        if response_items(data) is not None:
            yield from reader.comments(data)
        elif isinstance(data, dict) and isinstance(data.get("updates"), list):
            yield from reader.events(data["updates"], ("updates",))
        elif isinstance(data, dict) and "type" in data:
            yield from reader.events([data], None)
        else:
            yield Unmapped("not a VK API answer (response.items), Long Poll history (updates) or Callback"
                           " event (type, object): nothing to import", Where())


class _Reader:
    """The state of one document's conversion: the wall known, names, times seen, ids given."""

    def __init__(self, options: ImportOptions) -> None:
        self.options = options
        self.names: dict[int, tuple[str, ...]] = {}
        self.latest: str | None = None  # the latest time of a record read so far
        self.first: str | None = None  # the first time anywhere in the document
        self.actions: dict[str, int] = {}
        self.unseen_replies = 0
        self.unseen_where: Where | None = None
        self.staff_comments: set[int] = set()  # ids of the comments the staff wrote
        self.authors: dict[str, int] = {}  # comment record id -> its author's VK id

    # -- wall.getComments / wall.getComment ---------------------------------------------------

    def comments(self, data: dict[str, Any]) -> Iterator[Output]:
        items, pointer = response_items(data) or ([], ())
        self.names = names_of(data.get("response"))
        owner, post = common_post(items)
        self.staff_comments = {cid for cid, author, wall in all_comments(items, owner)
                               if author is not None and self.role(author, wall) == "staff"}
        for index, item in enumerate(items):
            yield from self.comment(item, Where((*pointer, index)), owner, post, None)
        if self.unseen_where is not None:
            yield Unmapped(
                f"{self.unseen_replies} repl{'y' if self.unseen_replies == 1 else 'ies'} in comment threads"
                " are not in this export (thread.count is larger than thread.items): ask wall.getComments"
                " with thread_items_count (up to 10) or read each thread with comment_id, or answers may"
                " look missing", self.unseen_where)

    def comment(self, item: Any, where: Where, owner: int | None, post: int | None,
                root: int | None, community: str | None = None) -> Iterator[Output]:
        """A comment (and the replies of its thread); ``root`` is the id of the thread's first
        comment, for the comments listed in its ``thread``."""
        if not isinstance(item, dict):
            yield Unmapped(f"a comment should be an object, not {type(item).__name__}: not imported", where)
            return
        cid = number(item.get("id"))
        if cid is None:
            yield Unmapped("a comment without a numeric 'id' cannot be named or answered: not imported", where)
            return
        own_owner, own_post = number(item.get("owner_id", item.get("post_owner_id"))), number(item.get("post_id"))
        owner = own_owner if own_owner is not None else owner
        post = own_post if own_post is not None else post
        record_id = comment_id(owner, post, cid)
        community = community or (person(owner) if owner is not None else None)
        at = unix_time(item.get("date"))
        deleted = item.get("deleted") is True
        if deleted and at is None:
            # A deleted comment kept for its replies, with not even its time: nothing to check
            # (one note, not a missing time for the comment and another for its deletion).
            yield Unmapped(f"deleted comment {record_id} has no date: its deletion cannot be checked;"
                           " not imported", where)
            yield from self.thread(item, where, owner, post, cid if root is None else root, community)
            return
        author = number(item.get("from_id")) or None  # 0: VK's "nobody" (a deleted comment's author)
        role = self.role(author, owner) if author is not None else None
        if role == "staff":
            self.staff_comments.add(cid)
        if author is not None:
            self.authors[record_id] = author
        answered = answered_comment(item, root)
        text = item.get("text")
        yield Item(clean({
            "id": record_id,
            "at": at,
            "kind": self.kind(answered, role),
            "platform": PLATFORM,
            "community": community,
            "author": person(author) if author is not None else None,
            "role": role,
            "parent": comment_id(owner, post, answered) if answered is not None else None,
            "text": text if isinstance(text, str) else None,
            "url": f"https://vk.com/wall{owner}_{post}?reply={cid}" if owner is not None and post is not None else None,
        }), where)
        self.seen(at)
        if deleted:
            # VK keeps a deleted comment that has replies, without its author and text: who
            # deleted it, and when, is not said (its own time is the earliest it can be).
            yield Item(clean({"id": self.action_id("delete", record_id), "at": at, "kind": "delete",
                              "platform": PLATFORM, "community": community, "target": record_id}), where)
        yield from self.thread(item, where, owner, post, cid if root is None else root, community)

    def kind(self, answered: int | None, role: str | None) -> str:
        """``comment``, or ``reply`` when it answers a comment. A subscriber answering the
        staff writes a ``comment`` on their answer (it may ask what the staff must answer)."""
        if answered is None or (role == "subscriber" and answered in self.staff_comments):
            return "comment"
        return "reply"

    def thread(self, item: Mapping[str, Any], where: Where, owner: int | None, post: int | None,
               root: int, community: str | None) -> Iterator[Output]:
        thread = item.get("thread")
        if not isinstance(thread, dict):
            return
        replies = thread.get("items")
        replies = replies if isinstance(replies, list) else []
        for index, reply in enumerate(replies):
            yield from self.comment(reply, Where((*where.pointer, "thread", "items", index)), owner, post, root,
                                    community)
        count = number(thread.get("count"))
        if count is not None and count > len(replies):
            self.unseen_replies += count - len(replies)
            self.unseen_where = self.unseen_where or where

    # -- Callback API / Bots Long Poll events ------------------------------------------------

    def events(self, updates: Sequence[Any], pointer: Pointer | None) -> Iterator[Output]:
        self.first = next((time for update in updates if isinstance(update, dict)
                           for time in [unix_time(_object(update).get("date"))] if time), None)
        for index, update in enumerate(updates):
            where = Where(() if pointer is None else (*pointer, index))
            if not isinstance(update, dict):
                yield Unmapped(f"an update should be an object, not {type(update).__name__}: not imported", where)
                continue
            yield from self.event(update, where)

    def event(self, update: Mapping[str, Any], where: Where) -> Iterator[Output]:
        kind = update.get("type")
        kind = kind if isinstance(kind, str) else repr(kind)  # named in notes, never looked up as is
        body = update.get("object")
        group = number(update.get("group_id"))
        wall = -abs(group) if group is not None else None
        community = person(wall) if wall is not None else None
        if not isinstance(body, dict):
            yield Unmapped(f"the VK event '{kind}' has no 'object' to read: not imported", where)
        elif kind == "wall_reply_new":
            owner = number(body.get("post_owner_id", body.get("owner_id")))
            yield from self.comment(body, where, owner if owner is not None else wall, None, None, community)
        elif kind in ("wall_reply_delete", "wall_reply_restore"):
            yield from self.comment_action(kind, body, where, wall, community)
        elif kind == "user_block":
            yield from self.block(body, where, wall, community)
        elif kind == "wall_post_new":
            yield from self.post(body, where, wall, community)
        elif kind in EXPLAINED:
            yield Unmapped(f"the VK event '{kind}' {EXPLAINED[kind]}: not imported", where)
        else:
            yield Unmapped(f"the VK event '{kind}' has no canonical kind (smmlint reads wall_reply_new,"
                           " wall_reply_delete, wall_reply_restore, user_block and wall_post_new)", where)

    def comment_action(self, kind: str, body: Mapping[str, Any], where: Where, wall: int | None,
                       community: str | None) -> Iterator[Output]:
        """``wall_reply_delete`` -> delete, ``wall_reply_restore`` -> restore, of the comment named."""
        cid = number(body.get("id"))
        if cid is None:
            yield Unmapped(f"the VK event '{kind}' names no comment ('id'): not imported", where)
            return
        owner = number(body.get("owner_id", body.get("post_owner_id")))
        owner = owner if owner is not None else wall
        target = comment_id(owner, number(body.get("post_id")), cid)
        action = "delete" if kind == "wall_reply_delete" else "restore"
        actor = number(body.get("deleter_id")) if action == "delete" else None
        at = yield from self.undated(kind, where)
        yield Item(clean({
            "id": self.action_id(action, target), "at": at, "kind": action, "platform": PLATFORM,
            "community": community or (person(owner) if owner is not None else None),
            "author": person(actor) if actor is not None else None,
            "role": self.deleter_role(actor, owner, target) if actor is not None else None,
            "target": target,
        }), where)

    def deleter_role(self, actor: int, owner: int | None, target: str) -> str | None:
        """Who deleted a comment: its author deleting their own words is a subscriber (not
        moderation); anyone else who can delete another person's comment on a community wall
        is one of its managers (staff). Unknown when the comment is not in the export."""
        role = self.role(actor, owner)
        author = self.authors.get(target)
        if role == "staff" or author is None or author == actor:
            return role if role == "staff" or author is not None else None
        return "staff"

    def block(self, body: Mapping[str, Any], where: Where, wall: int | None,
              community: str | None) -> Iterator[Output]:
        """``user_block`` -> ban of ``user_id`` by ``admin_id`` (a manager of the community, so
        ``staff``), with the reason code's name and the admin's comment (the reason when the
        code is 0, "other")."""
        user = number(body.get("user_id"))
        if user is None:
            yield Unmapped("the VK event 'user_block' names no user ('user_id'): not imported", where)
            return
        admin = number(body.get("admin_id"))
        code = number(body.get("reason"))
        note = body.get("comment") if isinstance(body.get("comment"), str) else None
        reason = BLOCK_REASONS.get(code) if code is not None else None
        if reason in (None, "other") and note:
            reason = note.strip()
        at = yield from self.undated("user_block", where)
        yield Item(clean({
            "id": self.action_id("ban", f"{community or 'vk'}_{person(user)}"), "at": at, "kind": "ban",
            "platform": PLATFORM, "community": community,
            "author": person(admin) if admin is not None else None,
            "role": "staff",  # only a community's managers can block its members
            "target": person(user), "reason": reason, "text": note,
        }), where)

    def post(self, body: Mapping[str, Any], where: Where, wall: int | None,
             community: str | None) -> Iterator[Output]:
        """``wall_post_new`` -> a ``post`` event named ``<owner_id>_<id>``."""
        pid = number(body.get("id"))
        if pid is None:
            yield Unmapped("the VK event 'wall_post_new' names no post ('id'): not imported", where)
            return
        owner = number(body.get("owner_id"))
        owner = owner if owner is not None else wall
        author = number(body.get("from_id"))
        at = unix_time(body.get("date"))
        text = body.get("text")
        yield Item(clean({
            "id": f"{owner}_{pid}" if owner is not None else str(pid), "at": at, "kind": "post",
            "platform": PLATFORM, "community": community or (person(owner) if owner is not None else None),
            "author": person(author) if author is not None else None,
            "role": self.role(author, owner) if author is not None else None,
            "text": text if isinstance(text, str) else None,
            "url": f"https://vk.com/wall{owner}_{pid}" if owner is not None else None,
        }), where)
        self.seen(at)

    # -- shared -------------------------------------------------------------------------------

    def role(self, vk_id: int, owner: int | None) -> str:
        """``staff`` for the community itself (its own wall, or a wall not named) when
        ``community_is_staff``, or anyone the config's ``staff`` names; else ``subscriber``."""
        itself = vk_id < 0 and (owner is None or owner == vk_id)
        if (itself and self.options.community_is_staff) or self.options.is_staff(
                *spellings(vk_id), *self.names.get(vk_id, ())):
            return "staff"
        return "subscriber"

    def seen(self, at: str | None) -> None:
        if at is not None and (self.latest is None or at > self.latest):
            self.latest = at  # all times are UTC ISO strings of one shape: they sort as text

    def undated(self, kind: str, where: Where) -> Generator[Output, None, str]:
        """A time for an event that has none: the latest time read before it, else the first
        time of the document; a note when the document has no time at all."""
        found = self.latest or self.first
        if found is None and self.options.now is not None:
            return self.options.now.isoformat()  # the export time: no later than the event
        if found is None:
            yield Unmapped(f"the VK event '{kind}' carries no time and nothing else in this file has"
                           f" one: its 'at' is set to {EPOCH} (unknown; give the export time with"
                           " --now or the config's `now`)", where)
        return found or EPOCH

    def action_id(self, action: str, target: str) -> str:
        key = f"{action}_{target}"
        self.actions[key] = self.actions.get(key, 0) + 1
        return key if self.actions[key] == 1 else f"{key}_{self.actions[key]}"


def answered_comment(item: Mapping[str, Any], root: int | None) -> int | None:
    """The id of the comment answered: ``reply_to_comment``, else the nearest of
    ``parents_stack``, else the thread's ``root`` for a comment listed in a thread."""
    answered = number(item.get("reply_to_comment"))
    if answered is None:
        stack = item.get("parents_stack")
        answered = number(stack[-1]) if isinstance(stack, list) and stack else None
    return answered if answered is not None else root


def all_comments(items: Sequence[Any], owner: int | None) -> Iterator[tuple[int, int | None, int | None]]:
    """(id, from_id, wall) of every comment of a response, threads included."""
    for item in items:
        cid = number(item.get("id")) if isinstance(item, dict) else None
        if cid is None:
            continue
        wall = number(item.get("owner_id"))
        wall = wall if wall is not None else owner
        yield cid, number(item.get("from_id")), wall
        thread = item.get("thread")
        replies = thread.get("items") if isinstance(thread, dict) else None
        if isinstance(replies, list):
            yield from all_comments(replies, wall)


def _object(update: Mapping[str, Any]) -> Mapping[str, Any]:
    body = update.get("object")
    return body if isinstance(body, dict) else {}


def common_post(items: Sequence[Any]) -> tuple[int | None, int | None]:
    """The wall and post all these comments belong to, when the ones that say agree."""
    found = {(number(item.get("owner_id")), number(item.get("post_id")))
             for item in items if isinstance(item, dict) and "post_id" in item}
    return found.pop() if len(found) == 1 else (None, None)
