"""Inline suppressions: `# smmlint: disable...` comments and a post's `suppress` field.

Comments in YAML plans and policies::

    - id: dec24-late  # smmlint: disable-line SMM104 -- Christmas Eve, agreed with the client
    # smmlint: disable-next-line posts-too-close -- two parts of one announcement
    # smmlint: disable SMM103 ... # smmlint: enable SMM103
    # smmlint: disable-file SMM701 -- this network has no stories

Rules are named by id, prefix (SMM1, as `select` takes them) or name, separated by spaces or
commas; none means every rule. What
follows `--` (or `—`, `–`) is the reason. A post's `suppress` field (a CSV plan's `suppress` column) holds
rule ids or names silenced for that post. A suppression that silences nothing is itself
reported (SMM005), so stale ones get cleaned up. Of plans read as one (join_plans), a
`disable-file` also silences a finding about a whole month that counts the file's posts, though
it is reported in another file of the group.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from .findings import Finding

UNUSED_RULE = "SMM005"
_DIRECTIVE = re.compile(
    r"(?:^|\s)#\s*smmlint:\s*(?P<action>disable-next-line|disable-line|disable-file|disable|enable)\b"
    # The reason follows `--`, or the dash an editor or a Russian keyboard makes of it (— –).
    r"(?P<rules>[^\n]*?)(?:\s(?:--|\u2014|\u2013)\s*(?P<reason>[^\n]*))?\s*$"
)
_LOOKS_LIKE_DIRECTIVE = re.compile(r"(?:^|\s)#\s*smmlint:\s*(?P<word>\S*)")
_RULE_SEPARATORS = re.compile(r"[\s,;]+")
EVERY_LINE = 10**9


@dataclass
class Suppression:
    """What one directive silences: rules (empty: all) on lines ``first``..``last``."""

    line: int
    column: int
    text: str
    rules: tuple[str, ...]
    first: int
    last: int
    key: str | None = None  # a post's own `suppress`: only findings about that post
    used: set[str] = field(default_factory=set)
    # Each rule as written, when that is a prefix naming several (SMM1): reported as one.
    groups: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def whole_file(self) -> bool:
        """A `disable-file`: of files read as one (join_plans), it also silences a finding about a
        whole period that counts this file's posts, wherever that finding is reported."""
        return self.text == "smmlint: disable-file"

    def covers(self, finding: Finding, span: tuple[int, int] | None = None) -> bool:
        """Whether this silences ``finding``; ``span`` is the lines of the post it is about.

        A line directive on any line of a post covers that post's findings, wherever the
        rule points (the post's first line, its `at`, its `contest`).
        """
        if self.key is not None:
            if finding.key != self.key:
                return False
        elif not self.first <= finding.line <= self.last:
            one_line = self.first == self.last
            if not (one_line and span is not None and span[0] <= self.first <= span[1]):
                return False
        return not self.rules or finding.rule in self.rules


@dataclass(frozen=True)
class Mistake:
    """A directive that cannot be used: an unknown rule, an unmatched enable, a typo."""

    line: int
    column: int
    message: str


def split_rules(text: str) -> list[str]:
    return [part for part in _RULE_SEPARATORS.split(text.strip()) if part]


def _unknown(written: str) -> str:
    return f"unknown rule '{written}'"


def parse_comments(
    text: str, resolve: Callable[[str], tuple[str, ...]],
    in_text: Callable[[int, int], bool] = lambda line, column: False, unknown: Callable[[str], str] = _unknown,
) -> tuple[list[Suppression], list[Mistake]]:
    """The suppressions written as comments in a YAML document.

    ``resolve`` turns an id, a prefix (SMM1) or a name into rule ids (none when there is no
    such rule), and ``unknown`` says what is wrong with one that names none; ``in_text(line,
    column)`` tells a `#` inside a quoted or block text (not a comment).
    """
    suppressions: list[Suppression] = []
    mistakes: list[Mistake] = []
    open_ranges: dict[str, Suppression] = {}
    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        if "smmlint:" not in line:
            continue
        match = _DIRECTIVE.search(line)
        while match is not None and in_text(number, line.index("#", match.start()) + 1):
            # A post's text that quotes a directive; a real one may follow on the line.
            match = _DIRECTIVE.search(line, line.index("#", match.start()) + 1)
        if match is None:
            loose = _LOOKS_LIKE_DIRECTIVE.search(line)
            if loose is not None and not in_text(number, line.index("#", loose.start()) + 1):
                mistakes.append(Mistake(number, line.index("#", loose.start()) + 1,
                                        f"unknown smmlint directive '{loose.group('word')}': use disable-line,"
                                        " disable-next-line, disable, enable or disable-file"))
            continue
        column = line.index("#", match.start()) + 1
        action = match.group("action")
        named, unknowns = resolve_rules(split_rules(match.group("rules")), resolve, unknown)
        mistakes += [Mistake(number, column, f"{message} in a suppression") for message in unknowns]
        rules = [rule for _, ids in named for rule in ids]
        groups = tuple(entry for entry in named if len(entry[1]) > 1)
        if split_rules(match.group("rules")) and not rules:
            continue
        directive = f"smmlint: {action}"
        if action == "enable":
            # Each rule as written (a prefix: its rules) ends its own ranges; none: every range.
            for ids in [ids for _, ids in named] if named else [tuple(open_ranges)]:
                ended = [open_ranges.pop(rule) for rule in ids if rule in open_ranges]
                for started in ended:
                    started.last = number
                if not ended:
                    mistakes.append(Mistake(number, column, f"'{directive}' without a matching disable"))
            continue
        first, last = {
            "disable-line": (number, number),
            "disable-next-line": (number + 1, number + 1),
            "disable": (number, EVERY_LINE),
            "disable-file": (1, EVERY_LINE),
        }[action]
        if action != "disable":
            suppressions.append(Suppression(number, column, directive, tuple(rules), first, last, groups=groups))
            continue
        # Each rule of a range ends at its own `enable`: a prefix's rules are ranges of their
        # own that share what they silenced (the prefix is stale only when all of them are).
        for written, ids in named or [("", ("",))]:
            used: set[str] = set()
            for rule in ids:
                suppression = Suppression(number, column, directive, (rule,) if rule else (), first, last,
                                          used=used, groups=((written, ids),) if len(ids) > 1 else ())
                suppressions.append(suppression)
                open_ranges[rule] = suppression
    return suppressions, mistakes


def resolve_rules(written: Iterable[str], resolve: Callable[[str], tuple[str, ...]], unknown: Callable[[str], str],
                  ) -> tuple[list[tuple[str, tuple[str, ...]]], list[str]]:
    """Each rule as written with the ids it names, and what is wrong with those naming none."""
    named, unknowns = [], []
    for entry in written:
        ids = resolve(entry)
        if ids:
            named.append((entry, ids))
        else:
            unknowns.append(unknown(entry))
    return named, unknowns


def apply(
    findings: Iterable[Finding], suppressions: list[Suppression],
    spans: Mapping[str, tuple[int, int]] | None = None,
) -> list[Finding]:
    """The findings no suppression covers; each suppression records which rules it silenced.

    ``spans`` maps a post's key to its first and last line.
    """
    kept = []
    spans = spans or {}
    for finding in findings:
        span = spans.get(finding.key)
        covering = [s for s in suppressions if finding.rule != UNUSED_RULE and s.covers(finding, span)]
        for suppression in covering:
            suppression.used.add(finding.rule)
        if not covering:
            kept.append(finding)
    return kept


def reported_elsewhere(found: Mapping[str, Finding], records: str, comments: bool, rules: tuple[str, ...]) -> str:
    """What a stale suppression's message adds when one of its ``rules`` (none: any) reported
    a finding about this file's ``records`` in another file read with it (``found``, by rule:
    a joined plan's month, at the month's first post): where it is, and how to silence it
    (in this file too when it takes ``comments``: a CSV file does not)."""
    rule = next((rule for rule in rules or found if rule in found), None)
    if rule is None:
        return ""
    finding = found[rule]
    here = f", or in this file with '# smmlint: disable-file {rule}'" if comments else ""
    return f" ({rule} about the {records} of this file too is reported at {finding.path}:{finding.line}: silence it there{here})"


def unused(suppressions: list[Suppression], ran: Callable[[str], bool] = lambda rule: True,
           hint: Callable[[tuple[str, ...]], str] = lambda rules: "") -> list[tuple[Suppression, str]]:
    """Each suppression, or each of its rules, that silenced nothing, with a message.

    A rule that did not run (``ran`` says no: switched off, left out of `select`, `--ignore`d)
    cannot tell whether its suppression is needed: it is not reported. ``hint(rules)`` adds to
    the message of unused ``rules`` (none: every rule)."""
    result = []
    said: set[tuple[int, str]] = set()  # the prefixes of a range, told once (its rules share `used`)
    for suppression in suppressions:
        # The rules as written: a prefix (SMM1) is one entry, used when any of its rules is.
        grouped = {rule for _, ids in suppression.groups for rule in ids}
        groups = [(written, ids) for written, ids in suppression.groups if (id(suppression.used), written) not in said]
        if suppression.groups and not groups:
            continue
        said.update((id(suppression.used), written) for written, _ in groups)
        entries = groups + [(rule, (rule,)) for rule in suppression.rules if rule not in grouped]
        judged = [(written, ids) for written, ids in entries if any(map(ran, ids))]
        if suppression.rules and not judged:
            continue
        if not suppression.used and len(judged) == len(entries):
            named = ", ".join(written for written, _ in entries) or "every rule"
            every = tuple(rule for _, ids in entries for rule in ids)
            result.append((suppression, f"'{suppression.text}' for {named} silences nothing; remove it{hint(every)}"))
        else:
            result += [(suppression, f"'{suppression.text}' for {written} silences nothing; remove {written}{hint(ids)}")
                       for written, ids in judged if suppression.used.isdisjoint(ids)]
    return result
