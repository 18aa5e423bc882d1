"""The screen gallery: every screen at 700×500 and 1400×900, light and dark, English and Chinese.

    python -m tests.gallery [OUT] [--only SCREEN ...]

writes ``OUT/<screen>-<width>x<height>-<theme>-<language>.png`` (default ``shots/gallery``, kept out
of git) and prints the paths. Look at every picture. Each language and theme runs in a process of
its own, offscreen, against the fake API (tests/gui/screens.py builds the screens).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

SIZES = ((700, 500), (1400, 900))
THEMES = ("light", "dark")
LANGUAGES = ("en", "zh_CN")


def _one(out: Path, language: str, theme: str, only: list[str]) -> None:
    from parley.gui import i18n
    from parley.gui.app import create_app
    from tests.gui.screens import SCREENS, stage

    app = create_app()
    i18n.Language(language).install()
    for name, build in SCREENS.items():
        if only and name not in only:
            continue
        for width, height in SIZES:
            with stage((width, height), theme) as s:
                widget = build(s)
                s.pump(150)
                path = out / f"{name}-{width}x{height}-{theme}-{language}.png"
                widget.grab().save(str(path))
                sys.stdout.write(f"{path}\n")
                sys.stdout.flush()
    del app


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", default="shots/gallery")
    parser.add_argument("--only", nargs="*", default=[], help="screen names (default: all)")
    parser.add_argument("--one", nargs=2, metavar=("LANGUAGE", "THEME"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    if args.one:
        _one(out, args.one[0], args.one[1], args.only)
        return 0
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LANG": "C.UTF-8"}
    failed = 0
    for language in LANGUAGES:
        for theme in THEMES:
            command = [sys.executable, "-m", "tests.gallery", str(out), "--one", language, theme]
            if args.only:
                command += ["--only", *args.only]
            failed += subprocess.run(command, env=env, check=False).returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
