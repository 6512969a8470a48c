"""Routing log events to the runs that can use them changes no finding.

``Linter._feed_log`` works out, once per distinct combination of the fields the rule
conditions read, which runs an event goes to (``smmlint/router.py``), and feeds each run its
events of a batch at once (``feed_batch``). Contract: the findings are exactly those of
feeding every event to every run of its kind one by one (``feed``), which is what the engine
does when ``router_for`` returns None. Each test lints the same seeded random log twice, with the
router and with ``engine.router_for`` patched to return None, and compares the findings
(path, rule, line, column, message, severity, key).
"""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from smmlint import documents, engine, fields, router
from smmlint.config import load_settings
from smmlint.engine import lint_paths
from smmlint.models import EVENT_KINDS

MSK = ZoneInfo("Europe/Moscow")
START = datetime(2026, 12, 1, 8, 0, tzinfo=MSK)
CONFIG = "account: {type: company, timezone: Europe/Moscow, domains: [zerno.coffee]}\n"
BUILTIN_LOG_RULES = {"SMM201", "SMM202", "SMM301", "SMM401", "SMM801", "SMM802", "SMM902"}

QUESTIONS = ["А доставка до Химок есть?", "Во сколько открываетесь?", "How late are you open today",
             "Can I pay by card?", "Где посмотреть меню", "Where can I buy your beans online?",
             "Почему так дорого?!!"]
NEGATIVE = ["Ждал заказ два часа, ужасный сервис", "Terrible coffee, never again", "Кофе был холодный, ужас",
            "Disappointed: the cake was stale", "ЭТО ПРОСТО УЖАС"]
ABUSIVE = ["Вы идиоты, ужасный кофе", "Only an idiot would say that"]
EMOTIONAL = ["ВЫ САМИ ОПОЗДАЛИ НА ЧАС!!!", "Почему так дорого?!!", "ЗАЧЕМ ВЫ ТАК?!!"]
ASKS_LINK = ["Дайте ссылку на сайт", "Скиньте ссылку на меню, пожалуйста", "Send me the link please",
             "Where can I buy your beans online?"]
OWN_LINK = ["Подробности на https://zerno.coffee/news", "Right here: https://zerno.coffee/shop",
            "Thanks! Subscribe at https://www.zerno.coffee/subscribe", "Новые кружки: shop.zerno.coffee/mugs"]
CALM = ["Спасибо за вкусный кофе!", "Очень вкусно, спасибо", "Доброе утро", "Lovely photo",
        "Извините, пожалуйста. Напишите нам в личные сообщения — вернём деньги.",
        "We are sorry. Please DM us your order number.", "Until 22:00!", "В закреплённом посте.",
        "See https://example.org/x", "Купон на скидку в профиле"]
UNIQUE = ["Вопрос {n}: когда привезут заказ?", "Заказ {n} пришёл холодным, ужас", "ЗАКАЗ {n} ГДЕ?!!!",
          "Дайте ссылку на товар {n}", "Смотрите https://zerno.coffee/item/{n}", "Order {n} was great, thanks",
          "Is item {n} in stock?", "coupon {n} does not work"]
AUTHORS = [f"user{i}" for i in range(25)] + ["troll1", "troll2", "anna", "oleg"]


def pick(rng: random.Random, options: list[tuple[Any, float]]) -> Any:
    values, weights = zip(*options)
    return rng.choices(values, weights)[0]


def text_for(rng: random.Random, kind: str, role: str | None, n: int) -> str | None:
    if rng.random() < 0.15:
        return rng.choice(UNIQUE).format(n=n)
    if kind in ("comment", "mention") or role not in ("staff", "bot"):
        pool = pick(rng, [(QUESTIONS, 4), (NEGATIVE, 2), (ABUSIVE, 1), (EMOTIONAL, 1), (ASKS_LINK, 2), (CALM, 3)])
    elif kind == "reply":
        pool = pick(rng, [(CALM, 5), (OWN_LINK, 3), (EMOTIONAL, 1), (ABUSIVE, 1)])
    elif kind == "post":
        pool = pick(rng, [(CALM, 3), (OWN_LINK, 2), (QUESTIONS, 1)])
    else:
        return rng.choice(NEGATIVE + CALM) if rng.random() < 0.2 else None  # a deletion copying the text
    return rng.choice(pool)  # type: ignore[no-any-return]


def make_log(seed: int, count: int = 3000) -> list[tuple[str, dict[str, Any] | None]]:
    """Lines of a log: (the line, its event or None for a broken line), in file order."""
    rng = random.Random(seed)
    kinds = [("comment", 34), ("reply", 24), ("mention", 8), ("delete", 8), ("hide", 5), ("restore", 3),
             ("ban", 3), ("post", 15)]
    roles = {
        "comment": [("subscriber", 80), ("staff", 5), ("bot", 3), (None, 12)],
        "reply": [("staff", 75), ("subscriber", 15), ("bot", 5), (None, 5)],
        "mention": [(None, 70), ("subscriber", 30)],
        "post": [("staff", 50), (None, 50)],
    }
    acting = [("staff", 70), ("subscriber", 15), ("bot", 10), (None, 5)]
    lines: list[tuple[str, dict[str, Any] | None]] = []
    ids: list[str] = []
    talk: list[str] = []  # ids of comments, replies and mentions: what replies and deletions name
    clock = START
    for n in range(count):
        if n and n % 499 == 0:
            lines.append((rng.choice(['{"id": "broken"', "not json", '{"id": "x", "kind": "comment"}',
                                     '{"id": "y", "at": "2026-12-01T10:00:00", "kind": "comment"}']), None))
        clock += timedelta(minutes=rng.choice([0, 1, 3, 7, 15, 30, 45, 90, 180, 400]))
        at = clock - timedelta(minutes=rng.choice([0, 0, 0, 0, 0, 30, 120, 600]))  # some out of order
        kind = pick(rng, kinds)
        role = pick(rng, roles.get(kind, acting))
        identity = rng.choice(ids) if ids and rng.random() < 0.01 else f"e{n}"
        event: dict[str, Any] = {"id": identity, "at": at, "kind": kind}
        if role is not None:
            event["role"] = role
        text = text_for(rng, kind, role, n)
        if text is not None:
            event["text"] = text
        link = "parent" if kind == "reply" else "target" if kind in ("delete", "hide", "restore", "ban") else None
        if link is not None or (kind == "comment" and rng.random() < 0.1):
            where = rng.random()
            if where < 0.7 and talk:
                event[link or "parent"] = rng.choice(talk[-40:] if rng.random() < 0.8 else talk)
            elif where < 0.85:
                event[link or "parent"] = f"e{n + rng.randint(1, 60)}"  # an event further down
            elif where < 0.92:
                event[link or "parent"] = f"ghost{rng.randint(1, 50)}"
            # else: missing (SMM002 for replies and deletions)
        if rng.random() < 0.15:
            event["sentiment"] = rng.choice(["positive", "neutral", "negative"])
        if kind in ("delete", "hide", "ban"):
            reason = pick(rng, [(None, 6), ("spam", 2), ("abuse", 1), ("", 1), ("другое", 1), ("реклама", 1)])
            if reason is not None:
                event["reason"] = reason
        for name, options in [("platform", ["vk", "telegram", "instagram"]), ("community", ["zerno", "zerno-spb"])]:
            if rng.random() < 0.6:
                event[name] = rng.choice(options)
        if rng.random() < 0.7:
            event["author"] = rng.choice(AUTHORS)
        if kind == "mention" and rng.random() < 0.5:
            event["url"] = rng.choice(["https://vk.com/wall1_2", "https://zerno.coffee/review", f"https://t.me/c/{n}"])
        elif kind != "mention" and rng.random() < 0.08:  # a link outside the text: counts for replies
            event["url"] = rng.choice(["https://zerno.coffee/menu", "https://example.org/a", "shop.zerno.coffee"])
        ids.append(identity)
        if kind in ("comment", "reply", "mention"):
            talk.append(identity)
        written = dict(event)
        stamp = pick(rng, [("msk", 6), ("utc", 2), ("space", 1), ("fraction", 1)])
        if stamp == "msk":
            written["at"] = at.isoformat()
        elif stamp == "utc":
            written["at"] = at.astimezone(UTC).isoformat().replace("+00:00", "Z")
        elif stamp == "space":  # read by the exact path
            written["at"] = at.isoformat(sep=" ")
        else:
            written["at"] = (at + timedelta(microseconds=rng.randint(0, 999_999))).isoformat(timespec="microseconds")
            event["at"] = datetime.fromisoformat(written["at"])
        if rng.random() < 0.02:
            written["text"] = None  # pydantic refuses null: a reported line, no event
            event = None  # type: ignore[assignment]
        lines.append((json.dumps(written, ensure_ascii=rng.random() < 0.2), event))
    return lines


def write_setup(tmp_path: Path, seed: int, config: str = CONFIG) -> tuple[Path, Path, list[tuple[str, Any]]]:
    lines = make_log(seed)
    log = tmp_path / "log.jsonl"
    log.write_text("".join(line + "\n" for line, _ in lines), encoding="utf-8")
    config_path = tmp_path / ".smmlint.yaml"
    config_path.write_text(config, encoding="utf-8")
    return log, config_path, lines


def findings(log: Path, config: Path, now: datetime | None) -> list[tuple[Any, ...]]:
    report = lint_paths([log], config=config, cwd=log.parent, now=now)
    assert not report.internal_errors, report.internal_errors[:5]
    return sorted((f.path, f.rule, f.line, f.column, f.message, str(f.severity), f.key) for f in report.findings)


def routed_and_unrouted(
    monkeypatch: pytest.MonkeyPatch, log: Path, config: Path, now: datetime | None
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[Any]]:
    """The findings with the router and without, and what ``router_for`` returned."""
    real = engine.router_for
    returned: list[Any] = []

    def spy(*args: Any, **kwargs: Any) -> Any:
        result = real(*args, **kwargs)
        returned.append(result)
        return result

    with monkeypatch.context() as patch:
        patch.setattr(engine, "router_for", spy)
        with_router = findings(log, config, now)
    with monkeypatch.context() as patch:
        patch.setattr(engine, "router_for", lambda *args, **kwargs: None)
        without = findings(log, config, now)
    return with_router, without, returned


def assert_same(with_router: list[tuple[Any, ...]], without: list[tuple[Any, ...]]) -> None:
    only_routed = sorted(set(with_router) - set(without))
    only_unrouted = sorted(set(without) - set(with_router))
    assert with_router == without, (
        f"{len(only_routed)} findings only with the router, e.g. {only_routed[:5]};"
        f" {len(only_unrouted)} only without, e.g. {only_unrouted[:5]}")


# --- the built-in rules ---------------------------------------------------------------------

@pytest.mark.parametrize(("seed", "now"), [(1, datetime(2027, 3, 1, tzinfo=MSK)), (2, None), (3, None)])
def test_router_finds_exactly_what_feeding_every_event_finds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int, now: datetime | None
) -> None:
    log, config, _lines = write_setup(tmp_path, seed)
    with_router, without, returned = routed_and_unrouted(monkeypatch, log, config, now)
    assert returned and all(result is not None for result in returned)  # the router was used
    assert_same(with_router, without)
    assert BUILTIN_LOG_RULES <= {finding[1] for finding in without}  # every log rule had work
    assert {"SMM001", "SMM002", "SMM003"} <= {finding[1] for finding in without}


@pytest.mark.parametrize("batch_bytes", [1, 3000])
def test_reading_the_log_in_batches_of_any_size_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, batch_bytes: int
) -> None:
    """Lines are read in batches; which events a batch holds (a reply and, further down, the
    comment it answers) must not change what the rules find, with or without the router."""
    if not hasattr(documents, "LOG_BATCH_BYTES"):
        pytest.skip("logs are not read in batches")
    log, config, _lines = write_setup(tmp_path, 8)
    whole_with, whole_without, _ = routed_and_unrouted(monkeypatch, log, config, None)
    monkeypatch.setattr(documents, "LOG_BATCH_BYTES", batch_bytes)
    small_with, small_without, _ = routed_and_unrouted(monkeypatch, log, config, None)
    assert_same(small_with, whole_with)
    assert_same(small_without, whole_without)
    assert_same(small_with, small_without)


def test_router_on_a_csv_log_finds_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A CSV log's records are dicts, not LogEvents: the router's other way of keying them."""
    import csv
    import io

    from smmlint.fastevents import FIELDS

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(FIELDS)
    for _line, event in make_log(7):
        if event is not None:
            writer.writerow([event["at"].isoformat() if name == "at" else event.get(name, "") for name in FIELDS])
    log = tmp_path / "log.csv"
    log.write_text(buffer.getvalue(), encoding="utf-8")
    config = tmp_path / ".smmlint.yaml"
    config.write_text(CONFIG, encoding="utf-8")
    with_router, without, returned = routed_and_unrouted(monkeypatch, log, config, None)
    assert returned and all(result is not None for result in returned)
    assert_same(with_router, without)
    assert BUILTIN_LOG_RULES <= {finding[1] for finding in without}


@pytest.mark.parametrize("allowed_when", ["[contest_rules, order_issue]", "[asked, order_issue]", "[]"])
def test_router_with_a_links_policy_finds_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, allowed_when: str
) -> None:
    """SMM902's conditions depend on the policy's `links.allowed_when` (fixed per document):
    worked out once per distinct event all the same, and they change what is found."""
    (tmp_path / "policy.yaml").write_text(
        "kind: policy\ncontests: {regulation_url: 'https://zerno.coffee/news'}\n"
        f"links: {{allowed_when: {allowed_when}}}\n", encoding="utf-8")
    log, config, _lines = write_setup(tmp_path, 9, CONFIG + "policy: policy.yaml\n")
    with_router, without, returned = routed_and_unrouted(monkeypatch, log, config, None)
    assert returned and all(result is not None for result in returned)
    assert_same(with_router, without)
    config.write_text(CONFIG, encoding="utf-8")
    default, _, _ = routed_and_unrouted(monkeypatch, log, config, None)
    by_policy = {f[2] for f in with_router if f[1] == "SMM902"}
    assert by_policy and by_policy != {f[2] for f in default if f[1] == "SMM902"}


def counted_routes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A counter of the routes worked out (``KindRouter.routes`` calls), kept up to date."""
    count = [0]
    real = router.KindRouter.routes

    def counting(self: Any, *args: Any) -> Any:
        count[0] += 1
        return real(self, *args)

    monkeypatch.setattr(router.KindRouter, "routes", counting)
    return count


def test_a_tiny_memo_emptied_over_and_over_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log, config, _lines = write_setup(tmp_path, 4)
    worked_out = counted_routes(monkeypatch)
    with_router, without, _ = routed_and_unrouted(monkeypatch, log, config, None)
    assert_same(with_router, without)
    default_work = worked_out[0]

    worked_out[0] = 0
    # The engine imports the limit by name: patch it where it is read (and at its source).
    monkeypatch.setattr(engine, "MEMO_LIMIT", 3, raising=False)
    monkeypatch.setattr(router, "MEMO_LIMIT", 3)
    tiny, without_again, returned = routed_and_unrouted(monkeypatch, log, config, None)
    assert all(result is not None for result in returned)
    assert worked_out[0] > 2 * default_work  # the memo really was emptied often
    assert without_again == without
    assert_same(tiny, without)


def test_routes_worked_out_without_the_memo_change_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Every batch counts as one the memo hardly helped: the engine rests the memo at once and
    # works every route out directly, as for a log whose texts never repeat.
    log, config, _lines = write_setup(tmp_path, 5)
    monkeypatch.setattr(engine, "LOG_BATCH_BYTES", 300, raising=False)
    monkeypatch.setattr(documents, "LOG_BATCH_BYTES", 300)
    monkeypatch.setattr(engine, "MEMO_PROBE_BATCH", 1)
    monkeypatch.setattr(engine, "MEMO_MISSED_BATCHES", 1)
    rested = counted_routes(monkeypatch)
    with_router, without, returned = routed_and_unrouted(monkeypatch, log, config, None)
    assert all(result is not None for result in returned) and rested[0] > 0
    assert_same(with_router, without)


# --- user rules ------------------------------------------------------------------------------

def rule(rule_id: str, name: str, check: str, options: str, message: str) -> str:
    return f"""\
  - id: {rule_id}
    name: {name}
    mistake: 3
    target: log
    severity: warning
    summary: A test rule.
    rationale: For the router tests.
    check: {check}
    options:
{options}
    message: "{message}"
    examples:
      bad: [{{title: bad, file: log.jsonl, text: "{{}}", lines: [1]}}]
      good: [{{title: good, file: log.jsonl, text: ""}}]
"""


PER_EVENT_RULES = "kind: rules\nrules:\n" + rule(
    "SMM990", "night-staff-reply", "forbidden",
    "      where: {kind: reply, role: staff, hour: {gte: 23}}",
    "staff reply {id} at night",
) + rule(
    "SMM991", "reply-to-ghost", "forbidden",
    "      where: {kind: reply, parent: {matches: '^ghost'}}",
    "reply {id} answers a ghost",
)
SHARED_RULES = "kind: rules\nrules:\n" + rule(
    "SMM992", "troll-coupons", "forbidden",
    "      where:\n        kind: {in: [comment, mention]}\n        author: {in: [troll1, troll2]}\n"
    "        any: [{text: {matches: '(?i)купон|coupon'}}, {is_emotional: true}]",
    "{id} by a troll: {excerpt}",
) + rule(
    "SMM993", "removed-outside-vk", "related",
    "      where:\n        kind: {in: [delete, hide, ban]}\n        not: {role: staff}\n      via: target\n"
    "      related_where:\n        any: [{platform: vk}, {community: zerno}]\n        not: {sentiment: positive}\n"
    "      report: unless_related_matches",
    "{kind} {id} acts on {related}",
) + rule(
    "SMM994", "telegram-mention-late", "response",
    "      trigger: {kind: mention, platform: telegram}\n      answer: {kind: reply, role: {in: [staff, bot]}}\n"
    "      deadline: 2h\n      report: late",
    "{id} answers {trigger} after {waited}",
) + rule(
    "SMM995", "own-link-mention", "forbidden",
    "      where: {kind: mention, has_own_link: true, url: {exists: true}}",
    "mention {id} links to us",
)


def user_config(tmp_path: Path, pack: str) -> str:
    folder = tmp_path / "team-rules"
    folder.mkdir(exist_ok=True)
    (folder / "pack.yaml").write_text(pack, encoding="utf-8")
    return CONFIG + "rule_paths: [team-rules]\n"


def lanes_of(config: Path, *rule_ids: str) -> list[Any]:
    """Lanes as the engine builds them (one per rule here), for ``router_for``."""
    settings = load_settings(config)
    profile = settings.profile_for(config.parent / "log.jsonl")
    lanes = []
    for loaded in profile.rules:
        if loaded.id in rule_ids:
            lanes.append(SimpleNamespace(gates=loaded.check_for("company").gates(), feed_batch=print))
    assert len(lanes) == len(rule_ids)
    return lanes


def test_conditions_reading_per_event_fields_turn_the_router_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log, config, lines = write_setup(tmp_path, 5, user_config(tmp_path, PER_EVENT_RULES))
    # Directly: each of the two rules alone, and beside a rule the router could serve.
    assert router.router_for(lanes_of(config, "SMM990"), EVENT_KINDS) is None  # hour
    assert router.router_for(lanes_of(config, "SMM991"), EVENT_KINDS) is None  # parent
    assert router.router_for(lanes_of(config, "SMM301", "SMM990"), EVENT_KINDS) is None
    assert router.router_for(lanes_of(config, "SMM301"), EVENT_KINDS) is not None
    assert router.router_for([SimpleNamespace(gates=None, feed_batch=print)], EVENT_KINDS) is None
    # A lane that can say what it reads but takes records only one by one needs every event.
    no_batches = lanes_of(config, "SMM301")[0]
    no_batches.feed_batch = None
    assert router.router_for([no_batches], EVENT_KINDS) is None
    # Through the engine.
    with_router, without, returned = routed_and_unrouted(monkeypatch, log, config, None)
    assert returned and all(result is None for result in returned)
    assert_same(with_router, without)
    # The findings are right, against an expectation built from the generated events.
    kept: dict[str, int] = {}  # first line of each id (later ones are duplicates, not checked)
    night, ghost = set(), set()
    for number, (_line, event) in enumerate(lines, 1):
        if event is None or event["id"] in kept:
            continue
        kept[event["id"]] = number
        if event["kind"] == "reply" and event.get("role") == "staff" and event["at"].astimezone(MSK).hour >= 23:
            night.add(number)
        if event["kind"] == "reply" and str(event.get("parent", "")).startswith("ghost"):
            ghost.add(number)
    assert night and ghost
    assert {f[2] for f in without if f[1] == "SMM990"} == night
    assert {f[2] for f in without if f[1] == "SMM991"} == ghost
    assert BUILTIN_LOG_RULES <= {f[1] for f in without}


def test_user_rules_reading_shared_fields_keep_the_router_and_change_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log, config, _lines = write_setup(tmp_path, 6, user_config(tmp_path, SHARED_RULES))
    routers = router.router_for(lanes_of(config, "SMM992", "SMM993", "SMM994", "SMM995"), EVENT_KINDS)
    assert routers is not None
    # The memo key holds every field a condition of the kind depends on, and nothing per event.
    assert {"author", "community", "platform", "sentiment", "text"} <= set(routers["comment"].fields)
    assert {"author", "community", "platform", "sentiment", "text", "url"} <= set(routers["mention"].fields)
    assert {"community", "platform", "role", "sentiment"} <= set(routers["delete"].fields)  # SMM993
    assert not fields.UNSHARED.intersection(*(set(r.fields) for r in routers.values()))
    with_router, without, returned = routed_and_unrouted(monkeypatch, log, config, None)
    assert returned and all(result is not None for result in returned)
    assert_same(with_router, without)
    assert {"SMM992", "SMM993", "SMM994", "SMM995"} | BUILTIN_LOG_RULES <= {f[1] for f in without}


# --- fields.shared_by / fields.READS ---------------------------------------------------------

def test_every_derived_field_says_what_it_reads() -> None:
    assert set(fields.DERIVED) == set(fields.READS)
    for name, read in fields.READS.items():
        if read is not None:
            assert all(field in fields.LOG_FIELDS or field in fields.PLAN_FIELDS for field in read), name


@pytest.mark.parametrize("name", ["id", "at", "parent", "target", "hour", "weekday", "date", "at.hour",
                                  "parent.x"])
def test_per_event_fields_are_never_shared(name: str) -> None:
    assert fields.shared_by([name]) is None
    assert fields.shared_by(["role", name, "is_question"]) is None


def test_shared_by_gives_the_record_fields_that_decide() -> None:
    assert fields.shared_by(["is_question", "role"]) == ("role", "text")
    assert fields.shared_by([]) == ()
    assert fields.shared_by(["is_negative"]) == ("sentiment", "text")
    assert fields.shared_by(["has_own_link", "is_abusive"]) == ("kind", "links", "text", "url")
    assert fields.shared_by(["author", "platform", "text"]) == ("author", "platform", "text")
