"""The README's first screen gives the two commands a newcomer runs, and CI runs the second."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
FIRST_SCREEN = "\n".join(README.splitlines()[:30])
COMMANDS = re.findall(r"```sh\n(.+?)\n```", FIRST_SCREEN)


def test_first_screen_has_the_try_and_test_commands() -> None:
    assert len(COMMANDS) == 2
    try_it, run_tests = COMMANDS
    assert "pip install" in try_it and try_it.endswith("smmlint check examples/")
    assert "pip install" in run_tests and "'.[test]'" in run_tests and "pytest" in run_tests


def test_ci_runs_exactly_the_readme_test_command() -> None:
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert COMMANDS[1] in script.splitlines()
