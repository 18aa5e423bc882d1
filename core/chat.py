"""One conversational turn, end to end: save the prompt, build the request, stream, save the reply.

Shared by the CLI, compare and the window. The reply is saved while it streams (at most once per
``save_interval`` seconds, what is new since the last save), and always finished with what arrived:
a failure keeps the partial text, marked ``error``, and comes back as a :class:`~parley.core.turn.TurnOutcome` that
says so; a cancel keeps it marked ``stopped`` and cancels on.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .accumulator import SaveMark
from .attachments import Attachment, attachments_in, check_request, expand
from .catalog import Catalog, ModelInfo
from .chat_setup import ChatSetup
from .clock import Clock
from .conversation import history_of, text_of, title_from_prompt
from .errors import InvalidOptions, ParleyError
from .events import StreamEvent
from .history.store import Store, StoreError
from .pricing import cost_usd
from .request import ChatOptions, Message, PreparedRequest, build_request, resolve_options
from .retirement import at_anthropic, explain_not_found, refuse_if_retired, standing_of
from .turn import LiveTurn, TurnOutcome
from .web_refused import explain_web_refused

if TYPE_CHECKING:  # the client (and httpx, ~200 ms to import) load only when a request is made
    from .client import MessagesClient, RetrySink
    from .tools.session import ToolSession

JSON = dict[str, Any]
EventSink = Callable[[StreamEvent, LiveTurn], None]
# Told (chat id, prompt id, reply id, the reply as it arrives) as soon as the reply's row exists, so
# a caller that stops the turn still knows which rows it made, and a window can paint the reply.
BeginSink = Callable[[str, int, int, LiveTurn], None]
# Told that a reply is complete and another reply of the same turn follows (the API paused it).
ReplyDoneSink = Callable[[TurnOutcome], Awaitable[object]]
MAX_CONTINUATIONS = 4  # pause_turn continuations in one turn before the user is asked
PAUSE_LIMIT_NOTICE = "Claude paused its web research {n} times in this answer; choose Continue to let it go on."


@dataclass(frozen=True, slots=True)
class Sinks:
    """Where a turn reports stream events, retries, and the rows it made."""

    on_event: EventSink | None = None
    on_retry: RetrySink | None = None
    on_begin: BeginSink | None = None
    on_reply_done: ReplyDoneSink | None = None


class ChatRunner:
    """Runs turns for chats in one store, through one client, with one catalog."""

    def __init__(
        self,
        store: Store,
        client: MessagesClient,
        catalog: Catalog,
        *,
        clock: Clock,
        save_interval: float = 1.0,
        timer: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self.client = client
        self.catalog = catalog
        self.clock = clock  # today, for retirement dates
        self.save_interval = save_interval
        self._timer = timer

    def check(self, options: ChatOptions) -> tuple[ModelInfo, list[str]]:
        """Validate options before any request; returns the model and notices (a model retiring soon,
        or one Anthropic retired that this endpoint still serves).

        Raises :class:`ModelRetired` for a model Anthropic retired when requests go to Anthropic:
        that request would certainly fail, so nothing is sent."""
        model = self.catalog.resolve(options.model)
        resolve_options(model, options, self.client.endpoint.api_version)
        refuse_if_retired(model, self.clock, self.client.endpoint, self.catalog)
        standing = standing_of(model, self.clock.today(), at_anthropic(self.client.endpoint), None)
        notices = [standing.notice] if standing.notice else []  # retiring soon, or retired but served here
        return model, notices

    async def ask(
        self,
        prompt: str | list[JSON],
        options: ChatOptions,
        *,
        chat_id: str | None = None,
        setup: ChatSetup = ChatSetup(),
        parent_id: int | None = -1,
        on_event: EventSink | None = None,
        on_retry: RetrySink | None = None,
        on_begin: BeginSink | None = None,
        on_reply_done: ReplyDoneSink | None = None,
        tools: ToolSession | None = None,
        attachments: Sequence[Attachment] = (),
    ) -> TurnOutcome:
        """Append *prompt* and its *attachments* to the chat and stream the reply. With *chat_id*
        None, a new chat is made with its *setup* and the prompt, in one transaction.

        ``parent_id`` is the message the prompt follows: -1 for the current leaf, or an earlier
        message to start a new branch (editing a past prompt keeps the old branch). With *tools*,
        Claude may use the text editor in that workspace; the turn runs until it stops calling it.
        Raises only for what stops a request from being made (invalid options, a retired model,
        an unknown chat); a failed request comes back in the outcome.
        """
        model, notices = self.check(options)
        if tools is not None:
            await tools.ready()  # the chat's MCP servers start when its first request needs them
        content = [{"type": "text", "text": prompt}] if isinstance(prompt, str) else prompt
        content = [*(a.block for a in attachments), *content]
        if not any(b.get("type") != "text" or str(b.get("text", "")).strip() for b in content):
            raise InvalidOptions("The message is empty")
        new_chat = chat_id is None
        if chat_id is not None and self.store.find_chat(chat_id) is None:
            raise StoreError(f"No chat with id {chat_id!r}")
        parent = None if chat_id is None else self.store.leaf(chat_id) if parent_id == -1 else parent_id
        note, undos = tools.undo_note(chat_id) if tools is not None and chat_id is not None else (None, [])
        if note is not None:
            content = [note, *content]
        earlier = history_of(self.store.branch(chat_id, parent)) if chat_id is not None and parent is not None else []
        for attachment in attachments:  # before the request is built from them (unsent bytes go at purge)
            self.store.put_blob(attachment.data)
        prepared = self.prepare(model, [*earlier, Message("user", content)], options, tools)
        notices.extend(prepared.notices)
        effort = (prepared.body.get("output_config") or {}).get("effort")
        with self.store.transaction():
            if chat_id is None:
                first = (prompt if isinstance(prompt, str) else text_of(prompt)) or (
                    attachments[0].name if attachments else ""
                )
                chat_id = self.store.create_chat(
                    title_from_prompt(first), model=model.id, effort=effort, thinking=options.thinking, setup=setup
                )
            user_id = self.store.add_message(chat_id, "user", content, parent_id=parent)
            self.store.mark_reported(undos)
            self.store.update_chat(chat_id, model=model.id, effort=effort, thinking=options.thinking)
        sinks = Sinks(on_event, on_retry, on_begin, on_reply_done)
        outcome = await self._stream_reply(chat_id, user_id, model, effort, prepared, options, sinks, notices)
        if outcome.failed and outcome.reply_id is None:
            # Nothing arrived: undo the turn so the prompt goes back to the composer, not into history.
            self.store.delete_messages([user_id])
            if new_chat and self.store.chat_is_empty(chat_id):
                self.store.delete_chat(chat_id)
            outcome.rolled_back = True
            return outcome
        return await self._follow(outcome, options, tools, sinks)

    async def retry(
        self,
        chat_id: str,
        user_message_id: int,
        options: ChatOptions,
        *,
        on_event: EventSink | None = None,
        on_retry: RetrySink | None = None,
        on_begin: BeginSink | None = None,
        on_reply_done: ReplyDoneSink | None = None,
        tools: ToolSession | None = None,
    ) -> TurnOutcome:
        """A new reply to an earlier prompt; the previous reply stays as another branch."""
        sinks = Sinks(on_event, on_retry, on_begin, on_reply_done)
        return await self._answer_and_follow(chat_id, user_message_id, options, tools, sinks, continuing=False)

    async def resume(
        self,
        chat_id: str,
        reply_id: int,
        options: ChatOptions,
        *,
        on_event: EventSink | None = None,
        on_retry: RetrySink | None = None,
        on_begin: BeginSink | None = None,
        on_reply_done: ReplyDoneSink | None = None,
        tools: ToolSession | None = None,
    ) -> TurnOutcome:
        """Let a paused reply (``pause_turn``) go on: it is sent back as it came, with no new
        message, and the API carries on where it stopped (reference tools-and-mcp.md §C)."""
        row = self.store.message(reply_id)
        if row is None or row.stop_reason != "pause_turn" or self.store.leaf(chat_id) != reply_id:
            raise InvalidOptions("Only a paused answer at the end of its chat can be continued")
        sinks = Sinks(on_event, on_retry, on_begin, on_reply_done)
        return await self._answer_and_follow(chat_id, reply_id, options, tools, sinks, continuing=True)

    async def _answer_and_follow(
        self,
        chat_id: str,
        message_id: int,
        options: ChatOptions,
        tools: ToolSession | None,
        sinks: Sinks,
        *,
        continuing: bool,
    ) -> TurnOutcome:
        if tools is not None:
            await tools.ready()
        outcome = await self._answer(chat_id, message_id, options, tools, sinks, continuing=continuing)
        return await self._follow(outcome, options, tools, sinks)

    async def _follow(
        self,
        outcome: TurnOutcome,
        options: ChatOptions,
        tools: ToolSession | None,
        sinks: Sinks,
    ) -> TurnOutcome:
        """Carry the turn on until it ends: a paused reply is continued (up to ``MAX_CONTINUATIONS``),
        and tool calls are answered by the tool session's loop."""
        paused = 0
        while not outcome.failed and outcome.reply_id is not None:
            if outcome.stop_reason == "pause_turn":
                if paused >= MAX_CONTINUATIONS:
                    outcome.notices.append(PAUSE_LIMIT_NOTICE.format(n=paused))
                    break
                paused += 1
                if sinks.on_reply_done is not None:
                    await sinks.on_reply_done(outcome)
                previous = outcome
                outcome = await self._answer(outcome.chat_id, outcome.reply_id, options, tools, sinks, continuing=True)
                outcome.after(previous)
            elif outcome.stop_reason == "tool_use" and tools is not None:
                previous = outcome
                answer = self._answerer(outcome.chat_id, options, tools, sinks)
                outcome = await tools.run_loop(outcome, answer)
                if outcome is not previous:
                    outcome.after(previous)
                if outcome.stop_reason != "pause_turn":
                    break
            else:
                break
        return outcome

    def _answerer(
        self, chat_id: str, options: ChatOptions, tools: ToolSession | None, sinks: Sinks
    ) -> Callable[[int], Awaitable[TurnOutcome]]:
        """How the tool loop asks for the reply to its results' message."""
        return lambda results_id: self._answer(chat_id, results_id, options, tools, sinks)

    async def _answer(
        self,
        chat_id: str,
        user_message_id: int,
        options: ChatOptions,
        tools: ToolSession | None,
        sinks: Sinks,
        *,
        continuing: bool = False,
    ) -> TurnOutcome:
        """Stream one reply to the user message *user_message_id* (a prompt or tool results), or,
        *continuing*, the rest of the paused reply of that id."""
        model, notices = self.check(options)
        path = self.store.branch(chat_id, user_message_id)
        if not path or path[-1].role != ("assistant" if continuing else "user"):
            raise InvalidOptions(
                "Only a paused answer can be continued" if continuing else "Only a prompt can be answered again"
            )
        prepared = self.prepare(model, history_of(path), options, tools, continuing=continuing)
        effort = (prepared.body.get("output_config") or {}).get("effort")
        self.store.update_chat(chat_id, model=model.id, effort=effort, thinking=options.thinking)
        return await self._stream_reply(chat_id, user_message_id, model, effort, prepared, options, sinks, notices)

    def prepare(
        self,
        model: ModelInfo,
        history: list[Message],
        options: ChatOptions,
        tools: ToolSession | None,
        *,
        continuing: bool = False,
    ) -> PreparedRequest:
        """The request for *history*: attachments read from the store, and checked against the API's limits."""
        files = [b for turn in history if not isinstance(turn.content, str) for b in attachments_in(turn.content)]
        if files:
            history = [
                Message(t.role, expand(t.content, self.store.blob), t.model) if not isinstance(t.content, str) else t
                for t in history
            ]
        prepared = build_request(
            model,
            history,
            options,
            api_version=self.client.endpoint.api_version,
            tools=tools.spec if tools is not None else None,
            continuing=continuing,
        )
        check_request(files, prepared.body, model.context_window)
        return prepared

    async def _stream_reply(
        self,
        chat_id: str,
        user_id: int,
        model: ModelInfo,
        effort: str | None,
        prepared: PreparedRequest,
        options: ChatOptions,
        sinks: Sinks,
        notices: list[str],
    ) -> TurnOutcome:
        reply_id = self.store.begin_reply(chat_id, model=model.id, effort=effort, parent_id=user_id)
        live = LiveTurn(self._timer, thinking_hidden=prepared.thinking_hidden)
        if sinks.on_begin is not None:
            sinks.on_begin(chat_id, user_id, reply_id, live)
        last_save = live.started_at
        saved = SaveMark()  # what of the reply is saved
        attempt = live.acc

        def sink(event: StreamEvent, live: LiveTurn) -> None:
            nonlocal last_save, attempt, saved
            if sinks.on_event is not None:
                sinks.on_event(event, live)
            if live.acc is not attempt:  # a retried attempt starts the reply over
                attempt = live.acc
                saved = SaveMark()
                self.store.restart_progress(reply_id)
            now = self._timer()
            if now - last_save >= self.save_interval:
                last_save = now
                self.store.save_progress(reply_id, live.acc.progress(saved))

        def outcome(message: JSON, cost: float | None = None, error: ParleyError | None = None) -> TurnOutcome:
            return TurnOutcome(
                chat_id,
                model.id,
                effort,
                message,
                live.request_id,
                live.ttft_s,
                live.duration_s,
                cost,
                notices,
                reply_id=reply_id if message.get("content") else None,
                user_id=user_id,
                thinking_s=live.thinking_s,
                error=error,
            )

        try:
            await self.client.stream(prepared, live, on_event=sink, on_retry=sinks.on_retry)
        except ParleyError as failure:
            error = explain_not_found(failure, model, self.clock, self.catalog)
            error = explain_web_refused(error, prepared, self.client.endpoint)
            partial = live.message()
            if not partial.get("content"):
                self.store.delete_messages([reply_id])
            else:
                self.store.finish_reply(
                    reply_id,
                    partial["content"],
                    status="error",
                    usage=partial.get("usage"),
                    error=error.user_message,
                    request_id=error.request_id,
                    ttft_s=live.ttft_s,
                    duration_s=live.duration_s,
                    thinking_s=live.thinking_s,
                )
            return outcome(partial, error=error)
        except (asyncio.CancelledError, KeyboardInterrupt):
            live.finish()
            partial = live.message()
            self.store.finish_reply(
                reply_id,
                partial.get("content") or [],
                status="stopped",
                usage=partial.get("usage"),
                ttft_s=live.ttft_s,
                duration_s=live.duration_s,
                thinking_s=live.thinking_s,
            )
            raise
        message = live.message()
        usage = message.get("usage") or {}
        cost = cost_usd(usage, model.prices, cache_ttl=options.cache_ttl)
        self.store.finish_reply(
            reply_id,
            message.get("content") or [],
            status="complete",
            stop_reason=message.get("stop_reason"),
            stop_details=message.get("stop_details"),
            usage=usage,
            cost_usd=cost,
            ttft_s=live.ttft_s,
            duration_s=live.duration_s,
            request_id=live.request_id,
            thinking_s=live.thinking_s,
        )
        return outcome(message, cost)
