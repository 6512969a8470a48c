"""The snippets of the CI and CLI docs are the files and commands the project really ships and runs."""

from __future__ import annotations

import json
import re
import shlex
import shutil
from datetime import date
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import click
import pytest
import yaml
from click.testing import CliRunner

from smmlint import __version__
from smmlint.cli import main
from smmlint.formats import FORMATS
from smmlint.scaffold import Answers, init_command, scaffold_files

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
FENCE = re.compile(r"^```(\w*)\n(.*?)^```$", re.MULTILINE | re.DOTALL)
CELL_BORDER = re.compile(r"(?<!\\)\|")
EXIT_CODE = re.compile(r"#\s*exit code (\d)\b")
SCAFFOLD = scaffold_files(
    Answers("Zerno Coffee", "company", "Europe/Moscow", ("zerno.coffee",), date(2027, 1, 1))
)
HOOK = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))[0]
ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))


def snippets(page: str, language: str) -> list[str]:
    """The fenced code blocks of ``docs/<page>`` in ``language``, in order."""
    text = (DOCS / page).read_text(encoding="utf-8")
    return [body for lang, body in FENCE.findall(text) if lang == language]


def table(page: str, heading: str) -> dict[str, list[str]]:
    """The Markdown table under ``## heading``: first column (without backticks) -> the other cells."""
    text = (DOCS / page).read_text(encoding="utf-8")
    section = text.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    rows = [
        CELL_BORDER.split(line.strip()[1:-1])
        for line in section.splitlines()
        if line.startswith("| ")
    ]
    return {cells[0].strip("` "): [cell.strip("` ") for cell in cells[1:]] for cells in rows[1:]}


def run(command: str, cwd: Path) -> int:
    """A documented `smmlint` command line, run in-process; returns its exit code."""
    words = shlex.split(command, comments=True)
    stdin = None
    if "<" in words:
        at = words.index("<")
        stdin = (cwd / words[at + 1]).read_bytes()
        del words[at : at + 2]
    assert words[0] == "smmlint", command
    # `init` is invoked directly: the CLI registers it on its own.
    group: click.Command = init_command if words[1] == "init" else main
    args = words[2:] if words[1] == "init" else words[1:]
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(cwd)
        patch.setenv("NO_COLOR", "1")
        return CliRunner().invoke(group, args, input=stdin).exit_code


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A scratch folder holding a copy of examples/, where documented commands may write."""
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    return tmp_path


# --- docs/cli.md --------------------------------------------------------------------------

CLI_COMMANDS = [
    line
    for block in snippets("cli.md", "sh")
    for line in block.splitlines()
    if line.startswith("smmlint ")
]


def test_every_documented_command_says_its_exit_code() -> None:
    assert len(CLI_COMMANDS) >= 15
    assert [line for line in CLI_COMMANDS if not EXIT_CODE.search(line)] == []


@pytest.mark.parametrize("command", CLI_COMMANDS)
def test_documented_commands_end_with_the_documented_exit_code(
    command: str, checkout: Path
) -> None:
    expected = int(EXIT_CODE.search(command).group(1))  # type: ignore[union-attr]
    assert run(command, checkout) == expected


def test_cli_page_documents_every_option_format_and_exit_code() -> None:
    from smmlint.cli import check

    page = (DOCS / "cli.md").read_text(encoding="utf-8")
    options = {
        name
        for param in check.params
        if isinstance(param, click.Option)
        for name in param.opts + param.secondary_opts
        if name != "--help"
    }
    assert {name for name in options if f"`{name}" not in page} == set()
    from smmlint.cli import import_export

    imports = page.split("### All options of `smmlint import`", 1)[1].split("\n## ", 1)[0]
    import_options = {name for param in import_export.params if isinstance(param, click.Option)
                      for name in param.opts if name != "--help"}
    assert {name for name in import_options if f"`{name}" not in imports} == set()
    assert set(table("cli.md", "Report formats")) == set(FORMATS)
    assert set(table("cli.md", "Exit codes")) == {"0", "1", "2", "3"}


# --- docs/pre-commit.md -------------------------------------------------------------------


def test_pre_commit_config_in_the_docs_is_the_one_init_writes() -> None:
    assert snippets("pre-commit.md", "yaml")[0] == SCAFFOLD[".pre-commit-config.yaml"]


def test_pre_commit_args_example_is_the_same_hook_with_valid_args(checkout: Path) -> None:
    documented = yaml.safe_load(snippets("pre-commit.md", "yaml")[1])
    [repo] = documented["repos"]
    [plain] = yaml.safe_load(SCAFFOLD[".pre-commit-config.yaml"])["repos"]
    assert (repo["repo"], repo["rev"]) == (plain["repo"], plain["rev"])
    [hook] = repo["hooks"]
    assert hook["id"] == HOOK["id"]
    assert (
        run(
            shlex.join(["smmlint", *HOOK["entry"].split()[1:], *hook["args"], "examples/"]),
            checkout,
        )
        == 1
    )


def test_pre_commit_verbose_example_is_the_same_hook_shown_always() -> None:
    [repo] = yaml.safe_load(snippets("pre-commit.md", "yaml")[2])["repos"]
    [plain] = yaml.safe_load(SCAFFOLD[".pre-commit-config.yaml"])["repos"]
    assert (repo["repo"], repo["rev"]) == (plain["repo"], plain["rev"])
    assert repo["hooks"] == [{"id": HOOK["id"], "verbose": True}]


def test_pre_commit_baseline_example_passes_a_baseline_the_cli_reads(checkout: Path) -> None:
    [repo] = yaml.safe_load(snippets("pre-commit.md", "yaml")[3])["repos"]
    [plain] = yaml.safe_load(SCAFFOLD[".pre-commit-config.yaml"])["repos"]
    assert (repo["repo"], repo["rev"]) == (plain["repo"], plain["rev"])
    [hook] = repo["hooks"]
    assert hook["id"] == HOOK["id"] and hook["args"][0] == "--baseline"
    hook_command = ["smmlint", *HOOK["entry"].split()[1:], *hook["args"], "examples/"]
    assert run(shlex.join(hook_command), checkout) == 2  # no baseline yet
    assert run(shlex.join(["smmlint", "check", "examples/", "--write-baseline", hook["args"][1]]), checkout) == 0
    assert run(shlex.join(hook_command), checkout) == 0


def test_pre_commit_whole_repository_example_runs_the_hook_on_every_file(checkout: Path) -> None:
    [repo] = yaml.safe_load(snippets("pre-commit.md", "yaml")[4])["repos"]
    [plain] = yaml.safe_load(SCAFFOLD[".pre-commit-config.yaml"])["repos"]
    assert (repo["repo"], repo["rev"]) == (plain["repo"], plain["rev"])
    assert repo["hooks"] == [{"id": HOOK["id"], "pass_filenames": False}]
    # Without file names the hook's entry checks the current folder: the example repository.
    assert run(shlex.join(["smmlint", *HOOK["entry"].split()[1:]]), checkout) == 1


def test_local_hook_in_the_docs_selects_and_runs_like_the_published_hook() -> None:
    [local] = yaml.safe_load(snippets("pre-commit.md", "yaml")[5])["repos"]
    assert local["repo"] == "local"
    [hook] = local["hooks"]
    assert hook["language"] == "system"
    for key in ("id", "name", "entry", "types", "files", "require_serial"):
        assert hook[key] == HOOK[key], key
    assert f"{HOOK['entry']} FILES..." in snippets("pre-commit.md", "sh")[1]


def test_pre_commit_sample_output_is_what_smmlint_prints(checkout: Path) -> None:
    [sample] = snippets("pre-commit.md", "text")
    finding = sample.splitlines()[-1]
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(checkout / "examples")
        result = CliRunner().invoke(main, ["check", "--ignore-unknown", "plans/2026-12-vk.yaml"])
    assert result.exit_code == 1
    assert finding in result.output.splitlines()


# --- docs/github-actions.md ---------------------------------------------------------------


def test_the_workflow_in_the_docs_is_the_example_file_and_the_one_init_writes() -> None:
    example = (DOCS / "examples" / "smmlint-workflow.yml").read_text(encoding="utf-8")
    assert (
        snippets("github-actions.md", "yaml")[0]
        == example
        == SCAFFOLD[".github/workflows/smmlint.yml"]
    )


def test_action_inputs_and_outputs_are_documented_with_their_defaults() -> None:
    inputs = table("github-actions.md", "Inputs")
    assert {name: cells[0] for name, cells in inputs.items()} == {
        name: spec.get("default", "") for name, spec in ACTION["inputs"].items()
    }
    assert set(table("github-actions.md", "Outputs")) == set(ACTION["outputs"])


def test_action_inputs_example_uses_the_released_action_and_real_inputs() -> None:
    steps: list[dict[str, Any]] = yaml.safe_load(snippets("github-actions.md", "yaml")[1])
    workflow = yaml.safe_load(SCAFFOLD[".github/workflows/smmlint.yml"])
    [released] = [
        step["uses"] for step in workflow["jobs"]["smmlint"]["steps"] if step.get("id") == "smmlint"
    ]
    assert steps[0]["uses"] == released
    assert set(steps[0]["with"]) <= set(ACTION["inputs"])
    assert "${{" not in steps[1]["run"]  # outputs go through env:, like inputs in action.yml


# --- docs/gitlab-ci.md --------------------------------------------------------------------


def test_gitlab_job_writes_the_reports_it_declares(checkout: Path) -> None:
    [job] = yaml.safe_load(snippets("gitlab-ci.md", "yaml")[0]).values()
    install, command = job["script"]
    assert install == f"pip install --quiet smmlint=={__version__}"
    reports = job["artifacts"]["reports"]
    assert job["artifacts"]["when"] == "always"
    assert f"gitlab={reports['codequality']}" in command and f"junit={reports['junit']}" in command

    project = checkout / "examples"
    assert run(command, project) == 1
    quality = json.loads((project / reports["codequality"]).read_text(encoding="utf-8"))
    assert len(quality) == 10 and {
        "description",
        "check_name",
        "fingerprint",
        "severity",
        "location",
    } <= set(quality[0])
    suites = ElementTree.parse(project / reports["junit"]).getroot()
    assert suites.tag == "testsuites" and suites.get("failures") == "10"
