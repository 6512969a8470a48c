"""Telegram Desktop "Export chat history" (``result.json``, machine-readable JSON).

Telegram Desktop writes one of two roots:

* a **single chat**: ``{"name", "type", "id", "messages": [...]}``. ``type`` is the chat's kind
  (``personal_chat``, ``bot_chat``, ``private_group``, ``public_supergroup``, ``public_channel``,
  ...), ``id`` its numeric id and ``name`` its title;
* a **full account** ("Export Telegram data"): ``{"about", "personal_information", "contacts",
  ..., "chats": {"list": [chat, ...]}, "left_chats": {"list": [...]}}``, each chat shaped like a
  single-chat root.

Each message has ``id`` (numeric, unique within its chat), ``type`` (``message``, or ``service``
for joins, pins, invites and the like, which then name an ``action`` and an ``actor``),
``date`` (the exporting computer's local time, without an offset) and, in newer exports,
``date_unixtime`` (Unix seconds, UTC, as a string), ``from``/``from_id`` (the sender's display
name, null for deleted accounts, and ``user123``/``channel123``), ``reply_to_message_id`` (the
message it answers, in the same chat), ``text`` (a string, or a list of plain strings and
entities ``{"type": "link" | "text_link" | "bold" | ..., "text", "href"?}``; newer exports also
write ``text_entities``), and media: ``photo``, ``file`` with ``media_type`` (``sticker``,
``animation``, ``video_file``, ``video_message``, ``voice_message``, ``audio_file``) and
``poll: {"question", "answers"}``.

What it becomes:

* a group, supergroup, personal or bot chat is a **log**: each message a ``comment``, or a
  ``reply`` whose ``parent`` is the message named by ``reply_to_message_id`` (which may lie
  outside the exported range, or in another chat: ``reply_to_peer_id``). A subscriber's
  answer to a staff message (or to a channel post forwarded into its discussion group) stays
  a ``comment``, with that message as ``parent``: it is what the staff must answer, not an
  answer;
* a channel (``public_channel``/``private_channel``) exported alone is a **plan**: its
  messages are the channel's posts, with a format from their media and links from their text;
* a full-account export is always a **log**: channels' messages in it become ``post`` events.

Ids: a single chat's events keep the message id (``"242701"``); in a full-account export they
are ``"<chat id>:<message id>"`` (``"1712691810:242701"``), and so are their parents, since
message ids repeat across chats; a reply to a message of another chat names its parent
``"<that chat's id>:<message id>"`` in both. A message without an ``id`` (trimmed exports) is named by its
1-based position in its chat (``"#3"``); a chat without one by its position in the list
(``"chat2:..."``, ``"left-chat1:..."``).

Staff: an author whose ``from_id`` (``user123``, or just ``123``) or ``from`` name is in the
config's ``staff`` list, or the chat/channel itself (``from_id`` ``channel...``: a channel's
posts, an admin writing anonymously as the group, a channel's posts forwarded into its
discussion group) when ``exports.community_is_staff`` is on. In a bot chat the bot's messages
have the role ``bot``. Everyone else is a ``subscriber``.

Not carried over (each an SMM006 note at the message): service messages (no canonical kind:
joining, pinning, inviting, migrating are not community work the rules check), messages of an
unknown ``type``, messages without a readable date, and chats without a ``messages`` list.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from .base import (
    ImportOptions,
    Item,
    JsonImporter,
    Output,
    Pointer,
    Produces,
    Unmapped,
    Where,
    clean,
    conversation_kind,
    iso_from_text,
    iso_from_unix,
    json_kind,
)

CHAT_TYPES = frozenset({
    "personal_chat", "bot_chat", "saved_messages", "private_group", "private_supergroup",
    "public_supergroup", "private_channel", "public_channel",
})  # fmt: skip
CHANNEL_TYPES = frozenset({"public_channel", "private_channel"})

# media_type -> canonical post format (photos are a `photo` key, polls a `poll` key).
MEDIA_FORMATS = {
    "video_file": "video",
    "animation": "video",
    "video_message": "clip",  # a round "video message": a short clip
    "voice_message": "audio",
    "audio_file": "audio",
}
# Keys of a message that carry media with no post format of its own (a sticker, a document,
# a location, a contact, a game, an invoice): such a post's format is "other".
OTHER_MEDIA = ("file", "location_information", "contact_information", "place_name", "game_title", "invoice_information")


class TelegramImporter(JsonImporter):
    """Telegram Desktop's ``result.json``: a chat's messages as a log, a channel's as a plan."""

    name = "telegram"
    title = 'Telegram Desktop "Export chat history" (result.json)'
    produces = "log"
    example = "smmlint import --from telegram result.json -o log.jsonl"

    def detect(self, data: Any) -> bool:
        return _is_account(data) or _is_chat(data)

    def produces_for(self, data: Any) -> Produces:
        """A channel exported alone is a plan of its posts; every other export is a log."""
        if not _is_account(data) and isinstance(data, dict) and _chat_type(data) in CHANNEL_TYPES:
            return "plan"
        return "log"

    def convert(self, data: Any, options: ImportOptions) -> Iterator[Output]:
        if _is_account(data):
            yield from _account_events(data, options)
            return
        if not isinstance(data, dict) or not isinstance(data.get("messages"), list):
            yield Unmapped("not a Telegram Desktop export: no 'messages' list and no 'chats' list", Where())
            return
        chat = _Chat.of(data, (), None)
        if self.produces_for(data) == "plan":
            yield from _channel_posts(chat, options)
        else:
            yield from _chat_events(chat, options)


@dataclass(frozen=True)
class _Chat:
    """One exported chat: where it stands in the file and how its events are named."""

    data: Mapping[str, Any]
    pointer: Pointer
    key: str | None  # the id prefix of its events in a full-account export; None alone
    type: str
    id: str | None
    name: str | None

    @classmethod
    def of(cls, data: Mapping[str, Any], pointer: Pointer, key: str | None) -> _Chat:
        chat_id = data.get("id")
        name = data.get("name")
        return cls(data, pointer, key, str(data.get("type") or ""), _text_id(chat_id),
                   name if isinstance(name, str) and name.strip() else None)

    @property
    def messages(self) -> list[Any]:
        messages = self.data.get("messages")
        return messages if isinstance(messages, list) else []

    def event_id(self, message_id: str) -> str:
        return message_id if self.key is None else f"{self.key}:{message_id}"


# Detection -------------------------------------------------------------------------------------


def _is_account(data: Any) -> bool:
    """A full-account root: chat lists, or the account's own sections."""
    if not isinstance(data, dict) or "kind" in data:
        return False
    if any(isinstance(block, dict) and isinstance(block.get("list"), list)
           for block in (data.get("chats"), data.get("left_chats"))):
        return True
    return isinstance(data.get("personal_information"), dict) and "about" in data


def _chat_type(data: Mapping[str, Any]) -> str:
    """The chat's ``type`` when it is text ("" otherwise: a broken export may hold anything)."""
    kind = data.get("type")
    return kind if isinstance(kind, str) else ""


def _is_chat(data: Any) -> bool:
    """A single-chat root: a ``messages`` list, named as a Telegram chat or holding messages
    dated the way Telegram writes them (trimmed exports drop the chat's own fields)."""
    if not isinstance(data, dict) or "kind" in data or not isinstance(data.get("messages"), list):
        return False
    if _chat_type(data) in CHAT_TYPES:
        return True
    first = data["messages"][0] if data["messages"] else None
    return (isinstance(first, dict) and first.get("type") in ("message", "service")
            and ("date_unixtime" in first or "date" in first))


# Logs ------------------------------------------------------------------------------------------


def _account_events(data: Mapping[str, Any], options: ImportOptions) -> Iterator[Output]:
    """Every chat of a full-account export (current chats, then left ones) as log events."""
    for section, unnamed in (("chats", "chat"), ("left_chats", "left-chat")):
        block = data.get(section)
        if block is None:
            continue
        chats = block.get("list") if isinstance(block, dict) else None
        if not isinstance(chats, list):
            yield Unmapped(f"'{section}' has no 'list' of chats; its chats are not read", Where((section,)))
            continue
        for index, chat_data in enumerate(chats):
            pointer: Pointer = (section, "list", index)
            if not isinstance(chat_data, dict) or not isinstance(chat_data.get("messages"), list):
                yield Unmapped(f"{section} #{index + 1} has no 'messages' list; nothing of it is read", Where(pointer))
                continue
            key = _text_id(chat_data.get("id")) or f"{unnamed}{index + 1}"
            yield from _chat_events(_Chat.of(chat_data, pointer, key), options)


def _chat_events(chat: _Chat, options: ImportOptions) -> Iterator[Output]:
    """A chat's messages as log events (a channel's as ``post`` events), in export order."""
    staff_messages: set[str] = set()  # ids of the staff's (and the chat's own) messages so far
    for index, message in enumerate(chat.messages):
        where = Where((*chat.pointer, "messages", index))
        head = _head(message, index, where, options)
        if isinstance(head, Unmapped):
            yield head
            continue
        message_id, at = head
        event_id = chat.event_id(message_id)
        role = _role(chat, message, options)
        event: dict[str, Any] = {"id": event_id, "at": at}
        parent = _parent(chat, message)
        if chat.type in CHANNEL_TYPES:
            event["kind"] = "post"
        elif role != "staff" and parent is not None and _answers_a_channel(chat, message):
            # Commenting on a channel post named across chats: a comment on it, as on the staff's.
            event.update(kind="comment", parent=parent)
        else:
            event.update(kind=conversation_kind(parent, role, staff_messages), parent=parent)
        if role == "staff":
            staff_messages.add(event_id)
        event.update(platform="telegram", community=chat.name, author=_author(message), role=role,
                     text=_message_text(message))
        yield Item(clean(event), where)
        odd = _odd_fields(message)
        if odd:
            verb = "was" if len(odd) == 1 else "were"
            yield Unmapped(f"message {message_id}: {', '.join(odd)} could not be read and {verb} left out", where)


# Fields of a message and the JSON types Telegram writes them in: a value of another type is
# an export edited or broken by hand, and the field is left out with a note, not silently.
_FIELD_TYPES: dict[str, tuple[type, ...]] = {
    "text": (str, list), "from": (str, type(None)), "from_id": (str, int),
    "reply_to_message_id": (int, str), "text_entities": (list,),
}


def _odd_fields(message: Mapping[str, Any]) -> list[str]:
    """The fields of a message whose value has a type Telegram never writes there."""
    return [f"'{name}' ({json_kind(message[name])})" for name, types in _FIELD_TYPES.items()
            if name in message and (not isinstance(message[name], types) or isinstance(message[name], bool))]


def _answers_a_channel(chat: _Chat, message: Mapping[str, Any]) -> bool:
    """Whether the message answers a post of a channel in another chat (``reply_to_peer_id``
    naming a channel other than this chat: a comment under a channel's post)."""
    peer = message.get("reply_to_peer_id")
    return isinstance(peer, str) and peer.startswith("channel") and _bare_id(peer) != chat.id


def _parent(chat: _Chat, message: Mapping[str, Any]) -> str | None:
    """The event id of the message answered: ``reply_to_message_id`` in this chat, or in the
    chat ``reply_to_peer_id`` names (``channel123``) when the reply crosses chats."""
    reply_to = _text_id(message.get("reply_to_message_id"))
    if reply_to is None:
        return None
    peer_id = _bare_id(message.get("reply_to_peer_id"))
    if peer_id is not None and peer_id != chat.id:
        return f"{peer_id}:{reply_to}"
    return chat.event_id(reply_to)


def _head(message: Any, index: int, where: Where, options: ImportOptions) -> tuple[str, str] | Unmapped:
    """A message's id and ISO timestamp; an unmapped note when it is no mappable message."""
    if not isinstance(message, dict):
        return Unmapped(f"message #{index + 1} is not an object; it is not carried over", where)
    raw_id = message.get("id")
    message_id = _text_id(raw_id) if raw_id is not None else f"#{index + 1}"
    if message_id is None:
        return Unmapped(f"message #{index + 1} has an id that is not a number ({raw_id!r}); it is not carried over",
                        where)
    kind = message.get("type")
    if kind == "service":
        return Unmapped(_service_note(message, message_id), where)
    if kind != "message":
        said = f"type '{kind}'" if isinstance(kind, str) else f"no type (it is {json_kind(kind)})"
        return Unmapped(f"message {message_id} has {said}, which is not a Telegram message type smmlint"
                        " knows; it is not carried over", where)
    at = _timestamp(message, options)
    if at is None:
        return Unmapped(f"message {message_id} has no readable 'date_unixtime' or 'date'; it is not carried over",
                        where)
    return message_id, at


def _service_note(message: Mapping[str, Any], message_id: str) -> str:
    action = message.get("action")
    actor = message.get("actor") or message.get("actor_id")
    by = f", by {actor}" if isinstance(actor, str) and actor else ""
    named = f"'{action}'" if isinstance(action, str) and action else "with no action"
    return f"service message {named} (message {message_id}{by}) has no canonical kind; it is not carried over"


def _timestamp(message: Mapping[str, Any], options: ImportOptions) -> str | None:
    """``date_unixtime`` (UTC seconds) when readable, else ``date`` in the configured zone."""
    seconds = message.get("date_unixtime")
    if isinstance(seconds, (str, int)) and not isinstance(seconds, bool) and str(seconds).strip().isdecimal():
        try:
            return iso_from_unix(int(seconds))
        except ValueError:
            pass  # a time beyond the calendar: try the local date
    local = message.get("date")
    if isinstance(local, str):
        try:
            return iso_from_text(local, options.timezone)
        except ValueError:
            return None
    return None


def _author(message: Mapping[str, Any]) -> str | None:
    """The sender's display name; the ``from_id`` when the account is deleted (no name)."""
    for key in ("from", "from_id"):
        value = message.get(key)
        if isinstance(value, str) and value.strip():
            return value
    return None


def _role(chat: _Chat, message: Mapping[str, Any], options: ImportOptions) -> str:
    """Staff when listed (by ``from_id``, its bare number, or name) or when the chat/channel
    itself writes and ``community_is_staff``; a bot chat's bot; else a subscriber."""
    sender = message.get("from_id")
    sender = sender if isinstance(sender, str) else None
    if options.is_staff(sender, _bare_id(sender), message.get("from")):
        return "staff"
    if sender is not None and sender.startswith("channel") and options.community_is_staff:
        return "staff"
    if chat.type == "bot_chat" and chat.id is not None and sender == f"user{chat.id}":
        return "bot"
    return "subscriber"


# Text ------------------------------------------------------------------------------------------


def _pieces(message: Mapping[str, Any]) -> list[Any]:
    """The text as a list of strings and entities (``text``, else ``text_entities``)."""
    text = message.get("text")
    if isinstance(text, str) and text:
        return [text]
    if isinstance(text, list) and text:
        return text
    entities = message.get("text_entities")
    return entities if isinstance(entities, list) else []


def _piece_text(piece: Any) -> str:
    """A piece as plain text; a ``text_link`` keeps its address after its words."""
    if isinstance(piece, str):
        return piece
    if not isinstance(piece, dict):
        return ""
    text = piece.get("text")
    text = text if isinstance(text, str) else ""
    href = piece.get("href")
    if piece.get("type") == "text_link" and isinstance(href, str) and href and href not in text:
        return f"{text} ({href})" if text else href
    return text


def _message_text(message: Mapping[str, Any]) -> str | None:
    """The message as plain text; a poll without text gives its question."""
    text = "".join(_piece_text(piece) for piece in _pieces(message))
    if not text.strip():
        poll = message.get("poll")
        question = poll.get("question") if isinstance(poll, dict) else None
        text = question if isinstance(question, str) else ""
    return text or None


def _links(message: Mapping[str, Any]) -> list[str]:
    """Addresses of the text's ``link`` entities (their text) and ``text_link`` ones (href)."""
    found: list[str] = []
    for piece in _pieces(message):
        if not isinstance(piece, dict):
            continue
        kind = piece.get("type")
        address = piece.get("text") if kind == "link" else piece.get("href") if kind == "text_link" else None
        if isinstance(address, str) and address.strip() and address.strip() not in found:
            found.append(address.strip())
    return found


# Plans -----------------------------------------------------------------------------------------


def _channel_posts(chat: _Chat, options: ImportOptions) -> Iterator[Output]:
    """A channel's messages as plan posts."""
    for index, message in enumerate(chat.messages):
        where = Where((*chat.pointer, "messages", index))
        head = _head(message, index, where, options)
        if isinstance(head, Unmapped):
            yield head
            continue
        message_id, at = head
        post = {"id": message_id, "at": at, "platform": "telegram", "format": _format(message),
                "text": _message_text(message), "links": _links(message)}
        yield Item(clean(post), where)


def _format(message: Mapping[str, Any]) -> str:
    """The post format its media make: poll, photo, video, clip, audio; other media (stickers,
    documents, places) "other"; none "text"."""
    if "poll" in message:
        return "poll"
    if "photo" in message:
        return "photo"
    media = message.get("media_type")
    if isinstance(media, str) and media in MEDIA_FORMATS:
        return MEDIA_FORMATS[media]
    if media or any(key in message for key in OTHER_MEDIA):
        return "other"
    return "text"


def _bare_id(value: Any) -> str | None:
    """The number of a peer id as Telegram writes them (``user123``, ``channel123``, ``chat123``)."""
    if isinstance(value, str):
        for prefix in ("user", "channel", "chat"):
            if value.startswith(prefix):
                return _text_id(value[len(prefix):])
    return _text_id(value)


def _text_id(value: Any) -> str | None:
    """A numeric id (as Telegram writes them) as text; None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdecimal():
        return value.strip()
    return None
