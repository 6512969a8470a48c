"""The published JSON Schemas (draft 2020-12), generated from the models: one source of truth.

``python -m smmlint.schemas`` rewrites ``schemas/``; a test fails when the committed files
differ from what the models generate.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter

from .checks import CHECKS
from .conditions import COMBINATORS, OPERATORS
from .models import Config, Event, Plan, Policy
from .resources import schemas_dir
from .rulepacks import RulePack

DIALECT = "https://json-schema.org/draft/2020-12/schema"
BASE_ID = "https://smmlint.dev/schemas/"

CONDITION_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "All entries must hold. A field name maps to a value (equal) or to tests;"
    " `all`/`any` take lists of conditions, `not` a condition.",
    "properties": {
        "all": {"type": "array", "items": {"$ref": "#/$defs/Condition"}, "minItems": 1},
        "any": {"type": "array", "items": {"$ref": "#/$defs/Condition"}, "minItems": 1},
        "not": {"$ref": "#/$defs/Condition"},
    },
    "additionalProperties": {
        "anyOf": [
            {"type": ["string", "number", "boolean", "null"]},
            {
                "type": "object",
                "minProperties": 1,
                "additionalProperties": False,
                "properties": {
                    "eq": {}, "ne": {}, "contains": {},
                    "in": {"type": "array"}, "not_in": {"type": "array"},
                    "matches": {"type": "string", "description": "An RE2 regular expression."},
                    "exists": {"type": "boolean"},
                    "gt": {"type": "number"}, "gte": {"type": "number"},
                    "lt": {"type": "number"}, "lte": {"type": "number"},
                },
            },
        ]
    },
}  # fmt: skip
assert set(CONDITION_SCHEMA["additionalProperties"]["anyOf"][1]["properties"]) == set(OPERATORS)
assert set(CONDITION_SCHEMA["properties"]) == set(COMBINATORS)


def _finish(schema: dict[str, Any], name: str, title: str) -> dict[str, Any]:
    return {"$schema": DIALECT, "$id": BASE_ID + name, "title": title, **{
        key: value for key, value in schema.items() if key != "title"}}


def _model(model: type[BaseModel] | TypeAdapter[Any], name: str, title: str) -> dict[str, Any]:
    schema = model.json_schema() if isinstance(model, TypeAdapter) else model.model_json_schema()
    return _finish(schema, name, title)


def _replace_conditions(node: Any) -> Any:
    """Options typed as a condition (``dict[str, Any]``) point at the Condition definition."""
    if isinstance(node, dict):
        if node.get("additionalProperties") is True and node.get("type") == "object" and "properties" not in node:
            return {"$ref": "#/$defs/Condition"}
        return {key: _replace_conditions(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_replace_conditions(item) for item in node]
    return node


def rule_schema() -> dict[str, Any]:
    """The rule-pack schema, with each check's options schema selected by `check`."""
    schema = RulePack.model_json_schema()
    defs = schema.setdefault("$defs", {})
    defs["Condition"] = CONDITION_SCHEMA
    branches = []
    for name, check in CHECKS.items():
        options = check.Options.model_json_schema()
        for key, value in options.pop("$defs", {}).items():
            defs[key] = _replace_conditions(value)  # nested options (an occasion) hold conditions too
        options = _replace_conditions(options)
        title = f"{check.__name__}Options"
        options["title"] = title
        options["description"] = check.DESCRIPTION
        defs[title] = options
        branches.append({
            "if": {"properties": {"check": {"const": name}}, "required": ["check"]},
            "then": {"properties": {
                "options": {"$ref": f"#/$defs/{title}"},
                "by_account_type": {"additionalProperties": {"type": "object"}},
            }},
        })  # fmt: skip
    rule = defs["Rule"]
    rule["properties"]["check"]["anyOf"] = [{"enum": list(CHECKS)}, {"type": "null"}]
    rule["allOf"] = branches
    return _finish(schema, "rule.schema.json", "smmlint rule pack")


def all_schemas() -> dict[str, dict[str, Any]]:
    return {
        "plan.schema.json": _model(Plan, "plan.schema.json", "smmlint content plan"),
        "policy.schema.json": _model(Policy, "policy.schema.json", "smmlint community policy"),
        "log-event.schema.json": _model(TypeAdapter(Event), "log-event.schema.json", "smmlint log event (one JSON Lines line)"),
        "config.schema.json": _model(Config, "config.schema.json", "smmlint configuration (.smmlint.yaml)"),
        "rule.schema.json": rule_schema(),
    }


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in all_schemas().items():
        path = folder / name
        path.write_text(render(schema), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":  # pragma: no cover - a developer's command
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else schemas_dir()
    for path in write_schemas(target):
        print(f"wrote {path}")
