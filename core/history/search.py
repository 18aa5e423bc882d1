"""Full-text search over the history: the FTS5 query with its filters, and title matches.

A hit inside a comparison's column is reported as the comparison, which is what the sidebar shows.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from .fulltext import Query, parse_query, searchable, snippet
from .rows import SearchHit, load


def search(
    db: sqlite3.Connection,
    text: str,
    *,
    model: str | None = None,
    since: float | None = None,
    until: float | None = None,
    include_thinking: bool = False,
    limit: int = 50,
) -> list[SearchHit]:
    """Chats whose title, and messages whose text, contain every word of *text*; newest first.

    *model* keeps messages written by that model (and prompts in chats that used it);
    *since*/*until* bound the message time (unix seconds).
    """
    query = parse_query(text)
    if not query:
        return []
    filters: list[str] = ["c.deleted_at IS NULL", "p.deleted_at IS NULL"]
    args: list[object] = []
    if model:
        filters.append("(m.model=? OR (m.role='user' AND c.model=?))")
        args += [model, model]
    if since is not None:
        filters.append("m.created_at>=?")
        args.append(since)
    if until is not None:
        filters.append("m.created_at<?")
        args.append(until)
    sql = (
        # A hit in a comparison's column is reported as the comparison (p), which the sidebar shows.
        "SELECT m.id, coalesce(p.id, c.id), coalesce(p.title, c.title), m.role, m.model, m.created_at, m.content"
        " FROM message_index JOIN messages m ON m.id = message_index.rowid JOIN chats c ON c.id = m.chat_id"
        " LEFT JOIN chats p ON p.id = c.compare_id"
        f" WHERE message_index MATCH ? AND {' AND '.join(filters)} ORDER BY message_index.rowid DESC LIMIT ?"
    )

    def matching(expression: str) -> list[Any]:
        where = expression if include_thinking else "{body}: (" + expression + ")"
        return db.execute(sql, (where, *args, limit)).fetchall()

    # Newest first. Whole earlier words first (quick); short of a full page, every word as a prefix too.
    rows = matching(query.quick)
    if len(rows) < limit and query.quick != query.expression:
        seen = {r[0] for r in rows}
        rows = sorted(rows + [r for r in matching(query.expression) if r[0] not in seen], key=lambda r: -r[0])[:limit]
    hits = [_hit(r, query, include_thinking) for r in rows]
    return _title_hits(db, query, model, since, until, hits, limit) + hits


def _hit(r: tuple[Any, ...], query: Query, include_thinking: bool) -> SearchHit:
    body, thinking = searchable(load(r[6]) or [])
    cut = snippet(body, query.terms)
    if not cut.spans and include_thinking and thinking:
        cut = snippet(thinking, query.terms)
    return SearchHit(r[1], r[2], r[0], r[3], r[4], r[5], cut)


def _title_hits(
    db: sqlite3.Connection,
    query: Query,
    model: str | None,
    since: float | None,
    until: float | None,
    hits: list[SearchHit],
    limit: int,
) -> list[SearchHit]:
    """Chats whose title has every term, not already found through a message."""
    where: list[str] = ["deleted_at IS NULL", "kind != 'column'"]
    args: list[object] = []
    for term in query.terms:
        if "%" in term or "_" in term or "\\" in term:  # the index cannot take an ESCAPE clause: scan
            where.append("t.title LIKE ? ESCAPE '\\'")
            args.append("%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
        else:  # the title index answers this from its trigrams (terms of 3+ characters)
            where.append("t.title LIKE ?")
            args.append(f"%{term}%")
    if model:
        where.append("model=?")
        args.append(model)
    if since is not None:
        where.append("updated_at>=?")
        args.append(since)
    if until is not None:
        where.append("created_at<?")
        args.append(until)
    rows = db.execute(
        "SELECT c.id, c.title, c.model, c.updated_at FROM title_index t JOIN chats c ON c.rowid = t.rowid"
        # Newest chats first, in the index's own order: it stops at the limit (sorting by last update
        # read every match first: 38 ms for a two-letter word in 50k titles).
        f" WHERE {' AND '.join(where)} ORDER BY t.rowid DESC LIMIT ?",
        (*args, limit),
    ).fetchall()
    seen = {h.chat_id for h in hits}
    return [SearchHit(r[0], r[1], None, None, r[2], r[3], snippet(r[1], query.terms)) for r in rows if r[0] not in seen]
