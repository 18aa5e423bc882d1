"""``parley chats`` and ``parley search``: the history, offline, as a table or JSON."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime

from ..context import Context
from ..errors import ConfigError
from ..history.store import ChatRow, SearchHit

BOLD, RESET = "\033[1m", "\033[0m"


def run(args: argparse.Namespace, ctx: Context) -> int:
    with ctx.open_store() as store:
        if args.command == "chats":
            chats = store.list_chats(limit=args.limit if args.limit > 0 else -1)
            if args.json:
                print(json.dumps([_chat_json(c) for c in chats], ensure_ascii=False, indent=1))
            else:
                for c in chats:
                    print(
                        f"{c.id[:8]}  {_day(c.updated_at)}  {'📌 ' if c.pinned else ''}{c.title}"
                        f"{'  · ' + c.model if c.model else ''}"
                    )
            return 0
        hits = store.search(
            args.query,
            model=args.model,
            since=_date(args.since, "--since"),
            until=_date(args.until, "--until"),
            include_thinking=args.thinking,
            limit=args.limit,
        )
    if args.json:
        print(json.dumps([_hit_json(h) for h in hits], ensure_ascii=False, indent=1))
    else:
        color = sys.stdout.isatty()
        for h in hits:
            text = h.snippet.marked(BOLD, RESET) if color else h.snippet.marked("[", "]")
            print(f"{h.chat_id[:8]}  {_day(h.created_at)}  {h.chat_title}\n    {text}")
        if not hits:
            print("No matches.", file=sys.stderr)
    return 0 if hits else 1


def _day(ts: float) -> str:
    return datetime.fromtimestamp(ts).strftime("%Y-%m-%d")


def _date(text: str | None, option: str) -> float | None:
    if text is None:
        return None
    try:
        return datetime.strptime(text, "%Y-%m-%d").timestamp()
    except ValueError as exc:
        raise ConfigError(f"{option} {text!r} is not a date", hint="Write it as YYYY-MM-DD") from exc


def _chat_json(c: ChatRow) -> dict[str, object]:
    return {
        "id": c.id,
        "title": c.title,
        "created_at": c.created_at,
        "updated_at": c.updated_at,
        "model": c.model,
        "effort": c.effort,
        "pinned": c.pinned,
        "kind": c.kind,
    }


def _hit_json(h: SearchHit) -> dict[str, object]:
    return {
        "chat_id": h.chat_id,
        "chat_title": h.chat_title,
        "message_id": h.message_id,
        "role": h.role,
        "model": h.model,
        "created_at": h.created_at,
        "snippet": h.snippet.text,
        "matches": [list(s) for s in h.snippet.spans],
    }
