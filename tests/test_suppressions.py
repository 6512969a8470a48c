"""Inline suppressions in YAML plans and a post's `suppress` field, and SMM005 for stale ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from smmlint.engine import lint_paths

HEAD = "kind: plan\naccount: {type: company, timezone: Europe/Moscow}\nposts:\n"


def lint(tmp_path: Path, name: str, text: str | bytes) -> list[tuple[str, int]]:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    (tmp_path / ".smmlint.yaml").write_text("{}\n", encoding="utf-8")
    report = lint_paths([path], cwd=tmp_path)
    assert not report.internal_errors
    return sorted((f.rule, f.line) for f in report.findings)


def post(identity: str, at: str, extra: str = "", day: int = 1) -> str:
    return f"  - {{id: {identity}, at: 2026-12-{day:02d} {at}, platform: vk, format: photo{extra}}}"


def test_disable_line_and_next_line_by_id_or_name(tmp_path: Path) -> None:
    text = HEAD + "\n".join([
        post("a", "23:10") + "  # smmlint: disable-line SMM104 -- agreed with the client",
        "  # smmlint: disable-next-line post-in-quiet-hours -- the countdown",
        post("b", "23:50", day=2),
        post("c", "23:59", day=2),
    ]) + "\n"
    assert lint(tmp_path, "plan.yaml", text) == [("SMM103", 7), ("SMM104", 7)]


def test_ranges_and_whole_file(tmp_path: Path) -> None:
    text = HEAD + "\n".join([
        "  # smmlint: disable SMM104, SMM103",
        post("a", "23:10"),
        post("b", "23:20"),
        "  # smmlint: enable SMM104, SMM103",
        post("c", "23:30", day=2),
    ]) + "\n"
    assert lint(tmp_path, "plan.yaml", text) == [("SMM104", 8)]
    whole = "# smmlint: disable-file -- a night-shift channel\n" + text
    assert lint(tmp_path, "plan.yaml", whole) == []


def test_stale_and_broken_suppressions_are_smm005(tmp_path: Path) -> None:
    text = HEAD + "\n".join([
        post("a", "10:00") + "  # smmlint: disable-line SMM104",       # silences nothing
        post("b", "12:00", day=2) + "  # smmlint: disable-line SMM999",  # unknown rule
        "  # smmlint: enable SMM103",                                  # no matching disable
        "  # smmlint: disabel-line SMM104",                            # a typo
        post("c", "23:30", day=3) + "  # smmlint: disable-line SMM104 SMM101",  # SMM101 unused
    ]) + "\n"
    found = lint(tmp_path, "plan.yaml", text)
    assert found == [("SMM005", 4), ("SMM005", 5), ("SMM005", 6), ("SMM005", 7), ("SMM005", 8)]


def test_a_suppression_of_a_rule_that_did_not_run_is_not_stale(tmp_path: Path) -> None:
    text = HEAD + "\n".join([
        post("a", "23:10") + "  # smmlint: disable-line SMM104 -- the countdown",
        post("b", "23:20", day=2) + "  # smmlint: disable-line SMM104 SMM101",  # SMM101 ran: unused
    ]) + "\n"
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    config = tmp_path / ".smmlint.yaml"
    for switched_off in ("rules: {SMM104: off}", "ignore: [post-in-quiet-hours]", "select: [SMM005, SMM101]"):
        config.write_text(switched_off + "\n", encoding="utf-8")
        found = [(f.rule, f.line, f.message) for f in lint_paths([path], cwd=tmp_path).findings]
        # SMM104 did not run: its suppressions may still be needed; SMM101's unused one is said.
        assert found == [("SMM005", 5, "'smmlint: disable-line' for SMM101 silences nothing; remove SMM101")], (
            switched_off, found)


def test_hashes_inside_text_are_not_directives(tmp_path: Path) -> None:
    text = HEAD + post("a", "23:10", ', text: "#smmlint: disable-line SMM104 is our hashtag"') + "\n"
    assert lint(tmp_path, "plan.yaml", text) == [("SMM104", 4)]


def test_a_posts_suppress_field(tmp_path: Path) -> None:
    text = (HEAD + post("a", "23:10", ", suppress: [SMM104]") + "\n"
            + post("b", "23:40", ", suppress: SMM103", day=2) + "\n")
    # b's suppress names a rule that does not fire on it: reported as unused.
    assert lint(tmp_path, "plan.yaml", text) == [("SMM005", 5), ("SMM104", 5)]


def test_a_csv_plan_suppress_column(tmp_path: Path) -> None:
    csv = ("дата;время;площадка;формат;текст;suppress\n"
           "01.12.2026;23:10;ВК;фото;Ночной пост;SMM104\n"
           "02.12.2026;23:10;ВК;фото;Ещё один;\n").encode("cp1251")
    assert lint(tmp_path, "plan.csv", csv) == [("SMM104", 3)]


def test_a_line_directive_anywhere_in_a_post_covers_that_post(tmp_path: Path) -> None:
    text = HEAD + "\n".join([
        "  - id: dec31-countdown  # smmlint: disable-line SMM104 -- the New Year countdown, agreed with the client",
        "    at: 2026-12-31 23:55",
        "    platform: vk",
        "    format: live",
        "  - id: next",
        "    at: 2027-01-01 00:30",
        "    platform: vk",
        "    format: live",
    ]) + "\n"
    assert lint(tmp_path, "plan.yaml", text) == [("SMM103", 9), ("SMM104", 9)]


def test_each_rule_of_a_range_ends_at_its_own_enable(tmp_path: Path) -> None:
    text = HEAD + "\n".join([
        "  # smmlint: disable SMM103 SMM104 -- launch night",
        post("p1", "23:30"),
        post("p2", "23:40"),
        "  # smmlint: enable SMM103",
        post("p3", "12:00", day=2),
        post("p4", "12:10", day=2),
        "  # smmlint: enable SMM104",
    ]) + "\n"
    # SMM103 is back on for p4 (10 min after p3).
    assert lint(tmp_path, "plan.yaml", text) == [("SMM103", 9)]


def test_a_reason_after_a_dash_an_editor_made_of_two_hyphens(tmp_path: Path) -> None:
    text = HEAD + "\n".join([
        post("a", "23:10") + "  # smmlint: disable-line SMM104 — согласовано с клиентом",
        post("b", "23:30", day=2) + "  # smmlint: disable-line SMM104 – agreed with the client",
    ]) + "\n"
    assert lint(tmp_path, "plan.yaml", text) == []


POST_A = ["  - id: a", "    at: 2026-12-01 23:10", "    platform: vk", "    format: photo"]


def test_a_directive_quoted_in_a_posts_text_is_text_not_a_comment(tmp_path: Path) -> None:
    text = HEAD + "\n".join([
        *POST_A,
        "    text: 'Подписчик написал: \"# smmlint: disable-line SMM104 -- ok\"'",
        post("b", "23:30", day=2)[:-1] + ', text: "ночь # smmlint: disable-line SMM104 -- x"}',
        "  - id: c",
        "    at: 2026-12-03 23:10",
        "    platform: vk",
        "    format: photo",
        "    text: |",
        "      # smmlint: disable-file",
        "      # smmlint: what",
    ]) + "\n"
    assert lint(tmp_path, "plan.yaml", text) == [("SMM104", 5), ("SMM104", 9), ("SMM104", 11)]


def test_json_has_no_comments(tmp_path: Path) -> None:
    plan = ('{"kind": "plan", "account": {"type": "company", "timezone": "Europe/Moscow"}, "posts": [\n'
            '{"id": "a", "at": "2026-12-01 23:10", "platform": "vk", "format": "photo",'
            ' "text": "# smmlint: disable-line SMM104"}]}\n')
    assert lint(tmp_path, "plan.json", plan) == [("SMM104", 2)]


@pytest.mark.parametrize("indicator", ["|", ">-", "|+"])
def test_a_directive_on_a_block_texts_header_line_is_a_comment(tmp_path: Path, indicator: str) -> None:
    text = HEAD + "\n".join([*POST_A, f"    text: {indicator}  # smmlint: disable-line SMM104 -- ok",
                             "      hello"]) + "\n"
    assert lint(tmp_path, "plan.yaml", text) == []


def test_a_real_directive_after_a_quoted_one_on_the_same_line(tmp_path: Path) -> None:
    text = HEAD + "\n".join([*POST_A, "    text: 'see # smmlint: disable-line X'  # smmlint: disable-line SMM104"]) + "\n"
    assert lint(tmp_path, "plan.yaml", text) == []


def test_the_texts_of_a_document_are_walked_once_for_all_its_directives(monkeypatch: pytest.MonkeyPatch) -> None:
    from smmlint import sourcetree

    walks: list[int] = []
    real = sourcetree._text_spans
    monkeypatch.setattr(sourcetree, "_text_spans", lambda tree: walks.append(1) or real(tree))
    tree = sourcetree.load_yaml("kind: plan\nposts:\n" + "".join(f"  - {{id: p{n}, text: 'hi {n}'}}\n" for n in range(50)))
    inside = sourcetree.text_scalar_test(tree)
    assert [inside(line, 22) for line in (3, 4, 5)] == [True, True, True] and not inside(3, 2)
    assert walks == [1]


def test_a_prefix_silences_its_rules_as_select_takes_them(tmp_path: Path) -> None:
    text = HEAD + "\n".join([
        post("a", "23:10") + "  # smmlint: disable-line SMM1 -- the countdown",  # SMM104 and SMM103 here
        post("b", "23:20"),
        "  # smmlint: disable SMM1",
        post("c", "23:30", day=2),
        post("d", "23:40", day=2),
        "  # smmlint: enable SMM1",
        post("e", "12:00", day=3, extra=", suppress: [SMM1]"),  # silences nothing
    ]) + "\n"
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    (tmp_path / ".smmlint.yaml").write_text("{}\n", encoding="utf-8")
    found = sorted((f.rule, f.line, f.message) for f in lint_paths([path], cwd=tmp_path).findings)
    # Post b, between the line and the range, keeps both of its findings.
    assert [(rule, line) for rule, line, _ in found] == [("SMM005", 10), ("SMM103", 5), ("SMM104", 5)], found
    # A prefix is one entry: used when any of its rules silenced something, reported as written.
    assert found[0][2] == "'suppress' for SMM1 silences nothing; remove it"


def test_an_unknown_rule_in_a_suppression_gets_a_suggestion(tmp_path: Path) -> None:
    text = HEAD + post("a", "23:10") + "  # smmlint: disable-line post-in-quiet-hour\n"
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    (tmp_path / ".smmlint.yaml").write_text("{}\n", encoding="utf-8")
    messages = {f.message for f in lint_paths([path], cwd=tmp_path).findings if f.rule == "SMM005"}
    assert messages == {"unknown rule 'post-in-quiet-hour' (did you mean 'post-in-quiet-hours'?) in a suppression"}


def test_enabling_one_rule_of_a_prefix_range_ends_that_rule_only(tmp_path: Path) -> None:
    head = "kind: plan\naccount: {type: media, timezone: Europe/Moscow}\nposts:\n"
    text = head + "\n".join([
        "  # smmlint: disable SMM1 -- night posts agreed",
        "  - {id: a, at: 2026-12-01 03:00, platform: vk, format: photo}",
        "  # smmlint: enable SMM104",
        "  - {id: b, at: 2026-12-01 03:10, platform: vk, format: text}",  # SMM103 still silenced
        "  # smmlint: enable SMM1",
        "  # smmlint: enable SMM1",  # nothing left to end: said once, not once per rule
    ]) + "\n"
    assert lint(tmp_path, "plan.yaml", text) == [("SMM005", 9), ("SMM104", 7)]


def _halves(tmp_path: Path, first_extra: str = "", second_head: str = "", second_extra: str = "") -> None:
    """Two fortnightly plans a config's join_plans reads as one: a month of photos on vk (SMM601)
    with no stories, clips or polls (SMM701), reported at the month's first post (line 4 of the
    first half)."""
    (tmp_path / ".smmlint.yaml").write_text("account: {type: company, timezone: Europe/Moscow}\n"
                                            "join_plans:\n  - [plans/*.yaml]\n", encoding="utf-8")
    (tmp_path / "plans").mkdir(exist_ok=True)
    (tmp_path / "plans" / "1.yaml").write_text(
        HEAD + "\n".join(post(f"a{day}", "10:00", day=day) for day in range(1, 15)) + "\n" + first_extra,
        encoding="utf-8")
    (tmp_path / "plans" / "2.yaml").write_text(
        second_head + HEAD + "\n".join(post(f"b{day}", "10:00", day=day) for day in range(15, 32)) + "\n"
        + second_extra, encoding="utf-8")


def _joined(tmp_path: Path) -> list[tuple[str, int, str, str]]:
    report = lint_paths([tmp_path], cwd=tmp_path)
    assert not report.internal_errors
    return sorted((f.path, f.line, f.rule, f.message) for f in report.findings)


def test_a_disable_file_in_any_joined_plan_silences_the_months_finding(tmp_path: Path) -> None:
    # The month's findings land at its first post, in the first half; the second half's team
    # silences SMM701 for the month in their own file (the month is theirs too).
    _halves(tmp_path, second_head="# smmlint: disable-file SMM701 -- this network has no stories this month\n")
    assert [finding[:3] for finding in _joined(tmp_path)] == [("plans/1.yaml", 4, "SMM601")]
    # Where it is reported, as in a single plan.
    _halves(tmp_path, first_extra="# smmlint: disable-file SMM701 -- no stories\n")
    assert [finding[:3] for finding in _joined(tmp_path)] == [("plans/1.yaml", 4, "SMM601")]
    # Both: each silences it, neither is stale.
    _halves(tmp_path, first_extra="# smmlint: disable-file SMM701 -- no stories\n",
            second_head="# smmlint: disable-file SMM701 -- no stories\n")
    assert [finding[:3] for finding in _joined(tmp_path)] == [("plans/1.yaml", 4, "SMM601")]


def test_a_disable_file_in_a_joined_plan_the_month_does_not_count_is_stale(tmp_path: Path) -> None:
    # A third plan of another network, read with the halves: the vk month is not about its posts.
    _halves(tmp_path)
    (tmp_path / "plans" / "3.yaml").write_text(
        "# smmlint: disable-file SMM701\n" + HEAD + post("t1", "10:00", day=20).replace("vk", "telegram") + "\n",
        encoding="utf-8")
    found = _joined(tmp_path)
    assert [finding[:3] for finding in found] == [
        ("plans/1.yaml", 4, "SMM601"), ("plans/1.yaml", 4, "SMM701"), ("plans/3.yaml", 1, "SMM005")]
    assert found[2][3] == "'smmlint: disable-file' for SMM701 silences nothing; remove it"


def test_a_stale_line_suppression_for_a_months_finding_says_where_it_is(tmp_path: Path) -> None:
    # A line directive on a post of the second half does not silence the month's finding
    # reported in the first half (as on a later post of a single plan): the message says where
    # it is and how to silence it from this file.
    _halves(tmp_path, second_extra=post("b31x", "12:00", day=31) + "  # smmlint: disable-line SMM601 SMM104\n")
    found = _joined(tmp_path)
    assert [finding[:3] for finding in found] == [
        ("plans/1.yaml", 4, "SMM601"), ("plans/1.yaml", 4, "SMM701"), ("plans/2.yaml", 21, "SMM005")]
    assert found[2][3] == (
        "'smmlint: disable-line' for SMM601, SMM104 silences nothing; remove it (SMM601 about the posts of this"
        " file too is reported at plans/1.yaml:4: silence it there, or in this file with"
        " '# smmlint: disable-file SMM601')")


def test_a_stale_suppress_cell_of_a_csv_plan_is_not_told_to_write_a_comment(tmp_path: Path) -> None:
    # A CSV file takes no comments: the hint names only where the month's finding is.
    _halves(tmp_path)
    (tmp_path / ".smmlint.yaml").write_text("account: {type: company, timezone: Europe/Moscow}\n"
                                            "join_plans:\n  - [plans/*.yaml, plans/*.csv]\n", encoding="utf-8")
    (tmp_path / "plans" / "3.csv").write_text("date;time;platform;format;suppress\n"
                                              "31.12.2026;12:00;vk;photo;SMM601\n", encoding="utf-8")
    found = _joined(tmp_path)
    assert found[-1][:3] == ("plans/3.csv", 2, "SMM005")
    assert found[-1][3].endswith("(SMM601 about the posts of this file too is reported at plans/1.yaml:4:"
                                 " silence it there)")


def test_a_networks_own_mix_names_and_is_silenced_by_that_networks_files_only(tmp_path: Path) -> None:
    # TikTok has a mix of its own; its month is judged on plans/1.yaml's posts alone.
    (tmp_path / ".smmlint.yaml").write_text("policy: policy.yaml\njoin_plans:\n  - [plans/*.yaml]\n"
                                            "select: [SMM602, SMM005]\n", encoding="utf-8")
    (tmp_path / "policy.yaml").write_text("kind: policy\ncontent_mix_by_platform:\n  tiktok: {clip: 0.5, live: 0.5}\n",
                                          encoding="utf-8")
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "1.yaml").write_text(HEAD + "\n".join(
        post(f"t{day}", "10:00", day=day).replace("vk", "tiktok").replace("photo", "clip") for day in range(1, 11))
        + "\n", encoding="utf-8")
    (tmp_path / "plans" / "2.yaml").write_text("# smmlint: disable-file SMM602\n" + HEAD + "\n".join(
        post(f"v{day}", "10:00", day=day) for day in range(1, 11)) + "\n", encoding="utf-8")
    found = _joined(tmp_path)
    assert [finding[:3] for finding in found] == [
        ("plans/1.yaml", 4, "SMM602"), ("plans/1.yaml", 4, "SMM602"), ("plans/2.yaml", 1, "SMM005")]
    assert "counted over" not in found[0][3]
