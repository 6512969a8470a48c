"""Mention-monitoring CSV exports (Brand Analytics, YouScan, Brand24, Meltwater and alike).

Each row is one mention of the brand somewhere on the web: a ``mention`` event of the log.
Columns are found by their header, in Russian, English or (YouScan's) Spanish (the tools' own
spellings, the log aliases of ``smmlint.csvsource``, and the config's ``csv.columns``, which wins):

=================  ============================================================  ==========
field              headers (folded: case, ``ё``, ``_`` and spaces do not matter)  becomes
=================  ============================================================  ==========
date and time      Дата, Дата и время, Date, Fecha, Published, Timestamp         ``at``
time (optional)    Время, Time, Hour, Hrs, Hora                                  ``at``
author             Автор, Author, Author Name, Influencer, Username, Autor       ``author``
text               Текст, Text, Content, Hit Sentence, Message, Texto            ``text``
title (optional)   Заголовок, Title, Headline, Título: put before the text       ``text``
link               Ссылка, URL, Link; a source cell that is a link (Brand24)     ``url``
source             Источник, Площадка, Source, Domain, Network, Fuente           ``platform``
community          Сообщество, Группа, Канал, Channel, Lugar de publicación      ``community``
sentiment          Тональность, Sentiment, Tone, Sentimiento                     ``sentiment``
id (optional)      ID, №, Document ID                                            ``id``
=================  ============================================================  ==========

* ``at``: ``01.12.2026 10:00:00``, ``2026-12-01 10:00``, ``01-Dec-2026 10:00AM``, or a date
  and a time column; times without an offset are in the account's time zone. Slash dates are
  read day first unless the file's own dates prove month first. A date that cannot be read is
  kept as written (SMM002 at its cell).
* ``platform``: the source's network (``ВКонтакте``, ``vk.com``, ``Telegram``, ``t.me``,
  ``twitter.com``, ...), else the network of the ``url``'s site; any other source (a news
  site, a forum) is platform ``other`` with the source's name as ``community``.
* ``sentiment``: ``позитивная``/``положительный``/``positive``/``Positivo``,
  ``нейтральная``/``neutral``, ``негативная``/``отрицательный``/``negative``/``Negativo``
  (YouScan's Spanish values: roberluna/youscan-etl sql/mvp_02_menciones_sentimiento.sql), or a
  number (above 0 positive, 0 neutral, below 0 negative). Other values (``mixed``, ``не определена``) are left out, with one note
  per value.
* ``id``: the export's own id column when it has one, else ``row-<line>``.
* Confirmed against real exports: Brand24's header row and YouScan's Spanish one (sources in
  ``_HEADERS``); YouScan's Russian and English headers are not confirmed.
* Staff: the author is staff when listed in the config's ``staff:``; such a row is the
  account's own publication (``post`` by ``staff``), not a mention awaiting an answer. Every
  other row is a mention by a ``subscriber``.

Metric columns the tools add (reach, likes, engagement, country, language, ...) have no
canonical field: one note lists them. Any other unknown header gets its own note at the header
cell (map it in ``csv.columns``); the rows are still imported.

Detection: a header with a date, a text and a sentiment (or an author, when no plan
``platform`` column is there), and none of the columns that only smmlint's own logs and plans
have (``kind``, ``role``, ``parent``, ``target``, ``reason``, ``format``, ``contest.*``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import chain, islice
from typing import Any

from ..csvsource import SENTIMENT_PREFIXES, canonical_value, header_key, header_lookup
from ._csvcommon import (
    DateOrder,
    cell,
    extra_cells,
    guess_date_order,
    local_iso,
    order_note,
    where_of,
)
from .base import CsvImporter, CsvRecord, ImportOptions, Item, Output, Unmapped, clean, split_url

SOURCE = "monitoring export"

# What a monitoring row holds. `title` is put before the text; `source` becomes the platform.
_FIELDS = ("id", "at", "date", "time", "author", "text", "title", "url", "source", "community", "sentiment")

# Log header aliases of csvsource that mean the same here (`platform` is the mention's source).
_FROM_LOG = {"id": "id", "at": "at", "date": "date", "time": "time", "author": "author", "text": "text",
             "url": "url", "platform": "source", "community": "community", "sentiment": "sentiment"}  # fmt: skip

# The tools' own header spellings (folded), on top of the log aliases.
_HEADERS: dict[str, str] = {
    # Brand Analytics and other Russian exports
    "дата упоминания": "date", "дата сообщения": "date", "время сообщения": "time",
    "автор сообщения": "author", "имя автора": "author", "ник": "author", "никнейм": "author",
    "текст упоминания": "text", "фрагмент": "text", "заголовок": "title",
    "ссылка на упоминание": "url", "url": "url", "адрес": "url",
    "источник упоминания": "source", "ресурс": "source", "сайт": "source", "домен": "source",
    "место публикации": "community", "сообщество": "community",
    "тональность упоминания": "sentiment",
    # Brand24: its workbook's "Mentions" sheet (saved as CSV) starts with an empty row, and its
    # header row with an empty cell: ID, Date, Hrs, Title, Content, Source, Domain, Category,
    # Sentiment, Tags; `Source` holds the mention's link and `Domain` its site (see
    # _link_and_source). Confirmed from a public importer of real Brand24 exports:
    # github.com/edforman-75/bentham packages/social-listening/src/brand24-importer.ts
    # (`parseBrand24Excel`, commit b7d5f39f); `ID`, `Date`, `Title`, `Content`, `Source`,
    # `Domain`, `Sentiment` are read through the names below.
    "hrs": "time",
    # YouScan with a Spanish interface ("Menciones" sheet), confirmed from
    # github.com/roberluna/youscan-etl etl_youscan.py (reads data/youscan-19-25-enero-2026.xlsx).
    # YouScan's Russian and English headers are not confirmed (the English ones below are the
    # tools' common words, not read from a YouScan export).
    "fecha": "date", "hora": "time", "título": "title", "titulo": "title", "texto": "text",
    "autor": "author", "apodo": "author", "fuente": "source", "lugar de publicación": "community",
    "sentimiento": "sentiment",
    # Meltwater, and English words the tools share
    "date": "date", "published": "at", "published at": "at", "publication date": "date",
    "hour": "time", "time": "time",
    "author": "author", "author name": "author", "author handle": "author", "influencer": "author",
    "screen name": "author", "nickname": "author",
    "text": "text", "content": "text", "hit sentence": "text", "snippet": "text", "mention": "text",
    "mention text": "text", "post text": "text", "message": "text",
    "title": "title", "headline": "title",
    "link": "url", "mention url": "url", "post url": "url",
    "source": "source", "source name": "source", "source domain": "source", "domain": "source",
    "site": "source", "resource": "source", "network": "source", "social network": "source",
    "platform": "source",
    "community": "community", "channel": "community", "group": "community",
    "sentiment": "sentiment", "tone": "sentiment",
    "id": "id", "document id": "id", "mention id": "id",
}  # fmt: skip

# Metrics and metadata the tools add: no canonical field, listed in one note.
_METRICS = frozenset({
    "reach", "global reach", "national reach", "local reach", "audience", "followers",
    "followers count", "subscribers", "likes", "comments", "shares", "reposts", "quotes",
    "replies", "reactions", "views", "estimated views", "engagement", "engagement rate",
    "influence score", "visits", "ave", "social echo", "editorial echo", "country", "region",
    "state", "city", "subregion", "language", "gender", "age", "keywords", "keyphrases",
    "key phrases", "hashtags", "tags", "document tags", "custom categories", "custom fields",
    "category", "content type", "source type", "information type", "post type", "type",
    "input name", "image", "links", "opening text", "author url", "author profile",
    "охват", "аудитория", "подписчики", "лайки", "комментарии", "репосты", "просмотры",
    "вовлеченность", "страна", "регион", "город", "язык", "пол", "возраст", "теги",
    "тип сообщения", "тип источника", "тип площадки", "категория", "ссылка на автора",
    # YouScan, Spanish (roberluna/youscan-etl etl_youscan.py, as above)
    "perfil", "tipo de recurso", "idioma", "país", "región", "ciudad", "etiquetas", "reacciones",
    "me gusta", "amor", "ja ja", "wow", "triste", "enojado", "preocupado", "no me gusta",
    "comentarios", "republicaciones", "visualizaciones", "impresiones (publicaciones propias)",
    "alcance (publicaciones propias)", "número de guardados", "alcance potencial", "rating",
    "calificación del lugar de publicación", "suscriptores", "suscriptores del lugar de publicación",
    "perfil del lugar de publicación", "tipo de publicación", "tipos de contenido",
    "formato específico de la fuente", "notas", "asignado a", "procesado", "datos demográficos",
    "edad", "guardado",
})  # fmt: skip

# Sources named by their site: host (without `www.`/`m.`) -> platform.
_SITES = {
    "vk.com": "vk", "vk.ru": "vk", "vkontakte.ru": "vk", "t.me": "telegram", "telegram.me": "telegram",
    "telegram.org": "telegram", "instagram.com": "instagram", "facebook.com": "facebook",
    "fb.com": "facebook", "twitter.com": "x", "x.com": "x", "youtube.com": "youtube",
    "youtu.be": "youtube", "ok.ru": "ok", "odnoklassniki.ru": "ok", "tiktok.com": "tiktok",
    "dzen.ru": "dzen", "zen.yandex.ru": "dzen",
}  # fmt: skip

# Columns only smmlint's own logs and plans have: a file with one is not a monitoring export.
_LOG_ONLY = frozenset({"kind", "role", "parent", "target", "reason"})

_LOOKAHEAD = 2000  # rows read ahead to decide the file's slash-date order


def _fold(text: str) -> str:
    return " ".join(text.casefold().replace("ё", "е").split())


def _lookup(columns: dict[str, str]) -> dict[str, str]:
    """Folded header -> monitoring field: log aliases, the tools' spellings, then the config."""
    table = {key: _FROM_LOG[name] for key, name in header_lookup("log").items() if name in _FROM_LOG}
    table.update(_HEADERS)
    for header, target in columns.items():
        name = header_key(target)
        table[header_key(header)] = _FROM_LOG.get(name, name)
    return table


_DEFAULT_LOOKUP = _lookup({})


def _site_platform(text: str) -> str | None:
    """The network of a site name or URL (``vk.com``, ``https://t.me/x/1``), if it is one."""
    value = text.strip().casefold()
    parts = split_url(value if "//" in value else f"//{value}")
    host = (parts.hostname if parts else None) or ""
    for prefix in ("www.", "m.", "mobile."):
        host = host.removeprefix(prefix)
    return _SITES.get(host)


def _platform(source: str, url: str) -> tuple[str | None, str | None]:
    """(platform, community) of a mention's source cell and link."""
    if source:
        known = canonical_value("platform", source) or _site_platform(source)
        if known is not None:
            return known, None
    found = _site_platform(url) if url else None
    if found is not None:
        return found, None
    return ("other", source) if source else (None, None)


def _sentiment(raw: str) -> str | None:
    key = _fold(raw)
    for prefix, value in SENTIMENT_PREFIXES.items():
        if key.startswith(_fold(prefix)):
            return value
    try:
        number = float(key.replace(",", "."))
    except ValueError:
        return None
    return "positive" if number > 0 else "negative" if number < 0 else "neutral"


@dataclass
class _Columns:
    """Where each monitoring field is: the first column that has it, then any later ones (a
    later column is read when the earlier one is empty: `Author Name`, then `Author Handle`)."""

    indexes: dict[str, list[int]] = field(default_factory=dict)
    notes: list[Unmapped] = field(default_factory=list)

    def value(self, record: CsvRecord, name: str) -> tuple[str, int | None]:
        """The field's first non-empty cell in the row, and its column index."""
        for index in self.indexes.get(name, ()):
            if text := cell(record, index):
                return text, index
        return "", None


def _link_and_source(row: CsvRecord, columns: _Columns) -> tuple[str, str]:
    """The mention's link and source. A source cell that is a link (Brand24's `Source`; its site is
    in `Domain`) is the mention's link when no link column has one, and the source is the next
    source column that is not a link."""
    url = columns.value(row, "url")[0]
    source = ""
    for index in columns.indexes.get("source", ()):
        text = cell(row, index)
        if text.casefold().startswith(("http://", "https://")):
            url = url or text
        elif text and not source:
            source = text
    return url, source


def _columns(header: CsvRecord, options: ImportOptions) -> _Columns:
    lookup = _lookup(dict(options.columns)) if options.columns else _DEFAULT_LOOKUP
    found = _Columns()
    metrics: list[int] = []
    for index, text in enumerate(header.cells):
        key = header_key(text)
        name = lookup.get(key)
        if name in _FIELDS:
            found.indexes.setdefault(name, []).append(index)
        elif not text.strip():
            continue  # Excel's trailing separator
        elif name is None and key in _METRICS:
            metrics.append(index)
        else:
            why = (f"is mapped to '{name}', which a mention does not have" if name else
                   "is not known (map it in the config's csv.columns: date, time, author, text, url, platform,"
                   " sentiment, ...)")  # fmt: skip
            found.notes.append(Unmapped(f"{SOURCE} column '{text.strip()}' {why}: not carried over",
                                        where_of(header, index)))
    if metrics:
        names = ", ".join(f"'{header.cells[index].strip()}'" for index in metrics)
        found.notes.append(Unmapped(f"{SOURCE} columns with no canonical field (metrics and metadata): {names}:"
                                    " not carried over", where_of(header, metrics[0])))
    return found


class MonitoringImporter(CsvImporter):
    name = "monitoring"
    title = "mention-monitoring CSV export (Brand Analytics, YouScan, Brand24, Meltwater, ...)"
    produces = "log"
    example = "smmlint import --from monitoring mentions.csv -o log.jsonl"

    def detect(self, first: CsvRecord) -> bool:
        keys = [header_key(text) for text in first.cells]
        log, plan = header_lookup("log"), header_lookup("plan")
        if any(log.get(key) in _LOG_ONLY for key in keys):
            return False
        plan_fields = {plan.get(key) or "" for key in keys}
        if "format" in plan_fields or any(name.startswith("contest.") for name in plan_fields):
            return False
        fields = {_DEFAULT_LOOKUP.get(key) for key in keys}
        if not (fields & {"at", "date"} and fields & {"text", "title"}):
            return False
        return "sentiment" in fields or ("author" in fields and "platform" not in plan_fields)

    def convert(self, records: Iterator[CsvRecord], options: ImportOptions) -> Iterator[Output]:
        header = next(records, None)
        if header is None:
            return
        columns = _columns(header, options)
        yield from columns.notes
        head = list(islice(records, _LOOKAHEAD))
        dated = (columns.value(row, "date") if "date" in columns.indexes else columns.value(row, "at") for row in head)
        guess = guess_date_order((text, where_of(row, index or 0)) for row, (text, index) in zip(head, dated))
        if (note := order_note(guess, SOURCE)) is not None:
            yield note
        reported: set[str] = set()
        for row in chain(head, records):
            yield from self._row(row, columns, options, guess.order, reported)
            yield from extra_cells(row, len(header.cells))

    def _row(self, row: CsvRecord, columns: _Columns, options: ImportOptions, order: DateOrder,
             reported: set[str]) -> Iterator[Output]:
        where = where_of(row, 0)
        values: dict[str, Any] = {"id": columns.value(row, "id")[0] or f"row-{row.line}", "kind": "mention"}
        date, date_index = columns.value(row, "date")
        if not date:
            date, date_index = columns.value(row, "at")
        if date:
            time = columns.value(row, "time")[0] if "date" in columns.indexes else None
            at = local_iso(date, time, options.timezone, order)
            values["at"] = at if at is not None else " ".join(part for part in (date, time) if part)
            if at is None:
                where = where_of(row, date_index or 0)  # the schema check quotes the date there
        author = columns.value(row, "author")[0]
        values["author"] = author
        values["role"] = "subscriber"
        if author and options.is_staff(author):
            values["kind"], values["role"] = "post", "staff"
        values["text"] = self._text(row, columns)
        url, source = _link_and_source(row, columns)
        values["url"] = url
        platform, community = _platform(source, url)
        values["platform"] = platform
        values["community"] = columns.value(row, "community")[0] or community
        raw, index = columns.value(row, "sentiment")
        if raw:
            values["sentiment"] = _sentiment(raw)
            if values["sentiment"] is None and _fold(raw) not in reported:
                reported.add(_fold(raw))
                yield Unmapped(f"sentiment '{raw}' is not positive, neutral or negative: left out",
                               where_of(row, index or 0))
        yield Item(clean(values), where)

    @staticmethod
    def _text(row: CsvRecord, columns: _Columns) -> str:
        """The mention's text, with its title first when the export has one that differs."""
        text = columns.value(row, "text")[0]
        title = columns.value(row, "title")[0]
        if title and not text.startswith(title):
            return f"{title}\n{text}" if text else title
        return text

