"""The history store's messages: appending, the reply written while it streams, branches.

A mixin of ``Store`` (store.py), which owns the connection and the schema.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from .rows import JSON, JSON_META, MESSAGE_META, MessageRow, dump, load, message_row
from .schema import index_pair


class MessageStore:
    _db: sqlite3.Connection
    _clock: Callable[[], float]

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

    # ------------------------------------------------------------ messages

    def leaf(self, chat_id: str) -> int | None:
        """The tip of the branch shown: the one the user chose (:meth:`choose_branch`), else the
        newest message. The next prompt continues it."""
        row = self._db.execute(
            "SELECT m.id FROM chats c JOIN messages m ON m.id = c.leaf_id AND m.chat_id = c.id WHERE c.id=?", (chat_id,)
        ).fetchone()
        if row is not None:
            return int(row[0])
        row = self._db.execute("SELECT max(id) FROM messages WHERE chat_id=?", (chat_id,)).fetchone()
        return row[0] if row else None

    def choose_branch(self, chat_id: str, message_id: int) -> list[int]:
        """Show the branch through *message_id*, continued to its newest reply, and make it the one
        the next prompt continues. Returns its ids, oldest first (empty for a message not in the chat)."""
        known = self._db.execute("SELECT 1 FROM messages WHERE id=? AND chat_id=?", (message_id, chat_id)).fetchone()
        if known is None:
            return []
        ids = self.branch_ids(chat_id, through=message_id)
        if ids:
            newest = self._db.execute("SELECT max(id) FROM messages WHERE chat_id=?", (chat_id,)).fetchone()[0]
            with self.transaction() as db:
                db.execute("UPDATE chats SET leaf_id=? WHERE id=?", (None if ids[-1] == newest else ids[-1], chat_id))
        return ids

    def siblings(self, chat_id: str, ids: list[int]) -> dict[int, list[int]]:
        """For each message in *ids* that has other versions (an edited prompt, a retried answer:
        the same parent and role), every version's id, oldest first. Messages without are left out."""
        rows = self._db.execute("SELECT id, parent_id, role FROM messages WHERE chat_id=?", (chat_id,)).fetchall()
        versions: dict[tuple[int | None, str], list[int]] = {}
        place: dict[int, tuple[int | None, str]] = {}
        for message_id, parent_id, role in rows:
            versions.setdefault((parent_id, role), []).append(message_id)
            place[message_id] = (parent_id, role)
        found = {}
        for message_id in ids:
            group = versions.get(place.get(message_id, (None, "")), [])
            if len(group) > 1:
                found[message_id] = sorted(group)
        return found

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
            # The new message is the newest: the branch shown is the one it is on.
            db.execute("UPDATE chats SET updated_at=max(updated_at, ?), leaf_id=NULL WHERE id=?", (now, chat_id))
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

    def save_progress(self, message_id: int, steps: list[Any]) -> None:
        """Add what a streaming reply gained since the last save (``Accumulator.progress``: about once
        a second); costs what is new, never the whole reply."""
        if steps:
            self._db.execute("INSERT INTO reply_progress(message_id, steps) VALUES (?,?)", (message_id, dump(steps)))

    def restart_progress(self, message_id: int) -> None:
        """The reply starts over (a retried attempt): what was saved of the last attempt goes."""
        self._db.execute("DELETE FROM reply_progress WHERE message_id=?", (message_id,))

    def _saved_so_far(self, row: MessageRow) -> list[JSON]:
        """A streaming reply's content as saved so far (a reply saved whole by an earlier Parley: as it is)."""
        rows = self._db.execute("SELECT steps FROM reply_progress WHERE message_id=? ORDER BY id", (row.id,))
        steps = [step for (saved,) in rows for step in (load(saved) or [])]
        return replay_progress(steps) if steps else row.content

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
            db.execute("DELETE FROM reply_progress WHERE message_id=?", (message_id,))

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
        continued to the newest message under it (for a search hit in an older branch, a version
        chosen with the switcher)."""
        links = dict(self._db.execute("SELECT id, parent_id FROM messages WHERE chat_id=?", (chat_id,)).fetchall())
        if through is not None and through in links:
            children: dict[int, list[int]] = {}
            for child, parent in links.items():
                if parent is not None:
                    children.setdefault(parent, []).append(child)
            newest, stack = through, [through]  # the newest message under it: where it was last continued
            while stack:
                below = stack.pop()
                newest = max(newest, below)
                stack.extend(children.get(below, ()))
            leaf_id = newest
        node = leaf_id if leaf_id is not None else self.leaf(chat_id)
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
                rows[r[0]] = self._with_progress(message_row(r))
        return [rows[i] for i in ids if i in rows]

    def _with_progress(self, row: MessageRow) -> MessageRow:
        """A reply still streaming, as saved so far."""
        if row.status != "streaming":
            return row
        from dataclasses import replace

        return replace(row, content=self._saved_so_far(row))

    def chat_is_empty(self, chat_id: str) -> bool:
        return self._db.execute("SELECT 1 FROM messages WHERE chat_id=? LIMIT 1", (chat_id,)).fetchone() is None

    def messages(self, chat_id: str) -> list[MessageRow]:
        rows = self._db.execute("SELECT * FROM messages WHERE chat_id=? ORDER BY id", (chat_id,)).fetchall()
        return [self._with_progress(message_row(r)) for r in rows]

    def message(self, message_id: int) -> MessageRow | None:
        row = self._db.execute("SELECT * FROM messages WHERE id=?", (message_id,)).fetchone()
        return self._with_progress(message_row(row)) if row else None

    def reply_usage(self, chat_id: str) -> list[tuple[JSON | None, float | None]]:
        """(usage, cost) of every reply in the chat, in every branch, without reading content; a reply
        still streaming has no figures yet, and is left out until it ends."""
        rows = self._db.execute(
            "SELECT usage, cost_usd FROM messages WHERE chat_id=? AND role='assistant' AND status != 'streaming' "
            "ORDER BY id",
            (chat_id,),
        ).fetchall()
        return [(load(u), c) for u, c in rows]


def replay_progress(steps: list[list[Any]]) -> list[JSON]:
    """The content blocks that ``Accumulator.progress`` steps (core/accumulator.py) describe (a reply cut off while it
    streamed: what was saved of it)."""
    blocks: dict[int, JSON] = {}
    for step in steps:
        if step[0] in ("start", "block") and isinstance(step[2], dict):
            blocks[step[1]] = step[2]
        elif step[0] == "add" and step[1] in blocks:
            block = blocks[step[1]]
            block[step[2]] = str(block.get(step[2]) or "") + step[3]
    return [blocks[index] for index in sorted(blocks)]
