"""The ``parley`` console script: CLI commands run without Qt; no command opens the app.

``parley`` alone (how the desktop entry starts it) goes straight to the window, without building
the CLI's argument parser first: every millisecond before the first paint shows.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse


def _hold_collection() -> None:
    """No cyclic garbage collection until the first paint (app.py turns it back on): the start-up
    imports create ~150k long-lived objects, and the collector's passes over them cost ~14 ms
    (tests/perf/startup_bench.py) while collecting nothing."""
    import gc

    gc.disable()


def _run_gui(args: argparse.Namespace) -> int:
    _hold_collection()
    from parley.gui.pyside_hook import quiet_feature_scan

    quiet_feature_scan()
    from parley.gui.app import run  # Qt is imported only when the window is wanted

    return run(getattr(args, "data_dir", None), debug=bool(getattr(args, "debug", False)))


def main() -> None:
    if len(sys.argv) == 1:
        _hold_collection()
        # What the first paint needs from the core, before PySide6 is imported: PySide6's import hook
        # then inspects every later module (quiet_feature_scan turns its source scan off).
        import parley.core.context
        import parley.core.presentation.design  # noqa: F401
        from parley.gui.pyside_hook import quiet_feature_scan

        quiet_feature_scan()  # before the GUI modules: PySide6 would read each one's source
        from parley.gui.app import run

        sys.exit(run(None))
    from parley.core.cli.main import main as cli_main

    sys.exit(cli_main(gui_main=_run_gui))
