"""Incremental rendering of one growing markdown answer (the streaming view's half of the renderer)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .markdown import MarkdownRenderer, Rendered
from .plain_tail import InlineTail, PlainTail
from .stream_lists import GrownList, ShownList, grown_list, simple_list
from .stream_source import BLANK, alike, chars_of, one_table, open_fence, table_head

if TYPE_CHECKING:
    from markdown_it.token import Token

# An open paragraph longer than this is committed in pieces while it streams: Qt lays out a whole
# paragraph again on every change, ~1 ms per KB, so a 10 MB line held the UI 0.3 s a frame.
LONG_PARAGRAPH = 16_000
_KEEP_OPEN = 2_000  # characters of a long paragraph left open (re-rendered per frame)
_JOINED_BELOW = '<p style="margin-bottom:0px">'
_JOINED_ABOVE = '<p style="margin-top:0px">'


@dataclass(frozen=True)
class OpenCode:
    """A fenced code block still open at the end of the answer: the view puts the tail's HTML
    (the block's label and empty code, see ``MarkdownRenderer.code_cell``) in a frame of its own
    and appends the code itself, line by line, instead of rendering the block again on every frame."""

    start: int  # where the block starts in the streamed text
    lang: str
    code: str  # its code so far (the last line may be incomplete)


@dataclass(frozen=True)
class OpenTable:
    """A table still open at the end of the answer (its complete rows): the view appends the rows
    that are new instead of laying out the whole table again on every frame."""

    start: int  # where the table starts in the streamed text
    head: str  # its header and delimiter lines: the same table while they are the same
    rows: list[list[tuple[str, str]]]  # body rows: each cell's inline HTML and alignment


_Seen = tuple[int, str, list[list[tuple[str, str]]]]  # an open table's start, complete lines and body rows


@dataclass
class Closed:
    """Markdown committed in one piece, kept while it shows formulas not yet set, to render again."""

    source: str
    first_code: int
    pending: set[int] = field(default_factory=set)
    joined_above: bool = False  # continues a long paragraph committed in pieces
    joined_below: bool = False  # its last paragraph continues in the next piece


class StreamingRenderer:
    """``update(text)`` returns (html to append for newly closed blocks, html of the open tail).

    Only ``text[committed:]`` is parsed per call, so the cost per frame follows the tail's size,
    not the answer's. Top-level blocks that can no longer change are rendered once and committed.
    """

    def __init__(self, renderer: MarkdownRenderer) -> None:
        self._r = renderer
        self.committed = 0  # characters of the text already rendered for good
        self.code_blocks: list[str] = []
        self._tail_codes: list[str] = []
        self._mid_paragraph = False  # the tail continues a long paragraph committed in pieces
        self.closed: Closed | None = None  # what the last update committed
        self.open_code: OpenCode | None = None  # the tail, when it is an open code block
        self.open_table: OpenTable | None = None  # the tail, when it is an open table (complete rows)
        self._table_seen: _Seen | None = None  # its start, text and rows
        self._open_fence: Token | None = None
        self._fence_frame: tuple[str, str, str] | None = None  # the open code block's label, frame and opening line
        self.appended: str | None = None  # the tail is as before with this text at its end (see plain_tail)
        self.appended_html = ""  # and then this HTML (new runs of its last paragraph)
        self.taken = 0  # characters shown at the tail's end to take away before appending
        self.plain_look = False  # the text appended has the paragraph's plain look (not the text's before it)
        self._plain: PlainTail | None = None
        self._inline: InlineTail | None = None
        self._shown: str | None = None  # the tail's source, when the view shows just what rendering it shows
        self.kept = False
        # The first block the last update closed may stay as the view shows it: it is the tail shown
        # (``kept``), once ``kept_after`` is appended to it; or it is the open table, grown in place
        # (``closed_table``: all its rows). Then ``kept_rest`` is the HTML of the other blocks closed.
        self.closed_table: OpenTable | None = None
        self.kept_after = ""
        self.kept_rest = ""
        self._list: ShownList | None = None  # the tail shown, when it is a simple list (see stream_lists)
        self.grown_list: GrownList | None = None  # the tail is that list grown: its items to show

    def update(self, text: str, final: bool = False) -> tuple[str, str]:
        """(HTML of blocks closed since the last call, HTML of the open tail). Or ("", "") with
        ``appended`` set: the tail only grew by that text, to be appended to what is shown."""
        tail_text = text[self.committed :]
        shown, self._shown, self.kept, self.closed_table = self._shown, None, False, None
        self.kept_after = self.kept_rest = ""
        self.closed = None
        self.open_code = self.open_table = None
        plain, self._plain, self.appended, self.appended_html, self.taken = self._plain, None, None, "", 0
        self.plain_look = False
        inline, self._inline = self._inline, None
        listed, self._list, self.grown_list = self._list, None, None
        if not final and plain is not None:
            self.appended = plain.extend(self.committed, tail_text, LONG_PARAGRAPH)
            if self.appended is not None:
                self._plain, self._list = plain, listed  # (words at the end: the same list, if one)
                if inline is not None:
                    inline.shown += self.appended
                    self._inline = inline
                self._shown = tail_text if shown is not None else None
                return "", ""
        table_seen = self._table_seen  # (the open table's rows seen so far; the table may have ended)
        if not final and table_seen is not None and self._open_table(tail_text):
            return "", ""  # the open table grew by whole rows: nothing else to parse
        self._table_seen = None
        grown = None if final else self._grown_code(tail_text)
        if grown is not None:  # the open code block grew, and nothing in it can close it: no parse
            self.open_code, frame = grown
            self._tail_codes = [self.open_code.code]
            return "", frame
        self._fence_frame = None
        tokens = self._r.parse(tail_text)
        # Top-level blocks: (token index, first line). The last one may still grow: it stays open.
        blocks = [(i, t.map[0]) for i, t in enumerate(tokens) if t.level == 0 and t.nesting >= 0 and t.map is not None]
        if (
            len(blocks) >= 2
            and tokens[blocks[-2][0]].type in ("bullet_list_open", "ordered_list_open")
            and tokens[blocks[-1][0]].type != "fence"
        ):
            # A list right before the open block stays open too: that block may yet become one of
            # its items (after a blank line), which would make the whole list loose. (A fence at
            # the margin has already ended the list.)
            blocks.pop()
        if not final and blocks and tokens[blocks[-1][0]].type == "paragraph_open":
            split = self._long_paragraph_cut(tail_text, blocks[-1][1])
            if split:
                return self._commit_piece(tail_text, split)
        closed_html = ""
        if final:
            cut = len(tokens)
        elif len(blocks) >= 2:
            cut = blocks[-1][0]
        else:
            cut = 0
        if not (cut or final) and alike(shown, tail_text):
            self.appended, self._shown = "", tail_text  # only blank space came: it shows as nothing
            self._list = listed
            return "", ""
        if cut:
            lines = tail_text.split("\n")
            size = len(tail_text) if final else chars_of(lines, blocks[-1][1])
            first_cut = blocks[1][0] if len(blocks) > 1 and blocks[1][0] < cut else cut
            first = tail_text[: chars_of(lines, blocks[1][1]) if first_cut < cut else size]
            keep = not self._mid_paragraph and self._keeps(shown, plain, first, tokens, first_cut, table_seen)
            closed = self._r.render_tokens(tokens[: first_cut if keep else cut], len(self.code_blocks))
            if keep and first_cut < cut:  # (the rest rendered on its own: the view keeps the first block)
                rest = self._r.render_tokens(tokens[first_cut:cut], len(self.code_blocks) + len(closed.code_blocks))
                self.kept_rest = rest.html
                codes, pending = closed.code_blocks + rest.code_blocks, closed.math_pending | rest.math_pending
                closed = Rendered(closed.html + rest.html, codes, pending)
            if closed.math_pending:  # (a piece showing formulas as source is rendered again, whole)
                self.kept, self.kept_after, self.closed_table, self.kept_rest = False, "", None, ""
            self.closed = Closed(tail_text[:size], len(self.code_blocks), closed.math_pending, self._mid_paragraph)
            closed_html = self._join_above(closed.html)
            self._mid_paragraph = False
            self.code_blocks.extend(closed.code_blocks)
            if final:
                self.committed = len(text)
                self._tail_codes = []
                return closed_html, ""
            self.committed += size
            tokens = tokens[cut:]
        if not final and open_fence(tokens, text[self.committed :]):
            fence = tokens[0]
            self.open_code = OpenCode(self.committed, (fence.info or "").strip().split(" ")[0], fence.content)
            self._tail_codes = [fence.content]
            self._open_fence = fence
            frame = self._r.code_cell("", self.open_code.lang, len(self.code_blocks))
            opening = text[self.committed : text.find("\n", self.committed) + 1]  # ("" with no newline yet)
            if opening.startswith(fence.markup):  # at the margin: later lines are code as they are
                self._fence_frame = (self.open_code.lang, frame, opening)
            return closed_html, frame
        table = not final and tokens and tokens[0].type == "table_open" and tokens[-1].type == "table_close"
        if table:
            self._table_seen = table_seen  # (the tail is one table: the rows seen are still its rows)
            if self._open_table(text[self.committed :], whole=True):
                return closed_html, ""  # (the view grows it, or asks for open_table_html)
        runs = inline.grown(self.committed, tokens) if inline is not None and not (final or closed_html) else None
        if runs is not None:  # the last paragraph only has more runs at its end: they are appended
            self.taken, self.appended, self.appended_html = runs[0], runs[1], self._r.render_inline(runs[2])
            self.plain_look = True
            self._list = listed  # (runs at the end: the same list, if one)
            tail_html = ""
        else:
            tail = self._r.render_tokens(tokens, len(self.code_blocks))
            self._tail_codes, tail_html = tail.code_blocks, self._join_above(tail.html)
            if not final:  # (the tokens' lines count from the parsed text's start)
                self._grow_list(listed, tokens, text[self.committed :], tail.html, blocks[-1][1] if cut else 0)
        if not final:
            self._shown = text[self.committed :]
            parsed = tail_text.count("\n") + 1  # (the tokens' line numbers count from the parsed text)
            self._plain = PlainTail.after(tokens, parsed, self.committed, text[self.committed :], LONG_PARAGRAPH)
            self._inline = InlineTail.after(self.committed, tokens)
        return closed_html, tail_html

    def _grow_list(self, listed: ShownList | None, tokens: list[Token], source: str, html: str, line: int) -> None:
        """The tail is a simple list (*tokens*, their lines counted from *line*; *source* from the
        tail's start): remember it, and when it is the one shown, grown, say how."""
        simple = simple_list(self._r, tokens, source, html, self.committed, line)
        if simple is not None:
            self._list = simple[0]
            self.grown_list = grown_list(listed, *simple, source)

    def settled(self) -> int:
        """Characters rendered for good, ending between top-level blocks (0 in a long paragraph
        committed in pieces): what follows renders the same on its own."""
        return 0 if self._mid_paragraph else self.committed

    def _open_table(self, tail_text: str, whole: bool = False) -> bool:
        """Is the tail one table with a body (complete rows only: a row shows once its line is
        complete)? Then ``open_table`` says so. Rows already seen are not parsed again: only the
        new lines, under the table's header. (*whole*: the tail is known to be one table, so
        blank lines at its end only end it.)"""
        complete = tail_text[: tail_text.rfind("\n") + 1]
        if whole and complete.strip():
            complete = complete.rstrip(BLANK) + "\n"
        seen, self._table_seen = self._table_seen, None
        if seen is not None and seen[0] == self.committed and complete.startswith(seen[1]):
            grown = self._grown_rows(seen, complete)
            if grown is None:
                return False
            rows = grown
        else:
            found = self._table_rows(complete)
            if not found:
                return False
            rows = found
        self._table_seen = (self.committed, complete, rows)
        self.open_table = OpenTable(self.committed, table_head(complete), rows)
        self._tail_codes = []
        self._shown = complete  # (the view shows these rows, grown or rendered)
        return True

    def _keeps(
        self, shown: str | None, plain: PlainTail | None, first: str, tokens: list[Token], cut: int, seen: _Seen | None
    ) -> bool:
        """May the view keep the first block closed now (*first*, its source; its tokens up to
        *cut*) as it shows it? When it was the tail shown (``kept``), with words to append to
        it first (``kept_after``), or it is the open table, which the view grew (``closed_table``)."""
        if alike(shown, first):
            self.kept = True
        elif plain is not None and (words := plain.extend(self.committed, first.rstrip(BLANK), LONG_PARAGRAPH)):
            self.kept, self.kept_after = True, words
        table_lines = one_table(tokens, cut)
        if not self.kept and table_lines and seen is not None and seen[0] == self.committed:
            self.closed_table = self._closed_table(seen, "\n".join(first.split("\n")[:table_lines]))
        return self.kept or self.closed_table is not None

    def _grown_rows(self, seen: _Seen, complete: str) -> list[list[tuple[str, str]]] | None:
        """The rows of the table *seen* grown to *complete* (its lines, from its header), parsing
        only the new lines; None if they are not all rows of it."""
        new = complete[len(seen[1]) :]
        if not new:
            return seen[2]
        if any(not line.strip() for line in new.split("\n")[:-1]):
            return None  # a blank line: the table has ended
        more = self._table_rows(table_head(seen[1]) + new)
        if more is None or len(more) != new.count("\n"):
            return None
        return seen[2] + more

    def _closed_table(self, seen: _Seen, table: str) -> OpenTable | None:
        """The open table *seen*, closed as *table* (its lines): all its rows, for the view to
        keep the table it grew (laying out and repainting a 30-row table again cost 12 ms)."""
        complete = table + "\n"
        if not complete.startswith(seen[1]):
            return None
        rows = self._grown_rows(seen, complete)
        return OpenTable(seen[0], table_head(seen[1]), rows) if rows is not None else None

    def _table_rows(self, text: str) -> list[list[tuple[str, str]]] | None:
        tokens = self._r.parse(text)
        if not tokens or tokens[0].type != "table_open" or tokens[-1].type != "table_close":
            return None
        return self._r.body_rows(tokens)

    def open_table_html(self) -> str:
        """The open table's whole HTML, complete rows only (when it cannot be grown in place)."""
        seen = self._table_seen
        return self._r.render(seen[1], len(self.code_blocks)).html if seen is not None else ""

    @staticmethod
    def _long_paragraph_cut(tail_text: str, first_line: int) -> int:
        """Where to split the open paragraph (starting at *first_line*) if it is too long, else 0.

        The piece left open starts with a letter, so it cannot begin a heading, list, quote or fence.
        """
        start = sum(len(line) + 1 for line in tail_text.split("\n", first_line)[:first_line])
        if len(tail_text) - start <= LONG_PARAGRAPH:
            return 0
        cut = len(tail_text) - _KEEP_OPEN
        for at in range(cut, cut - 200, -1):  # prefer a word boundary
            if tail_text[at].isalpha() and tail_text[at - 1].isspace():
                return at
        for at in range(cut, cut - 200, -1):
            if tail_text[at].isalpha() and tail_text[at - 1].isalpha():
                return at
        return 0

    def _commit_piece(self, tail_text: str, split: int) -> tuple[str, str]:
        closed = self._r.render(tail_text[:split], len(self.code_blocks))
        self.closed = Closed(tail_text[:split], len(self.code_blocks), closed.math_pending, self._mid_paragraph, True)
        self.code_blocks.extend(closed.code_blocks)
        body = _join_below(self._join_above(closed.html))
        self.committed += split
        self._mid_paragraph = True
        tail = self._r.render(tail_text[split:], len(self.code_blocks))
        self._tail_codes = tail.code_blocks
        return body, self._join_above(tail.html)

    def _join_above(self, html: str, joined: bool | None = None) -> str:
        """The first paragraph of a continued long paragraph sits flush against the piece above."""
        if (self._mid_paragraph if joined is None else joined) and html.startswith("<p>"):
            return _JOINED_ABOVE + html[3:]
        return html

    def _grown_code(self, tail_text: str) -> tuple[OpenCode, str] | None:
        """The open code block and what its frame holds (HTML), read without parsing: when the tail is
        still that block (its opening line at the margin, unchanged) and holds nothing that could
        close it."""
        if self._fence_frame is None or self._open_fence is None:
            return None
        lang, frame, opening = self._fence_frame
        if not tail_text.startswith(opening):
            return None
        code = tail_text[len(opening) :]
        if self._open_fence.markup[0] * 3 in code or "\r" in code or "\0" in code:
            return None  # (a closing fence, maybe: parsed)
        last = code[code.rfind("\n") + 1 :]
        if last and last.isspace():
            return None  # (markdown-it leaves out a last line of only spaces: parsed)
        return OpenCode(self.committed, lang, code), frame

    def render_again(self, closed: Closed) -> str:
        """*closed*'s HTML as it would be committed now (its formulas set since)."""
        again = self._r.render(closed.source, closed.first_code)
        closed.pending = again.math_pending
        body = self._join_above(again.html, closed.joined_above)
        return _join_below(body) if closed.joined_below else body

    def code(self, index: int) -> str | None:
        """The source of code block *index* (for the Copy link), committed or in the tail."""
        if 0 <= index < len(self.code_blocks):
            return self.code_blocks[index]
        k = index - len(self.code_blocks)
        return self._tail_codes[k] if 0 <= k < len(self._tail_codes) else None


def _join_below(body: str) -> str:
    """The last paragraph of a piece sits flush against the piece that continues it."""
    last = body.rfind("<p")
    opening = body[last : body.index(">", last) + 1]
    joined = '<p style="margin-top:0px; margin-bottom:0px">' if opening == _JOINED_ABOVE else _JOINED_BELOW
    return body[:last] + joined + body[last + len(opening) :]
