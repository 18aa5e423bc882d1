"""Generated titles: the cheapest model, a valid request, and a clean few words back."""

from __future__ import annotations

import pytest

from parley.core.catalog import load_shipped
from parley.core.titles import clean_title, generate_title, title_model
from tests.conftest import run
from tests.fakeapi import text_reply


@pytest.mark.parametrize(
    ("raw", "title"),
    [
        ('"Hungry Sourdough Starter."', "Hungry Sourdough Starter"),
        ("Title: Rust borrow checker\n\nmore text", "Rust borrow checker"),
        ("「量子纠缠简介」。", "量子纠缠简介"),
        ("   \n  ", None),
        ("x" * 200, "x" * 60),
    ],
)
def test_clean_title(raw: str, title: str | None) -> None:
    assert clean_title(raw) == title


def test_title_model_is_the_cheapest_priced_one() -> None:
    model = title_model(load_shipped())
    assert model is not None
    assert model.id == "claude-haiku-4-5"


def test_generate_title_sends_a_small_valid_request(fake_api, make_client) -> None:
    fake_api.script(text_reply("claude-haiku-4-5", "Regex for ISO Dates"))

    async def go() -> str | None:
        async with make_client() as client:
            return await generate_title(client, load_shipped(), "How do I match 2024-01-31?", "Use a regex.")

    title = run(go())
    assert title == "Regex for ISO Dates"
    body = fake_api.messages_requests()[-1].body
    assert body["model"] == "claude-haiku-4-5"
    assert body["max_tokens"] == 40
    assert "Reply with the title only" in str(body["system"])
