"""Full-text search text handling: what goes into the FTS5 index, how a query becomes an FTS5
expression, and the highlighted snippet shown for a hit.

SQLite's ``unicode61`` tokenizer splits on spaces, but Chinese and Japanese have none, so a whole
sentence would become one token and no word inside it could be found. Ideographs and kana are
therefore indexed one character per token, and a query word in those scripts becomes a phrase of
its characters: ``模型`` matches "模 型" in order. Latin words match by prefix (``stream`` finds
"streaming"). Snippets are cut from the original text, not the spaced index copy.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

# Han (incl. extension A and compatibility), kana, Hangul syllables, CJK punctuation/fullwidth forms.
_SPACELESS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_TERM = re.compile(r'"([^"]+)"|(\S+)')


@cache
def _spaceless_char() -> re.Pattern[str]:
    """Compiled on first use: these big character ranges take ~6 ms to compile, at every start."""
    return re.compile(f"([{_SPACELESS}])")


@cache
def _word() -> re.Pattern[str]:
    return re.compile(rf"[{_SPACELESS}]|[^\W_]+", re.UNICODE)


SNIPPET_CHARS = 160


def index_text(text: str) -> str:
    """The copy of *text* stored in the FTS index: spaceless-script characters become tokens."""
    return _spaceless_char().sub(r" \1 ", text)


@dataclass(frozen=True)
class Query:
    """A parsed search: the FTS5 MATCH expression and the plain terms used for highlighting.

    ``quick`` matches the words before the last one whole: FTS5 reads a whole word's matches lazily,
    newest first, and stops at the limit, but merges every match of a prefix before the first result
    (25 ms for a common word in a million messages). The last word, still being typed, stays a prefix.
    """

    expression: str
    terms: tuple[str, ...]
    quick: str = ""

    def __bool__(self) -> bool:
        return bool(self.expression)


def parse_query(text: str) -> Query:
    """Words (and "quoted phrases") that must all appear. FTS5 syntax typed by the user (NEAR, *,
    column filters, stray quotes) is treated as plain text, never as an operator."""
    phrases: list[tuple[str, str]] = []
    terms: list[str] = []
    for match in _TERM.finditer(text):
        raw = match.group(1) or match.group(2)
        words = _word().findall(raw)
        if not words:
            continue
        terms.append(raw.strip().strip('"'))
        phrase = " ".join(w.lower() for w in words)
        # A prefix match on the last word, unless it is a single ideograph (already a whole token).
        prefix = "" if _spaceless_char().fullmatch(words[-1]) else "*"
        phrases.append((f'"{phrase}"', prefix))
    quick = [phrase + (prefix if i == len(phrases) - 1 else "") for i, (phrase, prefix) in enumerate(phrases)]
    return Query(" AND ".join(p + s for p, s in phrases), tuple(terms), " AND ".join(quick))


@dataclass(frozen=True)
class Snippet:
    """A short excerpt around the first hit; *spans* are (start, end) offsets of matches in *text*."""

    text: str
    spans: tuple[tuple[int, int], ...]

    def marked(self, before: str, after: str, escape: Callable[[str], str] = str) -> str:
        """The excerpt with each match wrapped in *before*/*after*; *escape* (e.g. html.escape) is
        applied to the text around and inside the matches, never to the markers."""
        esc = escape
        out: list[str] = []
        pos = 0
        for start, end in self.spans:
            out += [esc(self.text[pos:start]), before, esc(self.text[start:end]), after]
            pos = end
        out.append(esc(self.text[pos:]))
        return "".join(out)


def _term_pattern(terms: tuple[str, ...]) -> re.Pattern[str] | None:
    alternatives = []
    for term in terms:
        words = _word().findall(term)
        if words:
            # Words in order, anything non-word between them (the index ignores punctuation too).
            alternatives.append(r"[\W_]*".join(re.escape(w) for w in words))
    if not alternatives:
        return None
    alternatives.sort(key=len, reverse=True)
    return re.compile("|".join(alternatives), re.IGNORECASE)


_MARKUP_LINES = [  # (pattern, replacement) per line: the markdown that is not text
    (re.compile(r"^\s*(```|~~~).*$"), ""),  # code fences
    (re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$"), ""),  # a table's |---| row
    (re.compile(r"^\s*([-*_]\s*){3,}$"), ""),  # a rule
    (re.compile(r"^\s{0,3}#{1,6}\s+"), ""),  # heading marks
    (re.compile(r"^\s*(>\s?)+"), ""),  # quote marks
    (re.compile(r"^\s*([-*+]|\d{1,3}[.)])\s+(\[[ xX]\]\s+)?"), ""),  # list marks, task boxes
]
_MARKUP_INLINE = [
    (re.compile(r"!?\[([^\]]*)\]\([^)\s]*\)"), r"\1"),  # links and images: their text
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),  # strong
    (re.compile(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])"), r"\1"),  # emphasis (not in snake_case)
    (re.compile(r"(?<![\w_])_(?=\S)([^_]+?)(?<=\S)_(?![\w_])"), r"\1"),
    (re.compile(r"~~(.+?)~~"), r"\1"),
    (re.compile(r"`+([^`]+?)`+"), r"\1"),  # inline code
]


def plain_text(markdown: str) -> str:
    """*markdown* as the words a reader sees: no fences, heading or list marks, emphasis, table
    rules or link targets (search snippets show this, not ``**`` and ``|---|``)."""
    lines = []
    for line in markdown.splitlines():
        for pattern, replacement in _MARKUP_LINES:
            line = pattern.sub(replacement, line)
        if line.lstrip().startswith("|"):
            line = " ".join(cell.strip() for cell in line.strip().strip("|").split("|"))
        lines.append(line)
    text = "\n".join(lines)
    for pattern, replacement in _MARKUP_INLINE:
        text = pattern.sub(replacement, text)
    return text


def _around_first(text: str, pattern: re.Pattern[str] | None, width: int) -> str:
    """The whole lines of *text* within a few snippet widths of the first match (a long answer is
    not stripped of its markup in full for one snippet); the start when nothing matches."""
    first = pattern.search(text) if pattern else None
    at = first.start() if first else 0
    start = text.rfind("\n", 0, max(0, at - 2 * width)) + 1
    end = text.find("\n", at + 4 * width)
    return text[start : end if end >= 0 else len(text)]


def snippet(text: str, terms: tuple[str, ...], width: int = SNIPPET_CHARS) -> Snippet:
    """About *width* characters of *text* around the first match, on one line, with ellipses; the
    text is read as markdown and shown without its markup."""
    pattern = _term_pattern(terms)
    flat = " ".join(plain_text(_around_first(text, pattern, width)).split())
    first = pattern.search(flat) if pattern else None
    if first is None:
        cut = flat[:width]
        return Snippet(cut + ("…" if len(flat) > width else ""), ())
    start = max(0, first.start() - width // 3)
    space = flat.find(" ", start, first.start())
    if start > 0 and 0 <= space - start < 20:  # begin on a word, not in the middle of one
        start = space + 1
    end = min(len(flat), start + width)
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(flat) else ""
    excerpt = flat[start:end]
    assert pattern is not None
    spans = tuple((m.start() + len(prefix), m.end() + len(prefix)) for m in pattern.finditer(excerpt))
    return Snippet(prefix + excerpt + suffix, spans)


def searchable(content: list[dict[str, object]]) -> tuple[str, str]:
    """(answer or prompt text, thinking text) of a message's content blocks, for the index."""
    body: list[str] = []
    thinking: list[str] = []
    cited: dict[str, None] = {}  # the titles of the pages the answer cites: found by them too
    for block in content:
        kind = block.get("type")
        if kind == "text" and isinstance(block.get("text"), str):
            body.append(str(block["text"]))
            for cite in block.get("citations") or []:  # type: ignore[attr-defined]
                title = cite.get("title") or cite.get("document_title") if isinstance(cite, dict) else None
                if isinstance(title, str) and title.strip():
                    cited[title.strip()] = None
        elif kind == "thinking" and isinstance(block.get("thinking"), str):
            thinking.append(str(block["thinking"]))
        elif kind == "compaction" and isinstance(block.get("content"), str):
            body.append(str(block["content"]))
        elif kind == "attachment" and isinstance(block.get("name"), str):
            body.append(f"[file: {block['name']}]")  # found, and exported, by its file name
    if cited:
        body.append("\n" + " · ".join(cited))
    return "\n".join(body), "\n".join(thinking)
