"""Citations as the reader sees them: numbered markers after the cited text, and the sources list.

A text block that cites gets a marker per source after its text: ``[1]`` linked to the source's
page. Sources are numbered by first citation, one number per page, and the *Sources* list under
the answer shows each with its title and domain. The same text comes out whether it is built while
the answer streams (:class:`SourceList` fed block by block, by ``LiveTurn``) or from the saved reply
(:func:`cited_markdown`), so the finished answer never jumps.

Titles, URLs and cited text come from the web: untrusted. A link is made only for http(s) URLs
(escaped for markdown), and the view opens it only when clicked.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

JSON = dict[str, Any]
_SAFE_URL_CHARS = "/:?#[]@!$&'*+,;=%-._~"


@dataclass(frozen=True, slots=True)
class Source:
    number: int
    url: str
    title: str
    cited_text: str

    @property
    def domain(self) -> str:
        host = urlsplit(self.url).hostname or ""
        return host.removeprefix("www.")

    @property
    def openable(self) -> bool:
        return urlsplit(self.url).scheme in ("http", "https")


def link_target(url: str) -> str | None:
    """*url* made safe inside a markdown link, or None when it is not http(s)."""
    if urlsplit(url).scheme not in ("http", "https"):
        return None
    return quote(url, safe=_SAFE_URL_CHARS).replace("(", "%28").replace(")", "%29")


class SourceList:
    """The sources of one reply, numbered as their first citation arrives."""

    __slots__ = ("_by_key", "_fetched", "sources")

    def __init__(self) -> None:
        self.sources: list[Source] = []
        self._by_key: dict[str, Source] = {}
        self._fetched: dict[str, str] = {}  # a fetched document's title → its page's URL

    def saw_block(self, block: JSON) -> None:
        """Note a fetched page, so citations of its text (which name only its title) find its URL."""
        content = block.get("content")
        if block.get("type") == "web_fetch_tool_result" and isinstance(content, dict):
            document = content.get("content")
            title = document.get("title") if isinstance(document, dict) else None
            if isinstance(content.get("url"), str):
                self._fetched[str(title or content["url"])] = content["url"]

    def number(self, cite: JSON) -> Source | None:
        url = cite.get("url")
        title = cite.get("title") or cite.get("document_title")
        if not isinstance(url, str):
            url = self._fetched.get(str(title), "")
        key = url or str(title or "")
        if not key:
            return None
        source = self._by_key.get(key)
        if source is None:
            source = Source(len(self.sources) + 1, url, str(title or url), str(cite.get("cited_text") or ""))
            self._by_key[key] = source
            self.sources.append(source)
        return source

    def marker(self, citations: object, style: str = "link") -> str:
        """The markers that follow a cited text block (``""`` when it cites nothing readable):
        ``[1]`` linked to the page, or with *style* "footnote" a Markdown footnote ``[^1]``."""
        if not isinstance(citations, list):
            return ""
        numbered = [s for c in citations if isinstance(c, dict) and (s := self.number(c)) is not None]
        marks = []
        for source in dict.fromkeys(numbered):
            target = link_target(source.url)
            if style == "footnote":
                marks.append(f"[^{source.number}]")
            else:
                marks.append(f"[\\[{source.number}\\]]({target})" if target else f"\\[{source.number}\\]")
        return "\u2009" + "".join(marks) if marks else ""


WEB_BLOCKS = ("server_tool_use", "web_search_tool_result", "web_fetch_tool_result")
PARAGRAPH = "\n\n"


def after_web(text_so_far: str) -> str:
    """What separates text written after a search or fetch from the text before it (a new paragraph)."""
    return PARAGRAPH if text_so_far and not text_so_far.endswith("\n") else ""


def cited_markdown(content: list[JSON], style: str = "link") -> tuple[str, list[Source]]:
    """The reply's text with its citation markers, and its sources in number order."""
    sources = SourceList()
    parts: list[str] = []
    previous = None
    for block in content:
        kind = block.get("type")
        if kind == "text" and isinstance(block.get("text"), str):
            if previous in WEB_BLOCKS:
                parts.append(after_web("".join(parts)))
            parts.append(block["text"])
            if block.get("citations"):
                parts.append(sources.marker(block["citations"], style))
        elif kind == "web_fetch_tool_result":
            sources.saw_block(block)
        previous = kind
    return "".join(parts), sources.sources


_MARKDOWN_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>()#!|~"})


def sources_markdown(sources: list[Source], style: str = "link") -> str:
    """The sources as Markdown for an export: footnote definitions, or a numbered list of links.
    Titles are escaped: a page's title never becomes markup."""
    lines = []
    for s in sources:
        title = " ".join(s.title.split()).translate(_MARKDOWN_SPECIAL)
        target = link_target(s.url)
        named = f"[{title}]({target})" if target else title
        lines.append(
            f"[^{s.number}]: {named} — {s.domain}" if style == "footnote" else f"{s.number}. {named} — {s.domain}"
        )
    return "\n".join(lines)


def citations_of(content: list[JSON]) -> list[JSON]:
    """Every citation of the reply, as ``{url, title, cited_text}`` (for ``--json`` and exports)."""
    sources = SourceList()
    out: list[JSON] = []
    for block in content:
        if block.get("type") == "web_fetch_tool_result":
            sources.saw_block(block)
        for cite in block.get("citations") or [] if block.get("type") == "text" else []:
            if isinstance(cite, dict) and (source := sources.number(cite)) is not None:
                out.append({"url": source.url, "title": source.title, "cited_text": str(cite.get("cited_text") or "")})
    return out
