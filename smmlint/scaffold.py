"""`smmlint init`: scaffolds a content-plan repository from the templates in `templates/`."""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import click
import yaml
from pydantic import ValidationError

from . import __version__
from .models import Account, AccountType
from .writes import write_atomically

REPOSITORY = "https://github.com/smmlint/smmlint"
"""Where the hook and the action come from; the action is this repository on GitHub."""
ACTION = REPOSITORY.removeprefix("https://github.com/")
ACCOUNT_TYPES = click.Choice([kind.value for kind in AccountType])
DEFAULT_TYPE = AccountType.COMPANY.value
DEFAULT_DOMAIN = "example.com"
FALLBACK_TIMEZONE = "UTC"
FIRST_POST = time(9, 0)
POSTING_DAY = timedelta(hours=12)
"""A day's posts are spread over 09:00–21:00: outside every account type's default quiet hours."""
_MARKER = re.compile(r"\[\[(\w+)\]\]")


@dataclass(frozen=True)
class Answers:
    """The account the scaffold is written for, and the month of its example plan."""

    name: str
    account_type: str
    timezone: str
    domains: tuple[str, ...]
    month: date


@dataclass(frozen=True)
class Idea:
    """A post of the example plan (see templates/plan-posts.yaml)."""

    slug: str
    format: str
    text: str
    links: tuple[str, ...] = ()
    contest: Mapping[str, Any] | None = None
    day: int | None = None


def template(name: str) -> str:
    """The text of ``templates/<name>`` (``.tmpl``: no linter or editor takes it for a document)."""
    from importlib import resources  # only for `init`: it loads tempfile and more

    return resources.files("smmlint").joinpath("templates", name).read_text(encoding="utf-8")


def render(text: str, values: Mapping[str, str]) -> str:
    """``text`` with every ``[[key]]`` replaced by its value (an unknown key is a KeyError)."""
    return _MARKER.sub(lambda match: values[match.group(1)], text)


def _quote(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def posts_per_day(account_type: str) -> int:
    """The fewest posts a day that SMM102 (too-few-posts) accepts for this account type."""
    from .rulepacks import load_rules

    too_few_posts = next(rule for rule in load_rules() if rule.id == "SMM102")
    return max(1, int(too_few_posts.merged_options(account_type)["min"]))


def _filled(value: Any, values: Mapping[str, str]) -> Any:
    """``value`` (YAML data) with ``[[key]]`` markers filled in every string."""
    if isinstance(value, str):
        return render(value, values)
    if isinstance(value, list):
        return [_filled(item, values) for item in value]
    if isinstance(value, dict):
        return {key: _filled(item, values) for key, item in value.items()}
    return value


def _ideas(values: Mapping[str, str]) -> tuple[list[Idea], list[Idea]]:
    """The rotation and the monthly posts, with the account's name and domain filled in."""
    data = _filled(yaml.safe_load(template("plan-posts.yaml")), values)

    def idea(entry: dict[str, Any]) -> Idea:
        return Idea(**{**entry, "links": tuple(entry.get("links", ()))})

    return [idea(entry) for entry in data["rotation"]], [idea(entry) for entry in data["monthly"]]


def _post(idea: Idea, at: datetime, month: date) -> str:
    lines = [
        f"  - id: {at:%Y-%m-%d}-{idea.slug}",
        f"    at: {at:%Y-%m-%d %H:%M}",
        "    platform: vk",
        f"    format: {idea.format}",
        f"    text: {_quote(idea.text)}",
    ]
    if idea.links:
        lines.append(f"    links: [{', '.join(_quote(link) for link in idea.links)}]")
    if idea.contest:
        ends = month.replace(day=int(idea.contest["ends_day"]))
        lines += [
            "    contest:",
            f"      rules_url: {_quote(idea.contest['rules_url'])}",
            f"      ends: {ends.isoformat()}",
            f"      prize: {_quote(idea.contest['prize'])}",
            f"      organiser: {_quote(idea.contest['organiser'])}",
        ]
    return "\n".join(lines)


def example_plan(answers: Answers) -> str:
    """A month of VK posts that lints clean with the scaffolded config and policy."""
    rotation, monthly = _ideas({"name": answers.name, "domain": answers.domains[0]})
    special = {idea.day: idea for idea in monthly}
    per_day = posts_per_day(answers.account_type)
    month = answers.month
    posts: list[str] = []
    for offset in range((next_month(month) - month).days):
        day = month + timedelta(days=offset)
        for slot in range(per_day):
            at = datetime.combine(day, FIRST_POST) + slot * POSTING_DAY / per_day
            idea = rotation[len(posts) % len(rotation)]
            if slot == 0 and day.day in special:
                idea = special[day.day]
            posts.append(_post(idea, at.replace(second=0, microsecond=0), month))
    return render(
        template("plan.yaml.tmpl"),
        {
            "month": f"{month:%Y-%m}",
            "per_day": f"{per_day} post{'s' if per_day > 1 else ''} a day",
            "timezone": answers.timezone,
            "posts": "\n\n".join(posts),
        },
    )


def scaffold_files(answers: Answers) -> dict[str, str]:
    """What `smmlint init` writes: path relative to the repository -> text."""
    versions = {"repository": REPOSITORY, "action": ACTION, "version": __version__}
    config = {
        "name": _quote(answers.name),
        "type": answers.account_type,
        "timezone": answers.timezone,
        "domains": f"[{', '.join(_quote(domain) for domain in answers.domains)}]",
    }
    return {
        ".smmlint.yaml": render(template("smmlint.yaml.tmpl"), config),
        "policy.yaml": render(template("policy.yaml.tmpl"), {"domain": answers.domains[0]}),
        f"plans/{answers.month:%Y-%m}.yaml": example_plan(answers),
        ".pre-commit-config.yaml": render(template("pre-commit-config.yaml.tmpl"), versions),
        ".github/workflows/smmlint.yml": render(template("workflow.yml.tmpl"), versions),
    }


def local_timezone() -> str:
    """The machine's IANA time zone (``TZ``, else where /etc/localtime points), else UTC."""
    candidates = [os.environ.get("TZ", "").removeprefix(":")]
    try:
        candidates.append(os.readlink("/etc/localtime").partition("zoneinfo/")[2])
    except OSError:
        pass
    for name in candidates:
        try:
            return check_timezone(name)
        except click.BadParameter:
            continue
    return FALLBACK_TIMEZONE


def check_timezone(name: str) -> str:
    """``name`` if it is an IANA time zone, else a usage error saying so."""
    from .timeparse import zone

    try:
        zone(name)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None
    return name


def check_domains(names: list[str] | tuple[str, ...]) -> list[str]:
    """The domains as the config stores them (``https://www.x.ru/`` -> ``x.ru``)."""
    try:
        account = Account.model_validate({"domains": list(names)})
    except ValidationError as error:
        raise click.BadParameter(error.errors()[0]["msg"].removeprefix("Value error, ")) from None
    return list(account.domains or ())


def _split_domains(text: str) -> list[str]:
    return check_domains([part for part in re.split(r"[\s,]+", text) if part])


def next_month(today: date) -> date:
    """The first day of the month after ``today``'s."""
    return (today.replace(day=28) + timedelta(days=4)).replace(day=1)


def _month(ctx: click.Context, param: click.Parameter, value: str | None) -> date:
    if value is None:
        return next_month(date.today())
    try:
        return datetime.strptime(value, "%Y-%m").date()
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a month such as 2027-01") from None


def _interactive() -> bool:
    return sys.stdin.isatty()


# Files that only their repository's root can hold (pre-commit and GitHub read them there alone),
# with the page that tells how to add smmlint to the root's own.
_ROOT_ONLY = {".pre-commit-config.yaml": "docs/pre-commit.md", ".github/workflows/smmlint.yml": "docs/github-actions.md"}


def _repository_root(folder: Path) -> Path | None:
    """The git repository ``folder`` is in (the nearest folder up with a ``.git``), if any."""
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


@click.command("init")
@click.option("--name", help="The account's or brand's name (default: the folder's name).")
@click.option(
    "--type",
    "account_type",
    type=ACCOUNT_TYPES,
    help=f"The account type; it selects the default limits (default: {DEFAULT_TYPE}).",
)
@click.option(
    "--timezone",
    callback=lambda ctx, param, value: None if value is None else check_timezone(value),
    help="IANA time zone of the audience, e.g. Europe/Moscow (default: this machine's).",
)
@click.option(
    "--domain",
    "domains",
    multiple=True,
    callback=lambda ctx, param, value: check_domains(value),
    help=f"The corporate site; repeat for several (default: {DEFAULT_DOMAIN}).",
)
@click.option(
    "--month",
    callback=_month,
    metavar="YYYY-MM",
    help="Month of the example plan (default: next month).",
)
def init_command(
    name: str | None,
    account_type: str | None,
    timezone: str | None,
    domains: list[str],
    month: date,
) -> None:
    """Scaffold a content-plan repository in the current folder.

    Writes .smmlint.yaml, policy.yaml, an example plan in plans/, .pre-commit-config.yaml and
    a GitHub Actions workflow; asks for the account's details on a terminal. Existing files are
    never overwritten.
    """
    ask = _interactive()
    folder = Path.cwd()
    defaulted: list[str] = []  # what was taken without asking (no terminal)

    def answer(given: Any, question: str, default: str, **options: Any) -> Any:
        if given:
            return given
        if ask:
            return click.prompt(question, default=default, **options)
        defaulted.append(f"{question.split(' (')[0].lower()} {default}")
        convert = options.get("value_proc")
        return convert(default) if convert else default

    readable = folder.name if not any("\udc80" <= char <= "\udcff" for char in folder.name) else ""
    name = answer(name, "Account name", readable or "My community")  # a folder named in bytes: not its name
    if any("\ud800" <= char <= "\udfff" for char in name):  # bytes the terminal's encoding could not read
        raise click.BadParameter("the name is not readable text: type it again in UTF-8", param_hint="'--name'")
    account_type = answer(account_type, "Account type", DEFAULT_TYPE, type=ACCOUNT_TYPES)
    timezone = answer(timezone, "Time zone", local_timezone(), value_proc=check_timezone)
    domains = answer(
        domains, "Own site domains (comma-separated)", DEFAULT_DOMAIN, value_proc=_split_domains
    )
    answers = Answers(name, account_type, timezone, tuple(domains), month)
    configured = (folder / ".smmlint.yaml").exists()  # then it is kept, and the answers unused
    root = _repository_root(folder)
    inside = root is not None and root != folder  # a client's folder of a bigger repository
    for relative, text in scaffold_files(answers).items():
        target = folder / relative
        if inside and relative in _ROOT_ONLY:
            click.echo(f"skipped {relative}: it works only at the repository's root ({root}); add smmlint"
                       f" to the one there (see {REPOSITORY}/blob/main/{_ROOT_ONLY[relative]})")
            continue
        if target.exists() or target.is_symlink():
            click.echo(f"skipped {relative} (it exists)")
            continue
        write_atomically(target, text)
        click.echo(f"created {relative}")
    if defaulted and not configured:  # the values went into the config this run wrote
        click.echo(f"Taken without asking (no terminal): {'; '.join(defaulted)}. Set the account's real"
                   " values in .smmlint.yaml (account:), or run init with --name, --type, --timezone"
                   " and --domain: smmlint judges links to the own site by its domains.")
    click.echo("Next: `smmlint check` lints the repository"
               + ("." if inside else "; `pre-commit install` lints every commit."))
