"""The workspace sandbox: every path Claude names must resolve to a file inside one folder.

Refused, each with a message Claude can act on: empty or over-long paths; control, invisible and
bidirectional characters (they disguise names in the approval dialog); look-alike characters that
normalise (NFKC) to separators or ``..`` or merely look like them; any ``..`` component; ``~``; absolute paths (POSIX,
drive letters, UNC) outside the workspace; anything whose real path (after symbolic links) leaves
the workspace; devices, FIFOs and sockets; files over the size limit. Files are opened with
``O_NOFOLLOW`` and checked again after opening, so a swap between check and use fails closed.
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path

MAX_PATH_CHARS = 1024
DEFAULT_MAX_FILE_BYTES = 2_000_000
_SEPARATORS = re.compile(r"[\\/]+")
_DRIVE = re.compile(r"^[A-Za-z]:")
# Characters that look like a slash or dots but are not (NFKC keeps some of them as they are).
_LOOK_ALIKES = set("\u2215\u2044\u29f8\u29f5\u2216\ufe68\uff0f\uff3c\u2024\u2025\ufe52\uff0e")
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_BINARY = getattr(os, "O_BINARY", 0)


class Refused(Exception):
    """A tool call Parley will not carry out; the message goes back to Claude as an error result."""


@dataclass(frozen=True, slots=True)
class Target:
    """A checked path: ``real`` is the resolved path inside the workspace, ``shown`` is relative."""

    real: Path
    shown: str
    exists: bool
    is_dir: bool
    size: int


def _mb(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB"


class Workspace:
    """One folder the user chose for a chat. Paths are relative to it (absolute ones must lie in it)."""

    def __init__(self, root: Path | str, *, max_file_bytes: int = DEFAULT_MAX_FILE_BYTES) -> None:
        real = Path(os.path.realpath(root))
        if not real.is_dir():
            raise Refused(f"The workspace folder {root} does not exist or is not a folder")
        self.root = real
        self.max_file_bytes = max_file_bytes

    # ------------------------------------------------------------ paths

    def resolve(self, raw: object, *, want: str = "file", must_exist: bool = True) -> Target:
        """Check *raw* and return where it leads. *want* is "file", "dir" or "any" (for view)."""
        parts = self._parts(raw)
        candidate = self.root.joinpath(*parts)
        real = Path(os.path.realpath(candidate))
        if real != self.root and not real.is_relative_to(self.root):
            raise Refused(f"{raw} leads outside the workspace (through a symbolic link); it was not touched")
        shown = real.relative_to(self.root).as_posix() if real != self.root else "."
        try:
            info = os.stat(real)
        except FileNotFoundError:
            if must_exist:
                raise Refused(f"File not found: {shown}") from None
            return Target(real, shown, False, False, 0)
        except OSError as error:
            raise Refused(f"Cannot read {shown}: {error.strerror or error}") from None
        is_dir = stat.S_ISDIR(info.st_mode)
        if not is_dir and not stat.S_ISREG(info.st_mode):
            raise Refused(f"{shown} is not a regular file (a device, FIFO or socket); it was not touched")
        if is_dir and want == "file":
            raise Refused(f"{shown} is a folder, not a file")
        if not is_dir and want == "dir":
            raise Refused(f"{shown} is a file, not a folder")
        if not is_dir and info.st_size > self.max_file_bytes:
            raise Refused(
                f"{shown} is {_mb(info.st_size)}; Parley reads and edits files up to {_mb(self.max_file_bytes)}"
            )
        return Target(real, shown, True, is_dir, info.st_size)

    def _parts(self, raw: object) -> list[str]:
        if not isinstance(raw, str) or not raw.strip():
            raise Refused("A path is required, relative to the workspace folder (for example src/main.py)")
        if len(raw) > MAX_PATH_CHARS:
            raise Refused(f"The path is longer than {MAX_PATH_CHARS} characters")
        odd = next((c for c in raw if unicodedata.category(c)[0] == "C"), None)
        if odd is not None:
            raise Refused(f"The path contains an invisible or control character (U+{ord(odd):04X}); it was refused")
        folded = unicodedata.normalize("NFKC", raw)
        disguised = folded != raw and (
            len(_SEPARATORS.findall(folded)) != len(_SEPARATORS.findall(raw))
            or ".." in _SEPARATORS.split(folded)
            or bool(_DRIVE.match(folded))
        )
        if disguised or _LOOK_ALIKES.intersection(raw):
            raise Refused(f"{raw} uses look-alike characters for dots or slashes; it was refused")
        if raw.startswith("~"):
            raise Refused(f"{raw}: home-folder paths are not expanded; use a path inside the workspace")
        parts = _SEPARATORS.split(raw)
        if ".." in parts:
            raise Refused(f"{raw}: '..' is not allowed; paths must stay inside the workspace")
        absolute = raw[0] in "/\\" or bool(_DRIVE.match(raw))
        if absolute:
            inside = self._inside_parts(raw)
            if inside is None:
                raise Refused(
                    f"{raw} is outside the workspace; use a path relative to the workspace folder "
                    f"(for example {parts[-1] or '.'})"
                )
            return inside
        return [p for p in parts if p not in ("", ".")]

    def _inside_parts(self, raw: str) -> list[str] | None:
        """An absolute path's components below the workspace root, or None if it is elsewhere."""
        if os.sep == "/" and (_DRIVE.match(raw) or raw.startswith("\\")):
            return None
        path = Path(os.path.normpath(raw))
        for root in {self.root, Path(os.path.abspath(self.root))}:
            if path == root or path.is_relative_to(root):
                return [p for p in path.relative_to(root).parts if p not in ("", ".")]
        return None

    # ------------------------------------------------------------ bytes

    def read_bytes(self, target: Target) -> bytes:
        """The file's bytes, opened without following a final symbolic link and re-checked after opening."""
        try:
            fd = os.open(target.real, os.O_RDONLY | _NOFOLLOW | _NONBLOCK | _BINARY)
        except OSError as error:
            raise Refused(f"Cannot read {target.shown}: {error.strerror or error}") from None
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise Refused(f"{target.shown} is not a regular file; it was not touched")
            if info.st_size > self.max_file_bytes:
                raise Refused(f"{target.shown} is over {_mb(self.max_file_bytes)}")
            return handle.read(self.max_file_bytes + 1)

    def write_bytes(self, target: Target, data: bytes) -> None:
        """Replace (or create) the file whole: a temporary file in the same folder, flushed, then renamed
        over the target, so a stop or crash leaves the old file or the new one, never half of each."""
        if len(data) > self.max_file_bytes:
            raise Refused(f"The new {target.shown} would be {_mb(len(data))}; the limit is {_mb(self.max_file_bytes)}")
        parent = self._make_parents(target)
        import tempfile

        fd, tmp = tempfile.mkstemp(dir=parent, prefix=".parley-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            if target.exists:
                os.chmod(tmp, stat.S_IMODE(os.stat(target.real).st_mode))
            os.replace(tmp, target.real)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def remove(self, target: Target) -> None:
        target.real.unlink(missing_ok=True)

    def _make_parents(self, target: Target) -> Path:
        parent = target.real.parent
        missing: list[Path] = []
        while not parent.exists():
            missing.append(parent)
            parent = parent.parent
        for folder in reversed(missing):
            os.mkdir(folder)
            if not Path(os.path.realpath(folder)).is_relative_to(self.root):
                raise Refused(f"{target.shown} would be created outside the workspace")
        real_parent = Path(os.path.realpath(target.real.parent))
        if not real_parent.is_relative_to(self.root):
            raise Refused(f"{target.shown} would be written outside the workspace")
        return real_parent
