"""Benchmark smmlint on generated plans and logs against parser floors; prints, never fails."""

from __future__ import annotations

import argparse
import compileall
import heapq
import importlib.util
import json
import os
import platform
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import deque
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import orjson

SEED = 20261201
NOW = "2027-01-01T00:00:00+03:00"
PLAN_START = datetime(2026, 12, 1)
# The names smmlint looks for from the current folder upward (smmlint/config.py).
CONFIG_NAMES = (".smmlint.yaml", ".smmlint.yml", "smmlint.yaml")

# Targets: smmlint against the cost of merely parsing the same file.
PLAN_FLOOR_RATIO = 1.5
PLAN_YAMLLINT_RATIO = 0.1
LOG_FLOOR_RATIO = 3.0
LOG_PEAK_MB = 200.0
FLATNESS = 1.3
YAMLLINT_MAX_POSTS = 10_000  # yamllint is slow: only the small plans get it as a reference

ACCOUNT_FIELDS = "  type: company\n  timezone: Europe/Moscow\n  domains:\n    - zerno.coffee\n"
CONFIG_YAML = "account:\n" + ACCOUNT_FIELDS
PLAN_HEADER = "kind: plan\naccount:\n  name: Zerno Coffee\n" + ACCOUNT_FIELDS + "posts:\n"

YAML_FLOOR = (
    "import gc, sys\n"
    "gc.disable()\n"
    "from ruamel.yaml.cyaml import CSafeLoader\n"
    "CSafeLoader(open(sys.argv[1], encoding='utf-8').read()).get_single_node()\n"
)
JSONL_FLOOR = (
    "import sys, orjson\n"
    "with open(sys.argv[1], 'rb') as lines:\n"
    "    for line in lines:\n"
    "        orjson.loads(line)\n"
)
# smmlint's own reading, without a single check: the command line's imports, then the file
# to data with every position (plans), or decoded into events by the quick path (logs). What
# smmlint spends beyond this is validation, the rules and the report.
PLAN_READING = (
    "import sys\n"
    "import smmlint.cli\n"
    "from smmlint.sourcetree import load_yaml\n"
    "load_yaml(open(sys.argv[1], encoding='utf-8').read())\n"
)
LOG_READING = (
    "import sys\n"
    "import smmlint.cli\n"
    "from smmlint.fastevents import quick_batch\n"
    "with open(sys.argv[1], 'rb') as lines:\n"
    "    while batch := lines.readlines(1 << 19):\n"
    "        quick_batch(batch)\n"
)

# A child's ru_maxrss includes the peak RSS of the process that spawned it (subprocess uses
# vfork, and exec records the borrowed address space's high-water mark), so a big benchmark
# process would inflate every reading. A fresh, small interpreter does the spawning instead,
# and times the child itself so the launcher's own start-up is not counted.
LAUNCHER = (
    "import json, os, subprocess, sys, time\n"
    "argv, cwd, out, err = json.loads(sys.argv[1])\n"
    "with open(out, 'wb') as stdout, open(err, 'wb') as stderr:\n"
    "    start = time.perf_counter()\n"
    "    child = subprocess.Popen(argv, cwd=cwd, stdout=stdout, stderr=stderr)\n"
    "    _, status, usage = os.wait4(child.pid, 0)\n"
    "    wall = time.perf_counter() - start\n"
    "# wait4 reaped the child: tell Popen so it does not try again.\n"
    "child.returncode = os.waitstatus_to_exitcode(status)\n"
    "print(json.dumps({'wall': wall, 'rc': child.returncode, 'maxrss_kib': usage.ru_maxrss}))\n"
)

POST_RU = (
    "Доброе утро! Сегодня в Zerno варим Эфиопию на воронке, заходите попробовать.",
    "Новое зимнее меню уже в кофейнях: пряный раф, безалкогольный глинтвейн и имбирный латте.",
    "Рассказываем, как мы обжариваем зерно: маленькими партиями, по вторникам и пятницам.",
    "Бариста Аня делится секретом капучино: молоко не горячее 65 градусов.",
    "Какой десерт добавить в меню следующим? Пишите в комментариях.",
    "Мы открыли новую точку на Покровке, первые три дня скидка 20% на весь кофе.",
    "Собрали гид по альтернативным способам заваривания: аэропресс, кемекс и френч-пресс.",
    "Спасибо, что выбираете нас! Нам уже пять лет, и всё это время мы с вами.",
    "В субботу проводим каппинг для гостей, вход свободный, мест немного.",
    "Кофе с собой можно заказать заранее на сайте и забрать без очереди.",
)
POST_EN = (
    "Good morning! Today we brew an Ethiopian single origin on the V60, come and try it.",
    "Our winter menu is here: spiced raf, alcohol-free mulled wine and a ginger latte.",
    "How we roast: small batches every Tuesday and Friday, never more than ten kilos.",
    "Barista Anna shares her cappuccino secret: keep the milk below 65 degrees.",
    "Which dessert should join the menu next? Tell us in the comments.",
    "A new Zerno opens on Pokrovka this week, with 20% off all coffee for three days.",
    "Thank you for choosing us! Five years together and counting.",
    "Free cupping for guests this Saturday, places are limited.",
)
CONTEST_RU = (
    "Розыгрыш! Дарим годовой запас кофе одному из подписчиков.",
    "Условия: подпишитесь, поставьте лайк и отметьте друга в комментариях.",
)
CONTEST_EN = (
    "Giveaway! One follower wins a year of free coffee.",
    "To enter: follow us, like this post and tag a friend in the comments.",
)
OWN_LINKS = (
    "https://zerno.coffee/menu",
    "https://zerno.coffee/delivery",
    "https://shop.zerno.coffee/beans",
    "https://zerno.coffee/blog/roasting",
)
OTHER_LINKS = (
    "https://example.com/coffee-guide",
    "https://en.wikipedia.org/wiki/Coffee",
    "https://t.me/zerno_coffee",
    "https://vk.com/zernocoffee",
)
# Each network gets the formats it is used for; weights roughly as a café's plan would have them.
FORMATS = {
    "vk": (("photo", "video", "text", "poll", "clip", "story"), (40, 15, 20, 10, 10, 5)),
    "telegram": (("text", "photo", "video", "poll"), (45, 30, 15, 10)),
    "instagram": (("photo", "video", "story", "clip"), (40, 15, 25, 20)),
}
POST_HOURS = tuple(range(8, 22))

COMMENT_RU = (
    "Очень вкусный кофе, спасибо!",
    "Были вчера с друзьями, всё понравилось.",
    "Лучший раф в городе.",
    "Ждём новую точку на севере Москвы.",
    "Бариста сегодня был в ударе.",
)
COMMENT_EN = ("Great coffee, thanks!", "Loved the new ginger latte.", "Best flat white in town.")
QUESTION_RU = (
    "А доставка до Химок есть?",
    "Во сколько вы открываетесь в воскресенье?",
    "Как заказать зерно оптом?",
    "Где посмотреть меню?",
    "Можно оплатить картой на вынос?",
)
QUESTION_EN = ("How late are you open today?", "Do you have oat milk?", "Can I order beans online?")
NEGATIVE_RU = (
    "Ужасное обслуживание, ждали заказ сорок минут.",
    "Кофе был холодный, очень разочарован.",
    "Заказ так и не привезли, верните деньги!",
)
NEGATIVE_EN = (
    "Terrible service, waited forty minutes for a latte.",
    "The coffee was cold, really disappointed.",
)
REPLY_RU = (
    "Спасибо за отзыв! Передадим бариста.",
    "Здравствуйте! Напишите нам в личные сообщения, разберёмся.",
    "Доставка работает по всей Москве и области, подробности на сайте.",
    "Открываемся в 8:00 каждый день.",
)
REPLY_EN = (
    "Thank you! We'll pass it on to the team.",
    "Hi! Please message us privately and we'll sort it out.",
)
MENTION_RU = (
    "Зашли в Zerno на Покровке, отличный фильтр-кофе.",
    "Кто пробовал зимнее меню в Zerno Coffee?",
)
MENTION_EN = (
    "Anyone tried Zerno Coffee's winter menu?",
    "Zerno Coffee has the best beans in Moscow.",
)
STAFF = ("anna", "boris", "zerno_support")
MENTION_PLATFORMS = ("vk", "telegram", "instagram", "dzen", "other")

# Shares of all events; staff replies are not drawn but scheduled after the comments they
# answer, so the answer probabilities below are what yield the ~35% reply share.
ARRIVALS = (("comment", 0.45), ("mention", 0.10), ("moderation", 0.05), ("thread", 0.05))
ARRIVAL_SHARE = sum(share for _, share in ARRIVALS)
ARRIVAL_GAP_S = 90.0
ANSWER_PROBABILITY = {"question": 0.97, "negative": 0.9, "other": 0.45, "mention": 0.6}


@dataclass
class Measurement:
    """The best of several runs of one command."""

    wall_s: float | None = None
    peak_mb: float | None = None
    error: str | None = None
    stdout: Path | None = None


@dataclass
class Row:
    """One generated file and what each command cost on it."""

    kind: str
    items: int
    path: Path
    size_mb: float
    generated_s: float
    smmlint: Measurement = field(default_factory=Measurement)
    floor: Measurement | None = None
    reading: Measurement | None = None  # smmlint's imports and reading alone (PLAN_READING, LOG_READING)
    yamllint: Measurement | None = None
    findings: int | None = None
    by_rule: dict[str, int] = field(default_factory=dict)
    variant: str = ""  # "unique texts": every event's text differs (no two analysed alike)

    @property
    def label(self) -> str:
        unit = "posts" if self.kind == "plan" else "events"
        return f"{self.kind} {self.items:,} {unit}" + (f" ({self.variant})" if self.variant else "")


@dataclass
class Check:
    name: str
    value: float | None
    target: str
    passed: bool | None


# --- data --------------------------------------------------------------------------------


def compose(rng: random.Random, sentences: tuple[str, ...], low: int = 50, high: int = 300) -> str:
    """Sentences up to a random length in [low, high]; every sentence is short enough to fit."""
    goal = rng.randint(low, high)
    parts: list[str] = []
    length = -1
    while length < goal:
        sentence = rng.choice(sentences)
        if length + 1 + len(sentence) > high:
            break
        parts.append(sentence)
        length += 1 + len(sentence)
    return " ".join(parts)


def post_yaml(rng: random.Random, number: int, when: datetime, platform_name: str) -> str:
    english = rng.random() < 0.3
    contest = rng.random() < 0.02
    pool = POST_EN if english else POST_RU
    text = compose(rng, pool)
    if contest:
        text = " ".join(CONTEST_EN if english else CONTEST_RU)
    links: list[str] = []
    if rng.random() < 0.25:
        links.append(rng.choice(OWN_LINKS if rng.random() < 0.7 else OTHER_LINKS))
    if rng.random() < 0.05 and len(text) < 250:
        # Links inside the text count too; some plans only have them there.
        text += " " + rng.choice(OWN_LINKS)
    names, weights = FORMATS[platform_name]
    lines = [
        f"  - id: p{number:06d}-{platform_name}\n",
        f"    at: {when:%Y-%m-%d %H:%M}\n",
        f"    platform: {platform_name}\n",
        f"    format: {rng.choices(names, weights)[0]}\n",
        f"    text: {json.dumps(text, ensure_ascii=False)}\n",
    ]
    if links:
        # Block style: libyaml-based readers reject a URL inside a flow list.
        lines.append("    links:\n" + "".join(f"      - {link}\n" for link in links))
    if contest:
        lines.append("    contest:\n")
        if rng.random() < 0.8:  # the rest miss their rules, as real plans sometimes do
            lines.append(f"      rules_url: https://zerno.coffee/rules/p{number:06d}\n")
        lines.append(f"      ends: {when + timedelta(days=10):%Y-%m-%d}\n")
        lines.append(f"      prize: {'A year of coffee' if english else 'Годовой запас кофе'}\n")
        lines.append("      organiser: ООО Зерно\n")
    return "".join(lines)


def write_plan(path: Path, posts: int, rng: random.Random) -> None:
    """About two posts a day on each network, a few days with a third (too many for a company)."""
    with path.open("w", encoding="utf-8") as out:
        out.write(PLAN_HEADER)
        written, day = 0, 0
        while written < posts:
            date = PLAN_START + timedelta(days=day)
            for platform_name in FORMATS:
                slots = 3 if rng.random() < 0.02 else 2
                for hour in sorted(rng.sample(POST_HOURS, slots)):
                    if written == posts:
                        return
                    when = date.replace(hour=hour, minute=rng.choice((0, 15, 30, 45)))
                    written += 1
                    out.write(post_yaml(rng, written, when, platform_name))
            day += 1


def pick_text(rng: random.Random, russian: tuple[str, ...], english: tuple[str, ...]) -> str:
    return rng.choice(english if rng.random() < 0.25 else russian)


def write_log(path: Path, events: int, rng: random.Random, unique: bool = False) -> dict[str, int]:
    """Events in time order ending just before NOW; returns how many of each kind were written.

    ``unique``: every text ends with its event's number as a hashtag, so that no two events
    share a text and smmlint cannot reuse what it worked out for an earlier one.
    """
    span_s = events * ARRIVAL_SHARE * ARRIVAL_GAP_S
    # The arrival share is only expected, not exact: a 2% margin keeps every event before NOW.
    start = datetime.fromisoformat(NOW) - timedelta(seconds=span_s * 1.02 + 86_400)
    # Replies due later: (due second, sequence for ties, parent id, parent platform).
    pending: list[tuple[float, int, str, str]] = []
    recent_comments: deque[tuple[str, str]] = deque(maxlen=500)
    recent_negative: deque[str] = deque(maxlen=100)
    counts: dict[str, int] = {}
    thresholds: list[tuple[float, str]] = []
    total = 0.0
    for name, share in ARRIVALS:
        total += share / ARRIVAL_SHARE
        thresholds.append((total, name))
    arrival_t = rng.expovariate(1 / ARRIVAL_GAP_S)
    buffer: list[bytes] = []
    with path.open("wb") as out:
        for number in range(events):
            event_id = f"e{number:07d}"
            if pending and pending[0][0] <= arrival_t:
                due, _, parent, where = heapq.heappop(pending)
                event: dict[str, Any] = {
                    "id": event_id, "at": (start + timedelta(seconds=int(due))).isoformat(),
                    "kind": "reply", "role": "staff", "author": rng.choice(STAFF),
                    "platform": where, "parent": parent, "text": pick_text(rng, REPLY_RU, REPLY_EN),
                }
            else:
                when = start + timedelta(seconds=int(arrival_t))
                event = arrival(rng, event_id, when, thresholds, recent_comments, recent_negative)
                answer = event.pop("answer", None)
                if answer is not None and rng.random() < ANSWER_PROBABILITY[answer]:
                    # Most answers come within 10 min-3 h; a few a day or two late.
                    late = rng.random() < 0.08
                    delay = rng.uniform(4 * 3600, 48 * 3600) if late else rng.uniform(600, 3 * 3600)
                    due = arrival_t + delay
                    heapq.heappush(pending, (due, number, event_id, event["platform"]))
                arrival_t += rng.expovariate(1 / ARRIVAL_GAP_S)
            counts[event["kind"]] = counts.get(event["kind"], 0) + 1
            if unique and "text" in event:
                event["text"] += f" #{number}"
            buffer.append(orjson.dumps(event) + b"\n")
            if len(buffer) >= 10_000:
                out.writelines(buffer)
                buffer.clear()
        out.writelines(buffer)
    return counts


def arrival(
    rng: random.Random, event_id: str, when: datetime, thresholds: list[tuple[float, str]],
    recent_comments: deque[tuple[str, str]], recent_negative: deque[str],
) -> dict[str, Any]:
    """A subscriber's comment, mention or thread reply, or a moderator's delete/hide.

    ``answer`` (removed by the caller) says which answer probability applies, if any.
    """
    draw = rng.random()
    what = next((name for limit, name in thresholds if draw < limit), thresholds[-1][1])
    at = when.isoformat()
    platform_name = rng.choice(tuple(FORMATS))
    author = f"user{rng.randrange(20_000)}"
    if what == "comment":
        kind_draw = rng.random()
        event: dict[str, Any] = {"id": event_id, "at": at, "kind": "comment",
                                 "role": "subscriber", "author": author, "platform": platform_name}
        if kind_draw < 0.25:
            event["text"], event["answer"] = pick_text(rng, QUESTION_RU, QUESTION_EN), "question"
        elif kind_draw < 0.37:
            event["text"], event["answer"] = pick_text(rng, NEGATIVE_RU, NEGATIVE_EN), "negative"
            if rng.random() < 0.3:
                event["sentiment"] = "negative"
            recent_negative.append(event_id)
        else:
            event["text"], event["answer"] = pick_text(rng, COMMENT_RU, COMMENT_EN), "other"
            if rng.random() < 0.3:
                event["sentiment"] = rng.choice(("positive", "neutral"))
        recent_comments.append((event_id, platform_name))
        return event
    if what == "mention":
        platform_name = rng.choice(MENTION_PLATFORMS)
        return {"id": event_id, "at": at, "kind": "mention", "role": "subscriber",
                "author": author, "platform": platform_name,
                "url": f"https://{platform_name}.example/{event_id}",
                "text": pick_text(rng, MENTION_RU, MENTION_EN), "answer": "mention"}
    if what == "thread" and recent_comments:
        parent, platform_name = rng.choice(recent_comments)
        return {"id": event_id, "at": at, "kind": "reply", "role": "subscriber",
                "author": author, "platform": platform_name, "parent": parent,
                "text": pick_text(rng, COMMENT_RU, COMMENT_EN)}
    # Moderation (also the first thread reply, before any comment exists to reply to):
    # negative comments are the likelier targets.
    event = {"id": event_id, "at": at, "kind": rng.choice(("delete", "hide")), "role": "staff",
             "author": rng.choice(STAFF), "platform": platform_name}
    if recent_negative and rng.random() < 0.5:
        event["target"] = rng.choice(recent_negative)
    elif recent_comments:
        event["target"] = rng.choice(recent_comments)[0]
    if rng.random() < 0.5:
        event["reason"] = rng.choice(("spam", "abuse"))
    return event


# --- measuring ---------------------------------------------------------------------------


def run_once(argv: list[str], cwd: Path, out: Path, err: Path, timeout_s: float) -> dict[str, Any]:
    """One run through the launcher; a hang is killed with its whole process group."""
    launcher = subprocess.Popen(
        [sys.executable, "-c", LAUNCHER, json.dumps([argv, str(cwd), str(out), str(err)])],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
    )
    try:
        stdout, stderr = launcher.communicate(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        os.killpg(launcher.pid, signal.SIGKILL)
        launcher.communicate()
        return {"rc": None, "error": f"timed out after {timeout_s:.0f} s"}
    if launcher.returncode != 0:
        return {"rc": None, "error": "launcher failed: " + stderr.decode(errors="replace")}
    return json.loads(stdout)  # type: ignore[no-any-return]


@dataclass
class Runner:
    """Runs commands from a config-free folder, keeping each one's output in ``logs``."""

    cwd: Path
    logs: Path
    repeat: int
    timeout_s: float

    def measure(self, label: str, argv: list[str], ok_codes: tuple[int, ...] = (0,)) -> Measurement:
        """Best wall time of the repeats; peak memory is the highest seen, to stay conservative."""
        slug = label.replace(" ", "-")
        out, err = self.logs / f"{slug}.out", self.logs / f"{slug}.err"
        best = Measurement(stdout=out)
        for _ in range(self.repeat):
            result = run_once(argv, self.cwd, out, err, self.timeout_s)
            if result["rc"] not in ok_codes:
                reason = result.get("error") or f"exit code {result['rc']}"
                stderr = err.read_text(encoding="utf-8", errors="replace") if err.exists() else ""
                print(f"\n!!! {label} FAILED ({reason})\n!!! command: {' '.join(argv)}\n{stderr}",
                      flush=True)
                return Measurement(error=reason, stdout=out)
            peak = result["maxrss_kib"] / 1024
            wall = result["wall"]
            best.wall_s = wall if best.wall_s is None else min(best.wall_s, wall)
            best.peak_mb = peak if best.peak_mb is None else max(best.peak_mb, peak)
        return best


def smmlint_argv(path: Path, config: Path | None) -> list[str]:
    argv = [sys.executable, "-m", "smmlint", "check", str(path), "--format", "json", "--now", NOW]
    return argv + ["--config", str(config)] if config else argv


def measure_row(row: Row, runner: Runner, config: Path, floor_ok: bool, yamllint_ok: bool) -> None:
    """smmlint, then the floor (and yamllint for small plans) on the same file."""
    label, path = row.label, str(row.path)
    print(f"measuring {label} ...", flush=True)
    argv = smmlint_argv(row.path, config if row.kind == "log" else None)
    row.smmlint = runner.measure(f"smmlint {label}", argv, (0, 1))
    read_findings(row)
    reading = LOG_READING if row.kind == "log" else PLAN_READING
    row.reading = runner.measure(f"reading only {label}", [sys.executable, "-c", reading, path])
    if row.kind == "log":
        argv = [sys.executable, "-c", JSONL_FLOOR, path]
        row.floor = runner.measure(f"jsonl floor {label}", argv)
        return
    if floor_ok:
        row.floor = runner.measure(f"yaml floor {label}", [sys.executable, "-c", YAML_FLOOR, path])
    if yamllint_ok and row.items <= YAMLLINT_MAX_POSTS:
        argv = [sys.executable, "-m", "yamllint", "-d", "relaxed", path]
        row.yamllint = runner.measure(f"yamllint {label}", argv, (0, 1))


def read_findings(row: Row) -> None:
    """Count what smmlint reported, so a fast run that checked nothing is visible."""
    stdout = row.smmlint.stdout
    if row.smmlint.error or stdout is None:
        return
    try:
        summary = orjson.loads(stdout.read_bytes())["summary"]
    except (OSError, orjson.JSONDecodeError, KeyError, TypeError):
        return
    row.findings, row.by_rule = summary.get("findings"), summary.get("by_rule", {})


def yaml_floor() -> tuple[bool, str]:
    """Whether ruamel.yaml's C composer is importable, and which C library backs it."""
    try:
        from ruamel.yaml import cyaml
    except ImportError as error:
        return False, str(error)
    # ruamel.yaml >= 0.19 uses ruamel.yaml.clibz when ruamel.yaml.clib is absent.
    return True, f"ruamel.yaml C composer ({getattr(cyaml, '__yaml_lib', '?')})"


def configs_above(folder: Path) -> list[Path]:
    folders = (folder, *folder.parents)
    return [base / name for base in folders for name in CONFIG_NAMES if (base / name).is_file()]


# --- report ------------------------------------------------------------------------------


def ratio(top: Measurement, bottom: Measurement | None) -> float | None:
    if bottom is None or top.wall_s is None or bottom.wall_s is None or bottom.wall_s == 0:
        return None
    return top.wall_s / bottom.wall_s


def verdict(value: float | None, limit: float) -> tuple[bool | None, str]:
    if value is None:
        return None, "n/a"
    passed = value <= limit
    return passed, "PASS" if passed else "MISS"


def fmt(value: float | None, spec: str, unit: str = "") -> str:
    return "-" if value is None else format(value, spec) + unit


def per_item_us(row: Row, startup: Measurement) -> tuple[float | None, float | None]:
    """Raw µs per item, and net of the one-item start-up so fixed costs do not flatter big files."""
    if row.smmlint.wall_s is None:
        return None, None
    raw = row.smmlint.wall_s / row.items * 1e6
    if startup.wall_s is None:
        return raw, None
    net = row.smmlint.wall_s - startup.wall_s
    # A run no longer than the start-up (a small file, a noisy machine) has no net figure.
    return raw, net / row.items * 1e6 if net > 0 else None


def report(rows: list[Row], startups: dict[str, Measurement], yamllint_ok: bool) -> list[Check]:
    checks = [
        *floor_table(rows),
        *side_figures(rows, yamllint_ok),
        *flatness(rows, startups),
    ]
    reading_table(rows)
    print("\nfindings by rule:")
    for row in rows:
        rules = ", ".join(f"{rule} {count:,}" for rule, count in row.by_rule.items()) or "-"
        print(f"  {row.label}: {rules}")
    missed = [check.name for check in checks if check.passed is False]
    passed = sum(check.passed is True for check in checks)
    print(f"\ntargets: {passed} PASS, {len(missed)} MISS"
          + (f" ({'; '.join(missed)})" if missed else ""))
    return checks


def floor_table(rows: list[Row]) -> list[Check]:
    checks: list[Check] = []
    width = max([22, *(len(row.label) + 2 for row in rows)])
    header = (f"{'file':<{width}}{'size MB':>9}{'smmlint s':>11}{'floor s':>9}{'ratio':>8}  "
              f"{'target':<13}{'smmlint MB':>11}{'floor MB':>10}{'findings':>10}")
    print("\n" + header + "\n" + "-" * len(header))
    for row in rows:
        limit = PLAN_FLOOR_RATIO if row.kind == "plan" else LOG_FLOOR_RATIO
        value = ratio(row.smmlint, row.floor)
        passed, mark = verdict(value, limit)
        if row.smmlint.error:
            mark = "FAIL"
        checks.append(Check(f"{row.label} / floor", value, f"<= {limit}", passed))
        floor = row.floor or Measurement()
        name = row.label
        print(f"{name:<{width}}{row.size_mb:>9.1f}{fmt(row.smmlint.wall_s, '.3f'):>11}"
              f"{fmt(floor.wall_s, '.3f'):>9}{fmt(value, '.2f', 'x'):>8}  "
              f"{f'<={limit}x ' + mark:<13}{fmt(row.smmlint.peak_mb, '.1f'):>11}"
              f"{fmt(floor.peak_mb, '.1f'):>10}{fmt(row.findings, ','):>10}")
    return checks


def side_figures(rows: list[Row], yamllint_ok: bool) -> list[Check]:
    """The log memory ceiling and the yamllint reference."""
    checks: list[Check] = []
    print()
    for row in rows:
        if row.kind == "log":
            passed, mark = verdict(row.smmlint.peak_mb, LOG_PEAK_MB)
            name = f"{row.label} peak MB"
            checks.append(Check(name, row.smmlint.peak_mb, f"<= {LOG_PEAK_MB}", passed))
            print(f"peak memory, {row.label}: {fmt(row.smmlint.peak_mb, '.1f')} MB"
                  f" (target <= {LOG_PEAK_MB:.0f} MB) {mark}")
        if row.yamllint is not None:
            value = ratio(row.smmlint, row.yamllint)
            passed, mark = verdict(value, PLAN_YAMLLINT_RATIO)
            name = f"plan {row.items:,} / yamllint"
            checks.append(Check(name, value, f"<= {PLAN_YAMLLINT_RATIO}", passed))
            print(f"yamllint -d relaxed, plan {row.items:,} posts: "
                  f"{fmt(row.yamllint.wall_s, '.3f')} s, {fmt(row.yamllint.peak_mb, '.1f')} MB;"
                  f" smmlint/yamllint {fmt(value, '.3f', 'x')}"
                  f" (target <= {PLAN_YAMLLINT_RATIO}x) {mark}")
    if not yamllint_ok:
        print("yamllint is not installed: reference skipped (pip install -e '.[bench]')")
    return checks


def reading_table(rows: list[Row]) -> None:
    """What smmlint's imports and reading alone take, against the floor: the part of the
    target's budget that is spent before any check runs (no target of its own)."""
    print("\nreading alone (smmlint's imports, the file to data; no checks), against the floor:")
    for row in rows:
        reading = row.reading or Measurement()
        if reading.error:
            print(f"  {row.label}: FAILED ({reading.error})")
            continue
        print(f"  {row.label}: {fmt(reading.wall_s, '.3f')} s = {fmt(ratio(reading, row.floor), '.2f', 'x')};"
              f" checking adds {fmt(_difference(row.smmlint, reading), '.3f')} s"
              f" (smmlint {fmt(ratio(row.smmlint, row.floor), '.2f', 'x')})")


def _difference(top: Measurement, bottom: Measurement) -> float | None:
    if top.wall_s is None or bottom.wall_s is None:
        return None
    return top.wall_s - bottom.wall_s


def flatness(rows: list[Row], startups: dict[str, Measurement]) -> list[Check]:
    """Per-item time at each size against the smallest size of the same kind."""
    checks: list[Check] = []
    print("\nstart-up (smmlint on a one-item file): " + ", ".join(
        f"{kind} FAILED ({m.error}), net figures skipped" if m.error
        else f"{kind} {fmt(m.wall_s, '.3f')} s / {fmt(m.peak_mb, '.1f')} MB"
        for kind, m in startups.items()))
    print(f"\n{'per item':<22}{'raw us':>10}{'net us':>10}")
    for kind in ("plan", "log"):
        sized = sorted((row for row in rows if row.kind == kind and not row.variant), key=lambda row: row.items)
        figures = [(row, *per_item_us(row, startups[kind])) for row in sized]
        for row, raw, net in figures:
            name = f"{kind} {row.items:,}"
            print(f"{name:<22}{fmt(raw, '.1f'):>10}{fmt(net, '.1f'):>10}")
        # The base is the smallest size with a net figure (a run as short as the start-up has none).
        measured = [index for index, (_, _, net) in enumerate(figures) if net is not None]
        if not measured or measured[0] + 1 >= len(figures):
            continue
        base, base_raw, base_net = figures[measured[0]]
        for row, raw, net in figures[measured[0] + 1:]:
            value = None if net is None or not base_net else net / base_net
            raw_ratio = None if raw is None or not base_raw else raw / base_raw
            passed, mark = verdict(value, FLATNESS)
            name = f"{kind} per item {row.items:,} vs {base.items:,}"
            checks.append(Check(name, value, f"<= {FLATNESS}", passed))
            print(f"  {name}: net {fmt(value, '.2f', 'x')} (target <= {FLATNESS}x) {mark};"
                  f" raw {fmt(raw_ratio, '.2f', 'x')}")
    return checks


# --- main --------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    add = parser.add_argument
    add("--quick", action="store_true", help="1,000 posts, 10,000 events, one repeat (smoke test)")
    add("--sizes-plan", type=int, nargs="+", default=[10_000, 100_000], metavar="N",
        help="plan sizes in posts")
    add("--sizes-log", type=int, nargs="+", default=[10_000, 100_000, 1_000_000], metavar="M",
        help="log sizes in events")
    add("--unique-log", type=int, nargs="*", default=[100_000], metavar="M",
        help="also logs of these sizes where every text differs (the worst case for smmlint)")
    add("--repeat", type=int, default=3, help="runs per command; the best time counts")
    add("--out", type=Path, help="generate into and keep this folder (default: a temp folder)")
    add("--json", type=Path, help="also write the figures to this JSON file")
    add("--timeout", type=float, default=900.0, help="seconds before one run is killed")
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes_plan, args.sizes_log, args.unique_log, args.repeat = [1_000], [10_000], [], 1
    args.repeat = max(1, args.repeat)
    return args


def generate(kind: str, items: int, folder: Path, unique: bool = False) -> Row:
    path = folder / (f"plan-{items}.yaml" if kind == "plan" else f"log-{items}{'-unique' if unique else ''}.jsonl")
    # Each file has its own seed so a size's data does not depend on which other sizes ran.
    rng = random.Random(f"{SEED}-{kind}-{items}")
    start = time.perf_counter()
    detail = ""
    if kind == "plan":
        write_plan(path, items, rng)
    else:
        counts = write_log(path, items, rng, unique)
        shares = (f"{name} {count / items:.0%}" for name, count in sorted(counts.items()))
        detail = " (" + ", ".join(shares) + ")"
    elapsed = time.perf_counter() - start
    size_mb = path.stat().st_size / 2**20
    print(f"generated {path.name}: {size_mb:.1f} MB in {elapsed:.1f} s{detail}", flush=True)
    return Row(kind, items, path, size_mb, elapsed, variant="unique texts" if unique else "")


def compile_package() -> str:
    """Byte-compile smmlint's own modules, as installing it from a wheel does.

    An editable install (``pip install -e``) leaves no ``.pyc`` files, and where
    PYTHONDONTWRITEBYTECODE is set every run would compile the whole package again: a cost
    a user's installed smmlint does not pay, so it is kept out of the figures.
    """
    spec = importlib.util.find_spec("smmlint")
    if spec is None or spec.origin is None:
        return "smmlint not found: start-up includes compiling its modules"
    package = Path(spec.origin).parent
    ok = compileall.compile_dir(str(package), quiet=1)
    return f"byte-compiled {package}" if ok else f"could not byte-compile all of {package}"


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    keep = args.out is not None
    folder = args.out.resolve() if keep else Path(tempfile.mkdtemp(prefix="smmlint-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    runner = Runner(folder, folder / "runs", args.repeat, args.timeout)
    runner.logs.mkdir(exist_ok=True)
    try:
        found = configs_above(folder)
        if found:
            print(f"warning: smmlint will use {found[0]} for the plans", flush=True)
        config = folder / "bench-config.yaml"
        config.write_text(CONFIG_YAML, encoding="utf-8")
        floor_ok, floor_name = yaml_floor()
        print(compile_package(), flush=True)
        yamllint_ok = importlib.util.find_spec("yamllint") is not None
        print(f"python {platform.python_version()} on {platform.platform()}, {os.cpu_count()} CPUs;"
              f" repeat {args.repeat}; files in {folder}")
        print(f"YAML floor: {floor_name}" if floor_ok
              else f"YAML floor unavailable ({floor_name}): ratio skipped")
        print("JSONL floor: orjson.loads per line", flush=True)

        # One-item files give smmlint's fixed start-up cost, taken off the per-item figures.
        startup_plan, startup_log = folder / "startup-plan.yaml", folder / "startup-log.jsonl"
        startup_plan.write_text(PLAN_HEADER + post_yaml(random.Random(SEED), 1, PLAN_START, "vk"),
                                encoding="utf-8")
        startup_log.write_bytes(orjson.dumps(
            {"id": "e1", "at": "2026-12-31T10:00:00+03:00", "kind": "comment", "text": "Спасибо!"}
        ) + b"\n")
        startups = {
            "plan": runner.measure("startup plan", smmlint_argv(startup_plan, None), (0, 1)),
            "log": runner.measure("startup log", smmlint_argv(startup_log, config), (0, 1)),
        }
        rows = [generate("plan", n, folder) for n in args.sizes_plan]
        rows += [generate("log", m, folder) for m in args.sizes_log]
        rows += [generate("log", m, folder, unique=True) for m in args.unique_log]
        for row in rows:
            measure_row(row, runner, config, floor_ok, yamllint_ok)
        checks = report(rows, startups, yamllint_ok)
        if args.json:
            figures = {
                "python": platform.python_version(), "platform": platform.platform(),
                "cpus": os.cpu_count(), "repeat": args.repeat,
                "yaml_floor": floor_name if floor_ok else None,
                "startup": {kind: asdict(m) for kind, m in startups.items()},
                "files": [asdict(row) for row in rows],
                "checks": [asdict(check) for check in checks],
            }
            args.json.write_bytes(orjson.dumps(figures, default=str, option=orjson.OPT_INDENT_2))
            print(f"figures written to {args.json}")
    finally:
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
