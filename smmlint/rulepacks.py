"""Declarative rule packs: loading, validation with file:line:col errors, and compiled rules."""

from __future__ import annotations

import difflib
import string
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError

from .checks import CHECKS, Check
from .conditions import ConditionError
from .fields import known_fields
from .findings import Severity
from .models import AccountType, Strict
from .problems import ConfigError, ConfigProblem, describe_error, problems_from_validation
from .resources import rules_dir, schemas_dir
from .sourcetree import SourceError, SourceTree, decode_text, load_yaml

# smmlint's own rules are SMM001-SMM999; a team's rules may take a prefix of their own (BAK001).
RULE_ID_PATTERN = r"^[A-Z]{2,10}\d{3}$"
RULE_NAME_PATTERN = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"
COMMON_PARAMS = ("rule", "name", "account_type", "account_name")


class Example(Strict):
    """A small document for docs and tests; a bad one names the lines the rule must flag."""

    title: str
    file: str | None = Field(
        None, description="File name (its extension picks the format); default by target."
    )
    text: str = Field(description="The document itself.")
    policy: str | None = Field(None, description="A policy document placed beside it.")
    config: dict[str, Any] | None = Field(None, description="Extra `.smmlint.yaml` settings.")
    lines: list[int] | None = Field(None, description="Bad examples: every line flagged.")


class Examples(Strict):
    bad: list[Example] = Field(min_length=1)
    good: list[Example] = Field(min_length=1)


class Rule(Strict):
    """One rule of the catalogue."""

    id: str = Field(pattern=RULE_ID_PATTERN, description="SMM + mistake number + two digits.")
    name: str = Field(pattern=RULE_NAME_PATTERN, description="kebab-case name, usable as the id.")
    mistake: int = Field(ge=0, le=9, description="The seed's mistake number; 0 for file-level rules.")
    target: Literal["plan", "policy", "log", "file"]
    severity: Literal["error", "warning", "info"]
    summary: str = Field(description="One line: what is wrong.")
    rationale: str = Field(description="Why it matters, after the seed article.")
    seed: str | None = Field(None, description="The seed's own words (Russian).")
    check: str | None = Field(None, description="The check primitive (not for file-level rules).")
    options: dict[str, Any] = Field(default_factory=dict)
    by_account_type: dict[AccountType, dict[str, Any]] = Field(
        default_factory=dict, description="Option values that replace `options` for an account type."
    )
    message: str = Field(description="Message template; {placeholders} from the check and record.")
    examples: Examples


class RulePack(Strict):
    """A file of rules (`rules/*.yaml`, or a user's rule folder)."""

    kind: Literal["rules"] = "rules"
    rules: list[Rule]


@dataclass
class LoadedRule:
    """A validated rule, with where it was written and its compiled checks."""

    rule: Rule
    path: Path
    line: int
    severity: Severity
    options: dict[str, Any] = field(default_factory=dict)
    enabled: bool = True
    _compiled: dict[str, Check] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.rule.id

    @property
    def name(self) -> str:
        return self.rule.name

    def merged_options(self, account_type: str) -> dict[str, Any]:
        merged = dict(self.rule.options)
        # Keys are the enum's values at run time; a str enum member finds them by equality.
        merged.update(self.rule.by_account_type.get(AccountType(account_type), {}))
        merged.update(self.options)
        return merged

    def check_for(self, account_type: str) -> Check:
        """The check compiled with this account type's options (compiled once, then reused)."""
        compiled = self._compiled.get(account_type)
        if compiled is None:
            assert self.rule.check is not None
            check_class = CHECKS[self.rule.check]
            options = check_class.Options.model_validate(self.merged_options(account_type))
            compiled = self._compiled[account_type] = check_class(options, self.rule.target)
        return compiled


def schema_problems(data: Any, tree: SourceTree, path: Path) -> list[ConfigProblem]:
    """Every violation of the published rule schema (``schemas/rule.schema.json``)."""
    import json

    import jsonschema

    schema = json.loads((schemas_dir() / "rule.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    problems = []
    for error in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        pointer = tuple(error.absolute_path)
        where = "/".join(map(str, pointer)) or "rule pack"
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            # Point at each unexpected key itself, not at the mapping holding it.
            allowed = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
            for key in [key for key in error.instance if key not in allowed]:
                line, column = tree.position((*pointer, key), key=True)
                problems.append(ConfigProblem(path, line, column, f"{where}: unknown field '{key}'"))
            continue
        line, column = tree.position(pointer)
        problems.append(ConfigProblem(path, line, column, f"{where}: {_schema_message(error, pointer)}"))
    return problems


def _schema_message(error: Any, pointer: tuple[Any, ...]) -> str:
    """jsonschema's words, except where they say less than the rule's author needs: an unknown
    check is named with the close one and every known one; an id that is not one, by its form."""
    field_name = pointer[-1] if pointer else None
    if field_name == "check" and isinstance(error.instance, str):
        close = difflib.get_close_matches(error.instance, list(CHECKS), n=1, cutoff=0.6)
        meant = f" (did you mean '{close[0]}'?)" if close else ""
        return f"unknown check '{error.instance}'{meant}; known: {', '.join(CHECKS)}"
    if field_name == "id" and error.validator == "pattern":
        return f"'{error.instance}' is not a rule id: capitals and three digits, such as SMM123 or a team's own BAK001"
    message: str = error.message
    return message


def load_pack(path: Path, *, user: bool = False) -> list[LoadedRule]:
    """Load and validate one rule file; ConfigError lists every problem with its position.

    A user's pack is first validated against the published rule schema, so its author sees
    exactly what an editor using that schema would show.
    """
    try:
        tree = load_yaml(decode_text(path.read_bytes()))
    except SourceError as error:
        raise ConfigError([ConfigProblem(path, error.line, error.column, error.message)]) from None
    except OSError as error:
        raise ConfigError([ConfigProblem(path, 1, 1, f"cannot read rule file: {error.strerror}")]) from None
    if user:
        invalid = schema_problems(tree.data, tree, path)
        if invalid:
            raise ConfigError(invalid)
    try:
        pack = RulePack.model_validate(tree.data)
    except ValidationError as error:
        raise ConfigError(problems_from_validation(error, tree, path, RulePack)) from None
    problems: list[ConfigProblem] = []
    loaded = []
    for index, rule in enumerate(pack.rules):
        problems.extend(_check_rule(rule, tree, path, ("rules", index)))
        line, _column = tree.position(("rules", index))
        loaded.append(LoadedRule(rule, path, line, Severity(rule.severity)))
    if problems:
        raise ConfigError(problems)
    return loaded


def _check_rule(rule: Rule, tree: SourceTree, path: Path, at: tuple[str | int, ...]) -> Iterator[ConfigProblem]:
    def problem(pointer: Sequence[str | int], message: str, key: bool = False) -> ConfigProblem:
        line, column = tree.position((*at, *pointer), key=key)
        return ConfigProblem(path, line, column, f"rule {rule.id}: {message}")

    if rule.target == "file":
        if rule.check is not None:
            yield problem(("check",), "file-level rules are reported by the loader and take no check")
        return
    if rule.check is None:
        yield problem((), "'check' is required: one of " + ", ".join(CHECKS))
        return
    check_class = CHECKS.get(rule.check)
    if check_class is None:
        yield problem(("check",), f"unknown check '{rule.check}'; known: {', '.join(CHECKS)}")
        return
    if rule.target not in check_class.TARGETS:
        yield problem(("target",), f"check '{rule.check}' works on {', '.join(check_class.TARGETS)}, not {rule.target}")
    variants: list[tuple[tuple[str | int, ...], dict[str, Any]]] = [(("options",), rule.options)]
    for account_type, overrides in rule.by_account_type.items():
        variants.append((("by_account_type", account_type), {**rule.options, **overrides}))
    for pointer, options in variants:
        yield from options_problems(check_class, rule.target, options, lambda p, m, key=False, base=pointer: problem((*base, *p), m, key))
    yield from template_problems(rule, check_class, problem)


def options_problems(
    check_class: type[Check], target: str, options: Mapping[str, Any], problem: Any
) -> Iterator[ConfigProblem]:
    """Validate options (and compile their conditions); ``problem(pointer, message, key)``
    builds each (``key``: the mistake is the key at ``pointer``, not its value)."""
    try:
        validated = check_class.Options.model_validate(options)
    except ValidationError as error:
        for item in error.errors(include_url=False):
            yield problem(tuple(item["loc"]), describe_error(item, model=check_class.Options),
                          item["type"] == "extra_forbidden")
        return
    try:
        check_class(validated, target)
    except ConditionError as error:
        yield problem(error.path, error.message, error.key)


def template_fields(template: str) -> Iterator[str]:
    """The field names of a format string, those nested in format specs (``{id:>{width}}``) too.
    Raises ValueError when the template does not parse."""
    for _, name, spec, _ in string.Formatter().parse(template):
        if name:
            yield name
        if spec and "{" in spec:
            yield from template_fields(spec)


def template_problems(rule: Rule, check_class: type[Check], problem: Any) -> Iterator[ConfigProblem]:
    """Placeholders are plain names of the check's values, the record's fields or the rule's:
    a format spec, conversion, attribute or index could fail (or reach into Python objects)
    when a finding is reported, long after the pack loaded."""
    allowed = set(check_class.PARAMS) | set(COMMON_PARAMS) | set(known_fields(rule.target))
    try:
        parsed = list(string.Formatter().parse(rule.message))
        names = set(template_fields(rule.message))
    except ValueError as error:
        yield problem(("message",), f"bad message template: {error}")
        return
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        if not name:
            yield problem(("message",), "{} names nothing: name a value, such as {id}")
        elif spec or conversion or not name.isidentifier():
            written = name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
            yield problem(("message",), f"placeholder {{{written}}}: write a plain name such as {{{_plain(name)}}}"
                                        " (no formats, conversions, attributes or indexes)")
    for name in sorted(names):
        if _plain(name) not in allowed:
            yield problem(("message",), f"unknown placeholder {{{name}}}; use {', '.join(sorted(allowed))}")


def _plain(name: str) -> str:
    return name.split(".")[0].split("[")[0].split("!")[0]


def builtin_pack_paths() -> list[Path]:
    return sorted(rules_dir().glob("*.yaml"))


def load_rules(extra_dirs: Iterable[Path] = ()) -> list[LoadedRule]:
    """Built-in packs, then every `*.yaml` in the user's rule folders; ids must be unique."""
    paths = [(path, False) for path in builtin_pack_paths()]
    for folder in extra_dirs:
        if not folder.is_dir():
            raise ConfigError([ConfigProblem(folder, 1, 1, "rule folder does not exist")])
        paths.extend((path, True) for path in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]))
    problems: list[ConfigProblem] = []
    rules: list[LoadedRule] = []
    seen: dict[str, LoadedRule] = {}
    for path, user in paths:
        try:
            pack = load_pack(path, user=user)
        except ConfigError as error:
            problems.extend(error.problems)
            continue
        for loaded in pack:
            for key in (loaded.id, loaded.name):
                if key in seen:
                    other = seen[key]
                    problems.append(
                        ConfigProblem(
                            path, loaded.line, 1,
                            f"rule '{key}' is already defined at {other.path}:{other.line}",
                        )
                    )
                seen[key] = loaded
            rules.append(loaded)
    if problems:
        raise ConfigError(problems)
    return sorted(rules, key=lambda loaded: loaded.id)


def find_rule(rules: Sequence[LoadedRule], key: str) -> LoadedRule | None:
    wanted = key.strip()
    for loaded in rules:
        if wanted.upper() == loaded.id or wanted.lower() == loaded.name:
            return loaded
    return None


def unknown_rule(rules: Sequence[LoadedRule], written: str) -> str:
    """"unknown rule 'X'", with the id or name it is close to ("post-in-quiet-hour", "SMM1O1")."""
    wanted = written.strip()
    names = [loaded.name for loaded in rules]
    ids = [loaded.id for loaded in rules]
    close = (difflib.get_close_matches(wanted.lower(), names, n=1, cutoff=0.8)
             or difflib.get_close_matches(wanted.upper().replace("O", "0"), ids, n=1, cutoff=0.8))
    return f"unknown rule '{written}'" + (f" (did you mean '{close[0]}'?)" if close else "")
