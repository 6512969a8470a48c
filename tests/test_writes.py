"""Writing files atomically: whole or not at all, keeping a replaced file's permissions."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from smmlint.writes import write_atomically


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_a_replaced_file_keeps_its_mode_and_a_new_one_follows_the_umask(tmp_path: Path) -> None:
    private = tmp_path / "log.jsonl"
    private.write_text("old\n", encoding="utf-8")
    private.chmod(0o600)
    write_atomically(private, "new\n")
    assert private.read_text(encoding="utf-8") == "new\n"
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    umask = os.umask(0o022)
    try:
        write_atomically(tmp_path / "fresh.yaml", "x\n")
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "fresh.yaml").stat().st_mode) == 0o644
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary file left


@pytest.mark.skipif(os.name != "posix", reason="symlinks")
def test_a_symbolic_link_is_written_through(tmp_path: Path) -> None:
    target = tmp_path / "real.yaml"
    target.write_text("old\n", encoding="utf-8")
    link = tmp_path / "plan.yaml"
    link.symlink_to(target)
    write_atomically(link, "new\n")
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "new\n"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_what_is_not_a_regular_file_is_written_into_never_replaced(tmp_path: Path) -> None:
    # `smmlint check -o /dev/null` run as root once replaced /dev/null with a report (a pipe
    # stands for every such file here: a regression must not break the machine's /dev/null).
    pipe = tmp_path / "report.fifo"
    os.mkfifo(pipe)
    reader = os.open(pipe, os.O_RDONLY | os.O_NONBLOCK)  # a reader waiting, as `cat pipe` would
    try:
        write_atomically(pipe, "findings\n")
        assert os.read(reader, 100) == b"findings\n"
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(pipe.stat().st_mode)
