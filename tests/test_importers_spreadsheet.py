"""The content-calendar spreadsheet importer: a CSV plan read with the config's column mapping."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml
from click.testing import CliRunner

from smmlint.cli import main
from smmlint.engine import lint_paths
from smmlint.importers import CsvRecord, ImportOptions, detect_csv, get
from smmlint.importing import Converted, convert, open_export

MOSCOW = ZoneInfo("Europe/Moscow")
CALENDAR = (
    "Когда;Площадка;Формат;Пост;Ссылка;Рубрика\r\n"
    "01.12.2026 09:00;ВК;фото;Доброе утро!;https://zerno.coffee/menu;утро\r\n"
    "01.12.2026 13:00;ВК;текст;Обед;;\r\n"
    "01.12.2026 18:00;ВК;опрос;Какой кофе?;;\r\n"
)
COLUMNS = {"Когда": "at", "Пост": "text"}


def write(tmp_path: Path, text: str, encoding: str = "cp1251", name: str = "calendar.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def imported(path: Path, **options: object) -> Converted:
    return convert(open_export(path, ImportOptions.make(timezone=MOSCOW, **options), "spreadsheet"))


def test_never_detected_by_shape() -> None:
    importer = get("spreadsheet")
    header = CsvRecord(1, ["id", "at", "platform", "format", "text"], [(1, 1)] * 5)
    assert importer is not None and not importer.detect(header)  # type: ignore[attr-defined]
    assert detect_csv(header) is None


def test_a_russian_calendar_with_mapped_columns(tmp_path: Path) -> None:
    converted = imported(write(tmp_path, CALENDAR), columns=COLUMNS)
    assert converted.importer.name == "spreadsheet" and converted.produces == "plan"
    assert yaml.safe_load(converted.text)["posts"] == [
        {"id": "row-2", "at": "2026-12-01T09:00:00+03:00", "platform": "vk", "format": "photo",
         "text": "Доброе утро!", "links": ["https://zerno.coffee/menu"]},
        {"id": "row-3", "at": "2026-12-01T13:00:00+03:00", "platform": "vk", "format": "text", "text": "Обед"},
        {"id": "row-4", "at": "2026-12-01T18:00:00+03:00", "platform": "vk", "format": "poll", "text": "Какой кофе?"},
    ]  # fmt: skip
    [(code, line, column, message)] = converted.notes
    assert (code, line, column) == ("SMM006", 1, 35) and "'Рубрика'" in message and "csv.columns" in message


def test_unmapped_columns_broken_dates_and_a_missing_platform(tmp_path: Path) -> None:
    text = ("дата;время;формат;текст;текст\n"
            "01.12.2026;10:00;фото;Утро;дубль\n"
            "31.11.2026;10:00;фото;Нет такого дня;\n"
            "02.12.2026;10:00;видео;Ролик;;лишнее\n")
    converted = imported(write(tmp_path, text, "utf-8"))
    posts = yaml.safe_load(converted.text)["posts"]
    assert [(post["id"], post["platform"]) for post in posts] == [("row-2", "other"), ("row-4", "other")]
    assert [(code, line, column) for code, line, column, _ in converted.notes] == [
        ("SMM006", 1, 25), ("SMM006", 1, 1), ("SMM002", 3, 1), ("SMM006", 4, 31)]
    assert "repeats an earlier column" in converted.notes[0][3] and "platform 'other'" in converted.notes[1][3]
    assert converted.notes[2][3] == "'31.11.2026' is not a real date (day is out of range for month)"
    converted = imported(write(tmp_path, text, "utf-8"), platform="telegram")
    assert {post["platform"] for post in yaml.safe_load(converted.text)["posts"]} == {"telegram"}


def import_calendar(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, config: str) -> tuple[Any, Any]:
    """`smmlint import --from spreadsheet calendar.csv -o plan.yaml` with this config: its result and the plan."""
    (tmp_path / ".smmlint.yaml").write_text(config, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["import", "--from", "spreadsheet", "calendar.csv", "-o", "plan.yaml"])
    assert result.exit_code == 0, result.output
    return result, yaml.safe_load((tmp_path / "plan.yaml").read_text(encoding="utf-8"))


def test_import_command_and_check_with_input_format(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, CALENDAR)
    result, plan = import_calendar(tmp_path, monkeypatch, "account: {name: Zerno, type: company, timezone: Europe/Moscow}\n"
                                   "csv: {columns: {Когда: at, Пост: text}}\n")
    assert plan["account"]["name"] == "Zerno" and len(plan["posts"]) == 3
    assert "calendar.csv:1:35: SMM006 [warning] unknown column 'Рубрика'" in result.output
    report = lint_paths([tmp_path / "plan.yaml"], cwd=tmp_path)
    assert [(finding.rule, finding.line) for finding in report.findings] == [("SMM101", 19)]  # the third post of the YAML plan
    report = lint_paths([tmp_path / "calendar.csv"], cwd=tmp_path, input_format="spreadsheet")
    assert sorted((finding.rule, finding.line) for finding in report.findings) == [("SMM006", 1), ("SMM101", 4)]


def test_a_calendar_without_a_format_column_is_still_imported(tmp_path: Path) -> None:
    source = tmp_path / "cal.csv"
    source.write_text("Когда,Пост,Площадка\n01.12.2026 10:00,Привет,ВК\n", encoding="utf-8")
    converted = convert(open_export(source, ImportOptions.make(columns={"Когда": "at", "Пост": "text"}),
                                    "spreadsheet"))
    assert converted.count == 1
    assert [(code, line) for code, line, _, _ in converted.notes] == [("SMM006", 1)]
    assert "no format column" in converted.notes[0][3]


def test_import_follows_the_configs_csv_dates_and_ignored_columns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "calendar.csv").write_text(
        "Date,Time,Network,Format,Text,Category\n4/1/2027,1:30 PM,vk,photo,Hello,news\n"
        "4/13/2027,9:00 AM,vk,photo,Hi,news\n", encoding="utf-8")
    result, plan = import_calendar(tmp_path, monkeypatch, "account: {type: company, timezone: America/New_York}\n"
                                   "csv: {dates: month-first, ignore_columns: [category]}\n")
    assert "SMM006" not in result.output  # the team's own column is left out without a note
    posts = plan["posts"]
    assert [post["at"] for post in posts] == ["2027-04-01T13:30:00-04:00", "2027-04-13T09:00:00-04:00"]


BAD_DATES = ("Дата;Время;Соцсеть;Формат;Текст\n"
             "01.12.2026;10:00;ВК;фото;Хороший пост\n"
             "31.11.2026;10:00;ВК;фото;Нет такого дня\n"
             "02.12.2026;25:00;ВК;фото;Нет такого часа\n"
             ";10:00;ВК;фото;Нет даты\n"
             "12/31/2026;10:00;ВК;фото;Дата из США\n"
             "03.12.2026;;ВК;фото;Нет времени\n"
             "04.12.2026;10:00;;фото;Нет соцсети\n")


def _schema_findings(tmp_path: Path, name: str, **options: Any) -> list[tuple[int, int, str]]:
    (tmp_path / ".smmlint.yaml").write_text("account: {type: company, timezone: Europe/Moscow}\n", encoding="utf-8")
    report = lint_paths([tmp_path / name], cwd=tmp_path, **options)
    return [(f.line, f.column, f.message) for f in report.findings if f.rule == "SMM002"]


def test_import_words_and_places_date_mistakes_as_check_does(tmp_path: Path) -> None:
    converted = imported(write(tmp_path, BAD_DATES))
    notes = [(line, column, message) for code, line, column, message in converted.notes if code == "SMM002"]
    checked = _schema_findings(tmp_path, "calendar.csv")
    assert notes == checked and len(notes) == 6
    assert _schema_findings(tmp_path, "calendar.csv", input_format="spreadsheet") == checked
    assert [post["id"] for post in yaml.safe_load(converted.text)["posts"]] == ["row-2"]


def test_import_of_dates_without_a_time_column_says_so_once_at_the_date_heading(tmp_path: Path) -> None:
    rows = "".join(f"{day:02d}.12.2026;ВК;фото;Пост {day}\n" for day in range(1, 21))
    path = write(tmp_path, "Дата;Соцсеть;Формат;Текст\n" + rows
                 + "21.12.2026 10:00;ВК;фото;С временем\n" + "22.12.2026;ВК;видос;Формат с опечаткой\n")
    converted = imported(path)
    # The row's other mistake at its cell; the header's note once the rows are known, naming them.
    assert [(code, line, column) for code, line, column, _ in converted.notes] == [
        ("SMM002", 23, 15), ("SMM002", 1, 1)]
    assert "'видос'" in converted.notes[0][3] and "did you mean 'video'" in converted.notes[0][3]
    assert converted.notes[1][3].startswith("Дата: 21 posts have no time of day (rows 2, 3, 4, 5, 6 and 16 more)")
    assert [post["id"] for post in yaml.safe_load(converted.text)["posts"]] == ["row-22"]
    converted = imported(write(tmp_path, "Дата;Соцсеть;Формат;Текст\n" + rows))
    [(code, line, column, message)] = converted.notes
    assert (code, line, column) == ("SMM002", 1, 1)
    assert message.startswith("Дата: the plan has no time column, so no post has a time of day")


def test_an_empty_platform_cell_takes_the_given_platform_on_import(tmp_path: Path) -> None:
    converted = imported(write(tmp_path, "Дата;Время;Соцсеть;Формат\n01.12.2026;10:00;;фото\n"), platform="vk")
    assert converted.notes == [] and yaml.safe_load(converted.text)["posts"][0]["platform"] == "vk"
    converted = imported(write(tmp_path, "Дата;Время;Соцсеть;Формат\n01.12.2026;10:00;ВК;фото\n"
                               "02.12.2026;10:00;;фото\n"))
    assert [(line, column, message) for _, line, column, message in converted.notes] == [
        (3, 18, "Соцсеть: the cell is empty: write the network, such as ВК or Телеграм")]


@pytest.mark.parametrize(("text", "expected"), [
    # A valid plan whose every date lacks its time: the header's note, nothing else.
    ("date,platform,format,text\n2026-12-01,vk,photo,hi\n",
     [("SMM002", 1, 1, "date: the plan has no time column, so no post has a time of day")]),
    ("Дата;Время;Соцсеть;Формат\n01.12.2026;10:00;;фото\n31.11.2026;10:00;ВК;фото\n",
     [("SMM002", 2, 18, "Соцсеть: the cell is empty"), ("SMM002", 3, 1, "'31.11.2026' is not a real date")]),
])
def test_a_calendar_whose_every_row_has_a_mistake_is_told_its_mistakes(
        tmp_path: Path, text: str, expected: list[tuple[str, int, int, str]]) -> None:
    path = write(tmp_path, text)
    converted = imported(path)
    assert [note[:3] for note in converted.notes] == [note[:3] for note in expected]
    assert all(note[3].startswith(start) for note, (*_, start) in zip(converted.notes, expected, strict=True))
    assert converted.count == 0 and converted.failed == "no row could be imported: fix the mistakes above"
    (tmp_path / ".smmlint.yaml").write_text("account: {type: company, timezone: Europe/Moscow}\n", encoding="utf-8")
    report = lint_paths([path], cwd=tmp_path, input_format="spreadsheet")
    assert [(f.rule, f.line, f.column) for f in report.findings] == [note[:3] for note in expected]


def test_a_csv_that_is_no_calendar_is_still_said_not_to_be_one(tmp_path: Path) -> None:
    converted = imported(write(tmp_path, "Рубрика;Охват\nутро;100\n"))
    assert converted.notes[0][0] == "SMM004" and "does not look like spreadsheet data" in converted.notes[0][3]
    assert converted.failed is None  # not a calendar: nothing to fix in its rows


def test_a_calendar_with_a_time_on_some_dates_names_the_rows_without_one(tmp_path: Path) -> None:
    converted = imported(write(tmp_path, "Дата;Соцсеть;Формат;Текст\n01.12.2026;ВК;фото;a\n"
                                         "02.12.2026 10:00;ВК;фото;b\n03.12.2026;ВК;фото;c\n"))
    assert [(code, line, column, message) for code, line, column, message in converted.notes] == [
        ("SMM002", 1, 1, ("Дата: 2 posts have no time of day (rows 2 and 4): add a column headed Время, or write"
                          " the time in their date cells (01.12.2026 10:00); they are checked once they have a time"))]
    assert [post["id"] for post in yaml.safe_load(converted.text)["posts"]] == ["row-3"]
    assert converted.failed is None


def test_import_of_a_sheet_whose_every_row_has_a_mistake_writes_nothing_and_exits_1(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "p.csv").write_text("date,platform,format,text\n2026-12-01,vk,photo,hi\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["import", "--from", "spreadsheet", "p.csv", "-o", "plan.yaml"])
    assert result.exit_code == 1, result.output
    assert "p.csv:1:1: SMM002 [error] date: the plan has no time column" in result.stderr
    assert result.stderr.endswith("smmlint: p.csv: no row could be imported: fix the mistakes above; nothing written\n")
    assert not (tmp_path / "plan.yaml").exists()
