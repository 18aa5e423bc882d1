"""``parley export`` and ``parley import``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..context import Context
from ..errors import ConfigError
from ..transfer.export import export, write_export
from ..transfer.importers import import_file


def run(args: argparse.Namespace, ctx: Context) -> int:
    with ctx.open_store() as store:
        if args.command == "import":
            report = import_file(store, Path(args.path))
            print(
                f"{report.format}: imported {report.added} chat(s)"
                + (f", skipped {report.skipped} already in the history" if report.skipped else "")
                + ".",
                file=sys.stderr,
            )
            return 0
        if args.all == bool(args.ids):
            raise ConfigError("Name the chats to export, or --all (not both)", hint="See 'parley chats' for ids")
        ids = [c.id for c in store.list_chats(limit=-1)] if args.all else []
        for given in args.ids:
            chat = store.find_chat(given)
            if chat is None:
                raise ConfigError(f"No chat with id {given!r}", hint="See 'parley chats' for ids")
            ids.append(chat.id)
        if args.output:
            write_export(store, ids, args.format, Path(args.output), thinking=not args.no_thinking)
            print(f"Exported {len(ids)} chat(s) to {args.output}", file=sys.stderr)
        else:
            sys.stdout.write(export(store, ids, args.format, thinking=not args.no_thinking))
    return 0
