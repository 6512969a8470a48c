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
from functools import cache
from typing import Any

from .fields import DERIVED, Context, Record, getter, known_fields

Predicate = Callable[[Record, Context], bool]

OPERATORS = ("eq", "ne", "in", "not_in", "matches", "exists", "gt", "gte", "lt", "lte", "contains")
COMBINATORS = ("all", "any", "not")


class ConditionError(ValueError):
    """A condition that cannot be compiled; ``path`` says where inside it."""

    def __init__(self, message: str, path: Sequence[str | int] = (), key: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.path = tuple(path)
        self.key = key  # the mistake is the key at ``path`` (an unknown field), not its value


def always(record: Record, context: Context) -> bool:
    return True


def compile_condition(
    spec: Mapping[str, Any] | None, target: str, path: Sequence[str | int] = ()
) -> Predicate:
    """Compile ``spec`` for records of ``target``; ConditionError names the bad part.

    The condition becomes one Python function with every test inlined: a condition runs for
    every event of a million-line log, where nested closures and ``all()`` would cost more
    than the parsing. Only fixed operators are written into the generated source; every value
    from the rule file (field names included) is passed in as a constant, never as code.
    """
    if not spec:
        return always
    compiler = _Compiler(target)
    expression, _cost = compiler.condition(spec, tuple(path))
    source = f"def predicate(r, c):\n    return {expression}\n"
    namespace: dict[str, Any] = dict(compiler.constants)
    exec(compile(source, "<smmlint condition>", "exec"), namespace)  # noqa: S102 - see docstring
    predicate: Predicate = namespace["predicate"]
    return predicate


def fields_read(spec: Mapping[str, Any] | None) -> frozenset[str]:
    """The fields a (valid) condition reads, derived ones included; ``all``/``any``/``not`` opened."""
    found: set[str] = set()
    for name, test in (spec or {}).items():
        if name in ("all", "any"):
            for item in test:
                found |= fields_read(item)
        elif name == "not":
            found |= fields_read(test)
        else:
            found.add(name)
    return frozenset(found)


def _exists(value: Any) -> bool:
    return value is not None and value != "" and value != [] and value != {}


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


class _Compiler:
    """Builds the source of one condition; constants are named K0, K1, ..."""

    def __init__(self, target: str) -> None:
        self.target = target
        self.fields = known_fields(target)
        self.constants: dict[str, Any] = {"_exists": _exists, "_number": _number}
        self._temporaries = 0
        self.field_name = ""

    def constant(self, value: Any) -> str:
        name = f"K{len(self.constants)}"
        self.constants[name] = value
        return name

    def temporary(self) -> str:
        self._temporaries += 1
        return f"v{self._temporaries}"

    def condition(self, spec: Any, path: tuple[str | int, ...]) -> tuple[str, int]:
        """The expression of a mapping condition and its cost (cheap tests run first)."""
        if not isinstance(spec, Mapping):
            raise ConditionError("a condition must be a mapping of field: test", path)
        if not spec:
            return "True", 0
        parts: list[tuple[int, str]] = []
        for name, test in spec.items():
            here = (*path, name)
            if name in ("all", "any"):
                if not isinstance(test, list) or not test:
                    raise ConditionError(f"'{name}' takes a non-empty list of conditions", here)
                subs = [self.condition(item, (*here, i)) for i, item in enumerate(test)]
                joiner = " and " if name == "all" else " or "
                parts.append((max(cost for _, cost in subs), "(" + joiner.join(e for e, _ in subs) + ")"))
            elif name == "not":
                expression, cost = self.condition(test, here)
                parts.append((cost, f"(not {expression})"))
            elif name in self.fields or ("." in name and name.split(".")[0] in self.fields):
                parts.append(self.field_test(name, test, here))
            else:
                raise ConditionError(
                    f"unknown field '{name}' for {self.target} records; known: {', '.join(self.fields)}",
                    here, key=True,
                )
        parts.sort(key=lambda part: part[0])  # all parts must hold: the order is free
        return "(" + " and ".join(expression for _, expression in parts) + ")", parts[-1][0]

    def field_test(self, name: str, test: Any, path: tuple[str | int, ...]) -> tuple[int, str]:
        if name in DERIVED or "." in name:
            read, cost = f"{self.constant(getter(name))}(r, c)", 2 if name in DERIVED else 1
        else:
            read, cost = f"r.get({self.constant(name)})", 0
        if not isinstance(test, Mapping):
            self.check_values(name, [test], path)
            return cost, f"({read} == {self.constant(test)})"
        if not test:
            raise ConditionError("an empty test; use e.g. {in: [a, b]} or {exists: true}", path)
        value = self.temporary()
        self.field_name = name
        tests = [f"({self.operator(operator, operand, value, (*path, operator))})"
                 for operator, operand in test.items()]
        # The field is read once (a walrus temporary), however many tests it has.
        first, *rest = tests
        first = first.replace(value, f"({value} := {read})", 1)
        return cost, "(" + " and ".join([first, *rest]) + ")"

    def check_values(self, name: str, values: list[Any], path: tuple[str | int, ...]) -> None:
        """A value a field never takes (`weekday: 4`, `platform: vkontakte`) is a mistake: the
        condition could never hold, and nothing would say why."""
        domain = _value_domains(self.target).get(name)
        if domain is None:
            return
        for value in values:
            if value is not None and value not in domain:  # null: an optional field left out
                raise ConditionError(f"'{value}' is never the {name} of a {self.target} record; its values are "
                                     + ", ".join(domain), path)

    def operator(self, operator: str, operand: Any, value: str, path: tuple[str | int, ...]) -> str:
        if operator in ("eq", "ne"):
            self.check_values(self.field_name, [operand], path)
        if operator == "eq":
            return f"{value} == {self.constant(operand)}"
        if operator == "ne":
            return f"{value} != {self.constant(operand)}"
        if operator in ("in", "not_in"):
            if not isinstance(operand, list):
                raise ConditionError(f"'{operator}' takes a list", path)
            try:
                members = frozenset(operand)
            except TypeError:
                raise ConditionError(f"'{operator}' takes a list of plain values", path) from None
            self.check_values(self.field_name, operand, path)
            if self.field_name in _COLLECTION_FIELDS:
                # A list is never one of the members (and cannot be hashed to look it up).
                if operator == "in":
                    return f"not isinstance({value}, (list, dict)) and {value} in {self.constant(members)}"
                return f"isinstance({value}, (list, dict)) or {value} not in {self.constant(members)}"
            return f"{value} {'in' if operator == 'in' else 'not in'} {self.constant(members)}"
        if operator == "exists":
            if not isinstance(operand, bool):
                raise ConditionError("'exists' takes true or false", path)
            return f"_exists({value}) is {operand}"
        if operator == "contains":
            if not isinstance(operand, str):
                raise ConditionError("'contains' takes a text", path)
            return f"isinstance({value}, (str, list, tuple)) and {self.constant(operand)} in {value}"
        if operator in _COMPARISONS:
            if not _number(operand):
                raise ConditionError(f"'{operator}' takes a number", path)
            return f"_number({value}) and {value} {_COMPARISONS[operator]} {self.constant(operand)}"
        if operator == "matches":
            if not isinstance(operand, str):
                raise ConditionError("'matches' takes a regular expression string", path)
            pattern = self.constant(compile_regex(operand, path))
            return f"{value} is not None and {pattern}.search(str({value})) is not None"
        raise ConditionError(f"unknown test '{operator}'; use one of {', '.join(OPERATORS)}", path)


_COMPARISONS = {"gt": ">", "gte": ">=", "lt": "<", "lte": "<="}


@cache
def _value_domains(target: str) -> dict[str, tuple[str, ...]]:
    """The values of fields that take few (a log's platform is free text: not here)."""
    from .fields import WEEKDAYS
    from .models import EVENT_KINDS, ROLES, SENTIMENTS, Platform, PostFormat

    if target == "plan":
        return {"weekday": WEEKDAYS, "platform": tuple(p.value for p in Platform),
                "format": tuple(f.value for f in PostFormat)}
    if target == "log":
        return {"weekday": WEEKDAYS, "kind": EVENT_KINDS, "role": ROLES, "sentiment": SENTIMENTS}
    return {}


_COLLECTION_FIELDS = frozenset({"links", "urls", "own_links", "contest"})


def compile_regex(pattern: str, path: Sequence[str | int] = ()) -> Any:
    """Compile a user's pattern with RE2: linear time whatever the pattern or the text."""
    import re2  # type: ignore[import-untyped]  # google-re2 ships no type information

    options = re2.Options()
    options.log_errors = False  # the error is ours to report, not RE2's to print on stderr
    try:
        return re2.compile(pattern, options)
    except re2.error as error:
        reason = error.args[0] if error.args else error
        if isinstance(reason, bytes):
            reason = reason.decode("utf-8", "replace")
        raise ConditionError(f"invalid regular expression {pattern!r}: {reason}", path) from None
