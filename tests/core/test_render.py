"""Markdown rendering for untrusted output, and incremental rendering equal to a one-shot render."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from parley.core.render import ZERO_WIDTH_BREAK, MarkdownRenderer, StreamingRenderer, render_markdown


def test_raw_html_is_escaped_and_nothing_loads():
    html = render_markdown('<script>alert(1)</script><img src="http://x/y.png" onerror=z><iframe src=x>').html
    assert "<script" not in html
    assert "<img" not in html
    assert "<iframe" not in html
    assert "&lt;script&gt;" in html


def test_only_http_and_mailto_links_survive():
    html = render_markdown(
        "[a](https://ok.example) [b](javascript:alert(1)) [c](file:///etc/passwd) "
        "[d](data:text/html,x) [e](rel/path) [f](mailto:me@example.com)"
    ).html
    assert 'href="https://ok.example"' in html
    assert 'href="mailto:me@example.com"' in html
    for bad in ("javascript:", "file:", "data:", "rel/path"):
        assert f'href="{bad}' not in html
    assert html.count("<a ") == 2


def test_images_become_click_to_open_placeholders():
    html = render_markdown("![chart](https://example.com/c.png) ![local](c.png)").html
    assert "<img" not in html
    assert 'href="https://example.com/c.png"' in html
    assert "[image: chart — click to open]" in html
    assert "[image: local]" in html


def test_code_blocks_are_highlighted_and_copyable():
    rendered = render_markdown("```python\nprint('hi')\n```\n\n```nonsense-lang\nx\n```")
    assert rendered.code_blocks == ["print('hi')\n", "x\n"]
    assert 'href="parley-copy:0"' in rendered.html
    assert 'href="parley-copy:1"' in rendered.html
    assert "<span style=" in rendered.html  # Pygments inline styles


def test_long_unbroken_runs_get_break_opportunities():
    html = render_markdown("x" * 1000).html
    assert html.count(ZERO_WIDTH_BREAK) == 25


def test_dark_theme_changes_colours():
    from parley.core.render import Theme

    assert render_markdown("`x`", Theme(dark=True)).html != render_markdown("`x`", Theme(dark=False)).html


def _stream(text: str, cuts: list[int]) -> tuple[str, list[str]]:
    renderer = MarkdownRenderer()
    stream = StreamingRenderer(renderer)
    out = ""
    for cut in sorted(set(cuts)):
        closed, _ = stream.update(text[:cut])
        out += closed
    closed, tail = stream.update(text, final=True)
    return out + closed + tail, stream.code_blocks


BLOCKS = [
    "# Title",
    "Some *text* here.",
    "```python\nx = 1\n\ny = 2\n```",
    "- a\n- b\n\n- c",
    "> quote\n> more",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "1. one\n2. two",
    "---",
    "plain paragraph\nwith two lines",
]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(BLOCKS), min_size=1, max_size=8), st.data())
def test_incremental_rendering_equals_one_shot(blocks, data):
    text = "\n\n".join(blocks)
    cuts = data.draw(st.lists(st.integers(0, len(text)), max_size=30))
    streamed, codes = _stream(text, cuts)
    whole = MarkdownRenderer().render(text)
    assert streamed == whole.html
    assert codes == whole.code_blocks


def test_a_huge_table_is_shown_whole_as_text_and_a_normal_one_as_a_table():
    from parley.core.render import TABLE_CELLS

    small = "| a | b |\n|---|---|\n" + "| x | y |\n" * 10
    assert "<td" in render_markdown(small).html
    rows = TABLE_CELLS  # twice the cells the grid takes
    huge = "| a | b |\n|---|---|\n" + "".join(f"| row{i} | y |\n" for i in range(rows)) + "\nafter"
    html = render_markdown(huge).html
    assert "<td>row" not in html
    assert f"row{rows - 1}" in html  # every row is still there, as text
    assert "after" in html


def test_a_row_too_wide_for_a_table_is_text():
    from parley.core.render import TABLE_COLUMNS

    wide = "|" + "c|" * (TABLE_COLUMNS + 1) + "\n|" + "-|" * (TABLE_COLUMNS + 1) + "\n|" + "v|" * (TABLE_COLUMNS + 1)
    html = render_markdown(wide).html
    assert "<td" not in html
    assert "v|v" in html.replace(ZERO_WIDTH_BREAK, "")  # all of it still shown
