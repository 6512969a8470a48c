"""The nine mistakes found at the right lines in realistic Russian and English documents.

Plans and policies mark the lines where findings are expected with a trailing comment
``# expect: SMM101 SMM103``; logs are built from (event, expected rules) pairs. Every test
asserts the exact set of findings, so a clean line that is flagged fails as surely as a missed
mistake.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from smmlint.engine import lint_paths

EXPECT = re.compile(r"#\s*expect:\s*([A-Z0-9 ]+)")

PLAN_RU = """\
# План публикаций кофейни «Зерно», декабрь 2026
kind: plan
account:
  name: Кофейня «Зерно»
  type: company
  timezone: Europe/Moscow
  domains: [zerno.coffee]
posts:
  - {id: vk-01, at: 2026-12-01 10:00, platform: vk, format: photo, text: "Зимнее меню уже в кофейне: пряный раф и облепиховый чай.", links: [https://zerno.coffee/menu]}
  - {id: vk-02, at: 2026-12-02 12:00, platform: vk, format: story, text: Утро бариста в сторис}
  - {id: vk-03, at: 2026-12-03 10:00, platform: vk, format: poll, text: "Какой десерт добавить в меню?"}
  - {id: vk-04, at: 2026-12-03 14:00, platform: vk, format: clip, text: Как мы обжариваем зерно}
  - {id: vk-05, at: 2026-12-03 14:20, platform: vk, format: photo, text: "Новые кружки: shop.zerno.coffee/mugs"}  # expect: SMM101 SMM103
  - {id: vk-06, at: 2026-12-04 23:40, platform: vk, format: text, text: Спокойной ночи от «Зерна»}  # expect: SMM104
  - {id: vk-07, at: 2026-12-05 11:00, platform: vk, format: photo, text: "Розыгрыш! Сделайте репост и выиграйте годовой запас кофе"}  # expect: SMM501
  - {id: vk-08, at: 2026-12-08 11:00, platform: vk, format: video, text: "Мы вернулись после ремонта, подробности на https://zerno.coffee/news"}  # expect: SMM102 SMM901
  - id: vk-09
    at: 2026-12-09 12:00
    platform: vk
    format: photo
    text: Конкурс рисунков на стаканчиках
    contest: {rules_url: "https://zerno.coffee/rules", ends: 2026-12-20, prize: сертификат на 3000 ₽}  # expect: SMM502
  - {id: vk-10, at: 2026-12-10 12:00, platform: vk, format: text, text: "Спасибо, что вы с нами"}
  - {id: tg-01, at: 2026-12-01 09:00, platform: telegram, format: text, text: Доброе утро! Открылись в 8:00}
  - {id: tg-02, at: 2026-12-02 09:00, platform: telegram, format: poll, text: "Капучино или флэт уайт?"}
  - {id: tg-03, at: 2026-12-03 09:00, platform: telegram, format: story, text: Новая обжарка}
"""

POLICY_RU = """\
kind: policy
responders:
  - topics: [доставка, заказы]
    owner: Анна
    respond_within: 2h
  - topics: [всё остальное]
    owner: Олег
    respond_within: 4h
escalation:
  - situation: публичные обвинения, возможная атака конкурентов
    steps: [не спорить публично, перевести в личные сообщения, подключить управляющего]
    owner: руководитель SMM
negative_comments:  # expect: SMM402
  delete: never
contests:
  regulation_url: https://zerno.coffee/contest-regulation
  approved_by: юрист
links:
  allowed_when: [asked, contest_rules]
"""

PLAN_EN = """\
kind: plan
account: {name: Daily Brew News, type: media, timezone: Europe/London, domains: [dailybrew.news]}
posts:
  - {id: n1, at: 2026-12-01 07:00, platform: telegram, format: text, text: Morning headlines}
  - {id: n2, at: 2026-12-01 08:00, platform: telegram, format: photo, text: Coffee prices rise again}
  - {id: n3, at: 2026-12-01 08:30, platform: telegram, format: poll, text: Would you pay more for fair trade?}
  - {id: n4, at: 2026-12-01 10:00, platform: telegram, format: video, text: Inside a roastery}
  - {id: n5, at: 2026-12-01 12:00, platform: telegram, format: story, text: Behind the scenes}
  - {id: n6, at: 2026-12-01 14:00, platform: telegram, format: text, text: "Win a grinder: giveaway today!", contest: {rules_url: "https://dailybrew.news/rules", ends: 2026-12-05, prize: a grinder, organiser: Daily Brew Ltd}}
  - {id: n7, at: 2026-12-01 16:00, platform: telegram, format: text, text: Afternoon digest}
  - {id: n8, at: 2026-12-01 18:00, platform: telegram, format: text, text: Evening digest}
  - {id: n9, at: 2026-12-01 20:00, platform: telegram, format: article, text: Long read}
  - {id: n10, at: 2026-12-01 21:00, platform: telegram, format: text, text: Late news}
  - {id: n11, at: 2026-12-01 22:00, platform: telegram, format: text, text: Night owl digest}  # expect: SMM101
  - {id: n12, at: 2026-12-02 01:30, platform: telegram, format: text, text: Breaking overnight}  # expect: SMM102 SMM104
"""

POLICY_EN = """\
# The newsroom's community policy
kind: policy
responders:
  - topics: [subscriptions]
    owner: maria
    respond_within: 3h
escalation: []  # expect: SMM302
negative_comments:
  delete: spam_and_abuse_only
  procedure: answer within 1h and follow up
contests:  # expect: SMM503
  regulation_url: https://dailybrew.news/contest-regulation
monitoring:
  tool: youscan
  respond_within: 4h
links: {}  # expect: SMM903
"""


def expected_lines(text: str) -> set[tuple[str, int]]:
    found = set()
    for number, line in enumerate(text.splitlines(), start=1):
        match = EXPECT.search(line)
        if match:
            found.update((rule, number) for rule in match.group(1).split())
    return found


def write_log(path: Path, events: list[tuple[dict[str, Any], str]]) -> set[tuple[str, int]]:
    lines, expected = [], set()
    for number, (event, rules) in enumerate(events, start=1):
        lines.append(json.dumps(event, ensure_ascii=False))
        expected.update((rule, number) for rule in rules.split())
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return expected


def ev(identity: str, at: str, kind: str, **fields: Any) -> dict[str, Any]:
    return {"id": identity, "at": f"2026-12-{at}:00+03:00", "kind": kind, **fields}


LOG_RU = [
    (ev("c1", "01T10:00", "comment", role="subscriber", text="А есть безлактозное молоко?"), "SMM201"),
    (ev("c2", "01T10:05", "comment", role="subscriber", text="Во сколько вы открываетесь в субботу?"), ""),
    (ev("r2", "01T10:30", "reply", role="staff", parent="c2", text="С 9:00, ждём вас!"), ""),
    (ev("c3", "01T11:00", "comment", role="subscriber", text="Где можно посмотреть меню?"), ""),
    (ev("r3", "01T19:00", "reply", role="staff", parent="c3", text="В закреплённом посте."), "SMM202"),
    (ev("c4", "01T12:00", "comment", role="subscriber", text="Кофе остыл, пока несли. Очень разочарован"), ""),
    (ev("r4", "01T12:10", "reply", role="staff", parent="c4", text="ВЫ САМИ ЗАКАЗАЛИ НЕ ТОТ НАПИТОК!!!"), "SMM301"),
    (ev("c5", "01T13:00", "comment", role="subscriber", text="Ужасное обслуживание, больше не приду"), ""),
    (ev("d5", "01T13:05", "delete", role="staff", target="c5"), "SMM401"),
    (ev("c6", "01T13:10", "comment", role="subscriber", text="Заработок от 100000 в день, пишите в личку"), ""),
    (ev("d6", "01T13:11", "delete", role="staff", target="c6", reason="spam"), ""),
    (ev("c7", "01T14:00", "comment", role="subscriber", text="Спасибо за вкусный раф!"), ""),
    (ev("r7", "01T14:10", "reply", role="staff", parent="c7", text="Рады! Зёрна можно купить тут: https://zerno.coffee/beans"), "SMM902"),
    (ev("c8", "01T14:20", "comment", role="subscriber", text="Дайте ссылку на магазин зёрен, пожалуйста"), ""),
    (ev("r8", "01T14:25", "reply", role="staff", parent="c8", text="Конечно: https://shop.zerno.coffee"), ""),
    (ev("m1", "01T15:00", "mention", platform="vk", text="Зашли в «Зерно» — лучший раф в городе", url="https://vk.com/wall-1_2"), "SMM801"),
    (ev("m2", "01T16:00", "mention", platform="telegram", text="Кто-нибудь был в кофейне Зерно?"), ""),
    (ev("r9", "02T01:30", "reply", role="staff", parent="m2", text="Были бы рады видеть вас!"), "SMM802"),
    (ev("c9", "02T09:00", "comment", role="subscriber", text="Доброе утро!"), ""),
]

LOG_EN = [
    (ev("q1", "01T10:00", "comment", role="subscriber", text="Do you deliver to Camden?"), "SMM201"),
    (ev("q2", "01T10:10", "comment", role="subscriber", text="How much is the oat latte"), ""),
    (ev("a2", "01T10:20", "reply", role="staff", parent="q2", text="It is £3.20."), ""),
    (ev("q3", "01T10:30", "comment", role="subscriber", text="your coffee is awful", sentiment="negative"), ""),
    (ev("a3", "01T10:40", "reply", role="staff", parent="q3", text="Yeah right, nobody else complains"), "SMM301"),
    (ev("h3", "01T10:41", "hide", role="staff", target="q3"), "SMM401"),
    (ev("q4", "01T11:00", "comment", role="subscriber", text="Where can I buy your beans online?"), ""),
    (ev("a4", "01T11:05", "reply", role="staff", parent="q4", text="Right here: https://dailybrew.news/shop"), ""),
    (ev("q5", "01T11:30", "comment", role="subscriber", text="Lovely photo"), ""),
    (ev("a5", "01T11:35", "reply", role="staff", parent="q5", text="Thanks! Subscribe at https://www.dailybrew.news/subscribe"), "SMM902"),
    (ev("m1", "01T12:00", "mention", text="Daily Brew got the roastery story wrong"), "SMM801"),
    (ev("m2", "01T12:30", "mention", text="Great piece by Daily Brew today"), ""),
    (ev("a6", "01T13:00", "reply", role="staff", parent="m2", text="Thank you for reading!"), ""),
    (ev("x1", "02T12:00", "comment", role="subscriber", text="Good morning"), ""),
]


def lint(tmp_path: Path, files: dict[str, str], config: str, now: str | None = None) -> set[tuple[str, str, int]]:
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / ".smmlint.yaml").write_text(config, encoding="utf-8")
    report = lint_paths([tmp_path], cwd=tmp_path)
    assert not report.internal_errors
    return {(finding.path, finding.rule, finding.line) for finding in report.findings}


def with_path(name: str, found: set[tuple[str, int]]) -> set[tuple[str, str, int]]:
    return {(name, rule, line) for rule, line in found}


def test_russian_plan_policy_and_log(tmp_path: Path) -> None:
    log_expected = write_log(tmp_path / "log.jsonl", LOG_RU)
    found = lint(
        tmp_path,
        {"plan.yaml": PLAN_RU, "policy.yaml": POLICY_RU},
        "account: {type: company, timezone: Europe/Moscow, domains: [zerno.coffee]}\n"
        "now: 2026-12-02T12:00:00+03:00\n",
    )
    expected = (with_path("plan.yaml", expected_lines(PLAN_RU))
                | with_path("policy.yaml", expected_lines(POLICY_RU)
                            | {("SMM803", 1)})  # no monitoring section: reported at the document
                | with_path("log.jsonl", log_expected))
    assert found == expected


def test_english_plan_policy_and_log(tmp_path: Path) -> None:
    log_expected = write_log(tmp_path / "log.jsonl", LOG_EN)
    found = lint(
        tmp_path,
        {"plan.yaml": PLAN_EN, "policy.yaml": POLICY_EN},
        "account: {type: media, timezone: Europe/London, domains: [dailybrew.news]}\n"
        "now: 2026-12-02T12:00:00+03:00\n",
    )
    expected = (with_path("plan.yaml", expected_lines(PLAN_EN))
                | with_path("policy.yaml", expected_lines(POLICY_EN))
                | with_path("log.jsonl", log_expected))
    assert found == expected


CLEAN_PLAN = """\
kind: plan
account: {name: Zerno, type: company, timezone: Europe/Moscow, domains: [zerno.coffee]}
posts:
  - {id: p1, at: 2026-12-01 10:00, platform: vk, format: photo, text: Доброе утро!}
  - {id: p2, at: 2026-12-01 18:00, platform: vk, format: story, text: Вечерний раф}
  - {id: p3, at: 2026-12-02 10:00, platform: vk, format: clip, text: How we roast}
  - {id: p4, at: 2026-12-03 10:00, platform: vk, format: poll, text: "Какой сироп добавить?"}
  - {id: p5, at: 2026-12-04 10:00, platform: vk, format: text, text: Weekend hours, links: [https://zerno.coffee/hours]}
"""

CLEAN_POLICY = """\
kind: policy
responders:
  - {topics: [everything], owner: anna, respond_within: 2h}
escalation:
  - {situation: public accusation, steps: [stay calm, move to DM], owner: head_of_smm}
negative_comments: {delete: never, procedure: answer within 1h}
contests: {regulation_url: "https://zerno.coffee/contest-regulation", approved_by: legal}
monitoring: {tool: brand-analytics, respond_within: 6h}
links: {allowed_when: [asked]}
content_mix: {photo: 0.2, story: 0.2, clip: 0.2, poll: 0.2, text: 0.2}
"""

CLEAN_LOG = [
    (ev("c1", "01T10:00", "comment", role="subscriber", text="Можно с собакой?"), ""),
    (ev("r1", "01T10:30", "reply", role="staff", parent="c1", text="Конечно, у нас есть миски для воды."), ""),
    (ev("m1", "01T11:00", "mention", text="Zerno is my favourite place"), ""),
    (ev("r2", "01T12:00", "reply", role="staff", parent="m1", text="Thank you, see you soon!"), ""),
    (ev("c2", "01T12:30", "comment", role="subscriber", text="Spam spam buy followers"), ""),
    (ev("d2", "01T12:31", "delete", role="staff", target="c2", reason="spam"), ""),
]


def test_clean_documents_have_no_findings(tmp_path: Path) -> None:
    write_log(tmp_path / "log.jsonl", CLEAN_LOG)
    found = lint(tmp_path, {"plan.yaml": CLEAN_PLAN, "policy.yaml": CLEAN_POLICY},
                 "account: {type: company, timezone: Europe/Moscow, domains: [zerno.coffee]}\n")
    assert found == set()


def test_plan_alone_is_checked_against_the_configured_policy(tmp_path: Path) -> None:
    (tmp_path / "team").mkdir()
    (tmp_path / "team" / "policy.yaml").write_text(
        "kind: policy\ncontent_mix: {photo: 0.5, video: 0.5}\nplatform_features: {vk: [live]}\n", encoding="utf-8")
    plan = "kind: plan\naccount: {type: company, timezone: Europe/Moscow}\nposts:\n" + "".join(
        f"  - {{id: p{day}, at: 2026-12-{day:02d} 10:00, platform: vk, format: photo}}\n" for day in range(1, 22))
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "dec.yaml").write_text(plan, encoding="utf-8")
    (tmp_path / ".smmlint.yaml").write_text("policy: team/policy.yaml\n", encoding="utf-8")
    report = lint_paths([tmp_path / "plans" / "dec.yaml"], cwd=tmp_path)
    rules = {(finding.rule, finding.line) for finding in report.findings}
    # photo 100% vs 50% and video 0% vs 50%; live (the policy's own tool list) never used.
    assert {("SMM602", 4), ("SMM701", 4), ("SMM601", 4)} == rules


def test_mistakes_of_the_configured_policy_are_reported_once_even_when_only_a_log_is_checked(
    tmp_path: Path,
) -> None:
    (tmp_path / "policy.yaml").write_text(
        "kind: policy\nlinks:\n  allowed_when: [askd]\nmonitoring: {tool: youscan, respond_within: 6h}\n",
        encoding="utf-8")
    (tmp_path / ".smmlint.yaml").write_text(
        "policy: policy.yaml\naccount: {domains: [zerno.coffee]}\n", encoding="utf-8")
    (tmp_path / "log.jsonl").write_text(
        '{"id": "c1", "at": "2026-12-01T10:00:00+03:00", "kind": "comment", "role": "subscriber", "text": "Спасибо!"}\n',
        encoding="utf-8")
    report = lint_paths([tmp_path / "log.jsonl"], cwd=tmp_path)
    # The section with the typo is left out (SMM902 falls back to "asked"): the user hears why.
    wrong = [(f.path, f.rule, f.line, f.column) for f in report.findings]
    assert wrong == [("policy.yaml", "SMM002", 3, 18)], report.findings
    assert "did you mean 'asked'" in report.findings[0].message
    # Linting the policy as well reports the mistake once, as a finding of the policy itself.
    both = lint_paths([tmp_path / "log.jsonl", tmp_path / "policy.yaml"], cwd=tmp_path)
    assert [(f.path, f.rule, f.line) for f in both.findings if f.rule == "SMM002"] == [("policy.yaml", "SMM002", 3)]


def test_broken_files_do_not_stop_the_others(tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text("kind: plan\nposts:\n  - id: [\n", encoding="utf-8")
    (tmp_path / "binary.jsonl").write_bytes(b"\x00\x01\x02\xff\xfe" * 100)
    (tmp_path / "plan.yaml").write_text(PLAN_RU, encoding="utf-8")
    (tmp_path / ".smmlint.yaml").write_text("{}\n", encoding="utf-8")
    report = lint_paths([tmp_path], cwd=tmp_path)
    rules_by_file = {(finding.path, finding.rule) for finding in report.findings}
    assert ("broken.yaml", "SMM001") in rules_by_file
    assert any(path == "binary.jsonl" and rule in ("SMM001", "SMM004") for path, rule in rules_by_file)
    assert ("plan.yaml", "SMM101") in rules_by_file


def test_the_configs_staff_list_tells_who_answers_in_logs_without_roles(tmp_path: Path) -> None:
    # Monitoring and CSV logs rarely have a role: the config's `staff:` names who answers.
    jsonl = "".join(json.dumps(event, ensure_ascii=False) + "\n" for event in [
        {"id": "m1", "at": "2027-03-01T09:00:00+05:00", "kind": "mention", "author": "ivan", "text": "Сдобушка лучшая"},
        {"id": "r1", "at": "2027-03-01T10:00:00+05:00", "kind": "reply", "author": " сдобушка", "parent": "m1",
         "text": "Спасибо!"},
        {"id": "c1", "at": "2027-03-01T09:00:00+05:00", "kind": "comment", "author": "anna", "text": "Во сколько открываетесь?"},
        {"id": "r2", "at": "2027-03-01T09:10:00+05:00", "kind": "reply", "author": "12345", "parent": "c1", "text": "В 8"},
        # A role written in the log wins over the list.
        {"id": "c2", "at": "2027-03-01T09:00:00+05:00", "kind": "comment", "author": "olga", "text": "Есть безглютеновый хлеб?"},
        {"id": "r3", "at": "2027-03-01T09:10:00+05:00", "kind": "reply", "author": "12345", "role": "subscriber",
         "parent": "c2", "text": "Тоже интересно"},
    ])  # fmt: skip
    csv = ("id;at;kind;author;parent;text\n"
           "m1;01.03.2027 09:00;mention;ivan;;Сдобушка лучшая\n"
           "r1;01.03.2027 10:00;reply;Сдобушка;m1;Спасибо!\n"
           "m2;01.03.2027 09:00;mention;petr;;Сдобушка закрылась?\n")
    config = 'account: {type: company, timezone: Asia/Yekaterinburg}\nstaff: ["Сдобушка", 12345]\nnow: "2027-03-05T00:00:00+05:00"\n'
    found = lint(tmp_path, {"log.jsonl": jsonl, "log.csv": csv}, config)
    assert found == {("log.jsonl", "SMM201", 5), ("log.csv", "SMM801", 4)}
    # Without the list no reply is the staff's.
    found = lint(tmp_path, {}, config.replace('staff: ["Сдобушка", 12345]\n', ""))
    assert {(path, rule) for path, rule, _ in found} == {("log.jsonl", "SMM201"), ("log.jsonl", "SMM801"), ("log.csv", "SMM801")}


def _jsonl(path: Path, events: list[dict[str, Any]]) -> None:
    path.write_text("".join(json.dumps(event, ensure_ascii=False) + "\n" for event in events), encoding="utf-8")


def _found(folder: Path, *paths: str) -> list[tuple[str, int, str, str]]:
    report = lint_paths([folder / path for path in paths] or [folder], cwd=folder)
    return sorted((f.path, f.line, f.rule, f.message) for f in report.findings)


def test_logs_the_config_joins_are_read_as_one_log(tmp_path: Path) -> None:
    # A question at the end of November answered in December's export; a monitoring export's
    # mentions answered in the community's own log (whose name sorts first).
    (tmp_path / ".smmlint.yaml").write_text(
        "account: {type: company, timezone: Europe/Moscow}\nnow: 2026-12-02T12:00:00+03:00\n", encoding="utf-8")
    logs = tmp_path / "logs"
    logs.mkdir()
    _jsonl(logs / "2026-11.jsonl", [
        {"id": "c1", "at": "2026-11-30T22:00:00+03:00", "kind": "comment", "role": "subscriber",
         "text": "Вы работаете 31 декабря?"},
        {"id": "c2", "at": "2026-11-30T23:00:00+03:00", "kind": "comment", "role": "subscriber",
         "text": "Do you deliver to Khimki?"},
    ])
    _jsonl(logs / "2026-12.jsonl", [
        {"id": "r1", "at": "2026-12-01T09:00:00+03:00", "kind": "reply", "role": "staff", "parent": "c1",
         "text": "Да, до 18:00."},
        {"id": "r2", "at": "2026-12-02T09:00:00+03:00", "kind": "reply", "role": "staff", "parent": "c2",
         "text": "Yes, we do."},
        {"id": "r2", "at": "2026-12-02T09:05:00+03:00", "kind": "reply", "role": "staff", "parent": "c2",
         "text": "Yes!"},
        {"id": "a1", "at": "2026-12-01T11:00:00+03:00", "kind": "reply", "role": "staff", "parent": "m1",
         "text": "Спасибо, что написали!"},
    ])
    (tmp_path / "mentions.jsonl").write_text(json.dumps(
        {"id": "m1", "at": "2026-12-01T10:00:00+03:00", "kind": "mention", "role": "subscriber",
         "text": "Зерно на Садовой — лучший раф"}, ensure_ascii=False) + "\n" + json.dumps(
        {"id": "m2", "at": "2026-12-01T10:30:00+03:00", "kind": "mention", "role": "subscriber",
         "text": "Кто был в Зерне?"}, ensure_ascii=False) + "\n", encoding="utf-8")
    apart = _found(tmp_path)
    assert ("logs/2026-11.jsonl", 1, "SMM201") in {finding[:3] for finding in apart}  # answered in the next file
    assert ("mentions.jsonl", 1, "SMM801") in {finding[:3] for finding in apart}  # answered in the team's log

    with (tmp_path / ".smmlint.yaml").open("a", encoding="utf-8") as config:
        config.write("join_logs:\n  - [logs/*.jsonl, mentions.jsonl]\n")
    joined = _found(tmp_path)
    late = "reply r2 answers question c2 (line 2 of logs/2026-11.jsonl) after 1d10h; the deadline is 1d"
    assert joined == [
        ("logs/2026-12.jsonl", 2, "SMM202", late),  # a late answer, at its own file and line
        ("logs/2026-12.jsonl", 3, "SMM003", "duplicate event id 'r2' (first used at line 2)"),
        ("mentions.jsonl", 2, "SMM801",  # unanswered, at the file and line of the mention
         'mention m2 is unanswered after 1d1h30m (deadline 6h): "Кто был в Зерне?"'),
    ]
    # A file named alone is read alone; the joined files are still one log when named together.
    assert ("logs/2026-11.jsonl", 1, "SMM201") in {f[:3] for f in _found(tmp_path, "logs/2026-11.jsonl")}
    assert _found(tmp_path, "logs/2026-11.jsonl", "logs/2026-12.jsonl", "mentions.jsonl") == joined


def test_plans_the_config_joins_are_judged_as_one_plan(tmp_path: Path) -> None:
    # Fortnightly plans: the month's mix and the network's tools are judged over both halves; a
    # day that both files fill is counted whole; each file's suppressions silence its own findings.
    (tmp_path / ".smmlint.yaml").write_text("account: {type: company, timezone: Europe/Moscow}\n", encoding="utf-8")
    plans = tmp_path / "plans"
    plans.mkdir()
    head = "kind: plan\naccount: {type: company, timezone: Europe/Moscow}\nposts:\n"

    def posts(name: str, days: range, extra: str = "") -> str:
        return head + "".join(f"  - {{id: {name}{day}, at: 2026-12-{day:02d} 10:00, platform: vk, format: photo}}\n"
                              for day in days) + extra

    (plans / "1-first-half.yaml").write_text(posts("a", range(1, 15)), encoding="utf-8")
    (plans / "2-second-half.yaml").write_text(posts("b", range(15, 32), (
        "  - {id: b14-noon, at: 2026-12-14 12:00, platform: vk, format: photo}\n"
        "  # smmlint: disable-next-line SMM101 -- the market day, agreed\n"
        "  - {id: b14-evening, at: 2026-12-14 19:00, platform: vk, format: photo}\n")), encoding="utf-8")
    (plans / "3-other.yaml").write_text(
        "kind: plan\naccount: {type: media, timezone: Europe/Moscow}\nposts:\n"
        "  - {id: c1, at: 2026-12-20 18:00, platform: vk, format: video}\n", encoding="utf-8")
    apart = {finding[:3] for finding in _found(tmp_path)}
    assert not {rule for _, _, rule in apart} & {"SMM101", "SMM701"}  # half a month, one post a day each

    (tmp_path / ".smmlint.yaml").write_text("account: {type: company, timezone: Europe/Moscow}\n"
                                            "join_plans:\n  - [plans/*.yaml]\n", encoding="utf-8")
    joined = _found(tmp_path)
    assert [finding[:3] for finding in joined] == [
        ("plans/1-first-half.yaml", 4, "SMM601"),  # the month's mix, at its first post
        ("plans/1-first-half.yaml", 4, "SMM701"),
        ("plans/3-other.yaml", 2, "SMM002"),  # joined with a plan of another account
    ]  # the third post of 14 December is silenced in its own file; no stale SMM005
    assert "photo is 97% of 34 posts on vk in 2026-12" in joined[0][3]
    # A finding about the whole month names the files whose posts it counts.
    assert joined[0][3].endswith("(counted over plans/1-first-half.yaml, plans/2-second-half.yaml,"
                                 " plans/3-other.yaml: join_plans)")
    assert joined[1][3] == ("vk in 2026-12: story, clip, poll never used; plan the network's own tools (counted over"
                            " plans/1-first-half.yaml, plans/2-second-half.yaml, plans/3-other.yaml: join_plans)")
    assert joined[2][3] == ("this plan is read with plans/1-first-half.yaml (join_plans), whose account differs:"
                            " the account of plans/1-first-half.yaml applies")


def test_a_join_holds_json_exports_and_files_an_override_sets_apart(tmp_path: Path) -> None:
    # A Telegram export (JSON, read whole) beside the team's log of answers; an override for the
    # export's folder does not split the group.
    from datetime import datetime, timezone

    (tmp_path / ".smmlint.yaml").write_text(
        "account: {type: company, timezone: Europe/Moscow}\nnow: 2026-12-03T12:00:00+03:00\n"
        "join_logs:\n  - [\"tg/*.json\", \"logs/*.jsonl\"]\n"
        "overrides:\n  - files: [\"tg/*\"]\n    rules: {SMM006: off}\n", encoding="utf-8")
    (tmp_path / "tg").mkdir()
    (tmp_path / "logs").mkdir()
    asked = datetime(2026, 12, 1, 7, 0, tzinfo=timezone.utc)
    (tmp_path / "tg" / "result.json").write_text(json.dumps({
        "name": "Зерно", "type": "public_supergroup", "id": 100, "messages": [
            {"id": 1, "type": "message", "date": "2026-12-01T10:00:00", "date_unixtime": str(int(asked.timestamp())),
             "from": "Иван", "from_id": "user1", "text": "Вы работаете 31 декабря?"}]}, ensure_ascii=False),
        encoding="utf-8")
    _jsonl(tmp_path / "logs" / "answers.jsonl", [
        {"id": "r1", "at": "2026-12-02T12:00:00+03:00", "kind": "reply", "role": "staff", "parent": "1",
         "text": "Да, до 18:00."}])
    assert _found(tmp_path) == [("logs/answers.jsonl", 1, "SMM202",
                                 "reply r1 answers question 1 (line 1 of tg/result.json) after 1d2h; the deadline is 1d")]


def test_a_joined_log_holds_one_file_open_at_a_time(tmp_path: Path) -> None:
    # A year of daily exports must not run out of file handles (macOS allows 256 by default).
    import subprocess
    import sys

    (tmp_path / ".smmlint.yaml").write_text(
        "account: {type: company, timezone: Europe/Moscow}\njoin_logs:\n  - [\"logs/*.jsonl\"]\n", encoding="utf-8")
    (tmp_path / "logs").mkdir()
    for day in range(1, 81):
        _jsonl(tmp_path / "logs" / f"{day:03d}.jsonl", [
            {"id": f"c{day}", "at": f"2026-10-{day % 28 + 1:02d}T10:00:00+03:00", "kind": "comment",
             "role": "subscriber", "text": "Спасибо!"}])
    code = ("import resource, sys; resource.setrlimit(resource.RLIMIT_NOFILE, (48, 48));"
            " from smmlint.cli import main; sys.argv = ['smmlint', 'check', 'logs']; main()")
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "All clean: 80 files checked" in result.stdout


def test_ids_of_joined_files_stay_apart(tmp_path: Path) -> None:
    # Two monitoring exports without an id column (each row known by its row: row-2 in both)
    # and a real id used in two logs.
    (tmp_path / ".smmlint.yaml").write_text(
        "account: {type: company, timezone: Europe/Moscow}\nnow: 2026-12-20T10:00:00+03:00\n"
        "rules: {SMM006: off}\njoin_logs:\n  - [\"monitoring/*.csv\", \"logs/*.jsonl\"]\n", encoding="utf-8")
    (tmp_path / "monitoring").mkdir()
    (tmp_path / "logs").mkdir()
    for month, text in (("11", "Зерно на Садовой открылось?"), ("12", "Кто был в Зерне?")):
        (tmp_path / "monitoring" / f"2026-{month}.csv").write_text(
            f"Дата,Автор,Текст\n01.{month}.2026 10:00,ivan,{text}\n", encoding="utf-8")
    for name in ("a", "b"):
        _jsonl(tmp_path / "logs" / f"{name}.jsonl", [
            {"id": "c1", "at": "2026-12-01T10:00:00+03:00", "kind": "comment", "role": "subscriber", "text": "Ура"}])
    found = [finding[:3] for finding in _found(tmp_path)]
    assert found == [
        ("logs/b.jsonl", 1, "SMM003"),
        ("monitoring/2026-11.csv", 2, "SMM801"),
        ("monitoring/2026-12.csv", 2, "SMM801"),  # not taken for the November row-2
    ], found
    messages = [finding[3] for finding in _found(tmp_path)]
    assert messages[0] == "duplicate event id 'c1' (first used in logs/a.jsonl)"
    # A made-up id takes its file's name, the same however the run names the files.
    assert messages[2].startswith("mention 2026-12.csv:row-2 is unanswered")
    alone = _found(tmp_path, "monitoring/2026-12.csv")
    assert [finding[3][:40] for finding in alone] == [messages[2][:40]]


def test_a_plan_in_a_log_group_is_checked_on_its_own_and_counted_once(tmp_path: Path) -> None:
    (tmp_path / ".smmlint.yaml").write_text(
        "account: {type: company, timezone: Europe/Moscow}\njoin_logs:\n  - [\"data/*.csv\", \"data/*.jsonl\"]\n",
        encoding="utf-8")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "plan.csv").write_text(
        "Дата;Время;Соцсеть;Формат\n01.12.2026;03:00;ВК;фото\n", encoding="utf-8")
    report = lint_paths([tmp_path / "data" / "plan.csv"], cwd=tmp_path)
    assert report.files == ["data/plan.csv"] and [f.rule for f in report.findings] == ["SMM104"]
    _jsonl(tmp_path / "data" / "log.jsonl", [
        {"id": "c1", "at": "2026-12-01T10:00:00+03:00", "kind": "comment", "role": "subscriber", "text": "Ура"}])
    report = lint_paths([tmp_path / "data"], cwd=tmp_path)
    assert sorted(report.files) == ["data/log.jsonl", "data/plan.csv"]
    assert [(f.path, f.rule) for f in report.findings] == [("data/plan.csv", "SMM104")]


def test_a_file_two_groups_match_makes_them_one(tmp_path: Path) -> None:
    (tmp_path / ".smmlint.yaml").write_text(
        "account: {timezone: Europe/Moscow}\nnow: 2026-12-31T20:00:00+03:00\n"
        "join_logs:\n  - [logs/2026-12.jsonl]\n  - [\"logs/*.jsonl\"]\n", encoding="utf-8")
    (tmp_path / "logs").mkdir()
    _jsonl(tmp_path / "logs" / "2026-11.jsonl", [
        {"id": "c3", "at": "2026-11-30T23:00:00+03:00", "kind": "comment", "role": "subscriber",
         "text": "Вы работаете 31 декабря?"}])
    _jsonl(tmp_path / "logs" / "2026-12.jsonl", [
        {"id": "r3", "at": "2026-12-01T09:00:00+03:00", "kind": "reply", "role": "staff", "parent": "c3",
         "text": "Да, до 18:00."}])
    assert _found(tmp_path) == []  # the November question is answered in December's file


def _csv_month(folder: Path, name: str, days: range) -> None:
    """A CSV plan of photos on VK, one a day at 10:00."""
    folder.mkdir(exist_ok=True)
    (folder / name).write_text("Дата;Время;Соцсеть;Формат\n" + "".join(
        f"{day:02d}.12.2026;10:00;ВК;фото\n" for day in days), encoding="utf-8")


def test_a_month_over_many_joined_plans_names_a_few_and_counts_the_others(tmp_path: Path) -> None:
    # Weekly plans: the month's findings name five files, the last with how many more there are.
    (tmp_path / ".smmlint.yaml").write_text("account: {type: company, timezone: Europe/Moscow}\n"
                                            "join_plans:\n  - [\"weeks/*.csv\"]\n", encoding="utf-8")
    for week, days in enumerate((range(1, 6), range(6, 11), range(11, 16), range(16, 21), range(21, 26),
                                 range(26, 29), range(29, 32)), start=1):
        _csv_month(tmp_path / "weeks", f"{week}.csv", days)
    found = _found(tmp_path)
    assert [finding[:3] for finding in found] == [("weeks/1.csv", 2, "SMM601"), ("weeks/1.csv", 2, "SMM701")]
    assert found[0][3].endswith("(counted over weeks/1.csv, weeks/2.csv, weeks/3.csv, weeks/4.csv,"
                                " weeks/5.csv and 2 more files: join_plans)")
    (tmp_path / "weeks" / "7.csv").unlink()
    assert _found(tmp_path)[0][3].endswith("weeks/5.csv and 1 more file: join_plans)")


def test_a_csv_file_a_log_group_and_a_plan_group_both_match_joins_the_group_of_its_kind(tmp_path: Path) -> None:
    # One folder of spreadsheets: the plans are judged as one plan, the exports read as one log.
    (tmp_path / ".smmlint.yaml").write_text(
        "account: {type: company, timezone: Europe/Moscow}\nnow: 2026-12-02T12:00:00+03:00\n"
        "join_logs:\n  - [\"data/*.csv\"]\njoin_plans:\n  - [\"data/*.csv\"]\n", encoding="utf-8")
    data = tmp_path / "data"
    _csv_month(data, "plan-1.csv", range(1, 15))
    _csv_month(data, "plan-2.csv", range(15, 32))
    (data / "log-1.csv").write_text("id,at,kind,role,text\nc1,2026-12-01T10:00:00+03:00,comment,subscriber,"
                                    "Вы работаете 31 декабря?\n", encoding="utf-8")
    (data / "log-2.csv").write_text("id,at,kind,role,parent,text\nr1,2026-12-01T11:00:00+03:00,reply,staff,c1,"
                                    "Да!\n", encoding="utf-8")
    report = lint_paths([tmp_path], cwd=tmp_path)
    assert not report.internal_errors
    assert [(f.path, f.line, f.rule) for f in report.findings] == [
        ("data/plan-1.csv", 2, "SMM601"), ("data/plan-1.csv", 2, "SMM701")]  # 31 days judged as one month
    assert sorted(report.files) == ["data/log-1.csv", "data/log-2.csv", "data/plan-1.csv", "data/plan-2.csv"]


def test_a_csv_file_a_plan_group_matches_is_read_once(tmp_path: Path, monkeypatch: Any) -> None:
    # A plan glob that also matches a monitoring export: the export, read to tell it is no plan,
    # is checked from that reading, not opened and read again.
    import pathlib

    data = tmp_path / "data"
    _csv_month(data, "plan.csv", range(1, 3))
    (data / "mentions.csv").write_text("Дата,Автор,Текст\n01.12.2026 10:00,ivan,Кто был в Зерне?\n", encoding="utf-8")
    opened: list[str] = []
    real_open = pathlib.Path.open

    def counting_open(self: pathlib.Path, *args: Any, **kwargs: Any) -> Any:
        opened.append(self.name)
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "open", counting_open)
    config = "account: {type: company, timezone: Europe/Moscow}\nnow: 2026-12-02T12:00:00+03:00\n"
    (tmp_path / ".smmlint.yaml").write_text(config, encoding="utf-8")
    alone = _found(tmp_path)
    opens_alone = opened.count("mentions.csv")
    assert opens_alone and ("data/mentions.csv", 2, "SMM801") in {finding[:3] for finding in alone}
    for joins in ("join_plans:\n  - [\"data/*.csv\"]\n",
                  "join_plans:\n  - [\"data/*.csv\"]\njoin_logs:\n  - [\"data/mentions.csv\"]\n"):
        (tmp_path / ".smmlint.yaml").write_text(config + joins, encoding="utf-8")
        opened.clear()
        assert [finding[:3] for finding in _found(tmp_path)] == [finding[:3] for finding in alone], joins
        assert opened.count("mentions.csv") == opens_alone, joins


def test_csv_logs_a_plan_group_matches_do_not_run_out_of_file_handles(tmp_path: Path) -> None:
    # Logs read to tell they are no plans wait for their turn; a year of daily exports under a
    # broad plan glob must not hold a file open each (macOS allows 256 by default).
    import subprocess
    import sys

    (tmp_path / ".smmlint.yaml").write_text(
        "account: {type: company, timezone: Europe/Moscow}\nnow: 2026-12-31T12:00:00+03:00\n"
        "rules: {SMM801: off}\njoin_plans:\n  - [\"*.csv\"]\n", encoding="utf-8")
    (tmp_path / "monitoring").mkdir()
    for day in range(1, 81):
        (tmp_path / "monitoring" / f"{day:03d}.csv").write_text(
            f"Дата,Автор,Текст\n{day % 28 + 1:02d}.10.2026 10:00,ivan,Спасибо!\n", encoding="utf-8")
    code = ("import resource, sys; resource.setrlimit(resource.RLIMIT_NOFILE, (48, 48));"
            " from smmlint.cli import main; sys.argv = ['smmlint', 'check', '.']; main()")
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "All clean: 80 files checked" in result.stdout
