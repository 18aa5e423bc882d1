"""Markdown → HTML for Qt's rich-text engine, safe for untrusted model output.

Raw HTML is escaped, images become a placeholder link the user can click to open in the browser
(nothing remote is ever loaded), links survive only for http(s) and mailto, and code blocks are
highlighted by Pygments with inline styles (Qt ignores stylesheets' classes in fragments).

The safety and size rules live in ``render_rules``; ``render_stream.StreamingRenderer`` renders a
growing answer incrementally on top of this renderer.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # markdown-it and Pygments load on the first render, not at start-up
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

from ..i18n import tr
from .design import FONT_READING, Theme
from .markdown_math import MathHtml, use_math
from .markdown_rules import (
    SAFE_SCHEMES,
    TABLE_CELLS,
    TABLE_COLUMNS,
    ZERO_WIDTH_BREAK,
    big_table_spans,
    break_long_runs,
    has_too_wide_row,
    large_tables_as_text,
    neutralise_unsafe_links,
    valid_link,
)
from .math_store import MathStore

__all__ = [
    "SAFE_SCHEMES",
    "TABLE_CELLS",
    "TABLE_COLUMNS",
    "ZERO_WIDTH_BREAK",
    "MarkdownRenderer",
    "Rendered",
    "Theme",
    "render_markdown",
]

MAX_HIGHLIGHT = 200_000  # characters; longer code is shown plain rather than stall the UI
MAX_NESTING = 40
# Qt lays out a line of code inside the bordered frame (a one-cell table) ~5x slower than in a plain
# block: longer code blocks get a plain shaded block (a 3,000-line one: ~60 ms instead of ~300 ms).
FRAMED_CODE_LINES = 300


@dataclass(frozen=True)
class CodeBox:
    """A framed code block's box in px: the rendered HTML's and a streaming view's frame (which
    holds the block while it is open) share it, so the block does not move when it closes."""

    border: int = 1
    padding: int = 8
    margin: int = 6  # above and below
    gap: int = 4  # between the label and the code


CODE_BOX = CodeBox()


MATH_SIZE = FONT_READING + 2  # px: STIX Two's glyphs are small beside the reading font's


@dataclass
class Rendered:
    html: str
    code_blocks: list[str] = field(default_factory=list)
    math_pending: set[int] = field(default_factory=set)  # formulas shown as source until set (ids)


class MarkdownRenderer:
    """Stateless apart from its parser: ``render(text, first_code_index)``.

    The parser and highlighter are built on first use (importing them costs ~45 ms of start-up).
    Formulas come from *math*: the window's store sets them on a thread of its own; without one,
    each is set when rendered (exports, tests). *inline_svg* puts their SVG in the HTML (exports).
    """

    def __init__(self, theme: Theme | None = None, math: MathStore | None = None, *, inline_svg: bool = False) -> None:
        self.theme = theme or Theme()
        self.math = math or MathStore(synchronous=True)
        self._inline_svg = inline_svg
        self.math.style = replace(self.math.style, colour=self._math_colour(), size=MATH_SIZE)
        self._parser: MarkdownIt | None = None
        self._wide: MarkdownIt | None = None  # tables off: for text with rows too wide to be a table
        self._formatter: Any = None
        self._lexers: dict[str, Any] = {}  # building a lexer compiles its regexes: ~2 ms each, so reuse them
        self._line_lexers: dict[str, Any] = {}  # the same, keeping every newline (code_spans)
        self._styles: dict[Any, CodeStyle] = {}  # each token type's look (asking the style builds a dict each time)

    def set_theme(self, theme: Theme) -> None:
        """Render in *theme*'s colours from now on (the parser is rebuilt with them on next use)."""
        self.theme = theme
        self.math.style = replace(self.math.style, colour=self._math_colour())
        self._parser = self._wide = self._formatter = None
        self._line_lexers, self._styles = {}, {}

    def _math_colour(self) -> str:
        """Formulas in the text's colour; in an export, the page's (which follows its light or dark mode)."""
        return "currentColor" if self._inline_svg else self.theme.palette.text

    def set_x_height(self, x_height: float) -> None:
        """The reading font's x-height in px, which inline formulas are aligned on."""
        if abs(x_height - self.math.style.x_height) > 0.01:
            self.math.style = replace(self.math.style, x_height=x_height)

    @property
    def _md(self) -> MarkdownIt:
        if self._parser is None:
            self._parser = self._build_parser()
        return self._parser

    def _build_parser(self) -> MarkdownIt:
        from markdown_it import MarkdownIt
        from pygments.formatters import HtmlFormatter

        theme = self.theme
        md = MarkdownIt(
            "js-default", {"html": False, "linkify": False, "typographer": False, "maxNesting": MAX_NESTING}
        )
        md.validateLink = valid_link  # type: ignore[method-assign]
        use_math(md)
        self._formatter = HtmlFormatter(style=theme.pygments_style, noclasses=True, nowrap=True)
        rules = md.renderer.rules.__setitem__  # type: ignore[attr-defined]  # plain (tokens, idx, options, env)
        rules("fence", self._fence)
        rules("code_block", self._fence)
        rules("image", self._image)
        rules("link_open", self._link_open)
        # The grid is the table's own colour showing between cells on the page's colour: a collapsed
        # border asks Qt for each cell's neighbours on every paint (2.7x the cost of painting a table).
        rules("table_open", lambda *a: f'<table border="0" cellspacing="1" cellpadding="6" bgcolor="{theme.border}">\n')
        rules("th_open", lambda tokens, idx, *a: self._cell_open("th", tokens[idx], theme.table_head))
        rules("td_open", lambda tokens, idx, *a: self._cell_open("td", tokens[idx], theme.page))
        rules("blockquote_open", lambda *a: f'<blockquote style="color:{theme.muted}">\n')
        rules("code_inline", self._code_inline)
        rules("parley_skip", lambda *a: "")
        MathHtml(self.math, inline_svg=self._inline_svg).install(md, theme)
        md.core.ruler.push("parley_links", neutralise_unsafe_links)
        md.core.ruler.push("parley_breaks", break_long_runs)
        md.core.ruler.push("parley_tables", large_tables_as_text)
        return md

    def parse(self, text: str) -> list[Token]:
        spans = big_table_spans(text)
        if not spans:
            return self._parse_plain(text)
        from markdown_it.token import Token

        lines = text.split("\n")
        tokens: list[Token] = []
        at = 0
        for first, end in [*spans, (len(lines), len(lines))]:
            tokens += _shifted(self._parse_plain("\n".join(lines[at:first])), at)
            if first < len(lines):
                source = "\n".join(lines[first:end]) + "\n"
                tokens.append(Token("fence", "code", 0, map=[first, end], content=source, info="text", block=True))
            at = end
        return tokens

    def _parse_plain(self, text: str) -> list[Token]:
        if has_too_wide_row(text):  # markdown-it's table rule takes ~80 ms on a 2,000-column row
            if self._wide is None:
                self._wide = self._build_parser().disable("table")
            return self._wide.parse(text)
        return self._md.parse(text)

    def render(self, text: str, first_code_index: int = 0) -> Rendered:
        return self.render_tokens(self.parse(text), first_code_index)

    def render_tokens(self, tokens: list[Token], first_code_index: int = 0) -> Rendered:
        env: dict[str, Any] = {"codes": [], "first": first_code_index}
        body = self._md.renderer.render(tokens, self._md.options, env)
        return Rendered(body, env["codes"], env.get("math_pending", set()))

    def render_inline(self, runs: list[Token]) -> str:
        """The HTML of *runs* (an inline token's children, without formulas or images)."""
        renderer: Any = self._md.renderer  # (its protocol leaves renderInline out)
        return str(renderer.renderInline(runs, self._md.options, {"codes": [], "first": 0}))

    def body_rows(self, tokens: list[Token]) -> list[list[tuple[str, str]]] | None:
        """A table's body rows (*tokens*: one table), each cell as (inline HTML, alignment): how a
        streaming view appends the rows of a table that is still open. None when a cell holds a
        formula (set later, which only a full render follows)."""
        rows: list[list[tuple[str, str]]] = []
        env: dict[str, Any] = {"codes": [], "first": 0}
        in_body = False
        for i, token in enumerate(tokens):
            if token.type in ("tbody_open", "tbody_close"):
                in_body = token.type == "tbody_open"
            elif in_body and token.type == "tr_open":
                rows.append([])
            elif in_body and token.type == "td_open" and i + 1 < len(tokens):
                children = tokens[i + 1].children or []
                html_ = self._md.renderer.renderInline(children, self._md.options, env)  # type: ignore[attr-defined]
                align = str(token.attrGet("style") or "").removeprefix("text-align:")
                rows[-1].append((html_, align))
        return None if env.get("math_pending") or any(t.type.startswith("math") for t in _inline(tokens)) else rows

    # ------------------------------------------------------------ render rules

    @staticmethod
    def _cell_open(tag: str, token: Token, colour: str) -> str:
        """A table cell on *colour*, keeping its column's alignment."""
        align = token.attrGet("style") or ""
        return f'<{tag} style="background-color:{colour}; {html.escape(str(align))}">'

    def _fence(self, tokens: list[Token], idx: int, options: Any, env: dict[str, Any]) -> str:
        token = tokens[idx]
        code = token.content
        lang = (token.info or "").strip().split(" ")[0] if token.type == "fence" else ""
        index = env["first"] + len(env["codes"])
        env["codes"].append(code)
        body = self._highlight(code, lang)
        t, box = self.theme, CODE_BOX
        if code.count("\n") > FRAMED_CODE_LINES:
            return (
                f'<p style="margin-top:{box.margin}px; margin-bottom:0px">{self._code_header(lang, index)}</p>'
                f'<pre style="background-color:{t.code_bg}; margin-top:2px; margin-bottom:{box.margin}px">'
                f"{body}</pre>\n"
            )
        return (
            f'<table width="100%" cellspacing="0" cellpadding="{box.padding}" style="background-color:{t.code_bg}; '
            f'border:{box.border}px solid {t.border}; margin-top:{box.margin}px; margin-bottom:{box.margin}px">'
            f"<tr><td>{self.code_cell(body, lang, index)}</td></tr></table>\n"
        )

    def code_cell(self, body: str, lang: str, index: int) -> str:
        """What a framed code block holds: its label and Copy link, then the code (*body*, HTML)."""
        return f'{self._code_header(lang, index)}<pre style="margin:{CODE_BOX.gap}px 0 0 0">{body}</pre>'

    def _code_header(self, lang: str, index: int) -> str:
        t = self.theme
        label = html.escape(lang) if lang else "code"
        return (
            f'<span style="color:{t.muted}; font-size:small">{label}</span>&nbsp;&nbsp;'
            f'<a href="parley-copy:{index}" style="color:{t.link}; font-size:small; text-decoration:none">'
            f"{html.escape(tr('Copy'))}</a>"
        )

    def _highlight(self, code: str, lang: str) -> str:
        from pygments import highlight

        if len(code) > MAX_HIGHLIGHT:
            return html.escape(code)
        return str(highlight(code, _lexer(self._lexers, lang), self._formatter)).rstrip("\n")

    def code_spans(self, code: str, lang: str) -> list[tuple[str, CodeStyle]]:
        """*code* cut into runs of one highlighting style, every character kept (newlines too):
        how a streaming view appends the lines of a code block that is still open, without
        rendering the whole block again. Each piece is lexed on its own; the block is rendered
        whole once it closes."""
        if self._formatter is None:
            self._build_parser()
        lexer = _lexer(self._line_lexers, lang, stripnl=False, ensurenl=False)
        style, styles = self._formatter.style, self._styles
        spans: list[tuple[str, CodeStyle]] = []
        for kind, text in lexer.get_tokens(code):
            how = styles.get(kind)
            if how is None:
                look = style.style_for_token(kind)
                how = styles[kind] = CodeStyle(look["color"] or None, bool(look["bold"]), bool(look["italic"]))
            if spans and spans[-1][1] == how:
                spans[-1] = (spans[-1][0] + text, how)
            else:
                spans.append((text, how))
        if sum(len(text) for text, _ in spans) != len(code):  # a lexer that changed the text: shown plain
            return [(code, CodeStyle())]
        return spans

    def _code_inline(self, tokens: list[Token], idx: int, options: Any, env: dict[str, Any]) -> str:
        return f'<code style="background-color:{self.theme.code_bg}">{html.escape(tokens[idx].content)}</code>'

    def _image(self, tokens: list[Token], idx: int, options: Any, env: dict[str, Any]) -> str:
        token = tokens[idx]
        src = str(token.attrGet("src") or "")
        alt = html.escape(token.content or "image")
        if src.lower().startswith(("http://", "https://")):
            return (
                f'<a href="{html.escape(src, quote=True)}" title="Open image in the browser" '
                f'style="color:{self.theme.link}">[image: {alt} — click to open]</a>'
            )
        return f'<span style="color:{self.theme.muted}">[image: {alt}]</span>'

    def _link_open(self, tokens: list[Token], idx: int, options: Any, env: dict[str, Any]) -> str:
        title = html.escape(str(tokens[idx].attrGet("href") or ""), quote=True)
        return f'<a href="{title}" title="{title}" style="color:{self.theme.link}">'


@dataclass(frozen=True)
class CodeStyle:
    """One highlighting style: a colour (hex, no #), bold, italic."""

    colour: str | None = None
    bold: bool = False
    italic: bool = False


def _lexer(cache: dict[str, Any], lang: str, **options: Any) -> Any:
    """The Pygments lexer for *lang* (plain text when unknown), built once per cache."""
    from pygments.lexers import TextLexer, get_lexer_by_name
    from pygments.util import ClassNotFound

    key = lang.lower()
    lexer = cache.get(key)
    if lexer is None:
        try:
            lexer = get_lexer_by_name(key, **options) if key else TextLexer(**options)
        except ClassNotFound:
            lexer = TextLexer(**options)
        if len(cache) < 64:
            cache[key] = lexer
    return lexer


def _inline(tokens: list[Token]) -> list[Token]:
    return [child for token in tokens for child in (token.children or [])]


def _shifted(tokens: list[Token], lines: int) -> list[Token]:
    """*tokens* parsed from a piece of text that starts *lines* lines into the whole."""
    if lines:
        for token in tokens:
            if token.map is not None:
                token.map = [token.map[0] + lines, token.map[1] + lines]
    return tokens


def render_markdown(text: str, theme: Theme = Theme()) -> Rendered:
    """One-shot rendering of a finished message."""
    return MarkdownRenderer(theme).render(text)
