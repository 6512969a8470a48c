"""Check primitives on streams in any order, and what they keep in memory."""

from __future__ import annotations

import json
from pathlib import Path

from smmlint.engine import lint_paths


def lint_log(tmp_path: Path, events: list[dict[str, object]], config: str = "{}\n") -> list[tuple[str, int]]:
    (tmp_path / "log.jsonl").write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in events),
                                        encoding="utf-8")
    (tmp_path / ".smmlint.yaml").write_text(config, encoding="utf-8")
    report = lint_paths([tmp_path / "log.jsonl"], cwd=tmp_path)
    assert not report.internal_errors
    return sorted((f.rule, f.line) for f in report.findings)


def at(hour: int, minute: int = 0, day: int = 1) -> str:
    return f"2026-12-{day:02d}T{hour:02d}:{minute:02d}:00+03:00"


def test_answers_before_their_questions_in_the_file_still_count(tmp_path: Path) -> None:
    events = [
        {"id": "r1", "at": at(12), "kind": "reply", "role": "staff", "parent": "q1", "text": "Да, до 22:00."},
        {"id": "r2", "at": at(20), "kind": "reply", "role": "staff", "parent": "q2", "text": "Yes."},
        {"id": "q1", "at": at(11), "kind": "comment", "role": "subscriber", "text": "Вы работаете вечером?"},
        {"id": "q2", "at": at(10), "kind": "comment", "role": "subscriber", "text": "Is there parking?"},
        {"id": "x", "at": at(23), "kind": "comment", "role": "subscriber", "text": "Спасибо"},
    ]
    # q1 is answered after 1h and q2 after 10h: both within the 24h default, q2 late for 2h.
    assert lint_log(tmp_path, events) == []
    assert lint_log(tmp_path, events, "rules: {SMM202: {options: {deadline: 2h}}}\n") == [("SMM202", 2)]


def test_the_earliest_answer_counts_whatever_its_line(tmp_path: Path) -> None:
    # A late reply written above a timely one (an export merged by hand, or by reply thread):
    # the question and the mention were answered in time by r1 and r3, further down.
    events = [
        {"id": "q", "at": at(10), "kind": "comment", "role": "subscriber", "text": "Доставка 900 рублей?"},
        {"id": "m", "at": at(10), "kind": "mention", "text": "Заказала букет у @flor"},
        {"id": "r2", "at": at(10, 10, day=4), "kind": "reply", "role": "staff", "parent": "q", "text": "До 25-го 600 ₽."},
        {"id": "r4", "at": at(11, 0, day=4), "kind": "reply", "role": "staff", "parent": "m", "text": "Спасибо!"},
        {"id": "r1", "at": at(10, 30), "kind": "reply", "role": "staff", "parent": "q", "text": "900 ₽ за КАД."},
        {"id": "r3", "at": at(11), "kind": "reply", "role": "staff", "parent": "m", "text": "Спасибо за отзыв!"},
    ]
    assert lint_log(tmp_path, events) == []
    # Every answer late: the finding is at the earliest of them (r5, below the later r2).
    events[4:] = [{"id": "r5", "at": at(10, 0, day=3), "kind": "reply", "role": "staff", "parent": "q",
                   "text": "900 ₽ за КАД."}]
    assert lint_log(tmp_path, events) == [("SMM202", 5), ("SMM802", 4)]


def test_a_reply_to_an_earlier_non_question_does_not_wait_for_a_trigger(tmp_path: Path) -> None:
    events = [{"id": f"c{i}", "at": at(10, i), "kind": "comment", "role": "subscriber", "text": "Спасибо!"}
              for i in range(50)]
    events += [{"id": f"r{i}", "at": at(11, i), "kind": "reply", "role": "staff", "parent": f"c{i}",
                "text": "Рады!"} for i in range(50)]
    assert lint_log(tmp_path, events) == []


def test_reports_for_shared_runs_go_to_the_right_rule(tmp_path: Path) -> None:
    events = [
        {"id": "m1", "at": at(9), "kind": "mention", "text": "Zerno is great"},
        {"id": "m2", "at": at(9, 30), "kind": "mention", "text": "Zerno again"},
        {"id": "r2", "at": at(18), "kind": "reply", "role": "staff", "parent": "m2", "text": "Thanks!"},
    ]
    assert lint_log(tmp_path, events, "now: 2026-12-01T20:00:00+03:00\n") == [("SMM801", 1), ("SMM802", 3)]
    assert lint_log(tmp_path, events, "now: 2026-12-01T20:00:00+03:00\nrules: {SMM802: off}\n") == [("SMM801", 1)]


def test_unasked_link_to_a_parent_that_went_by_is_reported_at_once(tmp_path: Path) -> None:
    events = [
        {"id": "c1", "at": at(10), "kind": "comment", "role": "subscriber", "text": "Красивое фото"},
        {"id": "r1", "at": at(10, 5), "kind": "reply", "role": "staff", "parent": "c1",
         "text": "Заказать можно на https://zerno.coffee/shop"},
        {"id": "r2", "at": at(10, 6), "kind": "reply", "role": "staff", "parent": "later",
         "text": "Ссылка: https://zerno.coffee/shop"},
        {"id": "later", "at": at(10, 1), "kind": "comment", "role": "subscriber", "text": "Дайте ссылку на магазин"},
    ]
    config = "account: {domains: [zerno.coffee]}\n"
    assert lint_log(tmp_path, events, config) == [("SMM902", 2)]


def test_mentioning_the_site_is_not_asking_for_a_link(tmp_path: Path) -> None:
    events = [
        {"id": "c1", "at": at(10), "kind": "comment", "role": "subscriber", "text": "Купила у вас на сайте зерно, всё супер"},
        {"id": "r1", "at": at(10, 5), "kind": "reply", "role": "staff", "parent": "c1",
         "text": "Спасибо! Кстати, новинки тут: https://zerno.coffee/new"},
        {"id": "c2", "at": at(11), "kind": "comment", "role": "subscriber", "text": "А какой у вас сайт?"},
        {"id": "r2", "at": at(11, 5), "kind": "reply", "role": "staff", "parent": "c2", "text": "https://zerno.coffee"},
    ]
    assert lint_log(tmp_path, events, "account: {domains: [zerno.coffee]}\n") == [("SMM902", 2)]


def test_posts_at_the_ends_of_the_calendar_count_their_gap_without_walking_it(tmp_path: Path) -> None:
    # A "someday" placeholder (9999-12-31) once overflowed the day after it; a mistyped year
    # leaves millions of empty days, counted, not walked.
    (tmp_path / ".smmlint.yaml").write_text("account: {type: company, timezone: Asia/Vladivostok}\n"
                                            "rules: {SMM104: off}\n", encoding="utf-8")
    plan = tmp_path / "plan.yaml"
    plan.write_text("kind: plan\nposts:\n  - {id: a, at: 0001-01-01 00:30, platform: vk, format: photo}\n"
                    "  - {id: b, at: 2026-12-01 10:00, platform: vk, format: photo}\n"
                    "  - {id: c, at: 9999-12-31 23:30, platform: vk, format: photo}\n", encoding="utf-8")
    found = [(f.rule, f.line, f.message) for f in lint_paths([plan], cwd=tmp_path).findings]
    assert [(rule, line) for rule, line, _ in found] == [("SMM102", 4), ("SMM102", 5)]
    assert "from 0001-01-02 to 2026-11-30" in found[0][2] and "from 2026-12-02 to 9999-12-30" in found[1][2]


def test_empty_weeks_and_months_are_counted_from_their_ends() -> None:
    from datetime import date

    from smmlint.checks.base import previous_window, windows_between

    assert windows_between(date(2026, 11, 1), date(2027, 2, 1), "month") == 3
    assert previous_window(date(2027, 1, 1), "month") == date(2026, 12, 1)
    assert windows_between(date(2026, 11, 30), date(2026, 12, 21), "week") == 3
    assert previous_window(date(2026, 12, 21), "week") == date(2026, 12, 14)
    assert windows_between(date(1, 1, 2), date(9999, 12, 31), "day") == 3_652_057


def test_a_policy_section_with_a_mistake_is_not_also_called_missing(tmp_path: Path) -> None:
    (tmp_path / ".smmlint.yaml").write_text("{}\n", encoding="utf-8")
    policy = tmp_path / "policy.yaml"
    policy.write_text("kind: policy\nresponders:\n  - {topics: [prices], owner: support, respond_within: two hours}\n"
                      "negative_comments:\n  delete: sometimes\n  procedure: answer in public\n"
                      "escalation: []\n", encoding="utf-8")
    found = sorted((f.rule, f.line) for f in lint_paths([policy], cwd=tmp_path).findings)
    assert ("SMM002", 3) in found and ("SMM002", 5) in found
    assert not {"SMM203", "SMM402"} & {rule for rule, _ in found}
    assert "SMM302" in {rule for rule, _ in found}  # an empty, valid section is still missing
    [empty] = [f for f in lint_paths([policy], cwd=tmp_path).findings if f.rule == "SMM302"]
    assert empty.line == 7 and "entries of escalation (the list is empty) missing" in empty.message
    policy.write_text("kind: policy\nresponders:\n  - {topics: [prices], owner: support, respond_within: 2h}\n",
                      encoding="utf-8")
    [absent] = [f for f in lint_paths([policy], cwd=tmp_path).findings if f.rule == "SMM302"]
    assert absent.message.endswith(": escalation missing")


def test_a_networks_tools_written_in_plural_or_in_russian_are_its_formats() -> None:
    from smmlint.models import Policy

    policy = Policy.model_validate({"platform_features": {"vk": ["stories", "reels", "polls", "опросы", "клипы",
                                                                 "трансляции", "статьи", "live chat",
                                                                 "прямые эфиры", "Лайвы", "live streams",
                                                                 "ПРЯМАЯ ТРАНСЛЯЦИЯ"]}})
    assert policy.platform_features == {"vk": ["story", "reel", "poll", "poll", "clip", "live", "article",
                                               "live chat", "live", "live", "live", "live"]}


def test_a_post_with_an_offset_past_the_ends_of_the_calendar_is_a_finding(tmp_path: Path) -> None:
    (tmp_path / ".smmlint.yaml").write_text("account: {type: company, timezone: Europe/Moscow}\n", encoding="utf-8")
    plan = tmp_path / "plan.yaml"
    plan.write_text("kind: plan\nposts:\n  - {id: a, at: '9999-12-31T23:30-12:00', platform: vk, format: photo}\n"
                    "  - {id: b, at: '0001-01-01T00:30+14:00', platform: vk, format: photo}\n", encoding="utf-8")
    report = lint_paths([plan], cwd=tmp_path)
    assert not report.internal_errors
    assert [(f.rule, f.line) for f in report.findings if f.rule == "SMM002"] == [("SMM002", 3), ("SMM002", 4)]


def test_a_mix_per_platform_is_judged_beside_the_plans_overall_mix(tmp_path: Path) -> None:
    posts = "".join(f"  - {{id: t{day}, at: 2026-12-{day:02d} 10:00, platform: tiktok, format: clip}}\n"
                    for day in range(1, 11))
    posts += "".join(f"  - {{id: v{day}, at: 2026-12-{day:02d} 12:00, platform: vk, format: photo}}\n"
                     for day in range(1, 11))
    (tmp_path / "plan.yaml").write_text("kind: plan\nposts:\n" + posts, encoding="utf-8")
    (tmp_path / "policy.yaml").write_text(
        "kind: policy\ncontent_mix: {photo: 0.5, clip: 0.5}\n"
        "content_mix_by_platform:\n  tiktok: {clip: 0.8, live: 0.2}\n  vk: {photo: 1}\n", encoding="utf-8")
    (tmp_path / ".smmlint.yaml").write_text("policy: policy.yaml\nselect: [SMM602]\n", encoding="utf-8")
    found = [f.message for f in lint_paths([tmp_path / "plan.yaml"], cwd=tmp_path).findings]
    # vk is all photo as its mix says; TikTok has no live at all; the overall mix judges neither.
    assert found == ["clip is 100% of the tiktok posts in 2026-12; the policy's target is 80% (±15%)",
                     "live is 0% of the tiktok posts in 2026-12; the policy's target is 20% (±15%)"]


def test_the_overall_mix_says_it_is_over_every_network(tmp_path: Path) -> None:
    # The finding points at one post (the month's first photo, a Telegram one): its message must
    # not read as that network's mix.
    posts = "".join(f"  - {{id: t{day}, at: 2026-12-{day:02d} 09:00, platform: telegram, format: photo}}\n"
                    for day in range(1, 9))
    posts += "".join(f"  - {{id: v{day}, at: 2026-12-{day:02d} 12:00, platform: vk, format: "
                     f"{'photo' if day < 5 else 'video'}}}\n" for day in range(1, 9))
    (tmp_path / "plan.yaml").write_text("kind: plan\nposts:\n" + posts, encoding="utf-8")
    (tmp_path / "policy.yaml").write_text("kind: policy\ncontent_mix: {photo: 0.5, video: 0.5}\n", encoding="utf-8")
    (tmp_path / ".smmlint.yaml").write_text("policy: policy.yaml\nselect: [SMM602]\n", encoding="utf-8")
    found = [(f.line, f.message) for f in lint_paths([tmp_path / "plan.yaml"], cwd=tmp_path).findings]
    assert found == [(3, "photo is 75% of the posts on all networks in 2026-12; the policy's target is 50% (±15%)"),
                     (3, "video is 25% of the posts on all networks in 2026-12; the policy's target is 50% (±15%)")]
    (tmp_path / "plan.yaml").write_text("kind: plan\nposts:\n" + posts.replace("telegram", "vk"), encoding="utf-8")
    assert "of the posts on vk in 2026-12" in lint_paths([tmp_path / "plan.yaml"], cwd=tmp_path).findings[0].message


def test_a_single_network_plan_with_its_own_mix_is_not_held_to_the_overall_mix(tmp_path: Path) -> None:
    posts = "".join(f"  - {{id: t{day}, at: 2026-12-{day:02d} 10:00, platform: tiktok, format: clip}}\n"
                    for day in range(1, 11))
    (tmp_path / "plan.yaml").write_text("kind: plan\nposts:\n" + posts, encoding="utf-8")
    (tmp_path / "policy.yaml").write_text(
        "kind: policy\ncontent_mix: {photo: 0.4, clip: 0.6}\ncontent_mix_by_platform: {tiktok: {clip: 1}}\n",
        encoding="utf-8")
    (tmp_path / ".smmlint.yaml").write_text("policy: policy.yaml\nselect: [SMM602]\n", encoding="utf-8")
    assert lint_paths([tmp_path / "plan.yaml"], cwd=tmp_path).findings == []
    (tmp_path / "policy.yaml").write_text("kind: policy\ncontent_mix: {photo: 0.4, clip: 0.6}\n", encoding="utf-8")
    assert len(lint_paths([tmp_path / "plan.yaml"], cwd=tmp_path).findings) == 2  # without it, the overall mix


def lint_plan(tmp_path: Path, days: list[int], config: str) -> list[tuple[str, int, str]]:
    posts = "".join(f"  - {{id: p{day}, at: 2026-12-{day:02d} 10:00, platform: telegram, format: photo}}\n"
                    for day in days)
    (tmp_path / "plan.yaml").write_text("kind: plan\naccount: {type: company, timezone: Europe/Moscow}\nposts:\n"
                                        + posts, encoding="utf-8")
    (tmp_path / ".smmlint.yaml").write_text(config, encoding="utf-8")
    report = lint_paths([tmp_path / "plan.yaml"], cwd=tmp_path)
    return sorted((f.rule, f.line, f.message) for f in report.findings if f.rule == "SMM102")


def test_a_week_the_plan_covers_in_part_needs_its_share_of_the_minimum(tmp_path: Path) -> None:
    weekly = "rules: {SMM102: {options: {window: week, min: 3}}}\n"
    # A plan from Friday 4 December to Monday 14 December: three days of its first week (1.3 of
    # 3 posts: 1 asked) and one of its last (none asked); the full week between has 3.
    assert lint_plan(tmp_path, [4, 6, 7, 9, 11, 14], weekly) == []
    # From Tuesday the 1st, six days of the first week ask 2.6, so 3 posts: 2 are too few.
    [(_, line, message)] = lint_plan(tmp_path, [1, 2, 7, 9, 11, 14], weekly)
    assert line == 4
    assert message.startswith("2 posts on telegram from 2026-12-01 to 2026-12-06 (6 of the 7 days of the week of"
                              " 2026-11-30 are in the plan, so at least 3): a company account")
    # A full week is judged whole.
    assert [line for _, line, _ in lint_plan(tmp_path, [7, 8, 14, 16, 19, 21], weekly)] == [4]
    monthly = "rules: {SMM102: {options: {window: month, min: 40}}}\n"
    [(_, _, message)] = lint_plan(tmp_path, [1, 31], monthly)
    assert "in 2026-12:" in message
    # Half a month asks half: 20 of 40 (rounded: 19.4).
    assert "so at least 19" in lint_plan(tmp_path, [1, 15], monthly)[0][2]
    assert not lint_plan(tmp_path, [16, 31], "rules: {SMM102: {options: {window: month, min: 4}}}\n")


def test_the_span_that_makes_a_window_partial_is_the_whole_plans(tmp_path: Path) -> None:
    # The plan runs 1-31 December; Telegram posts only on 1-3 December: December is judged whole.
    posts = "".join(f"  - {{id: t{day}, at: 2026-12-{day:02d} 10:00, platform: telegram, format: photo}}\n"
                    for day in (1, 2, 3))
    posts += "  - {id: v, at: 2026-12-31 10:00, platform: vk, format: photo}\n"
    (tmp_path / "plan.yaml").write_text("kind: plan\naccount: {type: company, timezone: Europe/Moscow}\nposts:\n"
                                        + posts, encoding="utf-8")
    (tmp_path / ".smmlint.yaml").write_text("rules: {SMM102: {options: {window: month, min: 8}}}\n", encoding="utf-8")
    found = [f.message for f in lint_paths([tmp_path / "plan.yaml"], cwd=tmp_path).findings if f.rule == "SMM102"]
    assert found[0].startswith("3 posts on telegram in 2026-12: a company account should post at least 8 a month")
    # The last window before date.max ends there, and is partial like any other.
    late = "".join(f"  - {{id: p{day}, at: 9999-12-{day:02d} 10:00, platform: vk, format: photo}}\n" for day in (20, 31))
    (tmp_path / "plan.yaml").write_text("kind: plan\nposts:\n" + late, encoding="utf-8")
    (tmp_path / ".smmlint.yaml").write_text("rules: {SMM102: {options: {window: month, min: 3}}}\n", encoding="utf-8")
    assert [f for f in lint_paths([tmp_path / "plan.yaml"], cwd=tmp_path).findings if f.rule == "SMM102"] == []


def test_a_removed_comment_the_log_does_not_hold_is_said_to_be_missing(tmp_path: Path) -> None:
    events = [
        {"id": "d1", "at": at(10, 30), "kind": "delete", "role": "staff", "target": "c9",
         "text": "Ужасный сервис, больше не приду"},
        {"id": "c1", "at": at(10), "kind": "comment", "role": "subscriber", "text": "Ждал два часа, ужасный сервис"},
        {"id": "d2", "at": at(10, 31), "kind": "delete", "role": "staff", "target": "c1"},
    ]
    (tmp_path / "log.jsonl").write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in events),
                                        encoding="utf-8")
    found = [f.message for f in lint_paths([tmp_path / "log.jsonl"], cwd=tmp_path, isolated=True).findings]
    assert found[0].startswith("delete d1 removes negative comment c9 (not in this log): answer it instead")
    assert found[1].startswith("delete d2 removes negative comment c1 (line 2): answer it instead")
