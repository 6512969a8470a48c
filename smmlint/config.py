"""Finding and reading `.smmlint.yaml`, and applying its rule settings to the rule book."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .checks import CHECKS
from .findings import Severity
from .models import Config, RuleSetting
from .problems import ConfigError, ConfigProblem, problems_from_validation
from .rulepacks import LoadedRule, find_rule, load_rules, options_problems
from .sourcetree import SourceError, SourceTree, decode_text, load_yaml

CONFIG_NAMES = (".smmlint.yaml", ".smmlint.yml", "smmlint.yaml")


@dataclass
class Settings:
    """The effective configuration of a run: the config file (if any) and the rules."""

    config: Config = field(default_factory=Config)
    path: Path | None = None
    tree: SourceTree | None = None
    rules: list[LoadedRule] = field(default_factory=list)

    @property
    def base_dir(self) -> Path:
        return self.path.parent if self.path else Path.cwd()

    def resolve(self, relative: str) -> Path:
        return (self.base_dir / relative).resolve()

    def position(self, pointer: tuple[str | int, ...], key: bool = False) -> tuple[int, int]:
        return self.tree.position(pointer, key=key) if self.tree else (1, 1)


def find_config(start: Path) -> Path | None:
    """The nearest config file in ``start`` or a folder above it."""
    folder = start if start.is_dir() else start.parent
    for candidate in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            path = candidate / name
            if path.is_file():
                return path
    return None


def read_config(path: Path) -> tuple[Config, SourceTree]:
    try:
        tree = load_yaml(decode_text(path.read_bytes()))
    except SourceError as error:
        raise ConfigError([ConfigProblem(path, error.line, error.column, error.message)]) from None
    except OSError as error:
        raise ConfigError([ConfigProblem(path, 1, 1, f"cannot read config: {error.strerror}")]) from None
    data = {} if tree.data is None else tree.data
    if not isinstance(data, dict):
        raise ConfigError([ConfigProblem(path, 1, 1, "the config must be a mapping of settings")])
    try:
        config = Config.model_validate(data)
    except ValidationError as error:
        raise ConfigError(problems_from_validation(error, tree, path)) from None
    if tree.problems:
        raise ConfigError([ConfigProblem(path, p.line, p.column, p.message) for p in tree.problems])
    return config, tree


def load_settings(config_path: Path | None = None, start: Path | None = None) -> Settings:
    """Read the config (given, or found from ``start`` upward) and build the rule book."""
    path = config_path or find_config((start or Path.cwd()).resolve())
    settings = Settings()
    if path is not None:
        settings.path = path.resolve()
        settings.config, settings.tree = read_config(settings.path)
    rule_dirs = [settings.resolve(folder) for folder in settings.config.rule_paths]
    try:
        settings.rules = load_rules(rule_dirs)
    except ConfigError as error:
        raise ConfigError(error.problems) from None
    apply_rule_settings(settings)
    return settings


def apply_rule_settings(settings: Settings) -> None:
    """Switch rules off, change severities and options as the config's `rules:` says."""
    problems: list[ConfigProblem] = []
    for key, value in settings.config.rules.items():
        where = ("rules", key)
        line, column = settings.position(where, key=True)
        loaded = find_rule(settings.rules, key)
        if loaded is None:
            problems.append(ConfigProblem(settings.path or "config", line, column, f"unknown rule '{key}'"))
            continue
        setting = value if isinstance(value, RuleSetting) else RuleSetting(severity=value)
        if setting.severity == "off":
            loaded.enabled = False
        elif setting.severity is not None:
            loaded.severity = Severity(setting.severity)
        if setting.options:
            problems.extend(_option_problems(settings, loaded, setting.options, where))
            loaded.options = dict(setting.options)
    if problems:
        raise ConfigError(problems)


def _option_problems(
    settings: Settings, loaded: LoadedRule, options: dict[str, Any], where: tuple[str, ...]
) -> list[ConfigProblem]:
    if loaded.rule.check is None:
        line, column = settings.position(where)
        return [ConfigProblem(settings.path or "config", line, column, f"rule {loaded.id} takes no options")]
    check_class = CHECKS[loaded.rule.check]

    def problem(pointer: tuple[str | int, ...], message: str) -> ConfigProblem:
        line, column = settings.position((*where, "options", *pointer))
        return ConfigProblem(settings.path or "config", line, column, f"rule {loaded.id}: {message}")

    merged = {**loaded.rule.options, **options}
    return list(options_problems(check_class, loaded.rule.target, merged, problem))
