"""Rule docs are generated from the rule files: the committed copies must be current."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from smmlint.catalogue import (
    explain_rule,
    markdown_reference,
    with_importers_table,
    with_readme_table,
)
from smmlint.importers import importers
from smmlint.rulepacks import find_rule, load_rules

ROOT = Path(__file__).resolve().parent.parent


def test_docs_rules_md_is_current() -> None:
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == markdown_reference(load_rules()), "run: python -m smmlint.catalogue"


def test_readme_rule_table_is_current() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme == with_readme_table(readme, load_rules()), "run: python -m smmlint.catalogue"


def test_readme_lists_every_export_format_with_an_example_and_its_doc() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme == with_importers_table(readme), "run: python -m smmlint.catalogue"
    for importer in importers().values():
        assert (ROOT / "docs" / "importers" / f"{importer.name}.md").is_file(), importer.name
        assert importer.example.startswith(f"smmlint import --from {importer.name} "), importer.name


def test_explain_shows_seed_options_and_examples() -> None:
    rules = load_rules()
    loaded = find_rule(rules, "too-many-posts-per-day")
    assert loaded is not None and loaded.id == "SMM101"
    text = explain_rule(loaded)
    assert "1-2 раза в день" in text
    assert "max: 2" in text
    assert "for media accounts: {max: 10}" in text  # as written in .smmlint.yaml
    deletion = find_rule(rules, "SMM401")
    assert deletion is not None
    where = explain_rule(deletion)
    assert "  where: {kind: {in: [delete, hide]}, role: {not_in: [subscriber]}, is_removal_reason: false}" in where
    assert "Other options of this check (not set):\n  occasions — " in where  # unset options apart
    assert "[bad] three VK posts on one day for a company — flagged at line 6" in text


SEED = ROOT.parent / "shared" / "seed" / "smm-community-mistakes.ru.txt"


def _normalise(text: str) -> str:
    return " ".join(text.replace("ё", "е").split())


@pytest.mark.skipif(not SEED.exists(), reason="the seed article (../shared/seed/) is not beside this checkout")
def test_every_mistake_rule_quotes_the_seed_verbatim() -> None:
    article = _normalise(SEED.read_text(encoding="utf-8"))
    for loaded in load_rules():
        if not loaded.rule.mistake:
            continue
        assert loaded.rule.seed, f"{loaded.id} has no quote from the seed article"
        for sentence in re.split(r"(?<=[.!?])\s+", _normalise(loaded.rule.seed)):
            assert sentence in article, f"{loaded.id} quotes words the article does not have: {sentence!r}"
