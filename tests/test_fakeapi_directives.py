"""The fake API's directives: one per line of the prompt, each read on its own."""

from __future__ import annotations

from tests.fakeapi.directives import directives
from tests.fakeapi.replies import default_reply


def prompt(text: str) -> dict:
    return {"model": "claude-sonnet-4-6", "messages": [{"role": "user", "content": text}]}


def test_each_line_is_its_own_directive() -> None:
    assert directives(prompt("Think\n::think\n::slow\n::error 401\n::long")) == {
        "think": "",
        "slow": "",
        "error": "401",
        "long": "",
    }
    assert directives(prompt("no directive :: here")) == {}


def test_directives_shape_the_reply() -> None:
    slow = default_reply({**prompt("x\n::slow\n::long"), "thinking": {"type": "adaptive"}})
    assert slow.delay > 0
    assert any("content_block_delta" in str(event) for event in slow.events)
    failing = default_reply(prompt("x\n::error 401"))
    assert failing.status == 401
