"""The benchmark script runs end to end in its quick mode; it reports, never gates."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_bench_quick_mode_runs_and_prints_the_table(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--quick", "--out", str(tmp_path)],
        capture_output=True, text=True, timeout=300, cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "file " in result.stdout and "smmlint s" in result.stdout
    assert "plan 1,000 posts" in result.stdout and "log 10,000 events" in result.stdout
    assert "FAILED" not in result.stdout, result.stdout
    assert "reading alone" in result.stdout and "checking adds" in result.stdout
