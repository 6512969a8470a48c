"""The glue between importers and the linter: recognising, naming, placing and failing safely."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from samples import SHARED_SAMPLES

from smmlint import importers
from smmlint.cli import main
from smmlint.engine import lint_paths
from smmlint.importers import ImportOptions, Item, JsonImporter, Unmapped, Where
from smmlint.importing import ExportError, convert, open_export


class _Echo(JsonImporter):
    """A test source: {"echo": [events...]}; an event {"boom": true} makes the importer fail."""

    name = "echo"
    title = "test echo export"
    produces = "log"
    example = "smmlint import --from echo x.json"

    def detect(self, data: Any) -> bool:
        return isinstance(data, dict) and "echo" in data

    def convert(self, data: Any, options: ImportOptions) -> Iterator[Item | Unmapped]:
        for index, record in enumerate(data["echo"]):
            where = Where(("echo", index))
            if record.get("boom"):
                raise KeyError("surprise")
            if record.get("skip"):
                yield Unmapped("nothing to map here", where)
                continue
            role = "staff" if options.is_staff(record.get("author")) else "subscriber"
            yield Item({**record, "role": role}, where)


@pytest.fixture
def echo(monkeypatch: pytest.MonkeyPatch) -> _Echo:
    registry = dict(importers.importers())
    importer = _Echo()
    registry[importer.name] = importer
    monkeypatch.setattr(importers, "importers", lambda: registry)
    return importer


def _write(path: Path, events: list[dict[str, Any]]) -> Path:
    # One event a line, so that positions are easy to state.
    lines = ",\n".join("    " + json.dumps(event, ensure_ascii=False) for event in events)
    path.write_text('{"echo": [\n' + lines + "\n]}\n", encoding="utf-8")
    return path


def _event(number: int, **fields: Any) -> dict[str, Any]:
    return {"id": f"e{number}", "at": f"2026-12-01T1{number}:00:00+03:00", "kind": "comment", **fields}


def test_check_recognises_an_export_and_places_its_findings(echo: _Echo, tmp_path: Path) -> None:
    export = _write(tmp_path / "export.json", [
        _event(1, text="Где меню?"), {"skip": True}, _event(2, text="x", kind="like"),
    ])
    (tmp_path / ".smmlint.yaml").write_text("now: 2026-12-05T00:00:00+03:00\n", encoding="utf-8")
    report = lint_paths([export], cwd=tmp_path)
    found = sorted((f.rule, f.line, f.column) for f in report.findings)
    assert ("SMM006", 3, 5) in found  # the unmapped record, at its object
    assert any(rule == "SMM002" and line == 4 for rule, line, _ in found)  # kind 'like' is not canonical
    assert ("SMM201", 2, 5) in found  # the unanswered question, at its line and column
    assert not report.internal_errors


def test_an_importer_failing_part_way_is_a_finding_not_a_traceback(echo: _Echo, tmp_path: Path) -> None:
    export = _write(tmp_path / "export.json", [_event(1), {"boom": True}, _event(2)])
    report = lint_paths([export], cwd=tmp_path)
    stops = [f for f in report.findings if f.rule == "SMM001"]
    assert len(stops) == 1 and "echo importer could not read past" in stops[0].message
    assert stops[0].line == 2  # the last record it read


def test_staff_comes_from_the_config(echo: _Echo, tmp_path: Path) -> None:
    export = _write(tmp_path / "export.json", [_event(1, author="Anna")])
    options = ImportOptions.make(["  anna "])
    converted = convert(open_export(export, options))
    assert json.loads(converted.text)["role"] == "staff"
    assert json.loads(convert(open_export(export, ImportOptions())).text)["role"] == "subscriber"


def test_config_names_the_format_of_files_by_glob(echo: _Echo, tmp_path: Path) -> None:
    # Shaped like nothing smmlint knows: only the config's exports.formats makes it an echo export.
    odd = tmp_path / "exports" / "odd.json"
    odd.parent.mkdir()
    odd.write_text(json.dumps({"echo": [_event(1)], "kind": "whatever"}), encoding="utf-8")
    (tmp_path / ".smmlint.yaml").write_text("exports:\n  formats:\n    'exports/*.json': echo\n", encoding="utf-8")
    report = lint_paths([odd], cwd=tmp_path)
    assert [f.rule for f in report.findings if f.rule.startswith("SMM00")] == []


def test_a_named_csv_format_reads_any_file_as_csv(echo: _Echo, tmp_path: Path) -> None:
    # --input-format wins over the extension: a JSON file forced to a CSV format is read as
    # CSV, and what does not fit is reported, never a traceback.
    export = _write(tmp_path / "export.json", [_event(1)])
    csv_importers = [i.name for i in importers.importers().values() if i.reads == "csv"]
    if not csv_importers:
        pytest.skip("no CSV importer registered")
    for name in csv_importers:
        report = lint_paths([export], cwd=tmp_path, input_format=name)
        assert not report.internal_errors, name


def test_open_export_explains_what_it_cannot_read(echo: _Echo, tmp_path: Path) -> None:
    plain = tmp_path / "plain.json"
    plain.write_text('{"hello": 1}', encoding="utf-8")
    with pytest.raises(ExportError, match="not an export smmlint recognises"):
        open_export(plain, ImportOptions())
    with pytest.raises(ExportError, match="unknown export format 'nope'"):
        open_export(plain, ImportOptions(), "nope")
    broken = tmp_path / "broken.json"
    broken.write_text('{"echo": [', encoding="utf-8")
    with pytest.raises(ExportError, match=r"broken.json:1:\d+: JSON syntax error"):
        open_export(broken, ImportOptions())


def test_import_command_converts_and_lists_notes(echo: _Echo, tmp_path: Path) -> None:
    export = _write(tmp_path / "export.json", [_event(1), {"skip": True}, _event(1)])
    out = tmp_path / "log.jsonl"
    result = CliRunner().invoke(main, ["import", str(export), "-o", str(out), "--staff", "x"])
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()] == ["e1"]
    assert f"{export}:3:5: SMM006 [warning] nothing to map here" in result.output
    assert "SMM003" in result.output  # the repeated id is left out, and said so
    assert "1 event from test echo export" in result.output and "2 notes above" in result.output


def test_import_command_usage_errors_exit_2(echo: _Echo, tmp_path: Path) -> None:
    plain = tmp_path / "plain.json"
    plain.write_text('{"hello": 1}', encoding="utf-8")
    runner = CliRunner()
    unknown = runner.invoke(main, ["import", str(plain)])
    assert unknown.exit_code == 2 and "not an export smmlint recognises" in unknown.output
    assert runner.invoke(main, ["import"]).exit_code == 2
    assert runner.invoke(main, ["import", "--from", "nope", str(plain)]).exit_code == 2
    assert runner.invoke(main, ["import", "--platform", "myspace", str(plain)]).exit_code == 2
    assert runner.invoke(main, ["check", "--input-format", "nope", str(plain)]).exit_code == 2


def test_import_list_names_every_registered_format(echo: _Echo) -> None:
    result = CliRunner().invoke(main, ["import", "--list"])
    assert result.exit_code == 0
    listed = [line.split()[0] for line in result.output.splitlines()]
    assert listed == list(importers.importers())


def test_a_detector_failing_on_odd_data_does_not_stop_the_run(tmp_path: Path) -> None:
    # A cassette-like file with a malformed address once made a detector raise.
    (tmp_path / "odd.json").write_text('{"interactions": [{"request": {"uri": "http://[oops"}}]}', encoding="utf-8")
    (tmp_path / "plan.yaml").write_text("kind: plan\nposts: []\n", encoding="utf-8")
    report = lint_paths([tmp_path], cwd=tmp_path)
    assert not report.internal_errors
    assert "plan.yaml" in report.files


def test_a_column_mapped_to_a_log_field_keeps_a_csv_a_canonical_log(tmp_path: Path) -> None:
    # Without the mapping these headers look like a monitoring export (date, author, text).
    (tmp_path / "log.csv").write_text(
        "Дата;Что случилось;Автор;Текст;id\n"
        "01.12.2026 10:00;комментарий;anna;Где меню?;c1\n", encoding="cp1251")
    (tmp_path / ".smmlint.yaml").write_text(
        "now: 2026-12-05T00:00:00+03:00\naccount: {timezone: Europe/Moscow}\n"
        "csv: {columns: {'Что случилось': kind}}\n", encoding="utf-8")
    report = lint_paths([tmp_path / "log.csv"], cwd=tmp_path)
    assert [f.rule for f in report.findings] == ["SMM201"]


def test_a_named_format_leaves_plans_policies_and_other_extensions_alone(tmp_path: Path) -> None:
    (tmp_path / "policy.json").write_text('{"kind": "policy", "monitoring": {"respond_within": "4h"}}',
                                          encoding="utf-8")
    (tmp_path / "plan.yaml").write_text("kind: plan\nposts: []\n", encoding="utf-8")
    (tmp_path / "log.jsonl").write_text("", encoding="utf-8")
    report = lint_paths([tmp_path], cwd=tmp_path, input_format="telegram")
    assert not report.internal_errors
    assert not [f for f in report.findings if f.rule.startswith("SMM00")], report.findings
    assert "SMM203" in {f.rule for f in report.findings if f.path == "policy.json"}  # read as a policy


def test_a_named_format_that_does_not_fit_says_so(tmp_path: Path) -> None:
    for name, body in (("youtube", "[]"), ("reddit", "{}"), ("instagram", "null"), ("vk", '{"a": 1}')):
        path = tmp_path / f"{name}.json"
        path.write_text(body, encoding="utf-8")
        report = lint_paths([path], cwd=tmp_path, input_format=name)
        assert not report.internal_errors, name
        # One SMM004 that says so, and at most the importer's own explanation after it.
        rules = [f.rule for f in sorted(report.findings, key=lambda f: f.rule)]
        assert rules[0] == "SMM004" and len(rules) <= 2, (name, rules)
        assert all("Error" not in f.message for f in report.findings), name  # no exception names


def test_an_unknown_format_in_the_config_is_a_config_error(tmp_path: Path) -> None:
    from smmlint.problems import ConfigError

    (tmp_path / ".smmlint.yaml").write_text("exports:\n  formats:\n    '*.json': telegarm\n", encoding="utf-8")
    (tmp_path / "x.json").write_text("{}", encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        lint_paths([tmp_path / "x.json"], cwd=tmp_path)
    [problem] = raised.value.problems
    assert (problem.line, "unknown export format 'telegarm'" in problem.message) == (3, True)
    # An importer of JSON exports for CSV files would read none of them.
    (tmp_path / ".smmlint.yaml").write_text("exports:\n  formats:\n    '*.csv': telegram\n    'yt/*': youtube\n",
                                            encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        lint_paths([tmp_path / "x.json"], cwd=tmp_path)
    assert [(p.line, p.message) for p in raised.value.problems] == [
        (3, "'telegram' reads JSON exports, and '*.csv' names CSV files")]


ODD_VALUES: list[Any] = ["²", "١٢", 10**25, 1e20, -1, "http://[oops", "", None, [], {}, True, "2026-13-45"]


def _mutations(data: Any, rng: Any) -> Any:
    """The document with some leaf values replaced by odd ones (a hostile or broken export)."""
    if isinstance(data, dict):
        return {key: _mutations(value, rng) for key, value in data.items()}
    if isinstance(data, list):
        return [_mutations(value, rng) for value in data]
    return rng.choice(ODD_VALUES) if rng.random() < 0.3 else data


@pytest.mark.skipif(not SHARED_SAMPLES.is_dir(), reason="../shared/samples/ not present beside the checkout")
def test_importers_survive_odd_values_in_their_own_shapes(tmp_path: Path) -> None:
    import random

    from smmlint.sourcetree import load_json

    rng = random.Random(5)
    for sample in sorted(SHARED_SAMPLES.glob("*/*.json")):
        data = json.loads(sample.read_text(encoding="utf-8"))
        importer = importers.detect_json(data)
        assert importer is not None, sample
        for _ in range(15):
            odd = tmp_path / "odd.json"
            odd.write_text(json.dumps(_mutations(data, rng), ensure_ascii=False, indent=1), encoding="utf-8")
            export = open_export(odd, ImportOptions(), importer.name)
            converted = convert(export)
            crashes = [note for note in converted.notes if "could not read past" in note[3]]
            assert not crashes, (sample.name, crashes)
            report = lint_paths([odd], cwd=tmp_path, input_format=importer.name)
            assert not report.internal_errors, (sample.name, report.internal_errors)
            assert load_json(odd.read_text(encoding="utf-8")) is not None


def test_a_repeated_id_in_an_export_is_reported_at_the_record(echo: _Echo, tmp_path: Path) -> None:
    export = _write(tmp_path / "export.json", [_event(1), _event(1)])
    report = lint_paths([export], cwd=tmp_path)
    assert [(f.rule, f.line, f.column) for f in report.findings if f.rule == "SMM003"] == [("SMM003", 3, 5)]


def test_import_never_writes_over_its_own_export(echo: _Echo, tmp_path: Path) -> None:
    export = _write(tmp_path / "export.json", [_event(1)])
    before = export.read_bytes()
    result = CliRunner().invoke(main, ["import", str(export), "-o", str(export)])
    assert result.exit_code == 2 and "the export itself" in result.output
    assert export.read_bytes() == before


def test_half_an_emoji_in_an_export_becomes_a_replacement_character(tmp_path: Path) -> None:
    source = tmp_path / "vk.json"
    source.write_text('{"response": {"count": 1, "items": [{"id": 5, "from_id": 7, "post_id": 1, "owner_id": -42,'
                      ' "date": 1764583200, "text": "broken \\ud83d emoji \\ud83d\\ude00"}]}}', encoding="utf-8")
    result = CliRunner().invoke(main, ["import", str(source), "-o", str(tmp_path / "log.jsonl")])
    assert result.exit_code == 0, result.output
    assert "broken \ufffd emoji 😀" in (tmp_path / "log.jsonl").read_text(encoding="utf-8")
    assert not lint_paths([source], cwd=tmp_path).internal_errors


def test_import_writes_a_log_as_json_lines_and_a_plan_as_yaml_only(echo: _Echo, tmp_path: Path) -> None:
    export = _write(tmp_path / "export.json", [_event(1)])
    result = CliRunner().invoke(main, ["import", str(export), "-o", str(tmp_path / "log.yaml")])
    assert result.exit_code == 2 and "name the output file .jsonl" in result.output
    assert not (tmp_path / "log.yaml").exists()
    assert CliRunner().invoke(main, ["import", str(export), "-o", str(tmp_path / "log.jsonl")]).exit_code == 0


def test_a_quote_never_closed_on_the_last_row_is_reported_and_the_row_imported(tmp_path: Path) -> None:
    plan = tmp_path / "buffer.csv"
    plan.write_text("Text,Image URL,Tags,Posting Time\nA,,,2026-12-01 10:00\nB,,,2026-12-01 10:10\n"
                    "C,,,2026-12-01 10:20\n\"D unclosed,,,2026-12-01 10:30\n", encoding="utf-8")
    (tmp_path / ".smmlint.yaml").write_text("exports: {platform: vk}\n", encoding="utf-8")
    report = lint_paths([plan], cwd=tmp_path)
    quote = next(f for f in report.findings if f.rule == "SMM001")
    assert (quote.line, quote.column) == (5, 1) and "never closed" in quote.message
    too_many = next(f for f in report.findings if f.rule == "SMM101")
    assert "4 posts" in too_many.message  # the row with the stray quote is a post too


def test_rows_before_an_unreadable_row_are_still_imported(tmp_path: Path) -> None:
    plan = tmp_path / "buffer.csv"
    plan.write_text("Text,Image URL,Tags,Posting Time\nA,,,2026-12-01 10:00\nB,,,2026-12-01 10:10\n"
                    "C,,,2026-12-01 10:20\n" + "D" * 140_000 + ",,,2026-12-01 10:30\nE,,,2026-12-02 10:00\n",
                    encoding="utf-8")
    (tmp_path / ".smmlint.yaml").write_text("exports: {platform: vk}\n", encoding="utf-8")
    report = lint_paths([plan], cwd=tmp_path)
    rules = sorted({f.rule for f in report.findings})
    assert "SMM001" in rules and "SMM101" in rules  # the broken row, and three posts on one day
    stop = next(f for f in report.findings if f.rule == "SMM001")
    assert stop.line == 5 and "rows after it were not read" in stop.message and "131,072 characters" in stop.message


def test_import_of_a_file_in_another_format_exits_2(tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    plan.write_text('{"kind": "plan", "posts": []}', encoding="utf-8")
    other = tmp_path / "other.json"
    other.write_text('{"name": "chat", "type": "public_supergroup", "id": 1, "messages": []}', encoding="utf-8")
    runner = CliRunner()
    already = runner.invoke(main, ["import", "--from", "telegram", str(plan)])
    assert already.exit_code == 2 and "already a smmlint plan" in already.output
    wrong = runner.invoke(main, ["import", "--from", "youtube", str(other)])
    assert wrong.exit_code == 2 and "this file is telegram data" in wrong.output
    as_csv = runner.invoke(main, ["import", "--from", "buffer", str(other)])
    assert as_csv.exit_code == 2 and "is not buffer data" in as_csv.output


def test_a_named_format_that_another_importer_claims_says_which(tmp_path: Path) -> None:
    wall = tmp_path / "wall.json"
    wall.write_text(json.dumps({"response": {"count": 1, "items": [
        {"id": 3, "owner_id": -1, "from_id": -1, "date": 1764590400, "post_type": "post", "text": "Hi"}]}}),
        encoding="utf-8")
    result = CliRunner().invoke(main, ["import", "--from", "vk", str(wall)])
    assert result.exit_code == 2 and "vk-wall data" in result.output and "--from vk-wall" in result.output
    report = lint_paths([wall], cwd=tmp_path, input_format="vk")
    assert [f.rule for f in report.findings] == ["SMM004"]


def test_csv_formats_refuse_json_and_leave_canonical_csvs_alone(tmp_path: Path) -> None:
    other = tmp_path / "other.json"
    other.write_text('{\n  "response": {"items": []}\n}\n', encoding="utf-8")
    for name in ("monitoring", "hootsuite", "buffer", "sprout"):
        result = CliRunner().invoke(main, ["import", "--from", name, str(other)])
        assert result.exit_code == 2, (name, result.output)
    plan = tmp_path / "plan.csv"
    plan.write_text("id;at;platform;format;text\np1;2026-12-01 10:00;vk;photo;Привет\n", encoding="utf-8")
    unnamed = CliRunner().invoke(main, ["import", str(plan)])
    assert unnamed.exit_code == 2 and "already a smmlint CSV plan" in unnamed.output
    report = lint_paths([plan], cwd=tmp_path, input_format="monitoring")
    assert not [f for f in report.findings if f.rule.startswith("SMM00")]  # read as the plan it is


def test_import_explains_smmlints_own_formats(tmp_path: Path) -> None:
    for name in ("plan.yaml", "log.jsonl"):
        path = tmp_path / name
        path.write_text("kind: plan\n" if name.endswith("yaml") else "{}\n", encoding="utf-8")
        result = CliRunner().invoke(main, ["import", str(path)])
        assert result.exit_code == 2 and "already smmlint's own format" in result.output


def test_a_stray_quote_in_an_exported_csv_is_reported_and_the_next_rows_imported(tmp_path: Path) -> None:
    path = tmp_path / "mentions.csv"
    path.write_text('Date,Author,Text,URL\n2026-12-01 10:00,anna,"Где мой заказ,https://x/1\n'
                    "2026-12-01 11:00,oleg,Вкусно,https://x/2\n", encoding="utf-8")
    export = open_export(path, ImportOptions(), "monitoring")
    outputs = list(export.outputs)
    items = [output for output in outputs if isinstance(output, Item)]
    notes = [output for output in outputs if isinstance(output, Unmapped)]
    assert [item.record["author"] for item in items] == ["anna", "oleg"]
    assert [(note.code, note.where.line, note.where.column) for note in notes] == [("SMM001", 2, 23)]
    assert "never closed" in notes[0].message


def test_an_export_whose_every_record_has_a_mistake_says_nothing_could_be_imported(echo: _Echo, tmp_path: Path) -> None:
    options = ImportOptions.make()
    broken = convert(open_export(_write(tmp_path / "broken.json", [{**_event(1), "at": "yesterday"}]), options))
    assert broken.count == 0 and [code for code, *_ in broken.notes] == ["SMM002"]
    assert broken.failed == "no record could be imported: fix the mistakes above"
    # Nothing to import is no mistake; some records imported are no failure.
    assert convert(open_export(_write(tmp_path / "empty.json", [{"skip": True}]), options)).failed is None
    some = convert(open_export(_write(tmp_path / "some.json", [_event(1), {**_event(2), "at": "x"}]), options))
    assert some.count == 1 and some.failed is None
