"""Formulas in the answer view: source until set, then drawn on the baseline in the theme's colour;
a formula streams as source until its closing delimiter arrives; copying gives the LaTeX."""

from __future__ import annotations

from PySide6.QtGui import QFontMetrics, QGuiApplication, QTextCharFormat, QTextDocument

from parley.core.presentation.design import Theme
from parley.core.presentation.markdown import MarkdownRenderer
from parley.core.presentation.math_store import MathStore
from parley.gui.markdown_view import MarkdownView
from parley.gui.math_images import window_renderer

OBJECT = "\ufffc"  # how a QTextDocument holds an image


def _view(qtbot, renderer: MarkdownRenderer | None = None) -> MarkdownView:
    view = MarkdownView(renderer or window_renderer(Theme()))
    qtbot.addWidget(view)
    view.resize(600, 300)
    view.show()
    return view


def _images(view: MarkdownView) -> list[QTextCharFormat]:
    found, document = [], view.document()
    cursor = document.find(OBJECT)
    while not cursor.isNull():
        found.append(cursor.charFormat())
        cursor = document.find(OBJECT, cursor)
    return found


def test_a_finished_answer_shows_source_then_its_formulas(qtbot) -> None:
    view = _view(qtbot)
    view.set_markdown("Euler: $e^{i\\pi}+1=0$, and\n\n$$\n\\int_0^1 x_i\\,dx\n$$\n\nbad $\\nosuch{x}$ stays.")
    assert "$e^{i\\pi}+1=0$" in view.toPlainText()  # until set, the source (the thread is busy elsewhere)
    qtbot.waitUntil(lambda: len(_images(view)) == 2, timeout=10_000)
    text = view.toPlainText()
    assert "e^{i" not in text
    assert "$\\nosuch{x}$" in text  # bad LaTeX: its source, as code
    assert view.blocked_resources == 0  # every image asked for was a formula the renderer set
    names = [f.toImageFormat().name() for f in _images(view)]
    assert all(name.startswith("parley-math:") for name in names)
    assert view.loadResource(QTextDocument.ResourceType.ImageResource.value, names[0]).width() > 20


def test_a_formula_streams_as_source_until_it_closes(qtbot) -> None:
    view = _view(qtbot)
    store = view._renderer.math
    view.stream_update("First paragraph.\n\nThe area is $\\pi r")
    assert not _images(view)
    assert "$\\pi r" in view.toPlainText()
    assert store.pending() == 0  # nothing half-written was sent to be set
    text = "First paragraph.\n\nThe area is $\\pi r^2$.\n\nNext: $$a^2+b^2$$\n\nDone."
    view.stream_update(text)
    view.stream_update(text, final=True)
    qtbot.waitUntil(lambda: len(_images(view)) == 2, timeout=10_000)
    assert view.toPlainText().startswith("First paragraph.")
    assert view.toPlainText().rstrip().endswith("Done.")


def test_a_long_streamed_answer_swaps_each_piece_in_place(qtbot) -> None:
    view = _view(qtbot)
    view.frame_budget = 200  # many small pieces committed while their formulas are still being set
    parts = [f"Paragraph {n} has $x_{{{n}}}^2$ in it.\n\n" for n in range(30)]
    text = "".join(parts)
    while not view.stream_update(text):
        pass
    view.stream_update(text, final=True)
    qtbot.waitUntil(lambda: len(_images(view)) == 30, timeout=20_000)
    plain = view.toPlainText()
    assert [line.strip() for line in plain.split("\n") if line.strip()] == [
        f"Paragraph {n} has {OBJECT} in it." for n in range(30)
    ]
    assert not view._waiting


def test_inline_formulas_sit_on_the_baseline(qtbot) -> None:
    view = _view(qtbot)
    view.set_markdown("Deep $x_i$ and flat $E=mc^2$ here.")
    qtbot.waitUntil(lambda: len(_images(view)) == 2, timeout=10_000)
    deep, flat = (f.toImageFormat() for f in _images(view))
    assert deep.verticalAlignment() == QTextCharFormat.VerticalAlignment.AlignMiddle
    assert flat.verticalAlignment() == QTextCharFormat.VerticalAlignment.AlignNormal
    formula = view._renderer.math.formula(int(deep.name()[12:]))
    assert formula is not None
    half_x = QFontMetrics(deep.font()).xHeight() / 2  # what Qt centres a middle-aligned image on
    qt_ascent = (deep.height() + half_x) / 2
    assert abs(qt_ascent - (formula.height - formula.depth)) <= 0.5


def test_copying_gives_the_latex_source(qtbot) -> None:
    view = _view(qtbot)
    view.set_markdown("Area $\\pi r^2$ and\n\n$$\nx^2\n$$")
    qtbot.waitUntil(lambda: len(_images(view)) == 2, timeout=10_000)
    view.selectAll()
    view.copy()
    copied = QGuiApplication.clipboard().text()
    assert "$\\pi r^2$" in copied
    assert "$$\nx^2\n$$" in copied
    assert OBJECT not in copied


def test_the_dark_theme_draws_formulas_in_its_text_colour(qtbot) -> None:
    dark = Theme(dark=True)
    view = _view(qtbot, window_renderer(dark))
    view.set_markdown("$y=x$")
    qtbot.waitUntil(lambda: len(_images(view)) == 1, timeout=10_000)
    image = view.loadResource(QTextDocument.ResourceType.ImageResource.value, _images(view)[0].toImageFormat().name())
    colours = {image.pixelColor(x, y).name() for x in range(image.width()) for y in range(image.height())}
    assert dark.palette.text in colours


def test_without_a_formula_thread_formulas_are_set_at_once(qtbot) -> None:
    view = _view(qtbot, MarkdownRenderer(math=MathStore(synchronous=True)))
    view.set_markdown("At once: $a+b$")
    assert len(_images(view)) == 1
    assert not view._listening
