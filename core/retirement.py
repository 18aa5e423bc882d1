"""Retired models: where each model is still offered, what a chat on a retired one may do, and
how a chat moves to the model's successor.

Anthropic answers every request to a model past its retirement date with an error, so on the
Anthropic endpoint a retired model starts no new chat and sends nothing; its saved chats still
open and read. A proxy or custom endpoint may keep serving a model after Anthropic retired it, so
there it stays available while that endpoint's ``GET /v1/models`` lists it, marked "retired at
Anthropic". The dates and successors are data (``resources/models.json``); today comes from a
:class:`~parley.core.clock.Clock`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import Literal

from .catalog import Catalog, ModelInfo
from .clock import Clock
from .endpoint import Endpoint
from .errors import ModelRetired, NotFound, ParleyError, RetiredModelNotFound
from .i18n import tr
from .request import ChatOptions

RETIREMENT_WARNING_DAYS = 60
State = Literal["current", "retiring", "retired"]


def at_anthropic(endpoint: Endpoint) -> bool:
    """Whether requests go to Anthropic itself (where retirement dates are enforced)."""
    return endpoint.preset == "anthropic"


def state_on(model: ModelInfo, today: date) -> State:
    """Current; retiring within the warning window; retired from the retirement date on."""
    if model.retires is None:
        return "current"
    days = (model.retires - today).days
    if days <= 0:
        return "retired"
    return "retiring" if days <= RETIREMENT_WARNING_DAYS else "current"


@dataclass(frozen=True, slots=True)
class Standing:
    """What one model may do on one endpoint today."""

    model: ModelInfo
    state: State
    offered: bool  # may start a new chat or compare column
    mark: str  # shown after the name in pickers: "", "retiring", "retired", "retired at Anthropic"
    notice: str | None  # one sentence for tooltips and the CLI


class Lineup:
    """The models one endpoint offers today: the catalog seen through retirement dates.

    *listed* is that endpoint's last ``GET /v1/models`` answer (ids), None when never fetched.
    """

    def __init__(self, catalog: Catalog, clock: Clock, endpoint: Endpoint, listed: Iterable[str] | None = None) -> None:
        self.catalog = catalog
        self.clock = clock
        self.anthropic = at_anthropic(endpoint)
        self.listed = frozenset(listed) if listed is not None else None

    def standing(self, model_id: str) -> Standing:
        return standing_of(self.catalog.resolve(model_id), self.clock.today(), self.anthropic, self.listed)

    def offered(self, models: Iterable[ModelInfo] | None = None) -> list[ModelInfo]:
        """The models a new chat or compare column may use, in catalog order."""
        return [m for m in (self.catalog if models is None else models) if self.standing(m.id).offered]

    def for_new_chat(self, model_id: str) -> str:
        """*model_id* if a new chat may use it, else its successor, else the first model offered."""
        if self.standing(model_id).offered:
            return model_id
        successor = self.successor(model_id)
        if successor is not None and self.standing(successor.id).offered:
            return successor.id
        offered = self.offered()
        return offered[0].id if offered else model_id

    def successor(self, model_id: str) -> ModelInfo | None:
        model = self.catalog.resolve(model_id)
        return self.catalog.resolve(model.successor) if model.successor else None


def standing_of(model: ModelInfo, today: date, anthropic: bool, listed: frozenset[str] | None) -> Standing:
    state = state_on(model, today)
    if state == "current":
        return Standing(model, state, True, "", None)
    when = model.retires.isoformat() if model.retires else ""
    successor = model.successor or ""
    if state == "retiring":
        days = (model.retires - today).days if model.retires else 0
        text = tr("{model} retires in {days} days ({date}).") if days != 1 else tr("{model} retires tomorrow ({date}).")
        notice = text.format(model=model.display_name, days=days, date=when)
        if successor:
            notice += " " + tr("Its successor is {successor}.").format(successor=successor)
        return Standing(model, state, True, tr("retiring"), notice)
    if anthropic:
        notice = tr("{model} was retired on {date}; Anthropic no longer answers requests to it.").format(
            model=model.display_name, date=when
        )
        if successor:
            notice += " " + tr("Its successor is {successor}.").format(successor=successor)
        return Standing(model, state, False, tr("retired"), notice)
    served = listed is not None and (model.id in listed or any(a in listed for a in model.aliases))
    notice = tr("{model} was retired at Anthropic on {date}; this endpoint may still serve it.").format(
        model=model.display_name, date=when
    )
    return Standing(model, state, served, tr("retired at Anthropic"), notice)


def refuse_if_retired(model: ModelInfo, clock: Clock, endpoint: Endpoint, catalog: Catalog) -> None:
    """Raise :class:`ModelRetired` when a request to *model* would certainly fail: Anthropic's
    endpoint, past the model's retirement date. Nothing is sent."""
    if not at_anthropic(endpoint) or state_on(model, clock.today()) != "retired":
        return
    text = tr("{model} was retired on {date}; Anthropic no longer answers requests to it")
    raise ModelRetired(_said(text, model), model=model.id, **_successor(model, catalog))


def explain_not_found(error: ParleyError, model: ModelInfo, clock: Clock, catalog: Catalog) -> ParleyError:
    """A ``not_found_error`` for a model Anthropic retired says so and names its successor;
    any other error is returned as it is."""
    if not isinstance(error, NotFound) or state_on(model, clock.today()) != "retired":
        return error
    text = tr("{model} was retired at Anthropic on {date}, and this endpoint no longer serves it")
    return RetiredModelNotFound(
        _said(text, model),
        status=error.status,
        error_type=error.error_type,
        api_message=error.api_message,
        request_id=error.request_id,
        error_code=error.error_code,
        **_successor(model, catalog),
    )


def _said(text: str, model: ModelInfo) -> str:
    return text.format(model=model.display_name, date=model.retires.isoformat() if model.retires else "")


def _successor(model: ModelInfo, catalog: Catalog) -> dict[str, str | None]:
    """What a retirement error says to do: the successor (its id and name), or pick another model."""
    successor = catalog.resolve(model.successor) if model.successor else None
    if successor is None:
        return {"hint": tr("Pick another model"), "successor": None, "successor_name": None}
    return {
        "hint": tr("Continue on its successor, {successor}").format(successor=successor.display_name),
        "successor": successor.id,
        "successor_name": successor.display_name,
    }


def effort_for_budget(budget_tokens: int | None, successor: ModelInfo) -> str | None:
    """The effort on an adaptive successor that stands for a thinking budget on a budget model:
    small budgets think little (low, medium); the default budget and above keep the default."""
    if not successor.efforts:
        return None
    if budget_tokens is not None and budget_tokens < 4096 and "low" in successor.efforts:
        return "low"
    if budget_tokens is not None and budget_tokens < 8192 and "medium" in successor.efforts:
        return "medium"
    return successor.default_effort if successor.default_effort in successor.efforts else None


def carry_over(options: ChatOptions, current: ModelInfo, successor: ModelInfo) -> ChatOptions:
    """*options* for a chat moving from *current* to *successor*: a budget becomes an effort on an
    adaptive model, an effort the successor lacks becomes its default, max_tokens fits its cap."""
    effort = options.effort
    budget = options.budget_tokens
    if successor.thinking == "adaptive":
        if current.thinking == "budget" or effort not in successor.efforts:
            effort = effort_for_budget(budget if current.thinking == "budget" else None, successor)
        budget = None
    elif successor.thinking == "budget":
        effort = None
    else:
        effort, budget = None, None
    max_tokens = min(options.max_tokens, successor.max_output) if options.max_tokens else None
    return replace(options, model=successor.id, effort=effort, budget_tokens=budget, max_tokens=max_tokens)
