"""A few more words of the open paragraph are appended as text (core/presentation/plain_tail.py):
every such step must show exactly what rendering the tail again shows."""

from __future__ import annotations

import re

import pytest
from markdown_it.common.utils import escapeHtml

from parley.core.presentation.markdown import MarkdownRenderer
from parley.core.presentation.markdown_stream import StreamingRenderer

TRICKY = [
    "Intro words here, and a count:\n1. one\n2. two grows here\n\n",
    "foo bar\n-\nbaz qux\n\nfoo bar\n=\n\nfoo bar\n---\n\n",
    "[x]: http://example.com/abc\n\nWords after a link definition.\n\n[label]: abc def\n\n",
    "**bold** plain text continues, *em*tail, _a_b and a *b c* d, \\*not em\\* end.\n\n",
    "AT&amp;T and &copy; sign and &notanentity here.\n\n",
    "A long run: " + "a" * 60 + " then words, and " + "b" * 39 + "c then more.\n\n",
    "text with  double   spaces and trailing  \nnext line, and a tab\there.\n\n",
    "# Heading grows here\n\nPara after it.\n\n## 3. Numbered heading words\n\n",
    "- list item one\n- list item two grows\n  continued lazily\n\n",
    "> quote grows here\n> more quoted words\n\n",
    "The price is $5 and $x^2$ here, or \\(y\\) inline.\n\n",
    "A line ending with a backslash \\\nnext line.\n\n",
    "`code` and more `open code that never closes\n\n",
    "See <http://a.b> or <b>x</b> or a > b.\n\n",
    "中文段落也会流式显示，逐字增长。第二句。\n\n",
    "~~strike~~ and ~tilde~ words.\n\n",
    "term: definition: colon; \"quoted\" and 'single' (paren) [bracket](http://x.y) end!\n\n",
    "x | y | z\n---|---|---\n1 | 2 | 3\n\nAfter the table.\n\n",
    "Hard break two spaces  \nnext, and 1\\. escaped.\n\n",
    "```python\nprint('code')\n```\n\nAfter code words.\n\n",
    "1\n\n10 items: 1) one.\n\n-x and -- and - y\n\n",
]

_CLOSING = re.compile(r"((?:</[a-z0-9]+>\s*)+)$")
_CLOSING_BLOCKS = re.compile(r"((?:</(?:p|li|ul|ol)>\s*)+)$")  # (new runs go after the last run's closing tags)


def _taken(html: str, count: int) -> str:
    """*html* (ending in escaped text) without its last *count* characters as shown."""
    for _ in range(count):
        entity = re.search(r"&[a-z]+;$", html)
        html = html[: entity.start()] if entity else html[:-1]
    return html


def _normal(html: str) -> str:
    return re.sub(r" +", " ", re.sub(r" +(</)", r"\1", html))


def _table(renderer: StreamingRenderer) -> str:
    """The open table as the view shows it (grown in place: its complete rows), or ""."""
    return renderer.open_table_html() if renderer.open_table is not None else ""


@pytest.mark.parametrize("step", [1, 2, 3, 7, 16])
def test_every_appended_step_shows_what_rendering_the_tail_again_shows(step):
    text = "".join(TRICKY)
    fast = StreamingRenderer(MarkdownRenderer())
    slow = StreamingRenderer(MarkdownRenderer())
    shown = ""  # the fast renderer's tail as the view would show it
    appended = inline = 0
    for end in range(step, len(text) + step, step):
        closed, tail = fast.update(text[:end])
        slow_closed, slow_tail = slow.update(text[:end])
        slow._plain = slow._inline = slow._shown = None  # the reference never appends (nor keeps)
        if fast.appended == "" and not (fast.appended_html or fast.taken):
            assert closed == slow_closed == ""  # only blank space came: the tail shows as it did
        elif fast.appended is not None:
            appended += 1
            assert closed == slow_closed == ""
            escaped = escapeHtml(fast.appended) + fast.appended_html
            inline += bool(fast.appended_html or fast.taken)
            closing = (_CLOSING_BLOCKS if fast.plain_look else _CLOSING).search(shown)
            assert closing is not None
            shown = _taken(_normal(shown[: closing.start()]).rstrip(" "), fast.taken) + escaped + closing.group(1)
        else:
            assert closed == slow_closed
            shown = tail or _table(fast)
        assert _normal(shown) == _normal(slow_tail or _table(slow)), repr(text[max(0, end - 40) : end])
    assert appended > 0  # (this text is mostly syntax: few steps append; prose is below)
    assert inline > 0 or step == 1  # some appended new runs (bold, code, a link) after the last


def test_most_steps_of_prose_append():
    text = (
        "The model streams each token as it is sampled, and the window lays out only what changed since "
        "the last frame, while the reader keeps reading an answer that may run for minutes. " * 6
    )
    renderer = StreamingRenderer(MarkdownRenderer())
    steps = range(16, len(text), 16)
    appended = 0
    for end in steps:
        renderer.update(text[:end])
        appended += renderer.appended is not None
    assert appended == len(steps) - 1  # all but the first, which renders the paragraph


def test_a_burst_or_a_final_update_renders():
    renderer = StreamingRenderer(MarkdownRenderer())
    renderer.update("Some words")
    renderer.update("Some words and more")
    assert renderer.appended == " and more"
    renderer.update("Some words and more" + " word" * 100)
    assert renderer.appended is None  # 500 characters at once: rendered
    renderer.update("Some words and more" + " word" * 101, final=True)
    assert renderer.appended is None


CODE = (
    "Before.\n\n```python\ndef f(x):\n\treturn x  # a tab\n\n    pass\n``` not a fence\n  ``\n~~~\n```\n\nBetween.\n\n"
    "~~~~\nplain ``` inside\n~~~\nstill code\n~~~~\n\n  ```js\nindented(fence)\n  ```\n\n"
    "````md\n```\nnested\n```\n````\n\n```\nno language\n"
)


@pytest.mark.parametrize("step", [1, 3, 16])
def test_an_open_code_block_read_without_parsing_is_what_parsing_reads(step):
    """While a code block stays open its code is read off the text, not parsed: at every step the
    block, its code and its frame are what parsing the tail gives."""
    fast = StreamingRenderer(MarkdownRenderer())
    slow = StreamingRenderer(MarkdownRenderer())
    unparsed = 0
    for end in range(step, len(CODE) + step, step):
        slow._fence_frame = None  # the reference always parses
        assert fast.update(CODE[:end]) == slow.update(CODE[:end]), CODE[:end][-30:]
        assert fast.open_code == slow.open_code
        assert fast.code(len(fast.code_blocks)) == slow.code(len(slow.code_blocks))
        unparsed += fast._fence_frame is not None and fast.open_code is not None and fast.closed is None
    assert unparsed > len(CODE) // step // 4
    assert fast.update(CODE, final=True) == slow.update(CODE, final=True)
