"""The pre-commit hook: its definition, the files it selects, and real `pre-commit try-repo` runs."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import jsonschema
import pytest
import yaml
from pre_commit.clientlib import load_manifest  # type: ignore[import-untyped]
from pre_commit.commands.run import Classifier  # type: ignore[import-untyped]

ROOT = Path(__file__).resolve().parents[1]
HOOKS_FILE = ROOT / ".pre-commit-hooks.yaml"
SCHEMA = (
    Path(__file__).resolve().parents[2] / "shared" / "schemas-external" / "pre-commit-hooks.json"
)
COPY_IGNORE = shutil.ignore_patterns(
    ".git",
    ".venv",
    "venv",
    "*.egg-info",
    "__pycache__",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
    "build",
    "dist",
)

CONFIG = """\
account:
  name: Zerno Coffee
  type: company
  timezone: Europe/Moscow
  domains: [zerno.coffee]
policy: policy.yaml
rules:
  platform-tools-unused: error
"""
POLICY = """\
kind: policy
responders:
  - {topics: [everything], owner: olga, respond_within: 2h}
escalation:
  - {situation: public complaint, steps: [answer calmly, move to messages], owner: ilya}
negative_comments: {delete: spam_and_abuse_only, procedure: answer within 2h}
contests: {regulation_url: https://zerno.coffee/legal/contests, approved_by: legal}
platform_features:
  vk: [post, story, clip, poll, live]
monitoring: {tool: Brand Analytics, respond_within: 6h}
links: {allowed_when: [asked]}
"""
# Stories, clips and polls: clean by the built-in defaults. Only the policy asks for `live`.
# Three weeks of one post a day: a month's tools are judged only over three weeks or more.
GOOD_PLAN = "kind: plan\nposts:\n" + "".join(
    f"  - {{id: p{day}, at: 2027-01-{day:02d} 10:00, platform: vk, format: {fmt}}}\n"
    for day, fmt in zip(range(1, 22), ["photo", "story", "clip", "poll", "live", "text", "video"] * 3)
)
BUSY_PLAN = (
    GOOD_PLAN
    + """\
  - {id: p22, at: 2027-01-15 13:00, platform: vk, format: photo}
  - {id: p23, at: 2027-01-15 17:00, platform: vk, format: text}
"""
)
PLAN_WITHOUT_LIVE = GOOD_PLAN.replace("format: live", "format: photo")


def hook() -> dict[str, object]:
    [definition] = load_manifest(str(HOOKS_FILE))
    return definition  # type: ignore[no-any-return]


def test_hooks_file_is_valid_by_the_official_schema() -> None:
    if not SCHEMA.is_file():
        pytest.skip(f"the SchemaStore schema is not at {SCHEMA}")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(schema).validate(
        yaml.safe_load(HOOKS_FILE.read_text(encoding="utf-8"))
    )


def test_hook_runs_smmlint_check_serially_and_skips_other_documents() -> None:
    definition = hook()
    assert definition["id"] == "smmlint"
    assert definition["entry"] == "smmlint check --ignore-unknown"
    assert definition["language"] == "python"
    assert definition["require_serial"] is True


def test_hook_selects_plans_policies_and_logs_by_extension(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # pre-commit's own classifier: `files` and `types` are ANDed, and identify has no JSON
    # Lines type, so a `types_or: [yaml, json, csv]` hook would never see a .jsonl log.
    monkeypatch.chdir(tmp_path)
    wanted = [
        "plan.yaml",
        "plans/jan.YML",
        "policy.json",
        "excel.csv",
        "logs/vk.jsonl",
        "logs/tg.ndjson",
        "logs/OLD.JSONL",
    ]
    others = ["README.md", "notes.txt", "script.py", "data.jsonl.bak", "photo.jsonl"]
    for name in wanted + others:
        Path(name).parent.mkdir(parents=True, exist_ok=True)
        Path(name).write_text("kind: plan\n", encoding="utf-8")
    # identify reads the content only for extensions it does not know: a binary .jsonl is not text.
    Path("photo.jsonl").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    classifier = Classifier.from_config(wanted + others, "", "^$")
    selected = set(classifier.filenames_for_hook(SimpleNamespace(**hook())))
    assert selected == set(wanted)


# --- real pre-commit runs (they install the hook from this checkout: a minute or two) --------


def _git(*args: str, cwd: Path, env: dict[str, str]) -> None:
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, timeout=120)


@pytest.fixture(scope="module")
def environment(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A private HOME (pip and pre-commit caches, no user git config) shared by the runs."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    home = tmp_path_factory.mktemp("home")
    return {
        **os.environ,
        "HOME": str(home),
        "PRE_COMMIT_HOME": str(home / "pre-commit"),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "smmlint tests",
        "GIT_AUTHOR_EMAIL": "tests@smmlint.invalid",
        "GIT_COMMITTER_NAME": "smmlint tests",
        "GIT_COMMITTER_EMAIL": "tests@smmlint.invalid",
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "NO_COLOR": "1",
    }


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory, environment: dict[str, str]) -> Path:
    """This checkout's working tree as one commit: try-repo would leave out untracked files."""
    repo = tmp_path_factory.mktemp("hook") / "smmlint"
    shutil.copytree(ROOT, repo, ignore=COPY_IGNORE)
    _git("init", "-q", cwd=repo, env=environment)
    _git("add", "-A", cwd=repo, env=environment)
    _git("commit", "-q", "--no-gpg-sign", "-m", "checkout", cwd=repo, env=environment)
    return repo


def _content_repo(folder: Path, plan: str, env: dict[str, str]) -> Path:
    (folder / "plans").mkdir(parents=True)
    (folder / ".smmlint.yaml").write_text(CONFIG, encoding="utf-8")
    (folder / "policy.yaml").write_text(POLICY, encoding="utf-8")
    (folder / "plans" / "2027-01.yaml").write_text(plan, encoding="utf-8")
    (folder / "README.md").write_text("# Content plans\n", encoding="utf-8")
    _git("init", "-q", cwd=folder, env=env)
    _git("add", "-A", cwd=folder, env=env)
    return folder


def _try_repo(
    hook_repo: Path, content: Path, env: dict[str, str], *files: str
) -> subprocess.CompletedProcess[str]:
    selection = ["--files", *files] if files else ["--all-files"]
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pre_commit",
            "try-repo",
            str(hook_repo),
            "smmlint",
            "--color=never",
            *selection,
        ],
        cwd=content,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_try_repo_fails_on_a_mistake_and_passes_once_it_is_fixed(
    tmp_path: Path, hook_repo: Path, environment: dict[str, str]
) -> None:
    content = _content_repo(tmp_path / "plans-repo", BUSY_PLAN, environment)
    failed = _try_repo(hook_repo, content, environment)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert re.search(r"^smmlint\.+Failed$", failed.stdout, re.MULTILINE)
    assert (
        "plans/2027-01.yaml:25:5: SMM101 [error] 3 posts on vk on 2027-01-15: a company account"
        " should post at most 2 a day (too-many-posts-per-day)"
    ) in failed.stdout
    assert "policy.yaml:" not in failed.stdout and "README" not in failed.stdout

    (content / "plans" / "2027-01.yaml").write_text(GOOD_PLAN, encoding="utf-8")
    _git("add", "-A", cwd=content, env=environment)
    passed = _try_repo(hook_repo, content, environment)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert re.search(r"^smmlint\.+Passed$", passed.stdout, re.MULTILINE)


def test_a_changed_plan_alone_is_checked_against_the_configured_policy(
    tmp_path: Path, hook_repo: Path, environment: dict[str, str]
) -> None:
    content = _content_repo(tmp_path / "plans-repo", PLAN_WITHOUT_LIVE, environment)
    result = _try_repo(hook_repo, content, environment, "plans/2027-01.yaml")
    assert result.returncode == 1, result.stdout + result.stderr
    # Only the policy's platform_features asks for `live`: the built-in defaults do not.
    assert "plans/2027-01.yaml:3:58: SMM701 [error] vk in 2027-01: live never used" in result.stdout
    assert "Found 1 problem (1 error) in 1 file." in result.stdout


def test_the_pre_commit_config_that_init_writes_works(
    tmp_path: Path, hook_repo: Path, environment: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from smmlint.scaffold import REPOSITORY, init_command

    content = tmp_path / "new-repo"
    content.mkdir()
    monkeypatch.chdir(content)
    result = CliRunner().invoke(init_command, ["--name", "Zerno", "--type", "company", "--timezone",
                                               "Europe/Moscow", "--domain", "zerno.coffee", "--month", "2027-01"])
    assert result.exit_code == 0, result.output
    config = content / ".pre-commit-config.yaml"
    # The generated config names the published repository; point it at this checkout instead.
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=hook_repo, env=environment,
                          capture_output=True, text=True, check=True).stdout.strip()
    text = config.read_text(encoding="utf-8")
    assert REPOSITORY in text
    config.write_text(re.sub(r"rev: \S+", f"rev: {head}", text.replace(REPOSITORY, str(hook_repo))),
                      encoding="utf-8")
    _git("init", "-q", cwd=content, env=environment)
    _git("add", "-A", cwd=content, env=environment)
    run = subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files", "--color=never"],
                         cwd=content, env=environment, capture_output=True, text=True, timeout=600, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    assert re.search(r"^smmlint\.+Passed$", run.stdout, re.MULTILINE)
