"""Facebook Graph API page comments and feed as logs."""

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
from smmlint.importers import ImportOptions, Item, Unmapped, detect_json
from smmlint.importers.facebook import FacebookImporter
from smmlint.importing import convert, open_export

SAMPLES = SHARED_SAMPLES / "facebook-graph"
IMPORTER = FacebookImporter()
PAGE = "1500"
POST = "2600"
GRAPH = "https://graph.facebook.com/v19.0"


def fb_comment(id: str, message: str, who: tuple[str, str] | None = ("77", "Bob"),
               at: str = "2026-12-01T07:00:00+0000", **fields: Any) -> dict[str, Any]:
    """A comment as ``/{post-id}/comments?fields=id,from,message,created_time,...`` returns it."""
    item: dict[str, Any] = {"id": f"{POST}_{id}", "message": message, "created_time": at, "comment_count": 0,
                            "like_count": 0}
    if who is not None:
        item["from"] = {"id": who[0], "name": who[1]}
    item.update(fields)
    return item


def page(items: list[Any], edge: str | None = "comments", object_id: str = f"{PAGE}_{POST}") -> dict[str, Any]:
    data: dict[str, Any] = {"data": items}
    if edge:
        data["paging"] = {"cursors": {"before": "b", "after": "a"},
                          "next": f"{GRAPH}/{object_id}/{edge}?access_token=t&limit=25&after=a"}
    return data


def outputs(data: Any, **options: Any) -> list[Item | Unmapped]:
    return list(IMPORTER.convert(data, ImportOptions.make(**options)))


def records(data: Any, **options: Any) -> list[dict[str, Any]]:
    return [output.record for output in outputs(data, **options) if isinstance(output, Item)]


def notes(data: Any) -> list[tuple[str, tuple[Any, ...]]]:
    return [(output.message, output.where.pointer) for output in outputs(data) if isinstance(output, Unmapped)]


def test_detects_graph_pages_of_comments_and_posts_only() -> None:
    assert IMPORTER.detect(page([fb_comment("1", "hi")]))
    assert IMPORTER.detect({"data": [{"id": "4_1", "message": "Hello", "created_time": "2026-12-01T07:00:00+0000"}]})
    assert IMPORTER.detect({"data": [], "paging": {"next": f"{GRAPH}/4/posts?after=x"}})
    assert not IMPORTER.detect({"data": []})
    assert not IMPORTER.detect({"data": [{"id": "1", "text": "hi", "timestamp": "2026-12-01T07:00:00+0000"}]})
    assert not IMPORTER.detect({"data": [{"created_time": "x"}]})
    assert not IMPORTER.detect({"response": {"items": []}})
    assert isinstance(detect_json(page([fb_comment("1", "hi")])), FacebookImporter)


def test_comments_replies_hidden_comments_and_staff() -> None:
    data = page([
        fb_comment("1", "Do you deliver on Sundays?"),
        fb_comment("2", "Yes, until 18:00", who=(PAGE, "Zerno Coffee"), parent={"id": f"{POST}_1"},
                   at="2026-12-01T08:30:00+0300"),
        fb_comment("3", "Awful coffee", is_hidden=True),
        fb_comment("4", "Thanks!", who=("88", "Anna"), comments={"data": [fb_comment("5", "Welcome")]}),
    ])
    got = records(data, staff=["anna"])
    assert got[0] == {"id": f"{POST}_1", "at": "2026-12-01T07:00:00+00:00", "kind": "comment",
                      "platform": "facebook", "community": PAGE, "author": "Bob", "role": "subscriber",
                      "text": "Do you deliver on Sundays?"}
    assert [(r["id"], r["kind"], r.get("parent") or r.get("target"), r["role"]) for r in got] == [
        (f"{POST}_1", "comment", None, "subscriber"),
        (f"{POST}_2", "reply", f"{POST}_1", "staff"),  # the page itself
        (f"{POST}_3", "comment", None, "subscriber"),
        (f"{POST}_3:hidden", "hide", f"{POST}_3", "staff"),
        (f"{POST}_4", "comment", None, "staff"),  # in the config's staff
        # Nested under the staff's comment 4: a subscriber answering the staff is a comment on it.
        (f"{POST}_5", "comment", f"{POST}_4", "subscriber"),
    ]
    assert got[1]["at"] == "2026-12-01T08:30:00+03:00"
    assert got[3] == {"id": f"{POST}_3:hidden", "at": "2026-12-01T07:00:00+00:00", "kind": "hide",
                      "platform": "facebook", "community": PAGE, "author": PAGE, "role": "staff",
                      "target": f"{POST}_3"}
    assert [o.where.pointer for o in outputs(data)][-1] == ("data", 3, "comments", "data", 0)
    assert [r["role"] for r in records(data, community_is_staff=False)][1] == "subscriber"


def test_comments_without_id_or_from_are_named_by_their_permalink() -> None:
    link = f"https://www.facebook.com/{PAGE}/posts/{POST}/?comment_id=11"
    data = page([
        {"created_time": "2026-12-01T07:00:00+0000", "message": "Question?", "permalink_url": link},
        {"created_time": "2026-12-01T07:10:00+0000", "message": "Answer", "permalink_url": link + "&reply_comment_id=12"},
    ], edge=None)
    got = records(data)
    assert [(r["id"], r["kind"], r.get("parent"), r.get("role"), r["community"]) for r in got] == [
        (f"{POST}_11", "comment", None, None, PAGE), (f"{POST}_12", "reply", f"{POST}_11", None, PAGE)]
    assert notes(data) == [(("this response has no 'from' (ask the Graph API for fields=from,... with a page token):"
                            " authors are unknown, so staff answers cannot be told apart"), ("data", 0))]


def test_feed_posts_with_their_comments() -> None:
    data = page([
        {"id": f"{PAGE}_1", "message": "New menu", "created_time": "2026-12-01T07:00:00+0000",
         "from": {"id": PAGE, "name": "Zerno"},
         "comments": {"data": [fb_comment("9", "Prices?", comments={"data": [fb_comment("10", "In the menu",
                                                                                    who=(PAGE, "Zerno"))]})]}},
        {"id": f"{PAGE}_2", "story": "Eve shared a link", "created_time": "2026-12-01T09:00:00+0000",
         "from": {"id": "99", "name": "Eve"}},
    ], edge="feed", object_id=PAGE)
    assert [(r["id"], r["kind"], r.get("parent"), r["role"], r.get("text")) for r in records(data)] == [
        (f"{PAGE}_1", "post", None, "staff", "New menu"),
        (f"{POST}_9", "comment", None, "subscriber", "Prices?"),
        (f"{POST}_10", "reply", f"{POST}_9", "staff", "In the menu"),
        (f"{PAGE}_2", "post", None, "subscriber", "Eve shared a link"),
    ]


def test_page_posts_without_from_are_the_pages_own() -> None:
    data = page([{"id": "4_1", "message": "Hi", "created_time": "2026-12-01T07:00:00+0000"}], edge="posts",
                object_id="4")
    assert records(data) == [{"id": "4_1", "at": "2026-12-01T07:00:00+00:00", "kind": "post",
                              "platform": "facebook", "community": "4", "author": "4", "role": "staff", "text": "Hi"}]
    assert notes(data) == []


def test_broken_items_are_reported() -> None:
    data = page([
        fb_comment("1", "ok"),
        "junk",
        fb_comment("3", "x", at="yesterday"),
        {"created_time": "2026-12-01T07:00:00+0000", "message": "no id", "like_count": 0},
        fb_comment("5", "y", comments={"data": ["junk"]}),
        fb_comment("6", "z", **{"from": "not an object"}),
    ])
    assert [r["id"] for r in records(data)] == [f"{POST}_1", f"{POST}_5", f"{POST}_6"]
    assert notes(data) == [
        ("item is not an object: not a Graph API record", ("data", 1)),
        (f"comment {POST}_3 has no readable created_time: not imported", ("data", 2)),
        ("comment has no id (nor a permalink_url naming it): not imported", ("data", 3)),
        ("comment is not an object: not a Graph API record", ("data", 4, "comments", "data", 0)),
        (("this response has no 'from' (ask the Graph API for fields=from,... with a page token): authors are"
         " unknown, so staff answers cannot be told apart"), ("data", 5)),
    ]
    feed = page([{"message": "no id", "created_time": "2026-12-01T07:00:00+0000"}], edge="feed", object_id=PAGE)
    assert notes(feed) == [("post has no id: not imported", ("data", 0))]


# Through the real paths ------------------------------------------------------------------------

EXPORT = page([fb_comment("1", "Terrible service, I waited two hours, awful coffee", is_hidden=True),
               fb_comment("2", "Great")])


def write_export(tmp_path: Path) -> Path:
    path = tmp_path / "comments.json"
    path.write_text(json.dumps(EXPORT, indent=1), encoding="utf-8")
    return path


def test_lint_paths_reports_the_hidden_negative_comment_at_its_place(tmp_path: Path) -> None:
    path = write_export(tmp_path)
    report = lint_paths([path], cwd=tmp_path)
    assert not report.internal_errors
    [finding] = [finding for finding in report.findings if finding.rule == "SMM401"]
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[finding.line - 1].strip() == "{" and f'"id": "{POST}_1"' in lines[finding.line]


def test_import_and_check_commands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_export(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["import", "--from", "facebook", "comments.json", "-o", "log.jsonl"])
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in (tmp_path / "log.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(event["id"], event["kind"]) for event in events] == [
        (f"{POST}_1", "comment"), (f"{POST}_1:hidden", "hide"), (f"{POST}_2", "comment")]
    assert "3 events from Facebook" in result.output and "note" not in result.output
    result = CliRunner().invoke(main, ["check", "comments.json"])
    assert result.exit_code == 1
    assert re.search(r"^comments\.json:\d+:\d+: SMM401 \[error\] hide", result.output, re.MULTILINE)


# The real samples ------------------------------------------------------------------------------


def sample(name: str) -> Path:
    return shared_sample("facebook-graph", name)


def test_sample_page_comments() -> None:
    converted = convert(open_export(sample("comments_p1.json"), ImportOptions()))
    events = [json.loads(line) for line in converted.text.splitlines()]
    # 10 comments (no id, from or parent fields: ids and parents come from the permalinks).
    assert converted.count == 10
    post = "10158407654328553"
    assert [(e["id"].removeprefix(post + "_"), e["kind"], e.get("parent", "").removeprefix(post + "_"))
            for e in events] == [
        ("10158407835073553", "comment", ""), ("10158407903973553", "comment", ""),
        ("10158408043788553", "comment", ""), ("10158408729028553", "comment", ""),
        ("10158408729313553", "comment", ""),
        ("10158409983033553", "reply", "10158407903973553"), ("10158409984053553", "reply", "10158407903973553"),
        ("10158409984103553", "reply", "10158407835073553"),
        ("10158410332078553", "comment", ""), ("10158411321043553", "reply", "10158410332078553"),
    ]
    assert events[0]["at"] == "2021-08-10T18:45:03+00:00" and events[-1]["at"] == "2021-08-12T18:30:51+00:00"
    assert {e["community"] for e in events} == {"19292868552"}
    assert all("role" not in e and "author" not in e for e in events)
    assert [(code, line, message.split(" (")[0]) for code, line, _, message in converted.notes] == [
        ("SMM006", 1, "this response has no 'from'")]


def test_sample_page_feed() -> None:
    converted = convert(open_export(sample("feed_fields_p1.json"), ImportOptions()))
    events = [json.loads(line) for line in converted.text.splitlines()]
    assert converted.notes == [] and converted.count == 5
    assert [(e["id"], e["kind"], e["at"], e["role"]) for e in events] == [
        ("4_10113477241177441", "post", "2021-07-04T19:50:58+00:00", "staff"),
        ("4_10113449068715281", "post", "2021-07-02T13:42:21+00:00", "staff"),
        ("4_10113400535556121", "post", "2021-06-29T01:34:06+00:00", "staff"),
        ("4_10113332572050531", "post", "2021-06-23T17:39:46+00:00", "staff"),
        ("4_10113319652002411", "post", "2021-06-22T18:06:08+00:00", "staff"),
    ]
    assert events[0]["text"] == "Happy July 4th! 🇺🇸"
