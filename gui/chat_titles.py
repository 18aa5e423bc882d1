"""After a new chat's first answer, ask the cheapest model for a short title (when the setting is on).

Runs beside the chat; a failure leaves the prompt's title. A title the user typed meanwhile wins.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from parley.core.conversation import text_of, title_from_prompt
from parley.core.errors import ParleyError
from parley.core.titles import generate_title

from .services import Services

log = logging.getLogger(__name__)


def maybe_name_chat(services: Services, chat_id: str, on_named: Callable[[str], None]) -> asyncio.Task[None] | None:
    if not services.settings.generate_titles:
        return None
    rows = services.store.branch(chat_id)
    if len(rows) != 2 or rows[1].status != "complete":
        return None  # only after the first answer, once
    prompt, answer = text_of(rows[0].content), text_of(rows[1].content)
    chat = services.store.find_chat(chat_id)
    if chat is None or chat.title != title_from_prompt(prompt):
        return None

    async def name() -> None:
        try:
            title = await generate_title(services.client(), services.catalog, prompt, answer)
        except ParleyError as error:
            log.info("no generated title for %s: %s", chat_id, error.user_message)
            return
        current = services.store.find_chat(chat_id)
        if title and current is not None and current.title == title_from_prompt(prompt):
            services.store.update_chat(chat_id, title=title)
            on_named(chat_id)

    return services.tasks.spawn(name(), name="name the chat")
