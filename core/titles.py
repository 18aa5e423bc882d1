"""Short chat titles written by a small model (a setting, off by default).

The first prompt is the title at once; when the first answer is in, the cheapest model the user
can reach is asked for a few words instead. It runs beside the chat and never blocks it; if it
fails, the prompt's title simply stays.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .catalog import Catalog, ModelInfo
from .request import ChatOptions, Message, build_request

if TYPE_CHECKING:
    from .client import MessagesClient

MAX_TITLE = 60
EXCERPT = 1500  # characters of the prompt and of the answer that the title model sees
INSTRUCTION = (
    "Write a title of 3 to 6 words for this conversation, in the conversation's language. "
    "Reply with the title only: no quotes, no final punctuation."
)


def title_model(catalog: Catalog) -> ModelInfo | None:
    """The cheapest priced model in the catalog (Haiku, normally)."""
    priced = [m for m in catalog if m.prices is not None]
    return min(priced, key=lambda m: m.prices.input if m.prices else 0.0) if priced else None


def clean_title(text: str) -> str | None:
    line = next((ln for ln in text.strip().splitlines() if ln.strip()), "")
    for _ in range(2):  # quotes around a full stop, or a full stop after quotes
        line = line.strip().strip("\"'“”‘’「」`*#").strip().rstrip(".。!！")
    if line.lower().startswith("title:"):
        line = line[6:].strip()
    return line[:MAX_TITLE].strip() or None


async def generate_title(client: MessagesClient, catalog: Catalog, prompt: str, answer: str) -> str | None:
    model = title_model(catalog)
    if model is None:
        return None
    text = f"User: {prompt[:EXCERPT]}\n\nAssistant: {answer[:EXCERPT]}"
    options = ChatOptions(model=model.id, thinking=False, max_tokens=40, system=INSTRUCTION)
    prepared = build_request(model, [Message("user", text)], options, api_version=client.endpoint.api_version)
    live = await client.stream(prepared)
    return clean_title(live.text())
