"""`smmlint init`: the files it writes, that they lint clean, and that it never overwrites."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result

from smmlint import __version__, scaffold
from smmlint.engine import lint_paths
from smmlint.models import AccountType
from smmlint.scaffold import ACTION, REPOSITORY, init_command, next_month

ROOT = Path(__file__).resolve().parents[1]
ACCOUNT = ["--name", "Zerno Coffee", "--timezone", "Europe/Moscow", "--domain", "zerno.coffee"]
OPTIONS = [*ACCOUNT, "--month", "2027-01"]
FILES = {
    ".smmlint.yaml",
    "policy.yaml",
    "plans/2027-01.yaml",
    ".pre-commit-config.yaml",
    ".github/workflows/smmlint.yml",
}


def init(folder: Path, *args: str, input: str | None = None) -> Result:
    folder.mkdir(parents=True, exist_ok=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)
        return CliRunner().invoke(init_command, list(args), input=input, catch_exceptions=False)


def files_in(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in folder.rglob("*")
        if path.is_file()
    }


def load(folder: Path, name: str) -> Any:
    return yaml.safe_load((folder / name).read_text(encoding="utf-8"))


def test_init_writes_every_file_and_says_so(tmp_path: Path) -> None:
    result = init(tmp_path, *OPTIONS)
    assert result.exit_code == 0, result.output
    assert set(files_in(tmp_path)) == FILES
    assert [line for line in result.output.splitlines() if line.startswith("created ")] == [
        "created .smmlint.yaml",
        "created policy.yaml",
        "created plans/2027-01.yaml",
        "created .pre-commit-config.yaml",
        "created .github/workflows/smmlint.yml",
    ]
    assert load(tmp_path, ".smmlint.yaml")["account"] == {
        "name": "Zerno Coffee",
        "type": "company",
        "timezone": "Europe/Moscow",
        "domains": ["zerno.coffee"],
    }


@pytest.mark.parametrize("account_type", [kind.value for kind in AccountType])
@pytest.mark.parametrize("month", ["2027-01", "2027-02", "2028-02", "2027-04"])
def test_the_scaffold_lints_clean(tmp_path: Path, account_type: str, month: str) -> None:
    result = init(tmp_path, *ACCOUNT, "--type", account_type, "--month", month)
    assert result.exit_code == 0, result.output
    report = lint_paths([tmp_path], cwd=tmp_path)
    assert report.findings == []
    assert sorted(report.files) == [f"plans/{month}.yaml", "policy.yaml"]


def test_the_example_plan_uses_the_tools_and_limits_the_rules_check(tmp_path: Path) -> None:
    init(tmp_path, *OPTIONS)
    posts = load(tmp_path, "plans/2027-01.yaml")["posts"]
    assert len(posts) == 31  # one a day for a company
    assert {"photo", "story", "clip", "poll", "live", "video", "text", "carousel"} == {
        p["format"] for p in posts
    }
    own_links = [p for p in posts if any("zerno.coffee" in link for link in p.get("links", ()))]
    assert 0 < len(own_links) <= 0.2 * len(posts)
    [giveaway] = [p for p in posts if "contest" in p]
    assert giveaway["contest"]["rules_url"] == "https://zerno.coffee/giveaway-rules"
    policy = load(tmp_path, "policy.yaml")
    assert set(policy) == {
        "kind",
        "responders",
        "escalation",
        "negative_comments",
        "contests",
        "platform_features",
        "monitoring",
        "links",
        "content_mix",
    }
    assert sum(policy["content_mix"].values()) == pytest.approx(1)


def test_a_media_account_gets_its_minimum_posts_a_day(tmp_path: Path) -> None:
    init(tmp_path, *OPTIONS, "--type", "media")
    posts = load(tmp_path, "plans/2027-01.yaml")["posts"]
    assert len(posts) == 31 * scaffold.posts_per_day("media") == 31 * 5


def test_the_generated_hook_and_workflow_use_this_repository(tmp_path: Path) -> None:
    init(tmp_path, *OPTIONS)
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    config = load(tmp_path, ".pre-commit-config.yaml")
    assert config == {
        "repos": [{"repo": REPOSITORY, "rev": f"v{__version__}", "hooks": [{"id": hook["id"]}]}]
    }

    workflow = load(tmp_path, ".github/workflows/smmlint.yml")
    assert workflow["permissions"]["security-events"] == "write"
    steps = workflow["jobs"]["smmlint"]["steps"]
    [lint] = [step for step in steps if step.get("uses") == f"{ACTION}@v{__version__}"]
    inputs = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))["inputs"]
    assert set(lint["with"]) <= set(inputs)
    [upload] = [
        step for step in steps if step.get("uses") == "github/codeql-action/upload-sarif@v3"
    ]
    assert upload["with"]["sarif_file"] == f"${{{{ steps.{lint['id']}.outputs.sarif }}}}"
    assert "always()" in upload["if"]


def test_init_again_skips_every_file_and_changes_nothing(tmp_path: Path) -> None:
    init(tmp_path, *OPTIONS)
    before = files_in(tmp_path)
    again = init(tmp_path, "--name", "Other", "--type", "media", "--month", "2027-01")
    assert again.exit_code == 0, again.output
    assert files_in(tmp_path) == before
    assert [line for line in again.output.splitlines() if not line.startswith("Next:")] == [
        f"skipped {name} (it exists)"
        for name in [
            ".smmlint.yaml",
            "policy.yaml",
            "plans/2027-01.yaml",
            ".pre-commit-config.yaml",
            ".github/workflows/smmlint.yml",
        ]
    ]


def test_an_existing_file_is_never_overwritten(tmp_path: Path) -> None:
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / "policy.yaml").write_text("kind: policy\n# ours\n", encoding="utf-8")
    (tmp_path / ".github" / "workflows" / "smmlint.yml").write_text(
        "name: ours\n", encoding="utf-8"
    )
    result = init(tmp_path, *OPTIONS)
    assert result.exit_code == 0
    assert "skipped policy.yaml (it exists)" in result.output
    assert "skipped .github/workflows/smmlint.yml (it exists)" in result.output
    assert (tmp_path / "policy.yaml").read_text(encoding="utf-8") == "kind: policy\n# ours\n"
    assert (tmp_path / ".github" / "workflows" / "smmlint.yml").read_text(
        encoding="utf-8"
    ) == "name: ours\n"
    assert set(files_in(tmp_path)) == FILES


def test_without_a_terminal_the_defaults_are_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "Asia/Yekaterinburg")
    result = init(tmp_path / "zerno-smm")
    assert result.exit_code == 0, result.output
    assert load(tmp_path / "zerno-smm", ".smmlint.yaml")["account"] == {
        "name": "zerno-smm",
        "type": "company",
        "timezone": "Asia/Yekaterinburg",
        "domains": ["example.com"],
    }
    assert (tmp_path / "zerno-smm" / "plans" / f"{next_month(date.today()):%Y-%m}.yaml").is_file()


def test_on_a_terminal_it_asks_for_what_the_options_do_not_give(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(scaffold, "_interactive", lambda: True)
    answers = "Zerno Coffee\nmedia\nMars/Olympus\nEurope/Moscow\nhttps://www.zerno.coffee/, shop.zerno.ru\n"
    result = init(tmp_path, "--month", "2027-01", input=answers)
    assert result.exit_code == 0, result.output
    assert "unknown time zone 'Mars/Olympus'" in result.output
    assert load(tmp_path, ".smmlint.yaml")["account"] == {
        "name": "Zerno Coffee",
        "type": "media",
        "timezone": "Europe/Moscow",
        "domains": ["zerno.coffee", "shop.zerno.ru"],
    }
    assert lint_paths([tmp_path], cwd=tmp_path).findings == []


def test_on_a_terminal_enter_takes_the_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(scaffold, "_interactive", lambda: True)
    monkeypatch.setenv("TZ", "Europe/Berlin")
    result = init(tmp_path / "zerno-smm", "--month", "2027-01", input="\n" * 4)
    assert result.exit_code == 0, result.output
    assert "Time zone [Europe/Berlin]: " in result.output
    assert "Own site domains (comma-separated) [example.com]: " in result.output
    assert load(tmp_path / "zerno-smm", ".smmlint.yaml")["account"] == {
        "name": "zerno-smm",
        "type": "company",
        "timezone": "Europe/Berlin",
        "domains": ["example.com"],
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--timezone", "Mars/Olympus"], "unknown time zone 'Mars/Olympus'"),
        (["--domain", "not a domain"], "'not a domain' is not a domain name"),
        (["--type", "robot"], "'robot' is not one of"),
        (["--month", "2027-13"], "'2027-13' is not a month such as 2027-01"),
    ],
)
def test_bad_options_are_usage_errors_and_write_nothing(
    tmp_path: Path, args: list[str], message: str
) -> None:
    result = init(tmp_path, *args)
    assert result.exit_code == 2
    assert message in result.output
    assert files_in(tmp_path) == {}


def test_init_says_what_is_wrong_and_never_shows_a_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from smmlint.cli import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(scaffold, "_interactive", lambda: False)
    args = ["init", "--type", "company", "--timezone", "UTC", "--domain", "x.ru"]
    # A name the terminal's encoding could not read (invalid UTF-8 bytes arrive as surrogates).
    result = CliRunner().invoke(main, [*args, "--name", "\udced\udca0\udc80"])
    assert result.exit_code == 2 and "the name is not readable text" in result.output

    def broken(path: Path, text: str) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(scaffold, "write_atomically", broken)
    result = CliRunner().invoke(main, [*args, "--name", "Колосок"])
    assert result.exit_code == 3 and "internal error: RuntimeError: disk on fire" in result.output
    assert "Traceback" not in result.output


def test_in_a_folder_of_a_repository_the_root_only_files_are_skipped(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    result = init(tmp_path / "flor", *OPTIONS)
    assert result.exit_code == 0, result.output
    written = set(files_in(tmp_path / "flor"))
    assert written == FILES - {".pre-commit-config.yaml", ".github/workflows/smmlint.yml"}
    assert f"skipped .pre-commit-config.yaml: it works only at the repository's root ({tmp_path})" in result.output
    assert "own site domains" not in result.output  # given; only the type was taken as the default
    # At the root itself every file is written.
    assert not (tmp_path / ".smmlint.yaml").exists() and init(tmp_path, *OPTIONS).exit_code == 0
    assert FILES <= set(files_in(tmp_path))


def test_without_a_terminal_the_defaults_taken_are_told(tmp_path: Path) -> None:
    result = init(tmp_path / "zerno", "--name", "Zerno")
    assert "Taken without asking (no terminal): account type company; time zone" in result.output
    assert "own site domains example.com" in result.output and "account name" not in result.output


def test_a_folder_named_in_bytes_that_are_not_utf8_gets_a_default_name(tmp_path: Path) -> None:
    folder = Path(os.fsdecode(bytes(tmp_path) + b"/\xff\xfe"))
    result = init(folder)
    assert result.exit_code == 0, result.output
    assert load(folder, ".smmlint.yaml")["account"]["name"] == "My community"


def test_in_a_folder_of_a_repository_it_does_not_suggest_pre_commit_install(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    output = init(tmp_path / "flor", *OPTIONS).output
    assert "pre-commit install" not in output
    assert f"{scaffold.REPOSITORY}/blob/main/docs/pre-commit.md" in output
