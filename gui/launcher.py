"""The ``parley`` console script: CLI commands run without Qt; no command opens the app."""

from __future__ import annotations

import argparse
import sys

from parley.core.cli.main import main as cli_main


def _run_gui(args: argparse.Namespace) -> int:
    from parley.gui.app import run  # Qt is imported only when the window is wanted

    return run(args)


def main() -> None:
    sys.exit(cli_main(gui_main=_run_gui))
