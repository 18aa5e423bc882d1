"""Stream assembly against the official SDK, on the SDK's own stream fixtures (from its sdist).

Each fixture goes through Parley's real client (an ``httpx.MockTransport`` serving the bytes in
the SDK tests' chunking, and in random chunkings) and through the SDK's ``messages.stream()``;
the final messages must be equal. Where Parley sends a beta (compaction, context management: their
usage ``iterations``), the beta stream is the reference; elsewhere the plain one.
"""

from __future__ import annotations

import json
import random

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parley.core.client import MessagesClient, RetryPolicy
from parley.core.endpoint import Endpoint
from parley.core.errors import MalformedResponse
from parley.core.partial_json import loads_partial
from parley.core.request import PreparedRequest
from tests.conftest import run

pytest.importorskip("anthropic")
from tests.sdk_reference import as_sdk_test_sends, sdk_final_message, sdk_fixtures

# Fixtures whose features Parley uses through a beta: the SDK's beta accumulator is the reference.
BETA_REFERENCE = {
    "compaction_response.txt",
    "context_management_response.txt",
    "stream-a-refusal.sse",
    "stream-a-toolrefusal.sse",
    "stream-b-fallback.sse",
}
INVALID = {"tool_use_invalid_json_response.txt"}  # both must refuse the message


def fixture_names() -> list[str]:
    return sorted(p.name for p in sdk_fixtures().iterdir() if not p.name.startswith("."))


class Chunks(httpx.AsyncByteStream):
    """A response body that arrives in exactly these pieces."""

    def __init__(self, chunks: list[bytes]) -> None:
        self.chunks = chunks

    async def __aiter__(self):  # type: ignore[override]
        for chunk in self.chunks:
            yield chunk


async def parley_message(chunks: list[bytes]) -> dict:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, stream=Chunks(chunks), headers={"content-type": "text/event-stream"})

    endpoint = Endpoint("http://sdk.invalid")
    async with MessagesClient(
        endpoint, "sk-ant-reference-key", transport=httpx.MockTransport(handler), retry=RetryPolicy(max_retries=0)
    ) as client:
        result = await client.stream(PreparedRequest({"model": "claude-sonnet-4-6", "messages": []}))
    return result.message()


def test_the_fixtures_are_there():
    names = fixture_names()
    assert len(names) >= 20, names
    for expected in ("incomplete_partial_json_response.txt", "unknown_events_response.txt", "basic_response.txt"):
        assert expected in names


@pytest.mark.parametrize("name", fixture_names())
def test_final_message_equals_the_sdks(name: str) -> None:
    chunks = as_sdk_test_sends((sdk_fixtures() / name).read_bytes())
    if name in INVALID:
        with pytest.raises(ValueError, match="Unable to parse tool parameter JSON"):
            sdk_final_message(chunks)
        with pytest.raises(MalformedResponse, match="invalid JSON"):
            run(parley_message(chunks))
        return
    assert run(parley_message(chunks)) == sdk_final_message(chunks, beta=name in BETA_REFERENCE)


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_any_chunking_gives_the_same_message(seed: int) -> None:
    rng = random.Random(seed)
    for name in fixture_names():
        if name in INVALID:
            continue
        raw = (sdk_fixtures() / name).read_bytes()
        cuts = sorted(rng.sample(range(1, len(raw)), k=min(len(raw) - 1, rng.randint(1, 40))))
        chunks = [raw[a:b] for a, b in zip([0, *cuts], [*cuts, len(raw)], strict=True)]
        whole = run(parley_message(as_sdk_test_sends(raw)))
        assert run(parley_message(chunks)) == whole, name


def test_max_tokens_in_a_tool_call_keeps_the_partial_input_as_the_sdk_parses_it():
    chunks = as_sdk_test_sends((sdk_fixtures() / "incomplete_partial_json_response.txt").read_bytes())
    message = run(parley_message(chunks))
    assert message["stop_reason"] == "max_tokens"
    call = message["content"][1]
    assert call["type"] == "tool_use"
    assert call["input"] == {
        "filename": "taxes.txt",
        "lines_of_text": ["# COMPREHENSIVE TAX GUIDE FOR INDIVIDUALS WITH MULTIPLE W-2s", "", "## INTRODUCTION", ""],
    }


def test_events_before_message_start_are_skipped():
    chunks = as_sdk_test_sends((sdk_fixtures() / "unknown_events_response.txt").read_bytes())
    message = run(parley_message(chunks))  # a content_block_stop arrives before message_start
    assert message["content"] == [{"type": "text", "text": "Hello there!"}]
    assert message["usage"] == {"input_tokens": 11, "output_tokens": 6}


def test_stop_details_null_stays_null():
    chunks = as_sdk_test_sends((sdk_fixtures() / "message_delta_fields_response.txt").read_bytes())
    message = run(parley_message(chunks))
    assert "stop_details" in message
    assert message["stop_details"] is None


# ------------------------------------------------------------------ partial JSON, against jiter


def _documents() -> st.SearchStrategy[object]:
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(10**20), 10**20),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=8),
    )
    return st.dictionaries(
        st.text(max_size=5),
        st.recursive(
            scalars,
            lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner),
            max_leaves=6,
        ),
        max_size=4,
    )


@settings(max_examples=120, deadline=None)
@given(document=_documents(), ascii_only=st.booleans(), indent=st.sampled_from([None, 1]))
def test_partial_json_reads_every_prefix_as_the_sdks_parser_does(document, ascii_only, indent):
    jiter = pytest.importorskip("jiter")
    text = json.dumps(document, ensure_ascii=ascii_only, indent=indent)
    for cut in range(1, len(text) + 1):
        prefix = text[:cut]
        try:
            expected = jiter.from_json(prefix.encode(), partial_mode=True)
        except ValueError:
            with pytest.raises(ValueError, match="character"):
                loads_partial(prefix)
            continue
        assert loads_partial(prefix) == expected, prefix


@pytest.mark.parametrize(
    "broken", ['{"a": bad}', '{"a" 1}', '{"a": 01}', "[1,]", '{"a":1,}', "{,}", '{"a": "\\x"}', '"cut', ""]
)
def test_json_that_is_wrong_not_short_is_refused(broken):
    with pytest.raises(ValueError, match=r"at character|Expecting|Invalid"):
        loads_partial(broken)
