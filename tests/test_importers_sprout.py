"""The Sprout Social bulk scheduling CSV importer (`date,time_24hr,message_text`, ...)."""

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
SPROUT = (
    "date,time_24hr,message_text,link,image_url,tags\n"
    "12/01/2026,09:00,Good morning from Zerno,https://zerno.coffee/menu,,morning\n"
    "12/01/2026,13:00,Lunch special,,https://cdn.zerno.coffee/lunch.jpg,\n"
    "12/01/2026,18:00,Which roast do you like?,,,\n"
    "12/14/2026,10:00,\"Two lines,\nwith a comma\",,,\n"
)


def write(tmp_path: Path, text: str, name: str = "sprout.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def imported(path: Path, **options: object) -> Converted:
    return convert(open_export(path, ImportOptions.make(timezone=MOSCOW, **options), None))


def test_detection() -> None:
    def first(*cells: str) -> CsvRecord:
        return CsvRecord(1, list(cells), [(1, 1)] * len(cells))

    found = detect_csv(first("date", "time_24hr", "message_text"))
    assert found is not None and found.name == "sprout"
    assert detect_csv(first("date", "time", "text")) is None  # a canonical plan's spelling


def test_posts_with_month_first_dates_links_and_images(tmp_path: Path) -> None:
    converted = imported(write(tmp_path, SPROUT), platform="facebook")
    assert converted.importer.name == "sprout"
    assert yaml.safe_load(converted.text)["posts"] == [
        {"id": "row-2", "at": "2026-12-01T09:00:00+03:00", "platform": "facebook", "format": "text",
         "text": "Good morning from Zerno", "links": ["https://zerno.coffee/menu"]},
        {"id": "row-3", "at": "2026-12-01T13:00:00+03:00", "platform": "facebook", "format": "photo",
         "text": "Lunch special"},
        {"id": "row-4", "at": "2026-12-01T18:00:00+03:00", "platform": "facebook", "format": "text",
         "text": "Which roast do you like?"},
        {"id": "row-5", "at": "2026-12-14T10:00:00+03:00", "platform": "facebook", "format": "text",
         "text": "Two lines,\nwith a comma"},
    ]  # fmt: skip
    assert converted.notes == [("SMM006", 1, 44, ("Sprout Social bulk CSV column 'tags' (Sprout's own labels) has no"
                                                 " canonical field: not carried over"))]


def test_iso_dates_missing_times_bad_dates_and_unknown_columns(tmp_path: Path) -> None:
    text = ("date,time_24hr,message_text,first_comment\n"
            "2026-12-01,09:00,ISO date,\n"
            "2026-12-02,,No time,\n"
            "2026-12-03,25:00,Bad hour,\n")
    converted = imported(write(tmp_path, text), platform="x")
    assert [(post["id"], post["at"]) for post in yaml.safe_load(converted.text)["posts"]] == [
        ("row-2", "2026-12-01T09:00:00+03:00")]
    assert [(code, line, column) for code, line, column, _ in converted.notes] == [
        ("SMM006", 1, 29), ("SMM002", 3, 1), ("SMM002", 4, 1)]
    assert "'first_comment'" in converted.notes[0][3] and "'2026-12-03 25:00'" in converted.notes[2][3]


def test_ambiguous_dates_are_read_day_first_with_a_note(tmp_path: Path) -> None:
    converted = imported(write(tmp_path, "date,time_24hr,message_text\n05/06/2026,10:00,A\n"))
    assert yaml.safe_load(converted.text)["posts"][0]["at"] == "2026-06-05T10:00:00+03:00"
    assert [(line, column) for _, line, column, _ in converted.notes] == [(1, 1), (2, 1)]  # platform, date order


def test_check_and_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, SPROUT)
    (tmp_path / ".smmlint.yaml").write_text(
        "account: {type: company, timezone: Europe/Moscow}\nexports: {platform: facebook}\n", encoding="utf-8")
    report = lint_paths([tmp_path / "sprout.csv"], cwd=tmp_path)
    assert not report.internal_errors
    found = {(finding.rule, finding.line) for finding in report.findings}
    assert {("SMM101", 4), ("SMM006", 1)} <= found
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["import", "--from", "sprout", "sprout.csv", "-o", "plan.yaml"])
    assert result.exit_code == 0, result.output
    plan = yaml.safe_load((tmp_path / "plan.yaml").read_text(encoding="utf-8"))
    assert len(plan["posts"]) == 4 and plan["posts"][0]["platform"] == "facebook"
