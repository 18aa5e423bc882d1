"""Builds the frozen one-folder app, on any OS: ``python packaging/build.py``.

Run it with the Python that has Parley and PyInstaller installed (packaging/linux/build.sh makes
that environment). Steps:

1. compile the translations (``resources/i18n/*.ts`` → ``.qm``) with the ``lrelease`` in the PySide6 wheel;
2. generate the icons from ``resources/icons/parley.svg`` (packaging/icons.py);
3. run PyInstaller on packaging/parley.spec → ``dist/parley/`` (``dist/Parley.app`` on macOS).

Generated files go to ``build/packaging/`` (git-ignored); nothing generated is committed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "packaging"))

import icons  # noqa: E402  (beside this file, not a package)


def say(message: str) -> None:
    sys.stdout.write(f"==> {message}\n")
    sys.stdout.flush()


def compile_translations(out: Path) -> list[Path]:
    """Every ``.ts`` in resources/i18n compiled to ``.qm`` in *out*; fails on any error."""
    import PySide6

    lrelease = Path(PySide6.__file__).parent / ("lrelease.exe" if os.name == "nt" else "lrelease")
    out.mkdir(parents=True, exist_ok=True)
    compiled = []
    for source in sorted((ROOT / "resources" / "i18n").glob("*.ts")):
        target = out / source.with_suffix(".qm").name
        subprocess.run([str(lrelease), "-silent", str(source), "-qm", str(target)], check=True)
        if not target.is_file() or target.stat().st_size == 0:
            raise SystemExit(f"lrelease wrote nothing for {source}")
        compiled.append(target)
    if not compiled:
        raise SystemExit("no translations found in resources/i18n")
    return compiled


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def build(dist: Path, work: Path) -> Path:
    """The whole build; returns the app folder (or .app bundle)."""
    started = time.monotonic()
    generated = work / "generated"
    shutil.rmtree(generated, ignore_errors=True)
    say("translations")
    for qm in compile_translations(generated / "i18n"):
        say(f"  {qm.name} ({qm.stat().st_size:,} bytes)")
    say("icons from resources/icons/parley.svg")
    say(f"  {len(icons.generate(generated / 'icons'))} files")
    say("PyInstaller (one folder)")
    env = {**os.environ, "PARLEY_GENERATED": str(generated)}
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level=WARN",
            f"--distpath={dist}",
            f"--workpath={work / 'pyinstaller'}",
            str(ROOT / "packaging" / "parley.spec"),
        ],
        check=True,
        env=env,
    )
    app = dist / ("Parley.app" if sys.platform == "darwin" else "parley")
    say(f"built {app} in {time.monotonic() - started:.0f} s, {folder_size(app) / 1e6:.0f} MB")
    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="where the app folder goes")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "packaging", help="scratch space")
    args = parser.parse_args()
    build(args.dist.resolve(), args.work.resolve())


if __name__ == "__main__":
    main()
