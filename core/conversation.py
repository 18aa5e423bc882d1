"""What a stored branch means as a conversation: the turns a request carries (refused exchanges
left out, cut tool calls marked), the text a message shows, titles, and the continuation prompt.

Pure functions over stored rows, shared by the runner, the window and the CLI.
"""

from __future__ import annotations

from typing import Any

from .history.store import MessageRow
from .request import Message

JSON = dict[str, Any]
TITLE_LENGTH = 60


def title_from_prompt(prompt: str) -> str:
    """The first line of the prompt, shortened at a word boundary."""
    line = next((ln.strip() for ln in prompt.splitlines() if ln.strip()), "New chat")
    if len(line) <= TITLE_LENGTH:
        return line
    cut = line[:TITLE_LENGTH].rsplit(" ", 1)[0] or line[:TITLE_LENGTH]
    return cut.rstrip(" ,.;:") + "…"


NOTE_PREFIX = "[Parley note]"  # text Parley adds to a prompt for Claude (e.g. undone edits); not shown
# The continuation prompt the docs give for 4.6+, where an answer cannot be prefilled (reference §5).
CONTINUE_PREFIX = "Your previous response was interrupted and ended with"
CONTINUE_SHOWN = "Continue"
CONTINUE_TAIL = 400  # characters of the cut answer quoted back


def continuation_prompt(previous_answer: str) -> str:
    """What "Continue" sends after an answer stopped at max_tokens: the documented prompt, with the
    answer's last words so Claude picks up exactly there."""
    tail = previous_answer[-CONTINUE_TAIL:].strip() or "(nothing)"
    return f"{CONTINUE_PREFIX}\n\n{tail}\n\nContinue from where you left off."


def visible_text(content: list[JSON]) -> str:
    """A user message's own text, without the notes Parley added for Claude."""
    texts = [
        b["text"]
        for b in content
        if b.get("type") == "text" and isinstance(b.get("text"), str) and not b["text"].startswith(NOTE_PREFIX)
    ]
    if len(texts) == 1 and texts[0].startswith(CONTINUE_PREFIX):
        return CONTINUE_SHOWN
    return "".join(texts)


def is_tool_results(content: list[JSON]) -> bool:
    """A user message that only carries tool results (part of a tool loop, not something the user wrote)."""
    return bool(content) and all(b.get("type") == "tool_result" for b in content)


def history_of(rows: list[MessageRow]) -> list[Message]:
    """Stored messages as request turns.

    Left out: failed replies with nothing in them, and every refused exchange, from the prompt the
    user wrote to the refusal (tool steps between included): after a refusal Anthropic's docs say to
    reset the context, or follow-ups keep being refused. A reply cut by ``max_tokens`` is marked,
    so a tool call it left unfinished is answered as such.
    """
    turns: list[Message] = []
    exchange = 0  # where the exchange with the latest prompt the user wrote begins
    for row in rows:
        if row.role == "user" and not is_tool_results(row.content):
            exchange = len(turns)
        if row.role == "assistant" and row.stop_reason == "refusal":
            del turns[exchange:]
            continue
        if row.role == "assistant" and not row.content:
            continue
        turns.append(Message(row.role, row.content, row.model, cut_off=row.stop_reason == "max_tokens"))  # type: ignore[arg-type]
    return turns


def text_of(content: list[JSON], kind: str = "text") -> str:
    sep = "" if kind == "text" else "\n\n"
    return sep.join(b.get(kind, "") for b in content if b.get("type") == kind and isinstance(b.get(kind), str))
