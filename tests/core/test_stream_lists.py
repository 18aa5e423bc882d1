"""A tight list at the end of a streaming answer grows item by item (core/presentation/stream_lists.py):
only lists whose full render is exactly their items are grown, and only when the items shown stay."""

from __future__ import annotations

import pytest

from parley.core.presentation.markdown import MarkdownRenderer
from parley.core.presentation.markdown_stream import StreamingRenderer
from parley.core.presentation.stream_lists import grown_list, simple_list


def _simple(text: str):
    renderer = MarkdownRenderer()
    return simple_list(renderer, renderer.parse(text), text, renderer.render(text).html, 0)


def test_a_tight_list_is_its_items_inline_html_and_the_lines_they_start_on():
    shown, items = _simple("- one **b**\n- two\n  lazily continued\n- three `x`\n")
    assert shown.tag == "<ul>"
    assert shown.lines == (0, 1, 3)
    assert shown.before_last == "- one **b**\n- two\n  lazily continued\n"
    assert items[:2] == ["one <strong>b</strong>", "two\nlazily continued"]
    assert items[2].startswith("three <code")
    _, begun = _simple("- one\n-")
    assert begun == ["one", ""]  # (an item just begun)
    ordered, _ = _simple("3. c\n4. d\n")
    assert ordered.tag == '<ol start="3">'


@pytest.mark.parametrize(
    "text",
    [
        "- a\n\n- b\n",  # loose: its items are paragraphs
        "- a\n  - inner\n- b\n",  # an item holds a list
        "- a\n\n  more of a\n",  # an item holds two paragraphs
        "- a\n  ```\n  code\n  ```\n",  # an item holds code
        "- a\n\nA paragraph after.\n",  # not one list
        "A paragraph.\n",
    ],
)
def test_anything_but_a_tight_list_of_one_paragraph_items_is_not_grown(text):
    assert _simple(text) is None


def test_a_list_is_grown_when_the_items_before_its_last_stay():
    renderer = MarkdownRenderer()
    before = "- one\n- tw"
    seen, _ = simple_list(renderer, renderer.parse(before), before, renderer.render(before).html, 0)
    after = "- one\n- two\n- three\n"
    now, items = simple_list(renderer, renderer.parse(after), after, renderer.render(after).html, 0)
    grown = grown_list(seen, now, items, after)
    assert grown is not None
    assert (grown.first, grown.items) == (1, ["two", "three"])
    # An item before the last changed, the list moved, or it is another kind of list: rendered whole.
    changed = "- One\n- two\n- three\n"
    other, items = simple_list(renderer, renderer.parse(changed), changed, renderer.render(changed).html, 0)
    assert grown_list(seen, other, items, changed) is None
    moved, items = simple_list(renderer, renderer.parse(after), after, renderer.render(after).html, 5)
    assert grown_list(seen, moved, items, after) is None
    numbered = "1. one\n2. two\n"
    ordered, items = simple_list(renderer, renderer.parse(numbered), numbered, renderer.render(numbered).html, 0)
    assert grown_list(seen, ordered, items, numbered) is None


def test_a_streaming_list_says_how_it_grew_and_the_items_make_its_full_render():
    """Each update that grows the list in place gives the items from the last one shown; with the
    items shown before, they are exactly what rendering the list whole gives."""
    text = "Intro.\n\n" + "".join(f"- item {i} with *some* words\n" for i in range(8)) + "\nAfter."
    renderer = MarkdownRenderer()
    stream = StreamingRenderer(renderer)
    shown: list[str] = []
    grown = 0
    for end in range(1, len(text) + 1, 5):
        stream.update(text[:end])
        if stream.grown_list is not None:
            grown += 1
            assert len(shown) == stream.grown_list.first + 1
            shown = shown[: stream.grown_list.first] + stream.grown_list.items
        listed = stream._list
        if listed is not None and stream.appended is None:  # (the tail was rendered: compare)
            source = text[stream.committed : end]
            _, items = simple_list(renderer, renderer.parse(source), source, renderer.render(source).html, 0)
            if stream.grown_list is None:
                shown = items
            assert shown == items
    assert grown >= 6
