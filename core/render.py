"""Markdown → HTML for Qt's rich-text engine, safe for untrusted model output.

Raw HTML is escaped, images become a placeholder link the user can click to open in the browser
(nothing remote is ever loaded), links survive only for http(s) and mailto, and code blocks are
highlighted by Pygments with inline styles (Qt ignores stylesheets' classes in fragments).

``StreamingRenderer`` renders a growing answer incrementally: top-level blocks that can no longer
change are rendered once and committed; only the open tail block is re-rendered per frame.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # markdown-it and Pygments load on the first render, not at start-up
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

SAFE_SCHEMES = ("http://", "https://", "mailto:")
MAX_HIGHLIGHT = 200_000  # characters; longer code is shown plain rather than stall the UI
MAX_NESTING = 40
_LONG_RUN = re.compile(r"\S{40}")
ZERO_WIDTH_BREAK = "\u200b"
# Qt lays out a table cell in ~0.15 ms: a 3,000-row table held the UI for a second. A table with
# more cells than this is shown as its text, every row of it, in a code block (tests/reliability).
TABLE_CELLS = 240
TABLE_COLUMNS = 64  # a line with more cell separators than this is text, not a table row


@dataclass(frozen=True, slots=True)
class Theme:
    dark: bool = False

    @property
    def code_bg(self) -> str:
        return "#1e1f22" if self.dark else "#f5f6f8"

    @property
    def muted(self) -> str:
        return "#9aa0a6" if self.dark else "#6b7280"

    @property
    def border(self) -> str:
        return "#3c3f44" if self.dark else "#d8dce1"

    @property
    def link(self) -> str:
        return "#7fb4ff" if self.dark else "#1a5fd0"

    @property
    def pygments_style(self) -> str:
        return "monokai" if self.dark else "friendly"


@dataclass
class Rendered:
    html: str
    code_blocks: list[str] = field(default_factory=list)


class MarkdownRenderer:
    """Stateless apart from its parser: ``render(text, first_code_index)``.

    The parser and highlighter are built on first use (importing them costs ~45 ms of start-up).
    """

    def __init__(self, theme: Theme | None = None) -> None:
        self.theme = theme or Theme()
        self._parser: MarkdownIt | None = None
        self._wide: MarkdownIt | None = None  # tables off: for text with rows too wide to be a table
        self._formatter: Any = None
        self._lexers: dict[str, Any] = {}  # building a lexer compiles its regexes: ~2 ms each, so reuse them

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
        md.validateLink = _valid_link  # type: ignore[method-assign]
        self._formatter = HtmlFormatter(style=theme.pygments_style, noclasses=True, nowrap=True)
        rules = md.renderer.rules.__setitem__  # type: ignore[attr-defined]  # plain (tokens, idx, options, env)
        rules("fence", self._fence)
        rules("code_block", self._fence)
        rules("image", self._image)
        rules("link_open", self._link_open)
        rules(
            "table_open",
            lambda *a: (
                f'<table border="1" cellspacing="0" cellpadding="4" '
                f'style="border-color:{theme.border}; border-collapse:collapse">\n'
            ),
        )
        rules("blockquote_open", lambda *a: f'<blockquote style="color:{theme.muted}">\n')
        rules("code_inline", self._code_inline)
        rules("parley_skip", lambda *a: "")
        md.core.ruler.push("parley_links", _neutralise_unsafe_links)
        md.core.ruler.push("parley_breaks", _break_long_runs)
        md.core.ruler.push("parley_tables", _large_tables_as_text)
        return md

    def parse(self, text: str) -> list[Token]:
        if _has_too_wide_row(text):  # markdown-it's table rule takes ~80 ms on a 2,000-column row
            if self._wide is None:
                self._wide = self._build_parser().disable("table")
            return self._wide.parse(text)
        return self._md.parse(text)

    def render(self, text: str, first_code_index: int = 0) -> Rendered:
        return self.render_tokens(self.parse(text), first_code_index)

    def render_tokens(self, tokens: list[Token], first_code_index: int = 0) -> Rendered:
        env: dict[str, Any] = {"codes": [], "first": first_code_index}
        body = self._md.renderer.render(tokens, self._md.options, env)
        return Rendered(body, env["codes"])

    # ------------------------------------------------------------ render rules

    def _fence(self, tokens: list[Token], idx: int, options: Any, env: dict[str, Any]) -> str:
        token = tokens[idx]
        code = token.content
        lang = (token.info or "").strip().split(" ")[0] if token.type == "fence" else ""
        index = env["first"] + len(env["codes"])
        env["codes"].append(code)
        body = self._highlight(code, lang)
        label = html.escape(lang) if lang else "code"
        t = self.theme
        return (
            f'<table width="100%" cellspacing="0" cellpadding="8" style="background-color:{t.code_bg}; '
            f'border:1px solid {t.border}; margin-top:6px; margin-bottom:6px"><tr><td>'
            f'<span style="color:{t.muted}; font-size:small">{label}</span>&nbsp;&nbsp;'
            f'<a href="parley-copy:{index}" style="color:{t.link}; font-size:small; text-decoration:none">'
            f'Copy</a><pre style="margin:4px 0 0 0">{body}</pre></td></tr></table>\n'
        )

    def _highlight(self, code: str, lang: str) -> str:
        from pygments import highlight
        from pygments.lexers import TextLexer, get_lexer_by_name
        from pygments.util import ClassNotFound

        if len(code) > MAX_HIGHLIGHT:
            return html.escape(code)
        key = lang.lower()
        lexer = self._lexers.get(key)
        if lexer is None:
            try:
                lexer = get_lexer_by_name(key) if key else TextLexer()
            except ClassNotFound:
                lexer = TextLexer()
            if len(self._lexers) < 64:
                self._lexers[key] = lexer
        return str(highlight(code, lexer, self._formatter)).rstrip("\n")

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


def _valid_link(url: str) -> bool:
    lowered = url.strip().lower()
    return lowered.startswith(SAFE_SCHEMES) or ":" not in lowered.split("/")[0]


def _break_long_runs(state: Any) -> None:
    """Give Qt a line-break opportunity every 40 characters of unbroken text.

    Qt lays out a paragraph with no break opportunity in quadratic time (a 200 KB single "word"
    froze the UI for seconds); a zero-width space keeps it linear and is invisible.
    """
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        for child in block.children:
            if child.type == "text" and len(child.content) >= 40:
                child.content = _LONG_RUN.sub(lambda m: m.group(0) + ZERO_WIDTH_BREAK, child.content)


def _has_too_wide_row(text: str) -> bool:
    return text.count("|") > TABLE_COLUMNS and any(line.count("|") > TABLE_COLUMNS for line in text.split("\n"))


def _large_tables_as_text(state: Any) -> None:
    """Replace each table of more than TABLE_CELLS cells by a code block of its source lines."""
    tokens = state.tokens
    out: list[Any] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.type != "table_open":
            out.append(token)
            i += 1
            continue
        end = i
        while tokens[end].type != "table_close":
            end += 1
        cells = sum(1 for t in tokens[i:end] if t.type in ("td_open", "th_open"))
        if cells <= TABLE_CELLS or not token.map:
            out.extend(tokens[i : end + 1])
        else:
            first, last = token.map
            block = token.__class__("fence", "code", 0)
            block.content = "\n".join(state.src.split("\n")[first:last]) + "\n"
            block.info = "text"
            block.map = token.map
            block.block = True
            out.append(block)
        i = end + 1
    state.tokens = out


def _neutralise_unsafe_links(state: Any) -> None:
    """Links that are not http(s)/mailto (relative paths, custom schemes) render as their text."""
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        stack: list[bool] = []
        for child in block.children:
            if child.type == "link_open":
                safe = str(child.attrGet("href") or "").lower().startswith(SAFE_SCHEMES)
                stack.append(safe)
                if not safe:
                    child.type = "parley_skip"
            elif child.type == "link_close" and not (stack.pop() if stack else False):
                child.type = "parley_skip"


class StreamingRenderer:
    """Incremental rendering of one growing markdown answer.

    ``update(text)`` returns (html to append for newly closed blocks, html of the open tail).
    Only ``text[committed:]`` is parsed per call, so the cost per frame follows the tail's size,
    not the answer's.
    """

    def __init__(self, renderer: MarkdownRenderer) -> None:
        self._r = renderer
        self.committed = 0  # characters of the text already rendered for good
        self.code_blocks: list[str] = []
        self._tail_codes: list[str] = []

    def update(self, text: str, final: bool = False) -> tuple[str, str]:
        tail_text = text[self.committed :]
        tokens = self._r.parse(tail_text)
        # Top-level blocks: (token index, first line). The last one may still grow: it stays open.
        blocks = [(i, t.map[0]) for i, t in enumerate(tokens) if t.level == 0 and t.nesting >= 0 and t.map is not None]
        if len(blocks) >= 2 and tokens[blocks[-2][0]].type in ("bullet_list_open", "ordered_list_open"):
            # A list right before the open block stays open too: that block may yet become one of
            # its items (after a blank line), which would make the whole list loose.
            blocks.pop()
        closed_html = ""
        if final:
            cut = len(tokens)
        elif len(blocks) >= 2:
            cut = blocks[-1][0]
        else:
            cut = 0
        if cut:
            closed = self._r.render_tokens(tokens[:cut], len(self.code_blocks))
            closed_html = closed.html
            self.code_blocks.extend(closed.code_blocks)
            if final:
                self.committed = len(text)
                self._tail_codes = []
                return closed_html, ""
            lines = tail_text.split("\n")
            self.committed += sum(len(line) + 1 for line in lines[: blocks[-1][1]])
            tokens = tokens[cut:]
        tail = self._r.render_tokens(tokens, len(self.code_blocks))
        self._tail_codes = tail.code_blocks
        return closed_html, tail.html

    def code(self, index: int) -> str | None:
        """The source of code block *index* (for the Copy link), committed or in the tail."""
        if 0 <= index < len(self.code_blocks):
            return self.code_blocks[index]
        k = index - len(self.code_blocks)
        return self._tail_codes[k] if 0 <= k < len(self._tail_codes) else None


def render_markdown(text: str, theme: Theme = Theme()) -> Rendered:
    """One-shot rendering of a finished message."""
    return MarkdownRenderer(theme).render(text)
