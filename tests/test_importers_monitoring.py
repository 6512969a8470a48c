"""The mention-monitoring CSV importer: Brand Analytics, YouScan, Brand24 and Meltwater shapes."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from smmlint.cli import main
from smmlint.engine import lint_paths
from smmlint.importers import CsvRecord, ImportOptions, detect_csv, get
from smmlint.importing import Converted, convert, open_export

MOSCOW = ZoneInfo("Europe/Moscow")

# Brand Analytics style: Russian headers, cp1251, `;`, Windows line ends.
BRAND_ANALYTICS = (
    "Дата;Автор;Текст;Ссылка;Тональность;Источник;Аудитория\r\n"
    "01.12.2026 10:00:00;@ivan;Где мой заказ из «Зерна»?;https://vk.com/wall-1_2;Негативная;ВКонтакте;1200\r\n"
    "01.12.2026 12:30:00;Ольга;Зерно — лучший раф;https://t.me/coffee/15;Позитивная;Telegram;300\r\n"
    "01.12.2026 13:00:00;news_bot;Кофейня Зерно открылась;https://lenta.ru/news/1;нейтральная;lenta.ru;50000\r\n"
)
# English headers in the words the tools share (not read from a YouScan export: see BRAND24 and
# YOUSCAN_ES for the confirmed ones).
ENGLISH = (
    "Date,Time,Source,Author,Text,URL,Sentiment,Engagement\n"
    "2026-12-01,09:15,instagram.com,anna_k,Zerno has the best croissants,https://www.instagram.com/p/abc/,positive,12\n"
    "2026-12-01,11:40,twitter.com,@bob,\"Zerno, why so slow today?\",https://twitter.com/bob/status/1,negative,3\n"
)
# Brand24's workbook ("Mentions" sheet) saved as CSV: an empty first row, then the header row as
# Brand24 writes it, with an empty first cell; `Source` is the mention's link, `Domain` its site.
BRAND24 = (
    ";;;;;;;;;;\n"
    ";ID;Date;Hrs;Title;Content;Source;Domain;Category;Sentiment;Tags\n"
    ";b24-1;2026-12-01;10:15;;Zerno has the best flat white;https://twitter.com/ann/status/1;twitter.com;Social;1;\n"
    ";b24-2;2026-12-01;11:00;Zerno opens;A second café on Lenina;https://example.news/a;example.news;News;0;cafe\n"
    ";b24-3;2026-12-01;12:30;;Zerno lost my order;https://www.facebook.com/zerno/posts/1;facebook.com;Social;-1;\n"
)
# YouScan with a Spanish interface: the first columns of its "Menciones" sheet as YouScan names them.
YOUSCAN_ES = (
    "Fecha,Hora,Título,Texto,URL,Sentimiento,Autor,Apodo,Perfil,Fuente,Lugar de publicación,Tipo de recurso,"
    "Idioma,País,Etiquetas,Engagement,Me gusta,Alcance potencial,Suscriptores\n"
    "01.12.2026,09:15,,Zerno tiene los mejores croissants,https://www.instagram.com/p/abc/,neutral,Ana K,anna_k,"
    "https://www.instagram.com/anna_k,instagram.com,anna_k,Redes sociales,es,España,,12,10,300,150\n"
    "01.12.2026,10:40,Nuevo café,Zerno abre en Madrid,https://example.es/n/1,neutral,,redaccion,,example.es,"
    "example.es,Noticias,es,España,,0,0,5000,0\n"
)
MELTWATER = (
    "Date\tHeadline\tURL\tHit Sentence\tSource\tInfluencer\tSentiment\tReach\n"
    "01-Dec-2026 10:05AM\tNew coffee spots\thttps://example.news/a\tZerno opens a second café\texample.news\t"
    "Jane Roe\tNeutral\t1000\n"
    "01-Dec-2026 03:30PM\t\thttps://www.facebook.com/zerno/posts/1\tZerno lost my order\tFacebook\tJohn Doe\t"
    "Negative\t20\n"
)


def write(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "mentions.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def imported(path: Path, options: ImportOptions | None = None, name: str | None = "monitoring") -> Converted:
    return convert(open_export(path, options or ImportOptions.make(timezone=MOSCOW), name))


def events(converted: Converted) -> list[dict[str, object]]:
    return [json.loads(line) for line in converted.text.splitlines()]


def record(*cells: str) -> CsvRecord:
    return CsvRecord(1, list(cells), [(1, 1 + 10 * index) for index in range(len(cells))])


# --- detection --------------------------------------------------------------------------------


@pytest.mark.parametrize("header", [
    ["Дата", "Автор", "Текст", "Ссылка", "Тональность", "Источник"],
    ["дата", "время", "автор", "текст", "ссылка", "тональность"],
    ["Date", "Time", "Source", "Author", "Text", "URL", "Sentiment"],
    ["Id", "Date", "Hour", "Title", "Content", "Source", "Author", "Sentiment", "Influence score"],
    ["Date", "Headline", "URL", "Opening Text", "Hit Sentence", "Source", "Influencer", "Sentiment"],
    ["Дата", "Автор", "Текст", "Ссылка"],  # no sentiment: the author makes it a mention export
])  # fmt: skip
def test_monitoring_headers_are_recognised(header: list[str]) -> None:
    importer = detect_csv(record(*header))
    assert importer is not None and importer.name == "monitoring"


@pytest.mark.parametrize("header", [
    ["id", "at", "kind", "platform", "author", "role", "parent", "text"],  # a canonical log
    ["id", "at", "platform", "format", "text", "links"],  # a canonical plan
    ["дата", "время", "площадка", "формат", "текст"],  # a Russian plan
    ["дата", "площадка", "автор", "текст"],  # a plan naming its author
    ["Дата", "Текст", "Ссылка"],  # links of a plan
    ["Дата", "Событие", "Автор", "Текст", "Тональность"],  # a log with kinds
    ["Text", "Image URL", "Tags", "Posting Time"],
    ["date", "time_24hr", "message_text"],
])  # fmt: skip
def test_smmlint_own_csvs_and_scheduler_csvs_are_not_claimed(header: list[str]) -> None:
    importer = get("monitoring")
    assert importer is not None and not importer.detect(record(*header))  # type: ignore[attr-defined]


# --- conversion -------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["cp1251", "utf-8-sig", "utf-16"])
def test_brand_analytics_export_in_any_encoding(tmp_path: Path, encoding: str) -> None:
    converted = imported(write(tmp_path, BRAND_ANALYTICS, encoding), name=None)
    assert converted.importer.name == "monitoring" and converted.produces == "log"
    assert events(converted) == [
        {"id": "row-2", "kind": "mention", "at": "2026-12-01T10:00:00+03:00", "author": "@ivan", "role": "subscriber",
         "text": "Где мой заказ из «Зерна»?", "url": "https://vk.com/wall-1_2", "platform": "vk",
         "sentiment": "negative"},
        {"id": "row-3", "kind": "mention", "at": "2026-12-01T12:30:00+03:00", "author": "Ольга", "role": "subscriber",
         "text": "Зерно — лучший раф", "url": "https://t.me/coffee/15", "platform": "telegram",
         "sentiment": "positive"},
        {"id": "row-4", "kind": "mention", "at": "2026-12-01T13:00:00+03:00", "author": "news_bot",
         "role": "subscriber", "text": "Кофейня Зерно открылась", "url": "https://lenta.ru/news/1",
         "platform": "other", "community": "lenta.ru", "sentiment": "neutral"},
    ]  # fmt: skip
    assert converted.notes == [("SMM006", 1, 46, ("monitoring export columns with no canonical field (metrics and"
                                                 " metadata): 'Аудитория': not carried over"))]


def test_an_english_export_with_a_date_and_a_time_column(tmp_path: Path) -> None:
    converted = imported(write(tmp_path, ENGLISH, "utf-8-sig"))
    assert [(e["id"], e["at"], e["platform"], e["author"], e["sentiment"]) for e in events(converted)] == [
        ("row-2", "2026-12-01T09:15:00+03:00", "instagram", "anna_k", "positive"),
        ("row-3", "2026-12-01T11:40:00+03:00", "x", "@bob", "negative"),
    ]
    assert [note[:3] for note in converted.notes] == [("SMM006", 1, 44)]  # Engagement


def test_brand24_export_its_link_in_source_and_site_in_domain(tmp_path: Path) -> None:
    converted = imported(write(tmp_path, BRAND24), name=None)
    assert converted.importer.name == "monitoring"
    assert events(converted) == [
        {"id": "b24-1", "kind": "mention", "at": "2026-12-01T10:15:00+03:00", "role": "subscriber",
         "text": "Zerno has the best flat white", "url": "https://twitter.com/ann/status/1", "platform": "x",
         "sentiment": "positive"},
        {"id": "b24-2", "kind": "mention", "at": "2026-12-01T11:00:00+03:00", "role": "subscriber",
         "text": "Zerno opens\nA second café on Lenina", "url": "https://example.news/a", "platform": "other",
         "community": "example.news", "sentiment": "neutral"},
        {"id": "b24-3", "kind": "mention", "at": "2026-12-01T12:30:00+03:00", "role": "subscriber",
         "text": "Zerno lost my order", "url": "https://www.facebook.com/zerno/posts/1", "platform": "facebook",
         "sentiment": "negative"},
    ]  # fmt: skip
    # The header is on line 2; only the metadata columns are noted (at `Category`).
    assert converted.notes == [("SMM006", 2, 42, "monitoring export columns with no canonical field (metrics and"
                                                 " metadata): 'Category', 'Tags': not carried over")]


def test_youscan_spanish_export(tmp_path: Path) -> None:
    converted = imported(write(tmp_path, YOUSCAN_ES, "utf-8-sig"), name=None)
    assert converted.importer.name == "monitoring"
    first, second = events(converted)
    assert first == {"id": "row-2", "kind": "mention", "at": "2026-12-01T09:15:00+03:00", "author": "Ana K",
                     "role": "subscriber", "text": "Zerno tiene los mejores croissants",
                     "url": "https://www.instagram.com/p/abc/", "platform": "instagram", "community": "anna_k",
                     "sentiment": "neutral"}
    # No `Autor`: the nickname (`Apodo`) is the author; the title comes before the text.
    assert (second["author"], second["text"], second["platform"], second["community"]) == (
        "redaccion", "Nuevo café\nZerno abre en Madrid", "other", "example.es")
    [(code, line, column, message)] = converted.notes
    assert (code, line, column) == ("SMM006", 1, 53)
    assert message.startswith("monitoring export columns with no canonical field (metrics and metadata): 'Perfil',")


def test_meltwater_export_utf16_tabs_month_names_and_am_pm(tmp_path: Path) -> None:
    converted = imported(write(tmp_path, MELTWATER, "utf-16"), ImportOptions.make(timezone=dt.UTC), name=None)
    assert converted.importer.name == "monitoring"
    first, second = events(converted)
    assert first["at"] == "2026-12-01T10:05:00+00:00" and second["at"] == "2026-12-01T15:30:00+00:00"
    assert first["text"] == "New coffee spots\nZerno opens a second café"  # the headline comes first
    assert (first["platform"], first["community"], first["author"]) == ("other", "example.news", "Jane Roe")
    assert (second["platform"], second["text"], second["sentiment"]) == ("facebook", "Zerno lost my order", "negative")


def test_a_broken_date_is_reported_at_its_cell_and_other_rows_are_kept(tmp_path: Path) -> None:
    text = ("Автор;Дата;Текст;Тональность\n"
            "ivan;32.12.2026 10:00;Зерно?;негатив\n"
            "olga;01.12.2026 11:00;Зерно!;позитив\n")
    converted = imported(write(tmp_path, text))
    assert [e["id"] for e in events(converted)] == ["row-3"]
    [(code, line, column, message)] = converted.notes
    assert (code, line, column) == ("SMM002", 2, 6) and "'32.12.2026 10:00' is not a date and time" in message


def test_unknown_columns_are_noted_at_their_header_and_the_config_can_map_them(tmp_path: Path) -> None:
    text = ("Когда;Кто;Что написал;Тональность;Рубрика\n"
            "01.12.2026 10:00;ivan;Где кофе?;негатив;жалобы\n")
    path = write(tmp_path, text)
    converted = imported(path)
    # Nothing readable without a mapping: the file is said not to look like a monitoring export,
    # and the first notes say why (columns to map; a row without a date, which is no event).
    assert [(code, line, column) for code, line, column, _ in converted.notes] == [
        ("SMM004", 1, 1), ("SMM006", 1, 1), ("SMM006", 1, 7), ("SMM006", 1, 11), ("SMM006", 1, 35), ("SMM002", 2, 1)]
    assert "'Когда' is not known (map it in the config's csv.columns" in converted.notes[1][3]
    assert converted.count == 0
    mapped = ImportOptions.make(timezone=MOSCOW, columns={"Когда": "at", "Кто": "author", "Что написал": "text"})
    converted = imported(path, mapped)
    assert [(line, column) for _, line, column, _ in converted.notes] == [(1, 35)]  # only Рубрика
    assert events(converted) == [{"id": "row-2", "kind": "mention", "at": "2026-12-01T10:00:00+03:00",
                                  "author": "ivan", "role": "subscriber", "text": "Где кофе?",
                                  "sentiment": "negative"}]


def test_sentiment_spellings_numbers_and_unknown_values(tmp_path: Path) -> None:
    text = "date,author,text,sentiment\n" + "".join(
        f"2026-12-01 1{index}:00,a{index},t,{value}\n"
        for index, value in enumerate(["Положительная", "отрицательный", "NEUTRAL", "-1", "0.4", "mixed", "Mixed"]))
    converted = imported(write(tmp_path, text))
    assert [e.get("sentiment") for e in events(converted)] == [
        "positive", "negative", "neutral", "negative", "positive", None, None]
    assert converted.notes == [("SMM006", 7, 23, "sentiment 'mixed' is not positive, neutral or negative: left out")]


def test_staff_authors_are_the_accounts_own_posts(tmp_path: Path) -> None:
    text = "Дата;Автор;Текст;Тональность\n01.12.2026 10:00;Zerno Coffee;Мы открылись;позитив\n"
    converted = imported(write(tmp_path, text), ImportOptions.make(["zerno coffee"], timezone=MOSCOW))
    [event] = events(converted)
    assert (event["kind"], event["role"]) == ("post", "staff")


def test_an_id_column_and_month_first_dates(tmp_path: Path) -> None:
    text = ("ID,Date,Author,Content,Sentiment\n"
            "m-1,12/01/2026 10:00,ann,Zerno?,neutral\n"
            "m-2,12/13/2026 10:00,bob,Zerno!,positive\n")
    converted = imported(write(tmp_path, text))
    assert [(e["id"], e["at"]) for e in events(converted)] == [
        ("m-1", "2026-12-01T10:00:00+03:00"), ("m-2", "2026-12-13T10:00:00+03:00")]
    assert converted.notes == []


def test_ambiguous_slash_dates_are_read_day_first_with_a_note(tmp_path: Path) -> None:
    text = "Date,Author,Text,Sentiment\n05/06/2026 10:00,ann,Zerno?,neutral\n"
    converted = imported(write(tmp_path, text))
    assert events(converted)[0]["at"] == "2026-06-05T10:00:00+03:00"
    [(code, line, column, message)] = converted.notes
    assert (code, line, column) == ("SMM006", 2, 1) and "read as day/month/year" in message


def test_cells_past_the_header_and_short_rows(tmp_path: Path) -> None:
    text = "Дата;Автор;Текст;Тональность\n01.12.2026 10:00;ivan;Где кофе?;негатив;лишнее\n01.12.2026 11:00;olga\n"
    converted = imported(write(tmp_path, text))
    assert [e["id"] for e in events(converted)] == ["row-2", "row-3"]
    assert [(line, column) for _, line, column, _ in converted.notes] == [(2, 41)]


def test_an_empty_export_has_no_events(tmp_path: Path) -> None:
    converted = imported(write(tmp_path, "Дата;Автор;Текст;Тональность\n"))
    assert (converted.count, converted.notes) == (0, [])


# --- through check and the CLI -------------------------------------------------------------------


CONFIG = "account: {type: company, timezone: Europe/Moscow}\nnow: 2026-12-01T20:00:00+03:00\n"


def test_check_reports_an_unanswered_mention_at_its_row(tmp_path: Path) -> None:
    write(tmp_path, BRAND_ANALYTICS, "cp1251")
    (tmp_path / ".smmlint.yaml").write_text(CONFIG, encoding="utf-8")
    report = lint_paths([tmp_path / "mentions.csv"], cwd=tmp_path)
    assert not report.internal_errors
    found = sorted((finding.rule, finding.line, finding.column) for finding in report.findings)
    assert found == [("SMM006", 1, 46), ("SMM801", 2, 1), ("SMM801", 3, 1), ("SMM801", 4, 1)]


def test_check_finds_what_the_canonical_csv_reading_finds(tmp_path: Path) -> None:
    text = ("дата;время;автор;текст;ссылка;тональность\n"
            "01.12.2026;10:00;ivan;Зерно — лучший кофе;https://vk.com/wall1_1;позитивная\n"
            "01.12.2026;19:00;olga;Зерно?;https://vk.com/wall1_2;нейтральная\n")
    for folder, extra in (("importer", ""), ("canonical", "kinds: {'mentions.csv': log}\n")):
        (tmp_path / folder).mkdir()
        write(tmp_path / folder, text)
        (tmp_path / folder / ".smmlint.yaml").write_text(CONFIG + extra, encoding="utf-8")
    reports = [lint_paths([tmp_path / folder / "mentions.csv"], cwd=tmp_path / folder)
               for folder in ("importer", "canonical")]
    assert [[(f.rule, f.line, f.message) for f in report.findings] for report in reports] == [
        [("SMM801", 2, 'mention row-2 is unanswered after 10h (deadline 6h): "Зерно — лучший кофе"')]] * 2


def test_import_command_writes_the_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, BRAND_ANALYTICS, "cp1251")
    (tmp_path / ".smmlint.yaml").write_text(CONFIG, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["import", "mentions.csv", "-o", "log.jsonl"])
    assert result.exit_code == 0, result.output
    lines = (tmp_path / "log.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["row-2", "row-3", "row-4"]
    assert "mentions.csv:1:46: SMM006 [warning] monitoring export columns" in result.output
    assert "3 events from mention-monitoring CSV export" in result.output
    report = lint_paths([tmp_path / "log.jsonl"], cwd=tmp_path)
    assert sorted((f.rule, f.line) for f in report.findings) == [("SMM801", 1), ("SMM801", 2), ("SMM801", 3)]


def test_a_date_without_a_time_says_so_in_plain_words(tmp_path: Path) -> None:
    source = tmp_path / "mentions.csv"
    source.write_text("Дата,Автор,Текст,Тональность\n01.12.2026,Иван,ok,негативная\n", encoding="utf-8")
    converted = convert(open_export(source, ImportOptions()))
    [(code, line, column, message)] = converted.notes
    assert (code, line, column) == ("SMM002", 2, 1)
    assert message == "'01.12.2026' has a date but no time of day: write it as '01.12.2026 10:00'"


def test_youscan_spanish_sentiments_are_read(tmp_path: Path) -> None:
    # YouScan's Spanish export writes Positivo, Negativo, Neutral (roberluna/youscan-etl
    # sql/mvp_02_menciones_sentimiento.sql).
    text = ("Fecha;Hora;Autor;Título;Texto;Fuente;Lugar de publicación;Sentimiento\n" + "".join(
        f"01.12.2026;1{index}:00;ana;Hola;¿Cuándo abren?;vk.com;Zerno;{value}\n"
        for index, value in enumerate(["negativo", "Positivo", "Neutral", "Negativa"])))
    converted = imported(write(tmp_path, text))
    assert converted.notes == []
    assert [e["sentiment"] for e in events(converted)] == ["negative", "positive", "neutral", "negative"]


def test_headings_in_decomposed_unicode_are_known(tmp_path: Path) -> None:
    import unicodedata

    header = unicodedata.normalize("NFD", "Fecha;Hora;Autor;Título;Texto;Fuente;Lugar de publicación;País\n")
    assert header != unicodedata.normalize("NFC", header)
    converted = imported(write(tmp_path, header + "01.12.2026;10:00;ana;Hola;¿Cuándo abren?;vk.com;Zerno;España\n"),
                         name=None)
    assert converted.importer.name == "monitoring"
    [event] = events(converted)
    assert (event["text"], event["community"]) == ("Hola\n¿Cuándo abren?", "Zerno")
    [(code, _, _, message)] = converted.notes  # only the metadata column, known as such
    assert code == "SMM006" and "(metrics and metadata)" in message
