"""Words shown to the user about a message: footers, stop reasons, what to do after an error.

Pure functions, shared by the GUI and the CLI, testable without Qt.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from .. import errors as E
from ..i18n import QT_TR_NOOP, tr
from ..pricing import ChatTotals, billed_tokens, server_tool_uses

Action = Literal[
    "settings",
    "retry",
    "retry_other_model",
    "continue",
    "resume",
    "raise_limit",
    "new_chat",
    "pick_model",
    "use_successor",
]
# The effort as the footer names it (the API's own words in English).
EFFORT_WORDS = {
    "low": QT_TR_NOOP("low"),
    "medium": QT_TR_NOOP("medium"),
    "high": QT_TR_NOOP("high"),
    "xhigh": QT_TR_NOOP("xhigh"),
    "max": QT_TR_NOOP("max"),
}


def footer_text(
    model: str,
    effort: str | None,
    usage: Mapping[str, Any] | None,
    cost: float | None,
    ttft_s: float | None,
    duration_s: float | None = None,
) -> str:
    """``Claude Opus 4.7 · high · 1,234 in / 56 out · cache 900 read / 120 write · $0.0123 · first token 0.8 s``."""
    parts = [model]
    if effort:
        parts.append(tr(EFFORT_WORDS[effort]) if effort in EFFORT_WORDS else effort)
    t = billed_tokens(usage or {})  # summed over compaction's passes
    tokens_in, tokens_out = t["input"], t["output"]
    if tokens_in or tokens_out:
        parts.append(
            tr("{tokens_in} in / {tokens_out} out").format(tokens_in=f"{tokens_in:,}", tokens_out=f"{tokens_out:,}")
        )
    read, write = t["cache_read"], t["cache_write_5m"] + t["cache_write_1h"]
    if read or write:
        parts.append(tr("cache {read} read / {write} write").format(read=f"{read:,}", write=f"{write:,}"))
    web = server_tool_uses(usage or {})
    if web["searches"]:
        parts.append(tr("{n} web searches").format(n=web["searches"]) if web["searches"] > 1 else tr("1 web search"))
    if web["fetches"]:
        parts.append(tr("{n} pages read").format(n=web["fetches"]) if web["fetches"] > 1 else tr("1 page read"))
    if cost is not None:
        parts.append(dollars(cost))
    if ttft_s is not None:
        parts.append(tr("first token {seconds} s").format(seconds=f"{ttft_s:.1f}"))
    if duration_s is not None:
        parts.append(tr("{seconds} s total").format(seconds=f"{duration_s:.1f}"))
    return " · ".join(parts)


def footer_brief(model: str, cost: float | None, duration_s: float | None) -> str:
    """``Claude Opus 4.7 · $0.0123 · 4.2 s``: what an answer shows of its figures until opened."""
    parts = [model]
    if cost is not None:
        parts.append(dollars(cost))
    if duration_s is not None:
        parts.append(tr("{seconds} s").format(seconds=f"{duration_s:.1f}"))
    return " · ".join(parts)


def dollars(cost: float) -> str:
    return f"${cost:.4f}" if cost < 1 else f"${cost:.2f}"


def chat_totals_text(totals: ChatTotals) -> str:
    """``This chat: $0.0421 over 12 replies · cache hit rate 87%`` (empty before the first reply)."""
    if not totals.replies:
        return ""
    one = totals.replies == 1
    if totals.cost_usd is None:  # its own sentence: "spent: cost unknown" reads badly in Chinese
        over = tr("This chat: 1 reply, cost unknown") if one else tr("This chat: {count} replies, cost unknown")
    else:
        over = tr("This chat: {cost} over 1 reply") if one else tr("This chat: {cost} over {count} replies")
    cost = dollars(totals.cost_usd) if totals.cost_usd is not None else ""
    parts = [over.format(cost=cost, count=totals.replies)]
    rate = totals.cache_hit_rate
    if rate is not None:
        parts.append(tr("cache hit rate {rate}").format(rate=f"{rate:.0%}"))
    return " · ".join(parts)


def context_text(used: int, window: int, *, estimate: bool = False) -> str:
    """``Context 12.3k of 1M tokens (1%)``; "about" when it comes from count_tokens before sending."""
    share = used / window if window else 0.0
    text = (
        tr("Context about {used} of {window} tokens ({share})")
        if estimate
        else tr("Context {used} of {window} tokens ({share})")
    )
    return text.format(used=_short(used), window=_short(window), share=f"{share:.0%}")


def _short(n: int) -> str:
    if n >= 1_000_000:
        return f"{n / 1_000_000:.3g}M"
    if n >= 1000:
        return f"{n / 1000:.3g}k"
    return str(n)


@dataclass(frozen=True, slots=True)
class Notice:
    """A banner: its text, how serious it is, and the actions it offers."""

    text: str
    severity: Literal["info", "warning", "error"]
    actions: tuple[Action, ...] = ()
    successor: str | None = None  # the model "use_successor" moves the chat to
    successor_name: str | None = None


def stop_notice(stop_reason: str | None, stop_details: Mapping[str, Any] | None) -> Notice | None:
    """What to tell the user about how a reply ended (None for a normal finish)."""
    if stop_reason in (None, "end_turn", "stop_sequence", "tool_use"):
        return None
    if stop_reason == "refusal":
        details = stop_details or {}
        category = details.get("category")
        explanation = details.get("explanation")
        text = tr("The model declined to answer this")
        if category:
            text += tr(" (category: {category})").format(category=str(category).replace("_", " "))
        text += f". {explanation}" if explanation else "."
        text += tr(" This exchange is left out of the conversation from now on. Rephrase, or retry with another model.")
        return Notice(text, "warning", ("retry_other_model",))
    if stop_reason == "max_tokens":
        return Notice(
            tr("The answer reached the length limit (max_tokens). Continue it, or answer again with a higher limit."),
            "info",
            ("continue", "raise_limit"),
        )
    if stop_reason == "model_context_window_exceeded":
        return Notice(
            tr(
                "The conversation filled the model's context window, so the answer was cut short. "
                "Start a new chat to go on."
            ),
            "warning",
            ("new_chat",),
        )
    if stop_reason == "pause_turn":
        return Notice(
            tr("Claude paused its web research part way. Continue to let it go on where it stopped."),
            "info",
            ("resume",),
        )
    if stop_reason == "compaction":
        return Notice(tr("Earlier conversation was summarised to make room."), "info", ("continue",))
    return Notice(tr("The answer ended ({reason}).").format(reason=stop_reason), "info")


def error_notice(error: E.ParleyError, *, stopped_partial: bool = False) -> Notice:
    """The banner for a failed turn: the error's own sentence plus the right buttons."""
    text = error.user_message
    if stopped_partial:
        text = tr("The answer was interrupted; what arrived is kept.") + " " + text
    successor = getattr(error, "successor", None)
    if isinstance(error, E.ModelRetired | E.RetiredModelNotFound):
        actions: tuple[Action, ...] = ("use_successor",) if successor else ("pick_model",)
        return Notice(
            text, "error", actions, successor=successor, successor_name=getattr(error, "successor_name", None)
        )
    if isinstance(error, E.AuthError | E.ConfigError | E.VersionNotAccepted | E.PermissionDenied):
        return Notice(text, "error", ("settings",))
    if isinstance(error, E.NotFound):
        return Notice(text, "error", ("pick_model", "settings"))
    if isinstance(error, E.InvalidOptions):
        return Notice(text, "error", ())
    if isinstance(error, E.RateLimited) and error.spend_cap:
        return Notice(text, "error", ())
    if isinstance(error, E.MalformedResponse):
        return Notice(text, "error", ("settings", "retry"))
    return Notice(text, "error", ("retry",))
