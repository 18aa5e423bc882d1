"""Where the formulas are: a corpus of answers as models write them, read as a careful reader would.

Each case is markdown and the formulas in it, in order: (display?, LaTeX). It covers money and shell
variables in prose, math in code, markdown escapes inside math, math in lists, quotes, tables and
headings, and the peers' reported bugs (Claude Desktop and Cherry Studio: emphasis and escapes
eaten inside math, ``\\\\`` line breaks lost in matrices, display math ending a list).
"""

from __future__ import annotations

import time

import pytest

from parley.core.presentation.markdown import MarkdownRenderer
from parley.core.presentation.markdown_math import MATH_TOKENS

IN, DI = False, True  # inline, display

CORPUS: list[tuple[str, list[tuple[bool, str]]]] = [
    # ---- money and other dollars in prose
    ("It costs $5 and $10.", []),
    ("Prices: $5, $10, $15.", []),
    ("Plans run between $5 and $10 per month.", []),
    ("Costs $5.99 and $3.50 today.", []),
    ("From $1,000 to $2,000 a year.", []),
    ("In US$5 and US$10 notes.", []),
    ("I paid $20 for books and $x$ is a variable.", [(IN, "x")]),
    ("It was $5 and $x + y$ is the sum.", [(IN, "x + y")]),
    ("价格是 $5 和 $10。", []),
    ("Escaped \\$5 and \\$6.", []),
    ("A lone $ sign.", []),
    ("$ x $ has spaces inside the dollars.", []),
    ("A digit after: $x$5.", []),
    ("A digit before: 5$x$.", []),
    ("Line with $$ unclosed", []),
    # ---- shells and code
    ("Run echo $PATH:$HOME there.", []),
    ("Use `$HOME` and `$PATH`.", []),
    ("`$x$` is code, not math.", []),
    ("```\n$x$ and $$y$$\n```", []),
    ("```latex\n\\[ x^2 \\]\n```", []),
    ("Text\n\n    $x$ in an indented code block", []),
    ("The `$` sign and $x$ here.", [(IN, "x")]),
    ("$a `b` c$ spans a code span.", []),
    ("~~~\n$$\nx\n$$\n~~~", []),
    # ---- inline math
    ("The variable $x$ is real.", [(IN, "x")]),
    ("设$x$为实数。", [(IN, "x")]),
    ("Energy $E=mc^2$.", [(IN, "E=mc^2")]),
    ("($x$) in parentheses", [(IN, "x")]),
    ("**bold $x^2$ here**", [(IN, "x^2")]),
    ("The $n$th element and the $i$-th one.", [(IN, "n"), (IN, "i")]),
    ("Segment $AB$ is long.", [(IN, "AB")]),
    ("$x_1$, $x_2$ and $x_3$", [(IN, "x_1"), (IN, "x_2"), (IN, "x_3")]),
    ("A bill of $\\$5$ in math.", [(IN, "\\$5")]),
    ("Inline \\(a+b\\) with parentheses.", [(IN, "a+b")]),
    ("\\(\\frac{1}{2}\\) first.", [(IN, "\\frac{1}{2}")]),
    ("$x$ and $$y$$ and \\(z\\)", [(IN, "x"), (DI, "y"), (IN, "z")]),
    ("See [the value $x$](https://example.com).", [(IN, "x")]),
    ("$\\text{if } x > 0$ then", [(IN, "\\text{if } x > 0")]),
    ("$a<b$ and $c>d$", [(IN, "a<b"), (IN, "c>d")]),
    ("$$x^2$$ inside a paragraph", [(DI, "x^2")]),
    ("$$ x $$ with spaces", [(DI, "x")]),
    ("$$x$$ (1)", [(DI, "x")]),
    # ---- markdown means nothing inside math (the peers' bugs)
    ("$a_1 * b_2 * c_3$", [(IN, "a_1 * b_2 * c_3")]),
    ("$a_1$ and $b_1$ are not emphasis", [(IN, "a_1"), (IN, "b_1")]),
    ("$a*b$ and *em*", [(IN, "a*b")]),
    ("$\\{a\\}$ braces", [(IN, "\\{a\\}")]),
    ("$a\\$b$ an escaped dollar", [(IN, "a\\$b")]),
    ("$a \\\\ b$ a line break", [(IN, "a \\\\ b")]),
    ("$\\_$ an escaped underscore", [(IN, "\\_")]),
    ("$[a](b)$ is not a link", [(IN, "[a](b)")]),
    ("$<b>x</b>$ is not HTML", [(IN, "<b>x</b>")]),
    (
        "$$\n\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}\n$$",
        [(DI, "\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}")],
    ),
    ("$$\na_1 *\nb_2 *\n$$", [(DI, "a_1 *\nb_2 *")]),
    # ---- display math
    ("$$\nx^2\n$$", [(DI, "x^2")]),
    ("$$x^2$$", [(DI, "x^2")]),
    ("\\[\nx^2\n\\]", [(DI, "x^2")]),
    ("\\[x^2\\]", [(DI, "x^2")]),
    ("Text before.\n\n$$\n\\int_0^1 f\n$$\n\nText after.", [(DI, "\\int_0^1 f")]),
    # ---- in lists, quotes, tables, headings (Cherry Studio: display math broke its list)
    ("1. First\n\n   $$\n   a^2\n   $$\n\n2. Second", [(DI, "a^2")]),
    ("- item $x$\n- item $y$", [(IN, "x"), (IN, "y")]),
    ("- a\n  - b with $z$", [(IN, "z")]),
    ("> quote $x$", [(IN, "x")]),
    ("> $$\n> x\n> $$", [(DI, "x")]),
    ("| a | b |\n|---|---|\n| $x$ | $y$ |", [(IN, "x"), (IN, "y")]),
    ("## Area $\\pi r^2$", [(IN, "\\pi r^2")]),
    # ---- not closed yet (a stream mid-way): shown as source
    ("The value $x^2", []),
    ("$$\nx^2", []),
    ("Inline \\(x", []),
    ("\\[\nx", []),
]


def formulas(text: str) -> list[tuple[bool, str]]:
    found = []
    for token in MarkdownRenderer().parse(text):
        for t in [token, *(token.children or [])]:
            if t.type in MATH_TOKENS:
                found.append((t.type != "math_inline", t.content.strip()))
    return found


def test_the_corpus_is_big_enough() -> None:
    assert len(CORPUS) >= 60


@pytest.mark.parametrize(("text", "expected"), CORPUS, ids=[c[0][:40] for c in CORPUS])
def test_formulas_are_found_as_a_careful_reader_would(text: str, expected: list[tuple[bool, str]]) -> None:
    assert formulas(text) == expected


def test_display_math_does_not_break_its_list() -> None:
    tokens = MarkdownRenderer().parse("1. First\n\n   $$\n   a^2\n   $$\n\n2. Second")
    assert [t.type for t in tokens].count("ordered_list_open") == 1
    assert [t.type for t in tokens].count("list_item_open") == 2


@pytest.mark.parametrize(
    "hostile",
    ["$" * 20_000, "$a" * 10_000, "\\(" * 10_000, "$$\n" * 5_000, "$x" + " y" * 20_000, "\\[" + "x" * 50_000],
)
def test_hostile_dollars_parse_quickly(hostile: str) -> None:
    start = time.perf_counter()
    MarkdownRenderer().render(hostile[:3000])  # formulas set synchronously here: keep the count small
    MarkdownRenderer().parse(hostile)
    assert time.perf_counter() - start < 3.0
