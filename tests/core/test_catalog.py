"""The catalog: shipped data, retirement notices, custom models, merging GET /v1/models, offline cache."""

from __future__ import annotations

from parley.core.catalog import infer_model, load_endpoint_cache, load_shipped, save_endpoint_cache
from tests.conftest import run

CATALOG = load_shipped()


def test_shipped_models_and_capabilities():
    assert CATALOG.ids() == [
        "claude-opus-4-7",
        "claude-opus-4-6",
        "claude-sonnet-4-6",
        "claude-sonnet-4-5",
        "claude-haiku-4-5",
    ]
    opus47 = CATALOG.resolve("claude-opus-4-7")
    assert opus47.efforts[-2:] == ("xhigh", "max")
    assert opus47.default_display == "omitted"
    assert opus47.sampling == "default_only"
    assert opus47.max_output == 128_000
    assert all("xhigh" not in m.efforts for m in CATALOG if m.id != "claude-opus-4-7")
    assert CATALOG.resolve("claude-haiku-4-5").prices.input == 1.0
    assert CATALOG.resolve("claude-sonnet-4-5").thinking == "budget"


def test_aliases_resolve_to_the_entry_but_keep_their_id():
    m = CATALOG.resolve("claude-haiku-4-5-20251001")
    assert m.id == "claude-haiku-4-5-20251001"
    assert m.thinking == "budget"
    assert m.prices is not None


def test_inferred_capabilities_are_conservative():
    assert infer_model("claude-opus-5-5").thinking == "adaptive"
    assert infer_model("claude-opus-5-5").sampling == "default_only"
    assert infer_model("claude-opus-5-5").efforts == ()
    assert infer_model("claude-3-7-sonnet-latest").thinking == "none"
    assert infer_model("claude-sonnet-4-0").thinking == "budget"
    assert infer_model("some-proxy-model").thinking == "none"
    assert infer_model("x").prices is None


def test_custom_models_from_settings():
    merged = CATALOG.with_custom(
        [{"id": "my-finetune", "display_name": "Mine", "thinking": "budget", "max_output": 8000}]
    )
    m = merged.resolve("my-finetune")
    assert (m.display_name, m.thinking, m.max_output, m.source) == ("Mine", "budget", 8000, "custom")
    assert len(merged) == len(CATALOG) + 1
    assert len(CATALOG) == 5


def test_merge_anthropic_listing(fake_api, make_client):
    async def go():
        async with make_client() as c:
            return await c.list_models()

    listing = run(go())
    listing.append(
        {
            "id": "claude-opus-5-5",
            "display_name": "Claude Opus 5.5",
            "max_input_tokens": 1_000_000,
            "max_tokens": 128_000,
            "capabilities": {
                "effort": {"supported": True, "low": {}, "medium": {}, "high": {}, "max": {}, "xhigh": None},
                "thinking": {
                    "supported": True,
                    "types": {"adaptive": {"supported": True}, "enabled": {"supported": False}},
                },
            },
        }
    )
    merged = CATALOG.merged_with_endpoint(listing)
    new = merged.resolve("claude-opus-5-5")
    assert new.thinking == "adaptive"
    assert new.efforts == ("low", "medium", "high", "max")
    assert new.default_effort == "high"
    assert new.source == "endpoint"
    assert merged.resolve("claude-opus-4-7").prices == CATALOG.resolve("claude-opus-4-7").prices
    assert merged.resolve("claude-opus-4-7").efforts == CATALOG.resolve("claude-opus-4-7").efforts


def test_merge_openai_style_listing_keeps_shipped_data():
    listing = [
        {"id": "claude-opus-4-7", "object": "model", "owned_by": "anthropic"},
        {"id": "gpt-4o-mini", "object": "model"},
        {"object": "model"},
    ]
    merged = CATALOG.merged_with_endpoint(listing)
    assert merged.resolve("claude-opus-4-7") == CATALOG.resolve("claude-opus-4-7")
    assert merged.get("gpt-4o-mini").thinking == "none"


def test_endpoint_cache_round_trip_and_corruption(tmp_path):
    path = tmp_path / "cache.json"
    save_endpoint_cache(path, "https://aihubmix.com", [{"id": "a"}], "2026-11-24T00:00:00+00:00")
    assert load_endpoint_cache(path, "https://aihubmix.com") == [{"id": "a"}]
    assert load_endpoint_cache(path, "https://api.anthropic.com") == []
    path.write_text("{broken")
    assert load_endpoint_cache(path, "https://aihubmix.com") == []
    assert load_endpoint_cache(tmp_path / "missing.json", "x") == []
