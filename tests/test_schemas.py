"""The committed JSON Schemas are what the models generate, and they accept what smmlint accepts."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from smmlint.resources import schemas_dir
from smmlint.rulepacks import builtin_pack_paths
from smmlint.schemas import all_schemas, render
from smmlint.sourcetree import load_yaml


@pytest.mark.parametrize("name", sorted(all_schemas()))
def test_committed_schema_matches_the_models(name: str) -> None:
    committed = (schemas_dir() / name).read_text(encoding="utf-8")
    assert committed == render(all_schemas()[name]), "run: python -m smmlint.schemas"


@pytest.mark.parametrize("name", sorted(all_schemas()))
def test_schemas_are_valid_draft_2020_12(name: str) -> None:
    schema = json.loads((schemas_dir() / name).read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def _validator(name: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads((schemas_dir() / name).read_text(encoding="utf-8")))


@pytest.mark.parametrize("path", builtin_pack_paths(), ids=lambda p: p.name)
def test_builtin_rule_packs_validate_against_the_rule_schema(path: Path) -> None:
    errors = list(_validator("rule.schema.json").iter_errors(load_yaml(path.read_text(encoding="utf-8")).data))
    assert errors == []


def test_rule_schema_checks_each_primitives_options() -> None:
    pack = load_yaml(builtin_pack_paths()[1].read_text(encoding="utf-8")).data
    pack["rules"][0]["options"]["maxx"] = 3
    messages = [error.message for error in _validator("rule.schema.json").iter_errors(pack)]
    assert any("'maxx' was unexpected" in message for message in messages)


def test_plan_schema_accepts_the_spec_example_and_rejects_typos() -> None:
    plan = load_yaml(
        "kind: plan\naccount: {name: Zerno Coffee, type: company, timezone: Europe/Moscow, domains: [zerno.coffee]}\n"
        "posts:\n  - id: dec01-vk-1\n    at: 2026-12-01 10:00\n    platform: vk\n    format: photo\n"
        "    text: '...'\n    links: [https://zerno.coffee/menu]\n"
        "    contest: {rules_url: https://zerno.coffee/rules, ends: 2026-12-10, prize: x, organiser: y}\n"
    ).data
    validator = _validator("plan.schema.json")
    assert list(validator.iter_errors(plan)) == []
    plan["posts"][0]["platfrom"] = "vk"
    plan["posts"][0]["format"] = "photos"
    assert len(list(validator.iter_errors(plan))) == 2


def test_log_event_schema() -> None:
    validator = _validator("log-event.schema.json")
    good = {"id": "c1", "at": "2026-12-01T10:00:00+03:00", "kind": "comment", "text": "?"}
    assert list(validator.iter_errors(good)) == []
    assert list(validator.iter_errors({**good, "kind": "like", "extra": 1}))
