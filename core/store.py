"""Conversation history in SQLite: WAL, foreign keys, versioned migrations with a backup first.

Content is stored as the API's own JSON content blocks, exactly as received, so thinking blocks
(with signatures) can be echoed byte-for-byte later. A reply is written while it streams
(``update_reply``), so a crash loses at most the last second; replies still marked ``streaming``
when the store opens are marked ``interrupted``.
"""

from __future__ import annotations

import shutil
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .errors import ParleyError
from .search import Query, parse_query, searchable, snippet
from .store_rows import (
    CHAT_COLUMNS,
    JSON,
    JSON_META,
    MESSAGE_META,
    ChatRow,
    MessageRow,
    SearchHit,
    chat_row,
    dump,
    load,
    message_row,
)
from .store_schema import MIGRATIONS, SCHEMA_VERSION, index_pair

__all__ = ["SCHEMA_VERSION", "ChatRow", "MessageRow", "SearchHit", "Store", "StoreError"]


class StoreError(ParleyError):
    """The history database cannot be used (corrupt, from a newer Parley, unwritable)."""


class Store:
    """One open history database. Not thread-safe: use it from one thread (or one executor);
    another thread (an import) opens its own ``Store`` on the same file."""

    def __init__(self, path: Path | str, *, clock: Callable[[], float] = time.time) -> None:
        self.path = Path(path)
        self._clock = clock
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA busy_timeout=5000")
            self._migrate()
            self.interrupted_on_open = self._mark_interrupted()
            self._purge_trash()
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"The history database {self.path} cannot be opened ({exc})",
                hint="It may be damaged; Parley has not changed it",
            ) from exc

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All or nothing; nested use joins the outer transaction."""
        if self._db.in_transaction:
            yield self._db
            return
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    # ------------------------------------------------------------ schema

    def _migrate(self) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"The history database was written by a newer Parley (schema {version})",
                hint="Update Parley; the database was left as it is",
            )
        if version == SCHEMA_VERSION:
            return
        if version > 0:
            self.backup(self.path.with_name(f"{self.path.name}.v{version}.bak"))
        for target in range(version + 1, SCHEMA_VERSION + 1):
            with self.transaction() as db:
                MIGRATIONS[target - 1](db)
                db.execute(f"PRAGMA user_version={target}")

    def backup(self, dest: Path) -> None:
        """A consistent copy of the database (SQLite's online backup), even while it is open."""
        tmp = dest.with_name(dest.name + ".tmp")
        with sqlite3.connect(tmp) as target:
            self._db.backup(target)
        target.close()
        shutil.move(tmp, dest)

    def _mark_interrupted(self) -> int:
        cur = self._db.execute("UPDATE messages SET status='interrupted' WHERE status='streaming'")
        return cur.rowcount

    def integrity_ok(self) -> bool:
        return bool(self._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok")

    # ------------------------------------------------------------ chats

    def create_chat(
        self,
        title: str,
        *,
        model: str | None = None,
        effort: str | None = None,
        thinking: bool = True,
        system: str | None = None,
        kind: str = "chat",
        created_at: float | None = None,
        source: str | None = None,
        source_id: str | None = None,
        chat_id: str | None = None,
        compare_id: str | None = None,
        column_index: int | None = None,
    ) -> str:
        if chat_id is None:
            import uuid  # imports platform (~3 ms): only when a chat is created

            chat_id = uuid.uuid4().hex
        now = self._clock() if created_at is None else created_at
        self._db.execute(
            "INSERT INTO chats(id, title, created_at, updated_at, model, effort, thinking, system, kind, source,"
            " source_id, compare_id, column_index) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                chat_id,
                title,
                now,
                now,
                model,
                effort,
                int(thinking),
                system,
                kind,
                source,
                source_id,
                compare_id,
                column_index,
            ),
        )
        return chat_id

    def update_chat(self, chat_id: str, **fields: Any) -> None:
        """Change a chat's title, settings or pin; its place in the recency order stays."""
        allowed = {"title", "model", "effort", "thinking", "system", "pinned"}
        bad = set(fields) - allowed
        if bad:
            raise ValueError(f"cannot update {sorted(bad)}")
        if not fields:
            return
        sets = ", ".join(f"{k}=?" for k in fields)
        values = [int(v) if isinstance(v, bool) else v for v in fields.values()]
        self._db.execute(f"UPDATE chats SET {sets} WHERE id=?", (*values, chat_id))

    def find_chat(self, id_or_prefix: str) -> ChatRow | None:
        """A chat by full id or by a unique prefix (at least 4 characters), as git does for commits."""
        live = "deleted_at IS NULL"
        row = self._db.execute(f"SELECT {CHAT_COLUMNS} FROM chats WHERE id=? AND {live}", (id_or_prefix,)).fetchone()
        if row is None and len(id_or_prefix) >= 4:
            rows = self._db.execute(
                f"SELECT {CHAT_COLUMNS} FROM chats WHERE id LIKE ? AND {live} LIMIT 2",
                (id_or_prefix.replace("%", "").replace("_", "") + "%",),
            ).fetchall()
            if len(rows) > 1:
                raise StoreError(f"Chat id {id_or_prefix!r} is ambiguous", hint="Give more characters")
            row = rows[0] if rows else None
        return chat_row(row) if row else None

    def fork_chat(self, chat_id: str, title: str | None = None) -> str:
        """A normal chat holding a copy of *chat_id*'s current branch (a comparison's column goes on
        as a chat of its own; the comparison keeps its column)."""
        source = self.find_chat(chat_id)
        if source is None:
            raise StoreError(f"No chat with id {chat_id!r}")
        with self.transaction():
            new_id = self.create_chat(
                title or source.title,
                model=source.model,
                effort=source.effort,
                thinking=source.thinking,
                system=source.system,
            )
            parent: int | None = None
            for m in self.branch(chat_id):
                meta = {k: getattr(m, k) for k in MESSAGE_META if getattr(m, k) is not None}
                parent = self.add_message(new_id, m.role, m.content, parent_id=parent, created_at=m.created_at, **meta)
        return new_id

    def touch_chat(self, chat_id: str) -> None:
        """Move a chat to the top of the recency order (a comparison after its columns answered)."""
        self._db.execute("UPDATE chats SET updated_at=? WHERE id=?", (self._clock(), chat_id))

    def has_chat(self, chat_id: str) -> bool:
        """Whether the id is taken (by a live or a just-deleted chat)."""
        return self._db.execute("SELECT 1 FROM chats WHERE id=?", (chat_id,)).fetchone() is not None

    def set_chat_times(self, chat_id: str, created_at: float, updated_at: float | None) -> None:
        """For imports: the chat's own times, never older than its newest message."""
        self._db.execute(
            "UPDATE chats SET created_at=?, updated_at=max(coalesce(?, updated_at),"
            " coalesce((SELECT max(created_at) FROM messages WHERE chat_id=?), 0)) WHERE id=?",
            (created_at, updated_at, chat_id, chat_id),
        )

    def find_by_source(self, source: str, source_id: str) -> str | None:
        row = self._db.execute("SELECT id FROM chats WHERE source=? AND source_id=?", (source, source_id)).fetchone()
        return row[0] if row else None

    def list_chats(self, limit: int = 100, offset: int = 0, title_filter: str = "") -> list[ChatRow]:
        """Pinned first, then newest first; *title_filter* keeps titles containing it (any case)."""
        where, args = "deleted_at IS NULL AND kind != 'column'", []
        if title_filter:
            where += " AND title LIKE ? ESCAPE '\\'"
            args.append("%" + title_filter.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
        rows = self._db.execute(
            f"SELECT {CHAT_COLUMNS} FROM chats WHERE {where} ORDER BY pinned DESC, updated_at DESC LIMIT ? OFFSET ?",
            (*args, limit, offset),
        ).fetchall()
        return [chat_row(r) for r in rows]

    def count_chats(self) -> int:
        return int(
            self._db.execute("SELECT count(*) FROM chats WHERE deleted_at IS NULL AND kind != 'column'").fetchone()[0]
        )

    def columns(self, compare_id: str) -> list[ChatRow]:
        """A comparison's columns, left to right."""
        rows = self._db.execute(
            f"SELECT {CHAT_COLUMNS} FROM chats WHERE compare_id=? ORDER BY column_index", (compare_id,)
        ).fetchall()
        return [chat_row(r) for r in rows]

    def chat_models(self) -> list[str]:
        """Every model that answered in some chat, for the search filter."""
        rows = self._db.execute("SELECT DISTINCT model FROM messages WHERE model IS NOT NULL ORDER BY model")
        return [r[0] for r in rows]

    def trash_chat(self, chat_id: str) -> None:
        """Hide a chat (the user deleted it); ``restore_chat`` undoes this until the next start."""
        self._db.execute("UPDATE chats SET deleted_at=? WHERE id=?", (self._clock(), chat_id))

    def restore_chat(self, chat_id: str) -> None:
        self._db.execute("UPDATE chats SET deleted_at=NULL WHERE id=?", (chat_id,))

    def _purge_trash(self) -> None:
        trashed = [r[0] for r in self._db.execute("SELECT id FROM chats WHERE deleted_at IS NOT NULL")]
        if trashed:
            with self.transaction():
                for chat_id in trashed:
                    self.delete_chat(chat_id)

    def delete_chat(self, chat_id: str) -> None:
        """Remove a chat and its messages for good."""
        with self.transaction() as db:
            db.execute(
                "DELETE FROM message_index WHERE rowid IN (SELECT id FROM messages WHERE chat_id=?"
                " OR chat_id IN (SELECT id FROM chats WHERE compare_id=?))",
                (chat_id, chat_id),
            )
            db.execute("DELETE FROM chats WHERE id=?", (chat_id,))

    # ------------------------------------------------------------ messages

    def leaf(self, chat_id: str) -> int | None:
        """The newest message of the chat: the tip of the branch shown."""
        row = self._db.execute("SELECT max(id) FROM messages WHERE chat_id=?", (chat_id,)).fetchone()
        return row[0] if row else None

    def add_message(
        self,
        chat_id: str,
        role: str,
        content: list[JSON],
        *,
        parent_id: int | None = -1,
        created_at: float | None = None,
        **meta: Any,
    ) -> int:
        """Append a message; ``parent_id`` -1 means "after the current leaf" (edits pass their own).
        *meta* sets any of ``MESSAGE_META`` (model, effort, status, usage, ...)."""
        bad = set(meta) - set(MESSAGE_META)
        if bad:
            raise ValueError(f"unknown message fields {sorted(bad)}")
        now = self._clock() if created_at is None else created_at
        parent = self.leaf(chat_id) if parent_id == -1 else parent_id
        meta.setdefault("status", "complete")
        names = list(meta)
        values = [dump(v) if k in JSON_META and v is not None else v for k, v in meta.items()]
        with self.transaction() as db:
            cur = db.execute(
                f"INSERT INTO messages(chat_id, parent_id, role, content, created_at, {', '.join(names)})"
                f" VALUES (?,?,?,?,?{',?' * len(names)})",
                (chat_id, parent, role, dump(content), now, *values),
            )
            assert cur.lastrowid is not None
            self._index(cur.lastrowid, content, new=True)
            db.execute("UPDATE chats SET updated_at=max(updated_at, ?) WHERE id=?", (now, chat_id))
        return cur.lastrowid

    def _index(self, message_id: int, content: list[JSON], *, new: bool = False) -> None:
        if not new:
            self._db.execute("DELETE FROM message_index WHERE rowid=?", (message_id,))
        body, thinking = index_pair(content)
        if body or thinking:
            self._db.execute(
                "INSERT INTO message_index(rowid, body, thinking) VALUES (?,?,?)", (message_id, body, thinking)
            )

    def begin_reply(self, chat_id: str, *, model: str, effort: str | None, parent_id: int | None = -1) -> int:
        return self.add_message(
            chat_id, "assistant", [], parent_id=parent_id, model=model, effort=effort, status="streaming"
        )

    def update_reply(self, message_id: int, content: list[JSON]) -> None:
        """Write a streaming reply's content so far (called about once a second)."""
        with self.transaction() as db:
            db.execute("UPDATE messages SET content=? WHERE id=?", (dump(content), message_id))
            self._index(message_id, content)

    def finish_reply(
        self,
        message_id: int,
        content: list[JSON],
        *,
        status: str,
        stop_reason: str | None = None,
        stop_details: JSON | None = None,
        usage: JSON | None = None,
        cost_usd: float | None = None,
        ttft_s: float | None = None,
        duration_s: float | None = None,
        thinking_s: float | None = None,
        error: str | None = None,
        request_id: str | None = None,
    ) -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE messages SET content=?, status=?, stop_reason=?, stop_details=?, usage=?, cost_usd=?,"
                " ttft_s=?, duration_s=?, thinking_s=?, error=?, request_id=? WHERE id=?",
                (
                    dump(content),
                    status,
                    stop_reason,
                    dump(stop_details) if stop_details else None,
                    dump(usage) if usage else None,
                    cost_usd,
                    ttft_s,
                    duration_s,
                    thinking_s,
                    error,
                    request_id,
                    message_id,
                ),
            )
            self._index(message_id, content)

    def delete_messages(self, ids: list[int]) -> None:
        with self.transaction() as db:
            db.executemany("DELETE FROM message_index WHERE rowid=?", [(i,) for i in ids])
            db.executemany("DELETE FROM messages WHERE id=?", [(i,) for i in ids])

    def branch(self, chat_id: str, leaf_id: int | None = None) -> list[MessageRow]:
        """The messages from the first one to *leaf_id* (default: the newest), following parents.

        Edited prompts and retried replies start new branches; the old ones stay in the table.
        """
        return self.messages_by_id(self.branch_ids(chat_id, leaf_id))

    def branch_ids(self, chat_id: str, leaf_id: int | None = None, *, through: int | None = None) -> list[int]:
        """The ids of ``branch()``, oldest first, without reading any content (a long chat opens by
        reading only the messages it shows). With *through*, the branch that contains that message,
        continued to its newest reply (for a search hit in an older branch)."""
        links = dict(self._db.execute("SELECT id, parent_id FROM messages WHERE chat_id=?", (chat_id,)).fetchall())
        if through is not None and through in links:
            children: dict[int, list[int]] = {}
            for child, parent in links.items():
                if parent is not None:
                    children.setdefault(parent, []).append(child)
            leaf_id = through
            while children.get(leaf_id):
                leaf_id = max(children[leaf_id])
        node = leaf_id if leaf_id is not None else (max(links) if links else None)
        path: list[int] = []
        while node is not None and node in links:
            path.append(node)
            node = links[node]
        return path[::-1]

    def messages_by_id(self, ids: list[int]) -> list[MessageRow]:
        """These messages, in the order given."""
        rows: dict[int, MessageRow] = {}
        for start in range(0, len(ids), 500):  # SQLite caps bound parameters
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for r in self._db.execute(f"SELECT * FROM messages WHERE id IN ({marks})", chunk):
                rows[r[0]] = message_row(r)
        return [rows[i] for i in ids if i in rows]

    def chat_is_empty(self, chat_id: str) -> bool:
        return self._db.execute("SELECT 1 FROM messages WHERE chat_id=? LIMIT 1", (chat_id,)).fetchone() is None

    def messages(self, chat_id: str) -> list[MessageRow]:
        rows = self._db.execute("SELECT * FROM messages WHERE chat_id=? ORDER BY id", (chat_id,)).fetchall()
        return [message_row(r) for r in rows]

    def message(self, message_id: int) -> MessageRow | None:
        row = self._db.execute("SELECT * FROM messages WHERE id=?", (message_id,)).fetchone()
        return message_row(row) if row else None

    # ------------------------------------------------------------ search

    def search(
        self,
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
        expression = query.expression if include_thinking else "{body}: (" + query.expression + ")"
        rows = self._db.execute(
            # A hit in a comparison's column is reported as the comparison (p), which the sidebar shows.
            "SELECT m.id, coalesce(p.id, c.id), coalesce(p.title, c.title), m.role, m.model, m.created_at, m.content"
            " FROM message_index JOIN messages m ON m.id = message_index.rowid JOIN chats c ON c.id = m.chat_id"
            " LEFT JOIN chats p ON p.id = c.compare_id"
            f" WHERE message_index MATCH ? AND {' AND '.join(filters)} ORDER BY message_index.rowid DESC LIMIT ?",
            (expression, *args, limit),
        ).fetchall()
        hits = [self._hit(r, query, include_thinking) for r in rows]
        return self._title_hits(query, model, since, until, hits, limit) + hits

    def _hit(self, r: tuple[Any, ...], query: Query, include_thinking: bool) -> SearchHit:
        body, thinking = searchable(load(r[6]) or [])
        cut = snippet(body, query.terms)
        if not cut.spans and include_thinking and thinking:
            cut = snippet(thinking, query.terms)
        return SearchHit(r[1], r[2], r[0], r[3], r[4], r[5], cut)

    def _title_hits(
        self,
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
            where.append("title LIKE ? ESCAPE '\\'")
            args.append("%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
        if model:
            where.append("model=?")
            args.append(model)
        if since is not None:
            where.append("updated_at>=?")
            args.append(since)
        if until is not None:
            where.append("created_at<?")
            args.append(until)
        rows = self._db.execute(
            f"SELECT id, title, model, updated_at FROM chats WHERE {' AND '.join(where)}"
            " ORDER BY updated_at DESC LIMIT ?",
            (*args, limit),
        ).fetchall()
        seen = {h.chat_id for h in hits}
        return [
            SearchHit(r[0], r[1], None, None, r[2], r[3], snippet(r[1], query.terms)) for r in rows if r[0] not in seen
        ]
