"""Builds ``POST /v1/messages`` bodies that the real API accepts, per model and API version.

The rules (reference anthropic-api.md §1.4, §2, §4; api-version-2026-10-21.md §6):
adaptive thinking with an explicit ``display`` on adaptive models; budget thinking
(1024 ≤ budget < max_tokens) on Sonnet/Haiku 4.5; ``output_config.effort`` only where accepted;
never ``top_p``/``top_k``; ``temperature`` only on 2023-06-01 and where the model takes it; the
conversation ends with a user turn; thinking blocks echoed untouched (but dropped when they came
from another model or never got a signature); no empty text blocks; no documents in assistant
turns; no citations in user text; tool results first in their message; automatic caching via a
top-level ``cache_control``. Choices the model would reject are refused here, before any request.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from .catalog import EFFORT_LEVELS, MIN_BUDGET_TOKENS, ModelInfo
from .endpoint import API_VERSIONS, DEFAULT_API_VERSION
from .errors import InvalidOptions
from .i18n import tr
from .web.echo import server_blocks
from .web.options import WebOptions

JSON = dict[str, Any]
_THINKING_TYPES = ("thinking", "redacted_thinking")


@dataclass(frozen=True, slots=True)
class Message:
    """One message of a conversation: API-shaped content plus the model that wrote it."""

    role: Literal["user", "assistant"]
    content: Sequence[JSON] | str
    model: str | None = None
    cut_off: bool = False  # a reply that max_tokens ended: a tool call in it may be unfinished


@dataclass(frozen=True, slots=True)
class ChatOptions:
    """What the user chose for a chat. ``None`` means "the model's default"."""

    model: str
    thinking: bool = True
    effort: str | None = None
    budget_tokens: int | None = None
    max_tokens: int | None = None
    system: str | None = None
    temperature: float | None = None
    display: Literal["summarized", "omitted"] = "summarized"
    cache: bool = True
    cache_ttl: Literal["5m", "1h"] = "5m"
    stop_sequences: tuple[str, ...] = ()
    compaction: bool = False  # let the API summarise the start of a long conversation (beta)
    web: WebOptions | None = None  # web search and fetch (server tools: the API runs them)


@dataclass(frozen=True, slots=True)
class ToolSpec:
    """Client tools for a request: their definitions and a sentence for the system prompt about them."""

    definitions: tuple[JSON, ...]
    system_note: str = ""


INTERLEAVED_BETA = "interleaved-thinking-2025-05-14"
COMPACTION_BETA = "compact-2026-01-12"
COMPACTION_EDIT: JSON = {"type": "compact_20260112"}  # the documented default trigger: 150,000 input tokens
SUMMARY_HEADING = "[Summary of our earlier conversation]"


@dataclass(frozen=True, slots=True)
class PreparedRequest:
    body: JSON
    betas: tuple[str, ...] = ()
    notices: tuple[str, ...] = field(default=())

    @property
    def thinking_hidden(self) -> bool:
        """The request thinks with display "omitted": the reply carries no thinking summary."""
        thinking = self.body.get("thinking")
        return isinstance(thinking, dict) and thinking.get("display") == "omitted"


@dataclass(frozen=True, slots=True)
class ResolvedOptions:
    """Options after defaults and validation: exactly what goes on the wire."""

    max_tokens: int
    thinking: JSON | None
    effort: str | None
    temperature: float | None
    notices: tuple[str, ...] = ()


def resolve_options(model: ModelInfo, options: ChatOptions, api_version: str = DEFAULT_API_VERSION) -> ResolvedOptions:
    """Apply the model's defaults and refuse what the model would reject, naming what it accepts."""
    if api_version not in API_VERSIONS:
        raise InvalidOptions(f"Unknown API version {api_version!r}; use one of {', '.join(API_VERSIONS)}")
    max_tokens = options.max_tokens if options.max_tokens is not None else model.default_max_tokens
    notices: tuple[str, ...] = ()
    if max_tokens < 1:
        raise InvalidOptions(f"max_tokens for {model.id} must be at least 1, not {max_tokens}")
    if max_tokens > model.max_output:
        notices = (
            tr("{model} writes at most {limit} tokens in one reply; the longest reply was capped there.").format(
                model=model.display_name, limit=f"{model.max_output:,}"
            ),
        )
        max_tokens = model.max_output

    effort = options.effort
    if effort is not None:
        if effort not in EFFORT_LEVELS:
            raise InvalidOptions(f"Unknown effort {effort!r}; the levels are {', '.join(EFFORT_LEVELS)}")
        if not model.efforts:
            raise InvalidOptions(
                f"{model.id} does not accept an effort level",
                hint=(
                    "It uses a thinking budget instead (1024 ≤ budget < max_tokens)"
                    if model.thinking == "budget"
                    else "Leave effort unset for this model"
                ),
            )
        if effort not in model.efforts:
            raise InvalidOptions(f"{model.id} accepts effort {', '.join(model.efforts)}; not {effort!r}")
    elif model.efforts:
        effort = model.default_effort if model.default_effort in model.efforts else None

    thinking: JSON | None = None
    if options.budget_tokens is not None and model.thinking != "budget":
        raise InvalidOptions(
            f"{model.id} does not take a thinking budget"
            + (f"; it thinks adaptively: choose effort ({', '.join(model.efforts)}) instead" if model.efforts else "")
        )
    if options.thinking and model.thinking == "adaptive":
        thinking = {"type": "adaptive", "display": options.display}
    elif options.thinking and model.thinking == "budget":
        budget = options.budget_tokens if options.budget_tokens is not None else model.default_budget_tokens
        if budget >= max_tokens and options.budget_tokens is None:
            budget = max(MIN_BUDGET_TOKENS, max_tokens // 2)
        if not MIN_BUDGET_TOKENS <= budget < max_tokens:
            raise InvalidOptions(
                f"The thinking budget for {model.id} must be at least {MIN_BUDGET_TOKENS} and below "
                f"max_tokens ({max_tokens}), not {budget}"
            )
        thinking = {"type": "enabled", "budget_tokens": budget, "display": options.display}

    temperature = options.temperature
    if temperature is not None:
        if not 0.0 <= temperature <= 1.0:
            raise InvalidOptions(f"temperature must be between 0 and 1, not {temperature}")
        if api_version != "2023-06-01":
            raise InvalidOptions(
                f"API version {api_version} does not accept temperature",
                hint="Use API version 2023-06-01 for this endpoint to set it",
            )
        if model.sampling == "default_only":
            raise InvalidOptions(f"{model.id} does not accept a temperature")
        if thinking is not None and not model.accepts_temperature(thinking_on=True):
            raise InvalidOptions(
                f"{model.id} does not accept a temperature while thinking is on",
                hint="Turn thinking off to set a temperature",
            )
    return ResolvedOptions(max_tokens, thinking, effort, temperature, notices)


def build_request(
    model: ModelInfo,
    history: Sequence[Message],
    options: ChatOptions,
    *,
    api_version: str = DEFAULT_API_VERSION,
    tools: ToolSpec | None = None,
    continuing: bool = False,
) -> PreparedRequest:
    """The request body for sending *history* to *model*. It ends with the user's turn, or, when
    *continuing*, with a reply the API paused (``pause_turn``), sent back as it came."""
    resolved = resolve_options(model, options, api_version)
    compaction = options.compaction and model.compaction
    web = options.web if options.web is not None and options.web.on else None
    messages = prepare_messages(
        history,
        model.id,
        tools_defined=tools is not None,
        compaction=compaction,
        server_tools=web.names() if web is not None else (),
        continuing=continuing,
    )
    body: JSON = {"model": model.id, "max_tokens": resolved.max_tokens}
    system = "\n\n".join(s for s in ((options.system or "").strip(), tools.system_note if tools else "") if s)
    if system:
        body["system"] = system if tools and tools.system_note else options.system
    if tools is not None or web is not None:
        body["tools"] = [*(tools.definitions if tools is not None else ()), *(web.definitions() if web else ())]
    body["messages"] = messages
    if resolved.thinking is not None:
        body["thinking"] = resolved.thinking
    if resolved.effort is not None:
        body["output_config"] = {"effort": resolved.effort}
    if resolved.temperature is not None:
        body["temperature"] = resolved.temperature
    if options.stop_sequences:
        body["stop_sequences"] = list(options.stop_sequences)
    if options.cache and _explicit_breakpoints(messages) < 4:
        body["cache_control"] = (
            {"type": "ephemeral"} if options.cache_ttl == "5m" else {"type": "ephemeral", "ttl": "1h"}
        )
    if compaction:
        body["context_management"] = {"edits": [dict(COMPACTION_EDIT)]}
    body["stream"] = True
    notices: tuple[str, ...] = resolved.notices
    if options.thinking and model.thinking == "none":
        notices += (f"{model.id} is not known to support thinking; sent without it.",)
    if options.compaction and not model.compaction:
        notices += (f"{model.display_name} cannot summarise long conversations; sent without compaction.",)
    betas: tuple[str, ...] = ()
    if tools is not None and resolved.thinking is not None and model.interleaved_thinking == "beta":
        betas = (INTERLEAVED_BETA,)  # thinking between tool calls (Sonnet 4.5, reference §4)
    if compaction:
        betas += (COMPACTION_BETA,)
    return PreparedRequest(body=body, betas=betas, notices=notices)


def prepare_messages(
    history: Sequence[Message],
    model_id: str,
    *,
    tools_defined: bool = False,
    compaction: bool = False,
    server_tools: Collection[str] = (),
    continuing: bool = False,
) -> list[JSON]:
    """History → API messages that are valid to send to *model_id* (see module docstring).

    Tool calls need their results in the very next message: a call left without one (the user
    stopped the turn) gets an error result saying so. Without tool definitions (the workspace was
    detached) the API refuses tool blocks, so earlier calls and results are told as text instead.
    Compaction blocks are echoed while compaction is on; once it is off (or the model cannot do
    it) the API would refuse them, so the conversation restarts from the last summary, told as text.
    Server tool blocks (web search and fetch) are echoed exactly while their tool is defined, and
    told as text once it is not (``core.web.echo``).
    """
    out: list[JSON] = []
    cut_calls = {
        str(b.get("id"))
        for turn in history
        if turn.cut_off and not isinstance(turn.content, str)
        for b in turn.content
        if b.get("type") == "tool_use"
    }
    for turn in history if compaction else _from_last_summary(history):
        blocks = _clean_blocks(turn, model_id)
        if not blocks:
            continue
        if out and out[-1]["role"] == turn.role:
            merged = out[-1]["content"] + blocks
            out[-1]["content"] = _tool_results_first(merged) if turn.role == "user" else merged
        else:
            out.append({"role": turn.role, "content": blocks})
    while out and out[0]["role"] != "user":
        out.pop(0)
    if not out:
        raise InvalidOptions("There is nothing to send: write a message first")
    if out[-1]["role"] != "user" and not continuing:
        raise InvalidOptions("The conversation must end with your message before it can be sent")
    kept: set[str] = set()  # server calls sent so far: a deferred result may answer one
    for i, message in enumerate(out):
        if message["role"] == "assistant":
            final = continuing and i == len(out) - 1  # a paused reply: its last search may still be running
            message["content"] = server_blocks(message["content"], server_tools, paused=final, earlier=kept)
            kept.update(str(b.get("id")) for b in message["content"] if b.get("type") == "server_tool_use")
    return _pair_tool_blocks(out, cut_calls) if tools_defined else _tools_as_text(out)


STOPPED_RESULT = "Not run: the user stopped the turn before this tool call ran."
CUT_RESULT = "Not run: the reply reached max_tokens while this tool call's input was still being written."


def _from_last_summary(history: Sequence[Message]) -> Sequence[Message]:
    """Without the compaction beta: what the API would have read, the last summary as a user turn."""
    for i in range(len(history) - 1, -1, -1):
        content = history[i].content
        if isinstance(content, str):
            continue
        marks = [j for j, b in enumerate(content) if b.get("type") == "compaction"]
        if marks:
            summary = content[marks[-1]].get("content")
            rest = [b for b in content[marks[-1] + 1 :] if b.get("type") != "compaction"]
            head: list[Message] = []
            if isinstance(summary, str) and summary.strip():
                head.append(Message("user", [{"type": "text", "text": f"{SUMMARY_HEADING}\n\n{summary}"}]))
            if rest:
                head.append(Message(history[i].role, rest, history[i].model))
            return [*head, *history[i + 1 :]]
    return history


def _pair_tool_blocks(messages: list[JSON], cut_calls: Collection[str] = ()) -> list[JSON]:
    """Every tool call answered in the next message (one that max_tokens cut: not run, and why);
    results without their call told as text."""
    calls: list[str] = []
    for message in messages:
        if message["role"] == "assistant":
            calls = [str(b.get("id")) for b in message["content"] if b.get("type") == "tool_use"]
            continue
        blocks = message["content"]
        answered = {b.get("tool_use_id") for b in blocks if b.get("type") == "tool_result"}
        missing = [
            {
                "type": "tool_result",
                "tool_use_id": c,
                "content": CUT_RESULT if c in cut_calls else STOPPED_RESULT,
                "is_error": True,
            }
            for c in calls
            if c not in answered
        ]
        stray = [b for b in blocks if b.get("type") == "tool_result" and b.get("tool_use_id") not in calls]
        kept = [b for b in blocks if b not in stray]
        message["content"] = _tool_results_first(missing + kept + [_as_text(b) for b in stray])
        calls = []
    return messages


def _tools_as_text(messages: list[JSON]) -> list[JSON]:
    for message in messages:
        if any(b.get("type") in ("tool_use", "tool_result") for b in message["content"]):
            message["content"] = [_as_text(b) for b in message["content"]]
    return messages


def _as_text(block: JSON) -> JSON:
    kind = block.get("type")
    if kind == "tool_use":
        tool_input = block.get("input") or {}
        detail = " ".join(str(tool_input.get(k)) for k in ("command", "path") if tool_input.get(k))
        return {"type": "text", "text": f"[I used the tool {block.get('name')}: {detail or 'no input'}]"}
    if kind == "tool_result":
        content = block.get("content")
        text = content if isinstance(content, str) else text_of_blocks(content)
        label = "failed" if block.get("is_error") else "returned"
        return {"type": "text", "text": f"[The tool {label}: {(text or '(nothing)')[:2000]}]"}
    return block


def text_of_blocks(content: object) -> str:
    if not isinstance(content, list):
        return ""
    return "\n".join(str(b.get("text", "")) for b in content if isinstance(b, dict) and b.get("type") == "text")


def _clean_blocks(turn: Message, model_id: str) -> list[JSON]:
    content = turn.content
    if isinstance(content, str):
        return [{"type": "text", "text": content}] if content.strip() else []
    other_model = turn.role == "assistant" and turn.model is not None and turn.model != model_id
    blocks: list[JSON] = []
    for block in content:
        kind = block.get("type")
        if kind == "text":
            text = block.get("text")
            if not isinstance(text, str) or not text.strip():
                continue
            if turn.role == "user" and "citations" in block:
                block = {k: v for k, v in block.items() if k != "citations"}
        elif kind in _THINKING_TYPES:
            if turn.role != "assistant" or other_model:
                continue
            if kind == "thinking" and not block.get("signature"):
                continue  # interrupted before its signature: it cannot be echoed
            if kind == "redacted_thinking" and not block.get("data"):
                continue
        elif kind == "document" and turn.role == "assistant":
            continue
        blocks.append(block)
    if turn.role == "user":
        blocks = _tool_results_first(blocks)
    elif blocks and all(b.get("type") in _THINKING_TYPES for b in blocks):
        return []  # thinking alone (e.g. stopped before any text) is not a valid turn to echo
    return blocks


def _tool_results_first(blocks: list[JSON]) -> list[JSON]:
    results = [b for b in blocks if b.get("type") == "tool_result"]
    if not results or blocks[: len(results)] == results:
        return blocks
    return results + [b for b in blocks if b.get("type") != "tool_result"]


def _explicit_breakpoints(messages: list[JSON]) -> int:
    return sum(1 for m in messages for b in m["content"] if isinstance(b, dict) and "cache_control" in b)
