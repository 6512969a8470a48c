"""Rule documentation generated from the rule files themselves, so it cannot drift."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any

from .checks import CHECKS
from .rulepacks import LoadedRule

MISTAKES = {
    0: "File-level problems",
    1: "Posting too often or too rarely",
    2: "Not answering subscribers",
    3: "Conflicts with irritated subscribers",
    4: "Deleting negative comments",
    5: "Contests without the formalities",
    6: "One type of content only",
    7: "The network's own tools unused",
    8: "Brand mentions unanswered",
    9: "Pushing subscribers to the corporate site",
}


def text_catalogue(rules: Sequence[LoadedRule]) -> str:
    lines = []
    for rule in rules:
        state = "" if rule.enabled else "  (off)"
        lines.append(f"{rule.id}  {rule.name:<32} {rule.severity.value:<8} {rule.rule.target:<7} {rule.rule.summary}{state}")
    return "\n".join(lines) + "\n"


def markdown_catalogue(rules: Sequence[LoadedRule]) -> str:
    out = ["| id | name | mistake | target | severity | what it reports |", "|---|---|---|---|---|---|"]
    for rule in rules:
        out.append(f"| {rule.id} | `{rule.name}` | {rule.rule.mistake} · {MISTAKES[rule.rule.mistake]} |"
                   f" {rule.rule.target} | {rule.severity.value} | {rule.rule.summary} |")
    return "\n".join(out) + "\n"


def _value(value: Any) -> str:
    """An option's value as it is written in .smmlint.yaml (YAML's one-line form)."""
    if isinstance(value, (dict, list)):
        import yaml

        return str(yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, sort_keys=False,
                                  width=float("inf"))).strip()
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def wrap(text: str, indent: str = "  ") -> str:
    return textwrap.fill(" ".join(text.split()), 96, initial_indent=indent, subsequent_indent=indent)


def explain_rule(loaded: LoadedRule) -> str:
    rule = loaded.rule
    out = [f"{rule.id} {rule.name} [{loaded.severity.value}]",
           f"  mistake {rule.mistake}: {MISTAKES[rule.mistake]} · "
           + ("reported while reading any file" if rule.target == "file" else f"checks {rule.target} files"), "",
           wrap(rule.summary), "", "Why:", wrap(rule.rationale)]
    if rule.seed:
        out += ["", "The seed article says:", wrap(f"«{rule.seed.strip()}»")]
    if rule.check:
        check = CHECKS[rule.check]
        out += ["", "Options (as written in .smmlint.yaml; values for accounts without a `by_account_type`"
                " entry; options set in your config replace them for every account type):"]
        fields = check.Options.model_fields
        options = {**rule.options, **loaded.options}
        unset = []
        for name, info in fields.items():
            shown = options.get(name, info.get_default(call_default_factory=True) if not info.is_required() else "(required)")
            desc = f" — {info.description}" if info.description else ""
            if shown is None or callable(shown) or shown in ({}, []):
                unset.append(f"  {name}{desc}")
                continue
            out.append(f"  {name}: {_value(shown)}{desc}")
        for account_type, overrides in rule.by_account_type.items():
            out.append(f"  for {account_type} accounts: {_value(overrides)}")
        if unset:
            out += ["", "Other options of this check (not set):", *unset]
        out += ["", f"Message: {rule.message}", "",
                f"How it is checked (the `{rule.check}` check, for rule authors):", wrap(check.DESCRIPTION)]
    out += ["", "Examples:"]
    for verdict, examples in (("bad", rule.examples.bad), ("good", rule.examples.good)):
        for example in examples:
            marks = f" — flagged at line {', '.join(map(str, example.lines))}" if example.lines else ""
            out.append(f"  [{verdict}] {example.title}{marks}")
            out.extend("      " + line for line in example.text.rstrip().splitlines())
            if example.policy:
                out.append("    with the policy:")
                out.extend("      " + line for line in example.policy.rstrip().splitlines())
    out += ["", f"Turn it off or tune it in .smmlint.yaml:  rules: {{{rule.id}: off}}"]
    return "\n".join(out) + "\n"


def markdown_reference(rules: Sequence[LoadedRule]) -> str:
    """docs/rules.md: every rule with its rationale, the seed's words, options and examples."""
    out = ["# Rule reference", "",
           "Generated from `rules/*.yaml` by `python -m smmlint.catalogue`; do not edit by hand.", "",
           markdown_catalogue(rules)]
    for rule in rules:
        out += ["", f"## {rule.id} `{rule.name}`", "", "```text", explain_rule(rule).rstrip(), "```"]
    return "\n".join(out) + "\n"


TABLE_START, TABLE_END = "<!-- rules-table:start -->", "<!-- rules-table:end -->"


def with_readme_table(readme: str, rules: Sequence[LoadedRule]) -> str:
    start = readme.index(TABLE_START) + len(TABLE_START)
    end = readme.index(TABLE_END)
    return readme[:start] + "\n" + markdown_catalogue(rules) + readme[end:]


IMPORTERS_START, IMPORTERS_END = "<!-- importers-table:start -->", "<!-- importers-table:end -->"


def markdown_importers() -> str:
    """The README's table of export formats: one row per importer, with one example each."""
    from .importers import importers

    out = ["| format | reads | becomes | example |", "|---|---|---|---|"]
    for importer in importers().values():
        doc = f"[{importer.name}](docs/importers/{importer.name}.md)"
        out.append(f"| {doc} | {importer.title} | {importer.produces_label} | `{importer.example}` |")
    return "\n".join(out) + "\n"


def with_importers_table(readme: str) -> str:
    start = readme.index(IMPORTERS_START) + len(IMPORTERS_START)
    end = readme.index(IMPORTERS_END)
    return readme[:start] + "\n" + markdown_importers() + readme[end:]


if __name__ == "__main__":  # pragma: no cover - a developer's command
    from pathlib import Path

    from .rulepacks import load_rules

    root = Path(__file__).resolve().parent.parent
    loaded = load_rules()
    (root / "docs").mkdir(exist_ok=True)
    (root / "docs" / "rules.md").write_text(markdown_reference(loaded), encoding="utf-8")
    readme = root / "README.md"
    text = with_importers_table(with_readme_table(readme.read_text(encoding="utf-8"), loaded))
    readme.write_text(text, encoding="utf-8")
    print("wrote docs/rules.md and the README's rule and importer tables")
