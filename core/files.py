"""Writing a file so that a crash or a full disk never leaves it half-written under its real name."""

from __future__ import annotations

import os
from pathlib import Path


def write_text_atomically(path: Path, text: str) -> None:
    """Write *text* (UTF-8) beside *path*, then rename it over *path* in one step; the parent folder
    is created when missing. On failure the old file is untouched and no temporary file is left."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
