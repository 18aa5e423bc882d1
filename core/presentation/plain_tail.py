"""Text that only extends the open paragraph's last line, shown by appending it.

At a real pace most frames add a few words to the paragraph being written. Parsing the tail,
rendering it to HTML and having Qt parse and lay that out again cost ~1 ms a frame, and the paint
that followed covered the whole paragraph. When the new characters cannot change how anything
before them renders, and render as themselves, the view appends them as text instead.

That holds when:
- the tail so far ends in plain text (its last inline token is text, closed by nothing but the
  blocks around it), on a line that already holds a letter (so no appended character can turn it
  into a list item, a heading, a rule or a setext underline);
- the new characters hold no newline and none of markdown's inline syntax (emphasis, code, links,
  math, entities, escapes, strikethrough, autolinks, table pipes);
- no run without spaces reaches the length where the renderer inserts break opportunities, and the
  paragraph stays short of the length where it is committed in pieces.

Spaces are shown as Qt shows HTML: trailing ones not yet, runs as one.

When the new characters do hold inline syntax, the tail is parsed again, but it is often still the
same paragraph with more runs at its end (``**bold**``, `` `code` ``, a link): then only the new
runs are appended (``grown_inline``), not the paragraph laid out again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it.token import Token

_SYNTAX = frozenset("*_`~[]<>\\&$|)\n\r\t\u200b")  # never appended as text: they may change what came before
_DELIMITERS = frozenset("*_~\\")  # a last line ending in one of these may change with what follows
_RUN_LIMIT = 40  # the renderer's break_long_runs: a run this long gets zero-width breaks
_MAX_APPEND = 400  # a bigger step is a burst: rendered as usual
_SPACES = re.compile(" +")
_APPENDABLE_RUNS = frozenset(
    "text code_inline strong_open strong_close em_open em_close s_open s_close link_open link_close".split()
)
_PLAIN_BLOCKS = frozenset(  # blocks whose text has the paragraph's look (no heading's size, no quote's colour)
    "paragraph_open paragraph_close list_item_open list_item_close bullet_list_open bullet_list_close "
    "ordered_list_open ordered_list_close".split()
)


def _shown(line: str) -> str:
    """*line* as an HTML view shows it: trailing spaces dropped, runs of spaces as one."""
    return _SPACES.sub(" ", line.rstrip(" "))


@dataclass
class PlainTail:
    """The open tail's text (from *start* in the answer), when it ends in plain text."""

    start: int
    text: str
    line: str  # its last line

    @classmethod
    def after(cls, tokens: list[Token], lines: int, start: int, text: str, limit: int) -> PlainTail | None:
        """The tail *text* if text may be appended to it, else None. *tokens* render it; they were
        parsed from *lines* lines (the tail's last line is the last of those)."""
        if not text or text.endswith("\n") or len(text) >= limit:
            return None
        last = next((i for i in range(len(tokens) - 1, -1, -1) if tokens[i].type == "inline"), None)
        if last is None or any(t.nesting != -1 for t in tokens[last + 1 :]):
            return None
        where = tokens[last].map
        if where is None or where[1] != lines:
            return None  # the last line is not the text's (a link definition, say, renders as nothing)
        children = tokens[last].children or []
        line = text[text.rfind("\n") + 1 :]
        end = children[-1].content.rsplit("\n", 1)[-1].rstrip(" ") if children and children[-1].type == "text" else ""
        if not end or not line.rstrip(" ").endswith(end):
            return None  # the line does not end in plain text (an emphasis closed, say)
        if not any(ch.isalpha() for ch in line) or line[-1] in _DELIMITERS or "&" in line:
            return None
        opening = line.lstrip()
        if opening.startswith("[") and "]" in opening and opening.split("]", 1)[1][:1] in ("", ":"):
            return None  # "[label]: …" may yet become a link definition, which shows nothing
        return cls(start, text, line)

    def extend(self, start: int, text: str, limit: int) -> str | None:
        """What to append to the view to show *text* (the tail now), or None if it must be rendered."""
        if start != self.start or len(text) >= limit or not text.startswith(self.text):
            return None
        new = text[len(self.text) :]
        if len(new) > _MAX_APPEND or any(ch in _SYNTAX for ch in new):
            return None
        line = self.line + new
        runs = line.split(" ")[-(new.count(" ") + 1) :]
        if max(map(len, runs)) >= _RUN_LIMIT:
            return None
        appended = _shown(line)[len(_shown(self.line)) :]
        self.text, self.line = text, line
        return appended


@dataclass
class InlineTail:
    """The open tail's tokens, when it ends in a paragraph (in a list, maybe) of runs that have the
    paragraph's look, and the last run's text as the view shows it ("" when it is not plain text;
    words appended as text since are added to it)."""

    start: int
    tokens: list[Token]
    shown: str

    @classmethod
    def after(cls, start: int, tokens: list[Token]) -> InlineTail | None:
        k = _last_inline(tokens)
        runs = tokens[k].children if k is not None else None
        if not runs or any(t.type not in _PLAIN_BLOCKS for t in tokens if t.type != "inline"):
            return None
        if any(run.type not in _APPENDABLE_RUNS for run in runs):
            return None
        return cls(start, tokens, _shown(runs[-1].content) if runs[-1].type == "text" else "")

    def grown(self, start: int, tokens: list[Token]) -> tuple[int, str, list[Token]] | None:
        """When *tokens* (the tail now) are these with other runs at the end of the last paragraph
        (the same blocks, the same runs before the last, which still starts as shown, and new runs
        of the kinds that have the paragraph's look): how many characters shown at the end to take
        away (an opening ``**`` or `````, shown as typed until it closed), the plain text to append,
        and the runs after it. Else None."""
        before, k = self.tokens, _last_inline(tokens)
        if start != self.start or len(tokens) != len(before) or k is None:
            return None
        # (Line numbers count from where each was parsed: the tail then may have started lines earlier.)
        old_from, new_from = _first_line(before), _first_line(tokens)
        if any(not _same_block(old, new, old_from, new_from) for old, new in zip(before, tokens, strict=True)):
            return None
        if any(old.content != new.content for old, new in zip(before[:k], tokens[:k], strict=True)):
            return None  # (an earlier item's text)
        old_runs, new_runs = before[k].children or [], tokens[k].children or []
        last = len(old_runs) - 1
        if len(tokens[k].content) - len(before[k].content) > _MAX_APPEND:
            return None  # (a burst: rendered as usual)
        if len(new_runs) <= last or old_runs[:last] != new_runs[:last]:
            return None
        if any(run.type not in _APPENDABLE_RUNS for run in new_runs[last:]):
            return None
        taken, text = 0, ""
        if old_runs[last].type == "text":  # it may have grown, or given back an opening mark
            more = new_runs[last:]
        elif old_runs[last] == new_runs[last]:
            more = new_runs[last + 1 :]
        else:
            return None
        if more and more[0].type == "text":
            if "\t" in more[0].content:
                return None
            text = _SPACES.sub(" ", more[0].content) if more[1:] else _shown(more[0].content)
            if old_runs[last].type == "text":
                kept = _common_start(text, self.shown)
                taken, text = len(self.shown) - kept, text[kept:]
            more = more[1:]
        elif old_runs[last].type == "text":
            return None
        return taken, text, more


def _common_start(a: str, b: str) -> int:
    """How many characters *a* and *b* start with alike."""
    if a.startswith(b):
        return len(b)
    k = 0
    while k < len(a) and k < len(b) and a[k] == b[k]:
        k += 1
    return k


def _first_line(tokens: list[Token]) -> int:
    return tokens[0].map[0] if tokens[0].map else 0


def _same_block(old: Token, new: Token, old_from: int, new_from: int) -> bool:
    """The same block token (the inline one: the same line), its lines counted from *_from*."""
    if (old.type, old.tag, old.nesting, old.level, old.hidden, old.markup, old.info, old.attrs) != (
        new.type,
        new.tag,
        new.nesting,
        new.level,
        new.hidden,
        new.markup,
        new.info,
        new.attrs,
    ):
        return False
    if old.map is None or new.map is None:
        return old.map is new.map
    return [n - old_from for n in old.map] == [n - new_from for n in new.map]


def _last_inline(tokens: list[Token]) -> int | None:
    """The last inline token, when only the closing of its blocks follows it."""
    for k in range(len(tokens) - 1, -1, -1):
        if tokens[k].type == "inline":
            return k
        if tokens[k].nesting != -1:
            return None
    return None
