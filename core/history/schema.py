"""The history database's schema, one migration per version.

Each entry in ``MIGRATIONS`` upgrades the schema by one version. Never edit a released one; append.
tests/core/test_store_migrations.py opens a database of every earlier version.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable

from .fulltext import index_text, searchable


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


def _v2(db: sqlite3.Connection) -> None:
    """Full-text search, soft delete (undo), import provenance (no duplicates on re-import)."""
    _run_script(
        db,
        """
        ALTER TABLE chats ADD COLUMN deleted_at REAL;
        ALTER TABLE chats ADD COLUMN source TEXT;
        ALTER TABLE chats ADD COLUMN source_id TEXT;
        CREATE UNIQUE INDEX chats_by_source ON chats(source, source_id) WHERE source IS NOT NULL;
        DROP INDEX chats_by_update;
        CREATE INDEX chats_by_list ON chats(pinned DESC, updated_at DESC);
        CREATE VIRTUAL TABLE message_index USING fts5(
            body, thinking, tokenize = 'unicode61 remove_diacritics 2'
        );
        """,
    )
    rows = db.execute("SELECT id, content FROM messages").fetchall()
    db.executemany(
        "INSERT INTO message_index(rowid, body, thinking) VALUES (?,?,?)",
        ((mid, *index_pair(json.loads(content) if content else [])) for mid, content in rows),
    )


def index_pair(content: list[dict[str, object]]) -> tuple[str, str]:
    body, thinking = searchable(content)
    return index_text(body), index_text(thinking)


def _v3(db: sqlite3.Connection) -> None:
    """Comparisons: one chat of kind 'compare' whose columns are chats of kind 'column', each with
    its own thread (model, effort, messages)."""
    _run_script(
        db,
        """
        ALTER TABLE chats ADD COLUMN compare_id TEXT REFERENCES chats(id) ON DELETE CASCADE;
        ALTER TABLE chats ADD COLUMN column_index INTEGER;
        CREATE INDEX chats_by_compare ON chats(compare_id, column_index) WHERE compare_id IS NOT NULL;
        CREATE INDEX chats_trash ON chats(deleted_at) WHERE deleted_at IS NOT NULL;
        CREATE INDEX messages_streaming ON messages(id) WHERE status = 'streaming';
        """,
    )


def _v4(db: sqlite3.Connection) -> None:
    """The text editor tool: a chat's workspace folder and write approval; every write Claude proposed
    (applied, declined or undone) with the file's bytes before and after, kept once per content hash."""
    _run_script(
        db,
        """
        ALTER TABLE chats ADD COLUMN workspace TEXT;
        ALTER TABLE chats ADD COLUMN approve_writes INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE blobs(
            hash TEXT PRIMARY KEY,
            data BLOB NOT NULL
        );
        CREATE TABLE file_edits(
            id INTEGER PRIMARY KEY,
            chat_id TEXT NOT NULL REFERENCES chats(id) ON DELETE CASCADE,
            tool_use_id TEXT NOT NULL,
            workspace TEXT NOT NULL,
            path TEXT NOT NULL,
            command TEXT NOT NULL,
            before_hash TEXT REFERENCES blobs(hash),
            after_hash TEXT NOT NULL REFERENCES blobs(hash),
            status TEXT NOT NULL CHECK (status IN ('applied', 'declined', 'failed', 'undone')),
            created_at REAL NOT NULL,
            undone_at REAL,
            reported INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX file_edits_by_call ON file_edits(chat_id, tool_use_id);
        """,
    )


def _v5(db: sqlite3.Connection) -> None:
    """Compaction: a per-chat switch for the server-side summary of long conversations."""
    _run_script(db, "ALTER TABLE chats ADD COLUMN compaction INTEGER NOT NULL DEFAULT 0;")


def _v6(db: sqlite3.Connection) -> None:
    """A chat's own settings become one JSON object (``chats.setup``, see core/chat_setup.py): a new
    per-chat option needs no schema change. The four columns they lived in are dropped."""
    from ..chat_setup import ChatSetup

    db.execute("ALTER TABLE chats ADD COLUMN setup TEXT NOT NULL DEFAULT '{}'")
    rows = db.execute("SELECT id, system, compaction, workspace, approve_writes FROM chats").fetchall()
    db.executemany(
        "UPDATE chats SET setup=? WHERE id=?",
        (
            (ChatSetup(system or None, bool(compaction), workspace or None, bool(approve)).to_json(), chat_id)
            for chat_id, system, compaction, workspace, approve in rows
        ),
    )
    for column in ("system", "compaction", "workspace", "approve_writes"):
        db.execute(f"ALTER TABLE chats DROP COLUMN {column}")


def _v7(db: sqlite3.Connection) -> None:
    """The branch a chat shows (and its next prompt continues): the tip the user chose with the
    branch switcher. NULL: the newest message, as every chat was before."""
    db.execute("ALTER TABLE chats ADD COLUMN leaf_id INTEGER")


def _v8(db: sqlite3.Connection) -> None:
    """Search at a million messages. The message index gets prefix indexes for 2- and 3-character
    prefixes: without them FTS5 merges every term's matches before the first result ("re": 370 ms;
    now 0.1 ms). Titles get an index of their own (trigrams: the same substring matching as LIKE,
    Chinese included), kept in step with the chats table by triggers; they were scanned with LIKE.
    Rebuilding takes ~45 s per million messages, inside the migration's transaction (after its backup)."""
    _run_script(
        db,
        """
        CREATE VIRTUAL TABLE message_index_v8 USING fts5(
            body, thinking, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
        );
        INSERT INTO message_index_v8(rowid, body, thinking) SELECT rowid, body, thinking FROM message_index;
        DROP TABLE message_index;
        ALTER TABLE message_index_v8 RENAME TO message_index;
        CREATE VIRTUAL TABLE title_index USING fts5(title, tokenize = 'trigram');
        INSERT INTO title_index(rowid, title) SELECT rowid, title FROM chats;
        """,
    )
    for trigger in (  # (one statement each: _run_script splits on semicolons)
        "CREATE TRIGGER chats_title_added AFTER INSERT ON chats BEGIN"
        " INSERT INTO title_index(rowid, title) VALUES (new.rowid, new.title); END",
        "CREATE TRIGGER chats_title_changed AFTER UPDATE OF title ON chats BEGIN"
        " UPDATE title_index SET title = new.title WHERE rowid = new.rowid; END",
        "CREATE TRIGGER chats_title_gone AFTER DELETE ON chats BEGIN"
        " DELETE FROM title_index WHERE rowid = old.rowid; END",
    ):
        db.execute(trigger)


def _v9(db: sqlite3.Connection) -> None:
    """A streaming reply is saved as what is new each second (``reply_progress``), not rewritten and
    indexed whole: at 1.2 MB each save held the UI 80 ms. The reply is written whole and indexed
    once, when it ends (or, after a crash, when the history is next opened)."""
    _run_script(
        db,
        """
        CREATE TABLE reply_progress(
            id INTEGER PRIMARY KEY,
            message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
            steps TEXT NOT NULL
        );
        CREATE INDEX reply_progress_by_message ON reply_progress(message_id, id);
        """,
    )


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_v1, _v2, _v3, _v4, _v5, _v6, _v7, _v8, _v9]
SCHEMA_VERSION = len(MIGRATIONS)
