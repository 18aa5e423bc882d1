"""Every screen of the gallery, in English and Chinese, at 1400×900 and then 700×500: no text cut off
without an ellipsis, no widgets on top of each other or pushed out of their parent, and a window
whose minimum size stays at most 640×480 whatever it shows (tests/gui/layout_check.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from parley.gui import i18n
from tests.gui.layout_check import problems
from tests.gui.screens import SCREENS, stage

SIZES = ((1400, 900), (700, 500))


@pytest.fixture(params=["en", "zh_CN"])
def language(request: pytest.FixtureRequest, qapp) -> Iterator[str]:
    speaking = i18n.Language(request.param)
    assert speaking.install()
    yield request.param
    speaking.remove()


@pytest.mark.parametrize("screen", list(SCREENS))
def test_the_screen_is_laid_out_cleanly_at_both_sizes(screen: str, language: str) -> None:
    with stage(SIZES[0]) as s:
        shown = SCREENS[screen](s)
        found = []
        for width, height in SIZES:
            s.window.resize(width, height)
            s.pump(120)
            found += [f"{width}×{height}: {p}" for p in problems(shown)]
        assert found == [], "\n".join(found)


def test_the_checker_sees_clipped_text_overlaps_and_a_grown_minimum(qapp) -> None:
    """The check itself: a broken screen is reported, so a clean result means something."""
    root = QWidget()
    layout = QVBoxLayout(root)
    label = QLabel("a sentence far too long for the forty pixels it is given", root)
    layout.addWidget(label)
    root.resize(300, 200)
    root.show()
    label.setFixedWidth(40)  # clipped, no ellipsis
    button = QPushButton("Answer again with a higher limit", root)
    button.setGeometry(0, 0, 60, 30)  # a button cut short, over the label, outside the layout
    layout.addWidget(button)
    qapp.processEvents()
    button.setGeometry(0, 0, 60, 30)
    label.move(0, 0)
    found = problems(root)
    assert any("text needs" in p for p in found), found
    assert any("overlaps" in p for p in found), found
    assert any("needs" in p and "QPushButton" in p for p in found), found
    root.close()
