"""Baselines: record today's findings once, then report only new ones.

Entries are keyed by each finding's fingerprint (rule, path, post/event id or document
path — never the line), so edits that move lines keep old findings recognised. A fingerprint
may stand for several findings (two schema errors in one post): entries are counted.

Paths are written as seen from the baseline's own folder (version 2), so the baseline works
from any folder a check runs in (the repository's root, one client's folder, a CI job). A
version 1 baseline held paths as seen from the folder it was written in: it is still read, and
then matches only checks run from that folder, as it always did.
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import __version__
from .findings import Finding, Report
from .problems import ConfigError, ConfigProblem
from .writes import write_atomically

FORMAT_VERSION = 2
_READ_VERSIONS = (1, 2)


@dataclass(frozen=True)
class Entry:
    fingerprint: str
    rule: str
    path: str
    message: str


@dataclass(frozen=True)
class Baseline:
    entries: list[Entry]
    folder: Path | None  # the folder its paths are relative to; None: the current one (version 1)

    def shown(self, entry: Entry) -> str:
        """An entry's path as reports show paths: from the current folder."""
        if self.folder is None:
            return entry.path
        try:
            return Path(os.path.relpath(os.path.join(os.path.realpath(self.folder), entry.path))).as_posix()
        except ValueError:  # another drive (Windows)
            return entry.path


def rebased(path: str, folder: Path | None) -> str:
    """A finding's path (as shown, relative to the current folder) as seen from ``folder``.
    Both are resolved, as reports resolve the files they name: a baseline reached through a
    symlinked folder (a CI workspace, macOS's /tmp) matches as it does through the real one."""
    if folder is None:
        return path
    try:
        return Path(os.path.relpath(os.path.realpath(path), os.path.realpath(folder))).as_posix()
    except ValueError:  # another drive (Windows): no relative path exists
        return Path(os.path.realpath(path)).as_posix()


def _rebaser(folder: Path | None) -> Callable[[str], str]:
    """``rebased`` for one folder, once per path: a log's thousands of findings name one file,
    and resolving a path reads the file system."""
    done: dict[str, str] = {}

    def rebase(path: str) -> str:
        found = done.get(path)
        if found is None:
            found = done[path] = rebased(path, folder)
        return found

    return rebase


def render_baseline(report: Report, folder: Path, kept: Sequence[Entry] = ()) -> str:
    """The baseline of ``report`` to be written into ``folder``, with the ``kept`` entries of
    an earlier one."""
    entries = [{"fingerprint": entry.fingerprint, "rule": entry.rule, "path": entry.path, "message": entry.message}
               for entry in kept]
    rebase = _rebaser(folder)
    for finding in report.findings:
        path = rebase(finding.path)
        entries.append({"fingerprint": finding.fingerprint(path), "rule": finding.rule, "path": path,
                        "message": finding.message})
    entries.sort(key=lambda entry: (entry["path"], entry["rule"], entry["fingerprint"]))
    document = {"smmlint_baseline": FORMAT_VERSION, "generated_by": f"smmlint {__version__}", "findings": entries}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def write_baseline(path: Path, report: Report) -> int:
    """Record ``report`` in the baseline ``path``. The entries of files this run did not check
    are kept from the baseline already there (version 2): a run on one client's folder, or on
    the files pre-commit names, updates their entries and leaves the others'. Returns how many
    entries were kept so."""
    kept: list[Entry] = []
    if path.is_file():
        try:
            earlier = read_baseline(path)
        except ConfigError:  # not a baseline (yet): written whole
            earlier = Baseline([], None)
        if earlier.folder is not None:
            checked = {rebased(shown, path.parent) for shown in report.files}
            kept = [entry for entry in earlier.entries if entry.path not in checked]
    write_atomically(path, render_baseline(report, path.parent, kept))
    return len(kept)


def read_baseline(path: Path) -> Baseline:
    """The entries of a baseline file; ConfigError (exit 2) with a position when it is broken."""
    try:
        document: Any = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigError([ConfigProblem(path, 1, 1, f"cannot read the baseline: {error.strerror}")]) from None
    except UnicodeDecodeError:
        raise ConfigError([ConfigProblem(path, 1, 1, "the baseline is not UTF-8 text")]) from None
    except json.JSONDecodeError as error:
        raise ConfigError([ConfigProblem(path, error.lineno, error.colno, f"not a baseline: {error.msg}")]) from None
    except RecursionError:
        raise ConfigError([ConfigProblem(path, 1, 1, "not a baseline: JSON nested too deeply to read")]) from None
    except ValueError:  # an integer of more digits than Python converts: no baseline holds one
        raise ConfigError([ConfigProblem(
            path, 1, 1, f"not a baseline: a number of more than {sys.get_int_max_str_digits()} digits")]) from None
    version = document.get("smmlint_baseline") if isinstance(document, dict) else None
    if type(version) is not int or version not in _READ_VERSIONS:  # not true, not 2.0
        raise ConfigError([ConfigProblem(
            path, 1, 1, f"not an smmlint baseline (version {FORMAT_VERSION}): write one with --write-baseline")])
    items = document.get("findings", [])
    if not isinstance(items, list):
        raise ConfigError([ConfigProblem(path, 1, 1, "not an smmlint baseline: 'findings' must be a list")])
    entries = []
    for index, item in enumerate(items):
        try:
            entries.append(Entry(str(item["fingerprint"]), str(item["rule"]), str(item["path"]), str(item.get("message", ""))))
        except (KeyError, TypeError, AttributeError):
            raise ConfigError([ConfigProblem(path, 1, 1, f"baseline entry {index} lacks fingerprint, rule or path")]) from None
    return Baseline(entries, path.parent if version >= 2 else None)


def apply_baseline(report: Report, baseline: Baseline) -> list[Entry]:
    """Drop the report's findings the baseline knows; return the entries no finding matched
    among the files the run checked (pre-commit checks the changed files only: the others'
    entries are not gone)."""
    entries = baseline.entries
    remaining = Counter(entry.fingerprint for entry in entries)
    kept: list[Finding] = []
    merged: set[str] = set()  # see below
    rebase = _rebaser(baseline.folder)
    for finding in report.findings:
        path = rebase(finding.path)
        fingerprint = finding.fingerprint(path)
        if remaining[fingerprint] <= 0 and baseline.folder is None and finding.rule == "SMM002" and "/" in finding.key:
            # Written by a version that reported a post's missing fields in one finding, about
            # the post: that entry stands for each of them.
            fingerprint = finding.fingerprint(path, finding.key.rsplit("/", 1)[0])
            if fingerprint in merged:
                continue
            if remaining[fingerprint] > 0:
                merged.add(fingerprint)
        if remaining[fingerprint] > 0:
            remaining[fingerprint] -= 1
        else:
            kept.append(finding)
    report.findings = kept
    checked = {rebase(path) for path in report.files}
    fixed = []
    for entry in entries:
        if remaining[entry.fingerprint] > 0:
            remaining[entry.fingerprint] -= 1
            if entry.path in checked:
                fixed.append(entry)
    return fixed
