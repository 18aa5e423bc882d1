"""Kill -9 a real ``parley`` process at random moments while it imports a large export and while it
migrates an old database, 20 times each: the history opens, ``PRAGMA integrity_check`` is ok, and
nothing saved before is lost (an import lands whole or not at all; a migration finishes on the next
open with every message, and its backup copy is intact)."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from parley.core.history.schema import MIGRATIONS
from parley.core.history.store import SCHEMA_VERSION, Store
from parley.core.transfer.export import export

PARLEY = str(Path(sys.executable).parent / "parley")
RUNS = 20


def _env(data: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ANTHROPIC_", "PARLEY_"))}
    return env | {"PARLEY_DATA_DIR": str(data)}


def _kill_at_random(cmd: list[str], env: dict[str, str], rng: random.Random, longest: float) -> None:
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(rng.uniform(0.0, longest))
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)


def _timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, capture_output=True, timeout=300)
    return time.perf_counter() - start


def test_kill_while_importing(tmp_path: Path) -> None:
    source = tmp_path / "source.sqlite3"
    with Store(source) as store, store.transaction():
        ids = []
        for c in range(400):
            chat = store.create_chat(f"Imported chat {c}")
            ids.append(chat)
            for m in range(10):
                text = f"message {m} of chat {c}: " + "lorem ipsum dolor sit amet " * 20
                store.add_message(chat, "user" if m % 2 == 0 else "assistant", [{"type": "text", "text": text}])
        dump = tmp_path / "export.json"
        dump.write_text(export(store, ids, "json"), encoding="utf-8")
    data = tmp_path / "data"
    with Store(data / "history.sqlite3") as store:
        mine = store.create_chat("Saved before any import")
        store.add_message(mine, "user", [{"type": "text", "text": "keep me"}])
    cmd = [PARLEY, "import", str(dump)]
    rng = random.Random(11)
    probe = tmp_path / "probe"
    shutil.copytree(data, probe)
    whole = _timed(cmd, _env(probe))  # how long a whole import takes here: kills land inside it
    outcomes = set()
    for _ in range(RUNS):
        _kill_at_random(cmd, _env(data), rng, whole)
        with Store(data / "history.sqlite3") as store:
            assert store.integrity_ok()
            chats = store.list_chats(limit=-1)
            assert any(c.id == mine for c in chats)  # what was saved before survives
            assert len(chats) in (1, 401)  # one transaction: all of the import or none of it
            outcomes.add(len(chats))
            if len(chats) == 401:
                break  # imported once; a second import adds nothing, so later kills would prove less
    assert 1 in outcomes  # at least one kill really interrupted an import


def _old_database(path: Path, chats: int, per_chat: int) -> int:
    """A schema version 1 database (brought to the version before the current one), with many messages."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("BEGIN")
    MIGRATIONS[0](db)
    db.execute("PRAGMA user_version=1")
    for c in range(chats):
        db.execute(
            "INSERT INTO chats(id, title, created_at, updated_at, model) VALUES (?, ?, 1, 2, 'claude-opus-4-7')",
            (f"c{c}", f"Old chat {c}"),
        )
        for m in range(per_chat):
            content = json.dumps([{"type": "text", "text": f"old message {m} in chat {c} " + "words " * 40}])
            db.execute(
                "INSERT INTO messages(chat_id, role, content, created_at) VALUES (?, ?, ?, ?)",
                (f"c{c}", "user" if m % 2 == 0 else "assistant", content, m),
            )
    db.execute("COMMIT")
    for target in range(2, SCHEMA_VERSION):
        db.execute("BEGIN")
        MIGRATIONS[target - 1](db)
        db.execute(f"PRAGMA user_version={target}")
        db.execute("COMMIT")
    db.close()
    return chats * per_chat


def test_kill_while_migrating(tmp_path: Path) -> None:
    template = tmp_path / "old.sqlite3"
    total = _old_database(template, chats=300, per_chat=40)
    rng = random.Random(5)
    probe = tmp_path / "probe"
    probe.mkdir()
    shutil.copy(template, probe / "history.sqlite3")
    cmd = [PARLEY, "chats", "--json"]
    whole = _timed(cmd, _env(probe))
    for run in range(RUNS):
        data = tmp_path / f"run{run}"
        data.mkdir()
        shutil.copy(template, data / "history.sqlite3")
        _kill_at_random(cmd, _env(data), rng, whole)
        with Store(data / "history.sqlite3") as store:  # finishes the migration if the kill stopped it
            assert store.integrity_ok()
            assert store._db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
            assert store._db.execute("SELECT count(*) FROM messages").fetchone()[0] == total
            assert len(store.list_chats(limit=-1)) == 300
        for backup in data.glob("*.bak"):  # a backup, when one was made, is a whole copy
            old = sqlite3.connect(backup)
            assert old.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert old.execute("SELECT count(*) FROM messages").fetchone()[0] == total
            old.close()
        shutil.rmtree(data)
