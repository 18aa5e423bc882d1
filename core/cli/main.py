"""``parley``: with no command it opens the desktop app; commands run on the same core.

The GUI is handed in by the launcher (``parley.gui.launcher``) as a callable, so this module,
like all of core, never imports Qt.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from .. import __version__
from ..context import Context
from ..errors import ParleyError
from . import ask, models

GuiMain = Callable[[argparse.Namespace], int]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="parley",
        description="Parley: a desktop chat client for Claude. Run without a command to open the app.",
    )
    parser.add_argument("--version", action="version", version=f"parley {__version__}")
    parser.add_argument("--data-dir", metavar="DIR",
                        help="keep every file Parley writes (settings, history, logs) under DIR "
                             "(also: PARLEY_DATA_DIR)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    ask.add_parser(sub)
    models.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None, *, gui_main: GuiMain | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        if gui_main is None:
            parser.print_help()
            return 0
        return gui_main(args)
    try:
        ctx = Context.create(args.data_dir)
        for notice in ctx.settings.notices:
            print(f"parley: {notice}", file=sys.stderr)
        code: int = args.run(args, ctx)
        return code
    except ParleyError as exc:
        print(f"parley {args.command}: {exc.user_message}", file=sys.stderr)
        return 3
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
