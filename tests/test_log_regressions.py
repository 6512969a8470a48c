"""Regressions reviews of the batched log reader and the event router found (sessions 3 and 4).

Each test states what smmlint did before that rework (or what its own contract says): rule
errors reported once, excerpts of the related comment, when a non-JSON-Lines file is given up,
the config policy's own suppressions and `exclude`, LogEvent reading as a dict of its fields
only, and memory that does not grow with the texts of a log.
"""

from __future__ import annotations

import io
import json
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from smmlint import engine
from smmlint.analysers import Analysers
from smmlint.engine import lint_paths
from smmlint.fastevents import LogEvent
from smmlint.problems import ConfigError

CONFIG = "account: {type: company, timezone: Europe/Moscow, domains: [zerno.coffee]}\n"


def event(id: str, kind: str = "comment", at: str = "2026-12-01T10:00:00+03:00", **fields: Any) -> str:
    return json.dumps({"id": id, "at": at, "kind": kind, **fields}, ensure_ascii=False)


def write_log(folder: Path, lines: list[str], config: str = CONFIG) -> Path:
    (folder / ".smmlint.yaml").write_text(config, encoding="utf-8")
    path = folder / "log.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def findings(report: Any) -> list[tuple[str, int, str]]:
    return sorted((f.rule, f.line, f.message) for f in report.findings)


# 1. A rule error in a gate condition is reported once per *distinct event shape*, not once.

def test_a_rule_error_in_a_gate_is_reported_once_as_without_the_router(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(self: Analysers, text: str | None) -> bool:
        raise RuntimeError("analyser bug")

    monkeypatch.setattr(Analysers, "is_question", broken)
    # Five subscriber comments with five different texts: five memo keys for kind `comment`.
    path = write_log(tmp_path, [event(f"c{i}", role="subscriber", text=f"text {i}") for i in range(5)])
    routed = lint_paths([path], cwd=tmp_path)
    monkeypatch.setattr(engine, "router_for", lambda *args: None)
    fed = lint_paths([path], cwd=tmp_path)
    # Without the router (and before these commits) the run stops after its first error: one
    # internal error per rule of the run. With the router, the stopped run's gates are tested
    # again for every new memo key, and each failure is reported again.
    assert len(routed.internal_errors) == len(fed.internal_errors)


# 2. SMM401's related excerpt is cut to 240 characters *before* whitespace is flattened.

def test_related_excerpt_of_a_text_with_leading_whitespace(tmp_path: Path) -> None:
    deleted = " " * 200 + "\n" * 50 + "Ужасный сервис, отвратительно"
    path = write_log(tmp_path, [
        event("c9", role="subscriber", text=deleted),
        event("d1", "delete", at="2026-12-01T11:00:00+03:00", role="staff", target="c9",
              text="removed by moderator"),
    ])
    [finding] = [f for f in lint_paths([path], cwd=tmp_path).findings if f.rule == "SMM401"]
    # Before: the deleted comment's own words. Now: the deletion's text ("removed by moderator").
    assert "Ужасный сервис" in finding.message, finding.message


# 3. Giving up on a file that is not JSON Lines depends on which path read line 101.

@pytest.mark.parametrize("escaped", [False, True])
def test_give_up_does_not_depend_on_the_quick_path(tmp_path: Path, escaped: bool) -> None:
    valid = event("c1", text="A")
    if escaped:
        valid = valid.replace('"A"', '"\\u0041"')  # the same event; the quick path refuses \u00
    path = write_log(tmp_path, ["not json"] * 100 + [valid] + ["not json"] * 5)
    report = lint_paths([path], cwd=tmp_path)
    gave_up = any("stopped reading" in f.message for f in report.findings)
    # Before these commits both files were given up at line 101 (101 findings). Now the plain
    # line 101 keeps the file read to its end (105 findings) while the escaped one gives up.
    assert gave_up, findings(report)


def test_give_up_counts_blank_lines_as_before(tmp_path: Path) -> None:
    path = write_log(tmp_path, [""] * 10 + ["not json"] * 200)
    report = lint_paths([path], cwd=tmp_path)
    # Before: 200 SMM001 and no give-up (the first 100 lines held only 90 problems). Now: the
    # reader gives up at line 111 with 100 problems reported.
    assert len(report.findings) == 200, len(report.findings)


# 4. A config policy's problems are reported when only logs are checked, but the policy's own
#    suppression comments (and `exclude`) are not applied to them.

def test_policy_problems_respect_the_policys_suppressions(tmp_path: Path) -> None:
    (tmp_path / "policy.yaml").write_text(
        "kind: policy\nlinks:\n  allowed_when: [asked, contest_rule]  # smmlint: disable-line SMM002 -- ours\n",
        encoding="utf-8")
    path = write_log(tmp_path, [event("c1", role="subscriber", text="Спасибо")],
                     CONFIG + "policy: policy.yaml\n")
    direct = lint_paths([tmp_path / "policy.yaml"], cwd=tmp_path)
    assert "SMM002" not in {f.rule for f in direct.findings}  # suppressed when linted itself
    report = lint_paths([path], cwd=tmp_path)
    assert "SMM002" not in {f.rule for f in report.findings}, findings(report)


def test_policy_problems_respect_exclude(tmp_path: Path) -> None:
    (tmp_path / "policy.yaml").write_text("kind: policy\nlinks:\n  allowed_when: [whenever]\n", encoding="utf-8")
    path = write_log(tmp_path, [event("c1", role="subscriber", text="Спасибо")],
                     CONFIG + "policy: policy.yaml\nexclude: [policy.yaml]\n")
    report = lint_paths([path], cwd=tmp_path)
    assert not [f for f in report.findings if f.path.endswith("policy.yaml")], findings(report)


# 5. LogEvent reads like a dict, but its attributes leak through as fields.

def test_log_event_mapping_has_only_the_event_fields() -> None:
    record = LogEvent.of({"id": "c1", "at": "x", "kind": "comment"}, 7)
    assert record.get("line") is None  # a dict record had no "line" (the number is "$line")
    assert "get" not in record and "as_record" not in record


def test_required_fields_named_like_log_event_attributes(tmp_path: Path) -> None:
    (tmp_path / "packs").mkdir()
    (tmp_path / "packs" / "p.yaml").write_text(REQUIRED_PACK, encoding="utf-8")
    path = write_log(tmp_path, [event("c1", author="a", text="x")], CONFIG + "rule_paths: [packs]\n")
    # `line` is no field of an event (LogEvent keeps its line number under that attribute): a
    # rule requiring it is refused when its pack loads, instead of reading the line number.
    with pytest.raises(ConfigError, match="rule SMM961: unknown field 'line' for log records"):
        lint_paths([path], cwd=tmp_path)


REQUIRED_PACK = """\
kind: rules
rules:
  - id: SMM961
    name: needs-line
    mistake: 3
    target: log
    severity: warning
    summary: test
    rationale: test
    seed: test
    check: required
    options:
      where: {kind: comment}
      fields: [line]
    message: "{id} lacks {missing}"
    examples:
      bad:
        - title: x
          file: log.jsonl
          text: |
            {"id": "c1", "at": "2026-12-01T10:00:00+03:00", "kind": "comment"}
          lines: [1]
      good:
        - title: y
          file: log.jsonl
          text: |
            {"id": "c1", "at": "2026-12-01T10:00:00+03:00", "kind": "reply", "parent": "x"}
"""


# 6. The router's memo keeps the texts of up to MEMO_LIMIT (8,192) events per kind alive.

def _peak(path: Path, cwd: Path) -> int:
    tracemalloc.start()
    try:
        lint_paths([path], cwd=cwd)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_does_not_grow_with_the_texts_of_a_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    body = "слово " * 3000  # ~18,000 characters an event
    # Bot mentions: every gate fails on `role` at once (no text analysis), but `text` is in
    # the memo key of kind `mention`, so each distinct text stays referenced by the memo until
    # the run ends (or 8,192 keys of that kind; up to 8 kinds).
    path = write_log(tmp_path, [event(f"m{i}", "mention", role="bot", text=f"{i} {body}") for i in range(1500)])
    routed = _peak(path, tmp_path)
    monkeypatch.setattr(engine, "router_for", lambda *args: None)
    fed = _peak(path, tmp_path)
    # Measured: routed ~60 MB, fed ~8 MB (one 512 KB batch at a time). The log_batches
    # docstring promises memory that stays flat with the file's size.
    assert routed < 3 * fed, f"routed peak {routed / 1e6:.0f} MB, fed peak {fed / 1e6:.0f} MB"


# Session 4. A gate raising in the middle of a batch: the events before it still reach the rule.

EVERY_COMMENT_PACK = """\
kind: rules
rules:
  - id: SMM990
    name: every-comment
    mistake: 3
    target: log
    severity: warning
    summary: A test rule.
    rationale: For the test.
    check: forbidden
    options:
      where: {kind: comment, text: {matches: 'text'}}
    message: "comment {id}"
    examples:
      bad: [{title: bad, file: log.jsonl, text: "{}", lines: [1]}]
      good: [{title: good, file: log.jsonl, text: ""}]
"""


def test_a_gate_raising_mid_batch_keeps_the_findings_of_the_events_before_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from smmlint.checks import forbidden

    (tmp_path / "team-rules").mkdir()
    (tmp_path / "team-rules" / "pack.yaml").write_text(EVERY_COMMENT_PACK, encoding="utf-8")
    path = write_log(tmp_path, [event(f"c{n}", at=f"2026-12-01T10:{n % 60:02d}:00+03:00", role="subscriber",
                                      text=f"text {n}") for n in range(1, 101)],
                     config=CONFIG + "rule_paths: [team-rules]\n")
    real_init = forbidden.Forbidden.__init__

    def init(self: Any, options: Any, target: str) -> None:  # the condition raises at the 50th event
        real_init(self, options, target)
        where = self.where

        def buggy(record: Any, context: Any) -> bool:
            if record.get("id") == "c50":
                raise RuntimeError("condition bug")
            return bool(where(record, context))

        self.where = buggy

    monkeypatch.setattr(forbidden.Forbidden, "__init__", init)

    def lines(report: Any) -> list[int]:
        return sorted(f.line for f in report.findings if f.rule == "SMM990")

    routed = lint_paths([path], cwd=tmp_path)
    monkeypatch.setattr(engine, "router_for", lambda *args: None)
    fed = lint_paths([path], cwd=tmp_path)
    assert lines(fed) == list(range(1, 50)) and len(fed.internal_errors) == 1
    # Before: the lane was stopped while the batch was routed, before its events were fed.
    assert lines(routed) == lines(fed) and len(routed.internal_errors) == 1


def test_a_placeholder_inside_a_format_spec_is_filled_in() -> None:
    assert engine._message("{id:>{width}}|", {"width": 6}, {"id": "c1"}, dict) == "    c1|"


# 9. Hostile lines and encodings (session of the hostile-input hunt): each is a finding at its
#    line and column, or read as a JSON plan reads it; never an internal error.

def read_log(raw: bytes) -> tuple[list[Any], list[Any]]:
    from smmlint import documents

    document = documents.Document(Path("log.jsonl"), "log")
    events = list(documents.stream_log(document, io.BytesIO(raw)))
    return events, document.problems


def test_a_number_of_5000_digits_is_a_finding_not_an_internal_error(tmp_path: Path) -> None:
    line = '{"id":"a","at":"2026-12-01T10:00:00+03:00","kind":"comment","text":' + "9" * 5000 + "}"
    path = write_log(tmp_path, [line, event("b", text="ok")])
    report = lint_paths([path], cwd=tmp_path)
    # Before: ValueError "Exceeds the limit (4300 digits)" from json.loads, exit 3.
    assert not report.internal_errors, report.internal_errors
    assert [(f.rule, f.line, f.column, f.message) for f in report.findings] == [
        ("SMM002", 1, line.index('"text"') + 1, "text: input should be a valid string")]


def test_a_number_of_5000_digits_in_a_key_field_is_a_finding(tmp_path: Path) -> None:
    big = "-" + "1" * 5000
    line = '{"id":' + big + ',"at":' + big + ',"kind":"comment"}'
    path = write_log(tmp_path, [line])
    report = lint_paths([path], cwd=tmp_path)
    assert not report.internal_errors, report.internal_errors
    assert sorted((f.rule, f.line, f.column) for f in report.findings) == [
        ("SMM002", 1, 2), ("SMM002", 1, line.index('"at"') + 1)]


def test_half_an_emoji_escaped_alone_reads_as_a_replacement_character(tmp_path: Path) -> None:
    lone = ('{"id":"c1","at":"2026-12-01T10:00:00+03:00","kind":"comment","role":"subscriber",'
            '"text":"\\ud83d Где мой заказ?"}')
    literal = event("c2", text="\\ud83d is how JSON writes half an emoji")  # an escaped backslash: text
    low = '{"id":"c3","at":"2026-12-01T10:00:00+03:00","kind":"comment","text":"\\\\\\udc00 \\ud83d\\ude00"}'
    again = event("c1", text="again")
    events, problems = read_log(f"{lone}\n{literal}\n{low}\n{again}\n".encode())
    # Before: "SMM002 invalid JSON: unexpected end of hex escape at line 1 column 96", at 1:1,
    # and the event was dropped. A JSON plan reads it as U+FFFD, and so does a log now.
    assert [(e.id, e.text) for e in events] == [
        ("c1", "\ufffd Где мой заказ?"), ("c2", "\\ud83d is how JSON writes half an emoji"),
        ("c3", "\\\ufffd 😀")]
    assert [(p.code, p.line, p.message) for p in problems] == [
        ("SMM003", 4, "duplicate event id 'c1' (first used at line 1)")]
    path = write_log(tmp_path, [lone])
    report = lint_paths([path], cwd=tmp_path)
    assert not report.internal_errors and not [f for f in report.findings if f.rule in ("SMM001", "SMM002")]


def test_a_json_error_pydantic_places_in_its_message_is_placed_there(monkeypatch: pytest.MonkeyPatch) -> None:
    from smmlint import documents

    monkeypatch.setattr(documents, "_whole_escapes", lambda raw: raw)  # as before: pydantic refuses it
    line = b'{"id":"c1","at":"2026-12-01T10:00:00+03:00","kind":"comment","text":"\\ud83d x"}\n'
    events, problems = read_log(line)
    assert not events
    [problem] = problems
    assert (problem.code, problem.line, problem.column) == ("SMM002", 1, line.index(b"\\ud83d") + 7)
    assert problem.message == "invalid JSON: unexpected end of hex escape"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_a_utf16_log_with_its_byte_order_mark_is_read_as_utf8(encoding: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from smmlint import documents

    lines = [event(f"c{n}", role="subscriber", text=f"Где мой заказ? {n} 😀") for n in range(300)]
    lines += ['{"id": "bad", "kind": "comment"}', event("c7", text="again")]
    text = "\r\n".join(lines) + "\r\n"
    bom = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}.get(encoding, b"")
    monkeypatch.setattr(documents, "LOG_BATCH_BYTES", 4096)  # many batches, lines cut between reads
    got = read_log(bom + text.encode(encoding))
    want = read_log(text.encode("utf-8"))
    # Before: "SMM004 this is a binary file, not JSON Lines text" and no event.
    assert [(e.line, e.id, e.text) for e in got[0]] == [(e.line, e.id, e.text) for e in want[0]]
    assert len(got[0]) == 300
    assert got[1] == want[1] and [p.code for p in got[1]] == ["SMM002", "SMM003"]
    assert got[1][1].message == "duplicate event id 'c7' (first used at line 8)"  # the file read again


def test_a_utf16_log_without_a_byte_order_mark_is_named(tmp_path: Path) -> None:
    path = tmp_path / "log.jsonl"
    path.write_bytes((event("c1") + "\n").encode("utf-16-le"))
    (tmp_path / ".smmlint.yaml").write_text(CONFIG, encoding="utf-8")
    report = lint_paths([path], cwd=tmp_path)
    assert [(f.rule, f.line, f.column, f.message) for f in report.findings] == [
        ("SMM004", 1, 1, "this JSON Lines file is UTF-16 without a byte order mark: save it as UTF-8")]
    assert read_log(b"\x00\x01\x02\x03" * 1000)[1][0].message == "this is a binary file, not JSON Lines text"


def test_a_repeated_key_of_a_line_that_breaks_the_schema_is_reported_where_it_repeats() -> None:
    line = ('{"id":"c1","at":"2026-12-01T10:00:00+03:00","kind":"comment","sentiment":"negative",'
            '"text" : {"id": 1, "text": 2},"sentiment":"angry"}')
    events, problems = read_log(line.encode() + b"\n")
    assert not events
    first, second = line.index('"sentiment"') + 1, line.rindex('"sentiment"') + 1
    # Before: only what the last 'sentiment' broke; the repeat, which explains it, went unsaid.
    assert [(p.code, p.line, p.column, p.message) for p in problems] == [
        ("SMM002", 1, second, f"duplicate key 'sentiment' (first given at column {first}); the last one is used"),
        ("SMM002", 1, line.index('"text"') + 1, "text: input should be a valid string"),
        ("SMM002", 1, first, "sentiment: input should be 'positive', 'neutral' or 'negative', not 'angry'"),
    ]
