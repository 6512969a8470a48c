"""The VK API importer (`vk`): comments, threads and Callback/Long Poll events as a log."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from samples import SHARED_SAMPLES, shared_sample

from smmlint.cli import main
from smmlint.engine import lint_paths
from smmlint.importers import ImportOptions, Item, Unmapped, detect_json, get
from smmlint.importing import convert, open_export

SAMPLES = SHARED_SAMPLES / "vk-api"

OWNER = -42
POST = 100

# wall.getComments, extended, with threads expanded (thread_items_count): one answered thread,
# a deleted comment kept for its reply, and a few broken items.
COMMENTS: dict[str, Any] = {"response": {
    "count": 4,
    "items": [
        {"id": 1, "from_id": 5, "post_id": POST, "owner_id": OWNER, "parents_stack": [], "date": 1764590400,
         "text": "Когда откроется кофейня?",
         "thread": {"count": 3, "items": [
             {"id": 2, "from_id": OWNER, "post_id": POST, "owner_id": OWNER, "parents_stack": [1],
              "date": 1764590700, "text": "В понедельник!"},
             {"id": 3, "from_id": 5, "post_id": POST, "owner_id": OWNER, "parents_stack": [1],
              "date": 1764591000, "text": "Спасибо", "reply_to_user": OWNER, "reply_to_comment": 2},
             {"id": 4, "from_id": 7, "post_id": POST, "owner_id": OWNER, "parents_stack": [1],
              "date": 1764591300, "text": "А я знаю"},
         ], "can_post": True}},
        {"id": 10, "parents_stack": [], "date": 1764594000, "deleted": True,
         "thread": {"count": 1, "items": [
             {"id": 11, "from_id": 8, "post_id": POST, "owner_id": OWNER, "parents_stack": [10],
              "date": 1764594300, "text": "Зачем удалили?"}]}},
        {"id": 12, "from_id": -77, "post_id": POST, "owner_id": OWNER, "date": 1764597600, "text": "Реклама"},
        {"from_id": 9, "post_id": POST, "owner_id": OWNER, "date": 1764597600, "text": "no id"},
        "not a comment",
        {"id": 13, "from_id": 6, "post_id": POST, "owner_id": OWNER, "date": "yesterday", "text": "bad date"},
        {"id": 14, "from_id": 6, "post_id": POST, "owner_id": OWNER, "date": 1764601200,
         "text": "Thread not expanded", "thread": {"count": 2, "items": []}},
    ],
    "profiles": [{"id": 7, "first_name": "Anna", "last_name": "Petrova", "screen_name": "anna_p"}],
    "groups": [{"id": 42, "name": "Zerno Coffee", "screen_name": "zerno"}],
    "current_level_count": 4, "can_post": True,
}}  # fmt: skip


def run(data: Any, **options: Any) -> list[Item | Unmapped]:
    importer = get("vk")
    assert importer is not None
    staff = options.pop("staff", ())
    return list(importer.convert(data, ImportOptions.make(staff, **options)))  # type: ignore[attr-defined]


def records(outputs: list[Item | Unmapped]) -> dict[str, dict[str, Any]]:
    return {output.record["id"]: output.record for output in outputs if isinstance(output, Item)}


def notes(outputs: list[Item | Unmapped]) -> list[Unmapped]:
    return [output for output in outputs if isinstance(output, Unmapped)]


def cid(comment: int) -> str:
    return f"{OWNER}_{POST}_{comment}"


# -- comments ---------------------------------------------------------------------------------


def test_comments_threads_and_parents() -> None:
    found = records(run(COMMENTS))
    assert found[cid(1)] == {
        "id": cid(1), "at": "2025-12-01T12:00:00+00:00", "kind": "comment", "platform": "vk",
        "community": "club42", "author": "id5", "role": "subscriber", "text": "Когда откроется кофейня?",
        "url": f"https://vk.com/wall{OWNER}_{POST}?reply=1",
    }
    # A thread item answers the thread's root, or the comment named by reply_to_comment.
    assert found[cid(2)]["kind"] == "reply" and found[cid(2)]["parent"] == cid(1)
    # A subscriber answering the staff writes a comment on their answer (it may ask something).
    assert found[cid(3)]["kind"] == "comment" and found[cid(3)]["parent"] == cid(2)
    assert found[cid(4)]["kind"] == "reply"
    assert found[cid(4)]["parent"] == cid(1)
    assert found[cid(11)]["parent"] == cid(10)


def test_community_answers_are_staff() -> None:
    found = records(run(COMMENTS))
    assert found[cid(2)]["role"] == "staff" and found[cid(2)]["author"] == "club42"
    # Another community commenting on the wall is not the community itself.
    assert found[cid(12)]["role"] == "subscriber" and found[cid(12)]["author"] == "club77"
    assert records(run(COMMENTS, community_is_staff=False))[cid(2)]["role"] == "subscriber"


@pytest.mark.parametrize("name", ["7", "id7", "anna_p", "Anna Petrova", "ANNA PETROVA"])
def test_staff_by_id_or_name(name: str) -> None:
    assert records(run(COMMENTS, staff=[name]))[cid(4)]["role"] == "staff"


@pytest.mark.parametrize("name", ["-77", "77", "club77", "public77"])
def test_staff_community_spellings(name: str) -> None:
    assert records(run(COMMENTS, staff=[name]))[cid(12)]["role"] == "staff"


def test_deleted_comment_is_kept_with_its_deletion() -> None:
    outputs = run(COMMENTS)
    found = records(outputs)
    assert found[cid(10)] == {
        "id": cid(10), "at": "2025-12-01T13:00:00+00:00", "kind": "comment", "platform": "vk",
        "community": "club42", "url": f"https://vk.com/wall{OWNER}_{POST}?reply=10",
    }  # no author, no text: VK does not keep them
    assert found[f"delete_{cid(10)}"] == {
        "id": f"delete_{cid(10)}", "at": "2025-12-01T13:00:00+00:00", "kind": "delete", "platform": "vk",
        "community": "club42", "target": cid(10),
    }


def test_deleted_comment_without_a_date_is_one_note_and_its_replies_stay() -> None:
    data = {"response": {"count": 1, "items": [
        {"id": 11, "owner_id": OWNER, "post_id": POST, "deleted": True, "from_id": 0,
         "thread": {"count": 1, "items": [
             {"id": 12, "owner_id": OWNER, "post_id": POST, "date": 1764594000, "from_id": 7,
              "reply_to_comment": 11, "text": "А что тут было?"}]}}]}}
    outputs = run(data)
    [note] = notes(outputs)
    assert note.message == f"deleted comment {cid(11)} has no date: its deletion cannot be checked; not imported"
    assert list(records(outputs)) == [cid(12)]


def test_a_deleted_comment_from_nobody_has_no_author() -> None:
    data = {"response": {"count": 1, "items": [
        {"id": 11, "owner_id": OWNER, "post_id": POST, "date": 1764594000, "deleted": True, "from_id": 0}]}}
    assert "author" not in records(run(data))[cid(11)]


def test_broken_items_are_reported_where_they_stand() -> None:
    outputs = run(COMMENTS)
    messages = {note.where.pointer: note.message for note in notes(outputs)}
    assert "without a numeric 'id'" in messages[("response", "items", 3)]
    assert "should be an object" in messages[("response", "items", 4)]
    # Replies counted in threads but not included: one note, at the first such comment.
    assert "2 replies in comment threads are not in this export" in messages[("response", "items", 6)]
    assert len(messages) == 3
    # A bad date leaves the record without `at`: validation reports it (SMM002), no traceback.
    assert "at" not in records(outputs)[cid(13)]


def test_every_item_is_a_record_or_a_note() -> None:
    outputs = run(COMMENTS)
    items = [output for output in outputs if isinstance(output, Item)]
    comments = [item for item in items if item.record["kind"] in ("comment", "reply")]
    assert len(comments) == 9  # 5 top-level comments with an id + 4 thread items
    assert [item.where.pointer for item in items[:5]] == [
        ("response", "items", 0), ("response", "items", 0, "thread", "items", 0),
        ("response", "items", 0, "thread", "items", 1), ("response", "items", 0, "thread", "items", 2),
        ("response", "items", 1)]


def test_get_comment_without_wall_or_post_uses_bare_ids() -> None:
    data = {"response": {"items": [
        {"id": 74, "from_id": 3, "date": 1534927387, "text": "[id6|Иван], нет", "likes": {"count": 0},
         "reply_to_user": 6, "reply_to_comment": 73}], "profiles": [], "groups": []}}
    [item] = run(data)
    assert isinstance(item, Item)
    assert item.record == {"id": "74", "at": "2018-08-22T08:43:07+00:00", "kind": "reply", "platform": "vk",
                           "author": "id3", "role": "subscriber", "parent": "73", "text": "[id6|Иван], нет"}


def test_comments_without_post_inherit_it_from_their_neighbours() -> None:
    data = {"response": {"items": [
        {"id": 1, "from_id": 5, "post_id": 9, "owner_id": -3, "date": 1, "text": "a"},
        {"id": 2, "date": 2, "deleted": True}]}}
    assert set(records(run(data))) == {"-3_9_1", "-3_9_2", "delete_-3_9_2"}
    mixed = {"response": {"items": [
        {"id": 1, "from_id": 5, "post_id": 9, "owner_id": -3, "date": 1, "text": "a"},
        {"id": 2, "from_id": 5, "post_id": 8, "owner_id": -3, "date": 1, "text": "b"},
        {"id": 3, "date": 2, "deleted": True}]}}
    assert set(records(run(mixed))) == {"-3_9_1", "-3_8_2", "3", "delete_3"}


# -- Callback API / Long Poll ----------------------------------------------------------------

UPDATES: dict[str, Any] = {"ts": "17", "updates": [
    {"type": "wall_post_new", "object": {"id": 6, "owner_id": -1234, "from_id": -1234, "date": 1764583200,
                                         "post_type": "post", "text": "Новое меню"}, "group_id": 1234},
    {"type": "wall_reply_new", "object": {"id": 9, "from_id": 123, "date": 1764590400, "text": "Ужасный сервис",
                                          "post_owner_id": -1234, "post_id": 6}, "group_id": 1234},
    {"type": "wall_reply_new", "object": {"id": 10, "from_id": -1234, "date": 1764590500, "text": "Извините",
                                          "post_owner_id": -1234, "post_id": 6, "reply_to_comment": 9,
                                          "parents_stack": [9]}, "group_id": 1234},
    {"type": "wall_reply_new", "object": {"id": 11, "from_id": 123, "date": 1764590600, "text": "А когда?",
                                          "post_owner_id": -1234, "post_id": 6, "reply_to_comment": 10,
                                          "parents_stack": [9]}, "group_id": 1234},
    {"type": "wall_reply_delete", "object": {"owner_id": -1234, "id": 9, "deleter_id": 555, "post_id": 6},
     "group_id": 1234},
    {"type": "wall_reply_restore", "object": {"id": 9, "from_id": 123, "date": 1764590400, "text": "Ужасный сервис",
                                              "post_owner_id": -1234, "post_id": 6}, "group_id": 1234},
    {"type": "wall_reply_delete", "object": {"owner_id": -1234, "id": 9, "deleter_id": 555, "post_id": 6},
     "group_id": 1234},
    {"type": "user_block", "object": {"admin_id": 555, "user_id": 123, "unblock_date": 0, "reason": 2,
                                      "comment": "грубость"}, "group_id": 1234},
    {"type": "wall_reply_edit", "object": {"id": 9, "from_id": 123, "date": 1764590400, "text": "x",
                                           "post_owner_id": -1234, "post_id": 6}, "group_id": 1234},
    {"type": "message_new", "object": {"message": {"id": 1}}, "group_id": 1234},
    {"type": "wall_reply_new", "group_id": 1234},
    {"type": "wall_reply_delete", "object": {"owner_id": -1234, "deleter_id": 555}, "group_id": 1234},
    7,
]}  # fmt: skip


def test_long_poll_updates() -> None:
    outputs = run(UPDATES, staff=["id555"])
    found = records(outputs)
    assert found["-1234_6"] == {"id": "-1234_6", "at": "2025-12-01T10:00:00+00:00", "kind": "post", "platform": "vk",
                                "community": "club1234", "author": "club1234", "role": "staff",
                                "text": "Новое меню", "url": "https://vk.com/wall-1234_6"}
    assert found["-1234_6_9"]["kind"] == "comment" and found["-1234_6_9"]["role"] == "subscriber"
    assert found["-1234_6_10"]["parent"] == "-1234_6_9" and found["-1234_6_10"]["role"] == "staff"
    assert found["-1234_6_10"]["kind"] == "reply"
    assert found["-1234_6_11"]["kind"] == "comment" and found["-1234_6_11"]["parent"] == "-1234_6_10"
    # An event without a time of its own takes the latest time read before it.
    assert found["delete_-1234_6_9"] == {
        "id": "delete_-1234_6_9", "at": "2025-12-01T12:03:20+00:00", "kind": "delete", "platform": "vk",
        "community": "club1234", "author": "id555", "role": "staff", "target": "-1234_6_9"}
    assert found["restore_-1234_6_9"]["kind"] == "restore" and found["restore_-1234_6_9"]["target"] == "-1234_6_9"
    assert found["delete_-1234_6_9_2"]["target"] == "-1234_6_9"  # a second deletion of the same comment
    assert found["ban_club1234_id123"] == {
        "id": "ban_club1234_id123", "at": "2025-12-01T12:03:20+00:00", "kind": "ban", "platform": "vk",
        "community": "club1234", "author": "id555", "role": "staff", "target": "id123", "reason": "insult",
        "text": "грубость"}
    assert len(found) == 8


def test_long_poll_notes() -> None:
    messages = {note.where.pointer: note.message for note in notes(run(UPDATES))}
    assert "is an edit of a comment" in messages[("updates", 8)]
    assert "'message_new' has no canonical kind" in messages[("updates", 9)]
    assert "has no 'object'" in messages[("updates", 10)]
    assert "names no comment" in messages[("updates", 11)]
    assert "should be an object" in messages[("updates", 12)]
    assert len(messages) == 5


def test_who_deleted_a_comment() -> None:
    # Someone deleting another person's comment on a community wall manages the community.
    assert records(run(UPDATES))["delete_-1234_6_9"]["role"] == "staff"
    own = {"ts": 1, "updates": [
        {"type": "wall_reply_new", "object": {"id": 9, "from_id": 555, "date": 1764590400, "text": "Ужасный кофе",
                                              "post_owner_id": -1234, "post_id": 6}, "group_id": 1234},
        {"type": "wall_reply_delete", "object": {"owner_id": -1234, "id": 9, "deleter_id": 555, "post_id": 6},
         "group_id": 1234},
        {"type": "wall_reply_delete", "object": {"owner_id": -1234, "id": 77, "deleter_id": 556, "post_id": 6},
         "group_id": 1234}]}
    found = records(run(own))
    assert found["delete_-1234_6_9"]["role"] == "subscriber"  # its author took it back
    assert "role" not in found["delete_-1234_6_77"]  # a comment not in the export: unknown


def test_a_subscriber_deleting_their_own_negative_comment_is_not_reported(tmp_path: Path) -> None:
    source = tmp_path / "events.json"
    source.write_text(json.dumps({"ts": 1, "updates": [
        {"type": "wall_reply_new", "object": {"id": 9, "from_id": 555, "date": 1764590400,
                                              "text": "Ужасный кофе, больше не приду", "post_owner_id": -1234,
                                              "post_id": 6}, "group_id": 1234},
        {"type": "wall_reply_delete", "object": {"owner_id": -1234, "id": 9, "deleter_id": 555, "post_id": 6},
         "group_id": 1234}]}, indent=1), encoding="utf-8")
    report = lint_paths([source], isolated=True)
    assert "SMM401" not in {finding.rule for finding in report.findings}


def test_event_before_any_dated_one_takes_the_first_time() -> None:
    data = {"ts": 1, "updates": [
        {"type": "wall_reply_delete", "object": {"owner_id": -1, "id": 2, "post_id": 3, "deleter_id": 4},
         "group_id": 1},
        {"type": "wall_reply_new", "object": {"id": 5, "from_id": 4, "date": 1764590400, "text": "hi",
                                              "post_owner_id": -1, "post_id": 3}, "group_id": 1}]}
    assert records(run(data))["delete_-1_3_2"]["at"] == "2025-12-01T12:00:00+00:00"


def test_single_callback_event_without_time() -> None:
    event = {"type": "user_block", "object": {"admin_id": 1, "user_id": 2, "reason": 0, "comment": "flood"},
             "group_id": 3}
    outputs = run(event)
    [note] = notes(outputs)
    assert note.where.pointer == () and "carries no time" in note.message
    assert records(outputs)["ban_club3_id2"]["at"] == "1970-01-01T00:00:00+00:00"
    assert records(outputs)["ban_club3_id2"]["reason"] == "flood"  # reason 0 ("other"): the admin's comment


def test_single_callback_event_takes_the_export_time_when_given() -> None:
    event = {"type": "user_block", "object": {"admin_id": 1, "user_id": 2, "reason": 1}, "group_id": 3}
    now = dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=3)))
    outputs = run(event, now=now)
    assert notes(outputs) == []
    assert records(outputs)["ban_club3_id2"]["at"] == "2026-12-01T10:00:00+03:00"


def test_callback_event_without_object_or_with_unknown_type() -> None:
    assert "has no 'object'" in notes(run({"type": "confirmation", "group_id": 3}))[0].message
    assert "no canonical kind" in notes(run({"type": "photo_new", "object": {"id": 1}, "group_id": 3}))[0].message


@pytest.mark.parametrize("data", [[], "response", {"updates": 5, "ts": 1}, {"response": 3}, None])
def test_forced_on_another_shape(data: Any) -> None:
    [note] = run(data)
    assert isinstance(note, Unmapped) and "nothing to import" in note.message


# -- detection --------------------------------------------------------------------------------


@pytest.mark.parametrize("data", [
    COMMENTS, UPDATES, {"ts": "1", "updates": []},
    {"type": "wall_reply_new", "object": {"id": 1}, "group_id": 1},
    {"response": {"count": 0, "items": [], "current_level_count": 0, "can_post": True}},
    {"response": {"items": [{"id": 1, "from_id": 2, "date": 3, "text": "", "reply_to_comment": 4}]}},
])  # fmt: skip
def test_detected_as_vk(data: Any) -> None:
    found = detect_json(data)
    assert found is not None and found.name == "vk"


@pytest.mark.parametrize("data", [
    {"response": {"items": [{"id": 3, "from_id": -1, "owner_id": -1, "date": 1, "post_type": "post"}]}},
    {"response": {"items": [{"id": 1, "peer_id": 2, "from_id": 3, "date": 1, "text": "dm"}]}},
    {"response": {"count": 0, "items": []}},
    {"ts": 1, "updates": [[4, 1, 2]]},  # user Long Poll: arrays, not events
    {"type": "message", "object": "page"}, {"response": 1}, [], "text", {"messages": []},
])  # fmt: skip
def test_not_claimed_by_vk(data: Any) -> None:
    importer = get("vk")
    assert importer is not None and not importer.detect(data)  # type: ignore[attr-defined]


# -- through the real paths -----------------------------------------------------------------


def test_open_export_and_convert(tmp_path: Path) -> None:
    path = tmp_path / "comments.json"
    path.write_text(json.dumps(COMMENTS, ensure_ascii=False, indent=2), encoding="utf-8")
    converted = convert(open_export(path, ImportOptions.make()))
    assert converted.importer.name == "vk" and converted.produces == "log"
    lines = [json.loads(line) for line in converted.text.splitlines()]
    assert len(lines) == converted.count == 9  # 9 comments/replies + 1 deletion, less the bad date
    codes = sorted(code for code, *_ in converted.notes)
    assert codes == ["SMM002", "SMM006", "SMM006", "SMM006"]
    [bad] = [note for note in converted.notes if note[0] == "SMM002"]
    text = path.read_text(encoding="utf-8").splitlines()
    assert '"id": 13' in text[bad[1]]  # the record's line: its "{" then its id


def test_cli_import(tmp_path: Path) -> None:
    source = tmp_path / "events.json"
    source.write_text(json.dumps(UPDATES), encoding="utf-8")
    out = tmp_path / "log.jsonl"
    result = CliRunner().invoke(main, ["import", "--from", "vk", str(source), "-o", str(out), "--staff", "id555"])
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [event["kind"] for event in events] == ["post", "comment", "reply", "comment", "delete", "restore", "delete", "ban"]
    assert "8 events" in result.output and "5 notes above" in result.output


def test_check_reads_the_raw_export(tmp_path: Path) -> None:
    source = tmp_path / "events.json"
    source.write_text(json.dumps(UPDATES, indent=1), encoding="utf-8")
    report = lint_paths([source], isolated=True)
    by_rule = {finding.rule: finding for finding in report.findings}
    lines = source.read_text(encoding="utf-8").splitlines()
    # The negative comment deleted: reported at the deletion event in the export.
    deletion = by_rule["SMM401"]
    assert '"wall_reply_delete"' in lines[deletion.line] or '"wall_reply_delete"' in lines[deletion.line - 1]
    assert any(finding.rule == "SMM006" and '"message_new"' in lines[finding.line]
               for finding in report.findings)


# -- the samples ------------------------------------------------------------------------------


def sample(name: str) -> Path:
    return shared_sample("vk-api", name)


def test_sample_get_comments() -> None:
    converted = convert(open_export(sample("GetComments802.json"), ImportOptions.make()))
    assert converted.importer.name == "vk"
    events = [json.loads(line) for line in converted.text.splitlines()]
    # 3 comments (count: 3), threads not expanded; the deleted one also gives its deletion.
    assert [(event["id"], event["kind"], event["at"]) for event in events] == [
        ("-69459624_482121_482124", "comment", "2019-03-21T14:59:56+00:00"),
        ("-69459624_482121_482127", "comment", "2019-03-21T15:03:49+00:00"),
        ("delete_-69459624_482121_482127", "delete", "2019-03-21T15:03:49+00:00"),
        ("-69459624_482121_482418", "comment", "2019-03-22T05:12:17+00:00"),
    ]
    assert events[0]["author"] == "id287979664" and events[0]["text"] == "Текст 1го комментария"
    assert events[2]["target"] == events[1]["id"]
    [(code, line, _, message)] = converted.notes
    assert code == "SMM006" and line == 5 and message.startswith("3 replies in comment threads")


def test_sample_get_comment() -> None:
    converted = convert(open_export(sample("GetComment_ReturnCorrectResults.json"), ImportOptions.make()))
    [event] = [json.loads(line) for line in converted.text.splitlines()]
    assert (event["id"], event["kind"], event["parent"], event["at"], event["author"]) == (
        "73674", "reply", "73673", "2018-08-22T08:43:07+00:00", "id233754083")
    assert converted.notes == []
    staff = convert(open_export(sample("GetComment_ReturnCorrectResults.json"), ImportOptions.make(["Dmitry Sergeev"])))
    assert json.loads(staff.text)["role"] == "staff"  # by the name in `profiles`


def test_sample_wall_reply_new() -> None:
    converted = convert(open_export(sample("GetBotsLongPollHistory_WallReplyNewTest.json"), ImportOptions.make()))
    [event] = [json.loads(line) for line in converted.text.splitlines()]
    assert event == {"id": "-1234_6_9", "at": "2018-08-04T17:23:47+00:00", "kind": "comment", "platform": "vk",
                     "community": "club1234", "author": "id123", "role": "subscriber", "text": "test",
                     "url": "https://vk.com/wall-1234_6?reply=9"}
    assert converted.notes == []


def test_sample_wall_reply_delete() -> None:
    path = sample("GetBotsLongPollHistory_WallReplyDeleteTest.json")
    converted = convert(open_export(path, ImportOptions.make(["12345"])))
    [event] = [json.loads(line) for line in converted.text.splitlines()]
    # The same id as the wall_reply_new sample gives the comment: the deletion targets it.
    assert event == {"id": "delete_-1234_6_9", "at": "1970-01-01T00:00:00+00:00", "kind": "delete",
                     "platform": "vk", "community": "club1234", "author": "id12345", "role": "staff",
                     "target": "-1234_6_9"}
    [(code, line, column, message)] = converted.notes
    assert (code, line, column) == ("SMM006", 1, 1) and "carries no time" in message


def test_sample_user_block() -> None:
    converted = convert(open_export(sample("GetBotsLongPollHistory_UserBlockTest.json"), ImportOptions.make()))
    [event] = [json.loads(line) for line in converted.text.splitlines()]
    assert event == {"id": "ban_club1234_id321", "at": "1970-01-01T00:00:00+00:00", "kind": "ban",
                     "platform": "vk", "community": "club1234", "author": "id123", "role": "staff",
                     "target": "id321", "reason": "test", "text": "test"}
    assert len(converted.notes) == 1


def test_every_sample_imports(tmp_path: Path) -> None:
    if not SAMPLES.is_dir():
        pytest.skip("../shared/samples/vk-api not present")
    expected = {
        "GetBotsLongPollHistory_UserBlockTest.json": ("vk", 1),
        "GetBotsLongPollHistory_WallReplyDeleteTest.json": ("vk", 1),
        "GetBotsLongPollHistory_WallReplyNewTest.json": ("vk", 1),
        "GetComment_ReturnCorrectResults.json": ("vk", 1),
        "GetComments802.json": ("vk", 4),
        "Get_WithPoll_NormalCase.json": ("vk-wall", 1),
    }
    for path in sorted(SAMPLES.glob("*.json")):
        result = CliRunner().invoke(main, ["import", str(path), "-o", str(tmp_path / "out")])
        assert result.exit_code == 0, (path.name, result.output)
        name, count = expected[path.name]
        assert get(name) is not None and get(name).title in result.output  # type: ignore[union-attr]
        assert f"smmlint: {count} " in result.output, (path.name, result.output)
