"""What the real Messages API rejects, per model and API version (reference §1–§4, version doc §1.2).

``validate`` returns None for a request the real API would accept, or the (status, type, message)
it would answer with. Kept independent of Parley's request builder on purpose: it is the
second opinion that catches protocol mistakes.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from typing import Any

from .content_rules import block_problem, context_management_problem, visuals_problem
from .tool_rules import tool_pairs_problem, tools_problem
from .web_rules import web_blocks_problem

VERSIONS = ("2023-06-01", "2026-10-21")
KNOWN_BETAS = {
    "compact-2026-01-12",
    "context-management-2025-06-27",
    "interleaved-thinking-2025-05-14",
    "extended-cache-ttl-2025-04-11",
    "files-api-2025-04-14",
    "token-efficient-tools-2025-02-19",
}
TOP_LEVEL = {
    "model",
    "max_tokens",
    "messages",
    "system",
    "stream",
    "stop_sequences",
    "temperature",
    "top_p",
    "top_k",
    "metadata",
    "tools",
    "tool_choice",
    "thinking",
    "output_config",
    "cache_control",
    "service_tier",
    "inference_geo",
    "container",
}
BETA_FIELDS = {"context_management": {"context-management-2025-06-27", "compact-2026-01-12"}}


@dataclass(frozen=True)
class FakeModel:
    id: str
    max_output: int
    context_window: int
    thinking: str  # "adaptive" | "budget"
    efforts: tuple[str, ...]
    sampling: str  # "default_only" | "without_thinking"
    prefill: bool
    compaction: bool
    display_default: str


MODELS = {
    m.id: m
    for m in (
        FakeModel(
            "claude-opus-4-7",
            128_000,
            1_000_000,
            "adaptive",
            ("low", "medium", "high", "xhigh", "max"),
            "default_only",
            False,
            True,
            "omitted",
        ),
        FakeModel(
            "claude-opus-4-6",
            128_000,
            1_000_000,
            "adaptive",
            ("low", "medium", "high", "max"),
            "without_thinking",
            False,
            True,
            "summarized",
        ),
        FakeModel(
            "claude-sonnet-4-6",
            128_000,
            1_000_000,
            "adaptive",
            ("low", "medium", "high", "max"),
            "without_thinking",
            False,
            True,
            "summarized",
        ),
        FakeModel("claude-sonnet-4-5", 64_000, 200_000, "budget", (), "without_thinking", True, False, "summarized"),
        FakeModel("claude-haiku-4-5", 64_000, 200_000, "budget", (), "without_thinking", True, False, "summarized"),
    )
}
ALIASES = {"claude-sonnet-4-5-20250929": "claude-sonnet-4-5", "claude-haiku-4-5-20251001": "claude-haiku-4-5"}

_SIGNING_KEY = b"fake-api-signing-key"


def sign_thinking(model: str, thinking: str, omitted: bool) -> str:
    """A signature that binds the thinking text (unless display was omitted) to the model."""
    mac = hmac.new(_SIGNING_KEY, f"{model}\0{thinking}".encode(), hashlib.sha256).hexdigest()[:32]
    flag = "o" if omitted else "s"
    return "Es" + base64.b64encode(f"{flag}:{model}:{mac}:{thinking if omitted else ''}".encode()).decode()


def _signature_ok(block: dict[str, Any]) -> bool:
    sig = block.get("signature")
    if not isinstance(sig, str) or not sig.startswith("Es"):
        return False
    try:
        flag, model, mac, hidden = base64.b64decode(sig[2:]).decode().split(":", 3)
    except (ValueError, UnicodeDecodeError):
        return False
    text = hidden if flag == "o" else block.get("thinking")
    if not isinstance(text, str):
        return False
    want = hmac.new(_SIGNING_KEY, f"{model}\0{text}".encode(), hashlib.sha256).hexdigest()[:32]
    return hmac.compare_digest(mac, want)


Rejection = tuple[int, str, str]


def _bad(message: str, status: int = 400, kind: str = "invalid_request_error") -> Rejection:
    return status, kind, message


def validate(headers: dict[str, str], body: Any, *, keys: set[str]) -> Rejection | None:
    """The error the real API would answer *body* with, or None if it would accept it."""
    version = headers.get("anthropic-version")
    if version is None:
        return _bad("anthropic-version: header is required")
    if version not in VERSIONS:
        return _bad(f'anthropic-version: "{version}" is not a valid version')
    key = headers.get("x-api-key")
    if key is None:
        auth = headers.get("authorization", "")
        key = auth[7:] if auth.lower().startswith("bearer ") else None
    if key is None:
        return _bad("x-api-key header is required", 401, "authentication_error")
    if key not in keys:
        return _bad("invalid x-api-key", 401, "authentication_error")
    betas = {b.strip() for b in headers.get("anthropic-beta", "").split(",") if b.strip()}
    unknown = sorted(betas - KNOWN_BETAS)
    if unknown:
        return _bad(
            f"Unexpected value(s) `{', '.join(unknown)}` for the `anthropic-beta` header. "
            "Please consult our documentation at docs.claude.com or try again without the header."
        )
    if not isinstance(body, dict):
        return _bad("Request body must be a JSON object")
    for field in body:
        if field in TOP_LEVEL or (field in BETA_FIELDS and betas & BETA_FIELDS[field]):
            continue
        return _bad(f"{field}: Extra inputs are not permitted")
    if version == "2026-10-21":
        for field in ("temperature", "top_p", "top_k"):
            if field in body:
                return _bad(f"{field}: Extra inputs are not permitted")
    model_id = body.get("model")
    if not isinstance(model_id, str):
        return _bad("model: Field required")
    model = MODELS.get(ALIASES.get(model_id, model_id))
    if model is None:
        return _bad(f"model: {model_id}", 404, "not_found_error")
    return _check_body(model, body, version, betas)


def _check_body(model: FakeModel, body: dict[str, Any], version: str, betas: set[str]) -> Rejection | None:
    max_tokens = body.get("max_tokens")
    if not isinstance(max_tokens, int) or isinstance(max_tokens, bool) or max_tokens < 1:
        return _bad("max_tokens: Field required" if max_tokens is None else "max_tokens: must be at least 1")
    if max_tokens > model.max_output:
        return _bad(
            f"max_tokens: {max_tokens} > {model.max_output}, which is the maximum allowed number of "
            f"output tokens for {model.id}"
        )
    thinking_on = False
    thinking = body.get("thinking")
    if thinking is not None:
        problem, thinking_on = _check_thinking(model, thinking, max_tokens)
        if problem:
            return problem
    output_config = body.get("output_config")
    if output_config is not None:
        if not isinstance(output_config, dict) or set(output_config) - {"effort", "format"}:
            return _bad("output_config: Extra inputs are not permitted")
        effort = output_config.get("effort")
        if effort is not None:
            if not model.efforts:
                return _bad("This model does not support the effort parameter.")
            if effort not in model.efforts:
                return _bad(f"output_config.effort: Input should be {', '.join(repr(e) for e in model.efforts)}")
    problem = _check_sampling(model, body, thinking_on)
    if problem:
        return problem
    cache = body.get("cache_control")
    if cache is not None and (
        not isinstance(cache, dict)
        or cache.get("type") != "ephemeral"
        or cache.get("ttl", "5m") not in ("5m", "1h")
        or set(cache) - {"type", "ttl"}
    ):
        return _bad("cache_control: Input tag does not match the expected tags ('ephemeral')")
    system = body.get("system")
    if system is not None and not isinstance(system, str | list):
        return _bad("system: Input should be a valid string or list")
    if "context_management" in body:
        problem_text = context_management_problem(body["context_management"], model.compaction, betas)
        if problem_text:
            return _bad(problem_text)
    tools = body.get("tools")
    tool_problem = tools_problem(tools)
    if tool_problem:
        return _bad(tool_problem)
    messages = body.get("messages")
    if isinstance(messages, list) and messages:
        manual = thinking_on and isinstance(thinking, dict) and thinking.get("type") == "enabled"
        tool_problem = tool_pairs_problem(messages, bool(tools), manual) or web_blocks_problem(messages, tools)
        if tool_problem:
            return _bad(tool_problem)
    rejection = _check_messages(model, messages, version, thinking_on, betas)
    if rejection is None:
        visuals = visuals_problem(messages, model.context_window)
        return _bad(visuals) if visuals else None
    return rejection


def _check_thinking(model: FakeModel, thinking: Any, max_tokens: int) -> tuple[Rejection | None, bool]:
    if not isinstance(thinking, dict):
        return _bad("thinking: Input should be an object"), False
    kind = thinking.get("type")
    display = thinking.get("display")
    if kind == "disabled":
        if set(thinking) - {"type"}:
            return _bad("thinking.disabled.display: Extra inputs are not permitted"), False
        return None, False
    if display is not None and display not in ("summarized", "omitted"):
        return _bad("thinking.display: Input should be 'summarized' or 'omitted'"), False
    if kind == "adaptive":
        if model.thinking != "adaptive":
            return _bad(
                f"thinking.type: adaptive thinking is not supported on {model.id}; "
                'use thinking.type "enabled" with budget_tokens'
            ), False
        if set(thinking) - {"type", "display"}:
            return _bad("thinking.adaptive: Extra inputs are not permitted"), False
        return None, True
    if kind == "enabled":
        if model.id == "claude-opus-4-7":
            return _bad(
                "thinking.type.enabled is not supported for this model. Use thinking.type.adaptive "
                "and output_config.effort to control thinking behavior."
            ), False
        budget = thinking.get("budget_tokens")
        if not isinstance(budget, int) or budget < 1024:
            return _bad("thinking.enabled.budget_tokens: Input should be greater than or equal to 1024"), False
        if budget >= max_tokens:
            return _bad("`max_tokens` must be greater than `thinking.budget_tokens`"), False
        if set(thinking) - {"type", "budget_tokens", "display"}:
            return _bad("thinking.enabled: Extra inputs are not permitted"), False
        return None, True
    return _bad("thinking.type: Input tag does not match the expected tags ('adaptive', 'enabled', 'disabled')"), False


def _check_sampling(model: FakeModel, body: dict[str, Any], thinking_on: bool) -> Rejection | None:
    temperature, top_p, top_k = body.get("temperature"), body.get("top_p"), body.get("top_k")
    if model.sampling == "default_only":
        if temperature is not None and temperature != 1.0:
            return _bad("temperature is deprecated for this model")
        if top_p is not None or top_k is not None:
            return _bad("top_p and top_k are deprecated for this model")
        return None
    if thinking_on:
        if temperature is not None and temperature != 1.0:
            return _bad(
                "`temperature` may only be set to 1 when thinking is enabled. Please consult our "
                "documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking"
            )
        if top_k is not None:
            return _bad("`top_k` must be unset when thinking is enabled")
        if top_p is not None and not 0.95 <= top_p <= 1:
            return _bad("`top_p` must be between 0.95 and 1 when thinking is enabled")
    if model.prefill and temperature is not None and top_p is not None:
        return _bad("`temperature` and `top_p` cannot both be specified for this model. Please use only one.")
    return None


def _check_messages(
    model: FakeModel, messages: Any, version: str, thinking_on: bool, betas: set[str]
) -> Rejection | None:
    if not isinstance(messages, list) or not messages:
        return _bad("messages: at least one message is required")
    pending_tool_ids: set[str] = set()
    for i, message in enumerate(messages):
        if not isinstance(message, dict) or message.get("role") not in ("user", "assistant"):
            return _bad(f"messages.{i}.role: Input should be 'user' or 'assistant'")
        role = message["role"]
        if i == 0 and role != "user":
            return _bad('messages: first message must use the "user" role')
        content = message.get("content")
        if isinstance(content, str):
            if not content.strip():
                return _bad("messages: text content blocks must be non-empty")
            blocks: list[Any] = [{"type": "text", "text": content}]
        elif isinstance(content, list) and content:
            blocks = content
        else:
            return _bad(
                f"messages.{i}: all messages must have non-empty content except for the optional "
                "final assistant message"
            )
        if role == "user" and pending_tool_ids:
            results = [b.get("tool_use_id") for b in blocks if isinstance(b, dict) and b.get("type") == "tool_result"]
            if set(results) != pending_tool_ids:
                return _bad(
                    f"messages.{i}: `tool_use` ids were found without `tool_result` blocks immediately "
                    "after: " + ", ".join(sorted(pending_tool_ids - set(results)))
                )
        pending_tool_ids = set()
        seen_other = False
        for j, block in enumerate(blocks):
            where = f"messages.{i}.content.{j}"
            if not isinstance(block, dict):
                return _bad(f"{where}: Input should be an object")
            kind = block.get("type")
            if kind == "text":
                if not isinstance(block.get("text"), str) or not block["text"].strip():
                    return _bad("messages: text content blocks must be non-empty")
                if role == "user" and version == "2026-10-21" and block.get("citations"):
                    return _bad(f"{where}.citations: citations are not allowed in user messages")
            elif kind in ("thinking", "redacted_thinking"):
                if role != "assistant":
                    return _bad(f"{where}: thinking blocks may only appear in assistant messages")
                if kind == "thinking" and not _signature_ok(block):
                    return _bad(f"{where}: Invalid `signature` in `thinking` block")
                if kind == "redacted_thinking" and not block.get("data"):
                    return _bad(f"{where}.data: Field required")
            elif kind == "document" and role == "assistant" and version == "2026-10-21":
                return _bad(f"{where}: document blocks are not allowed in assistant messages")
            elif kind == "tool_use":
                if role != "assistant":
                    return _bad(f"{where}: tool_use blocks may only appear in assistant messages")
                pending_tool_ids.add(str(block.get("id")))
            elif kind == "tool_result":
                if role != "user":
                    return _bad(f"{where}: tool_result blocks may only appear in user messages")
                if seen_other:
                    return _bad(
                        f"messages.{i}: tool_result blocks must come first in the user message, "
                        "before any other content"
                    )
            else:
                problem = block_problem(block, role, where, betas)
                if problem:
                    return _bad(problem)
            if kind != "tool_result":
                seen_other = True
    paused = any(isinstance(b, dict) and b.get("type") == "server_tool_use" for b in messages[-1].get("content") or [])
    if messages[-1]["role"] == "assistant" and not paused:  # (a paused server-tool turn goes on: not a prefill)
        if not model.prefill:
            return _bad(
                "This model does not support assistant message prefill. The conversation must end with a user message."
            )
        if thinking_on:
            return _bad("Prefill is not supported when thinking is enabled.")
    return None
