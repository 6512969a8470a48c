"""Instagram Graph API mentions (mentioned_comment, mentioned_media, /tags, webhooks) as logs."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from samples import SHARED_SAMPLES

from smmlint.cli import main
from smmlint.engine import lint_paths
from smmlint.importers import ImportOptions, Item, Unmapped, detect_json
from smmlint.importers.instagram import InstagramImporter
from smmlint.importing import convert, open_export

SAMPLES = SHARED_SAMPLES / "facebook-graph"
IMPORTER = InstagramImporter()


def outputs(data: Any, **options: Any) -> list[Item | Unmapped]:
    return list(IMPORTER.convert(data, ImportOptions.make(**options)))


def records(data: Any, **options: Any) -> list[dict[str, Any]]:
    return [output.record for output in outputs(data, **options) if isinstance(output, Item)]


def notes(data: Any) -> list[tuple[str, tuple[Any, ...]]]:
    return [(output.message, output.where.pointer) for output in outputs(data) if isinstance(output, Unmapped)]


MENTIONED_COMMENT = {"mentioned_comment": {"id": "1791", "text": "@zerno where is the menu?",
                                           "timestamp": "2026-12-01T07:00:00+0000", "username": "bob",
                                           "like_count": 0, "media": {"id": "1790",
                                                                      "permalink": "https://www.instagram.com/p/Abc/"}},
                     "id": "178414"}
WEBHOOK = {"object": "instagram", "entry": [
    {"id": "178414", "time": 1796108400, "changes": [
        {"field": "mentions", "value": {"media_id": "1790", "comment_id": "1791"}},
        {"field": "mentions", "value": {"media_id": "1795"}},
        {"field": "comments", "value": {"id": "1800", "text": "hi"}},
        {"field": "mentions", "value": {}},
    ]},
    {"id": "178414", "time": 1796108400000, "changes": [{"field": "mentions", "value": {"media_id": "1799"}}]},
    {"id": "178414", "time": 1796108400, "messaging": [{"message": {"text": "hi"}}]},
]}


def test_detects_mention_shapes_only() -> None:
    assert IMPORTER.detect(MENTIONED_COMMENT)
    assert IMPORTER.detect({"mentioned_media": {"id": "1"}, "id": "2"})
    assert IMPORTER.detect(WEBHOOK)
    assert IMPORTER.detect({"data": [{"id": "1", "caption": "x", "media_type": "IMAGE", "timestamp": "t"}]})
    assert not IMPORTER.detect({"object": "page", "entry": []})
    assert not IMPORTER.detect({"data": [{"id": "1", "message": "x", "created_time": "t", "permalink_url": "u"}]})
    assert not IMPORTER.detect({"data": [{"id": "1", "text": "a comment", "timestamp": "t"}]})
    assert not IMPORTER.detect({"mentioned_comment": None})
    assert not IMPORTER.detect([MENTIONED_COMMENT])
    assert isinstance(detect_json(MENTIONED_COMMENT), InstagramImporter)


def test_mentioned_comment_and_media() -> None:
    assert records(MENTIONED_COMMENT) == [{
        "id": "1791", "at": "2026-12-01T07:00:00+00:00", "kind": "mention", "platform": "instagram",
        "author": "bob", "role": "subscriber", "text": "@zerno where is the menu?",
        "url": "https://www.instagram.com/p/Abc/"}]
    media = {"mentioned_media": {"id": "1795", "caption": "Coffee at @zerno", "timestamp": "2026-12-01T10:00:00+0300",
                                 "username": "zerno_anna", "permalink": "https://www.instagram.com/p/Xyz/",
                                 "media_type": "IMAGE"}, "id": "178414"}
    assert records(media, staff=["zerno_anna"]) == [{
        "id": "1795", "at": "2026-12-01T10:00:00+03:00", "kind": "mention", "platform": "instagram",
        "author": "zerno_anna", "role": "staff", "text": "Coffee at @zerno", "url": "https://www.instagram.com/p/Xyz/"}]


def test_tags_edge() -> None:
    data = {"data": [{"id": "1", "caption": "Tagged @zerno", "media_type": "IMAGE", "username": "eve",
                      "timestamp": "2026-12-01T07:00:00+0000", "permalink": "https://www.instagram.com/p/1/"},
                     {"id": "2", "media_type": "VIDEO", "timestamp": "bad"}, "junk"],
            "paging": {"cursors": {"after": "a"}}}
    assert [(r["id"], r["author"], r["url"]) for r in records(data)] == [("1", "eve", "https://www.instagram.com/p/1/")]
    assert notes(data) == [("mention 2 has no readable timestamp: not imported", ("data", 1)),
                           ("mention has no id: not imported", ("data", 2))]


def test_webhook_mentions_and_other_fields() -> None:
    assert records(WEBHOOK) == [
        {"id": "1791", "at": "2026-12-01T07:00:00+00:00", "kind": "mention", "platform": "instagram"},
        {"id": "1795", "at": "2026-12-01T07:00:00+00:00", "kind": "mention", "platform": "instagram"},
        {"id": "1799", "at": "2026-12-01T07:00:00+00:00", "kind": "mention", "platform": "instagram"},  # ms
    ]
    assert notes(WEBHOOK) == [
        ("webhook field 'comments' is not a mention: not read", ("entry", 0, "changes", 2)),
        ("mentions change has no comment_id or media_id: not imported", ("entry", 0, "changes", 3)),
        ("webhook entry without 'changes' (messaging?) is not a mention", ("entry", 2)),
    ]


def test_broken_mentions_do_not_break_reading() -> None:
    assert notes({"mentioned_comment": {"text": "x"}}) == [("mention has no id: not imported", ("mentioned_comment",))]
    assert notes({"object": "instagram", "entry": ["junk"]}) == [
        ("webhook entry without 'changes' (messaging?) is not a mention", ("entry", 0))]


# Through the real paths ------------------------------------------------------------------------


def test_lint_paths_and_commands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "mention.json"
    path.write_text(json.dumps(MENTIONED_COMMENT, indent=1), encoding="utf-8")
    (tmp_path / ".smmlint.yaml").write_text("now: 2026-12-03T10:00:00+00:00\n", encoding="utf-8")
    report = lint_paths([path], cwd=tmp_path)
    assert not report.internal_errors
    [finding] = [finding for finding in report.findings if finding.rule == "SMM801"]
    assert finding.line == 2  # the mentioned_comment object
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["import", "mention.json"])
    assert result.exit_code == 0, result.output
    assert '"kind": "mention"' in result.output and "1 event from Instagram" in result.output
    result = CliRunner().invoke(main, ["check", "mention.json"])
    assert re.search(r"^mention\.json:2:\d+: SMM801 \[error\]", result.output, re.MULTILINE)


def test_sample_mentioned_comment() -> None:
    path = SAMPLES / "mentioned_comment.json"
    if not path.is_file():
        pytest.skip("../shared/samples/facebook-graph/mentioned_comment.json not present")
    converted = convert(open_export(path, ImportOptions()))
    assert converted.notes == [] and converted.count == 1
    assert [json.loads(line) for line in converted.text.splitlines()] == [{
        "id": "17967008497439572", "at": "2021-08-19T09:14:16+00:00", "kind": "mention", "platform": "instagram",
        "author": "ikroskun", "role": "subscriber", "text": "@ikroskun good"}]
