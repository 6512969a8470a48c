"""Evaluating rules: documents in, findings out. The public entry point is ``lint_paths``."""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import lru_cache, partial
from operator import attrgetter, call, itemgetter
from pathlib import Path
from typing import Any, TypeVar

from .checks import Check, Hit, Run
from .checks.base import Gate
from .config import CONFIG_NAMES, Profile, Selection, Settings, SettingsFinder, matching_rules
from .documents import (
    CONFIG_FILES,
    CSV_SUFFIXES,
    JSON_SUFFIXES,
    KINDS,
    LOG_SUFFIXES,
    Candidate,
    Document,
    FileProblem,
    Joined,
    JoinedLog,
    JoinedPlan,
    discover,
    kind_of_data,
    load_csv,
    load_imported,
    load_structured,
    log_batches,
    read_tree,
)
from .fastevents import FIELDS as EVENT_FIELDS
from .fastevents import UNSET
from .fields import Context, Record
from .findings import Finding, InternalError, Report, one_line
from .importers.base import staff_keys
from .models import EVENT_KINDS, Account, Policy
from .problems import ConfigError
from .router import (
    MEMO_CHARACTERS,
    MEMO_LIMIT,
    MEMO_LONGEST,
    MEMO_MISSED_BATCHES,
    MEMO_PROBE_BATCH,
    MEMO_REST_BATCHES,
    Routes,
    router_for,
    weight,
)
from .rulepacks import LoadedRule, template_fields, unknown_rule
from .sourcetree import SourceError, collector_paused, text_scalar_test
from .suppressions import (
    EVERY_LINE,
    UNUSED_RULE,
    Mistake,
    Suppression,
    apply,
    parse_comments,
    reported_elsewhere,
    resolve_rules,
    split_rules,
    unused,
)

DEFAULT_ACCOUNT_TYPE = "company"
DEFAULT_TIMEZONE = "UTC"
_NAMED_FILES = 5  # a finding over more of the files read as one names this many (the last: "and N more")


@lru_cache(maxsize=512)
def _placeholders(template: str) -> tuple[str, ...]:
    """The names a message template reads: ``{waited}``, ``{trigger_line}``, ``{at.year}`` → at.

    Rule files are checked when loaded (``rulepacks.template_problems``); a template that
    still does not parse formats as it would (and fails there, as a rule error)."""
    try:
        parsed = list(template_fields(template))
    except ValueError:
        return ()
    return tuple(dict.fromkeys(name.split(".")[0].split("[")[0] for name in parsed))


def _message(template: str, params: Mapping[str, Any], record: Record, extra: Callable[[], Mapping[str, Any]]) -> str:
    """The finding's message: each placeholder from the check's values, else the record's
    fields, else ``extra()`` (the rule and account), else ``?``."""
    values = {}
    more: Mapping[str, Any] | None = None
    for name in _placeholders(template):
        if name in params:
            value = params[name]
        elif name in record:
            value = record[name]
        else:
            more = extra() if more is None else more
            value = more.get(name, "?")
        values[name] = _show(value)
    return template.format_map(values)


def _show(value: Any) -> Any:
    if type(value) is str or type(value) is int:
        return value  # most values: the quick way out
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if value is None:
        return "-"
    return value


_T = TypeVar("_T")


def display_path(path: Path, base: Path) -> str:
    """The path as reports show it: relative to the folder smmlint runs in, with '/'."""
    resolved, root = path.resolve(), base.resolve()
    try:
        shown = resolved.relative_to(root).as_posix()
    except ValueError:
        shown = Path(os.path.relpath(resolved, root)).as_posix()
    if not shown.isascii() and any("\udc80" <= char <= "\udcff" for char in shown):
        # A name in bytes that are not UTF-8: shown with U+FFFD, as reports must be UTF-8 text.
        shown = shown.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return shown


class Linter:
    """One run: the settings of each file, and the report being filled."""

    def __init__(self, finder: SettingsFinder, now: datetime | None = None, base: Path | None = None,
                 ignore_unknown: bool = False, input_format: str | None = None) -> None:
        self.finder = finder
        self.input_format = input_format
        self.now = now
        self.base = base or Path.cwd()
        self.report = Report()
        self.ignore_unknown = ignore_unknown
        self.policy_among_files: Policy | None = None
        self._applied: dict[str, LoadedRule] = {}
        # Config policies with mistakes that checked documents used: reported unless linted too.
        self._policies_used: dict[Path, tuple[Profile, Document]] = {}

    def context(self, profile: Profile, kind: str, account: Account | None = None,
                policy: Policy | None = None) -> Context:
        """The context of a document: its own account over the config's, and the policy."""
        configured = profile.config.account or Account()
        own = account or Account()
        if kind != "policy":
            faulty = profile.faulty_policy()
            if faulty is not None:
                self._policies_used.setdefault(faulty.path, (profile, faulty))
        return Context(
            account_name=own.name or configured.name or "",
            account_type=own.type or configured.type or DEFAULT_ACCOUNT_TYPE,
            timezone=own.timezone or configured.timezone or DEFAULT_TIMEZONE,
            domains=tuple(own.domains or configured.domains or ()),
            policy=policy if kind == "policy" else (profile.policy() or self.policy_among_files),
            now=self.now or profile.config.now,
            analysers=profile.settings.analysers(),
        )

    def run(self, paths: Sequence[Path], named: Path | None = None) -> Report:
        """Lint ``paths``; ``named`` is the name a single file stands for (standard input)."""
        structured: list[tuple[Document, Profile]] = []
        streamed: list[tuple[Candidate, Profile]] = []
        # The groups of join_logs and join_plans, by config and group: the first file's profile.
        joined: dict[tuple[int, int], tuple[Profile, list[_Member]]] = {}
        plans: _Plans = {}
        # CSV files a join_plans group names and no join_logs group does: read once discovery is
        # done, to tell a plan (it joins the group) from what is checked there and then.
        to_tell: list[tuple[Candidate, Profile, tuple[int, int]]] = []
        for path in paths if named is None else ():
            if path.name in CONFIG_NAMES and path.is_file():  # named (pre-commit passes a changed one)
                self.finder.check_config(path)
                self.report.files.append(display_path(path, self.base))
            elif path.is_dir():  # a folder's config is read even when it holds nothing to lint
                self.finder.settings_for(path)
            elif path.name in CONFIG_FILES and not self.ignore_unknown and path.is_file():
                self.report.others.append(one_line(display_path(path, self.base)))  # package.json, action.yml
        for candidate in discover(paths, named_are_explicit=not self.ignore_unknown):
            prepared = self._prepared(candidate, named)
            if prepared is None:
                continue
            settings, profile = prepared
            where = named or candidate.path
            suffix = candidate.path.suffix.lower()
            if suffix in LOG_SUFFIXES or suffix in CSV_SUFFIXES:
                group = settings.group_of(where, "log") if named is None else None
                plan_group = settings.group_of(where, "plan") if named is None and suffix in CSV_SUFFIXES else None
                # A CSV file that a log group and a plan group both match joins the one of its kind.
                plan_key = (id(settings), plan_group) if plan_group is not None else None
                if group is not None:
                    joined.setdefault((id(settings), group), (profile, []))[1].append(
                        _Member(candidate.path, partial(self._open_streamed, candidate, profile), plan_key))
                elif plan_key is not None:
                    to_tell.append((candidate, profile, plan_key))
                else:
                    streamed.append((candidate, profile))
                continue
            document = self._contained(candidate.path, self._load_structured, candidate, profile)
            kind = document.kind if document is not None and document.kind in ("plan", "log") else None
            group = settings.group_of(where, kind) if kind is not None and named is None else None
            if document is not None and kind == "plan" and group is not None:
                plans.setdefault((id(settings), group), (profile, []))[1].append(document)
            elif document is not None and kind == "log" and group is not None:  # an export read whole (JSON)
                joined.setdefault((id(settings), group), (profile, []))[1].append(
                    _Member(document.path, partial(_loaded, document)))
            elif document is not None:
                structured.append((document, profile))
        # A policy among the linted files serves the plans and logs whose config names none.
        self.policy_among_files = next(
            (doc.policy for doc, _ in structured if doc.kind == "policy" and doc.policy), None
        )
        # Files that may be plans of a join_plans group are read first, once each: a plan joins
        # its group, anything else is checked as it is read (one file open at a time).
        for candidate, profile, plan_key in to_tell:
            self._contained(candidate.path, self._lint_streamed, candidate, profile, plans, plan_key)
        # A file that two groups match has made them one: files met before it join them too.
        for profile, items in _regrouped(joined, "log", self.finder).values():
            self._lint_joined(items, profile, plans)
        for profile, documents in _regrouped(plans, "plan", self.finder).values():
            # The config's join_plans, in the order of their paths.
            documents.sort(key=lambda document: document.path.as_posix())
            shown = [display_path(document.path, self.base) for document in documents]
            structured.append((documents[0] if len(documents) == 1 else JoinedPlan(documents, shown), profile))
        for document, profile in structured:
            self._contained(document.path, self.evaluate, document, profile)
        for candidate, profile in streamed:
            self._contained(candidate.path, self._lint_streamed, candidate, profile)
        for profile, policy in self._policies_used.values():
            self._report_policy(profile, policy)
        self.report.rules = sorted(self._applied.values(), key=lambda rule: rule.id)
        # A file of a join_logs group that turned out to be no log is named by the group too.
        self.report.files = list(dict.fromkeys(self.report.files))
        self.report.findings = [finding if finding.message.isprintable() and finding.path.isprintable()
                                else replace(finding, message=one_line(finding.message), path=one_line(finding.path))
                                for finding in self.report.findings]
        self.report.sort()
        return self.report

    def _contained(self, path: Path | Callable[[], Path], step: Callable[..., _T], *args: Any) -> _T | None:
        """``step(*args)`` for the file ``path`` (or the one ``path()`` names once it failed); a
        bug met there (not a config error) is an internal error naming the file, and the run
        goes on with the other files."""
        try:
            return step(*args)
        except ConfigError:
            raise
        except Exception as error:  # noqa: BLE001 - one file's trouble must not stop the run
            where = path if isinstance(path, Path) else path()
            self.report.internal_errors.append(
                InternalError(display_path(where, self.base), "", f"{type(error).__name__}: {error}"))
            return None

    def _read(self, candidate: Candidate, profile: Profile) -> bytes | None:
        try:
            return candidate.path.read_bytes()
        except OSError as error:
            self._file_finding(profile, candidate.path, FileProblem("SMM001", f"cannot read the file: {error.strerror}"))
            return None

    def _load_structured(self, candidate: Candidate, profile: Profile) -> Document | None:
        data = self._read(candidate, profile)
        if data is None:
            return None
        if candidate.input_format:
            named = self._load_named_export(candidate, profile, data)
            if named is not None:
                return named
        return load_structured(candidate.path, data, candidate.kind, candidate.explicit,
                               lambda account: self.context(profile, "plan", account),
                               lambda tree: self._imported(candidate.path, profile, "json", tree))

    def _imported(self, path: Path, profile: Profile, reads: str, source: Any, importer: Any = None) -> Document | None:
        """A document of the export in ``source`` (a JSON tree, or a CSV file's path), if one is there."""
        from .importing import csv_export, json_export, options_from

        context = self.context(profile, "log")
        opener = csv_export if reads == "csv" else json_export
        export = opener(source, options_from(profile.config, context.tz, context.now), importer)
        if export is None:
            return None
        document = load_imported(path, export.produces, export.outputs, export.locate,
                                 self.context(profile, export.produces))
        for problem in getattr(source, "problems", ()):  # a JSON tree's repeated keys
            document.problems.append(FileProblem(problem.code, problem.message, problem.line, problem.column))
        return document

    def _load_named_export(self, candidate: Candidate, profile: Profile, data: bytes | None) -> Document | None:
        """A file read with the importer the config or command line names; None for a JSON
        file that is one of smmlint's own plans or policies (never read as an export).
        ``data``: the file's bytes, for a JSON importer (a CSV one reads the file as a stream)."""
        from .csvsource import CsvError
        from .importing import ExportError, named_importer

        path = candidate.path
        try:
            importer = named_importer(candidate.input_format or "")
            if importer.reads == "csv":
                from .importing import canonical_csv, options_from

                reads_canonical = getattr(importer, "reads_canonical", False)
                if not reads_canonical and canonical_csv(path, options_from(profile.config, None)) is not None:
                    return None  # smmlint's own CSV plan or log: linted as such
                opened = self._imported(path, profile, "csv", path, importer)
            else:
                tree = read_tree(path, data if data is not None else path.read_bytes())
                if kind_of_data(tree.data) in KINDS:
                    return None
                opened = self._imported(path, profile, "json", tree, importer)
        except (ExportError, SourceError, CsvError, OSError) as error:
            document = Document(path, "log")
            code = "SMM001" if isinstance(error, OSError) else getattr(error, "code", "SMM004")
            message = (f"cannot read the file: {error.strerror}" if isinstance(error, OSError)
                       else getattr(error, "message", str(error)))
            document.problems.append(FileProblem(code, message, getattr(error, "line", 1), getattr(error, "column", 1)))
            return document
        assert opened is not None  # a named importer always reads the file
        return opened

    def _prepared(self, candidate: Candidate, named: Path | None = None) -> tuple[Settings, Profile] | None:
        """The settings and profile of a file to read (its kind and export format set from
        them); None when it is not read: it cannot be (reported), or its config excludes it."""
        if candidate.problem is not None:  # a FIFO, a device, a symlink loop, a link to nowhere
            self._unreadable(candidate, candidate.problem)
            return None
        where = named or candidate.path
        settings = self.finder.settings_for(where)
        if settings.excluded(where):
            if candidate.explicit or named:  # a folder's excluded files go unmentioned
                self.report.skipped.append(one_line(display_path(where, self.base)))
            return None
        candidate.kind = settings.kind_of(where)  # type: ignore[assignment]
        candidate.input_format = (_applicable_format(self.input_format, where)
                                  or _applicable_format(settings.input_format_of(where), where))
        return settings, settings.profile_for(where)

    def kind_of(self, candidate: Candidate) -> tuple[str, str, str] | None:
        """For `--list-files`: ``candidate`` as shown, with the kind it is read as (plan, policy,
        log) and "", or with "problem" and ``CODE at LINE:COL: message`` for what `check` would
        report instead of reading it; None when it is not read (its config excludes it). Only as
        much of the file is read as that takes: a YAML/JSON file is parsed, a CSV file's header
        read (a plan's rows too), a JSON Lines file only opened."""
        reported = len(self.report.findings)
        document = None
        prepared = self._prepared(candidate)
        if prepared is not None:
            with ExitStack() as files:
                if candidate.path.suffix.lower() in (*LOG_SUFFIXES, *CSV_SUFFIXES):
                    document = self._contained(candidate.path, self._open_streamed, candidate, prepared[1], files)
                else:
                    document = self._contained(candidate.path, self._load_structured, candidate, prepared[1])
        elif candidate.problem is None:
            return None
        found = self.report.findings[reported:]
        if found:  # it could not be read at all: what check reports for it (a link by its name)
            first = found[0]
            return first.path, "problem", f"{first.rule} at {first.line}:{first.column}: {first.message}"
        shown = display_path(candidate.path, self.base)
        if self.report.internal_errors:
            return shown, "problem", f"internal error: {self.report.internal_errors.pop().message}"
        if document is None:
            return None
        # Nothing to check but a problem reading it (no records, and SMM001 or SMM004): check
        # reports only that problem.
        unread = None if document.records else next(
            (problem for problem in document.problems if problem.code in ("SMM001", "SMM004")), None)
        if unread is not None:
            return shown, "problem", f"{unread.code} at {unread.line}:{unread.column}: {unread.message}"
        return shown, document.kind, ""

    def _lint_streamed(self, candidate: Candidate, profile: Profile, plans: _Plans | None = None,
                       plan_key: tuple[int, int] | None = None) -> None:
        """Read a JSON Lines or CSV file and check it; a plan that a ``join_plans`` group
        (``plan_key``) names goes to ``plans`` instead, to be judged with its group."""
        with ExitStack() as files:
            document = self._open_streamed(candidate, profile, files)
            if document is not None and not self._joins_plans(document, profile, plans, plan_key):
                self.evaluate(document, profile)

    @staticmethod
    def _joins_plans(document: Document, profile: Profile, plans: _Plans | None,
                     plan_key: tuple[int, int] | None) -> bool:
        """Whether ``document`` is a plan of the ``join_plans`` group ``plan_key``: then it is
        put in ``plans`` (a CSV plan's rows are read whole: its file is closed already)."""
        if plans is None or plan_key is None or document.kind != "plan":
            return False
        plans.setdefault(plan_key, (profile, []))[1].append(document)
        return True

    def _lint_joined(self, items: list[_Member], profile: Profile, plans: _Plans) -> None:
        """The logs of a ``join_logs`` group, read as one log in the order of their paths, each
        file opened when its turn comes; a file of the group that is no log (a CSV plan) joins
        the ``join_plans`` group that names it, in ``plans``, else is checked on its own
        afterwards."""
        items = sorted(items, key=lambda item: item.path.as_posix())
        others: list[Document] = []
        shown = [display_path(item.path, self.base) for item in items]
        stand_ins: set[int] = set()  # of files that gave no log: they keep the files' numbering

        def open_member(index: int) -> tuple[Document, ExitStack]:
            files = ExitStack()
            document = self._contained(items[index].path, items[index].open, files)
            if document is None or document.kind != "log":
                if document is not None and not self._joins_plans(document, profile, plans, items[index].plan):
                    others.append(document)
                files.close()
                stand_in = Document(items[index].path, "log")
                stand_ins.add(id(stand_in))
                return stand_in, ExitStack()
            return document, files

        first, files = open_member(0)
        with files:
            # One file alone too: its made-up ids are named as in the whole group.
            joined = first if len(items) == 1 and id(first) in stand_ins else JoinedLog(first, shown, open_member, files)
            # A bug met reading the group names the file being read.
            reading = (lambda: items[joined.reading].path) if isinstance(joined, JoinedLog) else items[0].path
            if id(joined) not in stand_ins:
                self._contained(reading, self.evaluate, joined, profile)
        for document in others:
            self._contained(document.path, self.evaluate, document, profile)

    def _open_streamed(self, candidate: Candidate, profile: Profile, files: ExitStack) -> Document | None:
        """The document of a JSON Lines or CSV file, its rows still to be read (its file held
        open by ``files``); None when there is nothing to check (a problem already reported)."""
        suffix = candidate.path.suffix.lower()
        if candidate.input_format:  # a CSV file named as an export (JSON Lines are never exports)
            named = self._load_named_export(candidate, profile, None)
            if named is not None:
                return named  # else smmlint's own CSV plan or log, read below
        if suffix in CSV_SUFFIXES and candidate.kind is None:
            from .csvsource import CsvError

            try:
                imported = self._imported(candidate.path, profile, "csv", candidate.path)
            except (CsvError, OSError):
                imported = None  # load_csv reports what is wrong with it
            if imported is not None:
                return imported
        if suffix in CSV_SUFFIXES:
            return load_csv(candidate.path, candidate.kind, candidate.explicit,
                            dict(profile.config.csv.columns), self.context(profile, "plan"),
                            profile.config.csv.ignore_columns, profile.config.csv.dates == "month-first")
        if candidate.kind not in (None, "log"):
            document = Document(candidate.path, candidate.kind)
            document.problems.append(FileProblem("SMM004", f"a {candidate.kind} is YAML or JSON, not JSON Lines"))
            return document
        document = Document(candidate.path, "log")
        try:
            handle = files.enter_context(candidate.path.open("rb"))
        except OSError as error:
            self._file_finding(profile, candidate.path, FileProblem("SMM001", f"cannot read the file: {error.strerror}"))
            return None
        document.batches = log_batches(document, handle)
        document.records = itertools.chain.from_iterable(document.batches)
        return document

    def evaluate(self, document: Document, profile: Profile) -> None:
        """Run every enabled rule of the document's kind over its records."""
        path = display_path(document.path, self.base)
        shown = document.shown if isinstance(document, Joined) else [path]
        self.report.files.extend(shown)
        first_finding = len(self.report.findings)
        context = self.context(profile, document.kind, document.account, document.policy)
        is_log = document.kind == "log"
        context.files = tuple(shown)
        if is_log:
            context.seen = document.seen_before
        groups = self._groups(profile, document, path, context)
        latest = None
        if is_log:
            staff = staff_keys(profile.config.staff)
            latest = self._feed_log(document, path, groups, context, staff)
        else:
            # Plans and policies: a few thousand records, each to every run.
            self._feed_each(document, path, document.records, lambda record: groups, context)
        context.latest = latest
        # Of files read as one: each finding about a whole period (a month's mix) whose records
        # come from several of them, by id, with those files (their indexes in ``shown``).
        spanning: dict[int, tuple[int, ...]] = {}
        for group in groups:
            try:
                for hit in group.run.finish():
                    first = len(self.report.findings)
                    self._emit(document, path, group, hit, context)
                    if hit.judged is not None and isinstance(document, Joined):
                        files = sorted({record.get("$file") or 0 for record in hit.judged})
                        self._name_files(first, tuple(files), document, spanning)
            except Exception as error:  # noqa: BLE001 - a rule bug must not stop the run
                self._internal(path, group, error)
        members = document.members if isinstance(document, Joined) else [document]
        for member, name in zip(members, shown):
            for problem in member.problems:
                self._file_finding(profile, member.path, problem, name)
        self._suppress(profile, members, shown, first_finding, spanning)

    def _name_files(self, first: int, files: tuple[int, ...], document: Joined,
                    spanning: dict[int, tuple[int, ...]]) -> None:
        """The findings from index ``first`` on judge a period whose records are in ``files``
        of the joined ``document``: when those are several, the message names them."""
        if len(files) < 2:
            return
        names = [document.shown[index] for index in files]
        if len(names) > _NAMED_FILES:
            more = len(names) - _NAMED_FILES
            names[_NAMED_FILES - 1:] = [f"{names[_NAMED_FILES - 1]} and {more} more file{'s' if more > 1 else ''}"]
        option = "join_plans" if document.kind == "plan" else "join_logs"
        for index in range(first, len(self.report.findings)):
            finding = self.report.findings[index]
            finding = replace(finding, message=f"{finding.message} (counted over {', '.join(names)}: {option})")
            self.report.findings[index] = finding
            spanning[id(finding)] = files

    def _report_policy(self, profile: Profile, policy: Document) -> None:
        """The rules used the config's policy without its faulty sections: say why, at their place,
        as linting the policy would (its suppression comments apply), unless it was linted."""
        path = display_path(policy.path, self.base)
        if path in self.report.files or profile.settings.excluded(policy.path):
            return
        first = len(self.report.findings)
        for problem in policy.problems:
            self._file_finding(profile, policy.path, problem, path)
        if "smmlint:" in policy.text:
            suppressions, _ = parse_comments(policy.text, partial(_rule_ids, profile))
            self.report.findings[first:] = apply(self.report.findings[first:], suppressions, {})
        if len(self.report.findings) > first:
            self.report.files.append(path)

    def _feed_log(self, document: Document, path: str, lanes: Sequence[_Group], context: Context,
                  staff: frozenset[str] = frozenset()) -> datetime | None:
        """The hot loop of a log: each batch of events to the runs that can use them.

        When every run says what it reads (see ``router``), the routes of a batch's events are
        looked up in C-level passes (only events of a kind and fields not met before are
        worked out in Python); then each lane takes its events of the batch in one call
        (``feed_batch``), in the order of the log. Lanes are independent runs, so feeding them
        one after another gives the findings that feeding each event to every lane in turn
        gives. Otherwise (a run without gates, or a condition reading a per-event value such
        as the time) each event goes to every run of its kind through ``feed``. Returns the
        latest time of the log ("now" when none is given).
        """
        routers = router_for(lanes, EVENT_KINDS)
        # Every log record is a fastevents.LogEvent (JSON Lines in batches; CSV and imported
        # logs one by one): the keys are read as attributes, in C.
        batches = document.batches if document.batches is not None else ([r] for r in document.records)
        at_of, kind_of = attrgetter("at"), attrgetter("kind")
        # The memo's key of an event: its kind and the fields the gates of its kind read.
        key_of = {kind: attrgetter("kind", *(name for name in route.fields if name in EVENT_FIELDS))
                  for kind, route in (routers or {}).items()}
        # Unrouted: the runs each kind of event goes to.
        by_kind = {kind: [lane for lane in lanes if lane.kinds is None or kind in lane.kinds] for kind in EVENT_KINDS}
        said_by = [itemgetter(slot) for slot in range(len(lanes))]
        memo: dict[Any, Routes] = {}

        def failed(group: _Group, error: Exception) -> None:
            self._internal(path, group, error)
            group.stop()

        # A lane whose gate raised while a batch was routed: asked no more (``stopped``), then
        # fed the batch's events before the one that raised, then stopped with that error.
        halted: dict[int, tuple[int, Exception]] = {}
        index = 0

        def gate_failed(group: _Group, error: Exception) -> None:
            group.stopped = True
            halted[id(group)] = (index, error)

        kept = 0  # characters of text the memo keeps alive
        missed_batches = unmemoised = 0  # batches the memo hardly helped in a row; batches to go without it
        latest: datetime | None = None
        for batch in batches:
            if staff:
                _mark_staff(batch, staff)
            top = max(map(at_of, batch))
            if latest is None or top > latest:
                latest = top
            if routers is None:
                self._feed_each(document, path, batch, lambda record: by_kind[record.kind], context)
                continue
            if unmemoised:
                # Texts have not repeated lately: work every route out, without keys or memo.
                unmemoised -= 1
                routes: list[Any] = [None] * len(batch)
                for index, record in enumerate(batch):  # (gate_failed reads `index`)
                    routes[index] = routers[record.kind].routes(record, context, gate_failed)
                self._feed_lanes(document, path, lanes, said_by, batch, routes, halted, failed, context)
                continue
            keys = list(map(call, map(key_of.__getitem__, map(kind_of, batch)), batch))
            routes = list(map(memo.get, keys))
            missing = [index for index, found in enumerate(routes) if found is None] if None in routes else ()
            # A log whose texts hardly repeat pays for keys and the memo for nothing: after a few
            # such batches in a row the memo rests for a while, then is tried again.
            if len(batch) >= MEMO_PROBE_BATCH and len(missing) * 10 > len(batch) * 9:
                missed_batches += 1
                if missed_batches >= MEMO_MISSED_BATCHES:
                    unmemoised, missed_batches = MEMO_REST_BATCHES, 0
            else:
                missed_batches = 0
            for index in missing:
                key = keys[index]
                found = memo.get(key)  # an event earlier in the batch may have worked it out
                if found is None:
                    record = batch[index]
                    found = routers[record.kind].routes(record, context, gate_failed)
                    size = weight(key)
                    if size <= MEMO_LONGEST:
                        kept += size
                        if kept > MEMO_CHARACTERS or len(memo) >= MEMO_LIMIT:
                            memo.clear()
                            kept = size
                        memo[key] = found
                routes[index] = found
            self._feed_lanes(document, path, lanes, said_by, batch, routes, halted, failed, context)
        return latest

    def _feed_lanes(self, document: Document, path: str, lanes: Sequence[_Group], said_by: Sequence[Any],
                    batch: list[Any], routes: list[Any], halted: dict[int, tuple[int, Exception]],
                    failed: Callable[[_Group, Exception], None], context: Context) -> None:
        """Each lane's events of a batch, in one ``feed_batch`` call (see :meth:`_feed_log`)."""
        emit = self._emit
        for lane, said_of in zip(lanes, said_by):
            gate_error = None
            if lane.stopped:
                if not halted or id(lane) not in halted:
                    continue
                end, gate_error = halted.pop(id(lane))
                said = list(map(said_of, routes[:end]))
            else:
                said = list(map(said_of, routes))
            try:
                if lane.feed_batch is not None and any(said):  # (router_for routes no lane without it)
                    for hit in lane.feed_batch(itertools.compress(batch, said), filter(None, said)):
                        emit(document, path, lane, hit, context)
            except Exception as error:  # noqa: BLE001 - a rule bug must not stop the run
                failed(lane, error)
                continue
            if gate_error is not None:
                failed(lane, gate_error)

    def _feed_each(self, document: Document, path: str, records: Iterable[Any],
                   groups_of: Callable[[Any], list[_Group]], context: Context) -> None:
        """Each record to the runs ``groups_of`` names for it, one by one (``feed``)."""
        for record in records:
            for group in groups_of(record):
                try:
                    hits = group.feed(record)
                    if hits:
                        for hit in hits:
                            self._emit(document, path, group, hit, context)
                except Exception as error:  # noqa: BLE001 - a rule bug must not stop the run
                    self._internal(path, group, error)
                    group.stop()

    def _suppress(self, profile: Profile, members: Sequence[Document], shown: Sequence[str], first_finding: int,
                  spanning: Mapping[int, tuple[int, ...]]) -> None:
        """Drop the findings from ``first_finding`` on that suppressions cover; report unused ones.

        ``members``: the document, or the files read as one, named ``shown``. Each file's
        suppressions silence its own findings (lines of joined files would meet), and its
        `disable-file` also a finding about a whole period that counts its records though it is
        reported in another file of the group (``spanning``: such a finding's files)."""
        written = [self._suppressions(profile, member) for member in members]
        if not any(suppressions or mistakes for suppressions, mistakes in written):
            return
        tail = self.report.findings[first_finding:]
        # Each file's findings, and those about several files' records, gathered once (a group
        # may have thousands of files).
        by_path: dict[str, list[Finding]] = {}
        for finding in tail if len(members) > 1 else ():
            by_path.setdefault(finding.path, []).append(finding)
        spanning_findings = sorted(finding for finding in tail if id(finding) in spanning)
        silenced: set[int] = set()
        for index, (member, name, (suppressions, _)) in enumerate(zip(members, shown, written)):
            if not suppressions:
                continue
            own = by_path.get(name, []) if len(members) > 1 else tail
            silenced |= _silenced(own, suppressions, _post_spans(member))
            whole_file = [suppression for suppression in suppressions if suppression.whole_file]
            if whole_file and spanning_findings:
                counted = [finding for finding in spanning_findings
                           if index in spanning[id(finding)] and finding.path != name]
                silenced |= _silenced(counted, whole_file)
        if silenced:
            self.report.findings[first_finding:] = [finding for finding in tail if id(finding) not in silenced]
            spanning_findings = [finding for finding in spanning_findings if id(finding) not in silenced]
        unused_rule = profile.rules_by_id.get(UNUSED_RULE)
        if unused_rule is None or not unused_rule.enabled:
            return
        by_id = profile.rules_by_id

        def ran(rule: str) -> bool:  # a rule that did not run cannot tell whether it is needed
            return rule in by_id and by_id[rule].enabled

        for index, (member, name, (suppressions, mistakes)) in enumerate(zip(members, shown, written)):
            # Where a finding about this file's records too is reported, if in another file.
            elsewhere: dict[str, Finding] = {}
            for finding in spanning_findings:
                if index in spanning[id(finding)] and finding.path != name:
                    elsewhere.setdefault(finding.rule, finding)
            hint = partial(reported_elsewhere, elsewhere, "posts" if member.kind == "plan" else "events",
                           member.path.suffix.lower() not in CSV_SUFFIXES)
            stale = [(s.line, s.column, message) for s, message in unused(suppressions, ran, hint)]
            stale += [(m.line, m.column, m.message) for m in mistakes]
            for line, column, message in stale:
                self.report.findings.append(Finding(name, line, column, unused_rule.id, unused_rule.name,
                                                    unused_rule.severity, message, f"suppression:{line}"))

    def _suppressions(self, profile: Profile, document: Document) -> tuple[list[Suppression], list[Mistake]]:
        """A document's suppressions (comments, and its posts' `suppress`), and the mistakes in them."""

        def unknown(written: str) -> str:
            return unknown_rule(profile.rules, written)

        suppressions, mistakes = ([], []) if "smmlint:" not in document.text else parse_comments(
            document.text, partial(_rule_ids, profile), text_scalar_test(document.tree), unknown)
        for record in document.records if isinstance(document.records, list) else ():
            written = record.get("suppress")
            if not written:
                continue
            line, column = document.position(record, "suppress")
            named, unknowns = resolve_rules(split_rules(written if isinstance(written, str) else " ".join(written)),
                                            partial(_rule_ids, profile), unknown)
            mistakes += [Mistake(line, column, f"{message} in suppress") for message in unknowns]
            if named:
                suppressions.append(Suppression(line, column, "suppress", tuple(rule for _, ids in named for rule in ids),
                                                0, 0, key=record_key(record),
                                                groups=tuple(entry for entry in named if len(entry[1]) > 1)))
        return suppressions, mistakes

    def _groups(self, profile: Profile, document: Document, path: str, context: Context) -> list[_Group]:
        """One run per rule, except rules whose checks say they can share one."""
        groups: dict[Hashable, _Group] = {}
        for rule in profile.rules:
            if not rule.enabled or rule.rule.target != document.kind:
                continue
            self._applied.setdefault(rule.id, rule)
            try:
                check = rule.check_for(context.account_type)
                key = check.share_key() or ("rule", rule.id)
                group = groups.get(key)
                if group is None:
                    run = check.start(context)
                    group = groups[key] = _Group(run, run.feed, [], check.kinds(), check.gates(),
                                                 getattr(run, "feed_batch", None))
                group.members.append((rule, check))
            except Exception as error:  # noqa: BLE001
                self.report.internal_errors.append(InternalError(path, rule.id, f"{type(error).__name__}: {error}"))
        return list(groups.values())

    def _emit(self, document: Document, path: str, group: _Group, hit: Hit, context: Context) -> None:
        for rule, check in group.members:
            if check.accepts(hit):
                self._add(document, path, rule, hit.record, hit.params, hit.field, context)

    def _add(self, document: Document, path: str, rule: LoadedRule, record: Record,
             params: Mapping[str, Any], field: str | None, context: Context) -> None:
        if isinstance(document, Joined):  # a record of one of the files read as one
            index = record.get("$file") or 0
            path = document.shown[index]
            document = document.members[index]
        line, column = document.position(record, field)

        def extra() -> dict[str, Any]:
            return {"rule": rule.id, "name": rule.name, "account_type": context.account_type,
                    "account_name": context.account_name}

        message = _message(rule.rule.message, params, record, extra)
        key = record_key(record)
        self.report.findings.append(
            Finding(path, line, column, rule.id, rule.name, rule.severity, message, key)
        )

    def _unreadable(self, candidate: Candidate, problem: FileProblem) -> None:
        """The finding of a file that is no file to read, named as the link itself is (resolving
        its path would name the link's target, or never end for a loop)."""
        folder = candidate.path.parent
        settings = self.finder.settings_for(folder)
        shown = display_path(folder, self.base)
        shown = candidate.path.name if shown == "." else f"{shown}/{candidate.path.name}"
        try:
            if settings.excluded(candidate.path):
                return
            profile = settings.profile_for(candidate.path)
        except (OSError, RuntimeError):  # Path.resolve() of a symlink loop
            profile = settings.profile(())
        if shown not in self.report.files:
            self.report.files.append(shown)
        self._file_finding(profile, candidate.path, problem, shown)

    def _file_finding(self, profile: Profile, file: Path, problem: FileProblem, path: str | None = None) -> None:
        rule = profile.rules_by_id.get(problem.code)
        if rule is None or not rule.enabled:
            return
        self._applied.setdefault(rule.id, rule)
        shown = path or display_path(file, self.base)
        if path is None and shown not in self.report.files:
            self.report.files.append(shown)
        self.report.findings.append(
            Finding(shown, problem.line, problem.column, rule.id, rule.name, rule.severity,
                    problem.message, problem.key)
        )

    def _internal(self, path: str, group: _Group, error: Exception) -> None:
        for rule, _check in group.members:
            self.report.internal_errors.append(
                InternalError(path, rule.id, f"{type(error).__name__}: {error}")
            )


_Item = TypeVar("_Item")
# The plans of the config's join_plans groups, by config and group: the first file's profile.
_Plans = dict[tuple[int, int], tuple[Profile, list[Document]]]


def _regrouped(groups: dict[tuple[int, int], tuple[Profile, list[_Item]]], kind: str,
               finder: SettingsFinder) -> dict[tuple[int, int], tuple[Profile, list[_Item]]]:
    """``groups`` (by config and group) with the groups a file made one merged, the first
    met's profile kept."""
    settings = {id(found): found for found in finder.every_settings()}
    merged: dict[tuple[int, int], tuple[Profile, list[_Item]]] = {}
    for (config, group), (profile, items) in groups.items():
        key = (config, settings[config].group_root(kind, group))
        merged.setdefault(key, (profile, []))[1].extend(items)
    return merged


@dataclass(frozen=True)
class _Member:
    """A file of a join_logs group: its path, and how to open its document when its turn comes
    (``open(files)``: what must stay open while it is read goes on ``files``)."""

    path: Path
    open: Callable[[ExitStack], Document | None]
    plan: tuple[int, int] | None = None  # the join_plans group that also names it, if any


def _loaded(document: Document, files: ExitStack) -> Document:
    """A document read already (a JSON export), as a group member opens it."""
    return document


def _silenced(findings: list[Finding], suppressions: list[Suppression],
              spans: dict[str, tuple[int, int]] | None = None) -> set[int]:
    """The ids of ``findings`` that ``suppressions`` cover (each suppression notes what it silenced)."""
    kept = set(map(id, apply(findings, suppressions, spans)))
    return {id(finding) for finding in findings if id(finding) not in kept}


def _mark_staff(events: Sequence[Any], staff: frozenset[str]) -> None:
    """The config's `staff:` in a log that does not say who is staff: an event without a `role`
    whose author is listed (case-insensitively, as importers compare) is the staff's."""
    for event in events:
        if event.role is UNSET and event.author is not UNSET and event.author.strip().casefold() in staff:
            event.role = "staff"


def _applicable_format(name: str | None, path: Path) -> str | None:
    """An export format named for a run or a glob applies to the files it can read: JSON
    importers to .json files, CSV importers to .csv files. Plans in YAML, logs in JSON Lines
    and the like in the same run are linted as usual."""
    if not name:
        return None
    from .importers import get

    importer = get(name)
    if importer is None:
        return name  # unknown: reported when the file is read
    wanted = JSON_SUFFIXES if importer.reads == "json" else CSV_SUFFIXES
    return name if path.suffix.lower() in wanted else None


def record_key(record: Record) -> str:
    """What a finding is about, for fingerprints: a stable key, the id, or the document path."""
    return str(record.get("$key") or record.get("id") or "/" + "/".join(map(str, record.get("$ptr", ()))))


def _post_spans(document: Document) -> dict[str, tuple[int, int]]:
    """Each post's first and last line: from its own line to the line before the next post."""
    if not isinstance(document.records, list):
        return {}
    posts = sorted((record.get("$line", 0), record_key(record)) for record in document.records
                   if document.kind == "plan")
    ends = [start - 1 for start, _ in posts[1:]] + [EVERY_LINE]
    return {key: (start, end) for (start, key), end in zip(posts, ends)}


@dataclass
class _Group:
    """A run and the rules it reports for (several when their checks share the work)."""

    run: Run
    feed: Callable[[Record], Iterable[Hit]]
    members: list[tuple[LoadedRule, Check]]
    kinds: frozenset[str] | None
    gates: tuple[Gate, ...] | None = None
    feed_batch: Callable[[Iterable[Any], Iterable[tuple[bool, ...]]], Iterable[Hit]] | None = None
    stopped: bool = False

    def stop(self) -> None:
        """After the run raised: it takes no more records."""
        self.stopped = True
        self.run = _Stopped()
        self.feed = self.run.feed
        self.feed_batch = self.run.feed_batch


def _rule_ids(profile: Profile, written: str) -> tuple[str, ...]:
    """The ids of the rules a suppression names: an id, a name, or a prefix as `select` takes (SMM1)."""
    found = profile.find(written)
    return (found.id,) if found else tuple(sorted(matching_rules(profile.rules, written)))


class _Stopped:
    """Stands in for a run that raised: it takes no more records."""

    def feed(self, record: Record) -> Iterable[Any]:
        return ()

    def feed_batch(self, records: Iterable[Any], said: Iterable[tuple[bool, ...]]) -> Iterable[Any]:
        return ()

    def finish(self) -> Iterable[Any]:
        return ()


def lint_text(
    data: bytes,
    name: str,
    *,
    config: str | Path | None = None,
    now: datetime | None = None,
    cwd: str | Path | None = None,
    isolated: bool = False,
    input_format: str | None = None,
    selection: Selection | None = None,
) -> Report:
    """Lint ``data`` (e.g. standard input) as if it were the file ``name``.

    The name's extension picks the format; its folder decides which config applies and
    which overrides match; findings carry the name. The text is read from a private copy.
    """
    base = Path(cwd) if cwd else Path.cwd()
    shown = base / name
    finder = SettingsFinder(Path(config) if config else None, isolated=isolated, command_line=selection)
    import tempfile

    with tempfile.TemporaryDirectory(prefix="smmlint-stdin-") as folder:
        copy = Path(folder) / shown.name
        copy.write_bytes(data)
        with collector_paused():
            report = Linter(finder, now=now, base=base, input_format=input_format).run([copy], named=shown)
    _check_selection(selection)
    display = one_line(display_path(shown, base))
    report.findings = [replace(finding, path=display) for finding in report.findings]
    report.files = [display] if not report.skipped else []
    report.skipped = [display] if report.skipped else []
    report.internal_errors = [replace(error, path=display) for error in report.internal_errors]
    return report


def files_to_lint(
    paths: Sequence[str | Path], *, config: str | Path | None = None, cwd: str | Path | None = None,
    isolated: bool = False, ignore_unknown: bool = False, input_format: str | None = None,
) -> Iterator[tuple[str, str, str]]:
    """The files a run would read, as `check` reads them: (path, kind, "") with kind plan,
    policy, log (config: a named config file), or (path, "problem", "CODE at L:C: message") for
    a file `check` can only report a problem for. Files a folder run skips are left out."""
    base = Path(cwd) if cwd else Path.cwd()
    resolved = [Path(p) if Path(p).is_absolute() else base / p for p in (paths or ["."])]
    finder = SettingsFinder(Path(config) if config else None, isolated=isolated)
    linter = Linter(finder, base=base, ignore_unknown=ignore_unknown, input_format=input_format)
    for path in resolved:
        if path.name in CONFIG_NAMES and path.is_file():  # named: checked as a config
            finder.check_config(path)
            yield display_path(path, base), "config", ""
    for candidate in discover(resolved, named_are_explicit=not ignore_unknown):
        found = linter.kind_of(candidate)
        if found is not None:  # one line each, whatever the name holds (a line break, a tab)
            yield one_line(found[0]), found[1], one_line(found[2])


def lint_paths(
    paths: Sequence[str | Path],
    *,
    config: str | Path | None = None,
    now: datetime | None = None,
    cwd: str | Path | None = None,
    ignore_unknown: bool = False,
    isolated: bool = False,
    input_format: str | None = None,
    selection: Selection | None = None,
) -> Report:
    """Lint files and folders; returns the report and prints nothing.

    Each file gets the nearest config (`--config` for all; none when ``isolated``), and then
    ``selection`` (the command line's `--select`/`--ignore`) over it.
    ``ignore_unknown`` skips named files that are not smmlint documents instead of reporting
    them (SMM004). Raises ``ConfigError`` (every problem, with file:line:col) for a bad config
    or rule pack.
    """
    base = Path(cwd) if cwd else Path.cwd()
    resolved = [Path(p) if Path(p).is_absolute() else base / p for p in (paths or ["."])]
    finder = SettingsFinder(Path(config) if config else None, isolated=isolated, command_line=selection)
    with collector_paused():
        report = Linter(finder, now=now, base=base, ignore_unknown=ignore_unknown, input_format=input_format).run(resolved)
    _check_selection(selection)
    return report


def _check_selection(selection: Selection | None) -> None:
    """A `--select`/`--ignore` entry that named no rule under any config the run read (nor a
    built-in one) is a usage error, found once every config has been read."""
    unmatched = selection.unmatched() if selection is not None else []
    if unmatched:
        raise ConfigError(unmatched)
