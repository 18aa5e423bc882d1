"""Conversation history in SQLite: WAL, foreign keys, versioned migrations with a backup first.

Content is stored as the API's own JSON content blocks, exactly as received, so thinking blocks
(with signatures) can be echoed byte-for-byte later. A reply is saved while it streams
(``save_progress``: what is new, about once a second), so a crash loses at most the last second;
replies still marked ``streaming`` when the store opens are written whole and marked ``interrupted``.
"""

from __future__ import annotations

import shutil
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..chat_setup import ChatSetup
from ..errors import ParleyError
from .edits import EditStore
from .rows import (
    CHAT_COLUMNS,
    MESSAGE_META,
    ChatRow,
    MessageRow,
    SearchHit,
    chat_row,
    dump,
    message_row,
)
from .schema import MIGRATIONS, SCHEMA_VERSION

__all__ = ["SCHEMA_VERSION", "ChatRow", "MessageRow", "SearchHit", "Store", "StoreError"]


class StoreError(ParleyError):
    """The history database cannot be used (corrupt, from a newer Parley, unwritable)."""


class Store(EditStore):
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

    # ------------------------------------------------------------ schema

    @staticmethod
    def will_migrate(path: Path) -> bool:
        """Opening the history at *path* updates its schema first (the search index is rebuilt: ~45 s
        per million messages), so the window can say so before it waits."""
        if not Path(path).is_file():
            return False
        with sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True) as db:
            version = db.execute("PRAGMA user_version").fetchone()[0]
        db.close()
        return bool(0 < version < SCHEMA_VERSION)

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
        """Replies left streaming (Parley was killed): what was saved of them, written whole and indexed."""
        rows = [message_row(r) for r in self._db.execute("SELECT * FROM messages WHERE status='streaming'")]
        with self.transaction() as db:
            for row in rows:
                content = self._saved_so_far(row)
                db.execute("UPDATE messages SET content=?, status='interrupted' WHERE id=?", (dump(content), row.id))
                self._index(row.id, content)
                db.execute("DELETE FROM reply_progress WHERE message_id=?", (row.id,))
        return len(rows)

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
        setup: ChatSetup = ChatSetup(),
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
            "INSERT INTO chats(id, title, created_at, updated_at, model, effort, thinking, setup, kind, source,"
            " source_id, compare_id, column_index) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                chat_id,
                title,
                now,
                now,
                model,
                effort,
                int(thinking),
                setup.to_json(),
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
        allowed = {"title", "model", "effort", "thinking", "pinned", "setup"}
        bad = set(fields) - allowed
        if bad:
            raise ValueError(f"cannot update {sorted(bad)}")
        if not fields:
            return
        sets = ", ".join(f"{k}=?" for k in fields)
        values = [
            int(v) if isinstance(v, bool) else v.to_json() if isinstance(v, ChatSetup) else v for v in fields.values()
        ]
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
                setup=source.setup,
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

    def list_chats(
        self, limit: int = 100, offset: int = 0, title_filter: str = "", after: ChatRow | None = None
    ) -> list[ChatRow]:
        """Pinned first, then newest first; *title_filter* keeps titles containing it (any case).

        *after* (the last chat of the previous page) pages by position in the index, not by OFFSET,
        which SQLite counts off row by row: the 250th page of 50k chats cost 40x the first.
        """
        where, args = "deleted_at IS NULL AND kind != 'column'", list[object]()
        if title_filter:
            where += " AND title LIKE ? ESCAPE '\\'"
            args.append("%" + title_filter.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
        if after is not None:
            where += " AND (pinned, updated_at, id) < (?, ?, ?)"
            args += [int(after.pinned), after.updated_at, after.id]
        rows = self._db.execute(
            f"SELECT {CHAT_COLUMNS} FROM chats WHERE {where} ORDER BY pinned DESC, updated_at DESC, id DESC"
            " LIMIT ? OFFSET ?",
            (*args, limit, offset),
        ).fetchall()
        return [chat_row(r) for r in rows]

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
            self.drop_orphan_blobs()

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
        """Chats whose title, and messages whose text, contain every word of *text*; newest first
        (see store_search.py)."""
        from .search import search

        return search(
            self._db, text, model=model, since=since, until=until, include_thinking=include_thinking, limit=limit
        )
