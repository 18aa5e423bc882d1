"""Markdown rendering for untrusted output, and incremental rendering equal to a one-shot render."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from parley.core.presentation.markdown import ZERO_WIDTH_BREAK, MarkdownRenderer, render_markdown
from parley.core.presentation.markdown_stream import StreamingRenderer


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
    from parley.core.presentation.markdown import Theme

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
    from parley.core.presentation.markdown import TABLE_CELLS

    small = "| a | b |\n|---|---|\n" + "| x | y |\n" * 10
    assert "<td" in render_markdown(small).html
    rows = TABLE_CELLS  # twice the cells the grid takes
    huge = "| a | b |\n|---|---|\n" + "".join(f"| row{i} | y |\n" for i in range(rows)) + "\nafter"
    html = render_markdown(huge).html
    assert "<td>row" not in html
    assert f"row{rows - 1}" in html  # every row is still there, as text
    assert "after" in html


def test_a_row_too_wide_for_a_table_is_text():
    from parley.core.presentation.markdown import TABLE_COLUMNS

    wide = "|" + "c|" * (TABLE_COLUMNS + 1) + "\n|" + "-|" * (TABLE_COLUMNS + 1) + "\n|" + "v|" * (TABLE_COLUMNS + 1)
    html = render_markdown(wide).html
    assert "<td" not in html
    assert "v|v" in html.replace(ZERO_WIDTH_BREAK, "")  # all of it still shown


def test_a_huge_table_is_not_parsed_as_a_table_at_all_and_the_text_around_it_is_unchanged():
    from parley.core.presentation.markdown_rules import big_table_spans

    rows = "".join(f"| r{i} | y |\n" for i in range(200))
    text = f"Intro [link](https://a.example).\n\n| a | b |\n|---|---|\n{rows}\n## After\n\n- item"
    assert big_table_spans(text) == [(2, 204)]
    html = render_markdown(text).html
    assert "<th" not in html
    assert "<td>r" not in html
    assert "r199" in html
    assert 'href="https://a.example"' in html
    assert "<h2>After</h2>" in html
    assert "<li>item</li>" in html
    # Line numbers are kept, so streaming over the same text ends with the same HTML.
    assert _stream(text, list(range(0, len(text), 997)))[0] == html


def test_big_table_spans_skip_fenced_code_and_tables_glued_to_a_paragraph():
    from parley.core.presentation.markdown_rules import big_table_spans

    table = "| a | b |\n|---|---|\n" + "| x | y |\n" * 200
    assert big_table_spans("```\n" + table + "```\n") == []
    assert big_table_spans("text right above\n" + table) == []  # markdown-it's table + fallback rule
    assert "<td>x" not in render_markdown("text right above\n" + table).html
    assert big_table_spans("| a | b | c |\n|---|---|\n" + "| x | y |\n" * 200) == []  # not a table


def test_a_long_code_block_is_a_plain_shaded_block_and_a_short_one_is_framed():
    from parley.core.presentation.markdown import FRAMED_CODE_LINES

    short = render_markdown("```\nx\n```").html
    long = render_markdown("```\n" + "x\n" * (FRAMED_CODE_LINES + 1) + "```").html
    assert short.startswith("<table")
    assert "parley-copy:0" in short
    assert not long.startswith("<table")
    assert '<pre style="background-color' in long
    assert "parley-copy:0" in long


def test_a_long_streaming_paragraph_is_committed_in_pieces_that_join_flush():
    from parley.core.presentation.markdown_stream import LONG_PARAGRAPH

    words = " ".join(f"word{i}" for i in range(20_000))  # ~130 KB, one paragraph
    stream = StreamingRenderer(MarkdownRenderer())
    closed_parts, tails = [], []
    for end in range(3000, len(words), 3000):
        closed, tail = stream.update(words[:end])
        closed_parts.append(closed)
        tails.append(tail)
    closed, tail = stream.update(words + "\n\nNext paragraph.", final=True)
    closed_parts.append(closed)
    assert max(len(t) for t in tails) < LONG_PARAGRAPH * 1.3  # the open part stays small
    shown = "".join(closed_parts).replace(ZERO_WIDTH_BREAK, "")
    assert "word0 " in shown
    assert "word19999" in shown
    assert "Next paragraph." in shown
    pieces = [p for p in closed_parts if p]
    assert len(pieces) > 5
    assert pieces[0].startswith('<p style="margin-bottom:0px">')  # flush against the next piece
    assert pieces[1].startswith('<p style="margin-top:0px; margin-bottom:0px">')
    assert pieces[-1].startswith('<p style="margin-top:0px">')  # the paragraph's end
    assert "<p>Next paragraph.</p>" in pieces[-1]
