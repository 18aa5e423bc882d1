"""A tight list at the end of a streaming answer, grown item by item instead of rendered again.

The open tail is rendered again whenever it changes in a way words appended cannot show, and in a
list that is each new item: the view replaced the whole list (its every item laid out and
repainted again), so a list of n items cost n² item layouts while it streamed. When the tail is
one tight list whose items are each one run of inline text, and it is the list shown before with
its items before the last unchanged, the view replaces only the last item shown and appends the
new ones (see MarkdownView). Anything else (a loose list, an item with a nested block, a formula)
is rendered again whole, as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .markdown import MarkdownRenderer

if TYPE_CHECKING:
    from markdown_it.token import Token

_ITEM = ("list_item_open", "paragraph_open", "inline", "paragraph_close", "list_item_close")


@dataclass(frozen=True)
class ShownList:
    """A simple list shown as the tail: where it starts, its opening tag, the line each item
    starts on, and the source before its last item (the items that stay as they are shown)."""

    start: int
    tag: str
    lines: tuple[int, ...]
    before_last: str


@dataclass(frozen=True)
class GrownList:
    """The list shown, grown: its items from ``first`` (the last one shown) on, as inline HTML."""

    first: int
    items: list[str]


def simple_list(
    renderer: MarkdownRenderer, tokens: list[Token], source: str, html: str, start: int, line: int = 0
) -> tuple[ShownList, list[str]] | None:
    """*tokens* (of *source*, their lines counted from *line*; rendered as *html*) as one tight
    list of one-paragraph items, with each item's inline HTML; None when they are anything else.
    The list's HTML must be exactly its items' HTML in ``<li>`` tags, so that growing it in place
    shows what a full render does."""
    if len(tokens) < 4 or tokens[0].type not in ("bullet_list_open", "ordered_list_open"):
        return None
    if tokens[-1].type != tokens[0].type.replace("_open", "_close"):
        return None
    items: list[str] = []
    lines: list[int] = []
    at = 1
    while at < len(tokens) - 1:
        opening = tokens[at]
        if opening.type != "list_item_open" or opening.map is None:
            return None
        lines.append(opening.map[0] - line)
        if tokens[at + 1].type == "list_item_close":  # (an item just begun: "- " and nothing yet)
            items.append("")
            at += 2
            continue
        item = tokens[at : at + len(_ITEM)]
        if tuple(t.type for t in item) != _ITEM or not item[1].hidden:
            return None
        items.append(renderer.render_inline(item[2].children or []))
        at += len(_ITEM)
    tag = html[: html.find("\n")]
    closing = "</ol>" if tokens[0].type == "ordered_list_open" else "</ul>"
    if html != tag + "\n" + "".join(f"<li>{item}</li>\n" for item in items) + closing + "\n":
        return None  # (formulas, task boxes, attributes: rendered whole)
    before = "".join(row + "\n" for row in source.split("\n")[: lines[-1]])
    return ShownList(start, tag, tuple(lines), before), items


def grown_list(seen: ShownList | None, now: ShownList, items: list[str], source: str) -> GrownList | None:
    """*now* is the list *seen*, its last item changed or more items after it, and nothing else
    changed: the items the view replaces and appends. None otherwise."""
    if seen is None or seen.start != now.start or seen.tag != now.tag:
        return None
    first = len(seen.lines) - 1
    if now.lines[: first + 1] != seen.lines or not source.startswith(seen.before_last):
        return None
    return GrownList(first, items[first:])
