"""Web search and fetch in an answer: a step per call above the text, and the Sources under it.

"Searched: *query* · 5 results" expands to the results (title · domain · date); "Read: *page*";
a failed call says why in plain words, and the answer goes on. The Sources list numbers each page
as the markers in the text do: title and domain, opened in the system browser when clicked, and
only http(s). Everything shown here came from the web: it is escaped, and nothing loads by itself.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from parley.core.i18n import tr
from parley.core.presentation.citations import Source
from parley.core.presentation.web_steps import WebCall

from .icons import icon

MAX_RESULT_LINES = 20


class WebStepWidget(QFrame):
    """One web search or fetch: its title and state; the results behind the arrow."""

    def __init__(self, call: WebCall, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("toolStep")
        self.call = call
        self.toggle = QToolButton(self)
        self.toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.toggle.setAutoRaise(True)
        self.toggle.setAccessibleName(tr("Show results"))
        self.glyph = QLabel(self)
        self.glyph.setPixmap(icon("globe" if call.tool == "web_fetch" else "search").pixmap(14, 14))
        self.title = QLabel(self)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setAccessibleName(tr("Web step"))
        self.title.setMinimumWidth(60)
        self.state = QLabel(self)
        self.state.setObjectName("muted")
        self.state.setWordWrap(True)
        self.details = QLabel(self)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setObjectName("muted")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.hide()
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(self.toggle)
        head.addWidget(self.glyph)
        head.addWidget(self.title, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 2, 8, 2)
        layout.setSpacing(2)
        layout.addLayout(head)
        layout.addWidget(self.state)
        layout.addWidget(self.details)
        self.toggle.clicked.connect(lambda: self.set_expanded(self.details.isHidden()))
        self.update_call(call)

    def update_call(self, call: WebCall) -> None:
        self.call = call
        title = call.title()
        self.title.setText(_elided(title, 140))
        self.title.setToolTip(title if len(title) > 140 else "")
        failure = call.failure()
        self.state.setText(tr("Failed: {why}. Claude went on without it.").format(why=failure) if failure else "")
        self.state.setProperty("severity", "error" if failure else "")
        self.state.setVisible(bool(failure))
        lines = call.detail_lines()
        shown = lines[:MAX_RESULT_LINES] + (
            [f"… {len(lines) - MAX_RESULT_LINES}"] if len(lines) > MAX_RESULT_LINES else []
        )
        self.details.setText("\n".join(shown))
        self.toggle.setVisible(bool(lines))

    def set_expanded(self, expanded: bool) -> None:
        self.details.setVisible(expanded and bool(self.details.text()))
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow)
        self.toggle.setAccessibleName(tr("Hide results") if expanded else tr("Show results"))


class SourcesPanel(QWidget):
    """The answer's sources, numbered as its markers: ``1. Title — domain``, each a link. The first
    few show; *Show all* lists the rest (an answer with 50 sources stays short, and cheap to lay out)."""

    FIRST = 5

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel(tr("Sources"), self)
        self.heading.setObjectName("muted")
        self.list = QLabel(self)
        self.list.setObjectName("sourcesList")  # (its keyboard focus shows: gui/theme.py)
        self.list.setTextFormat(Qt.TextFormat.RichText)
        self.list.setWordWrap(True)
        self.list.setOpenExternalLinks(False)  # opened here, http(s) only
        self.list.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.list.setAccessibleName(tr("Sources of this answer"))
        self.list.linkActivated.connect(self._open)
        self.more = QToolButton(self)
        self.more.setAutoRaise(True)
        self.more.clicked.connect(self._toggle_all)
        self.more.hide()
        self.sources: list[Source] = []
        self.showing_all = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.heading)
        layout.addWidget(self.list)
        layout.addWidget(self.more, 0, Qt.AlignmentFlag.AlignLeft)

    def set_sources(self, sources: list[Source]) -> None:
        self.sources = list(sources)
        self.showing_all = False
        self._fill()
        self.setVisible(bool(sources))

    def _fill(self) -> None:
        shown = self.sources if self.showing_all else self.sources[: self.FIRST]
        rows = []
        for source in shown:
            title = html.escape(_elided(source.title, 120))
            where = html.escape(source.domain)
            name = f'<a href="{html.escape(source.url, quote=True)}">{title}</a>' if source.openable else title
            rows.append(f"{source.number}.&nbsp;{name} <span style='opacity:0.7'>— {where}</span>")
        self.list.setText("<br>".join(rows))
        hidden = len(self.sources) - self.FIRST
        self.more.setVisible(hidden > 0)
        if hidden > 0:
            self.more.setText(
                tr("Show fewer") if self.showing_all else tr("Show all {n} sources").format(n=len(self.sources))
            )

    def _toggle_all(self) -> None:
        self.showing_all = not self.showing_all
        self._fill()

    def _open(self, link: str) -> None:
        url = QUrl(link)
        if url.scheme() in ("http", "https"):
            QDesktopServices.openUrl(url)


def _elided(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
