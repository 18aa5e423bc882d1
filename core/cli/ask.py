"""``parley ask``: one prompt, the answer streamed to stdout and the thinking summary to stderr.

Exit codes: 0 answered, 2 usage error (refused before any request), 3 API/network/config error,
4 refusal, 130 interrupted. ``--json`` prints one object at the end instead of streaming.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Awaitable, Callable
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from ..attachments import read_attachment
from ..chat import MAX_CONTINUATIONS, ChatRunner
from ..chat_setup import ChatSetup
from ..context import Context
from ..conversation import continuation_prompt, text_of
from ..errors import ConfigError, InvalidOptions, ParleyError
from ..events import BlockStart, BlockStop, MessageStart, StreamEvent, TextDelta, ThinkingDelta
from ..history.rows import ChatRow
from ..history.store import Store, StoreError
from ..mcp.hub import McpHub
from ..mcp.turn import McpCallRecord, McpTurn
from ..options import ModelChoice, options_for
from ..presentation.citations import citations_of
from ..presentation.web_steps import web_calls
from ..request import resolve_options
from ..retirement import refuse_if_retired
from ..tools.memory import MemoryTool, memory_folder
from ..tools.sandbox import Refused
from ..tools.session import ToolSession
from ..turn import LiveTurn, TurnOutcome
from ..web.options import MAX_USES_LIMIT, WebChoice, domain_problem, parse_domains
from .tool_steps import CliToolSteps
from .web_steps import CliWebSteps

EXIT_OK, EXIT_USAGE, EXIT_API, EXIT_REFUSAL, EXIT_INTERRUPTED = 0, 2, 3, 4, 130


def run(args: argparse.Namespace, ctx: Context) -> int:
    return run_prompt_command(args, ctx, _ask)


def run_prompt_command(
    args: argparse.Namespace, ctx: Context, main: Callable[[argparse.Namespace, Context, str], Awaitable[int]]
) -> int:
    """Read PROMPT (``-``: stdin), refuse an empty one, run *main*; Ctrl+C keeps what arrived."""
    prompt = sys.stdin.read() if args.prompt == "-" else args.prompt
    if not prompt.strip() and not getattr(args, "attach", None) and not getattr(args, "continue_answer", False):
        print(f"parley {args.command}: the prompt is empty", file=sys.stderr)
        return EXIT_USAGE
    try:
        return asyncio.run(main(args, ctx, prompt))  # type: ignore[arg-type]
    except KeyboardInterrupt:
        print(f"\nparley {args.command}: stopped; what arrived is saved.", file=sys.stderr)
        return EXIT_INTERRUPTED


async def _ask(args: argparse.Namespace, ctx: Context, prompt: str) -> int:
    catalog = ctx.catalog()
    try:
        store = ctx.open_store()
    except StoreError as exc:
        print(f"parley ask: {exc.user_message}", file=sys.stderr)
        return EXIT_API
    try:
        chat = None
        paused_id: int | None = None  # --continue on an answer the API paused: it goes on as it was
        if args.chat:
            chat = store.find_chat(args.chat)
            if chat is None:
                print(f"parley ask: no chat with id {args.chat!r}", file=sys.stderr)
                return EXIT_USAGE
            if args.continue_answer:
                prompt, paused_id = _continuation(store, chat.id)
        elif args.continue_answer:
            raise InvalidOptions("--continue needs --chat ID: the chat whose answer to continue")
        choice = _choice(args, ctx, chat)
        setup = _setup(args, chat)
        options = options_for(ctx.settings, choice, setup, max_tokens=args.max_tokens)
        files = [read_attachment(Path(p)) for p in args.attach]
        # Refuse an invalid or retired model/effort combination before looking for a key or sending anything.
        model = catalog.resolve(options.model)
        resolve_options(model, options, ctx.endpoint.api_version)
        refuse_if_retired(model, ctx.clock, ctx.endpoint, catalog)
        tools, steps = _tool_session(args, store, ctx)
        client = ctx.client()
    except InvalidOptions as exc:
        store.close()
        print(f"parley ask: {exc.user_message}{_successor_hint(exc)}", file=sys.stderr)
        return EXIT_USAGE
    except (ConfigError, StoreError) as exc:
        store.close()
        print(f"parley ask: {exc.user_message}", file=sys.stderr)
        return EXIT_API
    except Refused as exc:
        store.close()
        print(f"parley ask: {exc}", file=sys.stderr)
        return EXIT_USAGE
    printer = _Printer(sys.stdout, sys.stderr, quiet=args.json)
    hub: McpHub | None = None
    try:
        names = _mcp_names(args, ctx)
        if names:
            hub = McpHub(ctx.mcp_servers(), ctx.paths.log_dir)
            tools, steps = await _with_mcp(hub, names, args, store, tools, steps)
        async with client:
            runner = ChatRunner(store, client, catalog, clock=ctx.clock)
            _, notices = runner.check(options)
            for notice in notices:
                print(f"parley: {notice}", file=sys.stderr)
            if chat is not None and setup != chat.setup:
                store.update_chat(chat.id, setup=setup)  # --system, --compaction, --workspace change the chat
            if paused_id is not None and chat is not None:
                outcome = await runner.resume(
                    chat.id, paused_id, options, on_event=printer.on_event, on_retry=printer.on_retry, tools=tools
                )
            else:
                outcome = await runner.ask(
                    prompt,
                    options,
                    chat_id=chat.id if chat is not None else None,
                    setup=setup,
                    on_event=printer.on_event,
                    on_retry=printer.on_retry,
                    tools=tools,
                    attachments=files,
                )
    except InvalidOptions as exc:
        print(f"parley ask: {exc.user_message}{_successor_hint(exc)}", file=sys.stderr)
        return EXIT_USAGE
    finally:
        store.close()
        if hub is not None:
            await hub.close()
    printer.end()
    if outcome.error is not None:
        return _report_failure(outcome, args.json)
    for notice in outcome.notices[len(notices) :]:  # those of the request itself (a capped length…)
        print(f"parley: {notice}", file=sys.stderr)
    if steps is not None and steps.summary():
        print(f"parley: {steps.summary()}", file=sys.stderr)
    calls = tools.mcp.records if tools is not None and tools.mcp is not None else []
    return _report(outcome, args.json, calls)


def _mcp_names(args: argparse.Namespace, ctx: Context) -> list[str]:
    """The MCP servers for this ask: --mcp's, or the default set (none with --no-mcp)."""
    if args.no_mcp:
        return []
    servers = ctx.mcp_servers()
    if args.mcp:
        for name in args.mcp:
            if servers.find(name) is None:
                raise InvalidOptions(f"no MCP server named {name!r} (see: parley mcp list)")
        return list(dict.fromkeys(args.mcp))
    return servers.default_set()


async def _with_mcp(
    hub: McpHub,
    names: list[str],
    args: argparse.Namespace,
    store: Store,
    tools: ToolSession | None,
    steps: CliToolSteps | None,
) -> tuple[ToolSession, CliToolSteps]:
    """The ask's tool session with the servers' tools; a server that cannot start is named here,
    and Claude is told its tools are unavailable (the answer still comes)."""
    turn = await McpTurn.open(hub, names, approve_all=args.approve_tools)
    for why in turn.toolbox.unavailable.values():
        print(f"parley: MCP server {why}", file=sys.stderr)
    steps = steps or CliToolSteps(sys.stderr, allow_writes=False)
    workspace, memory = (tools.workspace, tools.memory) if tools is not None else (None, None)
    return ToolSession(store, workspace, steps, turn, memory=memory), steps


def _choice(args: argparse.Namespace, ctx: Context, chat: ChatRow | None) -> ModelChoice:
    """-m/-e/--no-thinking/--budget-tokens over the chat's own choice, over the settings."""
    s = ctx.settings
    if chat is not None and not args.model:
        model, effort, thinking = chat.model or s.default_model, args.effort or chat.effort, chat.thinking
    else:
        model = args.model or s.default_model
        effort, thinking = args.effort or (s.default_effort if not args.model else None), s.thinking
    return ModelChoice(model, effort, thinking and not args.no_thinking, args.budget_tokens)


def _setup(args: argparse.Namespace, chat: ChatRow | None) -> ChatSetup:
    """The chat's setup with what --system, --compaction, --workspace and the web flags change."""
    setup = chat.setup if chat is not None else ChatSetup()
    changes: dict[str, object] = {}
    web = web_choice(args, setup.web)
    if web != setup.web:
        changes["web"] = web
    if args.system is not None:
        changes["system"] = args.system or None
    if args.compaction:
        changes["compaction"] = True
    if args.workspace:
        changes["workspace"] = str(Path(args.workspace).resolve())
    return setup.changed(**changes) if changes else setup


def web_choice(args: argparse.Namespace, chosen: WebChoice | None) -> WebChoice | None:
    """The chat's web choice with what --web-search, --web-fetch, --no-web, --max-searches and
    --domains say (the two tools are independent: naming one leaves the other off)."""
    choice = chosen or WebChoice()
    if args.no_web:
        choice = replace(choice, search=False, fetch=False)
    elif args.web_search or args.web_fetch:
        choice = replace(choice, search=bool(args.web_search), fetch=bool(args.web_fetch))
    if args.max_searches is not None:
        if not 1 <= args.max_searches <= MAX_USES_LIMIT:
            raise InvalidOptions(f"--max-searches must be between 1 and {MAX_USES_LIMIT}, not {args.max_searches}")
        choice = replace(choice, max_searches=args.max_searches)
    if args.domains is not None:
        domains = parse_domains(args.domains)
        problems = [p for p in map(domain_problem, domains) if p]
        if problems:
            raise InvalidOptions(f"--domains: {problems[0]}")
        choice = replace(choice, allowed_domains=domains or None)
    return choice if choice != WebChoice() or chosen is not None else None


def _report_failure(outcome: TurnOutcome, as_json: bool) -> int:
    error = outcome.error
    assert error is not None
    print(f"parley ask: {error.user_message}{_successor_hint(error)}", file=sys.stderr)
    if as_json:
        print(
            json.dumps(
                {"error": error.user_message, "request_id": error.request_id, "text": outcome.text},
                ensure_ascii=False,
            )
        )
    return EXIT_API


def _successor_hint(error: ParleyError) -> str:
    """For a retired model: how to name its successor on the command line."""
    successor = getattr(error, "successor", None)
    return f" Use -m {successor} to continue on it." if successor else ""


def _continuation(store: Store, chat_id: str) -> tuple[str, int | None]:
    """What --continue sends: nothing new for a paused answer (its id), else the continuation prompt."""
    branch = store.branch(chat_id)
    if branch and branch[-1].role == "assistant" and branch[-1].stop_reason == "pause_turn":
        return "", branch[-1].id
    last = next((m for m in reversed(branch) if m.role == "assistant"), None)
    if last is None:
        raise InvalidOptions("This chat has no answer to continue")
    return continuation_prompt(text_of(last.content)), None


def _tool_session(
    args: argparse.Namespace, store: Store, ctx: Context
) -> tuple[ToolSession | None, CliToolSteps | None]:
    if args.allow_writes and not args.workspace:
        raise InvalidOptions("--allow-writes needs --workspace DIR")
    memory = MemoryTool(memory_folder(ctx.paths.data_dir)) if args.memory or ctx.settings.memory else None
    if not args.workspace and memory is None:
        return None, None
    steps = CliToolSteps(sys.stderr, allow_writes=args.allow_writes)
    return ToolSession.open(store, args.workspace, steps, memory=memory), steps


def _report(outcome: TurnOutcome, as_json: bool, calls: list[McpCallRecord]) -> int:
    reason = outcome.stop_reason
    if as_json:
        print(
            json.dumps(
                {
                    "chat_id": outcome.chat_id,
                    "model": outcome.model,
                    "effort": outcome.effort,
                    "text": outcome.text,
                    "thinking": outcome.thinking,
                    "stop_reason": reason,
                    "stop_details": outcome.message.get("stop_details"),
                    "usage": outcome.usage,
                    "cost_usd": outcome.cost_usd,
                    "ttft_s": outcome.ttft_s,
                    "duration_s": round(outcome.duration_s, 3),
                    "request_id": outcome.request_id,
                    "tool_calls": [call.as_json() for call in calls],
                    "citations": citations_of(outcome.turn_content),
                    "server_tool_calls": [call.as_json() for call in web_calls(outcome.turn_content)],
                    "turn_cost_usd": outcome.turn_cost_usd,
                },
                ensure_ascii=False,
            )
        )
    if reason == "refusal":
        details = outcome.message.get("stop_details") or {}
        category = details.get("category") or "unspecified"
        why = details.get("explanation") or "no explanation given"
        print(
            f"parley: the model declined to answer (category: {category}): {why}. "
            "This exchange is left out of the conversation from now on. Rephrase, or retry with another model (-m).",
            file=sys.stderr,
        )
        return EXIT_REFUSAL
    if reason == "max_tokens":
        print(
            f"parley: the answer stopped at the max_tokens limit. Continue with: parley ask --chat "
            f"{outcome.chat_id[:8]} --continue",
            file=sys.stderr,
        )
    elif reason == "pause_turn":
        print(
            f"parley: the API paused this answer's web research {MAX_CONTINUATIONS} times. Continue with: "
            f"parley ask --chat {outcome.chat_id[:8]} --continue",
            file=sys.stderr,
        )
    elif reason == "model_context_window_exceeded":
        print(
            "parley: the answer stopped because the model's context window is full. Start a new chat to go on.",
            file=sys.stderr,
        )
    return EXIT_OK


class _Printer:
    """Streams text to stdout and thinking to stderr as events arrive."""

    def __init__(self, out: TextIO, err: TextIO, *, quiet: bool) -> None:
        self.out, self.err, self.quiet = out, err, quiet
        self._headed: set[int] = set()  # thinking blocks whose "[thinking]" line is out
        self._wrote_text = False
        self._web = CliWebSteps()

    def on_event(self, event: StreamEvent, live: LiveTurn) -> None:
        if self.quiet:
            return
        if isinstance(event, MessageStart):  # a tool loop streams several messages; indexes start over
            self._headed.clear()
        elif isinstance(event, TextDelta):
            self.out.write(event.text)
            self.out.flush()
            self._wrote_text = True
        elif isinstance(event, ThinkingDelta):
            if event.index not in self._headed:
                self._headed.add(event.index)
                self.err.write("[thinking]\n")
            self.err.write(event.thinking)
            self.err.flush()
        elif isinstance(event, BlockStart) and event.block.get("type") == "redacted_thinking":
            self.err.write("[some thinking was redacted by the model's safety systems]\n")
        elif isinstance(event, BlockStart) and event.block.get("type") in (
            "web_search_tool_result",
            "web_fetch_tool_result",
        ):
            self._web.step(event.block, self.err)
        elif isinstance(event, BlockStop) and live.kinds.get(event.index) == "server_tool_use":
            self._web.call(live.message().get("content") or [], event.index, self.err)
        elif isinstance(event, BlockStop) and live.kinds.get(event.index) == "text":
            cites = live.acc.citations_of(event.index)
            if cites:  # the markers, as the window shows them, without their links (numbered over the turn)
                self.out.write(self._web.markers(cites))
        elif isinstance(event, BlockStop) and live.kinds.get(event.index) == "thinking":
            if event.index in live.thinking_shown:
                self.err.write("\n[/thinking]\n")
            else:
                self.err.write("[the model thought, but did not show its thinking]\n")
            self.err.flush()

    def on_retry(self, error: ParleyError, delay: float, attempt: int) -> None:
        print(f"parley: {error.message}; retrying in {delay:.1f} s (attempt {attempt + 1})", file=self.err)

    def end(self) -> None:
        if self._wrote_text and not self.quiet:
            self.out.write("\n" + self._web.sources_list())
            self.out.flush()
