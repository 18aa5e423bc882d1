"""Request bodies, exactly, for every model × effort × thinking choice; refusals name what is accepted.

Each built body is also put through the fake API's independent validator (tests/fakeapi/rules.py),
so the builder and the reference's rules are checked against each other.
"""

from __future__ import annotations

import itertools

import pytest

from parley.core.catalog import EFFORT_LEVELS, load_shipped
from parley.core.errors import InvalidOptions
from parley.core.request import (
    INTERLEAVED_BETA,
    STOPPED_RESULT,
    ChatOptions,
    Message,
    ToolSpec,
    build_request,
    prepare_messages,
)
from tests.fakeapi import DEFAULT_KEY, sign_thinking, validate

CATALOG = load_shipped()
HEADERS = {"anthropic-version": "2023-06-01", "x-api-key": DEFAULT_KEY}
HELLO = [Message("user", "Hello")]

EXPECTED_EFFORTS = {
    "claude-opus-4-7": ("low", "medium", "high", "xhigh", "max"),
    "claude-opus-4-6": ("low", "medium", "high", "max"),
    "claude-sonnet-4-6": ("low", "medium", "high", "max"),
    "claude-sonnet-4-5": (),
    "claude-haiku-4-5": (),
}


def accepted(body, version="2023-06-01", betas=()):
    headers = {**HEADERS, "anthropic-version": version}
    if betas:
        headers["anthropic-beta"] = ",".join(betas)
    return validate(headers, body, keys={DEFAULT_KEY})


@pytest.mark.parametrize(
    ("model_id", "effort", "thinking"),
    [(m, e, t) for m in EXPECTED_EFFORTS for e in (None, *EFFORT_LEVELS) for t in (True, False)],
)
def test_every_model_effort_thinking_combination(model_id, effort, thinking):
    model = CATALOG.resolve(model_id)
    options = ChatOptions(model=model_id, effort=effort, thinking=thinking)
    valid = effort is None or effort in EXPECTED_EFFORTS[model_id]
    if not valid:
        with pytest.raises(InvalidOptions) as info:
            build_request(model, HELLO, options)
        accepted_list = EXPECTED_EFFORTS[model_id]
        if accepted_list:
            assert ", ".join(accepted_list) in info.value.user_message
        else:
            assert "does not accept an effort" in info.value.user_message
        return
    body = build_request(model, HELLO, options).body
    expected = {
        "model": model_id,
        "max_tokens": 32000,
        "messages": [{"role": "user", "content": [{"type": "text", "text": "Hello"}]}],
    }
    adaptive = model_id in ("claude-opus-4-7", "claude-opus-4-6", "claude-sonnet-4-6")
    if thinking:
        expected["thinking"] = (
            {"type": "adaptive", "display": "summarized"}
            if adaptive
            else {"type": "enabled", "budget_tokens": 10000, "display": "summarized"}
        )
    if adaptive:
        expected["output_config"] = {"effort": effort or "high"}
    expected["cache_control"] = {"type": "ephemeral"}
    expected["stream"] = True
    assert body == expected
    assert list(body) == list(expected)  # stable key order keeps the prompt cache warm
    assert accepted(body) is None
    assert accepted(body, "2026-10-21") is None


def test_opus_4_7_always_sends_display_explicitly():
    body = build_request(CATALOG.resolve("claude-opus-4-7"), HELLO, ChatOptions("claude-opus-4-7")).body
    assert body["thinking"] == {"type": "adaptive", "display": "summarized"}


def test_budget_rules():
    sonnet45 = CATALOG.resolve("claude-sonnet-4-5")
    body = build_request(sonnet45, HELLO, ChatOptions("claude-sonnet-4-5", budget_tokens=2048, max_tokens=4096)).body
    assert body["thinking"] == {"type": "enabled", "budget_tokens": 2048, "display": "summarized"}
    for budget, max_tokens in ((1023, 4096), (4096, 4096), (5000, 4096)):
        with pytest.raises(InvalidOptions, match="at least 1024 and below max_tokens"):
            build_request(
                sonnet45, HELLO, ChatOptions("claude-sonnet-4-5", budget_tokens=budget, max_tokens=max_tokens)
            )
    # a small max_tokens shrinks the default budget instead of failing
    body = build_request(sonnet45, HELLO, ChatOptions("claude-sonnet-4-5", max_tokens=4096)).body
    assert body["thinking"]["budget_tokens"] == 2048
    assert accepted(body) is None


def test_budget_refused_on_adaptive_models_naming_effort():
    with pytest.raises(InvalidOptions, match="effort"):
        build_request(CATALOG.resolve("claude-opus-4-7"), HELLO, ChatOptions("claude-opus-4-7", budget_tokens=4096))


def test_max_tokens_over_a_models_limit_is_capped_there_with_a_note():
    opus = build_request(CATALOG.resolve("claude-opus-4-7"), HELLO, ChatOptions("claude-opus-4-7", max_tokens=128000))
    assert opus.body["max_tokens"] == 128_000
    assert opus.notices == ()
    haiku = build_request(
        CATALOG.resolve("claude-haiku-4-5"), HELLO, ChatOptions("claude-haiku-4-5", max_tokens=128000)
    )
    assert haiku.body["max_tokens"] == 64_000
    assert haiku.body["thinking"]["budget_tokens"] < 64_000  # the budget fits the capped limit
    assert haiku.notices == (
        "Claude Haiku 4.5 writes at most 64,000 tokens in one reply; the longest reply was capped there.",
    )
    with pytest.raises(InvalidOptions, match="at least 1"):
        build_request(CATALOG.resolve("claude-haiku-4-5"), HELLO, ChatOptions("claude-haiku-4-5", max_tokens=0))


def test_unknown_effort_names_all_levels():
    with pytest.raises(InvalidOptions, match="low, medium, high, xhigh, max"):
        build_request(CATALOG.resolve("claude-opus-4-7"), HELLO, ChatOptions("claude-opus-4-7", effort="ultra"))


@pytest.mark.parametrize("model_id", list(EXPECTED_EFFORTS))
def test_temperature_rules_per_model_and_version(model_id):
    model = CATALOG.resolve(model_id)
    off = ChatOptions(model_id, thinking=False, temperature=0.3)
    on = ChatOptions(model_id, thinking=True, temperature=0.3)
    if model_id == "claude-opus-4-7":
        with pytest.raises(InvalidOptions, match="does not accept a temperature"):
            build_request(model, HELLO, off)
    else:
        body = build_request(model, HELLO, off).body
        assert body["temperature"] == 0.3
        assert accepted(body) is None
        with pytest.raises(InvalidOptions, match="while thinking is on"):
            build_request(model, HELLO, on)
    with pytest.raises(InvalidOptions, match="2026-10-21 does not accept temperature"):
        build_request(model, HELLO, off, api_version="2026-10-21")
    body = build_request(model, HELLO, ChatOptions(model_id)).body
    assert not {"temperature", "top_p", "top_k"} & set(body)


def signed(model, thinking, omitted=False):
    return {
        "type": "thinking",
        "thinking": "" if omitted else thinking,
        "signature": sign_thinking(model, thinking, omitted),
    }


def test_multi_turn_echoes_thinking_blocks_byte_for_byte():
    m = "claude-opus-4-7"
    t1 = signed(m, "first thoughts")
    t2 = signed(m, "hidden", omitted=True)
    history = [
        Message("user", "one"),
        Message("assistant", [t1, {"type": "text", "text": "answer one"}], model=m),
        Message("user", "two"),
        Message(
            "assistant",
            [t2, {"type": "redacted_thinking", "data": "opaque=="}, {"type": "text", "text": "a2"}],
            model=m,
        ),
        Message("user", "three"),
    ]
    body = build_request(CATALOG.resolve(m), history, ChatOptions(m)).body
    assert body["messages"][1]["content"][0] == t1
    assert body["messages"][3]["content"][:2] == [t2, {"type": "redacted_thinking", "data": "opaque=="}]
    assert accepted(body) is None
    edited = dict(t1, thinking="first thoughts, edited")
    history[1] = Message("assistant", [edited, {"type": "text", "text": "answer one"}], model=m)
    body = build_request(CATALOG.resolve(m), history, ChatOptions(m)).body
    assert "Invalid `signature`" in accepted(body)[2]  # the fake catches an edited thinking block


def test_thinking_from_another_model_is_stripped():
    t = signed("claude-sonnet-4-6", "sonnet thoughts")
    history = [
        Message("user", "q"),
        Message("assistant", [t, {"type": "text", "text": "a"}], model="claude-sonnet-4-6"),
        Message("user", "q2"),
    ]
    msgs = prepare_messages(history, "claude-opus-4-7")
    assert msgs[1]["content"] == [{"type": "text", "text": "a"}]
    assert prepare_messages(history, "claude-sonnet-4-6")[1]["content"][0] == t


def test_sanitising_history():
    history = [
        Message("assistant", "stray greeting"),  # cannot start with assistant
        Message(
            "user",
            [{"type": "text", "text": "q", "citations": [{"type": "char_location"}]}, {"type": "text", "text": "   "}],
        ),  # citations stripped, blank dropped
        Message("assistant", [{"type": "thinking", "thinking": "cut off", "signature": ""}]),  # unsigned: dropped
        Message("user", "again"),
        Message(
            "assistant",
            [
                {"type": "document", "source": {"type": "text", "media_type": "text/plain", "data": "d"}},
                {"type": "text", "text": "reply"},
                CALL,
            ],
        ),
        Message(
            "user", [{"type": "text", "text": "here"}, {"type": "tool_result", "tool_use_id": "t1", "content": "ok"}]
        ),
    ]
    msgs = prepare_messages(history, "claude-opus-4-7", tools_defined=True)
    assert msgs[0] == {"role": "user", "content": [{"type": "text", "text": "q"}, {"type": "text", "text": "again"}]}
    assert msgs[1] == {"role": "assistant", "content": [{"type": "text", "text": "reply"}, CALL]}
    assert msgs[2]["content"][0]["type"] == "tool_result"  # tool results first


CALL = {
    "type": "tool_use",
    "id": "t1",
    "name": "str_replace_based_edit_tool",
    "input": {"command": "view", "path": "."},
}
EDITOR = ToolSpec(({"type": "text_editor_20250728", "name": "str_replace_based_edit_tool"},), "Files: use the tool.")


def test_tools_go_with_a_system_note_and_the_interleaved_beta_only_where_needed():
    for model_id, beta in (
        ("claude-opus-4-7", ()),
        ("claude-sonnet-4-5", (INTERLEAVED_BETA,)),
        ("claude-haiku-4-5", ()),
    ):
        prepared = build_request(
            CATALOG.resolve(model_id), HELLO, ChatOptions(model_id, system="Be brief."), tools=EDITOR
        )
        assert prepared.body["tools"] == list(EDITOR.definitions)
        assert prepared.body["system"] == "Be brief.\n\nFiles: use the tool."
        assert prepared.betas == beta
        assert accepted(prepared.body, betas=prepared.betas) is None
    off = build_request(
        CATALOG.resolve("claude-sonnet-4-5"), HELLO, ChatOptions("claude-sonnet-4-5", thinking=False), tools=EDITOR
    )
    assert off.betas == ()


def test_a_call_left_without_its_result_gets_a_stopped_result():
    history = [Message("user", "q"), Message("assistant", [CALL]), Message("user", "never mind, just answer")]
    msgs = prepare_messages(history, "claude-opus-4-7", tools_defined=True)
    assert msgs[2]["content"] == [
        {"type": "tool_result", "tool_use_id": "t1", "content": STOPPED_RESULT, "is_error": True},
        {"type": "text", "text": "never mind, just answer"},
    ]
    body = build_request(CATALOG.resolve("claude-opus-4-7"), history, ChatOptions("claude-opus-4-7"), tools=EDITOR).body
    assert accepted(body) is None


def test_without_tools_earlier_tool_blocks_are_told_as_text():
    result = {"type": "tool_result", "tool_use_id": "t1", "content": "1: hello", "is_error": False}
    history = [
        Message("user", "q"),
        Message("assistant", [CALL]),
        Message("user", [result]),
        Message("assistant", "done"),
        Message("user", "thanks"),
    ]
    body = build_request(CATALOG.resolve("claude-opus-4-7"), history, ChatOptions("claude-opus-4-7")).body
    assert "tools" not in body
    assert body["messages"][1]["content"] == [
        {"type": "text", "text": "[I used the tool str_replace_based_edit_tool: view .]"}
    ]
    assert body["messages"][2]["content"] == [{"type": "text", "text": "[The tool returned: 1: hello]"}]
    assert accepted(body) is None
    with_tools = build_request(
        CATALOG.resolve("claude-opus-4-7"), history, ChatOptions("claude-opus-4-7"), tools=EDITOR
    ).body
    assert with_tools["messages"][2]["content"] == [result]
    body["messages"][1]["content"] = [CALL]
    assert "must define tools" in accepted(body)[2]


def test_conversation_must_end_with_user():
    with pytest.raises(InvalidOptions, match="must end with your message"):
        prepare_messages([Message("user", "q"), Message("assistant", "a")], "claude-sonnet-4-5")
    with pytest.raises(InvalidOptions, match="nothing to send"):
        prepare_messages([Message("user", "  ")], "claude-sonnet-4-5")


def test_cache_control_options():
    model = CATALOG.resolve("claude-sonnet-4-6")
    assert build_request(model, HELLO, ChatOptions("claude-sonnet-4-6", cache_ttl="1h")).body["cache_control"] == {
        "type": "ephemeral",
        "ttl": "1h",
    }
    assert "cache_control" not in build_request(model, HELLO, ChatOptions("claude-sonnet-4-6", cache=False)).body


def test_system_prompt_and_stop_sequences():
    body = build_request(
        CATALOG.resolve("claude-haiku-4-5"),
        HELLO,
        ChatOptions("claude-haiku-4-5", system="Be brief.", stop_sequences=("END",)),
    ).body
    assert body["system"] == "Be brief."
    assert body["stop_sequences"] == ["END"]
    assert accepted(body) is None


def test_custom_unknown_models_get_conservative_capabilities():
    for model_id, thinking in (
        ("claude-opus-5-5", "adaptive"),
        ("claude-sonnet-4-0", "enabled"),
        ("gpt-4o-mini", None),
    ):
        model = CATALOG.resolve(model_id)
        body = build_request(model, HELLO, ChatOptions(model_id)).body
        assert (body.get("thinking") or {}).get("type") == thinking
        assert "output_config" not in body
        assert "temperature" not in body


def test_all_shipped_models_accept_their_default_request_on_both_versions():
    for model, version in itertools.product(CATALOG, ("2023-06-01", "2026-10-21")):
        body = build_request(model, HELLO, ChatOptions(model.id), api_version=version).body
        assert accepted(body, version) is None, (model.id, version)
