"""The GitHub Action: its metadata, and action/run.sh run locally as a runner would run it."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
SCHEMA = Path(__file__).resolve().parents[2] / "shared" / "schemas-external" / "github-action.json"
[STEP] = ACTION["runs"]["steps"]
EMPTY: Mapping[str, str] = MappingProxyType({})
INPUT_REFERENCE = re.compile(r"^\$\{\{ inputs\.([\w-]+) \}\}$")


@dataclass
class Run:
    status: int
    stdout: str
    outputs: dict[str, str]
    summary: str


def test_action_is_valid_by_the_official_schema() -> None:
    if not SCHEMA.is_file():
        pytest.skip(f"the SchemaStore schema is not at {SCHEMA}")
    jsonschema.Draft7Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).validate(ACTION)


def test_every_input_reaches_the_script_through_the_environment_only() -> None:
    passed = {
        INPUT_REFERENCE.match(value).group(1)  # type: ignore[union-attr]
        for value in STEP["env"].values()
    }
    assert passed == set(ACTION["inputs"])
    # An expression in shell text would be pasted in before bash parses it: an injection.
    assert "${{" not in STEP["run"]
    assert STEP["shell"] == "bash" and STEP["run"] == 'bash "$GITHUB_ACTION_PATH/action/run.sh"'
    assert {name: output["value"] for name, output in ACTION["outputs"].items()} == {
        "findings": "${{ steps.smmlint.outputs.findings }}",
        "sarif": "${{ steps.smmlint.outputs.sarif }}",
    }
    assert STEP["id"] == "smmlint"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    folder = tmp_path / "workspace"
    shutil.copytree(ROOT / "examples", folder)
    return folder


def run_action(workspace: Path, inputs: Mapping[str, str] = EMPTY, *, install: bool = False) -> Run:
    """action/run.sh with the environment the step's `env:` and the runner would give it."""
    assert set(inputs) <= set(ACTION["inputs"]), "not inputs of action.yml"
    runner = workspace.parent
    output, summary = runner / "github-output", runner / "step-summary"
    output.write_text("", encoding="utf-8")
    summary.write_text("", encoding="utf-8")
    env = {
        **os.environ,
        "SMMLINT_SKIP_INSTALL": "" if install else "1",
        "GITHUB_ACTION_PATH": str(ROOT),
        "GITHUB_WORKSPACE": str(workspace),
        "GITHUB_OUTPUT": str(output),
        "GITHUB_STEP_SUMMARY": str(summary),
        "RUNNER_TEMP": str(runner),
        "NO_COLOR": "1",
    }
    if not install:  # the test's Python has smmlint: run.sh uses `python3` from PATH
        env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    for variable, reference in STEP["env"].items():
        name = INPUT_REFERENCE.match(reference).group(1)  # type: ignore[union-attr]
        env[variable] = inputs.get(name, ACTION["inputs"][name].get("default", ""))
    result = subprocess.run(
        ["bash", str(ROOT / "action" / "run.sh")],
        cwd=workspace,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    outputs = dict(line.split("=", 1) for line in output.read_text(encoding="utf-8").splitlines())
    return Run(result.returncode, result.stdout, outputs, summary.read_text(encoding="utf-8"))


def test_defaults_annotate_every_finding_and_fail_on_errors(workspace: Path) -> None:
    run = run_action(workspace)
    assert run.status == 1
    assert run.outputs == {"findings": "10", "sarif": ""}
    assert (
        "::error file=plans/2026-12-vk.yaml,line=194,col=5,title=SMM101 too-many-posts-per-day::"
        "3 posts on vk on 2026-12-18: a company account should post at most 2 a day\n"
    ) in run.stdout
    assert (
        "::warning file=policy.yaml,line=5,col=1,title=SMM803 no-mention-monitoring::" in run.stdout
    )
    assert len(re.findall(r"^::(error|warning|notice) ", run.stdout, re.MULTILINE)) == 10
    assert run.summary.startswith("## smmlint\n") and "**10 problems**" in run.summary


def test_sarif_is_written_and_named_in_the_outputs(workspace: Path) -> None:
    run = run_action(workspace, {"sarif": "reports/smmlint.sarif"})
    assert run.status == 1
    assert run.outputs == {"findings": "10", "sarif": "reports/smmlint.sarif"}
    sarif: dict[str, Any] = json.loads(
        (workspace / "reports" / "smmlint.sarif").read_text(encoding="utf-8")
    )
    assert sarif["version"] == "2.1.0"
    assert len(sarif["runs"][0]["results"]) == 10


@pytest.mark.parametrize(("fail_level", "status"), [("error", 0), ("warning", 1), ("info", 1)])
def test_the_exit_code_follows_the_fail_level(
    workspace: Path, fail_level: str, status: int
) -> None:
    run = run_action(workspace, {"paths": "plans/2026-12-telegram.csv", "fail-level": fail_level})
    assert run.status == status
    assert run.outputs["findings"] == "1"
    assert run.stdout.startswith(
        "::warning file=plans/2026-12-telegram.csv,line=33,col=1,title=SMM103"
    )


def test_paths_and_args_are_split_like_a_shell_but_never_run(workspace: Path) -> None:
    (workspace / "my plans").mkdir()
    (workspace / "plans" / "2026-12-vk.yaml").rename(workspace / "my plans" / "vk.yaml")
    run = run_action(
        workspace,
        {
            "paths": "'my plans' logs\npolicy.yaml",
            "args": "--now 2027-01-01T12:00:00+03:00 --fail-level warning",
        },
    )
    # 3 in the plan, 1 in the policy; the later "now" makes one more question overdue: 6 in the log.
    assert run.status == 1 and run.outputs["findings"] == "10"
    assert "file=my plans/vk.yaml,line=194" in run.stdout


@pytest.mark.parametrize(
    "inputs",
    [
        {"paths": "plans $(touch pwned) `touch pwned`"},
        {"args": "; touch pwned; --quiet"},
        {"config": "$(touch pwned)"},
        {"sarif": "x.sarif; touch pwned"},
    ],
)
def test_no_input_can_run_a_command(workspace: Path, inputs: dict[str, str]) -> None:
    run = run_action(workspace, inputs)
    assert not (workspace / "pwned").exists()
    assert run.status in (1, 2)


def test_a_usage_error_leaves_the_outputs_empty(workspace: Path) -> None:
    run = run_action(workspace, {"config": "missing.yaml", "sarif": "smmlint.sarif"})
    assert run.status == 2
    assert run.outputs == {"findings": "", "sarif": ""}
    assert not (workspace / "smmlint.sarif").exists()


def test_a_sarif_input_that_is_a_folder_is_smmlints_usage_error(workspace: Path) -> None:
    (workspace / "reports").mkdir()
    run = run_action(workspace, {"sarif": "reports"})
    assert run.status == 2 and run.outputs["sarif"] == ""


def test_a_report_left_by_an_earlier_run_is_not_named_after_a_config_error(workspace: Path) -> None:
    (workspace / "smmlint.sarif").write_text("stale", encoding="utf-8")
    run = run_action(workspace, {"config": "missing.yaml", "sarif": "smmlint.sarif"})
    assert run.status == 2 and run.outputs == {"findings": "", "sarif": ""}
    assert not (workspace / "smmlint.sarif").exists()


def test_summary_false_writes_no_step_summary(workspace: Path) -> None:
    run = run_action(workspace, {"summary": "false"})
    assert run.status == 1 and run.outputs["findings"] == "10"
    assert run.summary == ""


@pytest.mark.parametrize(
    ("inputs", "message"),
    [
        ({"summary": "yes"}, "the summary input must be true or false"),
        (
            {"version": "1.0 --index-url=https://evil.invalid"},
            "the version input must be a release such as 0.1.0",
        ),
        ({"sarif": "a.sarif\nfindings=0"}, "the sarif input must be one path"),
        ({"paths": "'my plans"}, "the paths input has an unbalanced quote"),
        ({"args": "--now '2027"}, "the args input has an unbalanced quote"),
    ],
)
def test_bad_inputs_are_refused_before_anything_runs(
    workspace: Path, inputs: dict[str, str], message: str
) -> None:
    run = run_action(workspace, inputs)
    assert run.status == 2
    assert run.stdout == f"::error title=smmlint action::{message}\n"
    assert run.outputs == {}


def fake_python(folder: Path, pip_log: Path) -> Path:
    """A `python3` that makes a venv whose `pip install` only logs its arguments.

    Everything else runs on the test's Python, which has smmlint: the install step is checked
    without a network, and the run after it still lints.
    """
    real = shlex.quote(sys.executable)
    venv_python = (
        "#!/bin/sh\n"
        f'if [ "$1 $2" = "-m pip" ]; then shift 2; echo "$*" >> {shlex.quote(str(pip_log))}; exit 0; fi\n'
        f'exec {real} "$@"\n'
    )
    base = (
        "#!/bin/sh\n"
        'if [ "$1 $2" = "-m venv" ]; then\n'
        '  mkdir -p "$3/bin" && cat > "$3/bin/python" <<\'EOF\'\n'
        f"{venv_python}EOF\n"
        '  chmod +x "$3/bin/python"; exit 0\n'
        "fi\n"
        f'exec {real} "$@"\n'
    )
    folder.mkdir()
    (folder / "python3").write_text(base, encoding="utf-8")
    (folder / "python3").chmod(0o755)
    return folder


@pytest.mark.parametrize(
    ("version", "package"),
    [("", str(ROOT)), ("0.1.0", "smmlint==0.1.0"), ("v0.1.0", "smmlint==0.1.0")],
)
def test_install_takes_the_actions_own_ref_or_the_given_release(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, version: str, package: str
) -> None:
    pip_log = workspace.parent / "pip.log"
    bin_folder = fake_python(workspace.parent / "bin", pip_log)
    monkeypatch.setenv("PATH", f"{bin_folder}{os.pathsep}{os.environ['PATH']}")
    run = run_action(workspace, {"version": version, "paths": "policy.yaml"}, install=True)
    assert pip_log.read_text(encoding="utf-8") == (
        f"install --quiet --disable-pip-version-check {package}\n"
    )
    assert (workspace.parent / "smmlint-venv" / "bin" / "python").is_file()
    assert run.status == 0 and run.outputs["findings"] == "1"
