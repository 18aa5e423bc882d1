"""``parley``: with no command it opens the desktop app; commands run on the same core.

The GUI is handed in by the launcher (``parley.gui.launcher``) as a callable, so this module,
like all of core, never imports Qt.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence

from .parser import build_parser, server_command

GuiMain = Callable[[argparse.Namespace], int]


def main(argv: Sequence[str] | None = None, *, gui_main: GuiMain | None = None) -> int:
    parser = build_parser()
    own, server = server_command(list(sys.argv[1:] if argv is None else argv))
    args = parser.parse_args(own)
    args.server_command = server
    if args.command is None:
        if gui_main is None:
            parser.print_help()
            return 0
        return gui_main(args)
    from .. import logs
    from ..context import Context
    from ..errors import ParleyError
    from ..paths import Paths

    try:
        ctx = Context.create(args.data_dir)
        logs.configure(ctx.paths.log_dir, "debug" if args.debug else None)
        for notice in ctx.settings.notices:
            print(f"parley: {notice}", file=sys.stderr)
        command = importlib.import_module(f"parley.core.cli.{args.module}")
        code: int = command.run(args, ctx)
        return code
    except ParleyError as exc:
        print(f"parley {args.command}: {exc.user_message}", file=sys.stderr)
        return 3
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug: say so in one line, keep the details (redacted) in a report
        report = logs.write_crash_report(Paths.resolve(args.data_dir).log_dir, type(exc), exc, exc.__traceback__)
        print(
            f"parley {args.command}: unexpected error ({logs.redact(repr(exc))}); a report is in {report}",
            file=sys.stderr,
        )
        return 70  # EX_SOFTWARE


if __name__ == "__main__":
    sys.exit(main())
