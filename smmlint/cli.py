"""The command line: parses flags, prints, and maps the outcome to an exit code.

Exit codes: 0 clean, 1 findings at or above the fail level, 2 usage or configuration error,
3 internal error (a bug in smmlint: the message names the rule and the file).
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable, Sequence
from datetime import datetime
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__
from .findings import Report, Severity
from .problems import ConfigError

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
F = TypeVar("F", bound=Callable[..., Any])


def _guarded(command: F) -> F:
    """Config errors exit 2 with every problem listed; anything unexpected exits 3."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except ConfigError as error:
            for problem in error.problems:
                click.echo(f"{problem} (config error)", err=True)
            sys.exit(EXIT_USAGE)
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            sys.exit(130)
        except Exception as error:  # noqa: BLE001 - the user must never see a traceback
            _internal_error(f"{type(error).__name__}: {error}")

    return wrapper  # type: ignore[return-value]


def _internal_error(message: str) -> None:
    click.echo(f"smmlint: internal error: {message}", err=True)
    if os.environ.get("SMMLINT_DEBUG"):
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


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--format", "output_format", default="text", show_default=True,
              type=click.Choice(["text", "json"]), help="Report format.")
@click.option("--config", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Config file (default: .smmlint.yaml found from the current folder upward).")
@click.option("--now", callback=_parse_now, metavar="DATETIME",
              help="Export time of the logs, ISO 8601 with offset (default: config `now`, else the latest event).")
@click.option("--fail-level", default="error", show_default=True,
              type=click.Choice(["error", "warning", "info"]),
              help="Lowest severity that makes the exit code 1.")
@click.option("--color/--no-color", "colour", default=None,
              help="Colour the text report (default: on a terminal, unless NO_COLOR is set).")
@_guarded
def check(paths: Sequence[Path], output_format: str, config: Path | None, now: datetime | None,
          fail_level: str, colour: bool | None) -> None:
    """Lint plans, policies and logs in PATHS (files or folders; default: the current folder)."""
    from .engine import lint_paths
    from .formats import FORMATS
    from .formats.text import RenderOptions

    report = lint_paths(list(paths) or [Path(".")], config=config, now=now)
    painted = _use_colour(colour) and output_format == "text"
    for piece in FORMATS[output_format](report, RenderOptions(colour=painted, rules=tuple(report.rules), version=__version__)):
        click.echo(piece, nl=False, color=painted)
    for error in report.internal_errors:
        click.echo(f"smmlint: internal error in rule {error.rule} on {error.path}: {error.message}", err=True)
    sys.exit(exit_code(report, Severity(fail_level)))


def exit_code(report: Report, fail_level: Severity) -> int:
    if report.internal_errors:
        return EXIT_INTERNAL
    worst = report.worst()
    if worst is not None and worst.rank >= fail_level.rank:
        return EXIT_FINDINGS
    return EXIT_CLEAN


@main.command("rules")
@click.option("--format", "output_format", default="text", show_default=True,
              type=click.Choice(["text", "markdown"]), help="A table for the terminal or for docs.")
@click.option("--config", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Also list the user rules of this config's rule_paths.")
@_guarded
def list_rules(output_format: str, config: Path | None) -> None:
    """List the rule catalogue."""
    from .catalogue import markdown_catalogue, text_catalogue
    from .config import load_settings

    settings = load_settings(config)
    render = markdown_catalogue if output_format == "markdown" else text_catalogue
    click.echo(render(settings.rules), nl=False)


@main.command()
@click.argument("rule")
@click.option("--config", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Config whose rule_paths and option overrides apply.")
@_guarded
def explain(rule: str, config: Path | None) -> None:
    """Explain RULE (an id such as SMM101 or a name such as too-many-posts-per-day)."""
    from .catalogue import explain_rule
    from .config import load_settings
    from .rulepacks import find_rule

    settings = load_settings(config)
    found = find_rule(settings.rules, rule)
    if found is None:
        raise click.UsageError(f"unknown rule '{rule}'; `smmlint rules` lists them")
    click.echo(explain_rule(found), nl=False)
