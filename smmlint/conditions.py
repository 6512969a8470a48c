"""`where` conditions of rule files: validated and compiled once, evaluated per record.

A condition is a mapping; its entries must all hold::

    kind: reply                      # equal
    role: {in: [staff, bot]}         # one of
    text: {matches: "(?i)промокод"}  # RE2 regular expression (linear time, safe on any input)
    parent: {exists: true}
    hour: {gte: 23}
    is_question: true                # a derived field (see fields.DERIVED)
    any: [{...}, {...}]              # at least one holds
    not: {...}

Regular expressions come from rule files users write, so they run on RE2, which cannot
backtrack catastrophically, never on Python's ``re``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from .fields import Context, Record, getter, known_fields

Predicate = Callable[[Record, Context], bool]

OPERATORS = ("eq", "ne", "in", "not_in", "matches", "exists", "gt", "gte", "lt", "lte", "contains")
COMBINATORS = ("all", "any", "not")


class ConditionError(ValueError):
    """A condition that cannot be compiled; ``path`` says where inside it."""

    def __init__(self, message: str, path: Sequence[str | int] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.path = tuple(path)


def always(record: Record, context: Context) -> bool:
    return True


def compile_condition(
    spec: Mapping[str, Any] | None, target: str, path: Sequence[str | int] = ()
) -> Predicate:
    """Compile ``spec`` for records of ``target``; ConditionError names the bad part."""
    if not spec:
        return always
    if not isinstance(spec, Mapping):
        raise ConditionError("a condition must be a mapping of field: test", path)
    fields = known_fields(target)
    parts: list[Predicate] = []
    for name, test in spec.items():
        here = (*path, name)
        if name == "all" or name == "any":
            if not isinstance(test, list) or not test:
                raise ConditionError(f"'{name}' takes a non-empty list of conditions", here)
            subs = [compile_condition(item, target, (*here, i)) for i, item in enumerate(test)]
            parts.append(_all(subs) if name == "all" else _any(subs))
        elif name == "not":
            sub = compile_condition(test, target, here)
            parts.append(lambda r, c, sub=sub: not sub(r, c))
        elif name in fields or ("." in name and name.split(".")[0] in fields):
            parts.append(_field_test(name, test, here))
        else:
            raise ConditionError(
                f"unknown field '{name}' for {target} records; known: {', '.join(fields)}", here
            )
    return parts[0] if len(parts) == 1 else _all(parts)


def _all(parts: list[Predicate]) -> Predicate:
    return lambda r, c: all(part(r, c) for part in parts)


def _any(parts: list[Predicate]) -> Predicate:
    return lambda r, c: any(part(r, c) for part in parts)


def _field_test(name: str, test: Any, path: tuple[str | int, ...]) -> Predicate:
    get = getter(name)
    if not isinstance(test, Mapping):
        expected = test
        return lambda r, c: get(r, c) == expected
    if not test:
        raise ConditionError("an empty test; use e.g. {in: [a, b]} or {exists: true}", path)
    tests: list[Callable[[Any], bool]] = []
    for operator, operand in test.items():
        tests.append(_operator(operator, operand, (*path, operator)))
    if len(tests) == 1:
        only = tests[0]
        return lambda r, c: only(get(r, c))
    return lambda r, c: all(t(get(r, c)) for t in tests)


def _operator(operator: str, operand: Any, path: tuple[str | int, ...]) -> Callable[[Any], bool]:
    if operator == "eq":
        return lambda value: value == operand
    if operator == "ne":
        return lambda value: value != operand
    if operator in ("in", "not_in"):
        if not isinstance(operand, list):
            raise ConditionError(f"'{operator}' takes a list", path)
        members = frozenset(operand)
        if operator == "in":
            return lambda value: value in members
        return lambda value: value not in members
    if operator == "exists":
        if not isinstance(operand, bool):
            raise ConditionError("'exists' takes true or false", path)
        return lambda value: (value is not None and value != "" and value != []) is operand
    if operator == "contains":
        return lambda value: value is not None and operand in value
    if operator in ("gt", "gte", "lt", "lte"):
        if not isinstance(operand, (int, float)) or isinstance(operand, bool):
            raise ConditionError(f"'{operator}' takes a number", path)
        return _comparison(operator, operand)
    if operator == "matches":
        if not isinstance(operand, str):
            raise ConditionError("'matches' takes a regular expression string", path)
        pattern = compile_regex(operand, path)
        return lambda value: value is not None and pattern.search(str(value)) is not None
    raise ConditionError(
        f"unknown test '{operator}'; use one of {', '.join(OPERATORS)}", path
    )


def _comparison(operator: str, operand: float) -> Callable[[Any], bool]:
    if operator == "gt":
        return lambda value: value is not None and value > operand
    if operator == "gte":
        return lambda value: value is not None and value >= operand
    if operator == "lt":
        return lambda value: value is not None and value < operand
    return lambda value: value is not None and value <= operand


def compile_regex(pattern: str, path: Sequence[str | int] = ()) -> Any:
    """Compile a user's pattern with RE2: linear time whatever the pattern or the text."""
    import re2

    try:
        return re2.compile(pattern)
    except re2.error as error:
        reason = error.args[0] if error.args else error
        if isinstance(reason, bytes):
            reason = reason.decode("utf-8", "replace")
        raise ConditionError(f"invalid regular expression {pattern!r}: {reason}", path) from None
