"""SARIF 2.1.0 for GitHub code scanning and other SARIF viewers: one run, rules, results."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator, Sequence
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from ..findings import Finding, InternalError, Report, Severity
from ..rulepacks import LoadedRule
from .text import RenderOptions

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/smmlint/smmlint"
FINGERPRINT_KEY = "smmlintFingerprint/v1"
SRCROOT = "%SRCROOT%"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_TAG = "smm"
_FENCE_LANGUAGES = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".csv": "csv"}
_DEFAULT_FILE = {"plan": "plan.yaml", "policy": "policy.yaml", "log": "log.jsonl", "file": "plan.yaml"}
_PLACEHOLDER = "\u0001smmlint-results\u0001"  # a control character never written unescaped
_RESULTS_INDENT = " " * 8  # the results array sits in runs[0]: document, runs, run, results


def artifact_uri(path: str) -> str:
    """A finding's path as a relative URI reference: no leading ``./`` or ``/``, percent-encoded.

    ``quote`` leaves ASCII letters, digits, ``_.-~`` and ``/``; spaces, ``#``, ``?``, ``%``,
    ``:`` (which would read as a scheme) and every non-ASCII character are UTF-8 percent-encoded,
    which is what GitHub code scanning expects for such file names.
    """
    cleaned = path.replace("\\", "/")
    while cleaned.startswith("./"):
        cleaned = cleaned[2:]
    return quote(cleaned.lstrip("/"), safe="/")


def _fence(text: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _help(loaded: LoadedRule) -> tuple[str, str]:
    """The rule's help as plain text and as Markdown: rationale, the seed's words, an example."""
    rule = loaded.rule
    text = [_one_line(rule.rationale)]
    markdown = [_one_line(rule.rationale)]  # written in Markdown already (`code` spans)
    if rule.seed:
        seed = _one_line(rule.seed)
        text += ["", f"The seed article says: «{seed}»"]
        markdown += ["", "The seed article says:", "", f"> {_markdown_inline(seed)}"]
    examples = [("Flagged", example) for example in rule.examples.bad[:1]]
    examples += [("Fine", example) for example in rule.examples.good[:1]]
    for verdict, example in examples:
        body = example.text.rstrip("\n")
        file = example.file or _DEFAULT_FILE[rule.target]
        language = _FENCE_LANGUAGES.get(PurePosixPath(file).suffix.lower(), "text")
        fence = _fence(body)
        text += ["", f"{verdict}: {example.title}", *("    " + line for line in body.splitlines())]
        markdown += ["", f"**{verdict}:** {_markdown_inline(example.title)}", "",
                     f"{fence}{language}", body, fence]
    off = f"rules: {{{rule.id}: off}}"
    text += ["", f"Turn it off or tune it in .smmlint.yaml: {off}"]
    markdown += ["", f"Turn it off or tune it in `.smmlint.yaml`: `{off}`"]
    return "\n".join(text), "\n".join(markdown)


def _markdown_inline(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>|~&#])", r"\\\1", _one_line(text))


def rule_descriptor(loaded: LoadedRule) -> dict[str, Any]:
    rule = loaded.rule
    help_text, help_markdown = _help(loaded)
    return {
        "id": loaded.id,
        "name": loaded.name,
        "shortDescription": {"text": _one_line(rule.summary)},
        "fullDescription": {"text": _one_line(rule.rationale)},
        "help": {"text": help_text, "markdown": help_markdown},
        "defaultConfiguration": {"level": LEVELS[loaded.severity]},
        "properties": {"tags": [_TAG, f"mistake-{rule.mistake}", rule.target]},
    }


def _unknown_descriptor(finding: Finding) -> dict[str, Any]:
    """A rule the run did not describe (a report built by hand): the finding's own words."""
    return {
        "id": finding.rule,
        "name": finding.name,
        "shortDescription": {"text": finding.name},
        "defaultConfiguration": {"level": LEVELS[finding.severity]},
        "properties": {"tags": [_TAG]},
    }


def _descriptors(report: Report, rules: Sequence[LoadedRule]) -> list[dict[str, Any]]:
    """options.rules if given, else the report's rules that have findings; then any stragglers."""
    if rules:
        chosen = list(rules)
    else:
        seen = {finding.rule for finding in report.findings}
        chosen = [loaded for loaded in report.rules if loaded.id in seen]
    descriptors: list[dict[str, Any]] = []
    known: set[str] = set()
    for loaded in chosen:
        if loaded.id not in known:
            known.add(loaded.id)
            descriptors.append(rule_descriptor(loaded))
    for finding in report.findings:
        if finding.rule not in known:  # every result's ruleIndex must point at a descriptor
            known.add(finding.rule)
            descriptors.append(_unknown_descriptor(finding))
    return descriptors


def _location(path: str) -> dict[str, Any]:
    if path == ".." or path.startswith("../"):
        # Outside the folder smmlint ran in (`smmlint check ../logs`): relative to %SRCROOT% it
        # would climb out of the repository, so it is named by its absolute file URI.
        return {"artifactLocation": {"uri": Path(os.path.abspath(path)).as_uri()}}
    return {"artifactLocation": {"uri": artifact_uri(path), "uriBaseId": SRCROOT}}


def result(finding: Finding, rule_index: int) -> dict[str, Any]:
    physical = _location(finding.path)
    physical["region"] = {"startLine": max(1, finding.line), "startColumn": max(1, finding.column)}
    return {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": physical}],
        "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint()},
    }


def _invocation(report: Report) -> dict[str, Any]:
    invocation: dict[str, Any] = {"executionSuccessful": not report.internal_errors}
    if report.internal_errors:
        invocation["toolExecutionNotifications"] = [_notification(error) for error in report.internal_errors]
    return invocation


def _notification(error: InternalError) -> dict[str, Any]:
    """An internal error in a rule, or (no rule) while reading a file."""
    where = f"in rule {error.rule}" if error.rule else "while reading the file"
    notification: dict[str, Any] = {
        "level": "error",
        "message": {"text": f"internal error {where}: {error.message}"},
        "locations": [{"physicalLocation": _location(error.path)}],
    }
    if error.rule:
        notification["associatedRule"] = {"id": error.rule}
    return notification


def render(report: Report, options: RenderOptions) -> Iterator[str]:
    descriptors = _descriptors(report, options.rules)
    index = {descriptor["id"]: position for position, descriptor in enumerate(descriptors)}
    driver: dict[str, Any] = {"name": "smmlint"}
    if options.version:
        driver["version"] = options.version
    driver["informationUri"] = INFORMATION_URI
    driver["rules"] = descriptors
    run: dict[str, Any] = {
        "tool": {"driver": driver},
        "invocations": [_invocation(report)],
        "originalUriBaseIds": {
            # The folder smmlint ran in; its absolute location is not part of a portable report.
            SRCROOT: {"description": {"text": "The folder smmlint ran in (normally the repository root)."}},
        },
        "columnKind": "unicodeCodePoints",
        "results": _PLACEHOLDER,  # replaced by the streamed results below
    }
    document = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    head, mark, tail = json.dumps(document, ensure_ascii=False, indent=2).rpartition(
        '"results": ' + json.dumps(_PLACEHOLDER)
    )
    assert mark, "the results placeholder must be in the document"
    # Results are written one by one: the same text as json.dumps of the whole document.
    yield head + '"results": ['
    for position, finding in enumerate(report.findings):
        body = json.dumps(result(finding, index[finding.rule]), ensure_ascii=False, indent=2)
        yield ("," if position else "") + "\n" + _RESULTS_INDENT + body.replace("\n", "\n" + _RESULTS_INDENT)
    yield ("\n" + _RESULTS_INDENT[:-2] + "]" if report.findings else "]") + tail + "\n"
