"""Reading CSV exports of plans and logs into canonical rows that know each cell's position."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import difflib
import re
import unicodedata
from bisect import bisect_right
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, partial
from itertools import accumulate, chain
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO, Literal, NamedTuple, Protocol

__all__ = [
    "FORMAT_ALIASES",
    "KIND_ALIASES",
    "LOG_FIELDS",
    "LOG_HEADER_ALIASES",
    "PLAN_FIELDS",
    "PLAN_HEADER_ALIASES",
    "PLATFORM_ALIASES",
    "ROLE_ALIASES",
    "SENTIMENT_PREFIXES",
    "STRAY_QUOTE_MESSAGE",
    "CsvError",
    "CsvRow",
    "CsvTable",
    "HeaderColumns",
    "HeaderNote",
    "RawRecord",
    "closest_header",
    "combine_date_time",
    "decode_bytes",
    "detect_kind",
    "header_key",
    "header_lookup",
    "in_cyrillic",
    "known_headers",
    "normalise_timestamp",
    "open_table",
    "read_header",
    "read_records",
    "read_text_table",
]

Kind = Literal["plan", "log"]

# Encoding sniffing looks at this much; it is also the read size while streaming.
_BLOCK_SIZE = 64 * 1024


# The finding at a quote opened by mistake (a row's, or the header's: see _stray_quote).
STRAY_QUOTE_MESSAGE = ("this quote is never closed: the row was read taking it as a plain character"
                       " (close it, or write a quote inside a quoted cell twice: \"\")")


class CsvError(Exception):
    """A CSV file that cannot be read at all; ``code`` is the finding it becomes (SMM001/SMM004)."""

    def __init__(self, message: str, line: int, column: int, code: str, not_a_table: bool = False) -> None:
        super().__init__(message, line, column, code)
        self.message = message
        self.line = line
        self.column = column
        self.code = code
        # Not a CSV plan or log at all (binary data, headers of neither): a file met while
        # walking a folder is then passed over, not reported.
        self.not_a_table = not_a_table

    def __str__(self) -> str:
        return f"{self.line}:{self.column}: {self.message} ({self.code})"

    @property
    def stopping(self) -> str:
        """The message of a file whose reading ends at this error, its earlier rows read."""
        return f"{self.message}; the rows after it were not read"


# ---------------------------------------------------------------------------------------------
# Alias tables. Keys are matched after folding case, `ё`→`е` and runs of spaces/underscores
# (headers) or spaces/punctuation (values), so add spellings as a person would type them.
# ---------------------------------------------------------------------------------------------

PLAN_FIELDS: tuple[str, ...] = (
    "id", "at", "date", "time", "platform", "format", "text", "links",
    "contest.rules_url", "contest.ends", "contest.prize", "contest.organiser", "suppress",
)  # fmt: skip

# `date` and `time` are not log fields, but mention exports split the timestamp like plans do.
LOG_FIELDS: tuple[str, ...] = (
    "id", "at", "date", "time", "kind", "platform", "community", "author", "role", "parent",
    "target", "text", "sentiment", "reason", "url",
)  # fmt: skip

PLAN_HEADER_ALIASES: dict[str, str] = {
    "№": "id", "#": "id", "№ п/п": "id", "ид": "id", "id поста": "id", "номер": "id",
    "post id": "id",
    "дата и время": "at", "дата/время": "at", "дата и время публикации": "at",
    "datetime": "at", "date and time": "at", "publish at": "at",
    "дата": "date", "дата публикации": "date", "день": "date", "publish date": "date",
    "время": "time", "время публикации": "time", "publish time": "time",
    "площадка": "platform", "соцсеть": "platform", "соц сеть": "platform", "сеть": "platform",
    "социальная сеть": "platform", "network": "platform", "social network": "platform",
    "формат": "format", "тип": "format", "тип контента": "format", "тип поста": "format",
    "формат поста": "format", "type": "format", "content type": "format",
    "текст": "text", "текст поста": "text", "текст публикации": "text", "content": "text",
    "ссылка": "links", "ссылки": "links", "link": "links", "url": "links", "urls": "links",
    "правила конкурса": "contest.rules_url", "ссылка на правила": "contest.rules_url",
    "rules url": "contest.rules_url",
    "окончание конкурса": "contest.ends", "конец конкурса": "contest.ends",
    "дата окончания конкурса": "contest.ends",
    "приз": "contest.prize", "призы": "contest.prize", "prize": "contest.prize",
    "организатор": "contest.organiser", "организатор конкурса": "contest.organiser",
    "organiser": "contest.organiser", "organizer": "contest.organiser",
    "contest.organizer": "contest.organiser",
}  # fmt: skip

LOG_HEADER_ALIASES: dict[str, str] = {
    "№": "id", "#": "id", "ид": "id", "id сообщения": "id", "id события": "id",
    "message id": "id",
    "дата и время": "at", "дата/время": "at", "datetime": "at", "timestamp": "at",
    "created at": "at",
    "дата": "date", "дата публикации": "date",
    "время": "time", "время публикации": "time",
    "событие": "kind", "тип события": "kind", "тип сообщения": "kind", "действие": "kind",
    "event": "kind", "action": "kind",
    "источник": "platform", "площадка": "platform", "соцсеть": "platform", "сеть": "platform",
    "социальная сеть": "platform", "source": "platform", "network": "platform",
    "сообщество": "community", "группа": "community", "канал": "community",
    "group": "community", "channel": "community",
    "автор": "author", "пользователь": "author", "user": "author", "username": "author",
    "роль": "role",
    "родитель": "parent", "ответ на": "parent", "в ответ на": "parent", "reply to": "parent",
    "parent id": "parent",
    "цель": "target", "объект": "target", "target id": "target",
    "текст": "text", "текст сообщения": "text", "сообщение": "text", "content": "text",
    "message": "text",
    "тональность": "sentiment", "тон": "sentiment", "tone": "sentiment",
    "причина": "reason",
    "ссылка": "url", "ссылка на сообщение": "url", "ссылка на публикацию": "url",
    "link": "url",
}  # fmt: skip

PLATFORM_ALIASES: dict[str, str] = {
    "вк": "vk", "вконтакте": "vk", "в контакте": "vk", "vkontakte": "vk", "vk.com": "vk",
    "телеграм": "telegram", "телеграмм": "telegram", "телега": "telegram", "тг": "telegram",
    "tg": "telegram", "t.me": "telegram",
    "инстаграм": "instagram", "инстаграмм": "instagram", "инста": "instagram",
    "insta": "instagram", "ig": "instagram",
    "фейсбук": "facebook", "фэйсбук": "facebook", "фб": "facebook", "fb": "facebook",
    "твиттер": "x", "twitter": "x", "х": "x", "икс": "x", "x (twitter)": "x",
    "ютуб": "youtube", "ютьюб": "youtube", "ютюб": "youtube", "yt": "youtube",
    "одноклассники": "ok", "ок": "ok", "ok.ru": "ok", "odnoklassniki": "ok",
    "тикток": "tiktok", "тик ток": "tiktok", "tik tok": "tiktok",
    "дзен": "dzen", "дзэн": "dzen", "яндекс дзен": "dzen", "яндекс.дзен": "dzen", "zen": "dzen",
    "другое": "other", "прочее": "other",
}  # fmt: skip

FORMAT_ALIASES: dict[str, str] = {
    "текст": "text", "текстовый": "text", "текстовый пост": "text",
    "фото": "photo", "фотка": "photo", "фотки": "photo", "фотография": "photo", "картинка": "photo", "изображение": "photo",
    "image": "photo", "picture": "photo", "pic": "photo",
    "видео": "video", "ролик": "video", "видеоролик": "video",
    "аудио": "audio", "музыка": "audio", "трек": "audio", "music": "audio",
    "карусель": "carousel", "галерея": "carousel", "альбом": "carousel", "gallery": "carousel",
    "опрос": "poll", "голосование": "poll", "vote": "poll",
    "сторис": "story", "стори": "story", "история": "story", "истории": "story",
    "stories": "story",
    "рилс": "reel", "рилсы": "reel", "reels": "reel",
    "клип": "clip", "клипы": "clip", "клипс": "clip", "шортс": "clip", "shorts": "clip",
    "short": "clip", "clips": "clip",
    "эфир": "live", "прямой эфир": "live", "трансляция": "live", "стрим": "live",
    "stream": "live", "livestream": "live", "лайв": "live", "прямая трансляция": "live",
    "live stream": "live",
    "статья": "article", "лонгрид": "article", "longread": "article",
    "подкаст": "podcast",
    "другое": "other", "прочее": "other",
}  # fmt: skip

@cache
def russian_names(field_name: str) -> dict[str, str]:
    """Each canonical platform or format with its first Russian spelling, as a sheet headed in
    Russian would write it ("ВК", "Телеграм"; "фото", "сторис"); {} for other fields."""
    aliases = {"platform": PLATFORM_ALIASES, "format": FORMAT_ALIASES}.get(field_name, {})
    names: dict[str, str] = {}
    for alias, canonical in aliases.items():
        if canonical not in names and not alias.isascii():
            if field_name == "platform":  # names of networks: capitalised, short ones all capitals
                alias = alias.upper() if len(alias) <= 2 else alias[:1].upper() + alias[1:]
            names[canonical] = alias
    return names


# Matched as prefixes: exports write `позитивная`, `положительный`, `Negative`, and YouScan's
# Spanish one `Positivo`, `Negativo`, `Neutral` (github.com/roberluna/youscan-etl
# sql/mvp_02_menciones_sentimiento.sql): `positiv` and `negativ` read both languages.
SENTIMENT_PREFIXES: dict[str, str] = {
    "позитив": "positive", "положительн": "positive", "positiv": "positive",
    "нейтральн": "neutral", "neutral": "neutral",
    "негатив": "negative", "отрицательн": "negative", "negativ": "negative",
}  # fmt: skip

KIND_ALIASES: dict[str, str] = {
    "пост": "post", "публикация": "post", "запись": "post",
    "комментарий": "comment", "коммент": "comment",
    "ответ": "reply",
    "удаление": "delete", "удалено": "delete", "удален": "delete", "deleted": "delete",
    "скрытие": "hide", "скрыто": "hide", "скрыт": "hide", "hidden": "hide",
    "восстановление": "restore", "восстановлено": "restore", "restored": "restore",
    "бан": "ban", "блокировка": "ban", "banned": "ban",
    "упоминание": "mention",
}  # fmt: skip

ROLE_ALIASES: dict[str, str] = {
    "подписчик": "subscriber", "участник": "subscriber", "пользователь": "subscriber",
    "member": "subscriber", "user": "subscriber",
    "сотрудник": "staff", "администратор": "staff", "админ": "staff", "модератор": "staff",
    "редактор": "staff", "admin": "staff", "moderator": "staff", "editor": "staff",
    "бот": "bot",
}  # fmt: skip

_PLATFORMS = ("vk", "telegram", "instagram", "facebook", "x", "youtube", "ok", "tiktok", "dzen",
              "other")  # fmt: skip
_FORMATS = ("text", "photo", "video", "audio", "carousel", "poll", "story", "reel", "clip", "live",
            "article", "podcast", "other")  # fmt: skip
_KINDS = ("post", "comment", "reply", "delete", "hide", "restore", "ban", "mention")
_ROLES = ("subscriber", "staff", "bot")

_HEADER_SEPARATORS = re.compile(r"[\s_]+")
_VALUE_SEPARATORS = re.compile(r"[\s._\-/()]+")


def _header_key(text: str) -> str:
    # NFC first: a heading typed as letters and combining accents (`Título` on a Mac, `ё` as
    # `е` + diaeresis) is the same heading. Quotes around it are a stray quote's (`"Текст`,
    # read as a plain character), not the name's.
    text = unicodedata.normalize("NFC", text).casefold().replace("ё", "е")
    return _HEADER_SEPARATORS.sub(" ", text).strip().strip('"').strip()


def header_key(text: str) -> str:
    """A header text folded as the alias tables are keyed (Unicode NFC, case, `ё`, runs of
    spaces/`_`)."""
    return _header_key(text)


_CYRILLIC = re.compile("[\u0400-\u04ff]")


def in_cyrillic(heading: str) -> bool:
    """Whether a sheet's heading is written in Cyrillic: such a sheet is told its values and
    headings in Russian (`ВК`, `Время`); any other (English, French `Réseau`) in English."""
    return _CYRILLIC.search(heading) is not None


def _value_key(text: str) -> str:
    return _VALUE_SEPARATORS.sub(" ", text.casefold().replace("ё", "е")).strip()


def _lookup(aliases: Mapping[str, str], canonical: Iterable[str]) -> dict[str, str]:
    """Fold an alias table (built when a table opens, so runtime additions count)."""
    table = {_value_key(name): name for name in canonical}
    table.update((_value_key(alias), value) for alias, value in aliases.items())
    return table


@dataclass
class _Folded:
    """A platform or format alias table folded for lookups, and what close lookups found."""

    size: int  # of the alias table when folded: folded again when the aliases have grown
    lookup: dict[str, str]
    # The folded spellings, each with how many of its letters repeat one before; and for each
    # letter the spellings that have it.
    spellings: list[tuple[str, int]] = field(default_factory=list)
    having: dict[str, list[int]] = field(default_factory=dict)
    longest: int = 0
    # Each distinct value looked up with ``close`` (a sheet repeats its misspelling on every row).
    close: dict[str, str | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for index, spelling in enumerate(self.lookup):
            letters = set(spelling)
            self.spellings.append((spelling, len(spelling) - len(letters)))
            self.longest = max(self.longest, len(spelling))
            for letter in letters:
                self.having.setdefault(letter, []).append(index)

    def nearest(self, key: str) -> str | None:
        """The canonical value of the spelling closest to ``key`` (difflib's, cutoff 0.75)."""
        if key in self.close:
            return self.close[key]
        if len(self.close) >= _CLOSE_CACHE_SIZE:
            self.close.clear()  # thousands of distinct unknown values: keep the memory bounded
        # difflib's ratio is 2*M/T, M the letters matched and T both lengths; M is at most the
        # shorter length, and at most the distinct letters both have plus the fewer repeated
        # letters of the two. A spelling these bounds keep under the cutoff is not handed to
        # difflib (which works its own bounds out in Python for every spelling it is given):
        # the answer is the same, for a fraction of the work. A long text (a shifted column)
        # is compared with nothing; the shared letters are counted in C.
        if 2 * self.longest < _CLOSE_CUTOFF * (len(key) + self.longest):
            self.close[key] = None
            return None
        letters = set(key)
        shared = Counter(chain.from_iterable(self.having.get(letter, ()) for letter in letters))
        size, repeats = len(key), len(key) - len(letters)
        near = []
        for index, count in shared.items():
            spelling, own_repeats = self.spellings[index]
            length = len(spelling)
            if 2 * min(count + min(repeats, own_repeats), size, length) >= _CLOSE_CUTOFF * (size + length):
                near.append(spelling)
        found = difflib.get_close_matches(key, near, n=1, cutoff=_CLOSE_CUTOFF)
        self.close[key] = value = self.lookup[found[0]] if found else None
        return value


_CLOSE_CUTOFF = 0.75
_CLOSE_CACHE_SIZE = 10_000
_FOLDED: dict[str, _Folded] = {}


def canonical_value(field_name: str, raw: str, *, close: bool = False) -> str | None:
    """The canonical platform or format a spelling stands for ("ВК" -> "vk"), if known; with
    ``close``, also that of the nearest known spelling ("Вконтакт" -> "vk")."""
    tables = {"platform": (PLATFORM_ALIASES, _PLATFORMS), "format": (FORMAT_ALIASES, _FORMATS)}
    if field_name not in tables:
        return None
    aliases, canonical = tables[field_name]
    # Folded once (a policy's mix of thousands of unknown keys asks for each), again when the
    # aliases have grown since.
    folded = _FOLDED.get(field_name)
    if folded is None or folded.size != len(aliases):
        folded = _FOLDED[field_name] = _Folded(len(aliases), _lookup(aliases, canonical))
    key = _value_key(raw)
    found = folded.lookup.get(key)
    if found is None and close and not any_publication(raw):
        found = folded.nearest(key)
    return found


def any_publication(raw: str) -> bool:
    """Whether a cell says "a post" ("Post", "Пост", "публикация"): no misspelt format to guess
    at ("Post" is not "podcast")."""
    return _value_key(raw) in _ANY_PUBLICATION


_ANY_PUBLICATION = frozenset({"post", "posts", "пост", "посты", "публикация", "запись"})


def _header_lookup(kind: Kind, column_map: Mapping[str, str] | None) -> dict[str, str]:
    fields, aliases = (PLAN_FIELDS, PLAN_HEADER_ALIASES) if kind == "plan" else (
        LOG_FIELDS, LOG_HEADER_ALIASES)  # fmt: skip
    table = {_header_key(name): name for name in fields}
    table.update((_header_key(alias), name) for alias, name in aliases.items())
    if column_map:
        canonical = {_header_key(name): name for name in fields}
        table.update(
            (_header_key(header), canonical.get(_header_key(target), target.strip()))
            for header, target in column_map.items()
        )
    return table


def known_headers(kind: Kind, russian: bool) -> list[str]:
    """A header for each field a plan or log CSV is most often written with, in Russian or in
    English (for messages about a column smmlint does not know)."""
    fields, aliases = (PLAN_FIELDS, PLAN_HEADER_ALIASES) if kind == "plan" else (LOG_FIELDS, LOG_HEADER_ALIASES)
    named = []
    for name in fields:
        spelt = [alias for alias, field_name in aliases.items() if field_name == name and not alias.isascii()]
        if russian and spelt:
            named.append(spelt[0])
        elif not russian and "." not in name:
            named.append(name)
    return named


def closest_header(kind: Kind, header: str) -> str | None:
    """A known header a mistyped one is close to ("Плошадка" -> "площадка", "platfrom" -> "platform")."""
    fields, aliases = (PLAN_FIELDS, PLAN_HEADER_ALIASES) if kind == "plan" else (LOG_FIELDS, LOG_HEADER_ALIASES)
    known = [*fields, *aliases]
    close = difflib.get_close_matches(header.strip().lower(), known, n=1, cutoff=0.75)
    return close[0] if close else None


def header_lookup(kind: Kind, column_map: Mapping[str, str] | None = None) -> dict[str, str]:
    """Folded header text (:func:`header_key`) -> canonical field of a plan or log CSV; the
    config's ``column_map`` (header -> field) wins over the built-in aliases."""
    return _header_lookup(kind, column_map)


# ---------------------------------------------------------------------------------------------
# Dates and times
# ---------------------------------------------------------------------------------------------

_TIME_PART = (
    r"(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,](?P<fraction>\d+))?)?"
    # A 12-hour clock, as English spreadsheets write it: 12:30 PM, 9:05 a.m.
    r"(?:\s*(?P<meridiem>[ap])\.?m\.?)?"
    r"\s*(?P<offset>Z|[+-]\d{2}(?::?\d{2})?)?"
)
_DATE_FORMS = (
    r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})",
    r"(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4}|\d{2})",
)
_DAY_FIRST = r"(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4}|\d{2})"  # 01/12/2026: Europe, Russia
_MONTH_FIRST = r"(?P<month>\d{1,2})/(?P<day>\d{1,2})/(?P<year>\d{4}|\d{2})"  # 12/01/26: the US (csv.dates)


def _timestamp_patterns(slashed: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(rf"{date}(?:(?:T|\s+){_TIME_PART})?", re.IGNORECASE) for date in (*_DATE_FORMS, slashed))


_TIMESTAMP_PATTERNS = _timestamp_patterns(_DAY_FIRST)
_MONTH_FIRST_PATTERNS = _timestamp_patterns(_MONTH_FIRST)
_TIME_PATTERN = re.compile(_TIME_PART, re.IGNORECASE)


@cache  # a handful of offsets, parsed once per log rather than once per row
def _timezone(offset: str) -> dt.timezone:
    if offset.upper() == "Z":
        return dt.UTC
    digits = offset[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    if minutes >= 60:
        raise ValueError(f"bad offset {offset}")
    delta = dt.timedelta(hours=hours, minutes=minutes)
    return dt.timezone(-delta if offset[0] == "-" else delta)  # ValueError past 24 h


def _match_date(text: str, month_first: bool = False) -> re.Match[str] | None:
    for pattern in _MONTH_FIRST_PATTERNS if month_first else _TIMESTAMP_PATTERNS:
        if match := pattern.fullmatch(text):
            return match
    return None


def _render(date: re.Match[str], clock: re.Match[str]) -> str | None:
    """Format a matched date and clock (one match when a cell holds both); None if impossible."""
    year, month, day = date.group("year", "month", "day")
    hour, minute, second, fraction, offset, meridiem = clock.group(
        "hour", "minute", "second", "fraction", "offset", "meridiem"
    )
    full_year = int(year) + (2000 if len(year) == 2 else 0)
    try:
        if hour is None:
            return dt.date(full_year, int(month), int(day)).isoformat()
        hours = int(hour)
        if meridiem:  # 12 AM is midnight, 12 PM noon; "14:00 PM" is no time
            if not 1 <= hours <= 12:
                return None
            hours = hours % 12 + (12 if meridiem.lower() == "p" else 0)
        moment = dt.datetime(
            full_year, int(month), int(day), hours, int(minute), int(second or 0),
            int((fraction or "")[:6].ljust(6, "0")), tzinfo=_timezone(offset) if offset else None,
        )  # fmt: skip
    except ValueError:
        return None
    if moment.tzinfo is not None:
        return moment.isoformat()
    # Naive local times read like the YAML plan writes them: `2026-12-01 10:00`.
    exact = moment.second or moment.microsecond
    return moment.isoformat(" ", "auto" if exact else "minutes")


def _normalise_timestamp(raw: str, month_first: bool = False) -> str:
    text = raw.strip()
    match = _match_date(text, month_first)
    return (_render(match, match) if match else None) or text


def normalise_timestamp(raw: str) -> str:
    """A date-time cell (`01.12.2026 10:00`, `2026-12-01T10:00+03:00`, `01/12/2026 1:30 PM`, ...)
    as `2026-12-01 10:00` (naive local) or ISO with its offset; text that is no date comes back
    as it was (stripped). Dates with slashes are day first."""
    return _normalise_timestamp(raw)


def combine_date_time(date_raw: str, time_raw: str | None) -> str:
    """A date cell and an optional time cell as :func:`normalise_timestamp` renders them."""
    return _combine_date_time(date_raw, time_raw)


def _combine_date_time(date_raw: str, time_raw: str | None, month_first: bool = False) -> str:
    rendered, _date = _read_date_time(date_raw, time_raw, month_first)
    return _as_typed(date_raw, time_raw) if rendered is None else rendered


def _read_date_time(date_raw: str, time_raw: str | None,
                    month_first: bool) -> tuple[str | None, re.Match[str] | None]:
    """The moment a date cell and an optional time cell give (None: unreadable), and the date
    cell's own match (None: the date itself does not read)."""
    date = _match_date(date_raw.strip(), month_first)
    clock = date if time_raw is None else _TIME_PATTERN.fullmatch(time_raw.strip())
    return (_render(date, clock) if date and clock else None), date


def _moment_note(date_raw: str, time_raw: str | None, month_first: bool, time_column: bool | None) -> str | None:
    """Why a date cell (with its time cell, if the sheet has a time column: ``time_column``;
    None: one cell holds both) gives no moment, in the sheet's own terms; None if it gives one."""
    text = date_raw.strip()
    date = _match_date(text, month_first)
    if date is None:
        if time_column:
            return f"'{text}' is not a date: write it as 01.12.2026"
        return f"'{text}' is not a date and time smmlint can read: write it as 01.12.2026 10:00"
    year, month, day = date.group("year", "month", "day")
    try:
        dt.date(int(year) + (2000 if len(year) == 2 else 0), int(month), int(day))
    except ValueError as error:
        written = text[:max(date.end(part) for part in ("year", "month", "day"))]
        # 12/31/2026 read day first: a US spreadsheet's date, most likely.
        us = "/" in written and not month_first and int(month) > 12 >= int(day)
        hint = "; a US date? set `csv: {dates: month-first}` in the config" if us else ""
        return f"'{written}' is not a real date ({error}{hint})"
    clock = date if time_column is None or time_raw is None else _TIME_PATTERN.fullmatch(time_raw.strip())
    if clock is None or (clock.group("hour") is not None and _render(date, clock) is None):
        written = text[date.start("hour"):] if time_raw is None else time_raw.strip()
        return f"'{written}' is not a time of day: write it as 10:00 (or 10:00 AM)"
    if clock.group("hour") is None:
        if time_column:
            return f"'{text}' has a date but no time of day: fill in its time cell"
        if time_column is None:
            return f"'{text}' has a date but no time of day: write it as '{text} 10:00'"
        return f"'{text}' has a date but no time of day: write it as '{text} 10:00', or add a time column (время)"
    return None


def _as_typed(date_raw: str, time_raw: str | None) -> str:
    """Unreadable cells as the user typed them, so the schema check quotes them back."""
    return " ".join(part.strip() for part in (date_raw, time_raw) if part is not None)


# ---------------------------------------------------------------------------------------------
# Bytes to text
# ---------------------------------------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16-be"),
)


@dataclass(frozen=True)
class _Encoding:
    name: str  # what the table reports
    codec: str  # what decodes the bytes after the BOM
    bom_length: int


def _detect_encoding(prefix: bytes, complete: bool) -> _Encoding:
    for bom, name, codec in _BOMS:
        if prefix.startswith(bom):
            return _Encoding(name, codec, len(bom))
    nul = prefix.find(b"\x00")
    # A NUL after lines of text is a bad byte of a text file, reported where it is when read.
    if nul >= 0 and b"\n" not in prefix[:nul] and b"\r" not in prefix[:nul]:
        hint = " (an .xlsx workbook? save it as CSV)" if prefix.startswith(b"PK\x03\x04") else ""
        raise CsvError(f"binary data, not a CSV text file{hint}", 1, 1, "SMM004", not_a_table=True)
    # A UTF-8 file with a stray bad byte stays UTF-8 (the byte is reported where it is).
    return _Encoding("utf-8", "utf-8", 0) if _reads_as_utf8(prefix, complete) else _Encoding("cp1251", "cp1251", 0)


def _reads_as_utf8(data: bytes, complete: bool = False) -> bool:
    """Whether ``data`` is UTF-8, or mostly: at least four valid multi-byte characters for
    each invalid byte. Text in cp1251 read as UTF-8 is almost all invalid bytes."""
    try:
        # final=False: a prefix cut inside a multi-byte character is not an error.
        codecs.getincrementaldecoder("utf-8")().decode(data, final=complete)
        return True
    except UnicodeDecodeError:
        pass
    text = codecs.getincrementaldecoder("utf-8")("surrogateescape").decode(data, final=complete)
    beyond_ascii = len(text) - len(text.encode("ascii", "ignore"))
    invalid = len(text) - len(text.encode("utf-8", "ignore"))  # the escaped bytes
    return beyond_ascii - invalid >= 4 * invalid


def _late_cp1251(data: bytes, least: int) -> bool:
    """Whether bytes after a file's ASCII start are cp1251 Russian, not UTF-8 with a bad byte:
    ``least`` characters beyond ASCII or more (fewer are only left at the end of a file),
    most of them the letters А-я and Ёё when read as cp1251 (UTF-8 read so is half `Р`/`С`
    and half other signs), and not mostly UTF-8."""
    text = data.decode("cp1251", "replace")
    beyond_ascii = len(text) - len(text.encode("ascii", "ignore"))
    letters = len(_RUSSIAN_LETTERS.findall(text))
    return beyond_ascii >= least and letters >= 0.8 * beyond_ascii and not _reads_as_utf8(data)


_RUSSIAN_LETTERS = re.compile("[\u0410-\u044f\u0401\u0451]")


class _TextPosition:
    """Line and column reached by the text decoded so far, to place a decoding error."""

    def __init__(self) -> None:
        self.line = 1
        self.column = 1
        self._ends_with_cr = False

    def advance(self, text: str) -> None:
        if not text:
            return
        breaks = text.count("\n") + text.count("\r") - text.count("\r\n")
        if self._ends_with_cr and text.startswith("\n"):
            breaks -= 1
        self.line += breaks
        last_break = max(text.rfind("\n"), text.rfind("\r"))
        self.column = self.column + len(text) if last_break < 0 else len(text) - last_break
        self._ends_with_cr = text.endswith("\r")


_DECODING_PROBLEMS = {
    # The file reads as UTF-8 but for this byte: a stray byte, or a part in another encoding.
    "utf-8": "a byte that is not UTF-8 text (0x{byte:02X}): part of the file may be in another encoding, such as cp1251",
    "cp1251": "a byte that is not cp1251 text (0x{byte:02X}): save the file as UTF-8",
    "utf-16-le": "invalid UTF-16 data",
    "utf-16-be": "invalid UTF-16 data",
}


def _decoded_blocks(blocks: Iterable[bytes], encoding: _Encoding) -> Iterator[str]:
    """The text of ``blocks``. At a byte that is not text (bad for the encoding, or NUL),
    the text before it is given and then a CsvError raised at its line and column."""
    codec = encoding.codec
    decoder = codecs.getincrementaldecoder(codec)()
    position = _TextPosition()
    # A file without a BOM chosen as UTF-8 from its first 64 KiB of ASCII may be cp1251 whose
    # Russian starts later: switched to cp1251 at its first byte beyond ASCII, if it reads so.
    may_switch = encoding.name == "utf-8"
    pending = iter(blocks)
    upcoming = next(pending, None)  # read a block ahead: the switch looks past a block's end
    while True:
        block = upcoming
        upcoming = None if block is None else next(pending, None)
        final = block is None
        data = block or b""
        text = ""
        problem = None
        while True:
            try:
                text += decoder.decode(data, final=final)
                break
            except UnicodeDecodeError as exc:
                # exc.object is the decoder's leftover plus these bytes, so its valid head is
                # exactly the text between what was decoded and the bad bytes.
                head, rest = exc.object[: exc.start], exc.object[exc.start :]
                text += head.decode(codec)
                if may_switch and head.isascii() and _late_cp1251(rest + (upcoming or b""), 12 if upcoming else 4):
                    codec, may_switch = "cp1251", False
                    decoder, data = codecs.getincrementaldecoder(codec)(), rest
                    continue
                problem = _DECODING_PROBLEMS[codec].format(byte=rest[0])
                break
        may_switch = may_switch and text.isascii()
        if "\x00" in text:
            text, problem = text[: text.index("\x00")], "NUL character: binary data, not text"
        position.advance(text)
        if text:
            yield text
        if problem is not None:
            raise CsvError(problem, position.line, position.column, "SMM004")
        if final:
            return


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode a whole CSV file's bytes as :func:`open_table` would; return ``(text, encoding)``."""
    encoding = _detect_encoding(data[:_BLOCK_SIZE], complete=len(data) <= _BLOCK_SIZE)
    return "".join(_decoded_blocks([data[encoding.bom_length :]], encoding)), encoding.name


# ---------------------------------------------------------------------------------------------
# Text to physical lines
# ---------------------------------------------------------------------------------------------

_LINE_END = re.compile(r"\r\n|\n|\r")


def _physical_lines(blocks: Iterable[str]) -> Iterator[str]:
    """Split text into lines that keep their ends (`\\n`, `\\r\\n`, `\\r`), as csv expects."""
    parts: list[str] = []
    try:
        for block in blocks:
            if _LINE_END.search(block) is None:
                parts.append(block)  # joined once a line ends: no quadratic growth on long lines
                continue
            text = "".join(parts) + block if parts else block
            start = 0
            for match in _LINE_END.finditer(text):
                if match.end() == len(text) and match.group() == "\r":
                    break  # the `\n` of a `\r\n` may open the next block
                yield text[start : match.end()]
                start = match.end()
            parts = [text[start:]] if start < len(text) else []
    except CsvError:
        if parts and parts[-1].endswith("\r"):
            yield "".join(parts)  # a whole line, held back for a `\n` that does not come
        raise
    tail = "".join(parts)
    start = 0
    for match in _LINE_END.finditer(tail):
        yield tail[start : match.end()]
        start = match.end()
    if start < len(tail):
        yield tail[start:]


# ---------------------------------------------------------------------------------------------
# Lines to records with cell positions
# ---------------------------------------------------------------------------------------------

_DELIMITERS = (";", ",", "\t")  # order breaks ties: Russian Excel writes `;`
_SAMPLE_CHARS = _BLOCK_SIZE
_EXCEL_SEPARATOR_LINE = re.compile(r"sep=(.)\r?\n?", re.IGNORECASE)


def _sniff_delimiter(sample: list[str]) -> str:
    """Pick the delimiter that splits the first non-blank record into the most cells.

    Each candidate is tried with the csv module itself, so quoted headers (`"дата; время"`)
    count as one cell exactly as the real parse will see them.
    """
    best, best_count = ",", 1
    for delimiter in _DELIMITERS:
        try:
            rows = csv.reader(iter(sample), delimiter=delimiter)
            header = next((row for row in rows if any(cell.strip() for cell in row)), [])
        except csv.Error:
            continue
        if len(header) > best_count:
            best, best_count = delimiter, len(header)
    if best_count == 1:
        # One cell whatever the delimiter: a quote opened by mistake at the start of the header
        # runs over the sample. Count the delimiters of its first line instead.
        first = next((line for line in sample if line.strip()), "")
        counts = [(first.count(delimiter), delimiter) for delimiter in _DELIMITERS]
        count, delimiter = max(counts, key=lambda pair: pair[0])
        if count:
            best = delimiter
    return best


class _Swallowing(Exception):
    """Raised through csv.reader when the record it reads has a stray quote already: its
    argument is where (see :func:`_stray_quote`)."""


class _LineFeed:
    """Feeds csv.reader while remembering the physical lines of the record being read.

    A record of several lines is looked at when it reaches 2, 4, 8, ... lines: once
    ``swallowing`` finds a quote in it opened by mistake, reading it stops (_Swallowing), so
    a stray quote costs the lines up to it, not the rest of the file."""

    def __init__(self, lines: Iterator[str], swallowing: Callable[[list[str]], tuple[int, int] | None]) -> None:
        self._lines = lines
        self._again: deque[str] = deque()  # lines given back, read before the rest
        self._swallowing = swallowing
        self._look_at = 2  # lines of the record when it is next looked at
        self.count = 0
        self.taken: list[str] = []

    def __iter__(self) -> _LineFeed:
        return self

    def __next__(self) -> str:
        line = self._again.popleft() if self._again else next(self._lines)
        self.count += 1
        taken = self.taken
        taken.append(line)
        if len(taken) >= self._look_at:
            self._look_at *= 2
            stray = self._swallowing(taken)
            if stray is not None:
                raise _Swallowing(stray)
        return line

    def take(self) -> tuple[int, list[str]]:
        """Return the first line number and the lines of the record just read."""
        taken, self.taken = self.taken, []
        self._look_at = 2
        return self.count - len(taken) + 1, taken

    def give_back(self, lines: list[str]) -> None:
        """Read ``lines`` (the last ones taken) again, as the next lines."""
        self._again.extendleft(reversed(lines))
        self.count -= len(lines)


@dataclass(frozen=True)
class _Record:
    line: int
    cells: list[str]
    starts: list[tuple[int, int]]
    # Where a quote that was never closed opened (the row was read with it as a plain character).
    stray_quote: tuple[int, int] | None = None


class _CellScanner:
    """Where each cell of a record starts; mirrors csv's default dialect (`"` quoting, `""`)."""

    def __init__(self, delimiter: str) -> None:
        self.delimiter = delimiter
        d = re.escape(delimiter)
        self._cell = re.compile(rf'(?P<quoted>"(?:[^"]|"")*(?P<closed>"[^{d}\r\n]*)?)|[^{d}\r\n]*')

    def starts(self, line: int, lines: list[str], cells: list[str]) -> list[tuple[int, int]]:
        if len(lines) == 1 and '"' not in lines[0]:
            return _plain_starts(line, cells)  # the common row
        text = "".join(lines)
        line_offsets = [0]
        for physical in lines[:-1]:
            line_offsets.append(line_offsets[-1] + len(physical))
        result = []
        offset = 0
        while True:
            match = self._cell.match(text, offset)
            assert match is not None  # the pattern also matches an empty cell
            index = bisect_right(line_offsets, offset) - 1
            where = (line + index, offset - line_offsets[index] + 1)
            if match.group("quoted") is not None and match.group("closed") is None:
                raise CsvError("unclosed quote: this cell runs to the end of the file",
                               *where, "SMM001")  # fmt: skip
            result.append(where)
            offset = match.end()
            if offset < len(text) and text[offset] == self.delimiter:
                offset += 1
                continue
            break
        # csv and this scanner agree on the default dialect; pad defensively all the same.
        result.extend(result[-1:] * (len(cells) - len(result)))
        return result

    def unclean_quote(self, lines: list[str]) -> tuple[int, int, bool] | None:
        """The first quoted cell of a record that never closes, or runs past the end of its
        line and does not close cleanly (its closing quote is followed by more text, not by a
        delimiter or the line's end): the index of the line it opens on, where it opens in
        that line, and whether it never closes. None when there is no such cell."""
        text = "".join(lines)
        line_ends = list(accumulate(len(physical) for physical in lines))
        index = 0
        offset = 0
        while True:
            match = self._cell.match(text, offset)
            assert match is not None  # the pattern also matches an empty cell
            while index + 1 < len(lines) and line_ends[index] <= offset:
                index += 1
            if match.group("quoted") is not None:
                closed = match.group("closed")
                if closed is None or (len(closed) > 1 and match.end() > line_ends[index]):
                    return index, offset - line_ends[index] + len(lines[index]), closed is None
            offset = match.end()
            if offset < len(text) and text[offset] == self.delimiter:
                offset += 1
                continue
            return None

    def row_like(self, physical: str, width: int) -> bool:
        """Whether a line could be the start of a row of ``width`` cells: it has that many,
        or fewer and its last one is a quoted cell running on to the next line."""
        if physical.count(self.delimiter) >= width - 1:
            return True
        offset = 0
        while True:
            match = self._cell.match(physical, offset)
            assert match is not None  # the pattern also matches an empty cell
            if match.group("quoted") is not None and match.group("closed") is None:
                return True
            offset = match.end()
            if offset < len(physical) and physical[offset] == self.delimiter:
                offset += 1
                continue
            return False


def _plain_starts(line: int, cells: list[str], column: int = 1) -> list[tuple[int, int]]:
    """Cell starts of a one-line record whose cells are verbatim slices of the line (the first
    at ``column``)."""
    result = []
    for cell in cells:
        result.append((line, column))
        column += len(cell) + 1
    return result


def _stray_quote(scanner: _CellScanner, taken: list[str], width: int, complete: bool = True) -> tuple[int, int] | None:
    """Where a record has a quote opened by mistake (``"Новый раф``), which csv reads as one
    cell running over the next rows: the index of the line it is on and its offset there;
    else None. ``width`` is the header's number of cells (0 while reading the header).

    That is a quoted cell that does not close cleanly (see :meth:`_CellScanner.unclean_quote`)
    over lines that look like rows of their own (as many cells as the header), or that
    never closes on the record's last line. A text written over several lines in a quoted
    cell closes cleanly, even when its lines look like rows. ``complete`` False: ``taken`` is
    the start of a record still being read, where a quote not closed yet is no mistake."""
    found = scanner.unclean_quote(taken)
    if found is None or (found[2] and not complete):
        return None
    index, offset, never_closes = found
    after = taken[index + 1 :]
    if never_closes and not any(physical.strip() for physical in after):
        return index, offset
    width = width or taken[0].count(scanner.delimiter) + 1  # a header: its first line's cells
    if width > 1 and any(scanner.row_like(physical, width) for physical in after):
        return index, offset
    return None


def _around_stray_quote(scanner: _CellScanner, line: int, taken: list[str], index: int, offset: int) -> _Record:
    """The record of the lines ``taken`` up to line ``index``, read with the quote at
    ``offset`` in that line (and every quote after it) as a plain character; the cells before
    it are read as usual."""
    head = [*taken[:index], taken[index][:offset]]  # the cells before the quote, each with its delimiter
    cells = next(csv.reader(iter(head), delimiter=scanner.delimiter), [""])[:-1] if any(head) else []
    starts = scanner.starts(line, head, cells)[: len(cells)] if cells else []
    rest = next(csv.reader([taken[index][offset:]], delimiter=scanner.delimiter, quoting=csv.QUOTE_NONE), [])
    where = (line + index, offset + 1)
    return _Record(line, cells + rest, starts + _plain_starts(where[0], rest, where[1]), where)


def _records(lines: Iterator[str], delimiter: str) -> Iterator[_Record]:
    """Non-blank records with their first line and cell starts.

    A quote opened by mistake would swallow the rows after it into one cell (see
    :func:`_stray_quote`): the record is then read up to that quote as usual and from it with
    quotes as plain characters, marked with where the stray quote is, and the lines after the
    quote's line are read again as rows.
    """
    scanner = _CellScanner(delimiter)
    width = 0  # cells of the header (the first record)
    feed = _LineFeed(lines, lambda taken: _stray_quote(scanner, taken, width, complete=False))
    reader = csv.reader(feed, delimiter=delimiter)
    while True:
        try:
            cells = next(reader, None)
        except _Swallowing as stop:
            line, taken = feed.take()
            stray = stop.args[0]
        except csv.Error as exc:
            line, taken = feed.take()
            stray = _stray_quote(scanner, taken, width)
            if stray is None:
                raise _unreadable(exc, scanner, line, taken) from None
        else:
            if cells is None:
                return
            line, taken = feed.take()
            stray = _stray_quote(scanner, taken, width) if len(taken) > 1 else None
            if stray is None:
                try:
                    starts = scanner.starts(line, taken, cells)
                except CsvError:  # a quote never closed on the last line of the file
                    # (a record of several lines was looked at above already)
                    stray = _stray_quote(scanner, taken, width) if len(taken) == 1 else None
                    if stray is None:
                        raise
                else:
                    if any(cell.strip() for cell in cells):
                        width = width or len(cells)
                        yield _Record(line, cells, starts)
                    continue
        # The lines after the stray quote's own are rows: read them again.
        feed.give_back(taken[stray[0] + 1 :])
        try:
            record = _around_stray_quote(scanner, line, taken, *stray)
        except csv.Error as exc:  # a cell over csv's limit on the stray quote's line
            raise _unreadable(exc, scanner, line, taken[: stray[0] + 1]) from None
        width = width or len(record.cells)
        yield record


def _unreadable(exc: csv.Error, scanner: _CellScanner, line: int, taken: list[str]) -> CsvError:
    """The finding for a record csv cannot read (``taken``, from ``line``), at the quote that
    never closes (the usual cause), or at a cell over csv's limit."""
    problem = str(exc)
    if "field limit" in problem:
        problem = f"a cell longer than {csv.field_size_limit():,} characters, the most one may hold"
    quote = scanner.unclean_quote(taken)
    if quote is not None:
        where = (line + quote[0], quote[1] + 1)
    elif len(taken) == 1:  # no quote: one line, whose longest cell is the one
        starts = [column for _, column in scanner.starts(line, taken, taken[0].split(scanner.delimiter))]
        ends = [*starts[1:], len(taken[0].rstrip("\r\n")) + 2]
        where = (line, max(zip(starts, ends), key=lambda cell: cell[1] - cell[0])[0])
    else:
        where = (line, 1)
    return CsvError(f"cannot read this CSV row: {problem}", *where, "SMM001")


def _lines_with_delimiter(lines: Iterator[str]) -> tuple[Iterator[str], str]:
    """Sniff the delimiter from the first lines without losing them from the stream."""
    sample: list[str] = []
    size = 0
    try:
        for line in lines:
            sample.append(line)
            size += len(line)
            if size >= _SAMPLE_CHARS:
                break
    except CsvError as error:
        # A bad byte: the lines before it are read as usual, then the error is raised.
        lines = _raising(error)
    if sample and (excel_hint := _EXCEL_SEPARATOR_LINE.fullmatch(sample[0])):
        # Excel's own `sep=;` first line: honour it, and keep the line count right by
        # handing csv an empty line (a blank record) in its place.
        sample[0] = "\n"
        return chain(sample, lines), excel_hint.group(1)
    return chain(sample, lines), _sniff_delimiter(sample)


def _raising(error: CsvError) -> Iterator[str]:
    raise error
    yield  # a generator: raises when read, not when made


# ---------------------------------------------------------------------------------------------
# Kind detection
# ---------------------------------------------------------------------------------------------

# Columns only a log has. `author` and `community` are weaker (a plan may name its author or
# its group), so they count only when the file has no plan `platform` column. A `url`/`ссылка`
# column proves nothing: plans carry links too.
_DECISIVE_LOG_FIELDS = frozenset({"kind", "role", "parent", "target", "sentiment", "reason"})
_WEAK_LOG_FIELDS = frozenset({"author", "community"})


def detect_kind(headers: Sequence[str]) -> Kind | None:
    """Guess whether a CSV holds a content plan or a log from its header texts.

    The heuristic, in order (headers are read through both alias tables):

    1. a plan `format` column or any `contest.*` column → ``"plan"`` (logs have neither);
    2. a log column that plans never have (`kind`, `role`, `parent`, `target`, `sentiment`,
       `reason`) → ``"log"``;
    3. `author` or `community` (a mention-monitoring export: date, author, text, url) without
       a plan `platform` column → ``"log"``;
    4. any other plan column (`id`, `at`, `date`, `time`, `platform`, `text`, `links`,
       `suppress`) → ``"plan"``;
    5. otherwise ``None``.
    """
    plan_lookup = _header_lookup("plan", None)
    log_lookup = _header_lookup("log", None)
    keys = [_header_key(header) for header in headers]
    plan_fields = {plan_lookup[key] for key in keys if key in plan_lookup}
    log_fields = {log_lookup[key] for key in keys if key in log_lookup}
    if "format" in plan_fields or any(name.startswith("contest.") for name in plan_fields):
        return "plan"
    if log_fields & _DECISIVE_LOG_FIELDS:
        return "log"
    if log_fields & _WEAK_LOG_FIELDS and "platform" not in plan_fields:
        return "log"
    if plan_fields:
        return "plan"
    return None


# ---------------------------------------------------------------------------------------------
# Rows
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CsvRow:
    """One spreadsheet row: canonical values and where each came from."""

    line: int
    values: dict[str, Any]
    positions: dict[str, tuple[int, int]]
    # Non-empty cells to the right of the last header: usually an unquoted delimiter in a cell.
    extra_cells: tuple[tuple[int, int], ...] = ()
    # Where a quote opened that was never closed (the row was read taking it as a character).
    stray_quote: tuple[int, int] | None = None
    # What is wrong with a cell the schema check would name by its field ({"at": "'31.11.2026' is not a real date ..."}).
    notes: dict[str, str] = field(default_factory=dict)


_LINK_SEPARATORS = re.compile(r"[\s,;]+")


def _split_links(raw: str) -> list[str]:
    return [link for link in _LINK_SEPARATORS.split(raw) if link]


def _prefix_lookup(prefixes: Sequence[tuple[str, str]], raw: str) -> str:
    key = _value_key(raw)
    for prefix, value in prefixes:
        if key.startswith(prefix):
            return value
    return raw.strip()


class _RecordLike(Protocol):
    """A record with cell positions: the reader's own, or an importer's CsvRecord."""

    @property
    def line(self) -> int: ...
    @property
    def cells(self) -> list[str]: ...
    @property
    def starts(self) -> list[tuple[int, int]]: ...


# What to write in an empty cell of a field every post or event needs, in English and with
# Russian examples (for a sheet headed in Russian); the message names the column as headed.
_EMPTY_CELL_HINTS: dict[str, dict[str, tuple[str, str]]] = {
    "plan": {
        "platform": ("write the network, such as vk or telegram", "write the network, such as ВК or Телеграм"),
        "format": ("write the format, such as photo, video or poll", "write the format, such as фото, видео or опрос"),
    },
    "log": {
        "id": ("write the event's id", "write the event's id"),
        "kind": ("write what happened, such as comment, reply or delete",
                 "write what happened, such as комментарий, ответ or удаление"),
    },
}


def _empty_cell_note(heading: str, hint: str | tuple[str, str]) -> str:
    english, russian = (hint, hint) if isinstance(hint, str) else hint
    return f"{heading.strip()}: the cell is empty: {russian if in_cyrillic(heading) else english}"


def _time_heading_like(date_heading: str) -> str:
    """A heading for the time column a sheet lacks, in the language and case of its date's."""
    heading = "Время" if in_cyrillic(date_heading) else "Time"
    return heading.lower() if date_heading[:1].islower() else heading


def _no_time_column_note(date_heading: str, time_heading: str) -> str:
    return (f"{date_heading.strip()}: the plan has no time column, so no post has a time of day: add a column"
            f" headed {time_heading} (such as 10:00), or write the time in the date cell (01.12.2026 10:00);"
            " the posts are checked once they have a time")


_ROWS_NAMED = 5  # rows a header note names; the rest are counted


def _some_without_time_note(date_heading: str, time_heading: str, count: int, lines: Sequence[int]) -> str:
    """The header's note for a plan with no time column whose dates give some posts a time: the
    ``count`` posts without one, named by their first ``lines``."""
    named = [str(line) for line in lines[:_ROWS_NAMED]]
    if count > len(named):
        named.append(f"{count - len(named)} more")
    rows = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]
    if count == 1:
        return (f"{date_heading.strip()}: 1 post has no time of day (row {rows}): add a column headed"
                f" {time_heading}, or write the time in its date cell (01.12.2026 10:00); it is checked once it"
                " has a time")
    return (f"{date_heading.strip()}: {count} posts have no time of day (rows {rows}): add a column headed"
            f" {time_heading}, or write the time in their date cells (01.12.2026 10:00); they are checked once"
            " they have a time")


class HeaderNote(NamedTuple):
    """What rows say alike, said once at the header: the message, where (line, column), and
    the note each such row has in its place (``CsvRow.notes``)."""

    message: str
    line: int
    column: int
    row_note: str


class _RowBuilder:
    """Turns one record's cells into a :class:`CsvRow` for the table's columns."""

    _MOMENT_FIELDS = ("at", "date", "time")
    month_first = False  # slashed dates are month/day/year (the config's csv.dates)

    def __init__(self, fields: list[str | None], active: list[bool], headers: Sequence[str] = (),
                 starts: Sequence[tuple[int, int]] = (), kind: Kind = "plan") -> None:
        platforms = _lookup(PLATFORM_ALIASES, _PLATFORMS)
        formats = _lookup(FORMAT_ALIASES, _FORMATS)
        kinds = _lookup(KIND_ALIASES, _KINDS)
        roles = _lookup(ROLE_ALIASES, _ROLES)
        sentiments = [(_value_key(prefix), value) for prefix, value in SENTIMENT_PREFIXES.items()]

        def enum(table: dict[str, str], raw: str) -> str:
            # Keys are already folded, so an exact hit (the usual `comment`, `vk`) skips folding.
            return table.get(raw) or table.get(_value_key(raw), raw.strip())

        converters: dict[str, Callable[[str], Any]] = {
            "platform": partial(enum, platforms),
            "format": partial(enum, formats),
            "kind": partial(enum, kinds),
            "role": partial(enum, roles),
            "sentiment": partial(_prefix_lookup, sentiments),
            "links": _split_links,
            "contest.ends": _normalise_timestamp,
            # The text is content: keep its spaces and line breaks exactly.
            "text": str,
        }
        headings = {name: headers[index] if index < len(headers) else name
                    for index, name in enumerate(fields) if name is not None and active[index]}
        hints = _EMPTY_CELL_HINTS[kind]
        # Sorted once into three kinds of column so the per-row loops stay simple (logs are big).
        # A plain column every row needs has the note its empty cell gives (None: it may be empty).
        self._plain: list[tuple[int, str, Callable[[str], Any], str | None]] = []
        self._contest: list[tuple[int, str, Callable[[str], Any]]] = []
        self._moments: list[tuple[int, str]] = []
        for index, name in enumerate(fields):
            if name is None or not active[index]:
                continue
            convert = converters.get(name, str.strip)
            if name in self._MOMENT_FIELDS:
                self._moments.append((index, name))
            elif name.startswith("contest."):
                self._contest.append((index, name, convert))
            else:
                hint = hints.get(name)
                empty = _empty_cell_note(headings[name], hint) if hint else None
                self._plain.append((index, name, convert, empty))
        self._width = len(fields)
        self._time_column = any(name == "time" for _, name in self._moments)
        self._time_index = next((index for index, name in self._moments if name == "time"), None)
        self._date_column = next((index for index, name in self._moments if name == "date"), None)
        date_heading = headings.get("date", "date")
        time_heading = headings.get("time") or _time_heading_like(date_heading)
        # A row with neither date nor time is told so at its date-time column, else its date
        # column (else its time column: no column gives the day, which the header is told).
        moment_columns = {name: index for index, name in self._moments}
        self._no_moment_at = moment_columns.get("at", moment_columns.get("date", moment_columns.get("time", 0)))
        when = "write the date and time, such as 01.12.2026 10:00"
        if "at" not in headings and self._date_column is not None and self._time_column:
            when = f"write the day, such as 01.12.2026, and its time under {time_heading}"
        self._no_moment = _empty_cell_note(headings.get(fields[self._no_moment_at] or "at", "at"), when)
        self._no_date = _empty_cell_note(date_heading, "write the day, such as 01.12.2026")
        # A plan whose dates have no time column: the posts whose date has no time, which the
        # header says once (see header_notes); each such row's note is the first message here.
        # Counted, and the first rows' lines kept, to name them when other dates have a time.
        self._without_time: tuple[str, int, int] | None = None
        self._rows_without_time = 0
        self._first_without_time: list[int] = []
        self._rows_with_time = 0
        self._headings = (date_heading, time_heading)
        if kind == "plan" and self._date_column is not None and not self._time_column and "at" not in headings:
            line, column = starts[self._date_column] if self._date_column < len(starts) else (1, 1)
            self._without_time = (_no_time_column_note(date_heading, time_heading), line, column)
        # The row notes a header note says instead (known before the rows are read).
        self.said_at_header = frozenset([self._without_time[0]] if self._without_time else [])

    def header_notes(self) -> list[HeaderNote]:
        """See :attr:`CsvTable.header_notes`."""
        if self._without_time is None or not self._rows_without_time:
            return []
        row_note, line, column = self._without_time
        message = row_note
        if self._rows_with_time:  # some dates have their time: name the rows whose dates do not
            message = _some_without_time_note(*self._headings, self._rows_without_time, self._first_without_time)
        return [HeaderNote(message, line, column, row_note)]

    def build(self, record: _RecordLike) -> CsvRow:
        cells, starts = record.cells, record.starts
        count = len(cells)
        values: dict[str, Any] = {}
        positions: dict[str, tuple[int, int]] = {}
        notes: dict[str, str] = {}
        # An empty cell has its position too: a field it leaves missing is reported there, in
        # the words of its note when every row needs it.
        for index, name, convert, empty in self._plain:
            if index < count:
                if cells[index].strip():
                    values[name] = convert(cells[index])
                elif empty is not None:
                    notes[name] = empty
                positions[name] = starts[index]
            elif empty is not None:  # a row shorter than the header
                notes[name] = empty
        if self._moments:
            moments = {name: (cells[index], starts[index]) for index, name in self._moments
                       if index < count and cells[index].strip()}  # fmt: skip
            if moments:
                values["at"], positions["at"] = self._moment(moments, notes, record.line, starts)
                if "date" not in moments and "at" not in moments and self._date_column is not None:
                    # A time without its day: the empty date cell is to blame.
                    notes["at"] = self._no_date
                    if self._date_column < count:
                        positions["at"] = starts[self._date_column]
            else:
                notes["at"] = self._no_moment
                if self._no_moment_at < count:
                    positions["at"] = starts[self._no_moment_at]
        contest: dict[str, Any] = {}
        for index, name, convert in self._contest:
            if index < count and cells[index].strip():
                contest[name.removeprefix("contest.")] = convert(cells[index])
                positions.setdefault("contest", starts[index])
                positions[name] = starts[index]
        if contest:
            values["contest"] = contest
        extra = tuple(starts[index] for index in range(self._width, count)
                      if cells[index].strip())  # fmt: skip
        return CsvRow(record.line, values, positions, extra, getattr(record, "stray_quote", None), notes)

    def _moment(self, moments: dict[str, tuple[str, tuple[int, int]]],
                notes: dict[str, str], line: int, starts: Sequence[tuple[int, int]]) -> tuple[str, tuple[int, int]]:
        """The moment of a row's date and time cells, and where it is written; a moment they do
        not give is explained in ``notes["at"]`` (the schema check then says that)."""
        if "at" in moments:
            raw, where = moments["at"]
            value = _normalise_timestamp(raw, self.month_first)
            if len(value) < 16 or not value[:4].isdigit():  # no date and time came out of it
                note = _moment_note(raw, None, self.month_first, None)
                if note:
                    notes["at"] = note
            return value, where
        if "date" in moments:
            raw, where = moments["date"]
            time = moments.get("time")
            time_raw = time[0] if time else None
            rendered, date = _read_date_time(raw, time_raw, self.month_first)
            if rendered is not None and len(rendered) > 10:  # a date alone is 10 characters
                self._rows_with_time += 1
                return rendered, where
            if rendered is not None and self._without_time is not None:  # a day, and no time column
                notes["at"] = self._without_time[0]
                self._rows_without_time += 1
                if len(self._first_without_time) < _ROWS_NAMED:
                    self._first_without_time.append(line)
                return rendered, where
            note = _moment_note(raw, time_raw, self.month_first, self._time_column)
            if note:
                notes["at"] = note
            if rendered is not None:
                if time is None and self._time_index is not None and self._time_index < len(starts):
                    where = starts[self._time_index]  # a day whose time cell is empty: that cell
                return rendered, where
            # A date that reads alone with a time that does not ("25:00", "14:00 PM"): the time
            # cell is to blame.
            if time is not None and date is not None and date.group("hour") is None and _render(date, date):
                where = time[1]
            return _as_typed(raw, time_raw), where
        # A time with no date cannot make a timestamp; keep it so the schema check names it.
        raw, where = moments["time"]
        return raw.strip(), where


# ---------------------------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------------------------


@dataclass
class CsvTable:
    """A CSV file's header and its rows, read lazily; close it (or use ``with``) when done."""

    encoding: str
    delimiter: str
    headers: list[str]
    fields: list[str | None]
    unknown_columns: list[tuple[str, int, int]]
    rows: Iterator[CsvRow]
    kind: Kind = "plan"
    # Second and later columns mapped to a field already taken: (header text, line, column).
    duplicate_columns: list[tuple[str, int, int]] = field(default_factory=list)
    _close: Callable[[], None] | None = field(default=None, repr=False)
    header_line: int = 1  # where the header record starts (after any blank lines)
    # Where the header has a quote opened by mistake, read as a plain character (see _records).
    header_stray_quote: tuple[int, int] | None = None
    _builder: _RowBuilder | None = field(default=None, repr=False)

    @property
    def header_notes(self) -> list[HeaderNote]:
        """What the rows read so far say alike, to be said once at the header, not by each row:
        so far, a plan with dates and no time column (the posts without a time; named when
        other dates have one). Each such row has the note's ``row_note`` in its ``notes``."""
        return self._builder.header_notes() if self._builder is not None else []

    @property
    def closed(self) -> bool:
        return self._close is None

    def close(self) -> None:
        """Stop reading rows and close the file (rows also close it when they run out)."""
        close_rows = getattr(self.rows, "close", None)
        if close_rows is not None:
            close_rows()
        self._release()

    def _release(self) -> None:
        if self._close is not None:
            self._close()
            self._close = None

    def __enter__(self) -> CsvTable:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


@dataclass
class HeaderColumns:
    """A header read as a plan's or log's columns; :meth:`row` builds each later record."""

    fields: list[str | None]
    # Headers no alias (nor the column map) knows, and later columns repeating a field:
    # (header text, line, column).
    unknown_columns: list[tuple[str, int, int]]
    duplicate_columns: list[tuple[str, int, int]]
    builder: _RowBuilder = field(repr=False)

    def row(self, record: _RecordLike) -> CsvRow:
        return self.builder.build(record)

    @property
    def header_notes(self) -> list[HeaderNote]:
        """As :attr:`CsvTable.header_notes`, for the rows built so far."""
        return self.builder.header_notes()


def read_header(
    headers: Sequence[str],
    starts: Sequence[tuple[int, int]],
    kind: Kind,
    column_map: Mapping[str, str] | None = None,
) -> HeaderColumns:
    """The columns of a header record (cells and their starts) for a ``kind`` CSV."""
    lookup = _header_lookup(kind, column_map)
    fields: list[str | None] = []
    active: list[bool] = []
    unknown: list[tuple[str, int, int]] = []
    duplicates: list[tuple[str, int, int]] = []
    seen: set[str] = set()
    for text, (line, column) in zip(headers, starts, strict=True):
        name = lookup.get(_header_key(text))
        fields.append(name)
        active.append(name is not None and name not in seen)
        if name is None:
            # A nameless column is Excel's trailing delimiter, not a column someone meant.
            if text.strip():
                unknown.append((text, line, column))
        elif name in seen:
            duplicates.append((text, line, column))
        else:
            seen.add(name)
    return HeaderColumns(fields, unknown, duplicates, _RowBuilder(fields, active, headers, starts, kind))


def _build_table(
    lines: Iterator[str],
    encoding: str,
    kind: Kind | None,
    column_map: Mapping[str, str] | None,
    release: Callable[[], None],
    month_first: bool = False,
) -> CsvTable:
    lines, delimiter = _lines_with_delimiter(lines)
    records = _records(lines, delimiter)
    header = next(records, None)
    if header is None:
        raise CsvError("empty CSV file", 1, 1, "SMM001")
    headers = header.cells
    if kind is None:
        mapped = {_header_key(key): name for key, name in (column_map or {}).items()}
        kind = detect_kind([mapped.get(_header_key(text), text) for text in headers])
        if kind is None:
            raise CsvError(
                "cannot tell whether this CSV is a content plan or a log from its headers; "
                "name the kind or map the columns", header.line, 1, "SMM004", not_a_table=True,
            )  # fmt: skip
    columns = read_header(headers, header.starts, kind, column_map)
    builder = columns.builder
    builder.month_first = month_first
    fields, unknown, duplicates = columns.fields, columns.unknown_columns, columns.duplicate_columns

    def rows() -> Iterator[CsvRow]:
        try:
            for record in records:
                yield builder.build(record)
        finally:
            table._release()  # close() would re-enter this running generator

    table = CsvTable(encoding, delimiter, headers, fields, unknown, rows(), kind, duplicates,
                     release, header.line, header.stray_quote, builder)  # fmt: skip
    return table


def _file_blocks(stream: BinaryIO, head: bytes) -> Iterator[bytes]:
    yield head
    while block := stream.read(_BLOCK_SIZE):
        yield block


def open_table(
    path: Path,
    kind: Kind | None = None,
    column_map: Mapping[str, str] | None = None,
    month_first: bool = False,
) -> CsvTable:
    """Open a CSV file and read its header; rows are read from disk as they are iterated.

    ``kind`` None detects it with :func:`detect_kind`. ``column_map`` maps header texts to
    canonical fields and wins over the built-in aliases. ``month_first``: dates written with
    slashes are month/day/year, as US spreadsheets write them (else day/month/year).
    """
    # Not a `with`: the table owns the stream until its rows run out or it is closed.
    stream = Path(path).open("rb")  # noqa: SIM115
    try:
        prefix = stream.read(_BLOCK_SIZE)
        encoding = _detect_encoding(prefix, complete=len(prefix) < _BLOCK_SIZE)
        blocks = _file_blocks(stream, prefix[encoding.bom_length :])
        lines = _physical_lines(_decoded_blocks(blocks, encoding))
        return _build_table(lines, encoding.name, kind, column_map, stream.close, month_first)
    except BaseException:
        stream.close()
        raise


def read_text_table(
    text: str,
    kind: Kind | None = None,
    column_map: Mapping[str, str] | None = None,
) -> CsvTable:
    """Like :func:`open_table`, for text already decoded (stdin, tests)."""
    encoding = "utf-8"
    if text.startswith("\ufeff"):
        text, encoding = text[1:], "utf-8-sig"
    return _build_table(_physical_lines([text]), encoding, kind, column_map, lambda: None)


RawRecord = tuple[int, list[str], list[tuple[int, int]], tuple[int, int] | None]


def read_records(path: Path) -> tuple[str, str, Iterator[RawRecord], Callable[[], None]]:
    """Raw records of a CSV file, for importers: (encoding, delimiter, records, close).

    Each record is (first line, cells, cell starts, where a quote opened that was never closed
    or None: see :func:`_records`); blank records are skipped. Encoding and
    delimiter are sniffed as for plans and logs. Call ``close`` when done (the records also
    close the file when they run out).
    """
    stream = Path(path).open("rb")  # noqa: SIM115 - the records own the stream
    try:
        prefix = stream.read(_BLOCK_SIZE)
        encoding = _detect_encoding(prefix, complete=len(prefix) < _BLOCK_SIZE)
        blocks = _file_blocks(stream, prefix[encoding.bom_length :])
        lines, delimiter = _lines_with_delimiter(_physical_lines(_decoded_blocks(blocks, encoding)))
    except BaseException:
        stream.close()
        raise

    def records() -> Iterator[RawRecord]:
        try:
            for record in _records(lines, delimiter):
                yield record.line, record.cells, record.starts, record.stray_quote
        finally:
            stream.close()

    return encoding.name, delimiter, records(), stream.close
