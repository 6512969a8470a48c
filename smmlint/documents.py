"""Discovering files, telling their kind, and loading them into records with positions.

File-level problems become SMM001 (cannot parse), SMM002 (schema), SMM003 (duplicate id) and
SMM004 (unknown kind, unreadable encoding) findings; the rest of the document is still used
wherever it can be, so one bad post does not hide the mistakes of the others.
"""

from __future__ import annotations

import codecs
import difflib
import errno
import hashlib
import io
import json
import os
import re
import stat
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal
from functools import partial
from itertools import compress, count, repeat
from operator import attrgetter, not_
from pathlib import Path
from typing import Any, Literal, cast

import msgspec
from pydantic import ValidationError

from .fastevents import LogEvent, quick_batch, quick_event
from .fields import Context, Record
from .idset import IdSet
from .jsontree import JsonTree
from .models import EVENT, POLICY_SECTIONS, Account, Event, Plan, Policy, Post
from .problems import Issue, describe_error, describe_imported, issues_from_validation
from .sourcetree import SourceError, SourceTree, decode_text, load_json, load_yaml
from .timeparse import parse_local_datetime

Kind = Literal["plan", "policy", "log"]
Tree = SourceTree | JsonTree  # a YAML document's node graph, or a JSON document's index
KINDS: tuple[Kind, ...] = ("plan", "policy", "log")
YAML_SUFFIXES = (".yaml", ".yml")
JSON_SUFFIXES = (".json",)
LOG_SUFFIXES = (".jsonl", ".ndjson")
CSV_SUFFIXES = (".csv",)
LINTED_SUFFIXES = YAML_SUFFIXES + JSON_SUFFIXES + LOG_SUFFIXES + CSV_SUFFIXES
SKIPPED_DIRS = frozenset({"node_modules", "venv", "__pycache__", "site-packages"})
CONFIG_FILES = frozenset(
    {".smmlint.yaml", ".smmlint.yml", "smmlint.yaml", ".pre-commit-config.yaml",
     ".pre-commit-hooks.yaml", "action.yml", "action.yaml", "package.json", "package-lock.json"}
)  # fmt: skip
GIVE_UP_AFTER = 100
"""Problem lines before any valid event after which a log is judged not to be JSON Lines."""
GIVE_UP_EVERY = 2000
"""Lines between the later looks at whether to give up (line 101, 2101, 4101, ...)."""
_LOOKS_OURS = re.compile(r"""\bkind["']?\s*:\s*["']?(plan|policy)\b|(^|[\s{,])["']?(posts|account)["']?\s*:""",
                         re.MULTILINE)
REQUIRED_LINK = {"reply": "parent", "delete": "target", "hide": "target", "restore": "target", "ban": "target"}


@dataclass(frozen=True)
class FileProblem:
    code: str
    message: str
    line: int = 1
    column: int = 1
    key: str = ""


@dataclass
class Candidate:
    """A file to lint; ``explicit`` when the user named it (then an unknown kind is a finding)."""

    path: Path
    explicit: bool
    kind: Kind | None = None
    input_format: str | None = None  # an importer's name, when the config or command line names one
    # Why the file cannot be read at all, found without opening it (a FIFO, a device, a symlink
    # loop, a link to nowhere): the finding to report instead of reading it, named by this path.
    problem: FileProblem | None = None


def discover(paths: Sequence[Path], named_are_explicit: bool = True) -> list[Candidate]:
    """Files named, and the lintable files under folders named (hidden ones skipped).

    With ``named_are_explicit`` False, named files are treated like files found in a folder:
    one that is not a plan, policy or log is skipped (pre-commit names every changed file).

    Nothing is opened here, and nothing that is not a regular file is ever given to be read (a
    FIFO would block the run forever, /dev/zero fill the memory). A folder's FIFOs, devices,
    sockets and symlink loops are skipped; a named one, and a link to nowhere wherever it is,
    is a :class:`Candidate` whose ``problem`` says what it is.
    """
    found: dict[Path, Candidate] = {}
    for path in paths:
        if path.is_dir():
            for file, problem in sorted(_walk(path), key=_first):
                found.setdefault(file, Candidate(file, False, problem=problem))
        elif path.name not in CONFIG_FILES:  # configs are read as configs, never linted as plans
            unreadable = _unreadable(path)
            if unreadable is not None and unreadable[0] != "nowhere" and not named_are_explicit:
                continue
            found[path] = Candidate(path, named_are_explicit, problem=unreadable[1] if unreadable else None)
    return list(found.values())


def _first(item: tuple[Path, FileProblem | None]) -> Path:
    return item[0]


def _walk(folder: Path) -> Iterator[tuple[Path, FileProblem | None]]:
    """The lintable files under ``folder``, each with the problem that keeps it from being
    read (only a link to nowhere is given so: other files that are not regular are skipped)."""
    try:
        entries = list(os.scandir(folder))
    except OSError as error:  # a folder that cannot be listed (no permission): said, not skipped
        yield folder, FileProblem("SMM001", f"cannot read the folder: {error.strerror}")
        return
    for entry in entries:
        name = entry.name
        if name.startswith(".") or name in SKIPPED_DIRS:
            continue
        path = Path(entry.path)
        try:
            if entry.is_dir():
                # A symlinked folder may point back up the tree: walking it could never end.
                if not entry.is_symlink():
                    yield from _walk(path)
                continue
        except OSError:
            pass  # a symlink loop: no folder
        if path.suffix.lower() not in LINTED_SUFFIXES or name in CONFIG_FILES:
            continue
        try:
            if entry.is_file():  # a regular file (known from the listing), or a link to one
                yield path, None
                continue
        except OSError:
            pass
        unreadable = _unreadable(path)
        if unreadable is not None and unreadable[0] == "nowhere":
            yield path, unreadable[1]


def _unreadable(path: Path) -> tuple[str, FileProblem] | None:
    """Why ``path`` is no file to read, without opening it: ("nowhere", ...) for a symlink to a
    path that does not exist, ("loop", ...) for a symlink loop, ("special", ...) for a FIFO,
    device or socket; None for a regular file, and for other errors (reported when read)."""
    try:
        mode = os.stat(path).st_mode
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "loop", FileProblem(
                "SMM001", f"symlink loop: {path.name} -> {_link_target(path)} leads back to itself, never to a file")
        if error.errno in (errno.ENOENT, errno.ENOTDIR) and os.path.islink(path):
            return "nowhere", FileProblem(
                "SMM001", f"the link points nowhere: {path.name} -> {_link_target(path)}, which does not exist")
        return None
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    what = ("a FIFO (named pipe)" if stat.S_ISFIFO(mode) else "a character device" if stat.S_ISCHR(mode)
            else "a block device" if stat.S_ISBLK(mode) else "a socket" if stat.S_ISSOCK(mode) else "no file")
    via = f" (-> {_link_target(path)})" if os.path.islink(path) else ""
    return "special", FileProblem(
        "SMM004", f"not a regular file: {path.name}{via} is {what}; smmlint reads plans, policies and logs from"
        " regular files only")


def _link_target(path: Path) -> str:
    try:
        return os.readlink(path)
    except OSError:  # pragma: no cover - replaced since
        return "?"


def kind_of_data(data: Any) -> Kind | None | str:
    """``kind:`` if present (an unknown value is returned as is), else the shape."""
    if not isinstance(data, dict):
        return None
    declared = data.get("kind")
    if declared is not None:
        return declared if declared in KINDS else str(declared)
    if "posts" in data or "account" in data:
        return "plan"
    if data and all(key in POLICY_SECTIONS for key in data):
        return "policy"
    return None


@dataclass
class Document:
    """One loaded file: its records (a stream for logs) and what was wrong with it."""

    path: Path
    kind: Kind
    problems: list[FileProblem] = field(default_factory=list)
    tree: Any = None  # SourceTree or another object with .position(pointer, key=False)
    records: Any = ()  # Iterable[Record]
    batches: Any = None  # of a JSON Lines log: Iterable[list[LogEvent]], the records in batches
    account: Account | None = None
    policy: Policy | None = None
    seen_ids: IdSet = field(default_factory=IdSet)  # ids of the log events read so far
    # Of a log read in batches: the line of each event of the batch being checked.
    batch_lines: dict[str, int] = field(default_factory=dict)
    text: str = ""  # a YAML document's text, kept when it holds smmlint comments

    def seen_before(self, identity: str, record: Record) -> bool:
        """Whether an event with this id was read before ``record`` (a log's event)."""
        line = self.batch_lines.get(identity)
        if line is None:
            return identity in self.seen_ids
        # Asked for about every other reply of a log: read a LogEvent's line directly.
        return bool(line < (record.line if isinstance(record, LogEvent) else record.get("$line", 0)))

    def position(self, record: Record, field_path: str | None) -> tuple[int, int]:
        pointer = record.get("$ptr")
        if field_path and pointer is not None and self.tree is not None:
            parts = tuple(int(p) if p.isdigit() else p for p in field_path.split("."))
            return self.tree.position((*pointer, *parts))  # type: ignore[no-any-return]
        return (record.get("$line", 1), record.get("$col", 1))


class Joined(Document):
    """Several files of one kind read as one document (the config's ``join_logs`` and
    ``join_plans``). Each file keeps its own problems, ids (SMM003 within a file), positions and
    suppressions; a record of a later file carries the index of its file (``$file``), so a
    finding names the file and line of its record. ``shown``: each file's name in reports."""

    def __init__(self, kind: Kind, members: list[Document], shown: list[str]) -> None:
        first = members[0]
        super().__init__(first.path, kind, account=first.account, policy=first.policy)
        self.members = members
        self.shown = shown

    def member_of(self, record: Record) -> Document:
        return self.members[record.get("$file") or 0]

    def position(self, record: Record, field_path: str | None) -> tuple[int, int]:
        return self.member_of(record).position(record, field_path)


class JoinedLog(Joined):
    """Log files read as one log, one after another: a reply in one answers a question or
    mention in another (monthly exports; a monitoring export beside the team's own log).

    A file is opened when its turn comes and closed when it is read (``open_member(index)``
    gives its document and what to close), so a year of daily exports holds one file open."""

    def __init__(self, first: Document, shown: list[str],
                 open_member: Callable[[int], tuple[Document, Any]], closing: Any = None) -> None:
        super().__init__("log", [first], shown)
        self._open_member = open_member
        self._closing = closing  # what to close once the first file is read
        self.reading = 0  # the index of the file whose events are being read
        self._earlier = IdSet()  # the ids of the files read before it
        self.batches = self._batches()

    def _batches(self) -> Iterator[list[Any]]:
        for index in range(len(self.shown)):
            if index == len(self.members):
                member, self._closing = self._open_member(index)
                self.members.append(member)
            member = self.members[index]
            self.reading = index
            try:
                batches = member.batches if member.batches is not None else ([r] for r in member.records)
                for batch in batches:
                    batch = self._marked(batch, index, member)
                    if batch:  # (every event of it may have repeated an earlier file's id)
                        yield batch
            finally:
                if self._closing is not None:
                    self._closing.close()
                    self._closing = None
            self._earlier.update(member.seen_ids)

    def _marked(self, batch: list[Any], index: int, member: Document) -> list[Any]:
        """The events of a file, marked with it. An id smmlint made up for a row that has none
        (``row-12`` of a monitoring export) takes the file's name (``ba-2.csv:row-12``), the
        same however the run names its files. An id an earlier file used is SMM003 and the
        event is left out, as a repeated id within a file is."""
        earlier, name = self._earlier, member.path.name
        kept = []
        for event in batch:
            identity = event.id
            if identity.startswith("row-"):
                event.id = f"{name}:{identity}"
            elif index and identity in earlier:
                first = next((self.shown[number] for number, other in enumerate(self.members[:index])
                              if identity in other.seen_ids), "an earlier file")
                member.problems.append(FileProblem(
                    "SMM003", f"duplicate event id '{identity}' (first used in {first})",
                    event.line, event.get("$col", 1), identity))
                continue
            if index:
                event["$file"] = index
            kept.append(event)
        return kept

    def seen_before(self, identity: str, record: Record) -> bool:
        return self.members[self.reading].seen_before(identity, record) or identity in self._earlier


class JoinedPlan(Joined):
    """Plan files read as one plan (fortnightly plans; a network's plan beside the others):
    posts a day, spacing, the month's mix and tools are judged over all their posts. The first
    file's account applies; a later file whose own account differs from the first file's own
    says so."""

    def __init__(self, members: list[Document], shown: list[str]) -> None:
        super().__init__("plan", members, shown)
        records: list[Record] = []
        for index, member in enumerate(members):
            if index:
                for record in member.records:
                    record["$file"] = index
            records.extend(member.records)
            if index and None not in (member.account, self.account) and member.account != self.account:
                member.problems.append(FileProblem(
                    "SMM002", f"this plan is read with {shown[0]} (join_plans), whose account differs:"
                    f" the account of {shown[0]} applies", *(member.tree.position(("account",), key=True)
                                                             if member.tree is not None else (1, 1))))
        self.records = records


def _issue_problems(issues: list[Issue]) -> list[FileProblem]:
    return [
        FileProblem("SMM002", issue.message, issue.line, issue.column, "/" + "/".join(map(str, issue.pointer)))
        for issue in issues
    ]


def read_tree(path: Path, data: bytes) -> SourceTree | JsonTree:
    return parse_text(path, decode_text(data))


def parse_text(path: Path, text: str) -> SourceTree | JsonTree:
    """YAML, or JSON by the file's extension."""
    if path.suffix.lower() in JSON_SUFFIXES:
        return load_json(text)
    return load_yaml(text)


ContextFor = Callable[[Account | None], Context]


def load_structured(path: Path, data: bytes, candidate_kind: Kind | None, explicit: bool,
                    context_for: ContextFor,
                    importing: Callable[[Tree], Document | None] | None = None) -> Document | None:
    """A YAML/JSON plan or policy; None when a discovered file is not one of ours.

    ``context_for`` gives the context for the plan's own account (merged with the config's),
    whose time zone anchors the plan's local times. ``importing`` reads a JSON document that
    is not ours as a real export (Telegram, VK, ...) when an importer knows its shape.
    """
    text = ""
    try:
        text = decode_text(data)
        tree = parse_text(path, text)
    except SourceError as error:
        if not explicit and candidate_kind is None and error.code == "SMM001":
            # A broken file found while recursing might not be ours; say so only when it
            # looks like one: a kind we know, or a plan's keys, in YAML or JSON spelling.
            if not _LOOKS_OURS.search(data[:65536].decode("utf-8", "replace")):
                return None
        document = Document(path, candidate_kind or "plan")
        document.problems.append(FileProblem(error.code, error.message, error.line, error.column))
        return document
    kind = candidate_kind or kind_of_data(tree.data)
    if kind not in KINDS and candidate_kind is None and importing is not None:
        imported = importing(tree)
        if imported is not None:
            return imported
    if kind not in KINDS:
        # Found while recursing, a file of another tool is skipped; but a misspelt kind of
        # ours ("plna") is a mistake to report wherever the file is.
        misspelt = isinstance(kind, str) and difflib.get_close_matches(kind.lower(), KINDS, n=1, cutoff=0.6)
        if not explicit and not misspelt:
            return None
        line, column = tree.position(("kind",)) if isinstance(kind, str) else (1, 1)
        message = (
            f"unknown document kind '{kind}': use kind: plan or kind: policy"
            + (f" (did you mean '{misspelt[0]}'?)" if misspelt else "")
            if isinstance(kind, str)
            else "cannot tell what this file is: add 'kind: plan' or 'kind: policy'"
            + (" (an export of another tool? name its format with --input-format; smmlint import --list"
               " shows them)" if path.suffix.lower() in JSON_SUFFIXES else "")
        )
        document = Document(path, "plan")
        document.problems.append(FileProblem("SMM004", message, line, column))
        return document
    document = Document(path, kind, tree=tree)
    if "smmlint:" in text and path.suffix.lower() not in JSON_SUFFIXES:  # JSON has no comments
        document.text = text
    document.problems.extend(FileProblem(p.code, p.message, p.line, p.column) for p in tree.problems)
    if kind == "plan":
        _load_plan(document, tree, context_for)
    elif kind == "policy":
        _load_policy(document, tree)
    else:
        document.problems.append(FileProblem("SMM004", "logs are JSON Lines (.jsonl) or CSV files"))
    return document


def _load_plan(document: Document, tree: Tree, context_for: ContextFor) -> None:
    data = tree.data
    if not isinstance(data, dict):
        document.problems.append(FileProblem("SMM002", "a plan must be a mapping with 'account' and 'posts'"))
        return
    header = {key: value for key, value in data.items() if key != "posts"}
    try:
        plan = Plan.model_validate(header)
        document.account = plan.account
    except ValidationError as error:
        document.problems.extend(_issue_problems(issues_from_validation(error, tree, model=Plan)))
    posts = data.get("posts")
    if posts is None:
        posts = []
    if not isinstance(posts, list):
        line, column = tree.position(("posts",))
        document.problems.append(FileProblem("SMM002", "posts: must be a list of posts", line, column, "/posts"))
        return
    document.records = list(_plan_records(document, tree, posts, context_for(document.account)))


def _plan_records(document: Document, tree: Any, posts: list[Any], context: Context) -> Iterator[Record]:
    seen: dict[str, int] = {}
    for index, raw in enumerate(posts):
        pointer = ("posts", index)
        try:
            post = Post.model_validate(raw)
        except ValidationError as error:
            document.problems.extend(_issue_problems(issues_from_validation(error, tree, pointer, Post)))
            # A post that breaks the schema still takes its id: its copy further down is SMM003.
            identity = raw.get("id") if isinstance(raw, dict) else None
            if isinstance(identity, str) and identity:
                _repeated_post_id(document, tree, seen, pointer, identity)
            continue
        line, column = tree.position(pointer)
        record: Record = dict(post.__dict__)
        at: datetime = record["at"]
        try:
            record["at"] = at.replace(tzinfo=context.tz) if at.tzinfo is None else at.astimezone(context.tz)
        except OverflowError:  # 9999-12-31T23:30-12:00 is in the year 10000 in Moscow
            at_line, at_column = tree.position((*pointer, "at"))
            document.problems.append(FileProblem(
                "SMM002", f"at: {at.isoformat()} is outside the calendar in the account's time zone",
                at_line, at_column, post.id))
            continue
        record["$line"], record["$col"], record["$ptr"] = line, column, pointer
        # A copied post keeps its id by mistake: its other mistakes still count.
        _repeated_post_id(document, tree, seen, pointer, post.id)
        yield record


def _repeated_post_id(document: Document, tree: Any, seen: dict[str, int], pointer: tuple[str, int],
                      identity: str) -> None:
    """SMM003 at the id of a post whose id an earlier post has; else the id is taken here."""
    if identity in seen:
        id_line, id_column = tree.position((*pointer, "id"))
        document.problems.append(FileProblem(
            "SMM003", f"duplicate post id '{identity}' (first used at line {seen[identity]})", id_line, id_column,
            identity))
    else:
        seen[identity] = tree.position(pointer)[0]


def _load_policy(document: Document, tree: Tree) -> None:
    data = tree.data
    if not isinstance(data, dict):
        document.problems.append(FileProblem("SMM002", "a policy must be a mapping of sections"))
        return
    try:
        policy = Policy.model_validate(data)
    except ValidationError as error:
        document.problems.extend(_issue_problems(issues_from_validation(error, tree, model=Policy)))
        # Keep the sections that are valid on their own, so their rules still run.
        valid = {}
        for key, value in data.items():
            try:
                Policy.model_validate({key: value})
                valid[key] = value
            except ValidationError:
                continue
        policy = Policy.model_validate(valid)
    document.policy = policy
    record: Record = {name: getattr(policy, name) for name in POLICY_SECTIONS}
    # Sections with a mistake, left out (see SMM002): rules requiring them do not call them missing.
    record["$invalid"] = frozenset(key for key in data if key not in policy.model_fields_set)
    record["$line"], record["$col"] = tree.position(())
    record["$ptr"] = ()
    document.records = [record]


def load_policy_file(path: Path) -> Document:
    """The policy named in the config, for rules that compare a plan with it: its ``policy``,
    its ``problems`` (a section with a mistake is left out; the engine reports why) and text.

    Raises OSError or SourceError when it cannot be read: the config's problem to report.
    """
    text = decode_text(path.read_bytes())
    document = Document(path, "policy", text=text)
    _load_policy(document, parse_text(path, text))
    return document


class _LineLocator:
    """Positions inside one JSON line: the column of a field's key, found on demand."""

    def __init__(self, text: str) -> None:
        self.text = text

    def column_of(self, field_name: str) -> int:
        index = self.text.find(f'"{field_name}"')
        return index + 1 if index >= 0 else 1


LOG_BATCH_BYTES = 1 << 19
"""Bytes of a log read at a time (whole lines): a few thousand events."""
RESERVE_IDS = 1 << 20
"""Ids the id set makes room for at once, at most, from the file's size (see log_batches)."""


def stream_log(document: Document, handle: Any) -> Iterator[LogEvent]:
    """Events of a JSON Lines file, each with its line number (see :func:`log_batches`)."""
    for batch in log_batches(document, handle):
        yield from batch


def log_batches(document: Document, handle: Any) -> Iterator[list[LogEvent]]:
    """The events of a JSON Lines file, a batch of lines at a time, each with its line number.

    Memory stays flat: one batch of lines at a time, plus a hash per event id (SMM003, and
    for rules to tell whether an event named by a reply has already gone by). A batch the
    quick path (:mod:`fastevents`) vouches for is used whole; otherwise each line is read on
    its own, and a line the quick path refuses goes to :func:`_exact_line`, which reports its
    problems.
    """
    problems = document.problems
    seen = document.seen_ids
    ids_of, lines_of = attrgetter("id"), attrgetter("line")
    before = 0  # lines read before this batch
    repeats: list[int] = []  # the SMM003 problems, told where their id was first used at the end
    while lines := handle.readlines(LOG_BATCH_BYTES):
        if before == 0:
            if lines[0].startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE)):
                # UTF-16 (or UTF-32) with its byte order mark, as Windows tools save text: read
                # as UTF-8, decoded a batch at a time.
                handle = _Transcoded(handle, lines)
                lines = handle.readlines(LOG_BATCH_BYTES)
                if not lines:
                    return
            elif b"\x00" in lines[0]:
                problems.append(FileProblem("SMM004", _binary_message(lines[0])))
                return
            if lines[0].startswith(b"\xef\xbb\xbf"):
                lines[0] = lines[0][3:]
            # At most a million ids ahead (a table of 4M slots, 32 MB, as a million ids grow to
            # anyway): past that the set grows as it fills.
            seen.reserve(min(_events_expected(handle, lines), RESERVE_IDS))
        # A file with no valid event yet and many problems is read line by line, to give up at
        # the right line if it must (see _line_by_line).
        events = quick_batch(lines) if seen or len(problems) < GIVE_UP_AFTER else None
        whole = events is not None  # then the events are the lines, one each
        if events is None:
            events = _line_by_line(document, lines, before)
            if events is None:
                return
        else:
            deque(map(setattr, events, repeat("line"), count(before + 1)), maxlen=0)
        ids = list(map(ids_of, events))
        repeated = seen.add_many(ids)
        for index in reversed(repeated):
            event = events.pop(index)
            repeats.append(len(document.problems))
            _report_duplicate(document, event, event.line, 0)
        if whole and not repeated:
            document.batch_lines = dict(zip(ids, range(before + 1, before + 1 + len(ids))))
        else:
            document.batch_lines = dict(zip(map(ids_of, events), map(lines_of, events)))
        for event in _unlinked(events):
            _report_missing_link(document, event, event.line, lines[event.line - before - 1],
                                 REQUIRED_LINK[event.kind])
        before += len(lines)
        if events:
            yield events
    if repeats:
        _name_first_uses(document, handle, repeats)


def _binary_message(first: bytes) -> str:
    """What a log whose first line holds a NUL byte is: UTF-16 text without a byte order mark
    (every other byte of its ASCII a NUL), or binary data."""
    head = first[:64]
    if len(head) >= 4 and head.count(0) * 2 >= len(head) - 1 and (not any(head[1::2]) or not any(head[0::2])):
        return "this JSON Lines file is UTF-16 without a byte order mark: save it as UTF-8"
    return "this is a binary file, not JSON Lines text"


class _Transcoded:
    """A UTF-16 or UTF-32 log (with its byte order mark) as UTF-8 lines, read as a binary file
    is read by :func:`log_batches`: ``readlines(hint)``, iteration, ``seek(0)``. Memory stays
    that of a batch; characters that cannot be decoded (half a pair) read as U+FFFD."""

    def __init__(self, handle: Any, first: list[bytes]) -> None:
        self._handle = handle
        self._first = b"".join(first)  # what was read already, before the encoding was known
        start = self._first[:4]
        self._codec = "utf-32" if start in (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE) else "utf-16"
        self._start()

    def _start(self) -> None:
        self._decoder = codecs.getincrementaldecoder(self._codec)("replace")
        self._pending = ""  # decoded text after the last line end
        self._done = False

    def readlines(self, hint: int = -1) -> list[bytes]:
        lines: list[bytes] = []
        size = 0
        while not self._done and (hint <= 0 or size < hint):
            if self._first:
                data, self._first = self._first, b""
            else:
                data = self._handle.read(max(hint, 1 << 16))
            text = self._pending + self._decoder.decode(data, final=not data)
            if not data:
                self._done = True
                complete, self._pending = text, ""
            else:
                cut = text.rfind("\n") + 1
                complete, self._pending = text[:cut], text[cut:]
            if complete:
                block = complete.encode("utf-8")
                size += len(block)
                *whole, last = block.split(b"\n")  # lines end at a line feed only, as in a binary read
                lines.extend([line + b"\n" for line in whole])
                if last:
                    lines.append(last)
        return lines

    def __iter__(self) -> Iterator[bytes]:
        while batch := self.readlines(LOG_BATCH_BYTES):
            yield from batch

    def seek(self, offset: int) -> int:
        if offset:
            raise io.UnsupportedOperation("only the start")
        self._handle.seek(0)
        self._first = b""
        self._start()
        return 0


class _IdOnly(msgspec.Struct):
    id: str


_READ_ID = msgspec.json.Decoder(_IdOnly).decode


def _name_first_uses(document: Document, handle: Any, repeats: list[int]) -> None:
    """Add "first used at line N" to the SMM003 problems at ``repeats`` (indices in the
    document's problems), reading the file again up to the last repeat: repeated ids are rare,
    and the id set keeps no lines (see :mod:`idset`). A stream that cannot be read again keeps
    the messages as they are."""
    problems = document.problems
    wanted = {problems[index].key: index for index in repeats}
    last = max(problems[index].line for index in repeats)
    first: dict[str, int] = {}
    try:
        handle.seek(0)
        for number, raw in enumerate(handle, 1):
            if number >= last:
                break
            if number == 1:
                raw = raw.removeprefix(b"\xef\xbb\xbf")
            try:
                identity = _READ_ID(raw).id
            except (msgspec.DecodeError, msgspec.ValidationError, RecursionError, UnicodeDecodeError):
                whole = _whole_escapes(raw) if b"\\u" in raw else raw  # half an emoji, read as U+FFFD
                try:
                    if whole is raw:
                        continue  # a line that gave no event gave no id either
                    identity = _READ_ID(whole).id
                except (msgspec.DecodeError, msgspec.ValidationError, RecursionError, UnicodeDecodeError):
                    continue
                raw = whole
            if identity in wanted and identity not in first and _valid_event(raw):
                first[identity] = number
                if len(first) == len(wanted):
                    break
    except (OSError, ValueError, io.UnsupportedOperation):
        return
    for index in repeats:
        problem = problems[index]
        line = first.get(problem.key)
        if line is not None and line < problem.line:
            problems[index] = replace(problem, message=f"{problem.message} (first used at line {line})")


def _valid_event(raw: bytes) -> bool:
    """Whether the line is an event the first reading took (not one it reported as broken)."""
    if quick_event(raw) is not None:
        return True
    try:
        EVENT.validate_json(raw)
    except ValidationError:
        return False
    return True


_LINKS = tuple((link, frozenset(kind for kind, needed in REQUIRED_LINK.items() if needed == link))
               for link in sorted(set(REQUIRED_LINK.values())))
_kind_of = attrgetter("kind")


def _unlinked(events: list[LogEvent]) -> list[LogEvent]:
    """The events without the link their kind needs (a reply's parent), in order. In C-level
    passes over the batch: nearly every event has its link, and this runs for every one."""
    kinds = list(map(_kind_of, events))
    found: list[LogEvent] = []
    for link, needing in _LINKS:
        linked = list(compress(events, map(needing.__contains__, kinds)))
        found.extend(compress(linked, map(not_, map(attrgetter(link), linked))))  # absent or empty
    return sorted(found, key=attrgetter("line")) if len(_LINKS) > 1 and found else found


def _events_expected(handle: Any, first: list[bytes]) -> int:
    """About how many events a log file holds, judged by its first batch of lines (0: unknown)."""
    try:
        size = os.fstat(handle.fileno()).st_size
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        return 0  # not a file: a stream, or a test's bytes
    read = sum(map(len, first))
    return size * len(first) // read if read else 0


def _line_by_line(document: Document, lines: list[bytes], before: int) -> list[LogEvent] | None:
    """The events of a batch the quick path could not vouch for whole; None: stop reading."""
    problems = document.problems
    events: list[LogEvent] = []
    for number, raw in enumerate(lines, before + 1):
        # Before line 101, and every 2,000 lines after it: still no valid event and 100
        # problems or more, and the file is not JSON Lines.
        if (number > GIVE_UP_AFTER and (number - GIVE_UP_AFTER - 1) % GIVE_UP_EVERY == 0
                and not document.seen_ids and not events and len(problems) >= GIVE_UP_AFTER):
            problems.append(FileProblem(
                "SMM001", f"stopped reading: the first {GIVE_UP_AFTER} lines hold no valid event;"
                " this file does not look like JSON Lines", number, 1))
            return None
        event = quick_event(raw)
        if event is None:
            exact = _exact_line(document, number, raw)
            if exact is None:
                continue
            event = LogEvent.of(exact, number)
        else:
            event.line = number
        events.append(event)
    return events


def _exact_line(document: Document, number: int, raw: bytes) -> Record | None:
    """A line the quick reader refused: pydantic's event, or each of its problems reported.

    Half an emoji escaped alone (``\\ud83d``) reads as U+FFFD, as in a JSON plan.
    """
    if not raw.strip():
        return None
    if b"\\u" in raw:
        raw = _whole_escapes(raw)
    try:
        return cast(Record, EVENT.validate_json(raw))
    except ValidationError as error:
        document.problems.extend(_line_problems(number, raw, error))
        return None


# Where a line may escape half of a UTF-16 pair (``\\ud83d``): looked for first, in C.
_SURROGATE = re.compile(rb"\\u[dD][89a-fA-F]")
# Each escape of a JSON text, in order (so that an escaped backslash is never taken for the
# start of an escape): a whole pair, half of one alone (group 1), or any other escape.
_ESCAPE = re.compile(rb"\\(?:u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|(u[dD][89a-fA-F][0-9a-fA-F]{2})|.)",
                     re.DOTALL)


def _whole_escapes(raw: bytes) -> bytes:
    """``raw`` with each half of an emoji escaped alone (``\\ud83d``, which neither msgspec nor
    pydantic reads, and no UTF-8 text can hold) written ``\\ufffd``, as a JSON plan reads it:
    as long, so that columns stay. ``raw`` itself when there is none."""
    if _SURROGATE.search(raw) is None:  # no half of a pair at all: the common case
        return raw
    return _ESCAPE.sub(_whole_escape, raw)


def _whole_escape(match: re.Match[bytes]) -> bytes:
    return b"\\ufffd" if match.group(1) else match.group()


# The end of a key of a JSON object: a quote and a colon (after a value comes a comma or a
# brace); also an escaped quote and a colon in a text, counted in excess. Counted to tell
# whether a line may repeat a key.
_KEY_END = re.compile(r'"[ \t\r]*:')
_SPACE = re.compile(r"[ \t\r\n]*")


def _repeated_keys(number: int, raw: bytes, data: dict[str, Any], identity: str) -> list[FileProblem]:
    """SMM002 at each key of the line's object given a second time (``data``: what was read).

    Only a line that breaks the schema anyway is looked at (the repeat may be what broke it).
    Neither msgspec nor pydantic tells a repeated key (the last one wins), and looking for one
    in every line the quick path reads costs reading a log a sixth more or worse (an RE2 scan for
    a key twice on a line; counting the quotes of the text against those of the events), where
    its budget is a few percent; and a valid line must be read the same by both paths (see
    tests/test_fastevents.py), so the slow path cannot look at valid lines alone.
    """
    text = raw.decode("utf-8", "replace")
    if len(_KEY_END.findall(text)) <= len(data):  # as many keys as the object has: none repeats
        return []
    problems: list[FileProblem] = []
    first: dict[str, int] = {}
    for name, offset in _top_level_keys(text):
        if name not in first:
            first[name] = offset
            continue
        problems.append(FileProblem(
            "SMM002", f"duplicate key '{name}' (first given at column {first[name] + 1}); the last one is used",
            number, offset + 1, identity))
    return problems


def _top_level_keys(text: str) -> list[tuple[str, int]]:
    """The keys of the JSON object ``text`` holds, each with its offset (not those of objects
    inside it), as far as the text is JSON."""
    keys: list[tuple[str, int]] = []
    try:
        index = _SPACE.match(text).end()  # type: ignore[union-attr]  # matches the empty text
        if text[index] != "{":
            return keys
        index = _SPACE.match(text, index + 1).end()  # type: ignore[union-attr]
        while text[index] == '"':
            key_at = index
            name, index = _SCAN(text, index)
            keys.append((name, key_at))
            index = _SPACE.match(text, index).end()  # type: ignore[union-attr]
            if text[index] != ":":
                break
            index = _SPACE.match(text, index + 1).end()  # type: ignore[union-attr]
            index = _SCAN(text, index)[1]
            index = _SPACE.match(text, index).end()  # type: ignore[union-attr]
            if text[index] != ",":
                break
            index = _SPACE.match(text, index + 1).end()  # type: ignore[union-attr]
    except (StopIteration, ValueError, IndexError, RecursionError):
        pass
    return keys


def _checked_event(
    document: Document, valid: Record, number: int, raw: bytes | str, seen_ids: IdSet, column: int | None = None
) -> LogEvent | None:
    """The record of an event pydantic validated, after SMM003 and the cross-field rules a
    JSON Schema of one event cannot express.

    None when the event must not be checked further (a duplicate id). ``column``: where the
    event stands in its file, when it does not start its line (a record of an export).
    """
    event = LogEvent.of(valid, number)
    if column is not None:
        event["$col"] = column
    first = seen_ids.add(event.id, number)
    if first is not None:
        _report_duplicate(document, event, number, first, column or 1)
        return None
    link = REQUIRED_LINK.get(event.kind)
    if link is not None and not event.get(link):
        _report_missing_link(document, event, number, raw, link, column)
    return event


def _report_duplicate(document: Document, event: Record | LogEvent, number: int, first: int | None,
                      column: int = 1) -> None:
    where = f" (first used at line {first})" if first else ""
    document.problems.append(
        FileProblem("SMM003", f"duplicate event id '{event['id']}'{where}", number, column, event["id"]))


def _report_missing_link(document: Document, event: Record | LogEvent, number: int, raw: bytes | str, link: str,
                         column: int | None = None) -> None:
    """``column``: where the event is (an imported record); else the column of its ``kind``."""
    if column is None:
        text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
        column = _LineLocator(text).column_of("kind")
    document.problems.append(
        FileProblem("SMM002", f"a '{event['kind']}' event needs '{link}': the id it acts on",
                    number, column, event["id"])
    )


def _line_problems(number: int, raw: bytes, error: ValidationError) -> Iterator[FileProblem]:
    try:
        # Without its line end: a JSON mistake at the end of the line is placed there, not at
        # column 1 of a next line.
        text = raw.decode("utf-8").rstrip("\r\n")
    except UnicodeDecodeError as decode_error:
        yield FileProblem("SMM004", "line is not valid UTF-8; save the log as UTF-8", number, decode_error.start + 1)
        return
    try:
        data = _READ_LINE(text)
    except json.JSONDecodeError as json_error:
        yield FileProblem("SMM001", f"JSON syntax error: {json_error.msg}", number, json_error.colno)
        return
    except RecursionError:
        yield FileProblem("SMM001", "JSON nested too deeply", number, 1)
        return
    if not isinstance(data, dict):
        yield FileProblem("SMM002", "each line must be a JSON object (one event)", number, 1)
        return
    identity = data.get("id", "")
    identity = identity if isinstance(identity, str) else ""
    yield from _repeated_keys(number, raw, data, identity)
    locator = _LineLocator(text)
    items = error.errors(include_url=False)
    if any(item["type"] == "json_invalid" for item in items):
        # JSON that Python reads and pydantic's parser refuses (a number of 5,000 digits):
        # what is wrong with its values, as pydantic sees them once read.
        try:
            EVENT.validate_python(data)
        except ValidationError as again:
            items = again.errors(include_url=False)
    for item in items:
        loc = item["loc"]
        name = str(loc[0]) if loc else ""
        column = 1 if item["type"] == "missing" else locator.column_of(name)
        message = describe_error(item, model=Event)
        if item["type"] == "json_invalid":  # "... at line 1 column 96": placed there
            place = _JSON_PLACE.search(message)
            if place is not None:
                message, column = message[:place.start()], int(place.group(1))
        yield FileProblem("SMM002", message, number, column, identity)


def _read_number(digits: str) -> Any:
    """An integer of the line; one beyond Python's conversion limit (4,300 digits) as a Decimal,
    which needs none: it is only checked (and refused) as a value, never used."""
    return int(digits) if len(digits) <= 4000 else Decimal(digits)


_READ_LINE = json.JSONDecoder(parse_int=_read_number).decode
# The decoder's C scanner reads one JSON value at an offset: (value, end). Not in the stubs.
_SCAN: Any = json.JSONDecoder(parse_int=_read_number).scan_once  # type: ignore[attr-defined]
_JSON_PLACE = re.compile(r" at line \d+ column (\d+)$")


class _CsvLocator:
    """Positions in a CSV plan: each post's cells, as the CSV reader found them."""

    def __init__(self) -> None:
        self.rows: list[tuple[int, dict[str, tuple[int, int]]]] = []
        self.data: dict[str, list[Any]] = {"posts": []}

    def position(self, pointer: Sequence[str | int], key: bool = False) -> tuple[int, int]:
        if len(pointer) >= 2 and pointer[0] == "posts" and isinstance(pointer[1], int):
            line, cells = self.rows[pointer[1]]
            for depth in range(len(pointer), 2, -1):
                name = ".".join(str(part) for part in pointer[2:depth])
                if name in cells:
                    return cells[name]
            return (line, 1)
        return (1, 1)


def load_csv(path: Path, candidate_kind: Kind | None, explicit: bool,
             column_map: dict[str, str], context: Context, ignore_columns: Iterable[str] = (),
             month_first: bool = False) -> Document | None:
    """A CSV plan (rows read at once: plans are small) or log (rows streamed). Columns headed
    as in ``ignore_columns`` (the config's csv.ignore_columns) are the team's own: skipped;
    ``month_first``: slashed dates are month/day/year (csv.dates)."""
    from .csvsource import (
        STRAY_QUOTE_MESSAGE,
        CsvError,
        closest_header,
        header_key,
        in_cyrillic,
        known_headers,
        open_table,
    )

    if candidate_kind == "policy":
        document = Document(path, "policy")
        document.problems.append(FileProblem("SMM004", "a policy is YAML or JSON, not CSV"))
        return document
    try:
        table = open_table(path, kind=candidate_kind, column_map=column_map, month_first=month_first)
    except CsvError as error:
        if not explicit and candidate_kind is None and error.not_a_table:
            return None
        document = Document(path, candidate_kind or "plan")
        document.problems.append(FileProblem(error.code, error.message, error.line, error.column))
        return document
    document = Document(path, table.kind)
    if table.header_stray_quote is not None:
        document.problems.append(FileProblem("SMM001", STRAY_QUOTE_MESSAGE, *table.header_stray_quote))
    skipped = {header_key(header) for header in ignore_columns}
    for header, line, column in table.unknown_columns:
        if header_key(header) in skipped:
            continue
        meant = closest_header(table.kind, header)
        if meant is not None:
            document.problems.append(FileProblem("SMM002", f"unknown column '{header}' (did you mean '{meant}'?)",
                                                 line, column))
            continue
        known = ", ".join(known_headers(table.kind, in_cyrillic(header)))
        document.problems.append(FileProblem(
            "SMM002", f"unknown column '{header}': map it to a field in the config's csv.columns, or list it in"
            f" csv.ignore_columns to skip it (known: {known})", line, column))
    for header, line, column in table.duplicate_columns:
        document.problems.append(FileProblem("SMM002", f"column '{header}' repeats an earlier column", line, column))
    missing = _missing_columns(table.kind, table.fields)
    if missing:
        # Every row would say the same: say it once, at the header, and leave the rows for then.
        table.close()
        document.problems.extend(FileProblem("SMM002", message, table.header_line, 1) for message in missing)
        return document
    if table.kind == "plan":
        with table:
            document.records = list(_csv_plan_records(document, table.rows, context))
        _in_sheet_terms(document, table)
        # What rows would say alike (a plan with no time column): once, at the header.
        for note in table.header_notes:
            document.problems = [problem for problem in document.problems if problem.message != note.row_note]
            document.problems.append(FileProblem("SMM002", note.message, note.line, note.column))
    else:
        document.records = _csv_log_records(document, table, context)
    return document


# What a CSV's columns must give for any row to be a post or an event: the field, the fields
# whose columns give it, how people head such a column, and what it holds. (A log without `id`
# or `kind` columns is a monitoring export: each row is a mention, known by its row; a plan row
# without an id is known by its row too.)
_REQUIRED_COLUMNS: dict[str, tuple[tuple[str, tuple[str, ...], str, str], ...]] = {
    "plan": (("at", ("at", "date"), "at / Дата и время, or date / Дата (+ time / Время)", "the date and time"),
             ("platform", ("platform",), "platform / Соцсеть / Площадка", "vk, telegram, instagram, ..."),
             ("format", ("format",), "format / Формат / Тип", "photo, video, text, poll, ...")),
    "log": (("at", ("at", "date"), "at / Дата и время, or date / Дата (+ time / Время)", "the date and time"),),
}


def _missing_columns(kind: Kind, fields: Sequence[str | None]) -> list[str]:
    """A message for each field no column of a ``kind`` CSV gives, though every row needs it."""
    what = "post" if kind == "plan" else "event"
    return [
        f"no column gives '{name}' ({meaning}), which every {what} needs: add one headed {headings},"
        " or map a column to it in the config's csv.columns; rows are checked once there is one"
        for name, columns, headings, meaning in _REQUIRED_COLUMNS.get(kind, ())
        if not set(columns) & set(fields)
    ]


def _csv_plan_records(document: Document, rows: Any, context: Context) -> Iterator[Record]:
    locator = _CsvLocator()
    document.tree = locator
    posts: list[dict[str, Any]] = []
    stable_keys: dict[int, str] = {}
    notes: dict[int, dict[str, str]] = {}  # by post: what is wrong with a date or time cell
    for row in _readable_rows(document, rows):
        values = dict(row.values)
        if "id" not in values:
            values["id"] = f"row-{row.line}"
            # Fingerprints must not change when rows are inserted above: key a row without an
            # id by what it says, not by where it stands.
            content = "\0".join(str(values.get(name, "")) for name in ("at", "platform", "format", "text"))
            stable_keys[len(posts)] = "row:" + hashlib.sha256(content.encode()).hexdigest()[:16]
        locator.rows.append((row.line, row.positions))
        locator.data["posts"].append(values)
        posts.append(values)
        for line, column in row.extra_cells:
            document.problems.append(FileProblem(
                "SMM002", "a cell beyond the last column (a separator inside an unquoted cell?)", line, column))
        _report_stray_quote(document, row)
        if row.notes:
            notes[len(posts) - 1] = row.notes
    for record in _plan_records(document, locator, posts, context):
        key = stable_keys.get(record["$ptr"][1])
        if key:
            record["$key"] = key
        yield record
    # A date or time the schema check names by its field is explained as the sheet has it.
    for index, problem in enumerate(document.problems):
        pointer = problem.key.split("/") if problem.code == "SMM002" and problem.key.startswith("/posts/") else ()
        if len(pointer) == 4 and pointer[2].isdigit() and pointer[3] in notes.get(int(pointer[2]), {}):
            document.problems[index] = replace(problem, message=notes[int(pointer[2])][pointer[3]])


def _in_sheet_terms(document: Document, table: Any) -> None:
    """Messages about a post's field by its canonical name ("platform: ...") name its column
    as the sheet heads it ("Соцсеть: ...")."""
    for index in range(len(document.problems)):
        problem = document.problems[index]
        field_name = problem.key.rsplit("/", 1)[-1] if problem.key.startswith("/posts/") else ""
        renamed = _named_as_in_sheet(problem.message, field_name, table)
        if renamed is not problem.message:
            document.problems[index] = replace(problem, message=renamed)


def _named_as_in_sheet(message: str, field_name: str, table: Any) -> str:
    from .csvsource import in_cyrillic

    if not field_name or not message.startswith(f"{field_name}: "):
        return message
    header = next((header for header, name in zip(table.headers, table.fields) if name == field_name), None)
    if header is None or header == field_name:
        return message
    told = message[len(field_name) + 2:]
    if in_cyrillic(header):
        told = _ALLOWED_VALUES_RE.sub(partial(_in_russian, field_name), told, count=2)
    return f"{header}: {told}"


# "input should be 'text', 'photo' or 'other'": the values a field takes, as pydantic lists
# them; and the likely one, as problems.py suggests it.
_ALLOWED_VALUES_RE = re.compile(r"input should be ('[^']*'(?:, '[^']*')* or '[^']*')|did you mean '([^']*)'")


def _in_russian(field_name: str, match: re.Match[str]) -> str:
    """The values a field takes, or the one suggested, for a sheet headed in Russian: in its
    words (the English names are read too)."""
    from .csvsource import russian_names

    names = russian_names(field_name)
    if match.group(2) is not None:
        return f"did you mean '{names[match.group(2)]}'" if match.group(2) in names else match.group(0)
    values = re.findall(r"'([^']*)'", match.group(1))
    if not names or any(value not in names for value in values):
        return match.group(0)
    return f"write one of {', '.join(names[value] for value in values)} (or their English names)"


def _readable_rows(document: Document, rows: Iterable[Any]) -> Iterator[Any]:
    """The rows of a CSV up to one that cannot be read (bad bytes, a cell over csv's limit, a
    quote that never closes over lines that are not rows), which is a finding of its own."""
    from .csvsource import CsvError

    try:
        yield from rows
    except CsvError as error:
        document.problems.append(FileProblem(error.code, error.stopping, error.line, error.column))


def _report_stray_quote(document: Document, row: Any) -> None:
    if row.stray_quote is not None:
        from .csvsource import STRAY_QUOTE_MESSAGE

        document.problems.append(FileProblem("SMM001", STRAY_QUOTE_MESSAGE, *row.stray_quote))


def _csv_log_records(document: Document, table: Any, context: Context) -> Iterator[LogEvent]:
    # A mention-monitoring export (date, author, text, url, sentiment) has no id or kind
    # columns: each row is a mention, known by its row.
    monitoring_export = not {"id", "kind"} <= set(table.fields)
    with table:
        for row in _readable_rows(document, table.rows):
            _report_stray_quote(document, row)
            values = row.values
            if monitoring_export:
                values = {"id": f"row-{row.line}", "kind": "mention", **values}
            at = values.get("at")
            unreadable_at = None
            if isinstance(at, str):
                # Monitoring exports give local times without an offset: the account's zone.
                try:
                    moment = parse_local_datetime(at)
                except ValueError as error:
                    moment, unreadable_at = None, str(error)
                if moment is not None and moment.tzinfo is None:
                    values = {**values, "at": moment.replace(tzinfo=context.tz).isoformat()}
            try:
                event = EVENT.validate_python(values)
            except ValidationError as error:
                for item in error.errors(include_url=False):
                    name = str(item["loc"][0]) if item["loc"] else ""
                    line, column = row.positions.get(name, (row.line, 1))
                    message = row.notes.get(name) or (
                        unreadable_at if name == "at" and unreadable_at else describe_error(item, model=Event))
                    message = _named_as_in_sheet(message, name, table)
                    document.problems.append(
                        FileProblem("SMM002", message, line, column, str(row.values.get("id", ""))))
                continue
            checked = _checked_event(document, cast(Record, event), row.line, "", document.seen_ids)
            if checked is not None:
                yield checked


class _ImportLocator:
    """Positions of imported posts: each post's place in the export it came from."""

    def __init__(self, positions: list[tuple[int, int]], posts: list[Any]) -> None:
        self.positions = positions
        self.data = {"posts": posts}  # what validation errors are placed in

    def position(self, pointer: Sequence[str | int], key: bool = False) -> tuple[int, int]:
        if len(pointer) >= 2 and pointer[0] == "posts" and isinstance(pointer[1], int):
            return self.positions[pointer[1]]
        return (1, 1)


def load_imported(path: Path, produces: str, outputs: Iterable[Any], locate: Callable[[Any], tuple[int, int]],
                  context: Context) -> Document:
    """A document of an importer's records (``produces``: log or plan).

    ``outputs`` are the importer's items and unmapped notes (read lazily for logs); ``locate``
    turns a :class:`~smmlint.importers.base.Where` into a (line, column) of the source file.
    Unmapped records are SMM006 findings, and records the importer produced that still break
    the canonical schema are SMM002, both at their place in the export.
    """
    from .importers.base import Unmapped

    document = Document(path, "plan" if produces == "plan" else "log")
    if produces == "plan":
        positions: list[tuple[int, int]] = []
        posts: list[Any] = []
        for output in outputs:
            if isinstance(output, Unmapped):
                document.problems.append(FileProblem(output.code, output.message, *locate(output.where)))
                continue
            positions.append(locate(output.where))
            posts.append(output.record)
        locator = _ImportLocator(positions, posts)
        document.tree = locator
        document.records = list(_plan_records(document, locator, posts, context))
        return document
    document.records = _imported_events(document, outputs, locate)
    return document


def _imported_events(document: Document, outputs: Iterable[Any],
                     locate: Callable[[Any], tuple[int, int]]) -> Iterator[LogEvent]:
    from .importers.base import Unmapped

    for output in outputs:
        line, column = locate(output.where)
        if isinstance(output, Unmapped):
            document.problems.append(FileProblem(output.code, output.message, line, column))
            continue
        try:
            event = cast(Record, EVENT.validate_python(output.record))
        except ValidationError as error:
            for item in error.errors(include_url=False):
                document.problems.append(FileProblem(
                    "SMM002", describe_imported(item, output.record), line, column,
                    str(output.record.get("id", ""))))
            continue
        checked = _checked_event(document, event, line, "", document.seen_ids, column)
        if checked is not None:
            yield checked
