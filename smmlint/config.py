"""Configuration: finding `.smmlint.yaml` (or `[tool.smmlint]`), and the rules each file gets.

A config file is read once (`Settings`); the files it governs get a `Profile`: its settings
with the matching `overrides` applied (the last match wins), and the rules switched on or off,
with severities and options, as `select`, `ignore` and `rules` say. Every problem in a config
is reported at once with its file:line:col (exit code 2), overrides included.
"""

from __future__ import annotations

import fnmatch
import re
import sys
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from .checks import CHECKS
from .findings import Severity
from .models import Account, Config, Policy, RuleSetting
from .problems import ConfigError, ConfigProblem, problems_from_validation
from .rulepacks import LoadedRule, find_rule, load_rules, options_problems, unknown_rule
from .sourcetree import SourceError, SourceTree, decode_text, load_yaml

if TYPE_CHECKING:
    from .analysers import Analysers
    from .documents import Document

CONFIG_NAMES = (".smmlint.yaml", ".smmlint.yml", "smmlint.yaml")
PYPROJECT = "pyproject.toml"
Pointer = tuple[str | int, ...]


def glob_matches(relative: str, pattern: str) -> bool:
    """Whether a path (relative, with '/') matches a config glob; a folder matches its files."""
    pattern = pattern.strip().removeprefix("./")
    if pattern.endswith("/"):
        pattern += "**"
    return (fnmatch.fnmatch(relative, pattern) or fnmatch.fnmatch(relative, pattern + "/*")
            or ("/" not in pattern and fnmatch.fnmatch(relative.rsplit("/", 1)[-1], pattern)))


class _TableLocator:
    """Positions in pyproject.toml. tomllib keeps none: a top-level key of the table is found
    by its own line (`select = ...` or `[tool.smmlint.account]`), anything else at the table."""

    def __init__(self, line: int, text: str = "", data: Any = None) -> None:
        self.line = line
        self.lines = text.splitlines()
        self.data = data
        self._keys: dict[str, tuple[int, int]] | None = None

    def position(self, pointer: Sequence[str | int], *, key: bool = False) -> tuple[int, int]:
        if pointer and isinstance(pointer[0], str):
            if self._keys is None:  # the table is read once: a position per unknown key stays linear
                self._keys = self._top_level_keys()
            found = self._keys.get(pointer[0])
            if found is not None:
                return found
        return (self.line, 1)

    def _top_level_keys(self) -> dict[str, tuple[int, int]]:
        """Where each name of the table is first written: (line, column)."""
        keys: dict[str, tuple[int, int]] = {}
        for number in range(self.line, len(self.lines) + 1):
            line = self.lines[number - 1]
            if number > self.line and _OTHER_TABLE.match(line):
                break
            written = _KEY_LINE.match(line)
            if written is not None:
                keys.setdefault(written["table"] or written["key"], (number, len(line) - len(line.lstrip()) + 1))
        return keys


_OTHER_TABLE = re.compile(r"^\s*\[(?!tool\.smmlint)")
_KEY_LINE = re.compile(r"^\s*(?:\[\[?tool\.smmlint\.(?P<table>[^\].]+)[\].]|(?P<key>[^\s=\[#][^=]*?)\s*=)")


@dataclass
class Settings:
    """One config source (or none) and the rule definitions it loads."""

    config: Config = field(default_factory=Config)
    path: Path | None = None
    tree: SourceTree | _TableLocator | None = None
    definitions: list[LoadedRule] = field(default_factory=list)
    command_line: Selection | None = None  # --select / --ignore: the last word on which rules run
    _profiles: dict[tuple[int, ...], Profile] = field(default_factory=dict)
    _policies: dict[Path, Document] = field(default_factory=dict)
    _analysers: Analysers | None = None
    # join_logs / join_plans groups that a file matching two of them made one: group -> group.
    _joined_groups: dict[tuple[str, int], int] = field(default_factory=dict)

    @property
    def base_dir(self) -> Path:
        return self.path.parent if self.path else Path.cwd().resolve()

    @property
    def rules(self) -> list[LoadedRule]:
        """The rules of files no override matches."""
        return self.profile(()).rules

    def resolve(self, relative: str) -> Path:
        path = self.base_dir / relative
        try:
            return path.resolve()
        except (OSError, ValueError):  # a NUL character: no file has that name (load_settings says so)
            return path

    def relative(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.base_dir).as_posix()
        except ValueError:
            return path.as_posix()

    def position(self, pointer: Pointer, key: bool = False) -> tuple[int, int]:
        return self.tree.position(pointer, key=key) if self.tree else (1, 1)

    def problem(self, pointer: Pointer, message: str, key: bool = False) -> ConfigProblem:
        line, column = self.position(pointer, key)
        return ConfigProblem(self.path or "config", line, column, message)

    def excluded(self, path: Path) -> bool:
        relative = self.relative(path)
        return any(glob_matches(relative, pattern) for pattern in self.config.exclude)

    def kind_of(self, path: Path) -> str | None:
        relative = self.relative(path)
        return next((kind for pattern, kind in self.config.kinds.items() if glob_matches(relative, pattern)), None)

    def group_of(self, path: Path, kind: str) -> int | None:
        """The ``join_logs`` (``kind`` log) or ``join_plans`` group of ``path``, if one matches:
        a file that two groups match makes them one (ask ``group_root`` again once every file
        is seen, for the files met before)."""
        relative = self.relative(path)
        groups = self.config.join_logs if kind == "log" else self.config.join_plans
        found = [index for index, patterns in enumerate(groups)
                 if any(glob_matches(relative, pattern) for pattern in patterns)]
        for other in found[1:]:
            self._joined_groups[(kind, self.group_root(kind, other))] = self.group_root(kind, found[0])
        return self.group_root(kind, found[0]) if found else None

    def group_root(self, kind: str, index: int) -> int:
        """The group that ``index`` is part of (itself, unless a file joined it to another)."""
        while (kind, index) in self._joined_groups:
            index = self._joined_groups[(kind, index)]
        return index

    def input_format_of(self, path: Path) -> str | None:
        """The importer the config's ``exports.formats`` names for ``path``, if any."""
        relative = self.relative(path)
        formats = self.config.exports.formats
        return next((name for pattern, name in formats.items() if glob_matches(relative, pattern)), None)

    def profile_for(self, path: Path) -> Profile:
        relative = self.relative(path)
        matching = tuple(i for i, override in enumerate(self.config.overrides)
                         if any(glob_matches(relative, pattern) for pattern in override.files))
        return self.profile(matching)

    def profile(self, overrides: tuple[int, ...]) -> Profile:
        cached = self._profiles.get(overrides)
        if cached is None:
            cached = self._profiles[overrides] = _build_profile(self, overrides)
        return cached

    def analysers(self) -> Analysers:
        if self._analysers is None:
            from .analysers import Analysers

            self._analysers = Analysers.load([self.resolve(folder) for folder in self.config.rule_paths])
        return self._analysers

    def policy(self, relative: str | None) -> Policy | None:
        if not relative:
            return None
        path = self.resolve(relative)
        # Every policy a config names was read (and checked) when the config was loaded.
        document = self._policies.get(path)
        return document.policy if document is not None else None


@dataclass(frozen=True)
class Selection:
    """The rules chosen on the command line (``--select``, ``--ignore``): a last layer over the
    config's, as ruff's options are. ``select`` None keeps the config's choice."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    matched: set[str] = field(default_factory=set)  # the entries some config's rules answered

    def problem(self, pointer: Pointer, message: str, key: bool = False) -> ConfigProblem:
        return ConfigProblem(f"--{pointer[0]}", 0, 0, message)

    def unmatched(self) -> list[ConfigProblem]:
        """Entries that name no rule, built-in or of any config the run read: usage errors."""
        pending = [(option, entry) for option, entries in (("select", self.select or ()), ("ignore", self.ignore))
                   for entry in entries if entry not in self.matched]
        builtin = load_rules() if pending else []
        return [self.problem((option,), _no_rule(entry, builtin)) for option, entry in pending
                if not matching_rules(builtin, entry)]


@dataclass
class Profile:
    """What applies to one file: the effective config and the rules with their state."""

    settings: Settings
    config: Config
    rules: list[LoadedRule]
    rules_by_id: dict[str, LoadedRule]

    def find(self, written: str) -> LoadedRule | None:
        return find_rule(self.rules, written)

    def policy(self) -> Policy | None:
        return self.settings.policy(self.config.policy)

    def faulty_policy(self) -> Document | None:
        """The config's policy file when something in it is wrong (its sections left out)."""
        if not self.config.policy:
            return None
        document = self.settings._policies.get(self.settings.resolve(self.config.policy))
        return document if document is not None and document.problems else None


def _merged(config: Config, overrides: Sequence[Any]) -> Config:
    account = config.account.model_dump(exclude_none=True) if config.account else {}
    update: dict[str, Any] = {}
    for override in overrides:
        if override.account:
            account.update(override.account.model_dump(exclude_none=True))
        for name in ("policy", "now"):
            if getattr(override, name) is not None:
                update[name] = getattr(override, name)
    if account:
        update["account"] = Account.model_validate(account)
    return config.model_copy(update=update)


def _build_profile(settings: Settings, indices: tuple[int, ...]) -> Profile:
    overrides = [settings.config.overrides[i] for i in indices]
    config = _merged(settings.config, overrides)
    rules = [replace(d, enabled=True, severity=Severity(d.rule.severity), options={}, _compiled={})
             for d in settings.definitions]
    problems: list[ConfigProblem] = []
    # Layer by layer, the config and then each matching override: within a layer `select`
    # and `ignore` come first and `rules:` entries refine them; a later layer wins.
    layers: list[tuple[Pointer, Any, Any]] = [((), settings.config, settings)]
    layers += [(("overrides", i), settings.config.overrides[i], settings) for i in indices]
    if settings.command_line is not None:
        layers.append(((), settings.command_line, settings.command_line))
    for prefix, layer, where in layers:
        # The command line names rules of any config's packs: a name this config's rules lack
        # is skipped here (the run checks that each names a rule somewhere, see Selection).
        said = problems if where is settings else []
        if layer.select is not None:
            chosen = _selected(where, rules, layer.select, (*prefix, "select"), said)
            for rule in rules:
                # A selection does not hide what is wrong with the input itself (unless the
                # config has turned that off).
                rule.enabled = rule.id in chosen or (rule.id in INPUT_PROBLEMS and rule.enabled)
        for rule_id in _selected(where, rules, layer.ignore or [], (*prefix, "ignore"), said):
            next(rule for rule in rules if rule.id == rule_id).enabled = False
        for key, value in layer.rules.items() if where is settings else ():  # the command line sets no severities
            problems.extend(_apply_setting(settings, rules, key, value, (*prefix, "rules", key)))
    if problems:
        raise ConfigError(problems)
    return Profile(settings, config, rules, {rule.id: rule for rule in rules})


INPUT_PROBLEMS = frozenset({"SMM001", "SMM002", "SMM003", "SMM004"})
"""A file that cannot be read, a record that breaks its schema, a repeated id, a file of no
known kind: these stay on whatever `select` says (a broken post would otherwise drop out of
the selected checks unseen); `ignore` or `rules: {SMM002: off}` turns them off."""


def _selected(settings: Settings | Selection, rules: list[LoadedRule], entries: Sequence[str], at: Pointer,
              problems: list[ConfigProblem]) -> set[str]:
    """Rule ids named by ``entries``: ids, id prefixes (``SMM1``) or names."""
    chosen: set[str] = set()
    for index, entry in enumerate(entries):
        found = matching_rules(rules, entry)
        if not found:
            problems.append(settings.problem((*at, index), _no_rule(entry, rules)))
        elif isinstance(settings, Selection):
            settings.matched.add(entry)
        chosen |= found
    return chosen


def matching_rules(rules: Sequence[LoadedRule], entry: str) -> set[str]:
    """The ids of the rules an entry of `select`/`ignore` names: an id, an id prefix or a name."""
    wanted = entry.strip()
    return {rule.id for rule in rules if rule.id.startswith(wanted.upper()) or rule.name == wanted.lower()} if wanted else set()


def _no_rule(entry: str, rules: Sequence[LoadedRule] = ()) -> str:
    close = unknown_rule(rules, entry).partition(" (did you mean")[2]
    meant = f" (did you mean{close}" if close else ""
    return f"'{entry}' names no rule{meant} (use an id, a prefix such as SMM1, or a name)"


def _apply_setting(settings: Settings, rules: list[LoadedRule], key: str, value: Any,
                   pointer: Pointer) -> list[ConfigProblem]:
    loaded = find_rule(rules, key)
    if loaded is None:
        return [settings.problem(pointer, unknown_rule(rules, key), key=True)]
    setting = value if isinstance(value, RuleSetting) else RuleSetting(severity=value)
    if setting.severity == "off":
        loaded.enabled = False
    elif setting.severity is not None:
        loaded.severity = Severity(setting.severity)
        loaded.enabled = True
    if not setting.options:
        return []
    options = {**loaded.options, **setting.options}
    found = _setting_options_problems(loaded, options, settings.problem, pointer)
    loaded.options = options
    return found


def _setting_options_problems(loaded: LoadedRule, options: Mapping[str, Any], problem: Callable[..., ConfigProblem],
                              pointer: Pointer) -> list[ConfigProblem]:
    """What is wrong with the options a config gives the rule ``loaded`` at ``pointer``
    (``problem(pointer, message, key=False)`` builds each)."""
    if loaded.rule.check is None:
        return [problem(pointer, f"rule {loaded.id} takes no options")]
    return list(options_problems(
        CHECKS[loaded.rule.check], loaded.rule.target, {**loaded.rule.options, **options},
        lambda p, m, key=False: problem((*pointer, "options", *p), f"rule {loaded.id}: {m}", key=key),
    ))


def find_config(start: Path) -> Path | None:
    """The nearest config in ``start`` or a folder above: `.smmlint.yaml`, else a pyproject.toml
    with a `[tool.smmlint]` table."""
    folder = start if start.is_dir() else start.parent
    for candidate in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            if (candidate / name).is_file():
                return candidate / name
        pyproject = candidate / PYPROJECT
        if pyproject.is_file() and "[tool.smmlint" in pyproject.read_text(encoding="utf-8", errors="replace"):
            return pyproject
    return None


def read_config(path: Path) -> tuple[Config, SourceTree | _TableLocator]:
    if path.name == PYPROJECT:
        data, locator = _read_pyproject(path)
        return _validated(path, data, locator), locator
    try:
        tree = load_yaml(decode_text(path.read_bytes()))
    except SourceError as error:
        raise ConfigError([ConfigProblem(path, error.line, error.column, error.message)]) from None
    except OSError as error:
        raise ConfigError([ConfigProblem(path, 1, 1, f"cannot read config: {error.strerror}")]) from None
    if tree.problems:
        raise ConfigError([ConfigProblem(path, p.line, p.column, p.message) for p in tree.problems])
    return _validated(path, {} if tree.data is None else tree.data, tree), tree


def _read_pyproject(path: Path) -> tuple[Any, _TableLocator]:
    text = ""
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except OSError as error:
        raise ConfigError([ConfigProblem(path, 1, 1, f"cannot read config: {error.strerror}")]) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        where = re.search(r"line (\d+), column (\d+)", str(error))
        line, column = (int(where[1]), int(where[2])) if where else (1, 1)
        raise ConfigError([ConfigProblem(path, line, column, f"TOML syntax error: {error}")]) from None
    except RecursionError:
        raise ConfigError([ConfigProblem(path, 1, 1, "TOML is nested too deeply to read")]) from None
    except ValueError:  # an integer of more digits than Python converts (tomllib's only other error)
        digits = sys.get_int_max_str_digits()
        number = re.search(rf"[0-9](?:_?[0-9]){{{digits},}}", text)
        line, column = _line_column(text, number.start()) if number else (1, 1)
        raise ConfigError([ConfigProblem(
            path, line, column, f"a number of more than {digits} digits, which smmlint does not read")]) from None
    header = re.search(r"^\s*\[tool\.smmlint[\].]", text, re.MULTILINE)
    line = text.count("\n", 0, header.start()) + 1 if header else 1
    # A `tool` that is no table holds no smmlint settings, as a pyproject without one.
    tool = data.get("tool")
    table = tool.get("smmlint", {}) if isinstance(tool, dict) else {}
    if not isinstance(table, dict):
        written = re.search(r"^\s*(tool\.)?smmlint\s*=", text, re.MULTILINE)
        at = _line_column(text, written.start() + len(written[0]) - len(written[0].lstrip())) if written else (1, 1)
        raise ConfigError([ConfigProblem(path, *at, "tool.smmlint must be a table of settings ([tool.smmlint])")])
    return table, _TableLocator(line, text, table)


def _line_column(text: str, offset: int) -> tuple[int, int]:
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _validated(path: Path, data: Any, locator: SourceTree | _TableLocator) -> Config:
    if not isinstance(data, dict):
        raise ConfigError([ConfigProblem(path, 1, 1, "the config must be a mapping of settings")])
    try:
        return Config.model_validate(data)
    except ValidationError as error:
        problems = problems_from_validation(error, locator, path, Config)
        problems += [problem for problem in _rule_entry_problems(path, data, locator) if problem not in problems]
        raise ConfigError(sorted(problems, key=lambda problem: (problem.line, problem.column))) from None


def _rule_entry_problems(path: Path, data: dict[str, Any], locator: SourceTree | _TableLocator) -> list[ConfigProblem]:
    """What is wrong with the `rules:`, `select` and `ignore` entries of a config that has other
    mistakes too, so all of them are listed at once: names of no built-in rule, and options a
    built-in rule refuses (once the config is valid, they are checked with the rules it loads). Not when the
    config adds rule packs: their rules are not known before the config is."""
    if data.get("rule_paths"):
        return []
    overrides = data.get("overrides")
    layers = [((), data)] + [(("overrides", index), override) for index, override in
                             enumerate(overrides if isinstance(overrides, list) else [])
                             if isinstance(override, dict)]
    builtin = load_rules()

    def problem(pointer: Pointer, message: str, key: bool = False) -> ConfigProblem:
        line, column = locator.position(pointer, key=key)
        return ConfigProblem(path, line, column, message)

    problems = []
    for prefix, layer in layers:
        for option in ("select", "ignore"):  # entries that name no rule
            entries = layer.get(option)
            for index, entry in enumerate(entries if isinstance(entries, list) else ()):
                if isinstance(entry, str) and not matching_rules(builtin, entry):
                    problems.append(problem((*prefix, option, index), _no_rule(entry, builtin)))
        rules = layer.get("rules")
        for key, value in rules.items() if isinstance(rules, dict) else ():
            pointer = (*prefix, "rules", key)
            loaded = find_rule(builtin, str(key))
            if loaded is None:
                problems.append(problem(pointer, unknown_rule(builtin, str(key)), key=True))
            elif isinstance(value, dict) and isinstance(value.get("options"), dict) and value["options"]:
                problems += _setting_options_problems(loaded, value["options"], problem, pointer)
    return problems


def load_settings(config_path: Path | None = None, start: Path | None = None, *,
                  isolated: bool = False, command_line: Selection | None = None) -> Settings:
    """Read a config (given, or found from ``start`` upward; none when ``isolated``) and its rules.

    Every override is checked now, so a broken one stops the run before any file is read.
    """
    path = config_path or (None if isolated else find_config((start or Path.cwd()).resolve()))
    settings = Settings(command_line=command_line)
    if path is not None:
        settings.path = path.resolve()
        settings.config, settings.tree = read_config(settings.path)
    paths: list[tuple[Pointer, str | None]] = [
        (("rule_paths", i), folder) for i, folder in enumerate(settings.config.rule_paths)]
    paths += [(("policy",), settings.config.policy)] + [
        (("overrides", i, "policy"), override.policy) for i, override in enumerate(settings.config.overrides)]
    unusable = [problem for pointer, relative in paths if relative
                for problem in [_unusable_path(settings, pointer, relative)] if problem is not None]
    if unusable:
        raise ConfigError(unusable)
    settings.definitions = load_rules([settings.resolve(folder) for folder in settings.config.rule_paths])
    problems: list[ConfigProblem] = []
    if any((settings.resolve(folder) / "lexicons").is_dir() for folder in settings.config.rule_paths):
        # The team's word lists are read now: a broken one is a config error before any file.
        from .analysers import LexiconError

        try:
            settings.analysers()
        except LexiconError as error:
            problems.append(ConfigProblem(error.path or settings.path or "config", error.line or 1, 1, error.detail))
    policies = [(("policy",), settings.config.policy)] + [
        (("overrides", i, "policy"), override.policy) for i, override in enumerate(settings.config.overrides)]
    for pointer, relative in policies:
        if not relative:
            continue
        policy_path = settings.resolve(relative)
        if not policy_path.exists():
            problems.append(settings.problem(pointer, f"policy file '{relative}' not found (paths are relative to the config)"))
            continue
        if not policy_path.is_file():
            problems.append(settings.problem(
                pointer, f"policy file '{relative}' is not a regular file (a folder, a device or a pipe)"))
            continue
        # A policy that cannot be read would silently switch off the rules that compare with it.
        from .documents import load_policy_file

        try:
            settings._policies[policy_path] = load_policy_file(policy_path)
        except OSError as error:
            problems.append(ConfigProblem(policy_path, 1, 1, f"the config's policy: {error.strerror}"))
        except SourceError as error:
            problems.append(ConfigProblem(policy_path, error.line, error.column, f"the config's policy: {error.message}"))
    if settings.config.exports.formats:
        from .importers import importers

        known = importers()
        for pattern, name in settings.config.exports.formats.items():
            importer = known.get(name.strip().lower())
            if importer is None:
                problems.append(settings.problem(
                    ("exports", "formats", pattern),
                    f"unknown export format '{name}' (known: {', '.join(sorted(known))})"))
                continue
            # A pattern of CSV files naming an importer of JSON exports (or the other way) would
            # match no file it can read: said now, rather than ignored.
            suffix = pattern.lower().rsplit(".", 1)[-1] if "." in pattern.rsplit("/", 1)[-1] else ""
            if suffix in ("csv", "json") and suffix != importer.reads:
                problems.append(settings.problem(
                    ("exports", "formats", pattern),
                    f"'{name}' reads {importer.reads.upper()} exports, and '{pattern}' names {suffix.upper()} files"))
    for indices in [(), *((i,) for i in range(len(settings.config.overrides)))]:
        try:
            settings.profile(indices)
        except ConfigError as error:
            problems.extend(p for p in error.problems if p not in problems)
    if problems:
        raise ConfigError(problems)
    return settings


def _unusable_path(settings: Settings, pointer: Pointer, relative: str) -> ConfigProblem | None:
    """What makes a path of the config name no file at all (a missing one is said where it is
    used): a NUL character, a name too long, a folder that cannot be entered."""
    shown = relative.replace("\0", "\\0")
    shown = shown if len(shown) <= 60 else shown[:57] + "..."
    if "\0" in relative:
        return settings.problem(pointer, f"'{shown}' cannot be a path: it holds a NUL character")
    try:
        settings.resolve(relative).stat()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as error:
        return settings.problem(pointer, f"'{shown}' cannot be used as a path: {error.strerror or error}")
    return None


class SettingsFinder:
    """The settings of each linted file: `--config` for all, else the nearest config file."""

    def __init__(self, explicit: Path | None = None, *, isolated: bool = False,
                 command_line: Selection | None = None) -> None:
        self.explicit = explicit
        self.isolated = isolated
        self.command_line = command_line
        self._by_config: dict[Path | None, Settings] = {}
        if explicit is not None or isolated:
            self._by_config[None] = load_settings(explicit, isolated=isolated, command_line=command_line)

    def check_config(self, path: Path) -> None:
        """Read the config file ``path`` as a config (a user named it, e.g. pre-commit passing a
        changed `.smmlint.yaml`): its mistakes are a config error now, not at the next run."""
        config = path.resolve()
        if config not in self._by_config:
            self._by_config[config] = load_settings(config, command_line=self.command_line)

    def every_settings(self) -> list[Settings]:
        """The settings read so far, one per config."""
        return list(self._by_config.values())

    def settings_for(self, path: Path) -> Settings:
        if self.explicit is not None or self.isolated:
            return self._by_config[None]
        config = find_config(path.resolve())
        settings = self._by_config.get(config)
        if settings is None:
            settings = self._by_config[config] = load_settings(config, isolated=config is None,
                                                                 command_line=self.command_line)
        return settings


def describe_profile(settings: Settings, path: Path) -> str:
    """The effective configuration of ``path`` as YAML, for `smmlint config`."""
    import yaml

    profile = settings.profile_for(path) if not path.is_dir() else settings.profile(())
    matched = [i for i, override in enumerate(settings.config.overrides)
               if any(glob_matches(settings.relative(path), pattern) for pattern in override.files)]
    config = profile.config
    document: dict[str, Any] = {
        "config_file": str(settings.path) if settings.path else None,
        "overrides_applied": [settings.config.overrides[i].files for i in matched] if not path.is_dir() else [],
        "excluded": settings.excluded(path) if not path.is_dir() else False,
        "account": config.account.model_dump(mode="json", exclude_none=True) if config.account else {},
        "policy": str(settings.resolve(config.policy)) if config.policy else None,
        "now": config.now.isoformat() if config.now else None,
        "exclude": config.exclude,
        "kinds": config.kinds,
        "rule_paths": config.rule_paths,
        # Which group reads the file with others (join_logs, join_plans), and the groups.
        "joined_with": ({kind: list(config_groups[index]) for kind, config_groups in
                         (("log", config.join_logs), ("plan", config.join_plans))
                         if (index := settings.group_of(path, kind)) is not None} if not path.is_dir() else {}),
        "join_logs": config.join_logs,
        "join_plans": config.join_plans,
        "staff": list(config.staff),
        "csv": config.csv.model_dump(mode="json"),
        "rules": {
            rule.id: {"name": rule.name, "severity": rule.severity.value if rule.enabled else "off",
                      **({"options": rule.options} if rule.options else {})}
            for rule in profile.rules
        },
    }
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100)
