"""The one place the user's choices become a request's :class:`~parley.core.request.ChatOptions`.

Three things decide a request: the app's settings (longest reply, caching, thinking display), the
model choice of the chat or compare column (:class:`ModelChoice`), and the chat's own setup
(:class:`~parley.core.chat_setup.ChatSetup`: system prompt, compaction). The window, the CLI and
compare all call :func:`options_for`; the request builder then fits the result to the model (a
``max_tokens`` over the model's limit is capped there, with a note).
"""

from __future__ import annotations

from dataclasses import dataclass

from .catalog import Catalog
from .chat_setup import ChatSetup
from .errors import InvalidOptions
from .request import ChatOptions
from .retirement import Lineup, carry_over
from .settings import Settings


@dataclass(frozen=True, slots=True)
class ModelChoice:
    """Which model answers, and how it thinks: an effort level, or a thinking budget, or none."""

    model: str
    effort: str | None = None
    thinking: bool = True
    budget_tokens: int | None = None

    @classmethod
    def parse(cls, text: str) -> ModelChoice:
        """``MODEL``, ``MODEL:EFFORT``, ``MODEL:BUDGET`` (a number: thinking tokens) or ``MODEL:off``."""
        model, _, rest = text.strip().partition(":")
        if not model:
            raise InvalidOptions(f"No model in {text!r}", hint="Write MODEL or MODEL:EFFORT, e.g. claude-opus-4-7:high")
        if not rest:
            return cls(model)
        if rest == "off":
            return cls(model, thinking=False)
        if rest.isdigit():
            return cls(model, budget_tokens=int(rest))
        return cls(model, effort=rest)

    def text(self) -> str:
        """The ``MODEL[:EFFORT]`` form :meth:`parse` reads (saved model sets, the CLI)."""
        if not self.thinking:
            return f"{self.model}:off"
        if self.budget_tokens:
            return f"{self.model}:{self.budget_tokens}"
        return f"{self.model}:{self.effort}" if self.effort else self.model

    def label(self, catalog: Catalog) -> str:
        known = catalog.get(self.model)
        name = known.display_name if known else self.model
        detail = (
            "no thinking"
            if not self.thinking
            else self.effort or (f"{self.budget_tokens} thinking tokens" if self.budget_tokens else "")
        )
        return f"{name} · {detail}" if detail else name

    def for_new_chat(self, lineup: Lineup) -> ModelChoice:
        """This choice, or, for a model no longer offered (retired), its successor with the thinking
        choice carried over (a budget becomes an effort)."""
        target = lineup.for_new_chat(self.model)
        if target == self.model:
            return self
        catalog = lineup.catalog
        moved = carry_over(self.bare_options(), catalog.resolve(self.model), catalog.resolve(target))
        return ModelChoice(moved.model, moved.effort, moved.thinking, moved.budget_tokens)

    def bare_options(self) -> ChatOptions:
        return ChatOptions(self.model, self.thinking, self.effort, self.budget_tokens)


def options_for(
    settings: Settings, choice: ModelChoice, setup: ChatSetup = ChatSetup(), *, max_tokens: int | None = None
) -> ChatOptions:
    """The options for one request. *max_tokens* overrides the settings' longest reply (the CLI's
    ``--max-tokens``, "answer again with a higher limit"); the request builder caps either at the
    model's own limit and says so."""
    return ChatOptions(
        model=choice.model,
        thinking=choice.thinking,
        effort=choice.effort,
        budget_tokens=choice.budget_tokens,
        max_tokens=max_tokens if max_tokens is not None else settings.max_tokens,
        system=setup.system,
        display="omitted" if settings.thinking_display == "omitted" else "summarized",
        cache=settings.cache,
        cache_ttl="1h" if settings.cache_ttl == "1h" else "5m",
        compaction=setup.compaction,
        web=settings.web.resolve(setup.web, at_anthropic=settings.endpoint().preset == "anthropic"),
    )
