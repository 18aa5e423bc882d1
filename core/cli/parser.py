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
    parser.add_argument(
        "--debug",
        action="store_true",
        help="write requests, statuses and retries to the log file, keys redacted (also: PARLEY_LOG=debug)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    _ask(sub)
    _models(sub)
    _history(sub)
    _compare(sub)
    _mcp(sub)
    return parser


def _ask(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "ask",
        help="send one prompt and stream the answer",
        description="Send PROMPT (or stdin with '-') and stream the answer to stdout, the "
        "thinking summary to stderr. The chat is saved in the history.",
    )
    p.add_argument("prompt", metavar="PROMPT", nargs="?", default="", help="the prompt, or - to read it from stdin")
    p.add_argument("-m", "--model", help="model id (see 'parley models'); default from settings")
    p.add_argument("-e", "--effort", help="low, medium, high, xhigh or max, where the model accepts it")
    p.add_argument(
        "-a",
        "--attach",
        action="append",
        default=[],
        metavar="PATH",
        help="attach an image (PNG, JPEG, GIF, WebP), a PDF or a text file; repeat for more",
    )
    p.add_argument(
        "--continue",
        dest="continue_answer",
        action="store_true",
        help="with --chat: continue an answer that stopped at the length limit, or that the API paused",
    )
    p.add_argument(
        "--compaction",
        action="store_true",
        help="let the API summarise the start of this chat when it grows long (Opus 4.7/4.6, Sonnet 4.6)",
    )
    p.add_argument("--no-thinking", action="store_true", help="turn thinking off for this chat")
    p.add_argument("--budget-tokens", type=int, metavar="N", help="thinking budget (Sonnet 4.5, Haiku 4.5)")
    p.add_argument("--max-tokens", type=int, metavar="N", help="cap on the reply's length in tokens")
    p.add_argument("--system", metavar="TEXT", help="system prompt")
    p.add_argument("--chat", metavar="ID", help="continue a saved chat (id or unique prefix)")
    p.add_argument("--json", action="store_true", help="print one JSON object at the end")
    p.add_argument(
        "--workspace", metavar="DIR", help="let Claude view files in DIR with the text editor tool (edits are declined)"
    )
    p.add_argument("--allow-writes", action="store_true", help="with --workspace: apply Claude's edits too")
    p.add_argument(
        "--mcp",
        action="append",
        default=None,
        metavar="NAME",
        help="let Claude use this MCP server's tools (repeatable; default: the servers on by default)",
    )
    p.add_argument("--no-mcp", action="store_true", help="no MCP servers for this ask")
    p.add_argument(
        "--memory",
        action="store_true",
        help="let Claude keep notes in the memory folder (the memory tool; also on when Settings turn it on)",
    )
    p.add_argument(
        "--approve-tools",
        action="store_true",
        help="run MCP tool calls without asking (otherwise those that need approval are declined)",
    )
    web = p.add_argument_group(
        "web", "web search and fetch (on by default at Anthropic's endpoint; a chat remembers what these flags chose)"
    )
    web.add_argument("--web-search", action="store_true", help="let Claude search the web (with only --web-fetch: off)")
    web.add_argument("--web-fetch", action="store_true", help="let Claude read web pages (with only --web-search: off)")
    web.add_argument("--no-web", action="store_true", help="neither search nor fetch in this chat")
    web.add_argument("--max-searches", type=int, metavar="N", help="at most N searches for one answer (1-50)")
    web.add_argument("--domains", metavar="A,B", help="search and read only these domains (e.g. python.org,lwn.net)")
    p.set_defaults(module="ask")


def _models(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("models", help="list the models Parley knows, with what each accepts")
    p.add_argument("--json", action="store_true", help="print the catalog as JSON")
    p.add_argument("--refresh", action="store_true", help="ask the endpoint's GET /v1/models first (needs a key)")
    p.set_defaults(module="models")


def _history(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("chats", help="list saved chats, pinned first, newest first")
    p.add_argument("--limit", type=int, default=50, metavar="N", help="how many (default 50; 0 for all)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(module="history")

    p = sub.add_parser(
        "search",
        help="full-text search over every saved chat (works offline)",
        description="Find chats whose title or messages contain every word of QUERY. "
        'Words match by prefix; "quoted phrases" match in order; Chinese matches inside sentences.',
    )
    p.add_argument("query", metavar="QUERY")
    p.add_argument("--model", help="only messages from this model")
    p.add_argument("--since", metavar="YYYY-MM-DD", help="only messages from this day on")
    p.add_argument("--until", metavar="YYYY-MM-DD", help="only messages before this day")
    p.add_argument("--thinking", action="store_true", help="search the thinking summaries too")
    p.add_argument("--limit", type=int, default=50, metavar="N")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(module="history")

    p = sub.add_parser(
        "export",
        help="write chats to Markdown, JSON (lossless) or HTML",
        description="Export the chats with these ids (or unique prefixes), or --all.",
    )
    p.add_argument("ids", nargs="*", metavar="ID")
    p.add_argument("--all", action="store_true", help="every saved chat")
    p.add_argument("--format", choices=("md", "json", "html"), default="md")
    p.add_argument("--no-thinking", action="store_true", help="leave the thinking summaries out")
    p.add_argument("-o", "--output", metavar="PATH", help="write to PATH (default: stdout)")
    p.set_defaults(module="transfer")

    p = sub.add_parser(
        "import",
        help="import Parley JSON, a Claude.ai export or a ChatGPT export",
        description="PATH is Parley's JSON export, or conversations.json (or the export zip) from "
        "Claude.ai or ChatGPT. All or nothing; chats already imported are skipped.",
    )
    p.add_argument("path", metavar="PATH")
    p.set_defaults(module="transfer")


def _compare(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "compare",
        help="one prompt, 2-4 models answering at the same time, with a metrics table",
        description="Send PROMPT to every -m column at once and print each answer and a table of time to "
        "first token, tokens per second, tokens, cost and stop reason. MODEL:EFFORT picks an effort "
        "(low, medium, high, xhigh, max); MODEL:N a thinking budget; MODEL:off no thinking.",
    )
    p.add_argument("prompt", metavar="PROMPT", help="the prompt, or - to read it from stdin")
    p.add_argument(
        "-m", "--model", dest="columns", action="append", metavar="MODEL[:EFFORT]", help="a column (2 to 4 of them)"
    )
    p.add_argument("--chat", metavar="ID", help="a follow-up in a saved comparison (each column continues its thread)")
    p.add_argument("--max-tokens", type=int, metavar="N", help="cap on each reply's length in tokens")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    p.set_defaults(module="compare")


def _mcp(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("mcp", help="the MCP servers whose tools Claude may use")
    actions = p.add_subparsers(dest="mcp_command", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="the servers, how each is reached, and whether it is on")
    listing.add_argument("--json", action="store_true", help="print JSON")
    add = actions.add_parser(
        "add",
        usage="parley mcp add NAME [options] -- COMMAND [ARGS...]  |  parley mcp add NAME --url URL [--header K=V]...",
        help="add a server: NAME -- COMMAND [ARGS...] (stdio), or NAME --url URL (HTTP)",
        description="Values of --env and --header go to the OS keyring, never to a file.",
    )
    add.add_argument("name", metavar="NAME")
    add.add_argument("--url", metavar="URL", help="a streamable HTTP server's address")
    add.add_argument("--header", action="append", default=[], metavar="K=V", help="an HTTP header (repeatable)")
    add.add_argument("--env", action="append", default=[], metavar="K=V", help="an environment variable (repeatable)")
    add.add_argument("--cwd", metavar="DIR", help="the stdio server's working directory")
    add.add_argument("--trusted", action="store_true", help="its read-only tools run without asking")
    add.add_argument("--off", action="store_true", help="not on by default in new chats")
    # (COMMAND [ARGS...] after "--" is split off before parsing: see server_command)
    remove = actions.add_parser("remove", help="remove a server (and its secrets)")
    remove.add_argument("name", metavar="NAME")
    imported = actions.add_parser("import", help="add the servers of Claude Desktop's claude_desktop_config.json")
    imported.add_argument("path", nargs="?", metavar="PATH", help="the file (default: Claude Desktop's own)")
    tools = actions.add_parser("tools", help="start a server and list its tools")
    tools.add_argument("name", metavar="NAME")
    tools.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(module="mcp")


def server_command(argv: list[str]) -> tuple[list[str], list[str]]:
    """``parley mcp add NAME … -- COMMAND [ARGS…]``: the arguments before ``--``, and the server's
    command after it (left whole: its own options are not Parley's)."""
    if "--" not in argv:
        return argv, []
    cut = argv.index("--")
    if "mcp" in argv[:cut] and "add" in argv[:cut]:
        return argv[:cut], argv[cut + 1 :]
    return argv, []
