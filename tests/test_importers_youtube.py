"""YouTube Data API commentThreads.list / comments.list responses as logs."""

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
from smmlint.importers.youtube import YoutubeImporter
from smmlint.importing import convert, open_export

SAMPLES = SHARED_SAMPLES / "youtube-api"
IMPORTER = YoutubeImporter()
CHANNEL = "UCzerno"


def yt_comment(id: str, text: str, author: str = "Bob", channel: str = "UCbob", at: str = "2026-12-01T07:00:00Z",
               **snippet: Any) -> dict[str, Any]:
    """A ``youtube#comment`` resource."""
    body: dict[str, Any] = {"authorDisplayName": author, "authorChannelId": {"value": channel},
                            "authorChannelUrl": f"http://www.youtube.com/channel/{channel}",
                            "textDisplay": text, "textOriginal": text, "publishedAt": at, "updatedAt": at,
                            "likeCount": 0, "viewerRating": "none", "canRate": True}
    body.update(snippet)
    return {"kind": "youtube#comment", "etag": "e", "id": id, "snippet": body}


def thread(top: dict[str, Any], *replies: dict[str, Any], total: int | None = None,
           channel: str | None = CHANNEL) -> dict[str, Any]:
    snippet: dict[str, Any] = {"videoId": "vid1", "topLevelComment": top, "canReply": True, "isPublic": True,
                               "totalReplyCount": len(replies) if total is None else total}
    if channel:
        snippet["channelId"] = channel
    item: dict[str, Any] = {"kind": "youtube#commentThread", "etag": "e", "id": top.get("id"), "snippet": snippet}
    if replies:
        item["replies"] = {"comments": list(replies)}
    return item


def threads(*items: Any) -> dict[str, Any]:
    return {"kind": "youtube#commentThreadListResponse", "etag": "e",
            "pageInfo": {"totalResults": len(items), "resultsPerPage": 20}, "items": list(items)}


def comments(*items: Any) -> dict[str, Any]:
    return {"kind": "youtube#commentListResponse", "etag": "e", "items": list(items)}


def outputs(data: Any, **options: Any) -> list[Item | Unmapped]:
    return list(IMPORTER.convert(data, ImportOptions.make(**options)))


def records(data: Any, **options: Any) -> list[dict[str, Any]]:
    return [output.record for output in outputs(data, **options) if isinstance(output, Item)]


def notes(data: Any) -> list[tuple[str, tuple[Any, ...]]]:
    return [(output.message, output.where.pointer) for output in outputs(data) if isinstance(output, Unmapped)]


def test_detects_only_comment_list_responses() -> None:
    assert IMPORTER.detect(threads())
    assert IMPORTER.detect(comments())
    assert not IMPORTER.detect({"kind": "youtube#videoListResponse", "items": []})
    assert not IMPORTER.detect({"items": []})
    assert not IMPORTER.detect([threads()])
    assert isinstance(detect_json(threads()), YoutubeImporter)


def test_threads_give_comments_and_replies_with_staff_from_the_channel() -> None:
    data = threads(
        thread(yt_comment("c1", "Do you ship to Kazan?"),
               yt_comment("c1.r1", "Yes!", author="Zerno", channel=CHANNEL, parentId="c1"),
               yt_comment("c1.r2", "Thanks", at="2026-12-01T08:00:00.000Z")),
        thread(yt_comment("c2", "Hi", author="Anna", channel="UCanna")),
    )
    got = records(data, staff=["anna"])
    assert got[0] == {"id": "c1", "at": "2026-12-01T07:00:00+00:00", "kind": "comment", "platform": "youtube",
                      "community": CHANNEL, "author": "Bob", "role": "subscriber", "text": "Do you ship to Kazan?"}
    assert [(r["id"], r["kind"], r.get("parent"), r["role"]) for r in got] == [
        ("c1", "comment", None, "subscriber"),
        ("c1.r1", "reply", "c1", "staff"),
        ("c1.r2", "reply", "c1", "subscriber"),  # no parentId: the thread's top comment
        ("c2", "comment", None, "staff"),  # in the config's staff
    ]
    assert got[2]["at"] == "2026-12-01T08:00:00+00:00"
    assert [o.where.pointer for o in outputs(data)] == [
        ("items", 0, "snippet", "topLevelComment"), ("items", 0, "replies", "comments", 0),
        ("items", 0, "replies", "comments", 1), ("items", 1, "snippet", "topLevelComment")]
    # The channel's own replies are staff only when the config says so.
    own = [r["role"] for r in records(data, community_is_staff=False)]
    assert own == ["subscriber", "subscriber", "subscriber", "subscriber"]


def test_comment_list_replies_and_text_fallbacks() -> None:
    data = comments(
        yt_comment("c9.r1", "ok", parentId="c9"),
        {"kind": "youtube#comment", "id": "c10", "snippet": {
            "authorChannelId": {"value": "UCx"}, "publishedAt": "2026-12-01T07:00:00Z",
            "textDisplay": 'Menu: <a href="https://zerno.coffee">zerno.coffee</a><br>Tom &amp; Jerry'}},
    )
    got = records(data)
    assert [(r["id"], r["kind"], r.get("parent")) for r in got] == [("c9.r1", "reply", "c9"), ("c10", "comment", None)]
    assert got[1]["author"] == "UCx" and got[1]["text"] == "Menu: zerno.coffee\nTom & Jerry"


def test_rejected_comments_are_hidden_by_the_channel_held_ones_kept() -> None:
    data = threads(
        thread(yt_comment("c1", "Awful", moderationStatus="rejected", updatedAt="2026-12-01T09:00:00Z")),
        thread(yt_comment("c2", "Buy now", moderationStatus="likelySpam")),
        thread(yt_comment("c3", "Hmm", moderationStatus="heldForReview")),
    )
    got = records(data)
    assert [(r["id"], r["kind"], r.get("target")) for r in got] == [
        ("c1", "comment", None), ("c1:rejected", "hide", "c1"), ("c2", "comment", None), ("c3", "comment", None)]
    assert got[1] == {"id": "c1:rejected", "at": "2026-12-01T09:00:00+00:00", "kind": "hide", "platform": "youtube",
                      "community": CHANNEL, "author": CHANNEL, "role": "staff", "target": "c1"}


def test_missing_replies_and_broken_items_are_reported() -> None:
    data = threads(
        thread(yt_comment("c1", "Question?"), total=3),
        {"kind": "youtube#commentThread", "id": "t2", "snippet": {"totalReplyCount": 0}},
        {"kind": "youtube#video", "id": "v1"},
        "junk",
        thread(yt_comment("c5", "x", at="not a date")),
        thread({"kind": "youtube#comment", "snippet": {"publishedAt": "2026-12-01T07:00:00Z"}}),
    )
    assert [r["id"] for r in records(data)] == ["c1"]
    assert notes(data) == [
        (("thread c1 has 3 replies but the response holds 0: fetch the rest with comments.list?parentId=... so the"
         " answers are in the log"), ("items", 0)),
        ("comment thread t2 has no topLevelComment", ("items", 1)),
        ("an item of kind 'youtube#video' is not a comment or comment thread", ("items", 2)),
        ("an item without a kind is not a comment or comment thread", ("items", 3)),
        ("comment c5 has no readable publishedAt: not imported", ("items", 4, "snippet", "topLevelComment")),
        ("comment has no id: not imported", ("items", 5, "snippet", "topLevelComment")),
    ]
    assert notes({"kind": "youtube#commentListResponse", "items": {"a": 1}}) == [
        ("'items' is not a list: no comments imported", ("items",))]
    assert outputs({"kind": "youtube#commentListResponse"}) == []


# Through the real paths ------------------------------------------------------------------------

EXPORT = threads(thread(yt_comment("c1", "Do you ship to Kazan?", at="2026-12-01T07:00:00Z")),
                 thread(yt_comment("c2", "Great video"), total=2))


def write_export(tmp_path: Path) -> Path:
    path = tmp_path / "threads.json"
    path.write_text(json.dumps(EXPORT, indent=1), encoding="utf-8")
    return path


def test_lint_paths_reports_findings_at_places_in_the_export(tmp_path: Path) -> None:
    path = write_export(tmp_path)
    (tmp_path / ".smmlint.yaml").write_text("now: 2026-12-03T10:00:00+00:00\n", encoding="utf-8")
    report = lint_paths([path], cwd=tmp_path)
    assert not report.internal_errors
    lines = path.read_text(encoding="utf-8").splitlines()
    found = {finding.rule: finding.line for finding in report.findings}
    assert set(found) == {"SMM201", "SMM006"}
    assert lines[found["SMM201"] - 1].strip() == '"topLevelComment": {'
    assert found["SMM006"] < found["SMM201"] or lines[found["SMM006"] - 1].strip() == "{"


def test_import_and_check_commands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_export(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["import", "threads.json", "-o", "log.jsonl"])
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in (tmp_path / "log.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [event["id"] for event in events] == ["c1", "c2"]
    assert "2 events from YouTube" in result.output and "1 note above" in result.output
    result = CliRunner().invoke(main, ["check", "--input-format", "youtube", "threads.json"])
    assert re.search(r"^threads\.json:\d+:\d+: SMM006 \[warning\] thread c2 has 2 replies", result.output, re.MULTILINE)


# The real samples ------------------------------------------------------------------------------


def sample(name: str) -> Path:
    return shared_sample("youtube-api", name)


def test_sample_comment_threads() -> None:
    converted = convert(open_export(sample("comment_threads_by_video_paged_1.json"), ImportOptions()))
    events = [json.loads(line) for line in converted.text.splitlines()]
    # 5 threads, no replies in the response; the last one says it has 2.
    assert converted.count == 5
    assert [(e["id"], e["kind"], e["at"], e["author"]) for e in events] == [
        ("UgyZ1jqkHKYvi1-ruOZ4AaABAg", "comment", "2019-11-26T15:51:44+00:00", "himani agarwal"),
        ("Ugy4OzAuz5uJuFt3FH54AaABAg", "comment", "2019-11-21T19:18:39+00:00", "el bojo loco"),
        ("UgysQP-vp089eFP0Stl4AaABAg", "comment", "2019-11-17T11:34:48+00:00", "Andres Jorquera"),
        ("UgyKv8ziPYFJDGytM_J4AaABAg", "comment", "2019-11-16T20:05:39+00:00", "Masum Khan"),
        ("UgwI_ylXVnzPS8Q-oAV4AaABAg", "comment", "2019-11-14T23:31:33+00:00", "matrix uduma"),
    ]
    assert events[0]["text"] == "Google.com"  # textOriginal, not the HTML of textDisplay
    assert [message for _, _, _, message in converted.notes] == [
        ("thread UgwI_ylXVnzPS8Q-oAV4AaABAg has 2 replies but the response holds 0: fetch the rest with"
        " comments.list?parentId=... so the answers are in the log"),
        # The sample's snippets carry no channelId: the channel's replies could not be recognised.
        ("the response names no channelId, so the channel's own replies cannot be told from subscribers'"
         " (they will not count as answers): ask the API for the snippet part, or list the channel in the"
         " config's `staff`")]


def test_sample_comments_list() -> None:
    converted = convert(open_export(sample("comments_multi.json"), ImportOptions.make(["someone"])))
    events = [json.loads(line) for line in converted.text.splitlines()]
    assert converted.notes == []  # staff listed in the config: no note about the missing channelId
    assert [(e["id"], e["kind"], e["at"], e["text"], e["role"]) for e in events] == [
        ("UgyUBI0HsgL9emxcZpR4AaABAg", "comment", "2019-06-23T02:49:00+00:00", "Hello", "subscriber"),
        ("Ugzi3lkqDPfIOirGFLh4AaABAg", "comment", "2018-05-26T20:11:30+00:00", "exceptional content!", "subscriber"),
    ]


def test_a_subscriber_answering_the_channels_own_comment_is_a_comment_on_it() -> None:
    # The channel's post-like top comment and a question under it: something the staff must answer.
    data = threads(thread(yt_comment("c1", "New roast is out!", author="Zerno", channel=CHANNEL),
                          yt_comment("c1.r1", "Is it decaf?", parentId="c1")))
    assert [(r["id"], r["kind"], r.get("parent"), r["role"]) for r in records(data)] == [
        ("c1", "comment", None, "staff"), ("c1.r1", "comment", "c1", "subscriber")]
