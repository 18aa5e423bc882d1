"""The model catalog: what each model accepts, costs, and when it retires (see :mod:`retirement`).

New models appear often, so capabilities are data (``resources/models.json``), merged with what the
endpoint's ``GET /v1/models`` reports and with the user's custom models. Unknown model IDs get
conservative capabilities derived from their name, so a request never carries a field the model
might reject.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, Literal

from .. import resources
from .files import write_text_atomically

ThinkingMode = Literal["adaptive", "budget", "none"]
Sampling = Literal["any", "without_thinking", "default_only"]

EFFORT_LEVELS: tuple[str, ...] = ("low", "medium", "high", "xhigh", "max")
DEFAULT_MAX_TOKENS = 32_000
DEFAULT_BUDGET_TOKENS = 10_000
MIN_BUDGET_TOKENS = 1024


@dataclass(frozen=True, slots=True)
class Prices:
    """US dollars per million tokens."""

    input: float
    output: float
    cache_write_5m: float
    cache_write_1h: float
    cache_read: float


@dataclass(frozen=True, slots=True)
class ModelInfo:
    """Everything Parley needs to know to build a valid request for one model."""

    id: str
    display_name: str
    context_window: int = 200_000
    max_output: int = 8_192
    thinking: ThinkingMode = "none"
    efforts: tuple[str, ...] = ()
    default_effort: str | None = None
    default_display: str = "summarized"
    sampling: Sampling = "without_thinking"
    prefill: bool = False
    compaction: bool = False
    interleaved_thinking: str = "none"
    min_cacheable_tokens: int = 1024
    prices: Prices | None = None
    retires: date | None = None
    successor: str | None = None  # the model Anthropic names to move to when this one retires
    aliases: tuple[str, ...] = ()
    source: Literal["shipped", "endpoint", "custom", "inferred"] = "shipped"

    @property
    def default_max_tokens(self) -> int:
        return min(DEFAULT_MAX_TOKENS, self.max_output)

    @property
    def default_budget_tokens(self) -> int:
        return max(MIN_BUDGET_TOKENS, min(DEFAULT_BUDGET_TOKENS, self.default_max_tokens // 2))

    def accepts_temperature(self, *, thinking_on: bool) -> bool:
        if self.sampling == "default_only":
            return False
        return not (self.sampling == "without_thinking" and thinking_on)


def _model_from_json(raw: Mapping[str, Any], source: str = "shipped") -> ModelInfo:
    prices = raw.get("prices")
    retires = raw.get("retires")
    thinking = raw.get("thinking", "none")
    sampling = raw.get("sampling", "without_thinking")
    if thinking not in ("adaptive", "budget", "none"):
        raise ValueError(f"model {raw.get('id')!r}: unknown thinking mode {thinking!r}")
    if sampling not in ("any", "without_thinking", "default_only"):
        raise ValueError(f"model {raw.get('id')!r}: unknown sampling rule {sampling!r}")
    efforts = tuple(raw.get("efforts") or ())
    unknown = [e for e in efforts if e not in EFFORT_LEVELS]
    if unknown:
        raise ValueError(f"model {raw.get('id')!r}: unknown effort levels {unknown}")
    return ModelInfo(
        id=str(raw["id"]),
        display_name=str(raw.get("display_name") or raw["id"]),
        context_window=int(raw.get("context_window", 200_000)),
        max_output=int(raw.get("max_output", 8_192)),
        thinking=thinking,
        efforts=efforts,
        default_effort=raw.get("default_effort"),
        default_display=str(raw.get("default_display", "summarized")),
        sampling=sampling,
        prefill=bool(raw.get("prefill", False)),
        compaction=bool(raw.get("compaction", False)),
        interleaved_thinking=str(raw.get("interleaved_thinking", "none")),
        min_cacheable_tokens=int(raw.get("min_cacheable_tokens", 1024)),
        prices=Prices(**{k: float(v) for k, v in prices.items()}) if prices else None,
        retires=date.fromisoformat(retires) if retires else None,
        successor=raw.get("successor") or raw.get("replacement"),  # "replacement": before 0.2
        aliases=tuple(raw.get("aliases") or ()),
        source=source,  # type: ignore[arg-type]
    )


def model_to_json(model: ModelInfo) -> dict[str, Any]:
    """The JSON form used by the shipped catalog, custom models and the endpoint cache."""
    out: dict[str, Any] = {
        "id": model.id,
        "display_name": model.display_name,
        "context_window": model.context_window,
        "max_output": model.max_output,
        "thinking": model.thinking,
        "efforts": list(model.efforts),
        "default_effort": model.default_effort,
        "default_display": model.default_display,
        "sampling": model.sampling,
        "prefill": model.prefill,
        "compaction": model.compaction,
        "interleaved_thinking": model.interleaved_thinking,
        "min_cacheable_tokens": model.min_cacheable_tokens,
        "aliases": list(model.aliases),
    }
    if model.prices:
        p = model.prices
        out["prices"] = {
            "input": p.input,
            "output": p.output,
            "cache_write_5m": p.cache_write_5m,
            "cache_write_1h": p.cache_write_1h,
            "cache_read": p.cache_read,
        }
    if model.retires:
        out["retires"] = model.retires.isoformat()
    if model.successor:
        out["successor"] = model.successor
    return out


_VERSIONED = re.compile(r"^claude-(?P<family>opus|sonnet|haiku)-(?P<major>\d+)(?:-(?P<minor>\d{1,2}))?(?:-|$)")


def infer_model(model_id: str) -> ModelInfo:
    """Conservative capabilities for a model the catalog does not know.

    Thinking follows the family's generation (adaptive from 4.6 on, where budget thinking is
    rejected on 4.7+; budget before), effort is never sent, sampling stays at defaults from 4.7 on,
    and no prices are assumed (cost shows as unknown rather than wrong).
    """
    m = _VERSIONED.match(model_id)
    if not m:
        return ModelInfo(id=model_id, display_name=model_id, source="inferred")
    version = (int(m["major"]), int(m["minor"] or 0))
    adaptive = version >= (4, 6)
    return ModelInfo(
        id=model_id,
        display_name=model_id,
        context_window=1_000_000 if adaptive else 200_000,
        max_output=64_000 if adaptive else 32_000,
        thinking="adaptive" if adaptive else "budget",
        default_display="summarized",
        sampling="default_only" if version >= (4, 7) else "without_thinking",
        prefill=not adaptive,
        source="inferred",
    )


@dataclass
class Catalog:
    """All models Parley can offer, in display order, with lookups by id or alias."""

    models: list[ModelInfo] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._index: dict[str, ModelInfo] = {}
        for model in self.models:
            self._add_to_index(model)

    def _add_to_index(self, model: ModelInfo) -> None:
        self._index[model.id] = model
        for alias in model.aliases:
            self._index.setdefault(alias, model)

    def __iter__(self) -> Any:
        return iter(self.models)

    def __len__(self) -> int:
        return len(self.models)

    def ids(self) -> list[str]:
        return [m.id for m in self.models]

    def get(self, model_id: str) -> ModelInfo | None:
        return self._index.get(model_id)

    def resolve(self, model_id: str) -> ModelInfo:
        """The catalog entry for *model_id* (an alias keeps its own id), or inferred capabilities."""
        known = self._index.get(model_id)
        if known is None:
            return infer_model(model_id)
        return known if known.id == model_id else replace(known, id=model_id)

    def upsert(self, model: ModelInfo) -> None:
        for i, existing in enumerate(self.models):
            if existing.id == model.id:
                self.models[i] = model
                break
        else:
            self.models.append(model)
        self._add_to_index(model)

    def with_custom(self, custom: Iterable[Mapping[str, Any]]) -> Catalog:
        """A copy with the user's custom models added (or overriding shipped entries)."""
        merged = Catalog(list(self.models))
        for raw in custom:
            base = infer_model(str(raw["id"]))
            data = model_to_json(base) | dict(raw)
            merged.upsert(_model_from_json(data, source="custom"))
        return merged

    def merged_with_endpoint(self, listing: Iterable[Mapping[str, Any]]) -> Catalog:
        """A copy that folds in a ``GET /v1/models`` listing.

        Anthropic's entries carry ``capabilities``, ``max_input_tokens`` and ``max_tokens`` (any may be
        null); AIHubMix's OpenAI-style entries carry only an ``id``. Known models keep their shipped
        data where the endpoint says nothing; new models are added with what the endpoint reports,
        or with inferred capabilities.
        """
        merged = Catalog(list(self.models))
        for entry in listing:
            model_id = entry.get("id")
            if not isinstance(model_id, str) or not model_id:
                continue
            known = merged.get(model_id)
            base = known if known is not None and known.id == model_id else infer_model(model_id)
            updated = _apply_endpoint_entry(base, entry)
            if known is None or known.id != model_id or updated != base:
                merged.upsert(updated)
        return merged


def _apply_endpoint_entry(base: ModelInfo, entry: Mapping[str, Any]) -> ModelInfo:
    changes: dict[str, Any] = {}
    if isinstance(entry.get("display_name"), str) and entry["display_name"]:
        changes["display_name"] = entry["display_name"]
    if isinstance(entry.get("max_input_tokens"), int) and entry["max_input_tokens"] > 0:
        changes["context_window"] = entry["max_input_tokens"]
    if isinstance(entry.get("max_tokens"), int) and entry["max_tokens"] > 0:
        changes["max_output"] = entry["max_tokens"]
    caps = entry.get("capabilities")
    if isinstance(caps, Mapping):
        thinking = caps.get("thinking")
        if isinstance(thinking, Mapping):
            types = thinking.get("types") or {}
            if not thinking.get("supported"):
                changes["thinking"] = "none"
            elif _supported(types.get("adaptive")):
                changes["thinking"] = "adaptive"
            elif _supported(types.get("enabled")):
                changes["thinking"] = "budget"
        effort = caps.get("effort")
        if isinstance(effort, Mapping):
            levels = tuple(e for e in EFFORT_LEVELS if effort.get("supported") and _supported(effort.get(e)))
            changes["efforts"] = levels
            if levels and (base.default_effort not in levels):
                changes["default_effort"] = "high" if "high" in levels else levels[-1]
            if not levels:
                changes["default_effort"] = None
        ctx = caps.get("context_management")
        if isinstance(ctx, Mapping):
            changes["compaction"] = bool(ctx.get("supported")) and _supported(ctx.get("compact_20260112"))
    if base.source == "inferred" and changes:
        changes["source"] = "endpoint"
    return replace(base, **changes) if changes else base


def _supported(value: object) -> bool:
    return isinstance(value, Mapping) and bool(value.get("supported", True))


def load_shipped() -> Catalog:
    return load_file(resources.path("models.json"))


def load_file(path: Path) -> Catalog:
    data = json.loads(path.read_text(encoding="utf-8"))
    return Catalog([_model_from_json(raw) for raw in data["models"]])


# ------------------------------------------------------------------ endpoint cache


def save_endpoint_cache(path: Path, endpoint: str, listing: list[dict[str, Any]], fetched_at: str) -> None:
    """Keep the last ``GET /v1/models`` answer so the catalog works offline."""
    write_text_atomically(path, json.dumps({"endpoint": endpoint, "fetched_at": fetched_at, "data": listing}))


def load_endpoint_cache(path: Path, endpoint: str) -> list[dict[str, Any]]:
    """The cached listing for *endpoint*; empty when missing, for another endpoint, or unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(data, dict) or data.get("endpoint") != endpoint or not isinstance(data.get("data"), list):
        return []
    return [e for e in data["data"] if isinstance(e, dict)]
