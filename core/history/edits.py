"""The history store's record of file edits made (or proposed) by the text editor tool.

Every write keeps the file's bytes before and after (content-addressed in ``blobs``, so repeated
edits of the same file are stored once), so the chat can show its diff and the user can undo it,
after a restart too. A mixin of ``Store`` (store.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from .messages import MessageStore


@dataclass(frozen=True, slots=True)
class FileEdit:
    id: int
    chat_id: str
    tool_use_id: str
    workspace: str
    path: str  # relative to the workspace, as shown
    command: str
    before_hash: str | None  # None: the edit created the file
    after_hash: str
    status: str  # applied | declined | failed | undone
    created_at: float
    undone_at: float | None


_COLUMNS = "id, chat_id, tool_use_id, workspace, path, command, before_hash, after_hash, status, created_at, undone_at"


class EditStore(MessageStore):
    def put_blob(self, data: bytes) -> str:
        import hashlib  # loads OpenSSL (~3 ms): only when bytes are stored, never before the first paint

        key = hashlib.sha256(data).hexdigest()
        self._db.execute("INSERT OR IGNORE INTO blobs(hash, data) VALUES (?, ?)", (key, data))
        return key

    def blob(self, key: str | None) -> bytes | None:
        if key is None:
            return None
        row = self._db.execute("SELECT data FROM blobs WHERE hash=?", (key,)).fetchone()
        return bytes(row[0]) if row else None

    def record_edit(
        self,
        chat_id: str,
        tool_use_id: str,
        *,
        workspace: str,
        path: str,
        command: str,
        before: bytes | None,
        after: bytes,
        status: str,
    ) -> int:
        """Keep the bytes first, then the record: an edit is never applied without its backup."""
        with self.transaction():
            before_hash = self.put_blob(before) if before is not None else None
            after_hash = self.put_blob(after)
            cur = self._db.execute(
                "INSERT INTO file_edits(chat_id, tool_use_id, workspace, path, command, before_hash, after_hash,"
                " status, created_at) VALUES (?,?,?,?,?,?,?,?,?)",
                (chat_id, tool_use_id, workspace, path, command, before_hash, after_hash, status, self._clock()),
            )
        assert cur.lastrowid is not None
        return cur.lastrowid

    def set_edit_status(self, edit_id: int, status: str) -> None:
        undone_at = self._clock() if status == "undone" else None
        self._db.execute("UPDATE file_edits SET status=?, undone_at=? WHERE id=?", (status, undone_at, edit_id))

    def edit(self, edit_id: int) -> FileEdit | None:
        row = self._db.execute(f"SELECT {_COLUMNS} FROM file_edits WHERE id=?", (edit_id,)).fetchone()
        return FileEdit(*row) if row else None

    def edits_for_calls(self, chat_id: str, tool_use_ids: list[str]) -> dict[str, FileEdit]:
        """The edit each of these tool calls proposed (the newest, if a call was recorded twice)."""
        if not tool_use_ids:
            return {}
        marks = ",".join("?" * len(tool_use_ids))
        rows = self._db.execute(
            f"SELECT {_COLUMNS} FROM file_edits WHERE chat_id=? AND tool_use_id IN ({marks}) ORDER BY id",
            (chat_id, *tool_use_ids),
        ).fetchall()
        return {row[2]: FileEdit(*row) for row in rows}

    def unreported_undos(self, chat_id: str) -> list[FileEdit]:
        """Edits the user undid that Claude has not been told about yet."""
        rows = self._db.execute(
            f"SELECT {_COLUMNS} FROM file_edits WHERE chat_id=? AND status='undone' AND reported=0 ORDER BY undone_at",
            (chat_id,),
        ).fetchall()
        return [FileEdit(*row) for row in rows]

    def mark_reported(self, edit_ids: list[int]) -> None:
        self._db.executemany("UPDATE file_edits SET reported=1 WHERE id=?", [(i,) for i in edit_ids])

    def drop_orphan_blobs(self) -> None:
        """Forget bytes no edit and no message's attachment refers to any more."""
        self._db.execute(
            "DELETE FROM blobs WHERE hash NOT IN (SELECT before_hash FROM file_edits WHERE before_hash IS NOT NULL"
            " UNION SELECT after_hash FROM file_edits"
            " UNION SELECT json_extract(b.value, '$.sha256') FROM messages, json_each(messages.content) AS b"
            " WHERE json_extract(b.value, '$.type') = 'attachment')"
        )
