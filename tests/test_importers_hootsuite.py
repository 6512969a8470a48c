"""The Hootsuite bulk composer CSV importer (no header: date-time, message, link), and the date
reading the CSV importers share."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml
from click.testing import CliRunner

from smmlint.cli import main
from smmlint.engine import lint_paths
from smmlint.importers import CsvRecord, ImportOptions, detect_csv
from smmlint.importers._csvcommon import guess_date_order, is_image_url, local_iso
from smmlint.importers.base import Where
from smmlint.importing import Converted, convert, open_export

MOSCOW = ZoneInfo("Europe/Moscow")
HOOTSUITE = (
    "01/12/2026 09:00,Доброе утро! Сегодня новый раф,https://zerno.coffee/menu\n"
    "01/12/2026 13:00,Обед в Зерне\n"
    "01/12/2026 18:00,Вечерний эспрессо,https://cdn.zerno.coffee/evening.png\n"
    "25/12/2026 10:00,С Рождеством!,\n"
)


def write(tmp_path: Path, text: str, name: str = "hootsuite.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def imported(path: Path, **options: object) -> Converted:
    return convert(open_export(path, ImportOptions.make(timezone=MOSCOW, **options), None))


def first(*cells: str) -> CsvRecord:
    return CsvRecord(1, list(cells), [(1, 1)] * len(cells))


@pytest.mark.parametrize(("cells", "expected"), [
    (("01/12/2026 09:00", "Привет", "https://zerno.coffee"), "hootsuite"),
    (("12/25/2026 9:05", "Hi"), "hootsuite"),
    (("2026-12-01 09:00", "Hi", ""), "hootsuite"),
    (("01/12/2026 09:00", "a", "b", "c"), None),  # four cells: not Hootsuite's shape
    (("01/12/2026", "Привет"), None),  # no time
    (("Date", "Message", "Link"), None),
    (("id", "at", "platform", "format", "text"), None),
])  # fmt: skip
def test_detection(cells: tuple[str, ...], expected: str | None) -> None:
    found = detect_csv(first(*cells))
    assert (found.name if found else None) == expected


def test_posts_links_and_formats(tmp_path: Path) -> None:
    converted = imported(write(tmp_path, HOOTSUITE), platform="vk")
    assert converted.importer.name == "hootsuite" and converted.notes == []
    assert yaml.safe_load(converted.text)["posts"] == [
        {"id": "row-1", "at": "2026-12-01T09:00:00+03:00", "platform": "vk", "format": "text",
         "text": "Доброе утро! Сегодня новый раф", "links": ["https://zerno.coffee/menu"]},
        {"id": "row-2", "at": "2026-12-01T13:00:00+03:00", "platform": "vk", "format": "text", "text": "Обед в Зерне"},
        {"id": "row-3", "at": "2026-12-01T18:00:00+03:00", "platform": "vk", "format": "photo",
         "text": "Вечерний эспрессо", "links": ["https://cdn.zerno.coffee/evening.png"]},
        {"id": "row-4", "at": "2026-12-25T10:00:00+03:00", "platform": "vk", "format": "text", "text": "С Рождеством!"},
    ]  # fmt: skip


def test_month_first_files_and_ambiguous_ones(tmp_path: Path) -> None:
    converted = imported(write(tmp_path, "12/01/2026 09:00,A\n12/25/2026 09:00,B\n"), platform="x")
    assert [post["at"][:10] for post in yaml.safe_load(converted.text)["posts"]] == ["2026-12-01", "2026-12-25"]
    assert converted.notes == []
    converted = imported(write(tmp_path, "05/06/2026 09:00,A\n06/06/2026 09:00,B\n"), platform="x")
    assert [post["at"][:10] for post in yaml.safe_load(converted.text)["posts"]] == ["2026-06-05", "2026-06-06"]
    [(code, line, column, message)] = converted.notes
    assert (code, line, column) == ("SMM006", 1, 1) and "read as day/month/year" in message


def test_broken_dates_extra_cells_and_no_platform(tmp_path: Path) -> None:
    text = ("01/12/2026 09:00,Хорошо\n"
            "31/02/2026 10:00,Тридцать первое февраля\n"
            "01/12/2026 11:00,Много ячеек,https://zerno.coffee,лишнее\n"
            ",Без даты\n")
    converted = imported(write(tmp_path, text))
    assert [post["id"] for post in yaml.safe_load(converted.text)["posts"]] == ["row-1", "row-3"]
    assert [(code, line, column) for code, line, column, _ in converted.notes] == [
        ("SMM006", 1, 1), ("SMM002", 2, 1), ("SMM006", 3, 51), ("SMM006", 4, 1)]
    assert "platform 'other'" in converted.notes[0][3]
    assert "31/02/2026 10:00" in converted.notes[1][3]
    assert "beyond the last column" in converted.notes[2][3]
    assert "without a posting time" in converted.notes[3][3]


def test_check_reports_too_many_posts_a_day(tmp_path: Path) -> None:
    write(tmp_path, HOOTSUITE)
    (tmp_path / ".smmlint.yaml").write_text(
        "account: {type: company, timezone: Europe/Moscow}\nexports: {platform: telegram}\n", encoding="utf-8")
    report = lint_paths([tmp_path / "hootsuite.csv"], cwd=tmp_path)
    assert not report.internal_errors
    assert ("SMM101", 3) in [(finding.rule, finding.line) for finding in report.findings]


def test_import_command_writes_the_plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, HOOTSUITE)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["import", "hootsuite.csv", "--platform", "telegram", "-o", "plan.yaml"])
    assert result.exit_code == 0, result.output
    plan = yaml.safe_load((tmp_path / "plan.yaml").read_text(encoding="utf-8"))
    assert [post["platform"] for post in plan["posts"]] == ["telegram"] * 4
    assert "4 posts from Hootsuite bulk composer CSV" in result.output and "note" not in result.output


# --- the shared date reading --------------------------------------------------------------------


@pytest.mark.parametrize(("date", "time", "order", "expected"), [
    ("2026-12-01 10:00", None, "dmy", "2026-12-01T10:00:00+03:00"),
    ("01.12.2026 10:00:05", None, "dmy", "2026-12-01T10:00:05+03:00"),
    ("01/12/2026 10:00", None, "dmy", "2026-12-01T10:00:00+03:00"),
    ("01/12/2026 10:00", None, "mdy", "2026-01-12T10:00:00+03:00"),
    ("01-Dec-2026 03:09PM", None, "dmy", "2026-12-01T15:09:00+03:00"),
    ("1 December 2026 12:15 am", None, "dmy", "2026-12-01T00:15:00+03:00"),
    ("2026-12-01T10:00:00Z", None, "dmy", "2026-12-01T10:00:00+00:00"),
    ("12/25/2026", "9:30", "mdy", "2026-12-25T09:30:00+03:00"),
    ("2026-12-01", None, "dmy", None),  # no time
    ("2026-12-01", "", "dmy", None),
    ("31/02/2026 10:00", None, "dmy", None),
    ("завтра", "10:00", "dmy", None),
])  # fmt: skip
def test_local_iso(date: str, time: str | None, order: str, expected: str | None) -> None:
    assert local_iso(date, time, MOSCOW, order) == expected  # type: ignore[arg-type]


def test_guess_date_order() -> None:
    def dates(*texts: str) -> list[tuple[str, Where]]:
        return [(text, Where(line=index + 1)) for index, text in enumerate(texts)]

    assert guess_date_order(dates("13/01/2026", "01/02/2026")).order == "dmy"
    assert guess_date_order(dates("01/13/2026", "01/02/2026")).order == "mdy"
    unclear = guess_date_order(dates("2026-12-01", "01/01/2026", "03/04/2026"))
    assert (unclear.order, unclear.evidence, unclear.ambiguous_at) == ("dmy", False, Where(line=3))
    assert guess_date_order(dates("2026-12-01")).ambiguous_at is None


def test_image_urls() -> None:
    assert is_image_url("https://cdn.x/a/b.JPG?size=2") and not is_image_url("https://zerno.coffee/menu")
    assert not is_image_url("http://[broken")  # a broken URL is no image
