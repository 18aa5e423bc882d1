"""How formulas show: set as SVG in the theme's colour, on the text's baseline, cached; bad LaTeX as
its source in code; set on a thread of their own for the window; inline SVG in exports."""

from __future__ import annotations

import re
import threading

import pytest

from parley.core.presentation.design import DARK, LIGHT, Theme
from parley.core.presentation.markdown import MarkdownRenderer
from parley.core.presentation.markdown_math import MAX_FORMULAS
from parley.core.presentation.math_store import FAILED, MathStore
from parley.core.presentation.math_typeset import MAX_DEPTH, MAX_SOURCE, MathStyle, typeset


def test_an_inline_formula_is_an_image_of_its_own_size() -> None:
    html = MarkdownRenderer().render("Energy $E=mc^2$ here.").html
    match = re.search(r'<img src="parley-math:(\d+)" width="(\d+)" height="(\d+)"', html)
    assert match is not None
    assert int(match.group(2)) > 30
    assert "$E=mc^2$" not in html


def test_a_display_formula_is_centred_in_a_block_of_its_own() -> None:
    html = MarkdownRenderer().render("$$\n\\int_0^1 x\\,dx\n$$").html
    assert html.startswith('<p align="center"')
    assert "parley-math:" in html


@pytest.mark.parametrize(
    "bad",
    [
        "\\frac{a",  # unbalanced
        "a}{b",
        "\\foo{x}",  # not a command LaTeX knows
        "\\begin{align} x \\end{pmatrix}",
        "\\left( x",
        "{" * (MAX_DEPTH + 1) + "x" + "}" * (MAX_DEPTH + 1),
        "x" * (MAX_SOURCE + 1),
    ],
)
def test_bad_latex_shows_its_source_as_code(bad: str) -> None:
    html = MarkdownRenderer().render(f"Look: ${bad}$ there").html
    assert "<code" in html
    assert "parley-math:" not in html
    assert "Look:" in html


def test_the_formula_follows_the_theme_colour() -> None:
    light = typeset("x+y", False, MathStyle(colour=LIGHT.text))
    dark = typeset("x+y", False, MathStyle(colour=DARK.text))
    assert light is not None
    assert dark is not None
    assert f'fill="{LIGHT.text}"' in light.svg
    assert f'fill="{DARK.text}"' in dark.svg
    store = MathStore(synchronous=True)
    renderer = MarkdownRenderer(Theme(dark=False), store)
    renderer.render("$x+y$")
    renderer.set_theme(Theme(dark=True))
    renderer.render("$x+y$")
    colours = {key.style.colour for key in store._done}
    assert colours == {LIGHT.text, DARK.text}


def test_formulas_are_cached_by_source_and_style() -> None:
    store = MathStore(synchronous=True)
    first = store.lookup(store.key("a^2", False))
    again = store.lookup(store.key("a^2", False))
    assert first is again
    assert store.lookup(store.key("a^2", True)) is not first


@pytest.mark.parametrize("source", ["x_i", "\\frac{a}{b}", "(x)", "\\sum_{i=1}^n i"])
def test_an_inline_formula_with_depth_puts_its_baseline_on_the_texts(source: str) -> None:
    style = MathStyle(x_height=9)
    formula = typeset(source, False, style)
    assert formula is not None
    assert formula.middle
    # Qt centres a middle-aligned image on half the x-height: ascent = (height + x/2) / 2.
    qt_ascent = (formula.height + style.x_height / 2) / 2
    assert abs(qt_ascent - (formula.height - formula.depth)) <= 0.5


def test_an_inline_formula_without_depth_sits_on_the_baseline() -> None:
    formula = typeset("E=mc^2", False, MathStyle())
    assert formula is not None
    assert not formula.middle
    assert formula.depth < 1.0


def test_the_window_store_sets_formulas_on_its_own_thread() -> None:
    store = MathStore()
    renderer = MarkdownRenderer(math=store)  # (it sets the store's style: colour and size)
    heard = threading.Event()
    threads: list[str] = []
    store.listeners.append(lambda: (threads.append(threading.current_thread().name), heard.set()))
    key = store.key("\\sqrt{2}", False)
    assert store.lookup(key) is None  # queued, never set on the asking thread
    assert heard.wait(10)
    assert store.state(key) is not None
    assert store.state(key) is not FAILED
    assert threads[0] == "parley-formulas"
    html = renderer.render("$\\sqrt{2}$").html
    assert "parley-math:" in html


def test_a_formula_not_set_yet_shows_its_source_muted_and_is_reported_pending() -> None:
    store = MathStore()
    rendered = MarkdownRenderer(math=store).render("Root $\\sqrt{3}$ and $$\\sqrt{5}$$")
    assert len(rendered.math_pending) == 2
    assert "$\\sqrt{3}$" in rendered.html
    assert "$$\\sqrt{5}$$" in rendered.html


def test_a_listener_that_fails_does_not_end_the_formula_thread() -> None:
    store = MathStore()
    heard = threading.Event()

    def gone() -> None:
        raise RuntimeError("Internal C++ object already deleted.")

    store.listeners += [gone, heard.set]
    store.lookup(store.key("a", False))
    assert heard.wait(10)
    heard.clear()
    store.lookup(store.key("b", False))
    assert heard.wait(10)


def test_past_the_formula_limit_the_rest_show_as_source() -> None:
    text = " ".join(f"$x_{{{n}}}$" for n in range(MAX_FORMULAS + 3))
    store = MathStore()
    rendered = MarkdownRenderer(math=store).render(text)
    assert len(rendered.math_pending) == MAX_FORMULAS
    assert rendered.html.count("<code") == 3


def test_exports_carry_the_svg_inline_and_fetch_nothing() -> None:
    html = MarkdownRenderer(inline_svg=True).render("Area $\\pi r_0^2$ and\n\n$$\nx^2\n$$").html
    assert html.count("<svg ") == 2
    assert 'aria-label="$\\pi r_0^2$"' in html
    assert "vertical-align:-" in html
    assert 'fill="currentColor"' in html  # the page's text colour, light or dark
    assert "parley-math:" not in html
    assert "href=" not in html.replace("xlink:href", "")


def test_a_formula_dropped_from_the_cache_is_set_again_when_shown(monkeypatch) -> None:
    import parley.core.presentation.math_store as math_store

    monkeypatch.setattr(math_store, "CACHE_SIZE", 2)
    store = MathStore(synchronous=True)
    renderer = MarkdownRenderer(math=store)
    first = renderer.render("$a_1$").html
    renderer.render("$b_2$ $c_3$")  # a_1 is pushed out
    number = int(first.split("parley-math:")[1].split('"')[0])
    assert store.formula(number) is None
    assert store.is_set(number)  # nothing is left to wait for: the view renders again…
    assert "parley-math:" in renderer.render("$a_1$").html  # …and sets it again
