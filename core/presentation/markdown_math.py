"""Math in markdown: where formulas are (``$…$``, ``\\(…\\)``, ``$$…$$``, ``\\[…\\]``) and how each shows.

Finding them uses mdit-py-plugins' dollarmath and texmath rules, with the rules a careful reader
applies to prose on top: "costs $5 and $10" is money, ``$PATH:$HOME`` is a shell, and a dollar pair
that spans a code span is not a formula. Math inside code spans and blocks is code: those rules run
first. The LaTeX is taken as written (markdown escapes mean nothing inside math: ``\\\\`` stays a
line break, ``a_1 * b_2`` is no emphasis).

Showing them: a set formula is an image (``parley-math:N``, drawn by the view), or inline SVG in an
export; a formula still being set shows its source, muted; one that cannot be set shows its source
as code.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING, Any

from .math_store import FAILED, MathStore
from .math_typeset import Formula

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

    from .design import Theme

MATH_TOKENS = ("math_inline", "math_inline_double", "math_block")
MAX_FORMULAS = 2_000  # per render: past this a hostile answer's formulas show as source
_CLOSING = {"$": "$", "$$": "$$", "\\(": "\\)", "\\[": "\\]"}
_ASCII_WORD = re.compile(r"[A-Za-z0-9_]")
_SHELL_VARIABLE = re.compile(r"[A-Z_][A-Z0-9_]+[:/;,.=]?")
_PROSE = re.compile(r"(?<![\\A-Za-z])[A-Za-z]{2,}\s+[A-Za-z]{2,}")


def use_math(md: MarkdownIt) -> None:
    """Teach *md* the four kinds of delimiters (tokens: ``math_inline``, ``math_inline_double``,
    ``math_block``)."""
    from mdit_py_plugins.dollarmath import dollarmath_plugin
    from mdit_py_plugins.texmath.index import make_block_func, make_inline_func, rules

    dollarmath_plugin(md, allow_labels=False, allow_space=False, allow_digits=False, double_inline=True)
    dollar = md.inline.ruler.__rules__[md.inline.ruler.__find__("math_inline")].fn
    md.inline.ruler.at("math_inline", _like_a_reader(dollar))
    brackets = rules["brackets"]
    md.inline.ruler.before("escape", "math_paren", make_inline_func(brackets["inline"][0]))
    md.block.ruler.before("fence", "math_bracket", make_block_func(brackets["block"][1]))


def _like_a_reader(rule: Any) -> Any:
    """dollarmath's inline rule, refusing what reads as prose, money or a shell."""

    def rule_as_read(state: Any, silent: bool) -> bool:
        start = state.pos
        if not rule(state, True):
            return False
        end, state.pos = state.pos, start
        src = state.src
        double = src.startswith("$$", start)
        content = src[start + (2 if double else 1) : end - (2 if double else 1)]
        if (
            "`" in content  # the pair spans a code span
            or (start > 0 and _ASCII_WORD.match(src[start - 1]))  # US$5, a$b
            or (end < len(src) and _ASCII_WORD.match(src[end]) and _SHELL_VARIABLE.fullmatch(content))  # $PATH:$HOME
            or (content[:1].isdigit() and _PROSE.search(content))  # $5 for a coffee and$
        ):
            return False
        return bool(rule(state, silent))

    return rule_as_read


def source_with_delimiters(token: Token) -> str:
    markup = token.markup or ("$$" if token.type != "math_inline" else "$")
    return f"{markup}{token.content}{_CLOSING.get(markup, markup)}"


class MathHtml:
    """The render rules for math tokens, for one renderer (its theme and its formula store)."""

    def __init__(self, store: MathStore, *, inline_svg: bool = False) -> None:
        self.store = store
        self.inline_svg = inline_svg  # exports: the SVG itself, not a reference the view resolves

    def install(self, md: MarkdownIt, theme: Theme) -> None:
        rules = md.renderer.rules.__setitem__  # type: ignore[attr-defined]
        for name in MATH_TOKENS:
            rules(name, lambda tokens, idx, options, env: self.render(tokens[idx], env, theme))

    def render(self, token: Token, env: dict[str, Any], theme: Theme) -> str:
        display = token.type != "math_inline"
        block = token.type == "math_block"
        shown = source_with_delimiters(token)
        count = env["math_count"] = env.get("math_count", 0) + 1
        key = self.store.key(token.content, display)
        result = FAILED if count > MAX_FORMULAS else self.store.lookup(key)
        if result is None:  # being set: its source for now, muted (the view swaps the formula in)
            env.setdefault("math_pending", set()).add(self.store.id_of(key))
            body = f'<span style="color:{theme.muted}">{_source_html(shown)}</span>'
        elif not isinstance(result, Formula):
            body = f'<code style="background-color:{theme.code_bg}">{_source_html(shown)}</code>'
        elif self.inline_svg:
            body = _inline_svg(result, shown)
        else:
            align = ' align="middle"' if result.middle else ""
            size = f'width="{result.width}" height="{result.height}"'
            body = f'<img src="parley-math:{self.store.id_of(key)}" {size}{align}>'
        if block:
            return f'<p align="center" style="margin-top:8px; margin-bottom:8px">{body}</p>\n'
        return body


def _source_html(source: str) -> str:
    return html.escape(source).replace("\n", "<br>")


def _inline_svg(formula: Formula, source: str) -> str:
    """The SVG in the page, its bottom *depth* px under the text's baseline, read aloud as its source."""
    label = html.escape(source, quote=True)
    place = "" if formula.display else f' style="vertical-align:-{formula.depth:.1f}px"'
    return formula.svg.replace("<svg ", f'<svg role="img" aria-label="{label}"{place} ', 1)
