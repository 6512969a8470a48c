"""SMM902 and the policy's `links.allowed_when`: only the occasions the team listed allow a link."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from smmlint.checks.related import Related
from smmlint.conditions import fields_read
from smmlint.engine import lint_paths
from smmlint.rulepacks import load_rules, options_problems

CONFIG = "account: {type: company, timezone: Europe/Moscow, domains: [zerno.coffee]}\n"
REGULATION = "https://zerno.coffee/legal/contests"


def policy(allowed_when: list[str] | None, regulation: str | None = REGULATION) -> str:
    text = "kind: policy\n"
    if regulation:
        text += f"contests: {{regulation_url: '{regulation}'}}\n"
    if allowed_when is not None:
        text += f"links:\n  allowed_when: [{', '.join(allowed_when)}]\n"
    return text


def thread(comment: str, reply: str) -> list[dict[str, Any]]:
    return [
        {"id": "c1", "at": "2026-12-01T10:00:00+03:00", "kind": "comment", "role": "subscriber", "text": comment},
        {"id": "r1", "at": "2026-12-01T10:05:00+03:00", "kind": "reply", "role": "staff", "parent": "c1",
         "text": reply},
    ]


def lint(tmp_path: Path, events: list[dict[str, Any]], policy_text: str | None = None,
         rule: str = "SMM902") -> list[tuple[int, str]]:
    """SMM902's findings in the log, as (line, message), with the policy named in the config."""
    (tmp_path / "log.jsonl").write_text(
        "".join(json.dumps(event, ensure_ascii=False) + "\n" for event in events), encoding="utf-8")
    config = CONFIG
    if policy_text is not None:
        (tmp_path / "team-policy.yaml").write_text(policy_text, encoding="utf-8")
        config += "policy: team-policy.yaml\n"
    (tmp_path / ".smmlint.yaml").write_text(config, encoding="utf-8")
    report = lint_paths([tmp_path / "log.jsonl"], cwd=tmp_path)
    assert not report.internal_errors, report.internal_errors
    return [(finding.line, finding.message) for finding in report.findings if finding.rule == rule]


# Each occasion, in Russian and English: a subscriber's comment and a staff reply linking to the site.
OCCASIONS = [
    ("asked", "ru", "Дайте ссылку на магазин, пожалуйста", "Конечно: https://shop.zerno.coffee"),
    ("asked", "en", "Where can I buy your beans?", "Here: https://zerno.coffee/beans"),
    ("contest_rules", "ru", "Когда подведёте итоги розыгрыша?", "15 декабря, подробности: https://zerno.coffee/giveaway"),
    ("contest_rules", "en", "How do I enter the giveaway?", "All the details: https://zerno.coffee/giveaway"),
    # The reply links to the policy's regulation (written another way), whatever the comment.
    ("contest_rules", "ru", "Спасибо, очень вкусно!", "Спасибо! Кстати, правила конкурса: zerno.coffee/legal/contests"),
    ("contest_rules", "en", "Lovely photo", "Thanks! The rules: http://www.zerno.coffee/legal/contests/?utm_source=vk"),
    ("order_issue", "ru", "Заказ так и не пришёл, уже неделю жду", "Простите! Статус заказа: https://shop.zerno.coffee/orders"),
    ("order_issue", "ru", "Где мой заказ? Оплатила в понедельник", "Проверьте здесь: https://zerno.coffee/track"),
    ("order_issue", "en", "Where is my order? I paid on Monday", "Sorry! Track it here: https://zerno.coffee/orders/track"),
    ("order_issue", "en", "My parcel never arrived", "Sorry! Let us know the number here: https://zerno.coffee/support"),
]
OCCASION_IDS = [f"{occasion}-{language}-{index}" for index, (occasion, language, _, _) in enumerate(OCCASIONS)]
ALL = ["asked", "contest_rules", "order_issue"]


@pytest.mark.parametrize(("occasion", "language", "comment", "reply"), OCCASIONS, ids=OCCASION_IDS)
def test_each_occasion_allows_a_link_when_listed_and_only_then(
    tmp_path: Path, occasion: str, language: str, comment: str, reply: str
) -> None:
    events = thread(comment, reply)
    assert lint(tmp_path, events, policy([occasion])) == []
    assert lint(tmp_path, events, policy(ALL)) == []
    others = [name for name in ALL if name != occasion]
    [(line, message)] = lint(tmp_path, events, policy(others))
    assert line == 2
    assert f"on none of the allowed occasions ({', '.join(others)})" in message


@pytest.mark.parametrize(("occasion", "language", "comment", "reply"), OCCASIONS, ids=OCCASION_IDS)
def test_without_a_policy_only_asking_allows_a_link(
    tmp_path: Path, occasion: str, language: str, comment: str, reply: str
) -> None:
    events = thread(comment, reply)
    expected = [] if occasion == "asked" else [2]
    assert [line for line, _ in lint(tmp_path, events)] == expected
    # A policy without the list (or without a links section) changes nothing.
    assert [line for line, _ in lint(tmp_path, events, "kind: policy\nlinks: {}\n")] == expected
    assert [line for line, _ in lint(tmp_path, events, policy(None))] == expected


def test_without_a_policy_the_message_names_asking(tmp_path: Path) -> None:
    events = thread("Спасибо за вкусный кофе!", "Рады! Закажите домой: https://shop.zerno.coffee/beans")
    [(line, message)] = lint(tmp_path, events)
    assert line == 2
    assert message == ("staff reply r1 sends the subscriber to the own site on none of the allowed occasions"
                       ' (asked): "Рады! Закажите домой: https://shop.zerno.coffee/beans"')


def test_a_policy_listing_only_order_issues(tmp_path: Path) -> None:
    only_orders = policy(["order_issue"])
    events = [
        *thread("Где можно купить ваше зерно?", "В магазине: https://shop.zerno.coffee/beans"),
        {"id": "c2", "at": "2026-12-01T11:00:00+03:00", "kind": "comment", "role": "subscriber",
         "text": "Курьер опоздал на два часа, кофе остыл"},
        {"id": "r2", "at": "2026-12-01T11:05:00+03:00", "kind": "reply", "role": "staff", "parent": "c2",
         "text": "Простите! Вернём деньги: https://zerno.coffee/refund"},
        {"id": "c3", "at": "2026-12-01T12:00:00+03:00", "kind": "comment", "role": "subscriber",
         "text": "Send me the link to the giveaway rules please"},
        {"id": "r3", "at": "2026-12-01T12:05:00+03:00", "kind": "reply", "role": "staff", "parent": "c3",
         "text": "Here: https://zerno.coffee/legal/contests"},
        {"id": "c4", "at": "2026-12-01T13:00:00+03:00", "kind": "comment", "role": "subscriber",
         "text": "Where is my order? It was due yesterday"},
        {"id": "r4", "at": "2026-12-01T13:05:00+03:00", "kind": "reply", "role": "staff", "parent": "c4",
         "text": "Sorry! Tracking: https://shop.zerno.coffee/track/4512"},
    ]
    found = lint(tmp_path, events, only_orders)
    # Asked (in Russian) and asked for the contest rules (in English): neither is an order problem.
    assert [line for line, _ in found] == [2, 6]
    assert all("(order_issue)" in message for _, message in found)


def test_an_empty_list_allows_no_link(tmp_path: Path) -> None:
    events = thread("Дайте ссылку на магазин, пожалуйста", "Конечно: https://shop.zerno.coffee")
    [(line, message)] = lint(tmp_path, events, policy([]))
    assert line == 2 and "(none)" in message


def test_the_contest_regulation_alone_is_allowed_not_beside_other_links(tmp_path: Path) -> None:
    contests = policy(["contest_rules"])
    both = thread("Красивое фото!", "Правила: https://zerno.coffee/legal/contests, а зерно тут: https://shop.zerno.coffee")
    assert [line for line, _ in lint(tmp_path, both, contests)] == [2]
    # Another page of the site is not the regulation.
    other = thread("Красивое фото!", "Правила: https://zerno.coffee/legal/privacy")
    assert [line for line, _ in lint(tmp_path, other, contests)] == [2]
    # A regulation elsewhere (a VK article) is no own-site link: nothing to report.
    elsewhere = thread("Красивое фото!", "Правила: https://vk.com/@zerno-rules")
    assert lint(tmp_path, elsewhere, policy(["contest_rules"], regulation="https://vk.com/@zerno-rules")) == []
    # Without a regulation in the policy, only a comment about a contest allows a link.
    regulation_link = thread("Lovely photo", "Thanks! The rules: https://zerno.coffee/legal/contests")
    assert [line for line, _ in lint(tmp_path, regulation_link, policy(["contest_rules"], regulation=None))] == [2]
    about_contest = thread("Когда итоги конкурса?", "Завтра, см. https://zerno.coffee/giveaway")
    assert lint(tmp_path, about_contest, policy(["contest_rules"], regulation=None)) == []


def test_a_policy_among_the_linted_files_applies_too(tmp_path: Path) -> None:
    (tmp_path / "log.jsonl").write_text("".join(json.dumps(event, ensure_ascii=False) + "\n" for event in thread(
        "Где можно купить ваше зерно?", "В магазине: https://shop.zerno.coffee/beans")), encoding="utf-8")
    (tmp_path / "policy.yaml").write_text(policy(["order_issue"]), encoding="utf-8")
    (tmp_path / ".smmlint.yaml").write_text(CONFIG, encoding="utf-8")
    report = lint_paths([tmp_path], cwd=tmp_path)
    assert [(f.path, f.line) for f in report.findings if f.rule == "SMM902"] == [("log.jsonl", 2)]


def test_an_unknown_occasion_is_a_schema_problem_with_a_suggestion(tmp_path: Path) -> None:
    (tmp_path / "policy.yaml").write_text(
        "kind: policy\nlinks:\n  allowed_when: [asked, order_isue, contests]\n", encoding="utf-8")
    (tmp_path / "log.jsonl").write_text("".join(json.dumps(event, ensure_ascii=False) + "\n" for event in [
        *thread("Дайте ссылку на магазин", "Конечно: https://shop.zerno.coffee"),
        {"id": "c2", "at": "2026-12-01T11:00:00+03:00", "kind": "comment", "role": "subscriber",
         "text": "Where is my order?"},
        {"id": "r2", "at": "2026-12-01T11:05:00+03:00", "kind": "reply", "role": "staff", "parent": "c2",
         "text": "Track it: https://zerno.coffee/track"},
    ]), encoding="utf-8")
    (tmp_path / ".smmlint.yaml").write_text(CONFIG + "policy: policy.yaml\n", encoding="utf-8")
    report = lint_paths([tmp_path], cwd=tmp_path)
    assert not report.internal_errors
    schema = [(f.line, f.column, f.message) for f in report.findings if f.rule == "SMM002"]
    accepted = "allowed_when: input should be 'asked', 'contest_rules' or 'order_issue'"
    assert schema == [
        (3, 25, f"{accepted}, not 'order_isue' (did you mean 'order_issue'?)"),
        (3, 37, f"{accepted}, not 'contests' (did you mean 'contest_rules'?)"),
    ]
    # The section cannot be used as written: SMM902 keeps its default (a link when asked).
    assert [(f.path, f.line) for f in report.findings if f.rule == "SMM902"] == [("log.jsonl", 4)]


# --- the `occasions` option of the related check ----------------------------------------------

def smm902_options() -> dict[str, Any]:
    [loaded] = [rule for rule in load_rules() if rule.id == "SMM902"]
    return dict(loaded.rule.options)


def option_problems(options: dict[str, Any]) -> list[str]:
    return [f"{'/'.join(map(str, pointer))}: {message}"
            for pointer, message in options_problems(Related, "log", options, lambda p, m, key=False: (p, m))]


def test_occasions_must_be_the_policys_values_each_with_its_conditions() -> None:
    options = smm902_options()
    assert option_problems(options) == []
    occasions = options["occasions"]
    misspelt = {**occasions, "conditions": {**occasions["conditions"], "order_isue": {"related_where": {}}}}
    del misspelt["conditions"]["order_issue"]
    [problem] = option_problems({**options, "occasions": misspelt})
    assert problem.startswith("occasions: ")
    assert "unknown occasion 'order_isue' (did you mean 'order_issue'?)" in problem
    assert "no entry for 'order_issue'" in problem
    [problem] = option_problems({**options, "occasions": {**occasions, "default": ["askd"]}})
    assert "unknown occasion 'askd' (did you mean 'asked'?)" in problem
    [problem] = option_problems({**options, "occasions": {**occasions, "from_policy": "links.allowed"}})
    assert problem.startswith("occasions/from_policy: ")
    empty = {**occasions, "conditions": {**occasions["conditions"], "asked": {}}}
    [problem] = option_problems({**options, "occasions": empty})
    assert "an occasion needs related_where, self_where or both" in problem


def test_a_bad_condition_of_an_occasion_is_reported_at_its_place() -> None:
    options = smm902_options()
    occasions = options["occasions"]
    broken = {**occasions, "conditions": {**occasions["conditions"], "order_issue": {"related_where": {"txt": "x"}}}}
    [problem] = option_problems({**options, "occasions": broken})
    assert problem.startswith("occasions/conditions/order_issue/related_where/txt: unknown field 'txt'")


def test_every_field_an_occasion_reads_is_exposed_to_the_router() -> None:
    [loaded] = [rule for rule in load_rules() if rule.id == "SMM902"]
    gates = loaded.check_for("company").gates()
    read = set().union(*(fields_read(gate.spec) for gate in gates))
    assert {"asks_for_link", "is_contest", "is_order_issue", "own_links_are_contest_rules", "has_own_link",
            "kind", "role"} <= read


def test_the_rule_schema_checks_the_conditions_of_an_occasion() -> None:
    import jsonschema

    from smmlint.resources import schemas_dir

    schema = json.loads((schemas_dir() / "rule.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    [loaded] = [rule for rule in load_rules() if rule.id == "SMM902"]
    rule = loaded.rule.model_dump(mode="json", exclude_none=True)
    pack = {"kind": "rules", "rules": [rule]}
    assert list(validator.iter_errors(pack)) == []
    rule["options"]["occasions"]["conditions"]["asked"]["related_where"] = {"text": {"matchez": "x"}}
    assert list(validator.iter_errors(pack))


def test_the_policy_lists_of_occasions_are_registered() -> None:
    from typing import get_args

    from smmlint.models import POLICY_OCCASIONS, OccasionList

    assert set(get_args(OccasionList)) == set(POLICY_OCCASIONS)
    assert POLICY_OCCASIONS["links.allowed_when"] == ("asked", "contest_rules", "order_issue")


def test_a_misspelt_occasion_in_the_config_stops_the_run_naming_its_place(tmp_path: Path) -> None:
    from smmlint.config import load_settings
    from smmlint.problems import ConfigError

    (tmp_path / ".smmlint.yaml").write_text(
        "rules:\n"
        "  SMM902:\n"
        "    options:\n"
        "      occasions:\n"
        "        from_policy: links.allowed_when\n"
        "        default: [askd]\n"
        "        conditions:\n"
        "          asked: {related_where: {asks_for_link: true}}\n"
        "          contest_rules: {related_where: {is_contest: true}}\n"
        "          order_issue: {related_where: {is_order_issue: true}}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(tmp_path / ".smmlint.yaml")
    [problem] = caught.value.problems
    assert (problem.line, problem.column) == (5, 9)
    assert "unknown occasion 'askd' (did you mean 'asked'?)" in problem.message
