"""Tests for smmlint.csvsource: spreadsheet CSV exports read into canonical rows with positions."""

from __future__ import annotations

import inspect
import tracemalloc
from pathlib import Path
from typing import Any, Literal

import pytest

from smmlint import csvsource
from smmlint.csvsource import (
    CsvError,
    CsvRow,
    CsvTable,
    decode_bytes,
    detect_kind,
    open_table,
    read_text_table,
)

RUSSIAN_PLAN = (
    "Дата;Время;Площадка;Формат;Текст\r\n"
    "01.12.2026;10:00;ВК;фото;Доброе утро!\r\n"
    "02.12.2026;18:30;Телеграм;опрос;Какой кофе?\r\n"
)


def write(tmp_path: Path, data: bytes, name: str = "plan.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def read_rows(path: Path, **options: Any) -> tuple[CsvTable, list[CsvRow]]:
    with open_table(path, **options) as table:
        return table, list(table.rows)


def text_rows(text: str, **options: Any) -> list[CsvRow]:
    with read_text_table(text, **options) as table:
        return list(table.rows)


# --- encodings and delimiters -----------------------------------------------------------------


def test_russian_excel_export_cp1251_semicolons(tmp_path: Path) -> None:
    table, rows = read_rows(write(tmp_path, RUSSIAN_PLAN.encode("cp1251")))

    assert (table.encoding, table.delimiter, table.kind) == ("cp1251", ";", "plan")
    assert table.headers == ["Дата", "Время", "Площадка", "Формат", "Текст"]
    assert table.fields == ["date", "time", "platform", "format", "text"]
    assert table.unknown_columns == []
    assert [row.line for row in rows] == [2, 3]
    assert rows[0].values == {
        "at": "2026-12-01 10:00", "platform": "vk", "format": "photo", "text": "Доброе утро!",
    }  # fmt: skip
    assert rows[0].positions == {"at": (2, 1), "platform": (2, 18), "format": (2, 21),
                                 "text": (2, 26)}  # fmt: skip
    assert rows[1].values["platform"] == "telegram"
    assert rows[1].values["format"] == "poll"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        pytest.param(RUSSIAN_PLAN.encode("utf-8"), "utf-8", id="utf-8"),
        pytest.param(b"\xef\xbb\xbf" + RUSSIAN_PLAN.encode("utf-8"), "utf-8-sig", id="utf-8-bom"),
        pytest.param(b"\xff\xfe" + RUSSIAN_PLAN.encode("utf-16-le"), "utf-16", id="utf-16-le"),
        pytest.param(b"\xfe\xff" + RUSSIAN_PLAN.encode("utf-16-be"), "utf-16", id="utf-16-be"),
        pytest.param(RUSSIAN_PLAN.encode("cp1251"), "cp1251", id="cp1251"),
    ],
)
def test_every_encoding_gives_the_same_rows_and_positions(
    tmp_path: Path, data: bytes, encoding: str
) -> None:
    table, rows = read_rows(write(tmp_path, data))

    assert table.encoding == encoding
    assert table.headers[0] == "Дата"  # a byte-order mark never leaks into the first header
    assert rows[0].values["at"] == "2026-12-01 10:00"
    assert rows[0].values["text"] == "Доброе утро!"
    # Columns count decoded characters, not bytes, and not the byte-order mark.
    assert rows[0].positions["text"] == (2, 26)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", ("", "utf-8")),
        ("текст".encode(), ("текст", "utf-8")),
        ("текст".encode("cp1251"), ("текст", "cp1251")),
        ("\ufeffтекст".encode(), ("текст", "utf-8-sig")),
        ("текст".encode("utf-16"), ("текст", "utf-16")),
    ],
)
def test_decode_bytes(data: bytes, expected: tuple[str, str]) -> None:
    assert decode_bytes(data) == expected


@pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig", "utf-16", "cp1251"])
def test_files_longer_than_one_read_block(tmp_path: Path, codec: str) -> None:
    body = "".join(f"{n};ВК;Пост номер {n}, про «кофе»\r\n" for n in range(1, 6001))
    path = write(tmp_path, ("№;Площадка;Текст\r\n" + body).encode(codec))

    table, rows = read_rows(path)

    assert table.encoding == codec
    assert len(rows) == 6000
    last = rows[-1]
    assert (last.line, last.values["text"]) == (6001, "Пост номер 6000, про «кофе»")
    assert last.positions == {"id": (6001, 1), "platform": (6001, 6), "text": (6001, 9)}


def test_utf8_detection_survives_a_character_cut_at_the_sniffing_limit(tmp_path: Path) -> None:
    header = "text\n"
    # 'ж' is two bytes; pad so that one of them straddles the 64 KiB sniffing prefix.
    padding = "a" * (64 * 1024 - len(header) - 1)
    path = write(tmp_path, (header + padding + "ж\n").encode())

    table, rows = read_rows(path)

    assert table.encoding == "utf-8"
    assert rows[0].values["text"] == padding + "ж"


def test_crlf_split_across_read_blocks_counts_as_one_line_end(tmp_path: Path) -> None:
    header = "id,text\n"
    first = "1," + "a" * (64 * 1024 - len(header) - 3) + "\r"  # `\r` is the block's last byte
    path = write(tmp_path, (header + first + "\n2,b\n3,c\n").encode())

    _, rows = read_rows(path)

    assert [(row.line, row.values["id"]) for row in rows] == [(2, "1"), (3, "2"), (4, "3")]


@pytest.mark.parametrize(
    ("text", "delimiter", "fields"),
    [
        ("date,time,text\n", ",", ["date", "time", "text"]),
        ("date;time;text\n", ";", ["date", "time", "text"]),
        ("date\ttime\ttext\n", "\t", ["date", "time", "text"]),
        # The `;` inside quotes must not make this a `;` file.
        ('"дата; время",text,format\n', ",", [None, "text", "format"]),
        ('"текст, пост";"формат"\n', ";", [None, "format"]),
        # Excel's own hint line wins over sniffing.
        ("sep=,\ndate;time,text\n", ",", [None, "text"]),
    ],
)
def test_delimiter_is_sniffed_from_the_header(
    text: str, delimiter: str, fields: list[str | None]
) -> None:
    with read_text_table(text, kind="plan") as table:
        assert table.delimiter == delimiter
        assert table.fields == fields


def test_excel_separator_line_keeps_line_numbers() -> None:
    rows = text_rows("sep=;\nid;text\n1;hello\n")

    assert rows[0].line == 3
    assert rows[0].positions["text"] == (3, 3)


# --- positions ----------------------------------------------------------------------------------


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_multiline_quoted_cell_positions_of_following_cells(newline: str) -> None:
    text = newline.join(
        [
            "id,text,platform,format",
            '1,"first line',
            'second, with ""quotes""',
            'last",vk,photo',
            "2,plain,tg,video",
            "",
        ]
    )

    rows = text_rows(text)

    assert rows[0].line == 2
    assert rows[0].values["text"] == newline.join(["first line", 'second, with "quotes"', "last"])
    assert rows[0].positions == {"id": (2, 1), "text": (2, 3), "platform": (4, 7),
                                 "format": (4, 10)}  # fmt: skip
    assert rows[1].line == 5
    assert rows[1].positions["platform"] == (5, 9)


def test_quoted_cells_with_escaped_quotes_and_delimiters_on_one_line() -> None:
    rows = text_rows('id;text;format\n7;"a ""b"";c";"фото"\n')

    assert rows[0].values == {"id": "7", "text": 'a "b";c', "format": "photo"}
    assert rows[0].positions == {"id": (2, 1), "text": (2, 3), "format": (2, 15)}


def test_blank_rows_are_skipped_and_later_lines_still_count() -> None:
    rows = text_rows("id,text\n\n1,a\n,\n\n2,b\n")

    assert [(row.line, row.values) for row in rows] == [
        (3, {"id": "1", "text": "a"}),
        (6, {"id": "2", "text": "b"}),
    ]


# --- headers ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "kind", "field"),
    [
        ("ID", "plan", "id"),
        ("  Text  ", "plan", "text"),
        ("Contest.Rules_URL", "plan", "contest.rules_url"),
        ("№", "plan", "id"),
        ("ид", "plan", "id"),
        ("ID поста", "plan", "id"),
        ("Дата", "plan", "date"),
        ("Дата публикации", "plan", "date"),
        ("Время", "plan", "time"),
        ("время публикации", "plan", "time"),
        ("Дата и время", "plan", "at"),
        ("Площадка", "plan", "platform"),
        ("Соцсеть", "plan", "platform"),
        ("Сеть", "plan", "platform"),
        ("Социальная  сеть", "plan", "platform"),
        ("Формат", "plan", "format"),
        ("Тип", "plan", "format"),
        ("Тип контента", "plan", "format"),
        ("Текст", "plan", "text"),
        ("Текст поста", "plan", "text"),
        ("Ссылка", "plan", "links"),
        ("Ссылки", "plan", "links"),
        ("Правила конкурса", "plan", "contest.rules_url"),
        ("Окончание конкурса", "plan", "contest.ends"),
        ("Конец конкурса", "plan", "contest.ends"),
        ("Приз", "plan", "contest.prize"),
        ("Организатор", "plan", "contest.organiser"),
        ("suppress", "plan", "suppress"),
        ("Kind", "log", "kind"),
        ("Дата", "log", "date"),
        ("Время", "log", "time"),
        ("Автор", "log", "author"),
        ("Текст", "log", "text"),
        ("Ссылка", "log", "url"),
        ("URL", "log", "url"),
        ("Тональность", "log", "sentiment"),
        ("Источник", "log", "platform"),
    ],
)
def test_header_aliases(header: str, kind: Literal["plan", "log"], field: str) -> None:
    with read_text_table(f"{header},other\n", kind=kind) as table:
        assert table.fields == [field, None]


def test_unknown_columns_are_reported_with_positions_not_raised() -> None:
    with read_text_table("Дата;Заметки;Текст;  Ответственный ;\n01.12.2026;x;y;z;\n") as table:
        assert table.unknown_columns == [("Заметки", 1, 6), ("  Ответственный ", 1, 20)]
        assert table.fields == ["date", None, "text", None, None]
        rows = list(table.rows)
    assert rows[0].values == {"at": "2026-12-01", "text": "y"}


def test_column_map_wins_over_builtin_aliases() -> None:
    text = "Тип;Рубрика;Когда\nВК;фото;01.12.2026 10:00\n"
    column_map = {"тип": "Platform", "РУБРИКА": "format", "Когда": "at"}

    with read_text_table(text, column_map=column_map) as table:
        assert table.fields == ["platform", "format", "at"]
        assert table.unknown_columns == []
        rows = list(table.rows)

    assert rows[0].values == {"platform": "vk", "format": "photo", "at": "2026-12-01 10:00"}
    assert rows[0].positions["at"] == (2, 9)


def test_a_second_column_for_the_same_field_is_reported_and_ignored() -> None:
    with read_text_table("текст,text\nпервый,второй\n") as table:
        assert table.duplicate_columns == [("text", 1, 7)]
        assert [row.values for row in table.rows] == [{"text": "первый"}]


def test_cells_beyond_the_header_are_reported() -> None:
    rows = text_rows("id;text\n1;Цена 100;200 руб\n")

    assert rows[0].values == {"id": "1", "text": "Цена 100"}
    assert rows[0].extra_cells == ((2, 12),)


# --- values -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cells", "at"),
    [
        ("01.12.2026;10:00", "2026-12-01 10:00"),
        ("1.12.2026;9:05", "2026-12-01 09:05"),
        ("01.12.26;10:00:00", "2026-12-01 10:00"),
        ("01.12.2026;10:00:30", "2026-12-01 10:00:30"),
        ("2026-12-01;23:59", "2026-12-01 23:59"),
        ("01/12/2026;10:00", "2026-12-01 10:00"),
        ("01.12.2026;", "2026-12-01"),  # no time: the schema reports it later
        ("31.02.2026;10:00", "31.02.2026 10:00"),  # impossible date: passed through
        ("01.12.2026;25:00", "01.12.2026 25:00"),
        ("завтра;10:00", "завтра 10:00"),
        (";10:00", "10:00"),
        ("01.12.2026 10:00;", "2026-12-01 10:00"),  # Excel put both into the date column
        # English spreadsheets' 12-hour clock.
        ("01/12/2026;12:30 PM", "2026-12-01 12:30"),
        ("01/12/2026;12:05 am", "2026-12-01 00:05"),
        ("01/12/2026;9:05 a.m.", "2026-12-01 09:05"),
        ("01/12/2026;11:59 P.M.", "2026-12-01 23:59"),
        ("01/12/2026;14:00 PM", "01/12/2026 14:00 PM"),  # no such time: passed through
        ("01/12/2026;0:30 AM", "01/12/2026 0:30 AM"),
        ("12/13/2026;10:00", "12/13/2026 10:00"),  # day first: there is no month 13
        ("1/12/26;10:00", "2026-12-01 10:00"),  # a two-digit year, as with dots
    ],
)
def test_date_and_time_columns_make_at(cells: str, at: str) -> None:
    rows = text_rows(f"Дата;Время;Текст\n{cells};t\n")

    assert rows[0].values["at"] == at
    # At the date cell (an empty one too); at the time cell when the date reads and the time
    # does not ("25:00"), or is not there ("01.12.2026;": the time cell to fill in).
    time_to_blame = cells.split(";")[1] in ("25:00", "14:00 PM", "0:30 AM") or cells == "01.12.2026;"
    date_cell, time_cell = (2, 1), (2, len(cells.split(";")[0]) + 2)
    assert rows[0].positions["at"] == (time_cell if time_to_blame else date_cell)


def test_month_first_dates_as_us_spreadsheets_write_them(tmp_path: Path) -> None:
    from smmlint.csvsource import open_table

    path = tmp_path / "plan.csv"
    path.write_text("Date,Time,Text\n12/13/2026,1:30 PM,t\n04/01/2027,9:00 AM,t\n13.12.2026,10:00,t\n"
                    "2026-12-13 10:00,,t\n", encoding="utf-8")
    with open_table(path, month_first=True) as table:
        assert [row.values["at"] for row in table.rows] == [
            "2026-12-13 13:30", "2027-04-01 09:00", "2026-12-13 10:00", "2026-12-13 10:00"]
    with open_table(path) as table:
        assert [row.values["at"] for row in table.rows][:2] == ["12/13/2026 1:30 PM", "2027-01-04 09:00"]


@pytest.mark.parametrize(
    ("cell", "at"),
    [
        ("01.12.2026 10:00", "2026-12-01 10:00"),
        ("2026-12-01 10:00", "2026-12-01 10:00"),
        ("2026-12-01T10:00:00+03:00", "2026-12-01T10:00:00+03:00"),
        ("2026-12-01T10:00+0300", "2026-12-01T10:00:00+03:00"),
        ("2026-12-01T07:00:00Z", "2026-12-01T07:00:00+00:00"),
        ("2026-12-01T07:00:00.250-05:00", "2026-12-01T07:00:00.250000-05:00"),
        ("2026-12-01", "2026-12-01"),
        ("31.02.2026 10:00", "31.02.2026 10:00"),
        ("скоро", "скоро"),
    ],
)
def test_at_column_holding_date_and_time(cell: str, at: str) -> None:
    rows = text_rows(f"id,at,text\n1,{cell},t\n")

    assert rows[0].values["at"] == at
    assert rows[0].positions["at"] == (2, 3)


@pytest.mark.parametrize(
    ("cell", "platform"),
    [
        ("ВК", "vk"), ("вк", "vk"), ("ВКонтакте", "vk"), ("VK", "vk"), ("vkontakte", "vk"),
        ("Телеграм", "telegram"), ("Телеграмм", "telegram"), ("ТГ", "telegram"),
        ("tg", "telegram"), ("Telegram", "telegram"),
        ("Инстаграм", "instagram"), ("Инста", "instagram"),
        ("Фейсбук", "facebook"), ("FB", "facebook"),
        ("Твиттер", "x"), ("Twitter", "x"), ("X", "x"),
        ("Ютуб", "youtube"), ("YouTube", "youtube"),
        ("Одноклассники", "ok"), ("ОК", "ok"), ("OK", "ok"),
        ("Дзен", "dzen"), ("Яндекс.Дзен", "dzen"),
        ("Тикток", "tiktok"), ("TikTok", "tiktok"), ("Tik-Tok", "tiktok"),
        ("Пинтерест", "Пинтерест"),  # unknown: passed through for the schema to report
    ],
)  # fmt: skip
def test_platform_spellings(cell: str, platform: str) -> None:
    assert text_rows(f"platform\n {cell} \n")[0].values == {"platform": platform}


@pytest.mark.parametrize(
    ("cell", "format_"),
    [
        ("фото", "photo"), ("Картинка", "photo"), ("изображение", "photo"),
        ("видео", "video"), ("аудио", "audio"), ("музыка", "audio"),
        ("карусель", "carousel"), ("галерея", "carousel"),
        ("опрос", "poll"), ("голосование", "poll"),
        ("сторис", "story"), ("история", "story"), ("истории", "story"),
        ("рилс", "reel"), ("Reels", "reel"),
        ("клип", "clip"), ("клипы", "clip"), ("шортс", "clip"), ("Shorts", "clip"),
        ("эфир", "live"), ("Прямой эфир", "live"), ("трансляция", "live"), ("стрим", "live"),
        ("статья", "article"), ("лонгрид", "article"), ("подкаст", "podcast"),
        ("текст", "text"), ("Photo", "photo"),
        ("мем", "мем"),
    ],
)  # fmt: skip
def test_format_spellings(cell: str, format_: str) -> None:
    assert text_rows(f"format\n{cell}\n")[0].values == {"format": format_}


@pytest.mark.parametrize(
    ("column", "cell", "value"),
    [
        ("sentiment", "Позитивная", "positive"),
        ("sentiment", "положительный", "positive"),
        ("sentiment", "нейтральная", "neutral"),
        ("sentiment", "Негатив", "negative"),
        ("sentiment", "отрицательная", "negative"),
        ("sentiment", "Negative", "negative"),
        ("sentiment", "смешанная", "смешанная"),
        ("kind", "Комментарий", "comment"),
        ("kind", "ответ", "reply"),
        ("kind", "упоминание", "mention"),
        ("kind", "Comment", "comment"),
        ("role", "Администратор", "staff"),
        ("role", "подписчик", "subscriber"),
        ("role", "бот", "bot"),
    ],
)
def test_log_value_spellings(column: str, cell: str, value: str) -> None:
    rows = text_rows(f"id,{column}\ne1,{cell}\n", kind="log")

    assert rows[0].values == {"id": "e1", column: value}


def test_links_are_split_into_a_list() -> None:
    text = 'ссылки;текст\n"https://a.ru, https://b.ru;https://c.ru\nhttps://d.ru  https://e.ru";t\n'

    rows = text_rows(text)

    assert rows[0].values["links"] == [f"https://{host}.ru" for host in "abcde"]
    assert rows[0].positions["links"] == (2, 1)


def test_contest_columns_become_a_nested_dict() -> None:
    text = (
        "текст;приз;правила конкурса;окончание конкурса;организатор;suppress\n"
        "Розыгрыш!;;https://z.ru/rules;10.12.2026;ООО Зерно;SMM501\n"
        "Просто пост;;;;;\n"
    )

    rows = text_rows(text)

    assert rows[0].values["contest"] == {
        "rules_url": "https://z.ru/rules", "ends": "2026-12-10", "organiser": "ООО Зерно",
    }  # fmt: skip
    assert rows[0].values["suppress"] == "SMM501"
    assert rows[0].positions["contest"] == (2, 12)
    assert rows[0].positions["contest.ends"] == (2, 31)
    assert "contest" not in rows[1].values
    assert rows[1].values == {"text": "Просто пост"}


def test_empty_cells_are_omitted_and_text_is_kept_verbatim() -> None:
    rows = text_rows("id;platform;text\n 1 ; ;  два пробела \n")

    assert rows[0].values == {"id": "1", "text": "  два пробела "}


def test_mention_monitoring_export_is_read_as_a_log(tmp_path: Path) -> None:
    data = (
        "Дата;Автор;Текст;Ссылка;Тональность;Источник\r\n"
        "01.12.2026 10:00:00;@ivan;Где мой заказ?;https://vk.com/wall-1_2;Негативная;ВКонтакте\r\n"
    ).encode("cp1251")

    table, rows = read_rows(write(tmp_path, data, "mentions.csv"))

    assert table.kind == "log"
    assert rows[0].values == {
        "at": "2026-12-01 10:00", "author": "@ivan", "text": "Где мой заказ?",
        "url": "https://vk.com/wall-1_2", "sentiment": "negative", "platform": "vk",
    }  # fmt: skip


# --- errors -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"id,text,\x00\x01\x02\n", "binary"),
        (b"PK\x03\x04\x14\x00\x06\x00", "xlsx"),
        (bytes(range(256)), "binary"),
    ],
)
def test_binary_file_is_an_encoding_error(tmp_path: Path, data: bytes, fragment: str) -> None:
    with pytest.raises(CsvError) as caught:
        open_table(write(tmp_path, data))

    assert (caught.value.code, caught.value.line, caught.value.column) == ("SMM004", 1, 1)
    assert fragment in caught.value.message


def test_invalid_utf8_late_in_the_file_names_its_line(tmp_path: Path) -> None:
    good = "".join(f"{n},Пост номер {n}\n" for n in range(1, 5001))  # well past 64 KiB
    path = write(tmp_path, b"id,text\n" + good.encode() + b"5001,caf\xe9 au lait\n")

    with open_table(path) as table:
        assert table.encoding == "utf-8"
        with pytest.raises(CsvError) as caught:
            for _ in table.rows:
                pass

    assert (caught.value.code, caught.value.line, caught.value.column) == ("SMM004", 5002, 9)


@pytest.mark.parametrize(
    ("data", "line", "column", "fragment"),
    [
        # cp1251 leaves 0x98 undefined.
        ("текст\nпривет\nпо\u0000".encode("cp1251").replace(b"\x00", b"\x98"), 3, 3, "cp1251"),
        (b"\xff\xfe" + "text\nab".encode("utf-16-le") + b"\x00\xdc", 2, 3, "UTF-16"),
        # A NUL well after the sniffed start.
        (("text\n" + "a" * 70_000 + "\nb\x00c\n").encode(), 3, 2, "NUL"),
    ],
)
def test_undecodable_bytes_are_placed(
    tmp_path: Path, data: bytes, line: int, column: int, fragment: str
) -> None:
    with pytest.raises(CsvError) as caught, open_table(write(tmp_path, data), kind="plan") as table:
        list(table.rows)

    assert (caught.value.code, caught.value.line, caught.value.column) == ("SMM004", line, column)
    assert fragment in caught.value.message


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", b"\n\n", b"\r\n \r\n"])
def test_empty_file(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(CsvError) as caught:
        open_table(write(tmp_path, data))

    error = caught.value
    assert (error.message, error.line, error.column, error.code) == ("empty CSV file", 1, 1,
                                                                     "SMM001")  # fmt: skip


def test_unclosed_quote_points_at_the_quote() -> None:
    # The rows after it are read as rows (see "a quote opened by mistake" below).
    rows = text_rows('id,text\n1,ok\n2,"never closed\n3,x\n')
    assert [(row.line, row.stray_quote) for row in rows] == [(2, None), (3, (3, 3)), (4, None)]


def test_unclosed_quote_in_a_long_file_points_at_the_quote(tmp_path: Path) -> None:
    # Longer than csv's field limit, so the csv module gives up before the end of the file.
    body = "".join(f"{n},text {n}\n" for n in range(20000))
    path = write(tmp_path, ('id,text\n1,"oops\n' + body).encode())

    _, rows = read_rows(path)

    assert (rows[0].line, rows[0].stray_quote) == (2, (2, 3))
    assert len(rows) == 20001 and rows[-1].line == 20002 and rows[-1].values["text"] == "text 19999"


def test_an_unclosed_quote_over_lines_that_are_not_rows_stops_the_file() -> None:
    text = 'id,text\n1,"never closed\nand more words\n'
    with read_text_table(text) as table, pytest.raises(CsvError) as caught:
        list(table.rows)

    assert (caught.value.code, caught.value.line, caught.value.column) == ("SMM001", 2, 3)


def test_undetectable_kind_is_an_error() -> None:
    with pytest.raises(CsvError) as caught:
        read_text_table("foo;bar\n1;2\n")

    assert (caught.value.code, caught.value.line) == ("SMM004", 1)


def test_explicit_kind_reads_an_unrecognisable_header() -> None:
    with read_text_table("foo;bar\n1;2\n", kind="log") as table:
        assert table.unknown_columns == [("foo", 1, 1), ("bar", 1, 5)]
        assert [row.values for row in table.rows] == [{}]


# --- kind detection -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "kind"),
    [
        (["id", "at", "platform", "format", "text"], "plan"),
        (["Дата", "Время", "Площадка", "Формат", "Текст"], "plan"),
        (["дата", "текст", "ссылка"], "plan"),
        (["text", "contest.prize"], "plan"),
        (["id", "at", "kind", "parent", "text"], "log"),
        (["id", "at", "kind", "target"], "log"),
        (["id", "at", "kind", "role", "author"], "log"),
        (["Дата", "Автор", "Текст", "Ссылка", "Тональность"], "log"),
        (["date", "author", "text", "url"], "log"),
        (["Дата", "Автор", "Текст", "Ссылка", "Источник"], "log"),
        (["Дата", "Автор", "Текст", "Площадка"], "plan"),  # a plan may name its author
        (["foo", "bar"], None),
        ([], None),
    ],
)
def test_detect_kind(headers: list[str], kind: str | None) -> None:
    assert detect_kind(headers) == kind


def test_column_map_takes_part_in_kind_detection() -> None:
    with read_text_table("Событие;Кто;Когда\n", column_map={"Кто": "author"}) as table:
        assert table.kind == "log"
        assert table.fields == ["kind", "author", None]


# --- streaming ----------------------------------------------------------------------------------


def test_a_large_log_streams_with_flat_memory(tmp_path: Path) -> None:
    psutil = pytest.importorskip("psutil")
    path = tmp_path / "log.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("id;at;kind;author;text\n")
        for n in range(200_000):
            out.write(f"e{n};2026-12-01T10:00:00+03:00;comment;user{n % 97};Вопрос номер {n}?\n")
    size = path.stat().st_size
    process = psutil.Process()

    with open_table(path) as table:
        rows: object = table.rows
        assert inspect.isgenerator(rows)  # lazily read, not a list
        first = next(table.rows)
        baseline = peak = process.memory_info().rss
        count = 1
        for count, row in enumerate(table.rows, start=2):
            if count % 10_000 == 0:
                peak = max(peak, process.memory_info().rss)
        assert table.closed  # running out of rows closed the file

    assert (first.line, first.values["kind"], first.values["at"]) == (
        2, "comment", "2026-12-01T10:00:00+03:00",
    )  # fmt: skip
    assert (count, row.line, row.values["id"]) == (200_000, 200_001, "e199999")
    # Holding the decoded text alone would take about twice the file's size.
    assert peak - baseline < size / 4, f"grew {peak - baseline} bytes over a {size}-byte file"


def test_leaving_the_with_block_closes_an_unread_table(tmp_path: Path) -> None:
    with open_table(write(tmp_path, RUSSIAN_PLAN.encode())) as table:
        assert not table.closed
        next(table.rows)
    assert table.closed


# --- alias tables stay consistent when extended ---------------------------------------------


@pytest.mark.parametrize(
    ("aliases", "targets"),
    [
        (csvsource.PLAN_HEADER_ALIASES, set(csvsource.PLAN_FIELDS)),
        (csvsource.LOG_HEADER_ALIASES, set(csvsource.LOG_FIELDS)),
        (csvsource.PLATFORM_ALIASES, {"vk", "telegram", "instagram", "facebook", "x", "youtube",
                                      "ok", "tiktok", "dzen", "other"}),
        (csvsource.FORMAT_ALIASES, {"text", "photo", "video", "audio", "carousel", "poll",
                                    "story", "reel", "clip", "live", "article", "podcast",
                                    "other"}),
        (csvsource.SENTIMENT_PREFIXES, {"positive", "neutral", "negative"}),
        (csvsource.KIND_ALIASES, {"post", "comment", "reply", "delete", "hide", "restore", "ban",
                                  "mention"}),
        (csvsource.ROLE_ALIASES, {"subscriber", "staff", "bot"}),
    ],
)  # fmt: skip
def test_alias_tables_point_at_canonical_names(aliases: dict[str, str], targets: set[str]) -> None:
    assert set(aliases.values()) <= targets


# --- a column every row needs is missing: one finding at the header, not one per row ----------

def _findings(tmp_path: Path, name: str, text: str, kind: str | None = None) -> list[tuple[str, int, int, str]]:
    from smmlint.engine import lint_paths

    path = tmp_path / name
    path.write_bytes(text.encode("cp1251" if "cp1251" in name else "utf-8"))
    config = tmp_path / ".smmlint.yaml"
    config.write_text("account:\n  type: company\n  timezone: Europe/Moscow\n"
                      + (f"kinds:\n  '{name}': {kind}\n" if kind else ""), encoding="utf-8")
    report = lint_paths([path], config=config, cwd=tmp_path)
    return [(f.rule, f.line, f.column, f.message) for f in report.findings]


def test_a_plan_without_platform_and_format_columns_says_so_once_at_its_header(tmp_path: Path) -> None:
    rows = "".join(f"0{day}.12.2026;10:00;Пост номер {day}\n" for day in range(1, 8))
    found = _findings(tmp_path, "plan-cp1251.csv", "\n\nДата;Время;Текст поста\n" + rows)
    assert [(rule, line, column) for rule, line, column, _ in found] == [("SMM002", 3, 1), ("SMM002", 3, 1)]
    platform, format_ = (message for _, _, _, message in found)
    assert platform.startswith("no column gives 'platform'") and "Соцсеть" in platform and "post" in platform
    assert format_.startswith("no column gives 'format'") and "Формат" in format_


def test_a_log_without_a_date_column_says_so_once_next_to_its_unknown_columns(tmp_path: Path) -> None:
    text = "Publish date,Author,Text\n" + "".join(f"2026-12-0{n},user{n},hello {n}\n" for n in range(1, 6))
    found = _findings(tmp_path, "mentions.csv", text, kind="log")
    assert [(rule, line, column) for rule, line, column, _ in found] == [("SMM002", 1, 1), ("SMM002", 1, 1)]
    messages = sorted(message for *_, message in found)
    assert messages[0].startswith("no column gives 'at' (the date and time), which every event needs")
    assert messages[1].startswith("unknown column 'Publish date'")


def test_a_mistyped_header_gets_the_header_it_is_close_to(tmp_path: Path) -> None:
    found = _findings(tmp_path, "plan.csv", "Дата;Время;Соцсеть;Формат;Тескт\n01.12.2026;10:00;вк;фото;Пост\n")
    assert [(rule, line, column, message) for rule, line, column, message in found] == [
        ("SMM002", 1, 27, "unknown column 'Тескт' (did you mean 'текст'?)")]


def test_the_teams_own_columns_are_named_in_the_files_language_or_skipped_when_listed(tmp_path: Path) -> None:
    text = "Дата;Время;Соцсеть;Формат;Текст;Рубрика;Ответственный\n01.12.2026;10:00;вк;фото;Пост;новости;Аня\n"
    found = _findings(tmp_path, "plan.csv", text)
    assert [(rule, line, column) for rule, line, column, _ in found] == [("SMM002", 1, 33), ("SMM002", 1, 41)]
    message = found[0][3]
    assert message.startswith("unknown column 'Рубрика': map it to a field in the config's csv.columns, or list it"
                              " in csv.ignore_columns to skip it (known: №, дата и время, дата, время, площадка,")
    (tmp_path / "plan.csv").write_text(text, encoding="utf-8")
    (tmp_path / ".smmlint.yaml").write_text("csv: {ignore_columns: [рубрика, ' ОТВЕТСТВЕННЫЙ']}\n", encoding="utf-8")
    from smmlint.engine import lint_paths

    assert lint_paths([tmp_path / "plan.csv"], cwd=tmp_path).findings == []


def test_a_date_column_gives_at_and_the_rows_are_checked(tmp_path: Path) -> None:
    text = "Дата;Время;Соцсеть;Формат;Текст\n01.12.2026;10:00;вк;фото;Пост\n01.12.2026;10:00;вк;пост;Ещё\n"
    found = _findings(tmp_path, "plan.csv", text)
    assert not any("no column gives" in message for *_, message in found)
    assert any(line == 3 and rule == "SMM002" for rule, line, _, _ in found)  # 'пост' is no format


# --- a quote opened by mistake and never closed ------------------------------------------------

HEADER = "Дата;Время;Соцсеть;Формат;Текст\n"


def test_a_stray_quote_does_not_swallow_the_rows_below_it() -> None:
    rows = text_rows(HEADER + '01.12.2026;10:00;вк;фото;"Новый раф\n02.12.2026;10:00;вк;фото;Пост два\n'
                     '03.12.2026;11:00;вк;фото;"Пост три"\n04.12.2026;10:00;тг;текст;Пост четыре\n')
    assert [row.line for row in rows] == [2, 3, 4, 5]
    assert rows[0].stray_quote == (2, 26) and rows[0].values["text"] == '"Новый раф'
    assert [row.stray_quote for row in rows[1:]] == [None, None, None]
    assert rows[2].values == {"at": "2026-12-03 11:00", "platform": "vk", "format": "photo", "text": "Пост три"}
    assert rows[3].positions["platform"] == (5, 18)


def test_a_stray_quote_running_to_the_end_of_the_file_over_rows() -> None:
    rows = text_rows(HEADER + '01.12.2026;10:00;вк;фото;"Пост раз\n02.12.2026;10:00;вк;фото;Пост два\n')
    assert [(row.line, row.stray_quote) for row in rows] == [(2, (2, 26)), (3, None)]


@pytest.mark.parametrize("text", [
    # A text over several lines, one of them with as many separators as the header.
    '01.12.2026;10:00;вк;фото;"Меню:\nраф; латте; капучино; флэт; какао"\n',
    # A line shaped like a row but with fewer cells.
    '01.12.2026;10:00;вк;фото;"Итоги\n02.12.2026; всё"\n',
])
def test_quoted_cells_over_several_lines_are_not_taken_for_stray_quotes(text: str) -> None:
    rows = text_rows(HEADER + text + "03.12.2026;10:00;вк;фото;Пост\n")
    assert [(row.line, row.stray_quote) for row in rows] == [(2, None), (4, None)]
    assert "\n" in rows[0].values["text"]


def test_a_text_over_lines_shaped_like_rows_that_closes_cleanly_is_no_stray_quote() -> None:
    # A schedule: its lines have a date and as many `;` as the header, but the quote closes.
    rows = text_rows(HEADER + '01.12.2026;10:00;вк;фото;"Расписание:\n05.12.2026; Москва; клуб; 19:00; вход\n'
                     '06.12.2026; СПб; бар; 20:00; вход"\n03.12.2026;10:00;вк;фото;Пост\n')
    assert [(row.line, row.stray_quote) for row in rows] == [(2, None), (5, None)]
    assert rows[0].values["text"].count("\n") == 2


def test_a_quote_closed_with_text_after_it_over_rows_is_a_stray_quote() -> None:
    # The stray quote of row 2 pairs with the first quote of row 3, which text follows.
    rows = text_rows(HEADER + '01.12.2026;10:00;вк;фото;"Новый раф\n02.12.2026;10:00;вк;фото;"Пост" два\n')
    assert [(row.line, row.stray_quote) for row in rows] == [(2, (2, 26)), (3, None)]
    assert rows[1].values["text"] == "Пост два"


def test_cells_before_a_stray_quote_are_read_as_usual() -> None:
    rows = text_rows('id,at,kind,author,text\nc1,2026-12-01T10:00:00+03:00,comment,"Иванов, Иван","Где заказ\n'
                     "c2,2026-12-01T10:05:00+03:00,comment,anna,ok\n")
    assert rows[0].stray_quote == (2, 53)
    assert rows[0].values["author"] == "Иванов, Иван" and rows[0].values["text"] == '"Где заказ'
    assert rows[0].positions["author"] == (2, 38) and rows[0].positions["text"] == (2, 53)
    assert [row.line for row in rows] == [2, 3]


def test_lines_given_back_are_read_again_in_order_and_not_kept() -> None:
    feed = csvsource._LineFeed(iter(["a\n", "b\n", "c\n", "d\n"]), lambda taken: None)
    assert [next(feed), next(feed), next(feed)] == ["a\n", "b\n", "c\n"]
    feed.take()
    feed.give_back(["b\n", "c\n"])
    assert next(feed) == "b\n"
    feed.give_back(["b\n"])
    assert list(feed) == ["b\n", "c\n", "d\n"] and feed.count == 4


def test_many_stray_quotes_keep_memory_flat() -> None:
    # Every row opens a quote it never closes: each is read again, and the lines given back
    # must not stay referenced until the end of the file.
    text = (HEADER + "".join(f'01.12.2026;10:00;вк;фото;"Пост {n} {"x" * 1000}\n' for n in range(5000))
            + "02.12.2026;10:00;вк;фото;конец\n")
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        with read_text_table(text) as table:
            count = sum(1 for _ in table.rows)
        peak = tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()
    assert count == 5001
    assert peak < 2 << 20, f"peak {peak / 2**20:.1f} MB"  # the file is 10 MB


def test_a_stray_quote_is_an_smm001_finding_and_the_other_rows_are_checked(tmp_path: Path) -> None:
    found = _findings(tmp_path, "plan.csv", HEADER + '01.12.2026;10:00;вк;фото;"Новый раф\n'
                      + "".join(f"0{day}.12.2026;10:00;вк;фото;Пост {day}\n" for day in range(2, 8)))
    assert [(rule, line, column) for rule, line, column, _ in found] == [("SMM001", 2, 26)]
    assert "never closed" in found[0][3]
    log = _findings(tmp_path, "log.csv", "id,at,kind,role,text\nc1,2026-12-01T10:00:00+03:00,comment,subscriber,"
                    '"Где заказ?\nc2,2026-12-01T10:05:00+03:00,reply,staff,Уже едет\n', kind="log")
    assert ("SMM001", 2, 49) in [(rule, line, column) for rule, line, column, _ in log]


# --- bytes that are not text, after rows that are ---------------------------------------------


def _rows_then_error(path: Path) -> tuple[list[CsvRow], CsvError]:
    rows: list[CsvRow] = []
    with open_table(path, kind="plan") as table, pytest.raises(CsvError) as caught:
        rows.extend(table.rows)  # keeps the rows read before the error
    return rows, caught.value


def test_a_nul_after_lines_of_text_is_placed_and_the_rows_before_it_read(tmp_path: Path) -> None:
    rows, error = _rows_then_error(write(tmp_path, "Дата;Время;Соцсеть;Формат;Текст\n"
                                        "01.12.2026;10:00;вк;фото;Пост\n02.12.2026;10:00;вк;фото;По\x00ст\n"
                                        "03.12.2026;10:00;вк;фото;Пост\n".encode()))
    assert [row.line for row in rows] == [2]
    assert (error.code, error.line, error.column) == ("SMM004", 3, 28) and "NUL" in error.message


def test_one_bad_byte_in_a_utf8_file_is_placed_not_read_as_cp1251(tmp_path: Path) -> None:
    data = ("Дата;Время;Соцсеть;Формат;Текст\n01.12.2026;10:00;ВК;фото;Цена 100 рублей\n"
            "02.12.2026;10:00;ВК;фото;Цена 100").encode() + b"\xa0\n" + "03.12.2026;10:00;ВК;фото;Пост\n".encode()
    rows, error = _rows_then_error(write(tmp_path, data))
    assert [row.values["text"] for row in rows] == ["Цена 100 рублей"]
    assert (error.code, error.line, error.column) == ("SMM004", 3, 34) and "0xA0" in error.message


def test_a_cp1251_file_whose_russian_starts_late_is_read_as_cp1251(tmp_path: Path) -> None:
    ascii_rows = "".join(f"{n},2026-12-01 10:00,vk,photo,Post {n}\n" for n in range(1, 3001))  # > 64 KiB
    data = ("id,at,platform,format,text\n" + ascii_rows + "3001,2026-12-02 10:00,vk,photo,Новый раф\n").encode("cp1251")
    _, rows = read_rows(write(tmp_path, data))
    assert len(rows) == 3001 and rows[-1].values["text"] == "Новый раф"


def test_a_cell_over_the_csv_limit_names_the_limit(tmp_path: Path) -> None:
    rows, error = _rows_then_error(write(tmp_path, ("Дата;Время;Соцсеть;Формат;Текст\n01.12.2026;10:00;вк;фото;Пост\n"
                                                    "02.12.2026;10:00;вк;фото;" + "ж" * 140_000 + "\n").encode()))
    assert [row.line for row in rows] == [2]
    assert (error.code, error.line) == ("SMM001", 3) and "131,072 characters" in error.message


# --- quotes opened by mistake, in every place of a row ------------------------------------------

SIX = "Дата;Время;Площадка;Формат;Текст;Ссылка\n"


@pytest.mark.parametrize("closing", ['03.12.2026;10:00;вк;фото;"Пост" три;zerno.coffee/c\n',
                                     "03.12.2026;10:00;вк;фото;Пост три;zerno.coffee/c\n"],
                         ids=["quote-closes-with-text-after", "quote-runs-to-eof"])
def test_a_stray_quote_after_a_multiline_cell_of_the_same_row(closing: str) -> None:
    rows = text_rows(SIX + '01.12.2026;10:00;вк;фото;"Расписание:\n05.12 Москва";"zerno.coffee/a\n'
                     "02.12.2026;10:00;вк;фото;Пост;zerno.coffee/b\n" + closing
                     + "04.12.2026;10:00;вк;фото;Пост;zerno.coffee/d\n")
    assert [(row.line, row.stray_quote) for row in rows] == [(2, (3, 15)), (4, None), (5, None), (6, None)]
    assert rows[0].values["text"] == "Расписание:\n05.12 Москва"
    assert rows[0].positions["links"] == (3, 15)


def test_a_stray_quote_above_a_row_whose_multiline_cell_is_not_its_last() -> None:
    rows = text_rows(SIX + '01.12.2026;10:00;вк;фото;"Новый раф;zerno.coffee/a\n'
                     '02.12.2026;10:00;вк;фото;"Расписание:\n05.12 Москва";zerno.coffee/b\n'
                     "03.12.2026;10:00;вк;фото;Пост;zerno.coffee/c\n")
    assert [(row.line, row.stray_quote) for row in rows] == [(2, (2, 26)), (3, None), (5, None)]
    assert rows[1].values["text"] == "Расписание:\n05.12 Москва"


def test_a_stray_quote_at_the_start_of_a_row() -> None:
    rows = text_rows(SIX + "01.12.2026;10:00;вк;фото;Пост;zerno.coffee/a\n"
                     '"02.12.2026;10:00;вк;фото;Пост два;zerno.coffee/b\n'
                     "03.12.2026;10:00;вк;фото;Пост три;zerno.coffee/c\n"
                     "04.12.2026;10:00;вк;фото;Пост четыре;zerno.coffee/d\n")
    assert [(row.line, row.stray_quote) for row in rows] == [(2, None), (3, (3, 1)), (4, None), (5, None)]


@pytest.mark.parametrize("below", [
    ";10:00;вк;фото;Пост без даты\n",  # the row below starts differently (no date)
    ';10:00;Мастодонт;фото;"Текст"\n',  # ... and its own quote closes the stray one, with text after
])
def test_a_stray_quote_above_a_row_of_another_shape(below: str) -> None:
    rows = text_rows(HEADER + '01.12.2026;10:00;вк;фото;"Раф с пряником\n' + below
                     + "03.12.2026;10:00;вк;фото;Пост\n")
    assert [(row.line, row.stray_quote) for row in rows] == [(2, (2, 26)), (3, None), (4, None)]


def test_a_log_stray_quote_closed_by_a_reply_with_another_id_shape() -> None:
    rows = text_rows("id,at,kind,role,parent,text\n"
                     'c-201,2026-12-01T10:00:00+03:00,comment,subscriber,,"Где купить зерно?\n'
                     'r-m201,2026-12-01T10:30:00+03:00,reply,staff,c-201,"Анна, в магазине"\n', kind="log")
    assert [(row.line, row.stray_quote) for row in rows] == [(2, (2, 53)), (3, None)]
    assert rows[1].values["text"] == "Анна, в магазине"


def test_a_quote_never_closed_on_the_last_row_reads_the_row() -> None:
    rows = text_rows(HEADER + "01.12.2026;10:00;вк;фото;Пост\n02.12.2026;10:00;вк;фото;\"Новый раф\n")
    assert [(row.line, row.stray_quote) for row in rows] == [(2, None), (3, (3, 26))]
    assert rows[1].values["text"] == '"Новый раф'


def test_a_stray_quote_in_the_header_does_not_swallow_the_first_row() -> None:
    with read_text_table('Дата;Время;Соцсеть;Формат;"Текст\n01.12.2026;10:00;ВК;фото;"Новый раф"\n'
                         "02.12.2026;10:00;ВК;фото;Пост\n") as table:
        rows = list(table.rows)
    assert table.headers[-1] == '"Текст' and table.fields[-1] == "text" and not table.unknown_columns
    assert [row.line for row in rows] == [2, 3] and rows[0].values["platform"] == "vk"


def test_a_stray_quote_in_the_header_is_an_smm001_finding(tmp_path: Path) -> None:
    found = _findings(tmp_path, "plan.csv", 'Дата;Время;Соцсеть;Формат;"Текст\n01.12.2026;10:00;вк;фото;"Новый раф"\n')
    assert [(rule, line, column) for rule, line, column, _ in found] == [("SMM001", 1, 27)]


def test_a_log_date_without_a_time_says_so_in_its_own_words(tmp_path: Path) -> None:
    found = _findings(tmp_path, "log.csv", "id;Дата;Время;Событие;Роль;Текст\n1;01.12.2026;;комментарий;подписчик;Где?\n",
                      kind="log")
    assert [(rule, line, column) for rule, line, column, _ in found] == [("SMM002", 2, 14)]  # the time cell
    assert found[0][3] == "'01.12.2026' has a date but no time of day: fill in its time cell"


# --- found in review: long lines, late encodings, quotes at the edges ----------------------------


def _table_rows(path: Path) -> tuple[str, list[CsvRow], CsvError | None]:
    rows: list[CsvRow] = []
    error = None
    with open_table(path, kind="plan") as table:
        try:
            rows.extend(table.rows)
        except CsvError as exc:
            error = exc
    return table.encoding, rows, error


@pytest.mark.parametrize("line", [
    '01.12.2026;10:00;вк;фото;"' + "ж" * 140_000 + "\n",  # a stray quote, then a long text on its line
    "01.12.2026;10:00;вк;" + "ж" * 140_000 + ';"Новый раф\n',  # a long unquoted cell, then a stray quote
])
def test_a_stray_quote_on_a_line_over_the_cell_limit_is_a_csv_error(line: str) -> None:
    with pytest.raises(CsvError) as caught:
        text_rows(HEADER + "01.12.2026;10:00;вк;фото;Пост\n" + line + "02.12.2026;10:00;вк;фото;Пост\n")
    assert caught.value.line == 3 and "131,072" in caught.value.message


def test_late_cp1251_with_a_byte_cp1251_lacks_is_placed(tmp_path: Path) -> None:
    data = (b"date;time;platform;format;text\n" + b"01.12.2026;10:00;vk;photo;hello world\n" * 2000
            + "01.12.2026;10:00;vk;photo;Привет, как дела\n".encode("cp1251") + b"01.12.2026;10:00;vk;photo;x\x98y\n")
    _, rows, error = _table_rows(write(tmp_path, data))
    assert rows[-1].values["text"] == "Привет, как дела"
    assert error is not None and (error.code, error.line, error.column) == ("SMM004", 2003, 28)


def test_rows_with_a_quote_mid_cell_and_a_stray_quote_read_in_linear_time() -> None:
    # Each row closes the stray quote of the row above by mistake (`Кафе "Ромашка"`) and opens
    # another: csv alone would read the rest of the file as one record, again for every row.
    rows = text_rows(HEADER + '01.12.2026;10:00;вк;Кафе "Ромашка";"Новый раф\n' * 3000)
    assert len(rows) == 3000 and all(row.stray_quote == (row.line, 36) for row in rows)
    assert len(text_rows(HEADER + '01.12.2026;10:00;вк;Кафе "Ромашка";"Новый раф\n' * 300)) == 300


def test_reading_a_record_stops_once_its_stray_quote_is_plain() -> None:
    looked_at: list[int] = []

    def swallowing(taken: list[str]) -> None:
        looked_at.append(len(taken))

    feed = csvsource._LineFeed(iter([f"{n}\n" for n in range(20)]), swallowing)
    assert len(list(feed)) == 20 and looked_at == [2, 4, 8, 16]  # doubling: linear in the record


def test_a_stray_quote_at_the_very_start_of_the_header() -> None:
    with read_text_table('"' + HEADER + "01.12.2026;10:00;вк;фото;Пост\n02.12.2026;10:00;вк;фото;Пост\n") as table:
        rows = list(table.rows)
    assert table.delimiter == ";" and table.header_stray_quote == (1, 1)
    assert [row.line for row in rows] == [2, 3]


def test_valid_utf8_with_replacement_characters_is_read_as_utf8() -> None:
    data = b"date;time;platform;format;text\n01.12.2026;10:00;vk;photo;caf\xef\xbf\xbd\n"
    assert decode_bytes(data) == (data.decode("utf-8"), "utf-8")


def test_a_utf8_file_with_a_late_bad_byte_is_not_switched_to_cp1251(tmp_path: Path) -> None:
    # ASCII for 128 KiB, a bad byte near the end of the second block, UTF-8 Russian in the third.
    row = b"01.12.2026;10:00;vk;photo;hello world\n"
    data = b"date;time;platform;format;text\n" + row * 3400 + b"01.12.2026;10:00;vk;photo;caf\xe9\n"
    data += b"01.12.2026;10:00;vk;photo;" + b"x" * (2 * 65536 - len(data) - 27) + b"\n"
    data += "01.12.2026;10:00;vk;photo;Привет\n".encode() * 10
    _, rows, error = _table_rows(write(tmp_path, data))
    assert len(rows) == 3400 and "Привет" not in "".join(str(row.values.get("text")) for row in rows)
    assert error is not None and (error.code, error.line) == ("SMM004", 3402) and "0xE9" in error.message


def test_a_utf8_file_with_a_bom_is_never_switched_to_cp1251(tmp_path: Path) -> None:
    row = b"01.12.2026;10:00;vk;photo;hello world\n"
    data = (b"\xef\xbb\xbfdate;time;platform;format;text\n" + row * 2000 + b"01.12.2026;10:00;vk;photo;caf\xe9\n"
            + "01.12.2026;10:00;vk;photo;Да, конечно, приходите\n".encode())
    _, rows, error = _table_rows(write(tmp_path, data))
    assert len(rows) == 2000 and error is not None and error.code == "SMM004"


def test_a_bad_byte_in_the_header_is_reported_in_a_folder_run(tmp_path: Path) -> None:
    from smmlint.engine import lint_paths

    (tmp_path / "plan.csv").write_bytes(b"date;time;platform;format;text\xa0\n"
                                        + "01.12.2026;10:00;вк;фото;Привет как дела у всех\n".encode() * 3)
    (tmp_path / ".smmlint.yaml").write_text("account: {type: company, timezone: Europe/Moscow}\n", encoding="utf-8")
    report = lint_paths([tmp_path], cwd=tmp_path)
    assert [(f.path, f.rule, f.line, f.column) for f in report.findings] == [("plan.csv", "SMM004", 1, 31)]


def test_a_row_ended_by_a_lone_cr_before_a_nul_is_still_read(tmp_path: Path) -> None:
    data = (HEADER.replace("\n", "\r").encode() + "01.12.2026;10:00;вк;фото;Пост\r".encode()
            + b"\x00\r" + "03.12.2026;10:00;вк;фото;Пост\r".encode())
    _, rows, error = _table_rows(write(tmp_path, data))
    assert error is not None and (error.line, error.column) == (3, 1)
    assert [row.line for row in rows] == [2]


@pytest.mark.parametrize("tail", ["\n", "\r\n", "  \n"])
def test_a_stray_quote_on_the_last_row_then_a_blank_line(tail: str) -> None:
    rows = text_rows(HEADER + "01.12.2026;10:00;вк;фото;Пост\n01.12.2026;11:00;вк;фото;\"Новый раф\n" + tail)
    assert [(row.line, row.stray_quote) for row in rows] == [(2, None), (3, (3, 26))]


def test_an_unquoted_cell_over_the_limit_is_reported_at_the_cell() -> None:
    with pytest.raises(CsvError) as caught:
        text_rows(HEADER + "01.12.2026;10:00;вк;фото;Пост\n02.12.2026;10:00;вк;фото;" + "ж" * 140_000 + "\n")
    assert (caught.value.line, caught.value.column) == (3, 26)


def test_a_field_an_empty_cell_leaves_missing_is_reported_at_the_cell(tmp_path: Path) -> None:
    found = _findings(tmp_path, "log.csv", "id,at,kind,role,text\nc1,,comment,subscriber,Где заказ?\n"
                      "c2,2026-12-01T10:00:00+03:00,,subscriber,Привет\n", kind="log")
    assert [(rule, line, column) for rule, line, column, _ in found] == [("SMM002", 2, 4), ("SMM002", 3, 30)]


def test_unreadable_dates_times_and_values_are_told_in_the_sheets_terms(tmp_path: Path) -> None:
    rows = ("Дата;Время;Соцсеть;Формат;Текст\n"
            "01.12.2026;10:00;Вконтакт;фото;Привет\n"    # a misspelt network: the column, the cell, a guess
            "31.11.2026;10:00;ВК;фото;Привет\n"          # no 31st of November
            "02.12.2026;25:00;ВК;фото;Привет\n"          # no 25 o'clock, at the time cell
            "03.12.2026;;ВК;фото;Привет\n"              # a time cell left empty
            ";10:00;ВК;фото;Привет\n"                    # a date cell left empty
            "04.12.2026;10:00;;фото;Привет\n")           # a network cell left empty: at that cell
    found = _findings(tmp_path, "plan-cp1251.csv", rows)
    assert found == [
        ("SMM002", 2, 18, "Соцсеть: write one of ВК, Телеграм, Инстаграм, Фейсбук, Твиттер, Ютуб, Одноклассники,"
                          " Тикток, Дзен, Другое (or their English names), not 'Вконтакт' (did you mean 'ВК'?)"),
        ("SMM002", 3, 1, "'31.11.2026' is not a real date (day is out of range for month)"),
        ("SMM002", 4, 12, "'25:00' is not a time of day: write it as 10:00 (or 10:00 AM)"),
        ("SMM002", 5, 12, "'03.12.2026' has a date but no time of day: fill in its time cell"),  # at the empty time cell
        ("SMM002", 6, 1, "Дата: the cell is empty: write the day, such as 01.12.2026"),
        ("SMM002", 7, 18, "Соцсеть: the cell is empty: write the network, such as ВК or Телеграм"),
    ]
    one_cell = "Дата и время;Соцсеть;Формат\n01.12.2026;ВК;фото\nзавтра;ВК;фото\n01.12.2026 10:00;ВК;фото\n"
    assert [message for *_, message in _findings(tmp_path, "one.csv", one_cell)] == [
        "'01.12.2026' has a date but no time of day: write it as '01.12.2026 10:00'",
        "'завтра' is not a date and time smmlint can read: write it as 01.12.2026 10:00",
    ]
    no_time_column = "Дата;Соцсеть;Формат\n01.12.2026 25:00;ВК;фото\n12/31/2026 10:00;ВК;фото\n"
    assert [message for *_, message in _findings(tmp_path, "dates.csv", no_time_column)] == [
        "'25:00' is not a time of day: write it as 10:00 (or 10:00 AM)",
        "'12/31/2026' is not a real date (month must be in 1..12; a US date? set `csv: {dates: month-first}`"
        " in the config)"]


# --- a plan with dates and no time column: said once, at the date's heading -----------------------

NO_TIME = "Дата;Соцсеть;Формат;Текст\n"


def test_dates_without_a_time_column_are_one_note_for_the_header() -> None:
    with read_text_table(NO_TIME + "05.12.2026;ВК;фото;a\n31.11.2026;ВК;фото;b\n06.12.2026 25:00;ВК;фото;c\n"
                         "07.12.2026;;фото;d\n") as table:
        assert table.header_notes == []  # known from the rows
        rows = list(table.rows)
        [(message, line, column, row_note)] = table.header_notes
    assert (line, column) == (1, 1)
    assert message == ("Дата: the plan has no time column, so no post has a time of day: add a column headed Время"
                       " (such as 10:00), or write the time in the date cell (01.12.2026 10:00); the posts are"
                       " checked once they have a time")
    # No date has a time: the note is the rows' own (the check says it once); the others say theirs.
    assert row_note == message
    assert [row.notes.get("at") for row in rows] == [
        message, "'31.11.2026' is not a real date (day is out of range for month)",
        "'25:00' is not a time of day: write it as 10:00 (or 10:00 AM)", message]
    assert rows[3].notes["platform"].startswith("Соцсеть: the cell is empty")


@pytest.mark.parametrize(("header", "heading", "time"), [
    ("date,platform,format\n", "date", "headed time "),
    ("Publish date,Network,Format\n", "Publish date", "headed Time "),
    ("День;Площадка;Тип\n", "День", "headed Время "),
])
def test_the_no_time_column_note_names_the_sheets_own_headings(header: str, heading: str, time: str) -> None:
    separator = header[len(header.split(",")[0].split(";")[0])]
    with read_text_table(header + separator.join(["01.12.2026", "vk", "photo"]) + "\n") as table:
        list(table.rows)
        [(message, _, _, _)] = table.header_notes
    assert message.startswith(f"{heading}: the plan has no time column") and time in message


@pytest.mark.parametrize("text", [
    "Дата;Время;Соцсеть;Формат\n01.12.2026;;ВК;фото\n",  # a time column, its cell empty: the row says it
    "Дата и время;Соцсеть;Формат\n01.12.2026;ВК;фото\n",  # one cell for both: the row says it
    "Дата;Соцсеть;Формат\n01.12.2026 10:00;ВК;фото\n",  # every date has its time
])
def test_no_note_for_the_header_when_the_sheet_has_a_time_or_every_row_gives_one(text: str) -> None:
    with read_text_table(text) as table:
        list(table.rows)
        assert table.header_notes == []


def test_a_log_without_a_time_column_keeps_its_rows_notes() -> None:
    with read_text_table("Дата;Автор;Текст\n01.12.2026;@ivan;Где?\n", kind="log") as table:
        [row] = list(table.rows)
        assert table.header_notes == []
    assert row.notes["at"].startswith("'01.12.2026' has a date but no time of day")


def test_a_plan_without_a_time_column_is_told_once_and_its_rows_are_not_checked(tmp_path: Path) -> None:
    rows = "".join(f"{day:02d}.12.2026;ВК;фото;Пост {day}\n" for day in range(1, 29))
    found = _findings(tmp_path, "plan-cp1251.csv", NO_TIME + rows + "31.11.2026;ВК;фото;x\n29.12.2026;;фото;y\n")
    assert [(rule, line, column) for rule, line, column, _ in found] == [
        ("SMM002", 1, 1), ("SMM002", 30, 1), ("SMM002", 31, 12)]
    assert found[0][3].startswith("Дата: the plan has no time column")
    assert found[2][3].startswith("Соцсеть: the cell is empty")


# --- an empty cell of a field every row needs is named by its heading ------------------------------


@pytest.mark.parametrize(("name", "text", "kind", "expected"), [
    ("plan.csv", "Дата;Время;Соцсеть;Формат\n01.12.2026;10:00;;фото\n", None,
     [(2, 18, "Соцсеть: the cell is empty: write the network, such as ВК or Телеграм")]),
    ("plan.csv", "date,time,Network,Type\n01.12.2026,10:00,vk,\n", None,
     [(2, 21, "Type: the cell is empty: write the format, such as photo, video or poll")]),
    ("plan.csv", "Площадка;Тип;Дата;Время\n;;01.12.2026;10:00\n", None,  # both empty; the first in column 1
     [(2, 1, "Площадка: the cell is empty: write the network, such as ВК or Телеграм"),
      (2, 2, "Тип: the cell is empty: write the format, such as фото, видео or опрос")]),
    ("plan.csv", "Дата;Время;Соцсеть;Формат\n;;ВК;фото\n", None,
     [(2, 1, "Дата: the cell is empty: write the day, such as 01.12.2026, and its time under Время")]),
    ("plan.csv", "Формат;Publish at;Network\nphoto;;vk\n", None,
     [(2, 7, "Publish at: the cell is empty: write the date and time, such as 01.12.2026 10:00")]),
    ("log.csv", "id;Дата;Время;Событие;Роль;Текст\n1;01.12.2026;10:00;;подписчик;Где?\n", "log",
     [(2, 20, "Событие: the cell is empty: write what happened, such as комментарий, ответ or удаление")]),
    ("log.csv", "id,at,kind,text\n,2026-12-01T10:00:00+03:00,comment,Where?\n", "log",
     [(2, 1, "id: the cell is empty: write the event's id")]),
])
def test_an_empty_required_cell_is_named_by_its_heading(tmp_path: Path, name: str, text: str, kind: str | None,
                                                        expected: list[tuple[int, int, str]]) -> None:
    found = _findings(tmp_path, name, text, kind=kind)
    assert [(line, column, message) for rule, line, column, message in found if rule == "SMM002"] == expected


def test_an_empty_platform_cell_with_a_default_is_not_a_mistake_of_the_cell() -> None:
    rows = text_rows("Дата;Время;Соцсеть;Формат;Текст\n01.12.2026;10:00;;фото;Пост\n")
    # The note only words a finding the schema check makes: none is made when a default fills it.
    assert rows[0].notes == {"platform": "Соцсеть: the cell is empty: write the network, such as ВК or Телеграм"}
    assert "platform" not in rows[0].values and rows[0].positions["platform"] == (2, 18)


# --- close spellings of networks and formats: difflib's answer, for less work -------------------


def _closest_by_difflib(field_name: str, raw: str) -> str | None:
    import difflib

    aliases, canonical = ((csvsource.PLATFORM_ALIASES, csvsource._PLATFORMS) if field_name == "platform"
                          else (csvsource.FORMAT_ALIASES, csvsource._FORMATS))
    lookup = csvsource._lookup(aliases, canonical)
    key = csvsource._value_key(raw)
    if key in lookup:
        return lookup[key]
    nearest = difflib.get_close_matches(key, list(lookup), n=1, cutoff=0.75)
    return lookup[nearest[0]] if nearest else None


def test_close_spellings_are_those_difflib_finds_over_every_spelling() -> None:
    import random

    generator = random.Random(7)
    letters = "абвгдеёжзийклмнопрстуфхцчшщыьэюяabcdefghijklmnopqrstuvwxyz .-"
    typos = ["Вконтакт", "vkontakt", "Телеграмм канал", "Инстаграмм", "youtub", "teleram", "видос", "фотка",
             "phot", "vidoe", "карусел", "прямой эфирр", "сторисс", "рилсс", "", "  ", "x", "тг", "ВК!"]
    randoms = ["".join(generator.choice(letters) for _ in range(generator.randint(1, 30))) for _ in range(1500)]
    spellings = [*csvsource.PLATFORM_ALIASES, *csvsource.FORMAT_ALIASES]
    mutated = []
    for spelling in spellings * 4:  # one to three letters changed, dropped or doubled
        word = list(spelling)
        for _ in range(generator.randint(1, 3)):
            at = generator.randrange(len(word))
            word[at] = generator.choice([generator.choice(letters), "", word[at] * 2])
        mutated.append("".join(word))
    csvsource._FOLDED.clear()
    for raw in [*typos, *randoms, *mutated, "прямая трансляция из кофейни на набережной в субботу"]:
        for field_name in ("platform", "format"):
            assert csvsource.canonical_value(field_name, raw, close=True) == _closest_by_difflib(field_name, raw), raw


def test_a_close_spelling_is_looked_for_once_per_distinct_value(monkeypatch: pytest.MonkeyPatch) -> None:
    import difflib

    calls: list[str] = []
    real = difflib.get_close_matches

    def counted(word: str, *args: Any, **kwargs: Any) -> list[str]:
        calls.append(word)
        return real(word, *args, **kwargs)

    monkeypatch.setattr(csvsource.difflib, "get_close_matches", counted)
    csvsource._FOLDED.clear()
    # A sheet repeats its misspelling on every row; a long text (a shifted column) is close to nothing.
    assert {csvsource.canonical_value("platform", "Вконтакт", close=True) for _ in range(300)} == {"vk"}
    assert csvsource.canonical_value("platform", "Наш новый раф с пряником уже в меню!", close=True) is None
    assert calls == ["вконтакт"]


# --- some dates with a time, some without, and no time column: the header names the rows -----------


def test_dates_some_with_a_time_and_no_time_column_name_the_rows_without_one() -> None:
    with read_text_table(NO_TIME + "01.12.2026;ВК;фото;a\n02.12.2026 10:00;ВК;фото;b\n03.12.2026;ВК;фото;c\n") as table:
        rows = list(table.rows)
        [note] = table.header_notes
    assert (note.message, note.line, note.column) == (
        ("Дата: 2 posts have no time of day (rows 2 and 4): add a column headed Время, or write the time in"
         " their date cells (01.12.2026 10:00); they are checked once they have a time"), 1, 1)
    # The rows' own notes are what the header says instead of them.
    assert [row.notes.get("at") for row in rows] == [note.row_note, None, note.row_note]
    assert "no post has a time of day" in note.row_note


def test_the_rows_without_a_time_are_listed_up_to_five() -> None:
    rows = "".join(f"{day:02d}.12.2026{' 10:00' if day == 1 else ''};ВК;фото;x\n" for day in range(1, 10))
    with read_text_table(NO_TIME + rows) as table:
        list(table.rows)
        [note] = table.header_notes
    assert note.message.startswith("Дата: 8 posts have no time of day (rows 3, 4, 5, 6, 7 and 3 more): ")
    with read_text_table("date,platform,format\n01.12.2026 10:00,vk,photo\n02.12.2026,vk,photo\n") as table:
        list(table.rows)
        [note] = table.header_notes
    assert note.message.startswith("date: 1 post has no time of day (row 3): add a column headed time, or write"
                                   " the time in its date cell")


# --- headings in another language than Russian or English ---------------------------------------


def test_only_cyrillic_headings_are_told_in_russian() -> None:
    assert csvsource.in_cyrillic("Соцсеть") and csvsource.in_cyrillic("Дата (MSK)")
    assert not csvsource.in_cyrillic("Réseau") and not csvsource.in_cyrillic("Date de publication")
    columns = {"Réseau": "platform", "Média": "format", "Date de publication": "date", "Texte": "text"}
    with read_text_table("Date de publication;Réseau;Média;Texte\n01.12.2026;;;a\n", column_map=columns) as table:
        [row] = list(table.rows)
        [note] = table.header_notes
    assert row.notes["platform"] == "Réseau: the cell is empty: write the network, such as vk or telegram"
    assert row.notes["format"] == "Média: the cell is empty: write the format, such as photo, video or poll"
    assert "add a column headed Time " in note.message


# --- headings in decomposed Unicode (NFD) ---------------------------------------------------------


def test_a_heading_in_decomposed_unicode_is_the_same_heading() -> None:
    import unicodedata

    assert csvsource.header_key(unicodedata.normalize("NFD", "Título")) == csvsource.header_key("Título")
    assert csvsource.header_key(unicodedata.normalize("NFD", "Ёмкость")) == "емкость"
    header = unicodedata.normalize("NFD", "Réseau;Дата и время;Формат\n")
    with read_text_table(header + "vk;01.12.2026 10:00;фото\n", column_map={"Réseau": "platform"}) as table:
        assert table.fields == ["platform", "at", "format"] and table.unknown_columns == []


def test_spanish_sentiments_are_read() -> None:
    rows = text_rows("Дата и время;Автор;Текст;Тональность\n" + "".join(
        f"01.12.2026 10:00;a;t;{value}\n" for value in ("Positivo", "Negativo", "Neutral", "negativa")), kind="log")
    assert [row.values["sentiment"] for row in rows] == ["positive", "negative", "neutral", "negative"]
