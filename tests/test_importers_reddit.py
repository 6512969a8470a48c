"""Reddit moderation log and mod queue: listings, plain or in VCR cassettes, as logs."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from samples import SHARED_SAMPLES, shared_sample

from smmlint.cli import main
from smmlint.engine import lint_paths
from smmlint.importers import ImportOptions, Item, Unmapped, detect_json, get
from smmlint.importers.reddit import RedditImporter
from smmlint.importing import convert, open_export

SAMPLES = SHARED_SAMPLES / "reddit-modlog"
IMPORTER = RedditImporter()
EPOCH = 1796108400.0  # 2026-12-01T07:00:00Z


def action(id: int, name: str, **fields: Any) -> dict[str, Any]:
    """A ``modaction`` child as ``/about/log`` lists it."""
    data: dict[str, Any] = {"id": f"ModAction_{id}", "action": name, "mod": "anna_mod", "mod_id36": "4cixf",
                            "created_utc": EPOCH + 60 * id, "subreddit": "zerno", "sr_id36": "2t5o6",
                            "target_fullname": None, "target_author": "", "target_body": None,
                            "target_title": None, "target_permalink": None, "details": None, "description": None}
    data.update(fields)
    return {"kind": "modaction", "data": data}


def comment(id: str, body: str, parent: str = "t3_post1", **fields: Any) -> dict[str, Any]:
    """A ``t1`` child as ``/about/modqueue`` or a post's comments list it."""
    data: dict[str, Any] = {"id": id, "name": f"t1_{id}", "author": f"user_{id}", "body": body,
                            "created_utc": EPOCH, "parent_id": parent, "link_id": "t3_post1",
                            "subreddit": "zerno", "distinguished": None, "replies": ""}
    data.update(fields)
    return {"kind": "t1", "data": data}


def listing(*children: Any) -> dict[str, Any]:
    return {"kind": "Listing", "data": {"modhash": None, "children": list(children), "after": None, "before": None}}


def cassette(*bodies: tuple[str, str]) -> dict[str, Any]:
    """A VCR cassette: (uri, body string) per interaction, after the OAuth token exchange."""
    token = {"request": {"method": "POST", "uri": "https://www.reddit.com/api/v1/access_token"},
             "response": {"status": {"code": 200}, "body": {"string": '{"access_token": "x"}'}}}
    rest = [{"request": {"method": "GET", "uri": uri}, "response": {"status": {"code": 200}, "body": {"string": body}}}
            for uri, body in bodies]
    return {"interactions": [token, *rest], "recorded_at": "2016-11-16T06:33:17", "version": 1}


def outputs(data: Any, **options: Any) -> list[Item | Unmapped]:
    return list(IMPORTER.convert(data, ImportOptions.make(**options)))


def records(data: Any, **options: Any) -> list[dict[str, Any]]:
    return [output.record for output in outputs(data, **options) if isinstance(output, Item)]


def notes(data: Any) -> list[tuple[str, tuple[Any, ...]]]:
    return [(output.message, output.where.pointer) for output in outputs(data) if isinstance(output, Unmapped)]


# Detection -------------------------------------------------------------------------------------


def test_detects_listings_and_reddit_cassettes_only() -> None:
    assert IMPORTER.detect(listing(action(1, "banuser")))
    assert IMPORTER.detect(listing())
    assert IMPORTER.detect([listing(), listing(comment("a", "hi"))])
    assert IMPORTER.detect(cassette(("https://oauth.reddit.com/r/mod/about/log/", json.dumps(listing()))))
    assert not IMPORTER.detect({"interactions": [{"request": {"uri": "https://api.example.com/log"}}]})
    assert not IMPORTER.detect({"kind": "listing", "data": {"children": []}})
    assert not IMPORTER.detect({"kind": "plan", "posts": []})
    assert not IMPORTER.detect([])
    assert isinstance(detect_json(listing(action(1, "removecomment"))), RedditImporter)
    assert get("reddit") is not None and get("reddit").produces == "log"  # type: ignore[union-attr]


# Mod actions -----------------------------------------------------------------------------------


def test_removals_approvals_and_bans_have_canonical_kinds() -> None:
    data = listing(
        action(1, "removecomment", target_fullname="t1_abc", target_author="bob", target_body="Awful coffee",
               details="remove"),
        action(2, "spamlink", target_fullname="t3_xyz", target_title="Buy followers", target_body="cheap"),
        action(3, "approvecomment", target_fullname="t1_abc", target_author="bob"),
        action(4, "banuser", target_fullname="t2_bob", target_author="bob", details="permanent",
               description="harassment"),
        action(5, "removecomment", target_fullname="t1_def", details="confirm_spam", mod="AutoModerator"),
        action(6, "banuser", target_author="eve", details="3 days"),
    )
    assert records(data) == [
        {"id": "ModAction_1", "at": "2026-12-01T07:01:00+00:00", "kind": "delete", "platform": "reddit",
         "community": "zerno", "author": "anna_mod", "role": "staff", "target": "t1_abc", "text": "Awful coffee"},
        {"id": "ModAction_2", "at": "2026-12-01T07:02:00+00:00", "kind": "delete", "platform": "reddit",
         "community": "zerno", "author": "anna_mod", "role": "staff", "target": "t3_xyz",
         "text": "Buy followers\n\ncheap", "reason": "spam"},
        {"id": "ModAction_3", "at": "2026-12-01T07:03:00+00:00", "kind": "restore", "platform": "reddit",
         "community": "zerno", "author": "anna_mod", "role": "staff", "target": "t1_abc"},
        {"id": "ModAction_4", "at": "2026-12-01T07:04:00+00:00", "kind": "ban", "platform": "reddit",
         "community": "zerno", "author": "anna_mod", "role": "staff", "target": "bob", "text": "permanent",
         "reason": "harassment"},
        {"id": "ModAction_5", "at": "2026-12-01T07:05:00+00:00", "kind": "delete", "platform": "reddit",
         "community": "zerno", "author": "AutoModerator", "role": "bot", "target": "t1_def", "reason": "spam"},
        {"id": "ModAction_6", "at": "2026-12-01T07:06:00+00:00", "kind": "ban", "platform": "reddit",
         "community": "zerno", "author": "anna_mod", "role": "staff", "target": "eve", "text": "3 days"},
    ]


def test_other_actions_and_broken_ones_are_reported_at_their_place() -> None:
    data = listing(
        action(1, "editflair", details="flair_template"),
        action(2, "unbanuser", target_author="bob"),
        action(3, "removecomment"),  # no target
        action(4, "banuser", target_author="bob", created_utc="yesterday"),
        {"kind": "modaction", "data": {"action": "approvelink", "target_fullname": "t3_a", "created_utc": EPOCH}},
        {"kind": "modaction"},
        "junk",
        {"kind": "t5", "data": {"display_name": "zerno"}},
        {"kind": "more", "data": {"count": 12, "children": ["a", "b"]}},
    )
    assert records(data) == []
    assert notes(data) == [
        ("mod action 'editflair' (flair_template) has no canonical kind", ("data", "children", 0)),
        ("mod action 'unbanuser' has no canonical kind", ("data", "children", 1)),
        ("mod action 'removecomment' has no target: not imported", ("data", "children", 2)),
        ("mod action 'banuser' has no readable created_utc: not imported", ("data", "children", 3)),
        ("mod action 'approvelink' has no id: not imported", ("data", "children", 4)),
        ("listing item without data: not a Reddit record", ("data", "children", 5)),
        ("listing item without data: not a Reddit record", ("data", "children", 6)),
        ("listing item of kind 't5' has no canonical kind", ("data", "children", 7)),
        ("12 comments were not loaded in this listing ('more' placeholder): fetch them to import them",
         ("data", "children", 8)),
    ]


# Comments --------------------------------------------------------------------------------------


def test_comments_replies_and_nested_replies() -> None:
    nested = listing(comment("r2", "Thanks!", parent="t1_r1"))
    data = listing(
        comment("c1", "Do you deliver?"),
        comment("r1", "Yes, every day", parent="t1_c1", author="zerno_team", distinguished="moderator",
                replies=nested),
        comment("c2", "Beep", author="AutoModerator"),
        comment("c3", "Staff note", author="Anna"),
        {"kind": "t3", "data": {"name": "t3_p1", "author": "bob", "title": "Menu?", "selftext": "Where is it?",
                                "created_utc": EPOCH, "subreddit": "zerno"}},
    )
    got = records(data, staff=["anna"])
    assert [(r["id"], r["kind"], r.get("parent"), r["role"]) for r in got] == [
        ("t1_c1", "comment", None, "subscriber"),
        ("t1_r1", "reply", "t1_c1", "staff"),
        ("t1_r2", "comment", "t1_r1", "subscriber"),  # answering the staff: a comment on r1
        ("t1_c2", "comment", None, "bot"),
        ("t1_c3", "comment", None, "staff"),
        ("t3_p1", "post", None, "subscriber"),
    ]
    assert got[0] == {"id": "t1_c1", "at": "2026-12-01T07:00:00+00:00", "kind": "comment", "platform": "reddit",
                      "community": "zerno", "author": "user_c1", "role": "subscriber", "text": "Do you deliver?"}
    assert got[-1]["text"] == "Menu?\n\nWhere is it?"
    [*_, nested_item, _, _, _] = [o for o in outputs(data) if isinstance(o, Item)]
    assert nested_item.where.pointer == ("data", "children", 1, "data", "replies", "data", "children", 0)


def test_comment_without_a_name_or_time_is_reported() -> None:
    data = listing({"kind": "t1", "data": {"body": "x", "created_utc": EPOCH}},
                   comment("c1", "x", created_utc=None), comment("c2", "ok", name=None))
    assert notes(data) == [("comment has no name (fullname): not imported", ("data", "children", 0)),
                           ("comment t1_c1 has no readable created_utc: not imported", ("data", "children", 1))]
    assert [r["id"] for r in records(data)] == ["t1_c2"]


# Cassettes -------------------------------------------------------------------------------------


def test_cassette_bodies_are_read_and_placed_at_their_string() -> None:
    log = json.dumps(listing(action(1, "removecomment", target_fullname="t1_a", target_body="meh")))
    queue = json.dumps(listing(comment("q1", "spam?")))
    data = cassette(("https://oauth.reddit.com/r/mod/about/log/?limit=100", log),
                    ("https://oauth.reddit.com/r/zerno/about/modqueue/", queue),
                    ("https://oauth.reddit.com/api/remove/", "{}"),
                    ("https://oauth.reddit.com/r/zerno/about/spam/", "<html>not json</html>"))
    found = outputs(data)
    assert [(o.record["id"], o.where.pointer) for o in found if isinstance(o, Item)] == [
        ("ModAction_1", ("interactions", 1, "response", "body", "string")),
        ("t1_q1", ("interactions", 2, "response", "body", "string")),
    ]
    # A response that is no listing is told at its body too (the body string is what is wrong).
    assert [(o.message, o.where.pointer) for o in found if isinstance(o, Unmapped)] == [
        (("the recorded response to https://oauth.reddit.com/api/remove/ is not a Reddit listing:"
         " nothing imported from it"), ("interactions", 3, "response", "body", "string")),
        (("the recorded response to https://oauth.reddit.com/r/zerno/about/spam/ is not a Reddit listing:"
         " nothing imported from it"), ("interactions", 4, "response", "body", "string")),
    ]


def test_a_body_recorded_as_a_plain_string_or_without_text_is_placed_at_the_body() -> None:
    queue = json.dumps(listing(comment("q1", "hi"), comment("q2", "yo", created_utc="soon")))
    data = {"interactions": [
        {"request": {"uri": "https://oauth.reddit.com/r/zerno/about/modqueue/"}, "response": {"body": queue}},
        {"request": {"uri": "https://oauth.reddit.com/r/zerno/about/log/"},
         "response": {"body": {"encoding": "utf-8", "base64_string": "e30="}}},
        {"request": {"uri": "https://oauth.reddit.com/r/zerno/about/log/"}, "response": {"status": {"code": 500}}},
    ]}
    body = ("interactions", 0, "response", "body")
    assert [(o.where.pointer, type(o).__name__) for o in outputs(data)] == [
        (body, "Item"), (body, "Unmapped"),  # the records of a body that is the string itself
        (("interactions", 1, "response", "body"), "Unmapped"),  # a body with no text: at the body
        (("interactions", 2, "response"), "Unmapped"),  # no body at all: at the response
    ]


def test_odd_cassette_interactions_do_not_break_reading() -> None:
    data = {"interactions": [{"request": {"uri": "https://oauth.reddit.com/r/x/about/log"}, "response": None},
                             "junk", {"request": {"uri": "https://oauth.reddit.com/r/x/about/log"},
                                      "response": {"body": {"string": "[1, 2]"}}}]}
    assert IMPORTER.detect(data)
    assert len(notes(data)) == 3 and records(data) == []


# Through the real paths ------------------------------------------------------------------------

MODLOG = listing(
    action(1, "removecomment", target_fullname="t1_abc", target_author="bob",
           target_body="Terrible service, I waited two hours, awful coffee", details="remove"),
    action(2, "editflair", details="flair_edit"),
)


def write_modlog(tmp_path: Path) -> Path:
    path = tmp_path / "modlog.json"
    path.write_text(json.dumps(MODLOG, indent=1), encoding="utf-8")
    return path


def test_lint_paths_reports_findings_at_places_in_the_export(tmp_path: Path) -> None:
    path = write_modlog(tmp_path)
    report = lint_paths([path], cwd=tmp_path)
    assert not report.internal_errors
    lines = path.read_text(encoding="utf-8").splitlines()
    found = sorted((finding.rule, finding.line) for finding in report.findings)
    assert [rule for rule, _ in found] == ["SMM006", "SMM401"]
    for rule, line in found:
        assert lines[line - 1].strip() == "{", (rule, line)  # each at its child object
    assert found[0][1] > found[1][1]  # the editflair action comes second


def test_findings_in_a_recorded_cassette_are_at_their_body_line(tmp_path: Path) -> None:
    # Records inside a response body (a JSON string in the cassette) cannot point inside the
    # string: the events' findings, the problems found in a body, and a body that is no listing
    # are all reported at the body's own line and column in the cassette file.
    log = json.dumps(listing(action(1, "removecomment", target_fullname="t1_abc", target_author="bob",
                                    target_body="Terrible service, I waited two hours, awful coffee"),
                             comment("q2", "yo", created_utc="soon")))
    data = cassette(("https://oauth.reddit.com/r/zerno/about/log/", log),
                    ("https://oauth.reddit.com/r/zerno/about/spam/", "<html>not json</html>"))
    path = tmp_path / "cassette.json"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    lines = path.read_text(encoding="utf-8").splitlines()
    bodies = [(number, text.index('"string": ') + len('"string": ') + 1)
              for number, text in enumerate(lines, 1) if '"string": ' in text][1:]  # after the token's
    report = lint_paths([path], cwd=tmp_path)
    assert not report.internal_errors
    found = sorted((finding.line, finding.column, finding.rule, " ".join(finding.message.split()[:3]))
                   for finding in report.findings)
    assert found == [
        (*bodies[0], "SMM006", "comment t1_q2 has"),
        (*bodies[0], "SMM401", "delete ModAction_1 removes"),
        (*bodies[1], "SMM006", "the recorded response"),
    ]


def test_check_command_on_a_raw_modlog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_modlog(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "modlog.json"])
    assert result.exit_code == 1
    assert re.search(r"^modlog\.json:\d+:\d+: SMM401 \[error\] delete ModAction_1 removes negative comment t1_abc",
                     result.output, re.MULTILINE)
    assert re.search(r"^modlog\.json:\d+:\d+: SMM006 \[warning\] mod action 'editflair'", result.output, re.MULTILINE)


def test_import_command_writes_the_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_modlog(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["import", "--from", "reddit", "modlog.json", "-o", "log.jsonl"])
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in (tmp_path / "log.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(event["id"], event["kind"], event["target"]) for event in events] == [("ModAction_1", "delete", "t1_abc")]
    assert "1 event from Reddit" in result.output and "1 note above" in result.output


# The real samples ------------------------------------------------------------------------------


def sample(name: str) -> Path:
    return shared_sample("reddit-modlog", name)


def test_sample_modlog_cassette() -> None:
    path = sample("TestSubredditModeration.test_log.json")
    export = open_export(path, ImportOptions())
    assert export.importer.name == "reddit"
    converted = convert(export)
    events = [json.loads(line) for line in converted.text.splitlines()]
    # 100 mod actions: 2 banuser (bans), 98 with no canonical kind (editflair 29, invitemoderator 19, ...),
    # told once per action with its count, since inside a recorded response they share one place.
    assert converted.count == 2
    assert [(e["id"], e["kind"], e["at"], e["target"], e["role"], e["text"]) for e in events] == [
        ("ModAction_8060503c-a9e2-11e6-87dc-0e58e8a5b9dc", "ban", "2016-11-13T20:48:16+00:00", "PyAPITestUser3",
         "staff", "permanent"),
        ("ModAction_4e79a6fe-a9e2-11e6-925d-0e740f16bd9a", "ban", "2016-11-13T20:46:52+00:00", "PyAPITestUser3",
         "staff", "permanent"),
    ]
    messages = [message for _, _, _, message in converted.notes]
    counts = {m.split("'")[1]: int(m.split("(")[1].split()[0]) if "times" in m else 1 for m in messages}
    assert sum(counts.values()) == 98 and len(messages) == len(counts)
    assert counts["editflair"] == 29 and counts["invitemoderator"] == 19 and counts["unbanuser"] == 2
    # All placed at the body string of the second interaction (the listing's JSON text): its line,
    # and the column where the string starts.
    lines = path.read_text(encoding="utf-8").splitlines()
    line = next(number for number, text in enumerate(lines, 1)
                if text.lstrip().startswith('"string": "{\\"kind\\": \\"Listing'))
    column = lines[line - 1].index('"string": ') + len('"string": ') + 1
    assert {(code, at, col) for code, at, col, _ in converted.notes} == {("SMM006", line, column)}


def test_sample_modqueue_cassette() -> None:
    path = sample("TestSubredditModeration.test_modqueue__only_comments.json")
    converted = convert(open_export(path, ImportOptions()))
    events = [json.loads(line) for line in converted.text.splitlines()]
    assert converted.notes == []
    assert [(e["id"], e["kind"], e["at"], e["text"]) for e in events] == [
        ("t1_da2g5y6", "comment", "2016-11-16T06:33:16+00:00", "bboe"),
        ("t1_d86lh1r", "comment", "2016-09-29T06:08:16+00:00", "bboe"),
        ("t1_d5zazgz", "comment", "2016-08-01T06:39:49+00:00", "bboe"),
        ("t1_d5zamhp", "comment", "2016-08-01T06:24:18+00:00", "bboe"),
        ("t1_d5za6xl", "comment", "2016-08-01T06:06:12+00:00", "bboe"),
        ("t1_d5za16h", "comment", "2016-08-01T05:59:45+00:00", "bboe"),
    ]
    assert all("parent" not in e and e["role"] == "subscriber" and e["platform"] == "reddit" for e in events)


def test_a_body_nested_too_deeply_is_a_note_at_the_body() -> None:
    uri = "https://oauth.reddit.com/r/zerno/about/log/"
    found = notes(cassette((uri, "[" * 100_000 + "]" * 100_000)))
    assert found == [(f"the recorded response to {uri} is nested too deeply to read: nothing imported from it",
                      ("interactions", 1, "response", "body", "string"))]
