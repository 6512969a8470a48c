"""Writing files the way a linter must: whole or not at all (temp file, then rename)."""

from __future__ import annotations

import os
import stat
from pathlib import Path


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that readers see the old file or the new one, never half.
    A symbolic link is written through: the file it points to is replaced, the link stays.
    What is not a regular file (``/dev/null``, a named pipe) is written into, never replaced."""
    if path.is_symlink():
        path = path.resolve()
    try:
        special = not stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        special = False  # nothing there yet: a new file
    if special:
        with open(path, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        return
    folder = path.parent if str(path.parent) else Path(".")
    folder.mkdir(parents=True, exist_ok=True)
    import tempfile  # only when a file is written

    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        # mkstemp makes the file private: a file replaced keeps its mode (a private log stays
        # private), a new one is an ordinary file (0666 less the umask).
        try:
            mode = stat.S_IMODE(os.stat(path).st_mode)
        except OSError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
