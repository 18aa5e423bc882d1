"""LaTeX → SVG, in pure Python (ziamath), for formulas in answers.

A formula that ziamath cannot set, or that LaTeX would not accept (an unknown command, unbalanced
braces, a source too long or too deeply nested to set in reasonable time), gives ``None``: the
caller shows its source as code. ziamath is imported on first use (~180 ms): the app does that on
its formula thread, never on the UI thread.
"""

from __future__ import annotations

import math
import re
import threading
from dataclasses import dataclass

MAX_SOURCE = 1_500  # characters; ziamath's time grows with the formula (3,000 characters: ~3 s)
MAX_DEPTH = 24  # nested braces; deeper recursion ends in RecursionError inside latex2mathml
MARGIN = 1.0  # px of air around the glyphs, so antialiasing is not cut off
SITS_ON_BASELINE = 1.0  # px: an inline formula reaching no deeper than this sits on the baseline

_LABEL = re.compile(r"\\label\{[^{}]*\}")
_TAG = re.compile(r"\\tag\*?\{([^{}]*)\}")
_UNKNOWN = re.compile(r"<m[io][^>]*>\\[A-Za-z]")  # latex2mathml keeps a command it does not know as text
_SVG_BOX = re.compile(r'width="[^"]*" height="[^"]*" viewBox="[^"]*"')
_lock = threading.Lock()  # ziamath keeps module-level state (fonts, equation numbers): one formula at a time


@dataclass(frozen=True, slots=True)
class MathStyle:
    """How formulas look: the text colour, the font size in px, and the surrounding font's x-height
    (inline formulas are centred on half of it, which puts their baseline on the text's)."""

    colour: str = "#1f1e1c"
    size: float = 16.0
    x_height: float = 8.0


@dataclass(frozen=True, slots=True)
class Formula:
    """A set formula: ``svg`` is ``width`` × ``height`` px, of which ``depth`` lie below the baseline.

    Qt puts an inline image's bottom on the text's baseline, or (``middle``) centres it on half the
    x-height. A formula that hardly reaches below the baseline sits on it; a deeper one (a subscript,
    a fraction) is padded so that centring it puts its baseline on the text's.
    """

    source: str
    display: bool
    svg: str
    width: int
    height: int
    depth: float
    middle: bool = False


def prepare(source: str) -> str | None:
    """The LaTeX to hand to ziamath, or None if it should not be tried."""
    text = source.strip()
    if not text or len(text) > MAX_SOURCE or not _balanced(text):
        return None
    text = _LABEL.sub("", text)
    tags = _TAG.findall(text)
    if tags:  # an equation number: set after the formula (ziamath's own puts it 6.5 in to the right)
        text = _TAG.sub("", text) + r"\qquad (" + tags[-1] + ")"
    return text


def _balanced(text: str) -> bool:
    depth = 0
    escaped = False
    for ch in text:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == "{":
            depth += 1
            if depth > MAX_DEPTH:
                return False
        elif ch == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def typeset(source: str, display: bool, style: MathStyle) -> Formula | None:
    """Set *source*; None when it is not valid LaTeX that ziamath can set."""
    text = prepare(source)
    if text is None:
        return None
    with _lock:
        try:
            from ziamath.config import config
            from ziamath.tex import tex2mml
            from ziamath.zmath import Latex

            config.svg2 = False  # Qt's SVG renderer reads SVG 1.1 (xlink:href)
            if _UNKNOWN.search(tex2mml(text, inline=not display)):
                return None
            formula = Latex(text, size=style.size, color=style.colour, inline=not display, margin=MARGIN)
            svg = formula.svg()
            box = formula.node.bbox
        except Exception:  # latex2mathml and ziamath raise many kinds; all mean "not set"
            return None
    return _boxed(source, display, svg, (box.xmin, box.xmax, box.ymin, box.ymax), style)


def _boxed(source: str, display: bool, svg: str, box: tuple[float, float, float, float], style: MathStyle) -> Formula:
    """The SVG on whole pixels, padded so that the formula's baseline lands on the text's."""
    xmin, xmax, ymin, ymax = box
    above = ymax + MARGIN
    below = -ymin + MARGIN
    middle = not display and -ymin > SITS_ON_BASELINE
    if middle:  # centred on half the x-height: make that point the baseline
        half = style.x_height / 2
        above = max(above, below + half)
        below = above - half
    elif not display:
        below = max(0.0, -ymin)
    width = math.ceil(xmax - xmin + 2 * MARGIN)
    height = math.ceil(above + below)
    if middle:  # whole pixels, centred exactly as Qt will centre them
        above = (height + style.x_height / 2) / 2
        below = height - above
    view = f'width="{width}" height="{height}" viewBox="{xmin - MARGIN:.3f} {-above:.3f} {width} {height}"'
    return Formula(source, display, _SVG_BOX.sub(view, svg, count=1), width, height, below, middle)
