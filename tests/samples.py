"""Small documents several test modules lint."""

from __future__ import annotations

from pathlib import Path

import pytest

# Real exports, kept beside the checkout (../shared/samples); tests skip when they are absent.
SHARED_SAMPLES = Path(__file__).resolve().parents[1].parent / "shared" / "samples"


def shared_sample(folder: str, name: str) -> Path:
    """``../shared/samples/<folder>/<name>``, or a skip saying it is not there."""
    path = SHARED_SAMPLES / folder / name
    if not path.is_file():
        pytest.skip(f"../shared/samples/{folder}/{name} not present")
    return path

BUSY_DAY = """\
kind: plan
account: {name: Zerno Coffee, type: company, timezone: Europe/Moscow}
posts:
  - {id: a, at: 2026-12-01 09:00, platform: vk, format: photo, text: Доброе утро}
  - {id: b, at: 2026-12-01 13:00, platform: vk, format: story, text: Новое меню}
  - {id: c, at: 2026-12-01 18:00, platform: vk, format: poll, text: Какой кофе взять?}
"""
NIGHT_ONLY = """\
kind: plan
account: {type: company, timezone: Europe/Moscow}
posts:
  - {id: a, at: 2026-12-01 23:30, platform: vk, format: photo}
"""
