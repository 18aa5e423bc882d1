"""Export chats to JSON (lossless, re-importable), Markdown, and self-contained HTML.

JSON keeps every branch and every field, with message ids local to the chat (1, 2, ...), so a
database → JSON → other database → JSON round trip gives the same file. Markdown and HTML show the
branch the user sees (the newest), for reading and sharing.
"""

from __future__ import annotations

import base64
import html
import json
import re
from collections.abc import Iterable
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from ..attachments import attachments_in
from ..files import write_text_atomically
from ..history.fulltext import searchable
from ..history.rows import MESSAGE_META
from ..history.store import ChatRow, MessageRow, Store
from ..presentation.citations import cited_markdown, sources_markdown

FORMAT = "parley-export"
VERSION = 1
Format = Literal["md", "json", "html"]
FORMATS: tuple[Format, ...] = ("md", "json", "html")
CHAT_FIELDS = (
    "id",
    "title",
    "created_at",
    "updated_at",
    "model",
    "effort",
    "thinking",
    "kind",
    "pinned",
    "source",
    "source_id",
    "column_index",
)
MESSAGE_FIELDS = ("role", "content", *MESSAGE_META, "created_at")


def chat_to_json(chat: ChatRow, messages: list[MessageRow]) -> dict[str, Any]:
    local = {m.id: n for n, m in enumerate(messages, start=1)}
    row = asdict(chat)
    return {
        **{k: row[k] for k in CHAT_FIELDS},
        "system": chat.setup.system,  # the setup's portable part (a workspace folder is this machine's)
        "messages": [
            {
                "id": local[m.id],
                "parent": local.get(m.parent_id) if m.parent_id is not None else None,
                **{k: getattr(m, k) for k in MESSAGE_FIELDS},
            }
            for m in messages
        ],
    }


def export(store: Store, chat_ids: Iterable[str], fmt: Format, *, thinking: bool = True) -> str:
    chats = []
    for chat_id in chat_ids:
        chat = store.find_chat(chat_id)
        if chat is not None:
            chats.append(chat)
    if fmt == "json":
        doc = {
            "format": FORMAT,
            "version": VERSION,
            "chats": [_chat_json(store, c, thinking) for c in chats],
        }
        return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"
    # Markdown and HTML show a comparison as its columns, one after the other, with the metrics.
    parts: list[tuple[ChatRow, list[MessageRow], str]] = []
    for c in chats:
        if c.kind == "compare":
            columns = store.columns(c.id)
            table = _metrics_markdown(columns, [store.branch(col.id) for col in columns])
            parts += [(col, store.branch(col.id), table if i == 0 else "") for i, col in enumerate(columns)]
        else:
            parts.append((c, store.branch(c.id), ""))
    if fmt == "md":
        return (
            "\n\n---\n\n".join(
                (extra + "\n\n" if extra else "") + chat_markdown(c, rows, thinking=thinking)
                for c, rows, extra in parts
            )
            + "\n"
        )
    return chat_html([p[0] for p in parts], [p[1] for p in parts], thinking=thinking, preludes=[p[2] for p in parts])


def _chat_json(store: Store, chat: ChatRow, thinking: bool) -> dict[str, Any]:
    messages = store.messages(chat.id)
    doc = _drop_thinking(chat_to_json(chat, messages), thinking)
    if chat.setup.compaction:
        doc["compaction"] = True
    files = _files(store, messages)
    if files:
        doc["files"] = files  # the attachments' bytes, so an import shows them too
    if chat.kind == "compare":
        doc["columns"] = [
            _drop_thinking(chat_to_json(col, store.messages(col.id)), thinking) for col in store.columns(chat.id)
        ]
    return doc


def _files(store: Store, messages: list[MessageRow]) -> dict[str, str]:
    out: dict[str, str] = {}
    for m in messages:
        for block in attachments_in(m.content):
            data = store.blob(block["sha256"])
            if data is not None:
                out[block["sha256"]] = base64.b64encode(data).decode("ascii")
    return out


def _metrics_markdown(columns: list[ChatRow], branches: list[list[MessageRow]]) -> str:
    """The comparison's metrics of its latest answers, as a Markdown table (best of a row in bold)."""
    from ..compare_metrics import Metrics, metric_table

    replies = [Metrics.of_reply(b[-1]) if b and b[-1].role == "assistant" else Metrics() for b in branches]
    head = "| | " + " | ".join(f"{c.model}{' · ' + c.effort if c.effort else ''}" for c in columns) + " |"
    lines = [head, "|---" * (len(columns) + 1) + "|"]
    for row in metric_table(replies):
        lines.append(
            f"| {row.label} | "
            + " | ".join(f"**{x}**" if b else x for x, b in zip(row.cells, row.best, strict=True))
            + " |"
        )
    return "## Comparison\n\n" + "\n".join(lines)


def _drop_thinking(chat: dict[str, Any], keep: bool) -> dict[str, Any]:
    if not keep:
        for m in chat["messages"]:
            m["content"] = [b for b in m["content"] if b.get("type") not in ("thinking", "redacted_thinking")]
    return chat


def _when(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).astimezone().strftime("%Y-%m-%d %H:%M")


def _speaker(m: MessageRow) -> str:
    if m.role == "user":
        return "You"
    return "Claude" + (f" ({m.model}{' · ' + m.effort if m.effort else ''})" if m.model else "")


def chat_markdown(chat: ChatRow, messages: list[MessageRow], *, thinking: bool = True) -> str:
    out = [f"# {chat.title}", "", f"_{_when(chat.created_at)} · exported from Parley_"]
    if chat.setup.system:
        out += ["", "**System prompt**", "", _quote(chat.setup.system)]
    for m in messages:
        body, thought = _cited(m, "footnote")
        out += ["", f"## {_speaker(m)}", ""]
        if thinking and thought:
            out += [_quote("**Thinking**\n\n" + thought), ""]
        out.append(body or "_(no text)_")
        if m.status not in ("complete",):
            out += ["", f"_({m.status}{': ' + m.error if m.error else ''})_"]
    return "\n".join(out)


def _cited(m: MessageRow, style: str) -> tuple[str, str]:
    """A message's text and thinking for an export; an answer that cites the web gets its markers
    and its sources (Markdown footnotes, or a numbered list of links)."""
    body, thought = searchable(m.content)
    if m.role == "assistant" and any(b.get("citations") for b in m.content if b.get("type") == "text"):
        text, sources = cited_markdown(m.content, style)
        heading = "" if style == "footnote" else "**Sources**\n\n"
        body = f"{text}\n\n{heading}{sources_markdown(sources, style)}"
    return body, thought


def _quote(text: str) -> str:
    return "\n".join("> " + line if line else ">" for line in text.splitlines())


_COPY_LINK = re.compile(r'<a href="parley-copy:\d+"[^>]*>[^<]*</a>')  # in whatever language the UI speaks
_CSS = """
body { font: 15px/1.55 system-ui, sans-serif; max-width: 860px; margin: 2em auto; padding: 0 1em; color: #1f2328; }
h1 { font-size: 1.6em; } .meta { color: #6a737d; font-size: .9em; }
.msg { margin: 1.2em 0; } .who { font-weight: 600; color: #57606a; margin-bottom: .3em; }
.user .body { background: #f3f4f6; border-radius: 10px; padding: .6em .9em; white-space: pre-wrap; }
details { border-left: 3px solid #d0d7de; padding-left: .8em; color: #57606a; margin: .4em 0; }
pre { background: #f6f8fa; padding: .8em; overflow: auto; border-radius: 6px; }
table { border-collapse: collapse; } td, th { border: 1px solid #d0d7de; padding: .3em .6em; }
section + section { border-top: 1px solid #d0d7de; margin-top: 3em; }
@media (prefers-color-scheme: dark) { body { background: #17181a; color: #e8eaed; }
  .user .body, pre { background: #26282b; } }
"""


def chat_html(
    chats: list[ChatRow], branches: list[list[MessageRow]], *, thinking: bool = True, preludes: list[str] | None = None
) -> str:
    """One self-contained page: inline CSS, no scripts, no remote resources (the CSP forbids them),
    and the model's markdown rendered by the same safe renderer as the app (no raw HTML)."""
    from ..presentation.markdown import MarkdownRenderer

    md = MarkdownRenderer(inline_svg=True)  # formulas as SVG in the page, in the text's colour

    def render(text: str) -> str:  # the app's "Copy" links mean nothing in a file
        return _COPY_LINK.sub("", md.render(text).html)

    sections = []
    for n, (chat, messages) in enumerate(zip(chats, branches, strict=True)):
        prelude = render(preludes[n]) if preludes and preludes[n] else ""
        parts = [
            prelude,
            f"<h1>{html.escape(chat.title)}</h1>",
            f'<p class="meta">{html.escape(_when(chat.created_at))} · exported from Parley</p>',
        ]
        for m in messages:
            body, thought = _cited(m, "link")
            parts.append(f'<div class="msg {m.role}"><div class="who">{html.escape(_speaker(m))}</div>')
            if thinking and thought:
                parts.append(f"<details><summary>Thinking</summary>{render(thought)}</details>")
            if m.role == "user":
                parts.append(f'<div class="body">{html.escape(body)}</div>')
            else:
                parts.append(f'<div class="body">{render(body)}</div>')
            parts.append("</div>")
        sections.append("<section>" + "\n".join(parts) + "</section>")
    title = html.escape(chats[0].title if len(chats) == 1 else f"{len(chats)} chats")
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        f"<title>{title}</title><style>{_CSS}</style></head><body>\n" + "\n".join(sections) + "\n</body></html>\n"
    )


def write_export(store: Store, chat_ids: list[str], fmt: Format, path: Path, *, thinking: bool = True) -> None:
    """Write atomically: a half-written export never sits under the real name."""
    write_text_atomically(path, export(store, chat_ids, fmt, thinking=thinking))
