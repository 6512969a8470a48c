"""The command line: parses flags, prints, and maps the outcome to an exit code.

Exit codes: 0 clean, 1 findings at or above the fail level, 2 usage or configuration error,
3 internal error (a bug in smmlint: the message names the rule and the file).
"""

from __future__ import annotations

import os
import sys

# pydantic looks for plugins (observability hooks) through every installed distribution's
# entry points, which costs a command-line run a tenth of a second at start-up; the linter
# uses none. An explicit setting in the environment still wins.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

from collections import Counter
from collections.abc import Callable, Sequence
from datetime import datetime
from functools import partial, wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from . import __version__
from .findings import Report, Severity, one_line
from .problems import ConfigError

if TYPE_CHECKING:
    from .config import Selection

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
F = TypeVar("F", bound=Callable[..., Any])


def _guarded(command: F) -> F:
    """Config errors exit 2 with every problem listed; anything unexpected exits 3."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except ConfigError as error:
            for problem in sorted(error.problems, key=lambda p: (str(p.path), p.line, p.column)):
                # A problem with --select/--ignore is the command line's, not the config's.
                kind = "usage error" if str(problem.path).startswith("--") else "config error"
                click.echo(f"{problem} ({kind})", err=True)
            sys.exit(EXIT_USAGE)
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            sys.exit(130)
        except BrokenPipeError:
            # The reader went away (`smmlint check | head`): stop quietly, as other linters do.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(EXIT_FINDINGS)
        except Exception as error:  # noqa: BLE001 - the user must never see a traceback
            _internal_error(f"{type(error).__name__}: {error}")

    return wrapper  # type: ignore[return-value]


def _check_stdin_name(name: str) -> None:
    """--stdin-filename names a file (the input is linted from a copy of that name)."""
    last = Path(name).name
    if last in ("", ".", ".."):
        raise click.UsageError(f"--stdin-filename must name a file, such as plans/draft.yaml, not '{name}'")
    if len(os.fsencode(last)) > 255:
        raise click.UsageError("--stdin-filename: the file name is longer than a file system allows")


def _internal_error(message: str) -> None:
    click.echo(f"smmlint: internal error: {message}", err=True)
    if os.environ.get("SMMLINT_DEBUG"):
        import traceback  # only here: a run that goes well need not load it

        traceback.print_exc()
    else:
        click.echo("This is a bug in smmlint; run again with SMMLINT_DEBUG=1 for details and report it.", err=True)
    sys.exit(EXIT_INTERNAL)


def _parse_now(ctx: click.Context, param: click.Parameter, value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise click.BadParameter(f"'{value}' is not an ISO 8601 date and time") from None
    if moment.tzinfo is None:
        raise click.BadParameter("give a UTC offset, e.g. 2026-12-31T18:00:00+03:00") from None
    return moment


def _use_colour(option: bool | None) -> bool:
    if option is not None:
        return option
    if os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="smmlint")
def main() -> None:
    """smmlint checks content plans, community policies and moderation logs for the nine
    classic mistakes of community management."""


def _parse_formats(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> list[tuple[str, Path | None]]:
    """``--format FMT`` or ``--format FMT=FILE``, several allowed; at most one without a file."""
    from .formats import FORMATS

    parsed: list[tuple[str, Path | None]] = []
    for value in values or ("text",):
        name, _, file = value.partition("=")
        if name not in FORMATS:
            raise click.BadParameter(f"unknown format '{name}'; use one of {', '.join(FORMATS)}")
        parsed.append((name, Path(file) if file else None))
    if sum(1 for _, file in parsed if file is None) > 1:
        raise click.BadParameter("only one format can go to the standard output; give the others a file: FMT=FILE")
    return parsed


def _selection(select: tuple[str, ...], ignore: tuple[str, ...]) -> Selection | None:
    """``--select``/``--ignore`` values (each comma-separated, repeatable) as the command line's layer."""
    def entries(values: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(part.strip() for value in values for part in value.split(",") if part.strip())

    from .config import Selection

    if not select and not ignore:
        return None
    for option, values in (("--select", select), ("--ignore", ignore)):
        if values and not entries(values):  # `--select "$RULES"` with an empty variable
            raise click.BadParameter("name at least one rule (an id, a prefix such as SMM1, or a name)",
                                     param_hint=option)
    return Selection(select=entries(select) if select else None, ignore=entries(ignore))


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path, allow_dash=True))
@click.option("--format", "formats", multiple=True, callback=_parse_formats, metavar="FMT[=FILE]",
              help="Report format: text (default), json, sarif, github, gitlab, junit. Repeat with"
              " FMT=FILE to write several reports in one run.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to FILE instead of the standard output.")
@click.option("--config", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Config file for every file (default: each file's nearest .smmlint.yaml or"
              " pyproject.toml [tool.smmlint], looking upward).")
@click.option("--isolated", is_flag=True, help="Ignore all config files: built-in defaults only.")
@click.option("--select", "select", multiple=True, metavar="RULES",
              help="Run only these rules (ids, prefixes such as SMM5, or names; comma-separated or"
              " repeated), instead of the config's choice. Problems with the input itself"
              " (SMM001-SMM004) are still reported.")
@click.option("--ignore", "ignore", multiple=True, metavar="RULES",
              help="Do not run these rules (as --select), on top of the config.")
@click.option("--now", callback=_parse_now, metavar="DATETIME",
              help="Export time of the logs, ISO 8601 with offset (default: config `now`, else the latest event).")
@click.option("--fail-level", default="error", show_default=True,
              type=click.Choice(["error", "warning", "info"]),
              help="Lowest severity that makes the exit code 1.")
@click.option("--max-warnings", type=click.IntRange(min=-1), metavar="N",
              help="Exit 1 when there are more than N warnings, whatever the fail level (-1: no limit).")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("--quiet", "-q", is_flag=True, help="Print the findings only: no summary line, nothing when clean.")
@click.option("--statistics", is_flag=True,
              help="Print how many findings each rule has, instead of the findings (as text, or JSON with"
                   " --format json; to the standard output or -o FILE).")
@click.option("--stdin-filename", metavar="NAME",
              help="Lint the standard input as if it were the file NAME (its extension and folder count).")
@click.option("--list-files", is_flag=True,
              help="List the files that would be linted, each with the kind it is read as (or the problem that"
              " keeps it from being read), and exit.")
@click.option("--ignore-unknown", is_flag=True,
              help="Skip named files that are not plans, policies or logs instead of reporting them"
              " (for pre-commit, which names every changed YAML/JSON/CSV file).")
@click.option("--input-format", metavar="FORMAT",
              help="Read the .json or .csv files this export format can be (telegram, vk, reddit, ...;"
              " `smmlint import --list`) as that format instead of recognising them by shape.")
@click.option("--write-baseline", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="Record the current findings in FILE (then use --baseline FILE to see only new ones).")
@click.option("--baseline", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="Report only findings that are not in the baseline FILE.")
@click.option("--show-fixed", is_flag=True, help="With --baseline: also list baseline entries that are gone.")
@click.option("--color/--no-color", "colour", default=None,
              help="Colour the text report (default: on a terminal, unless NO_COLOR is set).")
@_guarded
def check(paths: Sequence[Path], formats: list[tuple[str, Path | None]], output: Path | None,
          config: Path | None, isolated: bool, select: tuple[str, ...], ignore: tuple[str, ...],
          now: datetime | None, fail_level: str, max_warnings: int | None,
          exit_zero: bool, quiet: bool, statistics: bool, stdin_filename: str | None,
          list_files: bool, ignore_unknown: bool, input_format: str | None, write_baseline: Path | None,
          baseline: Path | None, show_fixed: bool, colour: bool | None) -> None:
    """Lint plans, policies and logs in PATHS (files or folders; default: the current folder)."""
    from .engine import files_to_lint, lint_paths, lint_text

    if input_format is not None:
        from .importing import ExportError, named_importer

        try:
            named_importer(input_format)
        except ExportError as unknown:
            raise click.BadParameter(str(unknown), param_hint="--input-format") from None
    if list_files:
        for path, kind, problem in files_to_lint(list(paths) or [Path(".")], config=config, isolated=isolated,
                                                 ignore_unknown=ignore_unknown, input_format=input_format):
            click.echo(f"{path}\t{kind}\t{problem}" if problem else f"{path}\t{kind}")
        return
    _refuse_overwriting_inputs(list(paths) or [Path(".")], [output, write_baseline, *(file for _, file in formats)])
    if statistics and any(file is None and name not in ("text", "json") for name, file in formats):
        raise click.UsageError("--statistics prints a text or JSON table: use it with --format text or json"
                               " (other formats can still go to files: --format sarif=FILE)")
    selection = _selection(select, ignore)
    if Path("-") in paths:
        raise click.UsageError("to lint standard input, name the file it stands for:"
                               " --stdin-filename plans/draft.yaml (its extension picks the format)")
    if stdin_filename is not None:
        _check_stdin_name(stdin_filename)
    try:
        if stdin_filename is not None:
            if paths:
                raise click.UsageError("give either PATHS or --stdin-filename, not both")
            report = lint_text(sys.stdin.buffer.read(), stdin_filename, config=config, now=now, isolated=isolated,
                               input_format=input_format, selection=selection)
        else:
            report = lint_paths(list(paths) or [Path(".")], config=config, now=now,
                                ignore_unknown=ignore_unknown, isolated=isolated, input_format=input_format,
                                selection=selection)
    except ConfigError as stopped:
        if ("github", None) in formats:  # in a workflow, the mistake is annotated where it is
            from .formats.github import config_command

            click.echo("".join(map(config_command, stopped.problems)), nl=False)
        raise
    if write_baseline is not None:
        from .baseline import write_baseline as record

        kept: list[int] = []
        _write_or_fail(write_baseline, lambda path: kept.append(record(path, report)))
        count = len(report.findings)
        others = f", and kept its {kept[0]} of files not checked now" if kept and kept[0] else ""
        click.echo(f"smmlint: recorded {count} finding{'' if count == 1 else 's'} in {write_baseline}{others}",
                   err=True)
        sys.exit(EXIT_INTERNAL if report.internal_errors else EXIT_CLEAN)
    if baseline is not None:
        from .baseline import apply_baseline, read_baseline

        recorded = read_baseline(baseline)
        fixed = apply_baseline(report, recorded)
        if show_fixed:
            for entry in fixed:
                click.echo(one_line(f"fixed: {recorded.shown(entry)}: {entry.rule} {entry.message}"), err=True)
            if not fixed:
                click.echo("smmlint: no baseline entry is fixed", err=True)
            else:
                entries = "entry is" if len(fixed) == 1 else "entries are"
                click.echo(f"smmlint: {len(fixed)} baseline {entries} fixed; rewrite the baseline"
                           f" (--write-baseline {baseline}) to drop them", err=True)
    elif show_fixed:
        raise click.UsageError("--show-fixed needs --baseline FILE")
    _write_reports(report, formats, output, colour, quiet, statistics)
    for error in report.internal_errors:
        where = f"in rule {error.rule} on" if error.rule else "while reading"
        click.echo(f"smmlint: internal error {where} {error.path}: {error.message}", err=True)
    if max_warnings is not None and max_warnings < 0:
        max_warnings = None
    code = exit_code(report, Severity(fail_level), max_warnings)
    warnings = report.counts()["warning"]
    if max_warnings is not None and warnings > max_warnings and not quiet:
        click.echo(f"smmlint: too many warnings ({warnings}; at most {max_warnings} allowed)", err=True)
    sys.exit(EXIT_CLEAN if exit_zero and code == EXIT_FINDINGS else code)


# What smmlint's own reports and baselines hold near their start (JSON, SARIF, GitLab, JUnit).
_OUR_OUTPUT = ('"findings"', '"smmlint_baseline"', '"runs"', '"check_name"', "<testsuites")


def _refuse_overwriting_inputs(paths: Sequence[Path], outputs: Sequence[Path | None]) -> None:
    """A report or baseline written over a file being linted would destroy it: refuse. A
    previous report or baseline at that place (a CI job run again) is fine to replace."""
    targets = {path.resolve(): path for path in outputs if path is not None and path.is_file()}
    if not targets:
        return
    from .documents import discover

    for candidate in discover([Path(path) for path in paths]):
        named = targets.get(candidate.path.resolve())
        if named is None:
            continue
        with named.open("rb") as stream:
            head = stream.read(4096).decode("utf-8", "replace")
        if not any(mark in head for mark in _OUR_OUTPUT):
            raise click.UsageError(f"{named} is one of the files being checked: write the report elsewhere")


_ECHO_CHARACTERS = 1 << 20


def _write_reports(report: Report, formats: list[tuple[str, Path | None]], output: Path | None,
                   colour: bool | None, quiet: bool, statistics: bool) -> None:
    from .formats import FORMATS
    from .formats.text import RenderOptions
    from .writes import write_atomically

    if all(file is not None for _, file in formats) and (statistics or output is None):
        # Every report goes to its file: the text report (or the --statistics table) to the
        # terminal or -o, so a CI log still shows the findings.
        formats = [*formats, ("text", None)]
    for name, file in formats:
        target = file or output
        painted = target is None and name == "text" and _use_colour(colour)
        options = RenderOptions(colour=painted, rules=tuple(report.rules), version=__version__, quiet=quiet)
        # --statistics replaces what would go to the standard output or -o.
        counted = _statistics(report, name) if statistics and file is None else None
        if target is None and counted is not None:
            click.echo(counted, nl=False)
        elif target is None:
            # Writes of about a megabyte: a log can have tens of thousands of findings, and a
            # format's pieces may be a finding each or hundreds.
            batch: list[str] = []
            size = 0
            for piece in FORMATS[name](report, options):
                batch.append(piece)
                size += len(piece)
                if size >= _ECHO_CHARACTERS:
                    click.echo("".join(batch), nl=False, color=painted)
                    batch, size = [], 0
            if batch:
                click.echo("".join(batch), nl=False, color=painted)
        else:
            content = counted if counted is not None else "".join(FORMATS[name](report, options))
            _write_or_fail(target, partial(write_atomically, text=content))
        if name == "github" and os.environ.get("GITHUB_STEP_SUMMARY"):
            from .formats.github import step_summary

            def append(path: Path) -> None:
                with open(path, "a", encoding="utf-8") as summary:
                    summary.write(step_summary(report))

            _write_or_fail(Path(os.environ["GITHUB_STEP_SUMMARY"]), append)


def _write_or_fail(path: Path, write: Callable[[Path], None]) -> None:
    """Write a report; a path that cannot be written is the user's to fix (exit 2), not a bug."""
    try:
        write(path)
    except OSError as error:
        raise click.UsageError(f"cannot write {path}: {error.strerror or error}") from None


def _statistics(report: Report, form: str) -> str:
    """How many findings each rule has, most first: a text table, or a JSON list."""
    counts = Counter((finding.rule, finding.name) for finding in report.findings)
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    if form == "json":
        import json

        return json.dumps([{"rule": rule, "name": name, "count": count} for (rule, name), count in ordered],
                          indent=2) + "\n"
    lines = [f"{count:>6}  {rule}  {name}" for (rule, name), count in ordered]
    return "\n".join(lines) + "\n" if lines else ""


def exit_code(report: Report, fail_level: Severity, max_warnings: int | None = None) -> int:
    if report.internal_errors:
        return EXIT_INTERNAL
    worst = report.worst()
    if worst is not None and worst.rank >= fail_level.rank:
        return EXIT_FINDINGS
    if max_warnings is not None and report.counts()["warning"] > max_warnings:
        return EXIT_FINDINGS
    return EXIT_CLEAN


@main.command("config")
@click.argument("path", required=False, type=click.Path(exists=True, path_type=Path))
@click.option("--config", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Show this config file's settings instead of the nearest one's.")
@click.option("--isolated", is_flag=True, help="Show the built-in defaults, ignoring config files.")
@_guarded
def show_config(path: Path | None, config: Path | None, isolated: bool) -> None:
    """Print the effective configuration for PATH (a file or folder; default: the current folder)."""
    from .config import SettingsFinder, describe_profile

    target = (path or Path(".")).resolve()
    finder = SettingsFinder(config, isolated=isolated)
    click.echo(describe_profile(finder.settings_for(target), target), nl=False)


@main.command("rules")
@click.option("--format", "output_format", default="text", show_default=True,
              type=click.Choice(["text", "markdown"]), help="A table for the terminal or for docs.")
@click.option("--config", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Also list the user rules of this config's rule_paths.")
@_guarded
def list_rules(output_format: str, config: Path | None) -> None:
    """List the rule catalogue."""
    from .catalogue import markdown_catalogue, text_catalogue

    settings = _settings_to_read(config)
    render = markdown_catalogue if output_format == "markdown" else text_catalogue
    click.echo(render(settings.rules), nl=False)


def _settings_to_read(config: Path | None) -> Any:
    """The settings `rules` and `explain` describe. A config with mistakes does not stop them (it
    is exactly then that a user looks up a rule's options): its problems are printed, and the
    built-in rules are described."""
    from .config import load_settings

    try:
        return load_settings(config)
    except ConfigError as error:
        for problem in error.problems:
            click.echo(f"{problem} (config error)", err=True)
        click.echo("smmlint: the config above has mistakes; showing the built-in rules and defaults", err=True)
        return load_settings(isolated=True)


@main.command()
@click.argument("rule")
@click.option("--config", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Config whose rule_paths and option overrides apply.")
@_guarded
def explain(rule: str, config: Path | None) -> None:
    """Explain RULE (an id such as SMM101 or a name such as too-many-posts-per-day)."""
    from .catalogue import explain_rule
    from .rulepacks import find_rule, unknown_rule

    settings = _settings_to_read(config)
    found = find_rule(settings.rules, rule)
    if found is None:
        raise click.UsageError(f"{unknown_rule(settings.rules, rule)}; `smmlint rules` lists them")
    click.echo(explain_rule(found), nl=False)


@main.command("import")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=False)
@click.option("--from", "source_format", metavar="FORMAT",
              help="The export's format (telegram, vk, reddit, ...; default: recognised by its shape).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the canonical log (.jsonl) or plan (.yaml) to FILE (default: the standard output).")
@click.option("--staff", multiple=True, metavar="NAME",
              help="An author id or name who answers for the account (repeatable; adds to the config's `staff`).")
@click.option("--platform", metavar="NETWORK", help="The network of a scheduler CSV, which does not name it.")
@click.option("--now", callback=_parse_now, metavar="DATETIME",
              help="Export time, ISO 8601 with offset: the time of events the export leaves undated.")
@click.option("--config", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Config file (default: the nearest .smmlint.yaml, looking upward from SOURCE).")
@click.option("--list", "list_formats", is_flag=True, help="List the export formats smmlint reads, and exit.")
@_guarded
def import_export(source: Path | None, source_format: str | None, output: Path | None, staff: tuple[str, ...],
                  platform: str | None, now: datetime | None, config: Path | None, list_formats: bool) -> None:
    """Convert the export SOURCE (Telegram, VK, Reddit, ...) into a canonical log or plan.

    What cannot be carried over is listed on the standard error as SMM006 notes with their
    place in SOURCE. `smmlint check` reads the same exports directly.
    """
    from .config import SettingsFinder
    from .importers import ImportOptions, importers
    from .importing import ExportError, convert, open_export, options_from
    from .timeparse import zone

    if list_formats:
        for importer in importers().values():
            click.echo(f"{importer.name:<12} {importer.reads:<4} -> {importer.produces_label:<8} {importer.title}")
        return
    if source is None:
        raise click.UsageError("give the export to convert: smmlint import [--from FORMAT] FILE")
    where = source.resolve()
    settings = SettingsFinder(config).settings_for(where)
    settings_config = settings.profile_for(where).config  # overrides for this file included
    account = settings_config.account
    source_format = source_format or settings.input_format_of(where)
    options = options_from(settings_config, zone(account.timezone if account and account.timezone else "UTC"), now)
    extra: dict[str, Any] = {"staff": options.staff | ImportOptions.make(staff).staff}
    if platform:
        extra["platform"] = _platform(platform)
    options = ImportOptions(**{**options.__dict__, **extra})
    if output is not None and output.exists() and output.resolve() == source.resolve():
        raise click.UsageError("the output file is the export itself: write the canonical file elsewhere")
    try:
        converted = convert(open_export(source, options, source_format), account)
    except ExportError as error:
        click.echo(f"smmlint: {error}", err=True)
        sys.exit(EXIT_USAGE)
    for code, line, column, message in converted.notes:
        severity = "warning" if code == "SMM006" else "error"  # as `smmlint check` reports them
        click.echo(f"{source}:{line}:{column}: {code} [{severity}] {message}", err=True)
    if converted.count == 0 and any(code == "SMM004" for code, *_ in converted.notes):
        importer = converted.importer
        click.echo(f"smmlint: {source} is not {importer.name} data ({importer.title}); nothing written", err=True)
        sys.exit(EXIT_USAGE)
    if converted.failed is not None:  # data mistakes in every record, as `check` reports them
        click.echo(f"smmlint: {source}: {converted.failed}; nothing written", err=True)
        sys.exit(EXIT_FINDINGS)
    if output is None:
        click.echo(converted.text, nl=False)
    else:
        from .writes import write_atomically

        wanted = (".jsonl", ".ndjson") if converted.produces == "log" else (".yaml", ".yml")
        # A name smmlint would read as another format (a plan's YAML in log.jsonl) is a mistake.
        if output.suffix.lower() in {".jsonl", ".ndjson", ".yaml", ".yml", ".json", ".csv"} - set(wanted):
            what = "a log, written as JSON Lines" if converted.produces == "log" else "a content plan, written as YAML"
            raise click.UsageError(f"{source} holds {what}: name the output file {wanted[0]}"
                                   f" (not {output.name}); nothing written")

        _write_or_fail(output, lambda path: write_atomically(path, converted.text))
    noun = ("event" if converted.produces == "log" else "post") + ("" if converted.count == 1 else "s")
    written = f" -> {output}" if output else ""
    notes = len(converted.notes)
    said = f"; {notes} note{'' if notes == 1 else 's'} above" if notes else ""
    click.echo(f"smmlint: {converted.count} {noun} from {converted.importer.title}{written}{said}", err=True)


def _platform(value: str) -> str:
    from .csvsource import canonical_value
    from .models import Platform

    found = canonical_value("platform", value)
    if found is None or found not in {item.value for item in Platform}:
        raise click.BadParameter(f"unknown network '{value}'", param_hint="--platform")
    return found


def _register_init() -> None:
    from .scaffold import init_command

    assert init_command.callback is not None
    init_command.callback = _guarded(init_command.callback)  # no traceback from `init` either
    main.add_command(init_command, "init")


_register_init()
