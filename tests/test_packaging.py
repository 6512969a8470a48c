"""The wheel carries the rule packs, word lists and schemas, and works without a checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr
    [built] = out.glob("smmlint-*.whl")
    return built


def test_wheel_contains_rules_lexicons_and_schemas(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for rule_file in (ROOT / "rules").glob("*.yaml"):
        assert f"smmlint/_data/rules/{rule_file.name}" in names
    for lexicon in (ROOT / "rules" / "lexicons").glob("*.txt"):
        assert f"smmlint/_data/rules/lexicons/{lexicon.name}" in names
    for schema in (ROOT / "schemas").glob("*.json"):
        assert f"smmlint/_data/schemas/{schema.name}" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "smmlint = smmlint.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_installed_wheel_finds_its_data_outside_a_checkout(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    (tmp_path / "work").mkdir()
    (tmp_path / "work" / "plan.yaml").write_text(
        "kind: plan\nposts:\n  - {id: a, at: 2026-12-01 03:00, platform: vk, format: photo}\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(site), "NO_COLOR": "1"}
    probe = subprocess.run(
        [sys.executable, "-c", "import smmlint, smmlint.resources as r; print(smmlint.__file__); print(r.rules_dir())"],
        cwd=tmp_path / "work", env=env, capture_output=True, text=True, timeout=60,
    )
    module_file, rules = probe.stdout.split()
    assert module_file.startswith(str(site)) and rules.startswith(str(site))
    result = subprocess.run(
        [sys.executable, "-m", "smmlint", "check", "plan.yaml", "--fail-level", "warning"],
        cwd=tmp_path / "work", env=env, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 1, result.stderr
    assert "plan.yaml:3:17: SMM104 [warning]" in result.stdout
    listed = subprocess.run(
        [sys.executable, "-m", "smmlint", "import", "--list"],
        cwd=tmp_path / "work", env=env, capture_output=True, text=True, timeout=60,
    )
    assert listed.returncode == 0, listed.stderr
    assert {line.split()[0] for line in listed.stdout.splitlines()} >= {"telegram", "vk", "reddit", "monitoring"}
