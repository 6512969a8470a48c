"""The Buffer bulk upload CSV importer (`Text,Image URL,Tags,Posting Time`)."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml
from click.testing import CliRunner

from smmlint.cli import main
from smmlint.engine import lint_paths
from smmlint.importers import CsvRecord, ImportOptions, detect_csv
from smmlint.importing import Converted, convert, open_export

MOSCOW = ZoneInfo("Europe/Moscow")
BUFFER = (
    "Text,Image URL,Tags,Posting Time\r\n"
    "Доброе утро! Меню: https://zerno.coffee/menu,https://cdn.zerno.coffee/morning.jpg,утро,2026-12-01 09:00\r\n"
    "Новое меню,,,2026-12-01 13:00\r\n"
    "\"Какой кофе взять?\nГолосуйте\",,,2026-12-01 18:00\r\n"
)


def write(tmp_path: Path, text: str, name: str = "buffer.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8-sig"))  # Buffer's template is UTF-8 with a BOM
    return path


def imported(path: Path, **options: object) -> Converted:
    return convert(open_export(path, ImportOptions.make(timezone=MOSCOW, **options), None))


def test_buffer_header_is_recognised_and_nothing_else() -> None:
    def first(*cells: str) -> CsvRecord:
        return CsvRecord(1, list(cells), [(1, 1)] * len(cells))

    found = detect_csv(first("Text", "Image URL", "Tags", "Posting Time"))
    assert found is not None and found.name == "buffer"
    assert detect_csv(first("id", "at", "platform", "format", "text")) is None
    found = detect_csv(first("text", "posting_time"))  # a hand-made file with only what matters
    assert found is not None and found.name == "buffer"


def test_posts_formats_and_notes(tmp_path: Path) -> None:
    converted = imported(write(tmp_path, BUFFER))
    assert converted.importer.name == "buffer" and converted.produces == "plan"
    plan = yaml.safe_load(converted.text)
    assert plan["posts"] == [
        {"id": "row-2", "at": "2026-12-01T09:00:00+03:00", "platform": "other", "format": "photo",
         "text": "Доброе утро! Меню: https://zerno.coffee/menu"},
        {"id": "row-3", "at": "2026-12-01T13:00:00+03:00", "platform": "other", "format": "text", "text": "Новое меню"},
        {"id": "row-4", "at": "2026-12-01T18:00:00+03:00", "platform": "other", "format": "text",
         "text": "Какой кофе взять?\nГолосуйте"},
    ]  # fmt: skip
    assert [(code, line, column) for code, line, column, _ in converted.notes] == [("SMM006", 1, 1), ("SMM006", 1, 16)]
    assert "--platform" in converted.notes[0][3] and "exports: {platform: vk}" in converted.notes[0][3]
    assert "'Tags'" in converted.notes[1][3]


def test_the_configured_platform_and_no_tags_give_no_notes(tmp_path: Path) -> None:
    text = "Text,Image URL,Tags,Posting Time\nПривет,,,2026-12-01 10:00\n"
    converted = imported(write(tmp_path, text), platform="vk")
    assert yaml.safe_load(converted.text)["posts"][0]["platform"] == "vk"
    assert converted.notes == []


def test_a_row_without_time_a_broken_time_and_an_unknown_column(tmp_path: Path) -> None:
    text = ("Text,Image URL,Tags,Posting Time,First Comment\n"
            "В очередь,,,,\n"
            "Сломано,,,2026-13-01 10:00,\n"
            "Хорошо,,,2026-12-01 10:00,Первый!\n")
    converted = imported(write(tmp_path, text), platform="telegram")
    assert [post["id"] for post in yaml.safe_load(converted.text)["posts"]] == ["row-4"]
    assert [(code, line, column) for code, line, column, _ in converted.notes] == [
        ("SMM006", 1, 34), ("SMM006", 2, 13), ("SMM002", 3, 11)]
    assert "First Comment" in converted.notes[0][3]
    assert "without a posting time" in converted.notes[1][3]
    assert "2026-13-01 10:00" in converted.notes[2][3]


def test_slash_dates_take_the_files_order(tmp_path: Path) -> None:
    text = "Text,Image URL,Tags,Posting Time\nA,,,12/01/2026 10:00\nB,,,12/25/2026 10:00\n"
    converted = imported(write(tmp_path, text), platform="vk")
    assert [post["at"] for post in yaml.safe_load(converted.text)["posts"]] == [
        "2026-12-01T10:00:00+03:00", "2026-12-25T10:00:00+03:00"]


CONFIG = "account: {name: Zerno Coffee, type: company, timezone: Europe/Moscow}\nexports: {platform: vk}\n"


def test_check_reports_too_many_posts_a_day_at_the_third_row(tmp_path: Path) -> None:
    write(tmp_path, BUFFER)
    (tmp_path / ".smmlint.yaml").write_text(CONFIG, encoding="utf-8")
    report = lint_paths([tmp_path / "buffer.csv"], cwd=tmp_path)
    assert not report.internal_errors
    found = [(finding.rule, finding.line) for finding in report.findings]
    assert ("SMM101", 4) in found
    [too_many] = [finding for finding in report.findings if finding.rule == "SMM101"]
    assert "3 posts on vk on 2026-12-01" in too_many.message
    assert ("SMM006", 1) in found  # the tags


def test_check_without_a_platform_still_counts_the_posts(tmp_path: Path) -> None:
    write(tmp_path, BUFFER)
    (tmp_path / ".smmlint.yaml").write_text("account: {type: company, timezone: Europe/Moscow}\n", encoding="utf-8")
    report = lint_paths([tmp_path / "buffer.csv"], cwd=tmp_path)
    assert ("SMM101", 4) in [(finding.rule, finding.line) for finding in report.findings]


def test_import_command_writes_the_plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, BUFFER)
    (tmp_path / ".smmlint.yaml").write_text("account: {type: company, timezone: Europe/Moscow}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["import", "--from", "buffer", "--platform", "ВК", "buffer.csv", "-o", "plan.yaml"])
    assert result.exit_code == 0, result.output
    plan = yaml.safe_load((tmp_path / "plan.yaml").read_text(encoding="utf-8"))
    assert plan["account"] == {"type": "company", "timezone": "Europe/Moscow"}
    assert [(post["id"], post["platform"]) for post in plan["posts"]] == [("row-2", "vk"), ("row-3", "vk"), ("row-4", "vk")]
    assert "buffer.csv:1:16: SMM006 [warning] Buffer bulk upload CSV column 'Tags'" in result.output
    assert "3 posts from Buffer bulk upload CSV" in result.output
    report = lint_paths([tmp_path / "plan.yaml"], cwd=tmp_path)
    assert [finding.rule for finding in report.findings] == ["SMM101"]
