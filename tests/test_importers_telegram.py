"""Telegram Desktop's result.json: single chats and full-account exports as logs, channels as
plans, and what cannot be carried over reported at its place in the file."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner
from samples import SHARED_SAMPLES, shared_sample

from smmlint.cli import main
from smmlint.engine import lint_paths
from smmlint.importers import ImportOptions, Item, Unmapped, detect_json, get
from smmlint.importers.telegram import TelegramImporter
from smmlint.importing import convert, open_export

SAMPLES = SHARED_SAMPLES / "telegram-desktop"
IMPORTER = TelegramImporter()


def message(id: int, text: Any = "", **fields: Any) -> dict[str, Any]:
    """A message as Telegram Desktop writes it (UTC epoch 1796108400 = 2026-12-01 07:00 UTC)."""
    record: dict[str, Any] = {"id": id, "type": "message", "date": "2026-12-01T10:00:00",
                              "date_unixtime": str(1796108400 + 60 * id), "from": f"User {id}",
                              "from_id": f"user{100 + id}", "text": text}
    record.update(fields)
    return record


def service(id: int, action: str, **fields: Any) -> dict[str, Any]:
    return {"id": id, "type": "service", "date": "2026-12-01T10:00:00", "date_unixtime": "1796108400",
            "actor": "Anna", "actor_id": "user7", "action": action, "text": "", **fields}


def chat(messages: list[Any], type: str = "public_supergroup", id: int = 1700000001,
         name: str = "Zerno Coffee chat") -> dict[str, Any]:
    return {"name": name, "type": type, "id": id, "messages": messages}


def outputs(data: Any, **options: Any) -> list[Item | Unmapped]:
    return list(IMPORTER.convert(data, ImportOptions.make(**options)))


def records(data: Any, **options: Any) -> list[dict[str, Any]]:
    return [output.record for output in outputs(data, **options) if isinstance(output, Item)]


def notes(data: Any, **options: Any) -> list[tuple[str, tuple[Any, ...]]]:
    return [(output.message, output.where.pointer) for output in outputs(data, **options)
            if isinstance(output, Unmapped)]


# Detection -------------------------------------------------------------------------------------


@pytest.mark.parametrize("data", [
    chat([]),
    chat([message(1)]),
    {"messages": [message(1)]},  # a trimmed single-chat root
    {"messages": [{"type": "message", "date_unixtime": "1544006350", "from": "A", "text": "hi"}]},
    {"chats": {"list": []}},
    {"about": "Here is the data you requested.", "personal_information": {"user_id": 1}},
    {"left_chats": {"list": [chat([message(1)])]}},
])  # fmt: skip
def test_detects_telegram_roots(data: Any) -> None:
    assert IMPORTER.detect(data)
    assert isinstance(detect_json(data), TelegramImporter)


@pytest.mark.parametrize("data", [
    [message(1)],
    {"messages": []},  # nothing says it is Telegram
    {"messages": [{"type": "Default", "timestamp": "2026-12-01T10:00:00+00:00"}]},  # a Discord export
    {"response": {"count": 1, "items": [{"id": 1, "from_id": 5, "date": 1796108400, "text": "hi"}]}},
    {"kind": "Listing", "data": {"children": []}},
    {"kind": "log", "messages": [message(1)]},
    {"data": [{"id": "1_2", "message": "hi", "created_time": "2026-12-01T10:00:00+0000"}]},
    {"chats": [1, 2]},
    "result",
])  # fmt: skip
def test_does_not_claim_other_shapes(data: Any) -> None:
    assert not IMPORTER.detect(data)


def test_registered_under_its_name() -> None:
    assert isinstance(get("telegram"), TelegramImporter)
    assert get("Telegram") is get("telegram")


def test_channels_make_plans_everything_else_logs() -> None:
    assert IMPORTER.produces_for(chat([], type="public_channel")) == "plan"
    assert IMPORTER.produces_for(chat([], type="private_channel")) == "plan"
    assert IMPORTER.produces_for(chat([])) == "log"
    assert IMPORTER.produces_for(chat([], type="personal_chat")) == "log"
    assert IMPORTER.produces_for({"messages": [message(1)]}) == "log"
    assert IMPORTER.produces_for({"chats": {"list": [chat([], type="public_channel")]}}) == "log"


# Group chats -----------------------------------------------------------------------------------


def test_group_messages_become_comments_and_replies() -> None:
    data = chat([message(1, "Do you deliver to Khimki?"), message(2, "Yes, we do!", reply_to_message_id=1),
                 message(3, "Reply to an older message", reply_to_message_id=41)])
    found = outputs(data)
    assert [output.where.pointer for output in found] == [("messages", 0), ("messages", 1), ("messages", 2)]
    assert [output.record for output in found if isinstance(output, Item)] == [
        {"id": "1", "at": "2026-12-01T07:01:00+00:00", "kind": "comment", "platform": "telegram",
         "community": "Zerno Coffee chat", "author": "User 1", "role": "subscriber",
         "text": "Do you deliver to Khimki?"},
        {"id": "2", "at": "2026-12-01T07:02:00+00:00", "kind": "reply", "parent": "1", "platform": "telegram",
         "community": "Zerno Coffee chat", "author": "User 2", "role": "subscriber", "text": "Yes, we do!"},
        {"id": "3", "at": "2026-12-01T07:03:00+00:00", "kind": "reply", "parent": "41", "platform": "telegram",
         "community": "Zerno Coffee chat", "author": "User 3", "role": "subscriber",
         "text": "Reply to an older message"},
    ]


def test_answers_to_the_staff_are_comments_on_their_message() -> None:
    channel_post = message(1, "New roast is out", **{"from": "Zerno", "from_id": "channel1700000002"})
    data = chat([channel_post, message(2, "Is it decaf?", reply_to_message_id=1),
                 message(3, "Yes!", reply_to_message_id=2, **{"from": "Anna", "from_id": "user7"}),
                 message(4, "And the price?", reply_to_message_id=3),
                 message(5, "Ask them", reply_to_message_id=4)])
    events = records(data, staff=["Anna"])
    assert [(event["id"], event["kind"], event.get("parent"), event["role"]) for event in events] == [
        ("1", "comment", None, "staff"), ("2", "comment", "1", "subscriber"), ("3", "reply", "2", "staff"),
        ("4", "comment", "3", "subscriber"), ("5", "reply", "4", "subscriber")]


def test_replies_across_chats_name_the_other_chat() -> None:
    data = chat([message(1, "Great post!", reply_to_message_id=77, reply_to_peer_id="channel1700000002"),
                 message(2, "same chat", reply_to_message_id=1, reply_to_peer_id="channel1700000001")])
    assert [event["parent"] for event in records(data)] == ["1700000002:77", "1"]
    account = {"chats": {"list": [data]}}
    assert [event["parent"] for event in records(account)] == ["1700000002:77", "1700000001:1"]


def test_text_entities_are_flattened_to_plain_text() -> None:
    text = ["Menu: ", {"type": "link", "text": "https://zerno.coffee/menu"}, ", ",
            {"type": "text_link", "text": "the rules", "href": "https://zerno.coffee/rules"}, " ",
            {"type": "bold", "text": "today"}, {"type": "mention", "text": " @anna"}, 7, None,
            {"type": "text_link", "text": "https://x.example", "href": "https://x.example"}]
    [event] = records(chat([message(1, text)]))
    assert event["text"] == ("Menu: https://zerno.coffee/menu, the rules (https://zerno.coffee/rules) today @anna"
                             "https://x.example")


def test_text_entities_field_is_read_when_text_is_empty() -> None:
    [event] = records(chat([message(1, "", text_entities=[{"type": "plain", "text": "from entities"}])]))
    assert event["text"] == "from entities"


def test_media_only_messages_are_kept_without_text() -> None:
    sticker = message(1, "", file="stickers/sticker.webp", media_type="sticker", sticker_emoji="👍")
    photo = message(2, "", photo="photos/photo_1.jpg", width=10, height=10)
    events = records(chat([sticker, photo]))
    assert [(event["id"], event["kind"], "text" in event) for event in events] == [
        ("1", "comment", False), ("2", "comment", False)]


def test_a_poll_without_text_gives_its_question() -> None:
    [event] = records(chat([message(1, "", poll={"question": "Which roast?", "answers": []})]))
    assert event["text"] == "Which roast?"


def test_local_date_is_read_in_the_configured_zone_without_unixtime() -> None:
    local = message(1, "hi")
    del local["date_unixtime"]
    [event] = records(chat([local]), timezone=ZoneInfo("Asia/Jakarta"))
    assert event["at"] == "2026-12-01T10:00:00+07:00"
    unreadable_epoch = message(2, "hi", date_unixtime="soon")
    [event] = records(chat([unreadable_epoch]), timezone=ZoneInfo("Europe/Moscow"))
    assert event["at"] == "2026-12-01T10:00:00+03:00"


def test_deleted_accounts_are_named_by_their_id() -> None:
    [event] = records(chat([message(1, "hi", **{"from": None})]))
    assert event["author"] == "user101"
    [event] = records(chat([message(1, "hi", **{"from": None, "from_id": None})]))
    assert "author" not in event


def test_staff_from_config_by_id_bare_id_or_name() -> None:
    data = chat([message(1, "a"), message(2, "b"), message(3, "c"), message(4, "d")])
    roles = [event["role"] for event in records(data, staff=["user101", "102", "user 3"])]
    assert roles == ["staff", "staff", "staff", "subscriber"]


def test_the_group_itself_is_staff_unless_configured_otherwise() -> None:
    data = chat([message(1, "Pinned rules", **{"from": "Zerno Coffee chat", "from_id": "channel1700000001"})])
    assert records(data)[0]["role"] == "staff"
    assert records(data, community_is_staff=False)[0]["role"] == "subscriber"


def test_service_and_broken_messages_are_reported_at_their_place() -> None:
    no_date = message(5, "when?")
    del no_date["date"], no_date["date_unixtime"]
    data = chat([service(1, "pin_message", message_id=2), message(2, "kept"), {"id": 3, "type": "sponsored"},
                 "not a message", no_date, message(6, "bad date", date_unixtime=None, date="yesterday"),
                 {**message(7, "odd id"), "id": {"x": 1}}, {"id": 8, "type": "service"}])
    assert [event["id"] for event in records(data)] == ["2"]
    assert notes(data) == [
        ("service message 'pin_message' (message 1, by Anna) has no canonical kind; it is not carried over",
         ("messages", 0)),
        (("message 3 has type 'sponsored', which is not a Telegram message type smmlint knows;"
          " it is not carried over"), ("messages", 2)),
        ("message #4 is not an object; it is not carried over", ("messages", 3)),
        ("message 5 has no readable 'date_unixtime' or 'date'; it is not carried over", ("messages", 4)),
        ("message 6 has no readable 'date_unixtime' or 'date'; it is not carried over", ("messages", 5)),
        ("message #7 has an id that is not a number ({'x': 1}); it is not carried over", ("messages", 6)),
        ("service message with no action (message 8) has no canonical kind; it is not carried over",
         ("messages", 7)),
    ]


def test_messages_without_ids_are_named_by_position() -> None:
    data = {"messages": [{"type": "message", "date_unixtime": "1544006350", "from": "A", "text": "one"},
                         {"type": "message", "date_unixtime": "1544006964", "from": "B", "text": "two"}]}
    assert [(event["id"], event["at"]) for event in records(data)] == [
        ("#1", "2018-12-05T10:39:10+00:00"), ("#2", "2018-12-05T10:49:24+00:00")]


def test_a_forced_import_of_another_shape_is_one_note() -> None:
    assert notes({"response": {}}) == [
        ("not a Telegram Desktop export: no 'messages' list and no 'chats' list", ())]
    assert notes([1, 2]) == [("not a Telegram Desktop export: no 'messages' list and no 'chats' list", ())]


# Full-account exports --------------------------------------------------------------------------


def account_export() -> dict[str, Any]:
    group = chat([message(1, "Hello?"), message(2, "Hi!", reply_to_message_id=1)])
    channel = chat([message(1, "Our news", **{"from": "Zerno", "from_id": "channel1700000002"}),
                    service(2, "pin_message")], type="public_channel", id=1700000002, name="Zerno")
    bot = chat([message(1, "/start", from_id="user55"), message(2, "Welcome", from_id="user900", **{"from": "Bot"})],
               type="bot_chat", id=900, name="Zerno Bot")
    return {
        "about": "Here is the data you requested.",
        "personal_information": {"user_id": 55, "first_name": "Anna"},
        "contacts": {"list": []},
        "chats": {"list": [group, channel, bot, {"name": "broken"}]},
        "left_chats": {"list": [{"name": "Old", "type": "private_group", "messages": [message(3, "bye")]}]},
    }


def test_full_account_ids_are_prefixed_by_chat_and_channels_post() -> None:
    found = outputs(account_export())
    events = [(output.record["id"], output.record["kind"], output.record.get("parent"), output.record["role"],
               output.record["community"], output.where.pointer) for output in found if isinstance(output, Item)]
    assert events == [
        ("1700000001:1", "comment", None, "subscriber", "Zerno Coffee chat", ("chats", "list", 0, "messages", 0)),
        ("1700000001:2", "reply", "1700000001:1", "subscriber", "Zerno Coffee chat",
         ("chats", "list", 0, "messages", 1)),
        ("1700000002:1", "post", None, "staff", "Zerno", ("chats", "list", 1, "messages", 0)),
        ("900:1", "comment", None, "subscriber", "Zerno Bot", ("chats", "list", 2, "messages", 0)),
        ("900:2", "comment", None, "bot", "Zerno Bot", ("chats", "list", 2, "messages", 1)),
        ("left-chat1:3", "comment", None, "subscriber", "Old", ("left_chats", "list", 0, "messages", 0)),
    ]
    assert notes(account_export()) == [
        ("service message 'pin_message' (message 2, by Anna) has no canonical kind; it is not carried over",
         ("chats", "list", 1, "messages", 1)),
        ("chats #4 has no 'messages' list; nothing of it is read", ("chats", "list", 3)),
    ]


def test_full_account_with_a_broken_chat_list() -> None:
    assert notes({"about": "x", "personal_information": {}, "chats": {"list": "none"}}) == [
        ("'chats' has no 'list' of chats; its chats are not read", ("chats",))]
    assert outputs({"about": "x", "personal_information": {}}) == []


# Channels as plans -----------------------------------------------------------------------------


CHANNEL_POSTS = [
    message(1, "Good morning"),
    message(2, ["New menu: ", {"type": "text_link", "text": "see it", "href": "https://zerno.coffee/menu"},
                " and ", {"type": "link", "text": "https://zerno.coffee/bar"}],
            photo="photos/photo_1.jpg"),
    message(3, "", file="video.mp4", media_type="video_file"),
    message(4, "", file="a.mp4", media_type="animation"),
    message(5, "", file="voice.ogg", media_type="voice_message"),
    message(6, "", file="song.mp3", media_type="audio_file"),
    message(7, "", file="round.mp4", media_type="video_message"),
    message(8, "", poll={"question": "Which roast?", "answers": [{"text": "Light", "voters": 1}]}),
    message(9, "", file="stickers/s.webp", media_type="sticker"),
    message(10, "Price list", file="prices.pdf"),
    service(11, "pin_message"),
]


def test_channel_posts_become_a_plan() -> None:
    data = chat(CHANNEL_POSTS, type="public_channel", id=1700000002, name="Zerno")
    posts = records(data)
    assert [(post["id"], post["format"]) for post in posts] == [
        ("1", "text"), ("2", "photo"), ("3", "video"), ("4", "video"), ("5", "audio"), ("6", "audio"),
        ("7", "clip"), ("8", "poll"), ("9", "other"), ("10", "other")]
    assert posts[1] == {"id": "2", "at": "2026-12-01T07:02:00+00:00", "platform": "telegram", "format": "photo",
                        "text": "New menu: see it (https://zerno.coffee/menu) and https://zerno.coffee/bar",
                        "links": ["https://zerno.coffee/menu", "https://zerno.coffee/bar"]}
    assert posts[7]["text"] == "Which roast?"
    assert notes(data) == [(("service message 'pin_message' (message 11, by Anna) has no canonical kind;"
                             " it is not carried over"), ("messages", 10))]


# Through smmlint's own paths -------------------------------------------------------------------


GROUP_EXPORT = """\
{
  "name": "Zerno Coffee chat",
  "type": "public_supergroup",
  "id": 1700000001,
  "messages": [
    {"id": 10, "type": "service", "date": "2026-12-01T09:00:00", "date_unixtime": "1796104800", "actor": "Olga", "actor_id": "user101", "action": "join_group_by_link", "inviter": "Group", "text": ""},
    {"id": 11, "type": "message", "date": "2026-12-01T10:00:00", "date_unixtime": "1796108400", "from": "Olga", "from_id": "user101", "text": "Do you deliver to Khimki?"},
    {"id": 12, "type": "message", "date": "2026-12-01T10:05:00", "date_unixtime": "1796108700", "from": "Petr", "from_id": "user102", "text": "How late are you open today?"},
    {"id": 13, "type": "message", "date": "2026-12-01T10:20:00", "date_unixtime": "1796109600", "from": "Anna", "from_id": "user7", "reply_to_message_id": 12, "text": "Until 22:00!"}
  ]
}
"""


def write_group(folder: Path, config: str = "staff: [Anna]\n") -> Path:
    (folder / ".smmlint.yaml").write_text(config, encoding="utf-8")
    path = folder / "result.json"
    path.write_text(GROUP_EXPORT, encoding="utf-8")
    return path


def test_open_export_and_convert_give_jsonl_and_positions(tmp_path: Path) -> None:
    path = write_group(tmp_path)
    converted = convert(open_export(path, ImportOptions.make(["Anna"])))
    assert converted.produces == "log" and converted.count == 3
    events = [json.loads(line) for line in converted.text.splitlines()]
    assert [(event["id"], event["kind"], event["role"], event.get("parent")) for event in events] == [
        ("11", "comment", "subscriber", None), ("12", "comment", "subscriber", None), ("13", "reply", "staff", "12")]
    assert converted.notes == [("SMM006", 6, 5, ("service message 'join_group_by_link' (message 10, by Olga)"
                                                 " has no canonical kind; it is not carried over"))]


def test_check_reports_the_unanswered_question_at_its_line(tmp_path: Path) -> None:
    path = write_group(tmp_path)
    report = lint_paths([path], cwd=tmp_path, now=dt.datetime(2026, 12, 3, 10, 0, tzinfo=dt.UTC))
    assert not report.internal_errors
    found = sorted((finding.rule, finding.line) for finding in report.findings)
    assert found == [("SMM006", 6), ("SMM201", 7)]
    [unanswered] = [finding for finding in report.findings if finding.rule == "SMM201"]
    assert unanswered.path.endswith("result.json") and "question 11" in unanswered.message


def test_check_command_on_a_raw_export(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_group(tmp_path, "staff: [user7]\nnow: 2026-12-03T10:00:00+03:00\n")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "result.json"])
    assert result.exit_code == 1
    assert re.search(r"^result\.json:7:\d+: SMM201 \[error\] question 11 is unanswered", result.output, re.MULTILINE)
    assert "result.json:6:5: SMM006 [warning] service message 'join_group_by_link'" in result.output


def test_import_command_writes_the_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_group(tmp_path, "{}\n")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["import", "--from", "telegram", "result.json", "-o", "log.jsonl",
                                       "--staff", "Anna"])
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in (tmp_path / "log.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(event["id"], event["role"]) for event in events] == [("11", "subscriber"), ("12", "subscriber"),
                                                                  ("13", "staff")]
    assert "result.json:6:5: SMM006 [warning] service message" in result.output
    assert "3 events from Telegram Desktop" in result.output and "1 note above" in result.output


def test_import_command_turns_a_channel_into_a_plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import yaml

    data = chat(CHANNEL_POSTS, type="public_channel", id=1700000002, name="Zerno")
    (tmp_path / "result.json").write_text(json.dumps(data, indent=1), encoding="utf-8")
    (tmp_path / ".smmlint.yaml").write_text("account: {type: company, timezone: Europe/Moscow}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["import", "result.json", "-o", "plan.yaml"])
    assert result.exit_code == 0, result.output
    plan = yaml.safe_load((tmp_path / "plan.yaml").read_text(encoding="utf-8"))
    assert plan["kind"] == "plan" and len(plan["posts"]) == 10
    assert plan["posts"][7] == {"id": "8", "at": "2026-12-01T07:08:00+00:00", "platform": "telegram",
                                "format": "poll", "text": "Which roast?"}
    report = lint_paths([tmp_path / "plan.yaml"], cwd=tmp_path)
    assert not report.internal_errors
    assert not [finding for finding in report.findings if finding.rule in {"SMM001", "SMM002", "SMM004"}]


def export_text(data: dict[str, Any]) -> str:
    """The export as Telegram Desktop lays it out, one message a line (message i at line 6 + i)."""
    head = [f"  {json.dumps(key)}: {json.dumps(value)}," for key, value in data.items() if key != "messages"]
    messages = [json.dumps(item, ensure_ascii=False) for item in data["messages"]]
    return "\n".join(["{", *head, '  "messages": [', "    " + ",\n    ".join(messages), "  ]", "}", ""])


def test_check_reads_a_channel_export_as_a_plan(tmp_path: Path) -> None:
    path = tmp_path / "result.json"
    path.write_text(export_text(chat(CHANNEL_POSTS, type="public_channel", id=1700000002, name="Zerno")),
                    encoding="utf-8")
    (tmp_path / ".smmlint.yaml").write_text("account: {type: company, timezone: Europe/Moscow}\n", encoding="utf-8")
    report = lint_paths([path], cwd=tmp_path)
    assert not report.internal_errors
    file_level = [(finding.rule, finding.line, finding.column) for finding in report.findings
                  if finding.rule.startswith("SMM00")]
    assert file_level == [("SMM006", 6 + 10, 5)]  # the pinning service message
    assert {finding.rule for finding in report.findings} - {"SMM006"}  # plan rules ran on the posts


# The real samples ------------------------------------------------------------------------------


def sample(name: str) -> Path:
    return shared_sample("telegram-desktop", name)


def imported(name: str) -> tuple[list[dict[str, Any]], list[tuple[str, int, int, str]], str]:
    converted = convert(open_export(sample(name), ImportOptions.make()))
    return [json.loads(line) for line in converted.text.splitlines()], converted.notes, converted.produces


def test_sample_tgif_software_testing() -> None:
    events, notes_, produces = imported("tgif-software-testing.json")
    assert (produces, len(events), notes_) == ("log", 197, [])
    assert len({event["id"] for event in events}) == 197
    assert events[0] == {
        "id": "242640", "at": "2023-01-20T12:05:09+00:00", "kind": "comment", "platform": "telegram",
        "community": "Teknologi Umum v2.0", "author": "Reinaldy", "role": "subscriber",
        "text": "dikit lagi gw sampe rumah, ntar gw jelasin gimana gw bisa develop app without even running it locally"}
    reply = next(event for event in events if event["id"] == "242702")
    assert (reply["kind"], reply["parent"], reply["author"]) == ("reply", "242701", "Ramad")
    assert sum(event["kind"] == "reply" for event in events) == 94
    assert sum(event["kind"] == "comment" for event in events) == 103
    assert sum("text" not in event for event in events) == 10  # the stickers
    assert events[-1]["id"] == "242934" and events[-1]["at"] == "2023-01-20T14:04:53+00:00"
    assert {event["role"] for event in events} == {"subscriber"}


def test_sample_tgif_tdd_uses_local_dates_in_the_configured_zone() -> None:
    path = sample("tgif-tdd-and-clean-architecture.json")
    converted = convert(open_export(path, ImportOptions.make(timezone=ZoneInfo("Asia/Jakarta"))))
    events = [json.loads(line) for line in converted.text.splitlines()]
    assert (converted.count, converted.notes) == (191, [])
    assert (events[0]["id"], events[0]["at"]) == ("54758", "2022-08-02T23:21:24+07:00")
    assert (events[-1]["id"], events[-1]["at"]) == ("54967", "2022-08-03T00:42:32+07:00")
    assert sum(event["kind"] == "reply" for event in events) == 75
    assert sum(event["kind"] == "comment" for event in events) == 116
    assert sum(event["author"].startswith("user") for event in events) == 12  # deleted accounts


def test_sample_chat_miner_single_export() -> None:
    events, notes_, produces = imported("chat-miner-single-export.json")
    assert (produces, notes_) == ("log", [])
    assert [(event["id"], event["at"], event["author"], event["text"]) for event in events] == [
        ("#1", "2018-12-05T10:39:10+00:00", "Author 1", "Minimal Message"),
        ("#2", "2018-12-05T10:49:24+00:00", "Author 2", "Link:https://telegram.org/")]


def test_sample_chat_miner_batch_export() -> None:
    events, notes_, produces = imported("chat-miner-batch-export.json")
    assert (produces, notes_) == ("log", [])
    assert [(event["id"], event["at"], event["community"], event["kind"]) for event in events] == [
        ("chat1:#1", "2018-12-05T10:39:10+00:00", "Chatname", "comment"),
        ("chat1:#2", "2018-12-05T10:49:24+00:00", "Chatname", "comment")]


def test_every_sample_checks_without_internal_errors(tmp_path: Path) -> None:
    paths = [sample(name) for name in ("tgif-software-testing.json", "tgif-tdd-and-clean-architecture.json",
                                       "chat-miner-single-export.json", "chat-miner-batch-export.json")]
    (tmp_path / ".smmlint.yaml").write_text("{}\n", encoding="utf-8")
    report = lint_paths(paths, config=tmp_path / ".smmlint.yaml")
    assert not report.internal_errors
    assert not [finding for finding in report.findings if finding.rule in {"SMM001", "SMM002", "SMM004", "SMM006"}]


def test_a_question_under_another_chats_channel_post_is_a_comment_to_answer() -> None:
    data = chat([message(1, "Когда откроетесь?", reply_to_message_id=9, reply_to_peer_id="channel1700000002"),
                 message(2, "same chat", reply_to_message_id=1, reply_to_peer_id="channel1700000001")])
    assert [(e["kind"], e["parent"]) for e in records(data)] == [("comment", "1700000002:9"), ("reply", "1")]


def test_fields_of_odd_types_are_left_out_with_a_note() -> None:
    data = chat([message(1, 12345, **{"from": {"a": 1}, "reply_to_message_id": {"a": 1}}), message(2, "ok")])
    found = outputs(data)
    assert [type(o).__name__ for o in found] == ["Item", "Unmapped", "Item"]
    assert "text" not in found[0].record and "author" in found[0].record  # from_id stands in
    note = found[1]
    assert isinstance(note, Unmapped) and note.where.pointer == ("messages", 0)
    assert "'text' (a number)" in note.message and "'from' (an object)" in note.message
    assert "'reply_to_message_id' (an object)" in note.message
