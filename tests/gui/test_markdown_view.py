"""Rendering untrusted model output: nothing is fetched, nothing runs, only safe links open."""

from __future__ import annotations

import http.server
import threading
import time

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from parley.core.presentation.markdown import MarkdownRenderer
from parley.gui.markdown_view import MarkdownView
from parley.gui.markdown_worker import MarkdownWorker

# The streamed-versus-full tests run with updates prepared both ways (see markdown_worker).
PREPARED = pytest.mark.parametrize("prepared", ["in the call", "on the worker"])


class Canary:
    """A loopback HTTP server that counts every request it gets; rendering must send it none."""

    def __init__(self) -> None:
        hits = self.hits = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                hits.append(self.path)
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def canary():
    c = Canary()
    yield c
    c.close()


def hostile_corpus(url: str) -> list[str]:
    return [
        f"![remote]({url}/img.png)",
        f'<img src="{url}/raw.png"> <iframe src="{url}/frame"></iframe> <script>fetch("{url}/js")</script>',
        f'<link rel="stylesheet" href="{url}/style.css"><style>body{{background:url({url}/bg.png)}}</style>',
        f"[js](javascript:fetch('{url}/x')) [file](file:///etc/passwd) [data](data:text/html,<b>x</b>)",
        f"[ok]({url}/page) <{url}/autolink> [mail](mailto:someone@example.com)",
        f'<a href="{url}/a" style="background-image:url({url}/css.png)">styled</a>',
        "\u202eevil\u202c text \u200b\u200d zero width \u2066isolate\u2069 \ufeff",
        f'<div style="position:fixed;top:0;left:0;width:100%;height:100%;background:url({url}/over.png)">over</div>',
        f'[![badge]({url}/badge.svg)]({url}/click) <svg><image href="{url}/svg.png"/></svg>',
        "- " * 2000 + "deep",
        "".join("  " * i + "- level\n" for i in range(500)),
        "> " * 1000 + "quoted",
        "| a | b |\n|---|---|\n" + "| x | y |\n" * 3000,
        "|" + "c|" * 2000 + "\n|" + "-|" * 2000 + "\n|" + "v|" * 2000,
        "x" * 10_000_000,
    ]


def test_hostile_markdown_triggers_no_request(qtbot, canary):
    view = MarkdownView(MarkdownRenderer())
    qtbot.addWidget(view)
    view.resize(800, 600)
    view.show()
    for text in hostile_corpus(canary.url):
        view.set_markdown(text)
        QGuiApplication.processEvents()
        view.stream_update(text[:5000])
        QGuiApplication.processEvents()
    deadline = time.monotonic() + 0.5
    while time.monotonic() < deadline:
        QGuiApplication.processEvents()
    assert canary.hits == []
    assert view.loadResource(2, QUrl(f"{canary.url}/direct.png")).isEmpty()


def test_only_safe_links_open_and_copy_links_copy(qtbot, monkeypatch, canary):
    opened: list[str] = []
    monkeypatch.setattr("parley.gui.safe_text_view.QDesktopServices.openUrl", lambda url: opened.append(url.toString()))
    view = MarkdownView(MarkdownRenderer())
    qtbot.addWidget(view)
    view.set_markdown("```python\nprint('hi')\n```\n\n[ok](https://example.com)")
    for raw in (
        "javascript:alert(1)",
        "file:///etc/passwd",
        "data:text/html,x",
        "https://example.com",
        "mailto:a@b.c",
        "parley-copy:0",
    ):
        view.anchorClicked.emit(QUrl(raw))
    assert opened == ["https://example.com", "mailto:a@b.c"]
    assert QGuiApplication.clipboard().text() == "print('hi')\n"


@PREPARED
def test_streaming_updates_end_with_the_same_text_as_a_full_render(qtbot, prepared):
    text = (
        "# Title\n\nSome *intro* text.\n\n```python\nfor i in range(3):\n    print(i)\n```\n\n"
        "- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nThe end."
    )
    streamed, full = _streamed_and_full(qtbot, prepared=prepared)
    for i in range(0, len(text), 7):
        streamed.stream_update(text[:i])
    streamed.stream_update(text, final=True)
    full.set_markdown(text)
    assert streamed.toPlainText().split() == full.toPlainText().split()
    assert streamed.code(0) == "for i in range(3):\n    print(i)\n"
    # Each streamed block keeps its own format (a heading's size and margins), as in a full render.
    assert _block_formats(streamed) == _block_formats(full)


def _block_formats(view: MarkdownView) -> list[tuple[str, int, float, float]]:
    out = []
    block = view.document().begin()
    while block.isValid():
        fmt = block.blockFormat()
        if block.text().strip():
            out.append((block.text().strip(), fmt.headingLevel(), fmt.topMargin(), fmt.bottomMargin()))
        block = block.next()
    return out


def _lines(view: MarkdownView) -> list[str]:
    return [line.rstrip() for line in view.toPlainText().splitlines() if line.strip()]


def _streamed_and_full(
    qtbot, shown: tuple[int, int] | None = None, prepared: str = "in the call"
) -> tuple[MarkdownView, MarkdownView]:
    """A view to stream into, and one to render the same text whole, to compare them (on
    screen, at the size *shown*, to compare their pixels). The streamed view's updates are
    *prepared* in the call, or on the worker's thread (then each call waits until it is shown)."""
    streamed, full = MarkdownView(MarkdownRenderer()), MarkdownView(MarkdownRenderer())
    qtbot.addWidget(streamed)
    qtbot.addWidget(full)
    if shown is not None:
        for view in (streamed, full):
            view.resize(*shown)
            view.show()
    if prepared == "on the worker":
        streamed.worker = MarkdownWorker.shared()
        update = streamed.stream_update

        def shown_when_ready(text: str, final: bool = False) -> bool:
            caught_up = update(text, final)
            qtbot.waitUntil(lambda: not streamed.preparing, timeout=5000)
            return caught_up

        streamed.stream_update = shown_when_ready  # type: ignore[method-assign]
    return streamed, full


@PREPARED
@pytest.mark.parametrize("step", [1, 5, 40])
def test_an_open_code_block_grows_in_place_and_shows_what_a_full_render_shows(qtbot, prepared, step):
    """While a code block is open, only its new code is appended (highlighted line by line); at
    every moment the view says what a full render of the text so far says."""
    code = 'def area(r):\n    """Circle."""\n\n    return 3.14159 * r ** 2  # pi r squared\n' * 6
    text = f"Intro.\n\n- a list\n- before it\n\n```python\n{code}```\n\nAfter the code."
    streamed, full = _streamed_and_full(qtbot, prepared=prepared)
    grown = 0
    for end in range(step, len(text) + step, step):
        streamed.stream_update(text[:end])
        grown += streamed._code is not None and streamed._code.shown != ""
        full.set_markdown(text[:end])
        assert _lines(streamed) == _lines(full), end
    assert grown > len(code) // step // 2  # most frames appended instead of rendering the block again
    streamed.stream_update(text, final=True)
    full.set_markdown(text)
    assert _lines(streamed) == _lines(full)
    assert streamed.code(0) == code


def _pixels(view: MarkdownView, rows: int) -> list[list[int]]:
    image = view.viewport().grab().toImage()
    return [[image.pixel(x, y) for x in range(image.width())] for y in range(rows)]


@PREPARED
@pytest.mark.parametrize("before", ["", "Intro words.\n\n", "# Head\n\n- a\n- b\n\n"])
def test_an_open_code_block_on_screen_is_the_block_it_closes_into(qtbot, prepared, before):
    """The open block is a frame of its own (cheaper to grow than the rendered block's table):
    pixel for pixel, it shows what the rendered block shows, and nothing moves when it closes."""
    code = "".join(f"    total += values[{i}]  # step {i}\n" for i in range(12))
    text = f"{before}```python\ndef f(values):\n{code}"
    streamed, full = _streamed_and_full(qtbot, (500, 600), prepared)
    for end in range(7, len(text), 7):
        streamed.stream_update(text[:end])
    streamed.stream_update(text)
    assert streamed._code is not None  # (grown in place)
    full.set_markdown(text)
    QApplication.processEvents()
    last = full.document().lastBlock().previous()  # the last line of code
    shown = int(full.document().documentLayout().blockBoundingRect(last).bottom())
    assert _pixels(streamed, shown) == _pixels(full, shown)
    text += "```\n\nAfter the code."
    streamed.stream_update(text, final=True)
    full.set_markdown(text)
    QApplication.processEvents()
    assert streamed.height() == full.height()
    assert _pixels(streamed, full.height()) == _pixels(full, full.height())


def test_streamed_code_is_highlighted_and_labelled_as_it_grows(qtbot):
    view = MarkdownView(MarkdownRenderer())
    qtbot.addWidget(view)
    text = "```pyth"
    view.stream_update(text)
    text += "on\ndef f(x):\n    return x\nprint(f(2"
    view.stream_update(text)
    lines = _lines(view)
    assert lines[0].startswith("python")  # the label follows the info line as it completes
    assert lines[-1] == "print(f(2"  # the incomplete line is shown too
    document = view.document()
    at = document.find("def")
    assert at.charFormat().foreground().color().name() != document.find("f(x)").charFormat().foreground().color().name()
    assert view.code(0) == "def f(x):\n    return x\nprint(f(2"


@PREPARED
def test_an_open_table_grows_by_whole_rows_as_a_full_render_shows_them(qtbot, prepared):
    rows = "".join(f"| {i} | **{i * 7}** | `x{i}` |\n" for i in range(25))
    text = f"Figures:\n\n| n | value | code |\n|---|--:|:-:|\n{rows}\nDone."
    streamed, full = _streamed_and_full(qtbot, prepared=prepared)
    streamed.rows_every = 0  # (every step shows its rows: see the next test for the pace)
    grown = 0
    for end in range(1, len(text) + 1, 3):
        streamed.stream_update(text[:end])
        grown += streamed._table is not None and streamed._table.rows > 1
        complete = text[: text.rfind("\n", 0, end) + 1]  # a row shows once its line is complete
        full.set_markdown(complete)
        if streamed._table is not None:
            assert _lines(streamed) == _lines(full), end
            if streamed._table.rows == 20:  # rows appended to the table in place look as a full render's do
                table = streamed.document().find("133").currentTable()  # 19 × 7, in the second column
                assert table is not None
                assert table.rows() == 21
                cell = table.cellAt(20, 1)
                assert cell.firstCursorPosition().blockFormat().alignment() & Qt.AlignmentFlag.AlignRight
                assert cell.firstCursorPosition().charFormat().fontWeight() >= 600  # **bold** kept
                page = full.document().find("133").currentTable().cellAt(20, 1).format().background().color()
                assert cell.format().background().color() == page  # a body row's colour, not the header's
    assert grown > 50  # most frames appended rows instead of laying out the table again
    while not streamed.stream_update(text, final=True):
        pass
    full.set_markdown(text)
    assert _lines(streamed) == _lines(full)


def test_a_streaming_table_takes_new_rows_at_most_four_times_a_second(qtbot):
    """Each row added lays out the whole table again: rows that come sooner wait until the time is
    up (a timer shows them, with any that came meanwhile), or for a later call that is on time."""
    now = [100.0]
    view = MarkdownView(MarkdownRenderer())
    qtbot.addWidget(view)
    view.clock = lambda: now[0]
    text = "| n | v |\n|---|---|\n| 0 | a |\n"
    assert view.stream_update(text)
    assert view._table is not None
    assert view._table.rows == 1
    text += "| 1 | b |\n"
    assert view.stream_update(text)  # all laid out that can be: the new row waits for its time
    assert view._table.rows == 1
    assert view._rows_due.isActive()
    assert view._rows_due.interval() == 250  # (the time left: the table took its rows just now)
    now[0] += 0.1
    text += "| 2 | c |\n"
    assert view.stream_update(text)
    assert view._table.rows == 1
    now[0] += 0.16
    view._rows_due.timeout.emit()  # the time is up: both rows at once
    assert view._table.rows == 3
    assert "2\nc" in view.toPlainText()
    assert not view._rows_due.isActive()
    text += "| 3 | d |\n"
    parsed = view._stream.committed, view._stream._table_seen
    assert view.stream_update(text + "After the ta")
    assert view._rows_due.isActive()
    assert (view._stream.committed, view._stream._table_seen) == parsed  # (held unparsed: what follows waits too)
    assert "After" not in view.toPlainText()
    now[0] += 0.3
    text += "| 4 | e |\n"
    assert view.stream_update(text)  # a later call on time shows them: no timer left
    assert view._table.rows == 5
    assert not view._rows_due.isActive()
    text += "| 5 | f |\n"
    assert view.stream_update(text)
    assert view.stream_update(text, final=True)  # the end shows everything
    assert "5\nf" in view.toPlainText()
    assert not view._rows_due.isActive()
    qtbot.wait(300)  # (and nothing shows the old text after the end)
    assert "5\nf" in view.toPlainText()


def test_a_big_streaming_table_takes_rows_less_often_and_its_end_shows_at_once(qtbot):
    """Adding rows lays out every cell again: a table past 25 cells takes rows at most 100 cells'
    worth a second (but at least once a second); a blank line ends the table and shows at once."""
    now = [100.0]
    view = MarkdownView(MarkdownRenderer())
    qtbot.addWidget(view)
    view.clock = lambda: now[0]
    text = "| a | b | c | d |\n|---|---|---|---|\n" + "".join(f"| {i} | x | y | z |\n" for i in range(4))
    assert view.stream_update(text)
    assert view._table is not None
    assert view._table.rows == 4
    text += "| 4 | x | y | z |\n"
    assert view.stream_update(text)
    assert view._rows_due.interval() == 250  # (4 rows and the head, 4 columns: 20 cells)
    now[0] += 0.25
    view._rows_due.timeout.emit()
    assert view._table.rows == 5
    text += "".join(f"| {i} | x | y | z |\n" for i in range(5, 15))
    now[0] += 0.25
    assert view.stream_update(text)  # 24 cells: 0.25 s, and that is past
    assert view._table.rows == 15
    text += "| 15 | x | y | z |\n"
    assert view.stream_update(text)
    assert view._rows_due.interval() == 640  # 64 cells
    for more in range(16, 50):
        text += f"| {more} | x | y | z |\n"
    now[0] += 0.64
    assert view.stream_update(text)
    assert view._table.rows == 50
    text += "| 50 | x | y | z |\n"
    assert view.stream_update(text)
    assert view._rows_due.interval() == 1000  # (204 cells: at least once a second)
    assert view.stream_update(text + "\nAfter the table")  # the table has ended: shown now, rows and all
    assert view._table is None
    assert "50\nx" in view.toPlainText()
    assert "After the table" in view.toPlainText()
    assert not view._rows_due.isActive()


@PREPARED
@pytest.mark.parametrize("last_row_shown", [True, False])
def test_a_table_grown_in_place_stays_when_it_closes(qtbot, prepared, last_row_shown):
    """Rows added in place look as a full render's, pixel for pixel: when the table closes it
    takes the rows it lacks, if any, and stays (rendering 30 rows again cost 12 ms)."""
    rows = "".join(f"| {i} | **{i * 7}** | `x{i}` and [a link](https://example.com) |\n" for i in range(12))
    text = f"Figures:\n\n| n | value | code |\n|---|--:|:-:|\n{rows}"
    streamed, full = _streamed_and_full(qtbot, (500, 700), prepared)
    streamed.rows_every = 0  # (each step shows its rows)
    cut = len(text) if last_row_shown else text.rfind("| 11 |")
    for end in range(1, cut + 1, 5):
        streamed.stream_update(text[:end])
    streamed.stream_update(text[:cut])
    assert streamed._table is not None
    first = streamed.document().find("7").block()
    first.setUserState(7)  # (a table rendered again would be new blocks)
    for more, final in (("\nAfter the table.", False), (" More.", True)):  # (the last row ends with "\n")
        text += more
        streamed.stream_update(text, final=final)
        full.set_markdown(text)
        QApplication.processEvents()
        assert streamed.height() == full.height() or not final  # (while streaming, room below the text)
        assert _pixels(streamed, full.height()) == _pixels(full, full.height()), more
        assert _block_formats(streamed) == _block_formats(full), more
    assert streamed.document().find("7").block().userState() == 7


@PREPARED
def test_blocks_that_close_as_they_were_shown_stay_in_place(qtbot, prepared):
    """A paragraph, list or heading that closes just as the open tail showed it is not laid out
    again: the next block goes on after it. At every step the view shows what a full render does;
    a block that closing changes (a paragraph underlined into a heading) is laid out again."""
    text = (
        "# Head\n\nA paragraph of *some* words.\n\n- one\n- two **bold**\n\nMore words after the list.\n\n"
        "Then a title\n===\n\n## Next\n\nEnd."
    )
    streamed, full = _streamed_and_full(qtbot, prepared=prepared)
    kept = 0
    for end in range(1, len(text) + 1, 3):
        streamed.stream_update(text[:end])
        kept += streamed._stream.kept
        full.set_markdown(text[:end])
        assert _runs(streamed) == _runs(full), end
        assert _block_formats(streamed) == _block_formats(full), end
    assert kept >= 4
    streamed.stream_update(text)
    tail = streamed.document().lastBlock()
    assert tail.text() == "End."
    tail.setUserState(7)  # (a block laid out again would be a new one)
    streamed.stream_update(text + "\n\nAnd more.")
    assert streamed._stream.kept
    assert streamed.document().lastBlock().text() == "And more."
    assert streamed.document().lastBlock().previous().userState() == 7


@PREPARED
def test_a_paragraph_closed_with_its_last_words_stays_and_takes_them(qtbot, prepared):
    """Most often a block closes in the same update that brings its last words (and maybe whole
    blocks after it): the words are appended to the block shown, which stays; only the blocks
    after it are laid out."""
    streamed, full = _streamed_and_full(qtbot, prepared=prepared)
    streamed.stream_update("Intro.\n\nA paragraph of plain words")
    streamed.document().lastBlock().setUserState(7)
    text = "Intro.\n\nA paragraph of plain words that ends here.\n\n## A heading\n\n- an item\n\nThe next"
    streamed.stream_update(text)
    assert streamed._stream.kept
    assert streamed._stream.kept_after == " that ends here."
    full.set_markdown(text)
    assert _runs(streamed) == _runs(full)
    assert _block_formats(streamed) == _block_formats(full)
    assert streamed.document().findBlockByNumber(1).userState() == 7  # (the paragraph, not laid out again)


def _runs(view: MarkdownView) -> list[tuple[str, tuple[object, ...]]]:
    """The text as runs of one look: weight, italics, font, colour and link."""
    runs: list[tuple[str, tuple[object, ...]]] = []
    block = view.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            f = fragment.charFormat()
            key = (f.fontWeight(), f.fontItalic(), f.fontFamilies(), f.foreground().color().name(), f.anchorHref())
            text = fragment.text()
            if runs and runs[-1][1] == key:
                runs[-1] = (runs[-1][0] + text, key)
            else:
                runs.append((text, key))
            it += 1
        runs.append(("\n", ()))
        block = block.next()
    return [(" ".join(text.split()), key) for text, key in runs if text.strip()]


@PREPARED
@pytest.mark.parametrize("step", [1, 4, 16])
def test_words_appended_to_the_open_paragraph_look_as_a_full_render(qtbot, prepared, step):
    """Most frames add a few words to the paragraph being written: they are appended as text, in
    the paragraph's plain look, never inside the bold, link or code before them. A frame that
    closes a bold, a link or code takes back the opening mark shown as typed and appends the run."""
    text = (
        "# A heading that grows\n\nSome **bold** words, then plain ones, a [link](https://example.com) and "
        "more, `code` and more, *emphasis* and more: 中文也可以。\n\n- an item with **bold** end\n"
        "- another item that grows for a while\n\n> a quote with *em* and words\n\nThe end of it, said "
        "twice  with   spaces."
    )
    streamed, full = _streamed_and_full(qtbot, prepared=prepared)
    appended = runs = 0
    for end in range(step, len(text) + step, step):
        streamed.stream_update(text[:end])
        appended += streamed._stream.appended is not None
        runs += streamed._stream.plain_look  # (new runs: bold, a link, code, appended after the last)
        full.set_markdown(text[:end])
        assert _runs(streamed) == _runs(full), text[:end][-30:]
    assert appended >= len(text) // step // 5  # (this text is dense with syntax)
    assert runs >= 3


LISTS = (
    "Steps to take:\n\n- the **first** step, with `code()` and a [link](https://example.com)\n- a second one\n"
    "- a third, *longer* one that wraps over more than one line in a narrow view of the list\n- 中文的第四项\n\n"
    "Then in order:\n\n1. one\n2. two **bold**\n3. three\n\nA list that turns loose:\n\n- a\n- b\n\n- c\n\n"
    "And a nested one:\n\n- top\n  - inner\n- after\n\nThe end."
)


@PREPARED
@pytest.mark.parametrize("step", [1, 7, 30])
def test_a_tight_list_grows_item_by_item_and_shows_what_a_full_render_shows(qtbot, prepared, step):
    """A new item in a tight list replaces only the last item shown and appends the new ones, in the
    same list (numbers go on, margins as a full render's): at every step the text, its runs, its
    block formats and its pixels are a full render's. A loose or nested list is rendered whole."""
    streamed, full = _streamed_and_full(qtbot, (420, 900), prepared)
    grown = 0
    for end in range(step, len(LISTS) + step, step):
        streamed.stream_update(LISTS[:end])
        grown += streamed._stream.grown_list is not None
        full.set_markdown(LISTS[:end])
        assert _lines(streamed) == _lines(full), LISTS[:end][-30:]
        assert _runs(streamed) == _runs(full), LISTS[:end][-30:]
        assert _block_formats(streamed) == _block_formats(full), LISTS[:end][-30:]
        if LISTS[:end].endswith("\n"):  # (a line's end: as it would be laid out whole)
            QApplication.processEvents()
            height = min(int(v.document().size().height()) for v in (streamed, full))
            shots = [v.viewport().grab().toImage().copy(0, 0, 420, height) for v in (streamed, full)]
            assert shots[0] == shots[1], LISTS[:end][-30:]
    assert grown >= 3  # (new items of the two tight lists, after their first)
    assert streamed.stream_update(LISTS, final=True)
    full.set_markdown(LISTS)
    assert _lines(streamed) == _lines(full)
    assert _block_formats(streamed) == _block_formats(full)


def _on_screen_page(qtbot, width: int) -> tuple[QWidget, MarkdownView]:
    page = QWidget()
    qtbot.addWidget(page)
    layout = QVBoxLayout(page)
    view = MarkdownView(MarkdownRenderer())
    layout.addWidget(view)
    layout.addStretch(1)
    page.resize(width, 1600)
    page.show()
    qtbot.waitExposed(page)
    return page, view


def _grab(page: QWidget) -> QImage:
    return page.screen().grabWindow(page.winId()).toImage()


def test_rows_added_to_a_streaming_table_on_screen_are_what_painting_it_whole_shows(qtbot):
    """Rows added to the open table repaint from the last row before, unless a column moved: what
    is on screen after each row must be what a full repaint shows."""
    rows = [f"| {i} | **{i * 3}** | note {i} |\n" for i in range(6)]
    rows.insert(3, "| a row that widens the first column, so every row above moves | 1 | x |\n")
    head = "Words before the table.\n\n| a | b | c |\n|---|--:|:-:|\n"
    page, view = _on_screen_page(qtbot, 480)
    view.rows_every = 0  # (each step shows its rows)
    grown = 0
    for k in range(1, len(rows) + 1):
        view.stream_update(head + "".join(rows[:k]))
        grown += view._table is not None and view._table.rows == k
        QApplication.processEvents()
        shown = _grab(page)
        view.viewport().repaint()
        assert shown == _grab(page), k
    assert grown >= len(rows) - 1  # (the first row comes with the table: the rest are added in place)


def test_a_streamed_answer_on_screen_is_what_painting_it_whole_shows(qtbot):
    """Appends repaint only from the line they start on: what is on screen (the window's backing
    store) after each step must be what a full repaint shows, with nothing stale left."""
    code = "".join(f"    total += values[{i}]  # step {i}\n" for i in range(30))
    text = (
        "Some words that wrap over a few lines in a narrow view, appended a few at a time. " * 4
        + f"\n\n```python\ndef f(values):\n{code}```\n\nAfter the code, more words to append. " * 2
        + "Then **bold words** and a [link to a page](https://example.com), `code()` and *emphasis* "
        "in a paragraph long enough to wrap twice or three times in this narrow view.\n"
        "A title underlined later\n===\n\n- an item\n- another item that grows\n\n- a third, after a blank line "
        "(the list becomes loose: the items above get margins)\n\n| a | b |\n|---|--:|\n"
        + "".join(f"| {i} | **{i * 3}** |\n" for i in range(8))
        + "\nThe end."
    )
    page, view = _on_screen_page(qtbot, 420)
    appended = 0
    for end in range(9, len(text) + 9, 9):
        view.stream_update(text[:end])
        appended += view._stream.appended is not None or view._code is not None
        QApplication.processEvents()
        shown = _grab(page)
        view.viewport().repaint()  # (the page's own repaint leaves its children's pixels as they are)
        assert shown == _grab(page), end
    assert appended > len(text) // 9 // 2
