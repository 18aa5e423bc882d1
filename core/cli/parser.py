"""The command line's grammar, kept apart from the commands so that parsing imports nothing heavy.

Each command's module is imported only when that command runs (``module`` names it); opening the
app therefore pays for none of them.
"""

from __future__ import annotations

import argparse

from .. import __version__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="parley",
        description="Parley: a desktop chat client for Claude. Run without a command to open the app.",
    )
    parser.add_argument("--version", action="version", version=f"parley {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="keep every file Parley writes (settings, history, logs) under DIR (also: PARLEY_DATA_DIR)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    _ask(sub)
    _models(sub)
    return parser


def _ask(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "ask",
        help="send one prompt and stream the answer",
        description="Send PROMPT (or stdin with '-') and stream the answer to stdout, the "
        "thinking summary to stderr. The chat is saved in the history.",
    )
    p.add_argument("prompt", metavar="PROMPT", help="the prompt, or - to read it from stdin")
    p.add_argument("-m", "--model", help="model id (see 'parley models'); default from settings")
    p.add_argument("-e", "--effort", help="low, medium, high, xhigh or max, where the model accepts it")
    p.add_argument("--no-thinking", action="store_true", help="turn thinking off for this chat")
    p.add_argument("--budget-tokens", type=int, metavar="N", help="thinking budget (Sonnet 4.5, Haiku 4.5)")
    p.add_argument("--max-tokens", type=int, metavar="N", help="cap on the reply's length in tokens")
    p.add_argument("--system", metavar="TEXT", help="system prompt")
    p.add_argument("--chat", metavar="ID", help="continue a saved chat (id or unique prefix)")
    p.add_argument("--json", action="store_true", help="print one JSON object at the end")
    p.set_defaults(module="ask")


def _models(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("models", help="list the models Parley knows, with what each accepts")
    p.add_argument("--json", action="store_true", help="print the catalog as JSON")
    p.add_argument("--refresh", action="store_true", help="ask the endpoint's GET /v1/models first (needs a key)")
    p.set_defaults(module="models")
