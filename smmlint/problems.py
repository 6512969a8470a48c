"""Turning validation errors into messages at the offending node's line and column."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin, get_type_hints

from pydantic import BaseModel, ValidationError
from typing_extensions import is_typeddict

from .sourcetree import Located


@dataclass(frozen=True)
class ConfigProblem:
    """A problem in a config or rule file: these stop the run (exit code 2)."""

    path: Path | str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        if not self.line:  # a command-line option (`--select`): no file to point into
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


class ConfigError(Exception):
    """Every problem found in the configuration and rule packs, reported together."""

    def __init__(self, problems: list[ConfigProblem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems


@dataclass(frozen=True)
class Issue:
    """One schema violation: where it is, what is wrong, and the data path it concerns."""

    line: int
    column: int
    message: str
    pointer: tuple[str | int, ...]


def data_pointer(data: Any, loc: tuple[Any, ...]) -> tuple[str | int, ...]:
    """The part of a pydantic ``loc`` that is a path in ``data``.

    Other parts are a missing field (the path stops at its parent) or tags naming a union
    member or a validator, which are not in the data.
    """
    pointer: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and isinstance(part, str) and part in node:
            pointer.append(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            pointer.append(part)
            node = node[part]
    return tuple(pointer)


def issues_from_validation(
    error: ValidationError, tree: Located, base: tuple[str | int, ...] = (), model: Any = None
) -> list[Issue]:
    """Every error of ``error`` (validated data at ``base`` inside ``tree``), each placed.
    ``model``: the type validated, whose field names an unknown key is compared with."""
    data = tree.data
    for part in base:
        data = data[part]
    grouped: dict[tuple[str | int, ...], list[str]] = {}
    keyed: set[tuple[str | int, ...]] = set()
    for item in error.errors(include_url=False):
        loc = tuple(item["loc"])
        pointer = data_pointer(data, loc)
        # Name the field by the data's own path, not by pydantic's union or validator tags.
        named = next((part for part in reversed(pointer) if isinstance(part, str)), None)
        message = describe_error(item, loc, name=named, model=model)
        full = (*base, *pointer)
        if item["type"] == "extra_forbidden" or loc[-1:] == ("[key]",):
            keyed.add(full)  # the key is the mistake: `storys:` in a mapping of formats
        elif item["type"] == "missing" and len(loc) == len(pointer) + 1 and isinstance(loc[-1], str):
            # A field of the mapping itself (no union member's tag): a mistake of its own, not one
            # to choose from, at the path it would have. A tree that knows where it would be
            # written (a CSV row's empty cell under its heading) places it there, and the sheet
            # says it by its column's note; others place it at the nearest part that exists.
            full = (*full, loc[-1])
        messages = grouped.setdefault(full, [])
        if message not in messages:
            messages.append(message)
    issues = []
    for pointer, messages in grouped.items():
        line, column = tree.position(pointer, key=pointer in keyed)
        issues.append(Issue(line, column, " or ".join(messages), pointer))
    return sorted(issues, key=lambda issue: (issue.line, issue.column))


def problems_from_validation(
    error: ValidationError, tree: Located, path: Path | str, model: Any = None
) -> list[ConfigProblem]:
    return [
        ConfigProblem(path, issue.line, issue.column, issue.message)
        for issue in issues_from_validation(error, tree, model=model)
    ]


@cache
def _known_field_names() -> frozenset[str]:
    from . import models

    names: set[str] = set()
    for value in vars(models).values():
        if isinstance(value, type) and issubclass(value, BaseModel) and value is not BaseModel:
            names.update(value.model_fields)
    names.update(models.Event.__annotations__)
    return frozenset(names)


def _members(annotation: Any) -> list[Any]:
    """The types an annotation admits: Optional, unions and Annotated unwrapped."""
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    if get_origin(annotation) in (Union, UnionType):
        return [member for arg in get_args(annotation) for member in _members(arg)]
    return [annotation]


def _own_fields(kind: Any) -> dict[str, Any]:
    """A model's (or TypedDict's) fields and their annotations; {} for other types."""
    if isinstance(kind, type) and issubclass(kind, BaseModel):
        return {name: info.annotation for name, info in kind.model_fields.items()}
    if is_typeddict(kind):
        return get_type_hints(kind)
    return {}


def _fields_at(model: Any, loc: tuple[Any, ...]) -> set[str]:
    """The field names of the mapping(s) at ``loc`` (a pydantic location) inside ``model``.

    Parts that name no field (a union member's or a validator's tag) are stepped over; an
    empty set when the place cannot be told."""
    kinds = _members(model)
    for part in loc:
        following = []
        for kind in kinds:
            fields = _own_fields(kind)
            args = get_args(kind)
            if isinstance(part, str) and part in fields:
                following += _members(fields[part])
            elif isinstance(part, int) and get_origin(kind) in (list, tuple, Sequence) and args:
                following += _members(args[0])
            elif isinstance(part, str) and get_origin(kind) in (dict, Mapping) and len(args) == 2:
                following += _members(args[1])
        # A tag (`function-after[...]`, a union member's name) is not in the data: stay put.
        if following:
            kinds = following
        elif not isinstance(part, str) or any(part in _own_fields(kind) for kind in kinds):
            return set()
    return {name for kind in kinds for name in _own_fields(kind)}


def _did_you_mean(name: str, model: Any = None, parent: tuple[Any, ...] = ()) -> str:
    """A close field name of the same place (``model`` at ``parent``), or of any model when the
    place is not known. Never the name itself: `contest` is a plan's, `contests` a policy's."""
    known = (_fields_at(model, parent) if model is not None else set()) or _known_field_names()
    close = difflib.get_close_matches(name, [field for field in known if field != name], n=1, cutoff=0.75)
    return f" (did you mean '{close[0]}'?)" if close else ""


def describe_error(item: Any, loc: tuple[Any, ...] | None = None, name: str | None = None,
                   model: Any = None) -> str:
    """A pydantic error as a user reads it: ``field: what is wrong``. ``model``: the type
    validated, whose fields an unknown key is compared with (else those of every model)."""
    loc = tuple(item["loc"]) if loc is None else loc
    kind = item["type"]
    if name is None:
        name = next((part for part in reversed(loc) if isinstance(part, str)), None)
    if kind == "extra_forbidden":
        return f"unknown field '{loc[-1]}'" + _did_you_mean(str(loc[-1]), model, loc[:-1])
    if kind == "missing":
        return f"missing required field '{loc[-1]}'"
    message: str = item["msg"]
    if kind in ("model_type", "dict_type") and "RuleSetting" in message:
        message = "Input should be a severity (error, warning, info, off) or a mapping with severity and options"
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    # pydantic's words for a model: "a valid dictionary or instance of Post".
    message = _MODEL_INSTANCE.sub("", message).replace("a valid dictionary", "a mapping (key: value lines)")
    if kind in ("literal_error", "enum") and isinstance(item.get("input"), str):
        from .csvsource import any_publication, canonical_value

        # pydantic lists the accepted values as "'a', 'b' or 'c'".
        accepted = _QUOTED.findall(str((item.get("ctx") or {}).get("expected", "")))
        written = item["input"]
        # A network or format in Russian or another spelling ("ВК", "фото"), as a value or a key.
        spelt = [canonical_value(field, written) for field in ("platform", "format")]
        meant = next((value for value in spelt if value in accepted), None)
        close = [meant] if meant else [] if any_publication(written) else difflib.get_close_matches(
            written.strip().lower(), accepted, n=1, cutoff=0.6)
        if not close:  # a misspelt name of a network or format ("Вконтакт", "vkontakt", "видос")
            close = [value for field in ("platform", "format")
                     if (value := canonical_value(field, written, close=True)) in accepted][:1]
        if written.strip():
            message += f", not '{written.strip()}'"
        if close:
            message += f" (did you mean '{close[0]}'?)"
    written = item.get("input")
    if kind in _DATE_PARSING and isinstance(written, str):
        # pydantic's "invalid character in year" for 10.01.2027: say what to write instead.
        from .csvsource import normalise_timestamp

        # The same moment as it should be written, when the text says one (01.12.2026 10:00).
        rewritten = normalise_timestamp(written)
        if rewritten != written.strip() and rewritten[:4].isdigit():  # else pydantic's reason stands
            if kind.startswith("datetime"):
                moment = rewritten.replace(" ", "T")
                example = moment + ("+03:00" if moment.count(":") == 2 else ":00+03:00") if "T" in moment else moment
                message = f"'{written}' is not a date and time with its offset: write e.g. {example}"
            else:
                message = f"'{written}' is not a date: write {rewritten[:10]}"
    elif kind == "string_type" and isinstance(written, (int, float)):
        message += f" (write it in quotes: '{written}')"
    if kind == "less_than_equal" and (item.get("ctx") or {}).get("le") == 1 and isinstance(item.get("input"), (int, float)):
        message += f" (a share is a fraction: write {item['input']:g}% as {item['input'] / 100:g})"
    if name and kind not in ("value_error",):
        return f"{name}: {message[0].lower()}{message[1:]}"
    return message[:1].lower() + message[1:]


_QUOTED = re.compile(r"'([^']*)'")
_DATE_PARSING = frozenset({"datetime_parsing", "datetime_from_date_parsing", "date_parsing", "date_from_datetime_parsing"})
_MODEL_INSTANCE = re.compile(r" or instance of \w+")
_DATE_ONLY = re.compile(r"\s*(\d{1,4}[./-]\d{1,2}[./-]\d{1,4})\s*\Z")


def describe_imported(item: Any, record: Mapping[str, Any]) -> str:
    """A schema problem of a record an importer made from an export, in the export's terms:
    the time cell is named as written, the rest as the canonical field."""
    loc = item.get("loc") or ()
    if loc and loc[0] == "at" and isinstance(record.get("at"), str):
        written = record["at"]
        if _DATE_ONLY.match(written):
            return f"'{written.strip()}' has a date but no time of day: write it as '{written.strip()} 10:00'"
        return (f"'{written}' is not a date and time smmlint can read (write e.g. 01.12.2026 10:00"
                " or 2026-12-01T10:00:00+03:00)")
    if item.get("type") == "missing" and loc:
        field = str(loc[0])
        what = _MISSING_WORDS.get(field, f"'{field}'")
        return f"this record has no {what}: it cannot be checked without it"
    return f"imported record: {describe_error(item)}"


_MISSING_WORDS = {"at": "date and time", "format": "format (photo, video, text, ...)", "platform": "network",
                  "id": "id", "kind": "kind of event"}
