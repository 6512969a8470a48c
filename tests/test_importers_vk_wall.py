"""The VK API wall importer (`vk-wall`): wall.get posts as a content plan."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from samples import SHARED_SAMPLES

from smmlint.cli import main
from smmlint.engine import lint_paths
from smmlint.importers import ImportOptions, Item, Unmapped, detect_json, get
from smmlint.importers.vk_wall import post_format
from smmlint.importing import convert, open_export

SAMPLES = SHARED_SAMPLES / "vk-api"
WALL = -42


def photo(number: int = 1) -> dict[str, Any]:
    return {"type": "photo", "photo": {"id": number, "owner_id": WALL, "sizes": []}}


def video(kind: str = "video", **extra: Any) -> dict[str, Any]:
    return {"type": "video", "video": {"id": 1, "owner_id": WALL, "type": kind, **extra}}


def link(url: str) -> dict[str, Any]:
    return {"type": "link", "link": {"url": url, "title": "Menu"}}


def post(number: int, attachments: list[Any] | None = None, **extra: Any) -> dict[str, Any]:
    item: dict[str, Any] = {"id": number, "from_id": WALL, "owner_id": WALL, "date": 1764583200 + number * 3600,
                            "post_type": "post", "text": f"Пост {number}", "comments": {"count": 0},
                            "likes": {"count": 0}, "reposts": {"count": 0}}
    if attachments is not None:
        item["attachments"] = attachments
    item.update(extra)
    return item


WALL_GET: dict[str, Any] = {"response": {"count": 12, "items": [
    post(1),
    post(2, [photo()]),
    post(3, [photo(1), photo(2), photo(3)]),
    post(4, [video()]),
    post(5, [video("short_video")]),
    post(6, [{"type": "poll", "poll": {"id": 1, "question": "Какой кофе?"}}, photo()]),
    post(7, [link("https://zerno.coffee/menu"), {"type": "doc", "doc": {"url": "https://vk.com/doc1_2"}}]),
    post(8, [], post_type="copy", text="", copy_history=[
        {"id": 50, "owner_id": -7, "from_id": -7, "date": 1, "post_type": "post", "text": "Розыгрыш!",
         "attachments": [video(live=1)]}]),
    post(9, post_type="suggest", from_id=5),
    post(10, from_id=5),
    {"from_id": WALL, "owner_id": WALL, "date": 1, "post_type": "post"},
    post(11, [{"type": "audio", "audio": {"id": 1}}], post_type="postpone", date="soon"),
]}}  # fmt: skip


def run(data: Any) -> list[Item | Unmapped]:
    importer = get("vk-wall")
    assert importer is not None
    return list(importer.convert(data, ImportOptions.make()))  # type: ignore[attr-defined]


def posts(outputs: list[Item | Unmapped]) -> dict[str, dict[str, Any]]:
    return {output.record["id"]: output.record for output in outputs if isinstance(output, Item)}


def test_posts() -> None:
    found = posts(run(WALL_GET))
    assert found["-42_1"] == {"id": "-42_1", "at": "2025-12-01T11:00:00+00:00", "platform": "vk", "format": "text",
                              "text": "Пост 1"}
    formats = {key: record["format"] for key, record in found.items()}
    assert formats == {"-42_1": "text", "-42_2": "photo", "-42_3": "carousel", "-42_4": "video", "-42_5": "clip",
                       "-42_6": "poll", "-42_7": "text", "-42_8": "live", "-42_11": "audio"}
    assert found["-42_7"]["links"] == ["https://zerno.coffee/menu", "https://vk.com/doc1_2"]
    assert "at" not in found["-42_11"]  # a bad date: SMM002 when validated, no traceback


def test_repost_takes_the_original_content() -> None:
    assert posts(run(WALL_GET))["-42_8"] == {
        "id": "-42_8", "at": "2025-12-01T18:00:00+00:00", "platform": "vk", "format": "live", "text": "Розыгрыш!"}


def test_not_carried_over() -> None:
    notes = {output.where.pointer: output.message for output in run(WALL_GET) if isinstance(output, Unmapped)}
    assert "suggested by a subscriber" in notes[("response", "items", 8)]
    assert "written by id5 on the wall of club42" in notes[("response", "items", 9)]
    assert "without a numeric 'id'" in notes[("response", "items", 10)]
    assert len(notes) == 3
    assert "should be an object" in run({"response": {"items": [post(1), None]}})[1].message  # type: ignore[union-attr]


@pytest.mark.parametrize("data", [[], "response", {"response": 3}, {"updates": []}])
def test_forced_on_another_shape(data: Any) -> None:
    [note] = run(data)
    assert isinstance(note, Unmapped) and "nothing to import" in note.message


@pytest.mark.parametrize(("attachments", "expected"), [
    ([], "text"),
    ([{"type": "sticker"}], "text"),
    ([{"type": "podcast", "podcast": {}}], "podcast"),
    ([{"type": "article", "article": {}}], "article"),
    ([photo(), video()], "carousel"),
    ([video("live")], "live"),
    ([{"type": "clip", "clip": {}}], "clip"),
    ([{"type": "audio", "audio": {}}, photo()], "photo"),
    (["junk", {"type": 5}, {"no": "type"}], "text"),
])  # fmt: skip
def test_post_format(attachments: list[Any], expected: str) -> None:
    assert post_format(attachments) == expected


def test_old_response_list_and_owner_missing() -> None:
    found = posts(run({"response": [{"id": 3, "date": 1447252575, "post_type": "post", "text": "x"}]}))
    assert found == {"3": {"id": "3", "at": "2015-11-11T14:36:15+00:00", "platform": "vk", "format": "text",
                           "text": "x"}}


@pytest.mark.parametrize("data", [WALL_GET, {"response": [post(1)]},
                                  {"response": {"items": [{"id": 1, "owner_id": 1, "date": 1, "reposts": {}}]}}])
def test_detected_as_vk_wall(data: Any) -> None:
    found = detect_json(data)
    assert found is not None and found.name == "vk-wall"


@pytest.mark.parametrize("data", [
    {"response": {"items": [{"id": 1, "from_id": 2, "post_id": 3, "owner_id": -4, "date": 1, "text": ""}]}},
    {"response": {"items": []}}, {"response": {"items": ["x"]}}, {"updates": [], "ts": 1}, {"posts": []},
])  # fmt: skip
def test_not_claimed_by_vk_wall(data: Any) -> None:
    importer = get("vk-wall")
    assert importer is not None and not importer.detect(data)  # type: ignore[attr-defined]


def test_open_export_cli_and_check(tmp_path: Path) -> None:
    source = tmp_path / "wall.json"
    source.write_text(json.dumps(WALL_GET, ensure_ascii=False, indent=2), encoding="utf-8")
    converted = convert(open_export(source, ImportOptions.make()))
    assert converted.importer.name == "vk-wall" and converted.produces == "plan" and converted.count == 8
    assert sorted(code for code, *_ in converted.notes) == ["SMM002", "SMM006", "SMM006", "SMM006"]
    out = tmp_path / "plan.yaml"
    result = CliRunner().invoke(main, ["import", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    plan = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert plan["kind"] == "plan" and [item["id"] for item in plan["posts"]][:3] == ["-42_1", "-42_2", "-42_3"]
    report = lint_paths([source], isolated=True)
    lines = source.read_text(encoding="utf-8").splitlines()
    suggested = [finding for finding in report.findings if "suggested" in finding.message]
    assert suggested and lines[suggested[0].line - 1].strip() == "{" and '"id": 9' in lines[suggested[0].line]


def test_sample_wall_get() -> None:
    path = SAMPLES / "Get_WithPoll_NormalCase.json"
    if not path.exists():
        pytest.skip("../shared/samples/vk-api/Get_WithPoll_NormalCase.json not present")
    converted = convert(open_export(path, ImportOptions.make()))
    assert converted.importer.name == "vk-wall" and converted.notes == []
    # One post in the file (count: 2 is the wall's total; the sample holds one item, no attachment).
    assert yaml.safe_load(converted.text)["posts"] == [
        {"id": "-103292418_3", "at": "2015-11-11T14:36:15+00:00", "platform": "vk", "format": "text", "text": "Тест"}]
