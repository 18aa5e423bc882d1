"""Conversation history in SQLite: WAL, foreign keys, versioned migrations with a backup first.

Content is stored as the API's own JSON content blocks, exactly as received, so thinking blocks
(with signatures) can be echoed byte-for-byte later. A reply is written while it streams
(``update_reply``), so a crash loses at most the last second; replies still marked ``streaming``
when the store opens are marked ``interrupted``.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ParleyError

JSON = dict[str, Any]


class StoreError(ParleyError):
    """The history database cannot be used (corrupt, from a newer Parley, unwritable)."""


def _run_script(db: sqlite3.Connection, script: str) -> None:
    """Statements one by one: ``executescript`` would commit the migration's open transaction."""
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


def _v1(db: sqlite3.Connection) -> None:
    _run_script(
        db,
        """
        CREATE TABLE chats(
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL,
            model TEXT,
            effort TEXT,
            thinking INTEGER NOT NULL DEFAULT 1,
            system TEXT,
            kind TEXT NOT NULL DEFAULT 'chat',
            pinned INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE messages(
            id INTEGER PRIMARY KEY,
            chat_id TEXT NOT NULL REFERENCES chats(id) ON DELETE CASCADE,
            parent_id INTEGER REFERENCES messages(id) ON DELETE SET NULL,
            role TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
            content TEXT NOT NULL,
            model TEXT,
            effort TEXT,
            status TEXT NOT NULL DEFAULT 'complete',
            stop_reason TEXT,
            stop_details TEXT,
            usage TEXT,
            cost_usd REAL,
            ttft_s REAL,
            duration_s REAL,
            thinking_s REAL,
            error TEXT,
            request_id TEXT,
            created_at REAL NOT NULL
        );
        CREATE INDEX messages_by_chat ON messages(chat_id, id);
        CREATE INDEX chats_by_update ON chats(updated_at DESC);
        """,
    )


# Each entry upgrades the schema by one version; never edit a released one, append a new one.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_v1]
SCHEMA_VERSION = len(MIGRATIONS)


@dataclass(frozen=True, slots=True)
class ChatRow:
    id: str
    title: str
    created_at: float
    updated_at: float
    model: str | None
    effort: str | None
    thinking: bool
    system: str | None
    kind: str
    pinned: bool


@dataclass(frozen=True, slots=True)
class MessageRow:
    id: int
    chat_id: str
    parent_id: int | None
    role: str
    content: list[JSON]
    model: str | None
    effort: str | None
    status: str
    stop_reason: str | None
    stop_details: JSON | None
    usage: JSON | None
    cost_usd: float | None
    ttft_s: float | None
    duration_s: float | None
    thinking_s: float | None
    error: str | None
    request_id: str | None
    created_at: float


class Store:
    """One open history database. Not thread-safe: use it from one thread (or one executor)."""

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
    ) -> str:
        import uuid  # imports platform (~3 ms): only when a chat is created

        chat_id = uuid.uuid4().hex
        now = self._clock()
        self._db.execute(
            "INSERT INTO chats(id, title, created_at, updated_at, model, effort, thinking, system, kind)"
            " VALUES (?,?,?,?,?,?,?,?,?)",
            (chat_id, title, now, now, model, effort, int(thinking), system, kind),
        )
        return chat_id

    def update_chat(self, chat_id: str, **fields: Any) -> None:
        allowed = {"title", "model", "effort", "thinking", "system", "pinned"}
        bad = set(fields) - allowed
        if bad:
            raise ValueError(f"cannot update {sorted(bad)}")
        if not fields:
            return
        sets = ", ".join(f"{k}=?" for k in fields)
        values = [int(v) if isinstance(v, bool) else v for v in fields.values()]
        self._db.execute(f"UPDATE chats SET {sets}, updated_at=? WHERE id=?", (*values, self._clock(), chat_id))

    def find_chat(self, id_or_prefix: str) -> ChatRow | None:
        """A chat by full id or by a unique prefix (at least 4 characters), as git does for commits."""
        row = self._db.execute("SELECT * FROM chats WHERE id=?", (id_or_prefix,)).fetchone()
        if row is None and len(id_or_prefix) >= 4:
            rows = self._db.execute(
                "SELECT * FROM chats WHERE id LIKE ? LIMIT 2", (id_or_prefix.replace("%", "").replace("_", "") + "%",)
            ).fetchall()
            if len(rows) > 1:
                raise StoreError(f"Chat id {id_or_prefix!r} is ambiguous", hint="Give more characters")
            row = rows[0] if rows else None
        return _chat(row) if row else None

    def list_chats(self, limit: int = 100, offset: int = 0, title_filter: str = "") -> list[ChatRow]:
        """Newest first, pinned on top; *title_filter* keeps titles containing it (any case)."""
        if title_filter:
            pattern = "%" + title_filter.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            rows = self._db.execute(
                "SELECT * FROM chats WHERE title LIKE ? ESCAPE '\\' ORDER BY pinned DESC, updated_at DESC"
                " LIMIT ? OFFSET ?",
                (pattern, limit, offset),
            ).fetchall()
        else:
            rows = self._db.execute(
                "SELECT * FROM chats ORDER BY pinned DESC, updated_at DESC LIMIT ? OFFSET ?", (limit, offset)
            ).fetchall()
        return [_chat(r) for r in rows]

    def delete_chat(self, chat_id: str) -> None:
        self._db.execute("DELETE FROM chats WHERE id=?", (chat_id,))

    # ------------------------------------------------------------ messages

    def leaf(self, chat_id: str) -> int | None:
        """The newest message of the chat: the tip of the branch shown."""
        row = self._db.execute("SELECT max(id) FROM messages WHERE chat_id=?", (chat_id,)).fetchone()
        return row[0] if row else None

    def add_message(
        self, chat_id: str, role: str, content: list[JSON], *, parent_id: int | None = -1, **meta: Any
    ) -> int:
        """Append a message; ``parent_id`` -1 means "after the current leaf" (edits pass their own)."""
        now = self._clock()
        parent = self.leaf(chat_id) if parent_id == -1 else parent_id
        cur = self._db.execute(
            "INSERT INTO messages(chat_id, parent_id, role, content, model, effort, status, created_at)"
            " VALUES (?,?,?,?,?,?,?,?)",
            (
                chat_id,
                parent,
                role,
                _dump(content),
                meta.get("model"),
                meta.get("effort"),
                meta.get("status", "complete"),
                now,
            ),
        )
        self._db.execute("UPDATE chats SET updated_at=? WHERE id=?", (now, chat_id))
        assert cur.lastrowid is not None
        return cur.lastrowid

    def begin_reply(self, chat_id: str, *, model: str, effort: str | None, parent_id: int | None = -1) -> int:
        return self.add_message(
            chat_id, "assistant", [], parent_id=parent_id, model=model, effort=effort, status="streaming"
        )

    def update_reply(self, message_id: int, content: list[JSON]) -> None:
        """Write a streaming reply's content so far (called about once a second)."""
        self._db.execute("UPDATE messages SET content=? WHERE id=?", (_dump(content), message_id))

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
        self._db.execute(
            "UPDATE messages SET content=?, status=?, stop_reason=?, stop_details=?, usage=?, cost_usd=?,"
            " ttft_s=?, duration_s=?, thinking_s=?, error=?, request_id=? WHERE id=?",
            (
                _dump(content),
                status,
                stop_reason,
                _dump(stop_details) if stop_details else None,
                _dump(usage) if usage else None,
                cost_usd,
                ttft_s,
                duration_s,
                thinking_s,
                error,
                request_id,
                message_id,
            ),
        )

    def delete_messages(self, ids: list[int]) -> None:
        with self.transaction() as db:
            db.executemany("DELETE FROM messages WHERE id=?", [(i,) for i in ids])

    def branch(self, chat_id: str, leaf_id: int | None = None) -> list[MessageRow]:
        """The messages from the first one to *leaf_id* (default: the newest), following parents.

        Edited prompts and retried replies start new branches; the old ones stay in the table.
        """
        rows = {r.id: r for r in self.messages(chat_id)}
        node = leaf_id if leaf_id is not None else (max(rows) if rows else None)
        path: list[MessageRow] = []
        while node is not None and node in rows:
            path.append(rows[node])
            node = rows[node].parent_id
        return path[::-1]

    def chat_is_empty(self, chat_id: str) -> bool:
        return self._db.execute("SELECT 1 FROM messages WHERE chat_id=? LIMIT 1", (chat_id,)).fetchone() is None

    def messages(self, chat_id: str) -> list[MessageRow]:
        rows = self._db.execute("SELECT * FROM messages WHERE chat_id=? ORDER BY id", (chat_id,)).fetchall()
        return [_message(r) for r in rows]

    def message(self, message_id: int) -> MessageRow | None:
        row = self._db.execute("SELECT * FROM messages WHERE id=?", (message_id,)).fetchone()
        return _message(row) if row else None


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _load(value: str | None) -> Any:
    return json.loads(value) if value else None


def _chat(r: tuple[Any, ...]) -> ChatRow:
    return ChatRow(r[0], r[1], r[2], r[3], r[4], r[5], bool(r[6]), r[7], r[8], bool(r[9]))


def _message(r: tuple[Any, ...]) -> MessageRow:
    return MessageRow(
        id=r[0],
        chat_id=r[1],
        parent_id=r[2],
        role=r[3],
        content=_load(r[4]) or [],
        model=r[5],
        effort=r[6],
        status=r[7],
        stop_reason=r[8],
        stop_details=_load(r[9]),
        usage=_load(r[10]),
        cost_usd=r[11],
        ttft_s=r[12],
        duration_s=r[13],
        thinking_s=r[14],
        error=r[15],
        request_id=r[16],
        created_at=r[17],
    )
