"""One builder from settings, a model choice and a chat's setup to a request's options."""

from __future__ import annotations

from datetime import date

import pytest

from parley.core.catalog import load_shipped
from parley.core.chat_setup import ChatSetup
from parley.core.clock import FixedClock
from parley.core.endpoint import PRESETS, Endpoint
from parley.core.errors import InvalidOptions
from parley.core.options import ModelChoice, options_for
from parley.core.request import Message, build_request
from parley.core.retirement import Lineup
from parley.core.settings import Settings

CATALOG = load_shipped()


def test_settings_choice_and_setup_all_reach_the_options() -> None:
    settings = Settings()
    settings.max_tokens = 20_000
    settings.cache = False
    settings.cache_ttl = "1h"
    settings.thinking_display = "omitted"
    choice = ModelChoice("claude-opus-4-7", "xhigh", thinking=True)
    options = options_for(settings, choice, ChatSetup(system="Be brief.", compaction=True))
    assert (options.model, options.effort, options.thinking) == ("claude-opus-4-7", "xhigh", True)
    assert (options.max_tokens, options.cache, options.cache_ttl, options.display) == (20_000, False, "1h", "omitted")
    assert (options.system, options.compaction) == ("Be brief.", True)
    assert options_for(settings, choice, max_tokens=500).max_tokens == 500  # an explicit limit wins


def test_the_same_settings_give_each_model_its_own_cap() -> None:
    settings = Settings()
    settings.max_tokens = 100_000
    for model, expected in (("claude-opus-4-7", 100_000), ("claude-haiku-4-5", 64_000)):
        options = options_for(settings, ModelChoice(model))
        prepared = build_request(CATALOG.resolve(model), [Message("user", "hi")], options)
        assert prepared.body["max_tokens"] == expected
        assert bool(prepared.notices) == (expected < 100_000)


@pytest.mark.parametrize(
    ("text", "choice"),
    [
        ("claude-opus-4-7:xhigh", ModelChoice("claude-opus-4-7", effort="xhigh")),
        ("claude-haiku-4-5:2048", ModelChoice("claude-haiku-4-5", budget_tokens=2048)),
        ("claude-sonnet-4-6:off", ModelChoice("claude-sonnet-4-6", thinking=False)),
        ("claude-opus-4-7", ModelChoice("claude-opus-4-7")),
    ],
)
def test_a_choice_reads_and_writes_its_short_form(text: str, choice: ModelChoice) -> None:
    assert ModelChoice.parse(text) == choice
    assert choice.text() == text
    with pytest.raises(InvalidOptions, match="No model"):
        ModelChoice.parse(":high")


def test_a_retired_choice_moves_to_its_successor_for_a_new_chat() -> None:
    lineup = Lineup(CATALOG, FixedClock(date(2026, 12, 5)), Endpoint(PRESETS["anthropic"]))
    assert ModelChoice("claude-sonnet-4-5", budget_tokens=2048).for_new_chat(lineup) == ModelChoice(
        "claude-sonnet-4-6", "low"
    )
    assert ModelChoice("claude-opus-4-7", "max").for_new_chat(lineup) == ModelChoice("claude-opus-4-7", "max")
    assert ModelChoice("claude-opus-4-7", "max").label(CATALOG) == "Claude Opus 4.7 · max"
