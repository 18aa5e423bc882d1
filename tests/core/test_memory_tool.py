"""The memory tool: every command answers as the reference does, every path stays in the memory
folder (escapes, encoded dots, backslashes and symbolic links are refused and touch nothing), and in
the tool loop its calls run without asking and the strict fake API accepts the requests."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from parley.core.catalog import load_shipped
from parley.core.chat import ChatRunner
from parley.core.history.store import Store
from parley.core.request import ChatOptions
from parley.core.tools.memory import MemoryTool, note_path
from parley.core.tools.sandbox import Refused
from parley.core.tools.session import ToolObserver, ToolSession
from tests.conftest import CLOCK, run
from tests.fakeapi.agent import agent, results_in, say


@pytest.fixture
def memory(tmp_path: Path) -> MemoryTool:
    return MemoryTool(tmp_path / "memory")


def test_the_commands_answer_as_the_reference_does(memory):
    empty = memory.run({"command": "view", "path": "/memories"})
    assert not empty.is_error
    assert empty.content.startswith("Here're the files and directories up to 2 levels deep in /memories")
    created = memory.run(
        {"command": "create", "path": "/memories/notes/user.md", "file_text": "likes tea\nlives in Oslo\n"}
    )
    assert created.content == "File created successfully at: /memories/notes/user.md"
    listing = memory.run({"command": "view", "path": "/memories"}).content
    assert "/memories/notes/user.md" in listing
    view = memory.run({"command": "view", "path": "/memories/notes/user.md", "view_range": [2, -1]}).content
    assert view == "Here's the content of /memories/notes/user.md with line numbers:\n     2\tlives in Oslo"
    edited = memory.run(
        {"command": "str_replace", "path": "/memories/notes/user.md", "old_str": "tea", "new_str": "coffee"}
    )
    assert edited.content == "The memory file has been edited."
    missing = memory.run({"command": "str_replace", "path": "/memories/notes/user.md", "old_str": "milk"})
    assert missing.is_error
    assert "did not appear verbatim" in missing.content
    memory.run({"command": "insert", "path": "/memories/notes/user.md", "insert_line": 0, "insert_text": "# User"})
    bad_line = memory.run(
        {"command": "insert", "path": "/memories/notes/user.md", "insert_line": 9, "insert_text": "x"}
    )
    assert "should be within the range of lines of the file: [0, 3]" in bad_line.content
    assert (memory.folder / "notes/user.md").read_text() == "# User\nlikes coffee\nlives in Oslo\n"
    assert memory.run({"command": "rename", "old_path": "/memories/notes", "new_path": "/memories/people"}).content == (
        "Successfully renamed /memories/notes to /memories/people"
    )
    memory.run({"command": "create", "path": "/memories/x.md", "file_text": "x"})
    taken = memory.run({"command": "rename", "old_path": "/memories/x.md", "new_path": "/memories/people/user.md"})
    assert "already exists" in taken.content
    assert (
        memory.run({"command": "delete", "path": "/memories/people"}).content == "Successfully deleted /memories/people"
    )
    assert memory.run({"command": "delete", "path": "/memories"}).is_error
    gone = memory.run({"command": "view", "path": "/memories/people/user.md"})
    assert gone.content == "Error: The path /memories/people/user.md does not exist. Please provide a valid path."


@pytest.mark.parametrize(
    "path",
    [
        "/etc/passwd",
        "/memories/../secret",
        "/memories/%2e%2e/secret",
        "/memories\\..\\secret",
        "memories/x",
        "/memoriesx",
    ],
)
def test_paths_stay_in_the_memory_folder(memory, tmp_path, path):
    (tmp_path / "secret").write_text("keep")
    result = memory.run({"command": "create", "path": path, "file_text": "pwned"})
    assert result.is_error
    assert (tmp_path / "secret").read_text() == "keep"
    assert memory.run({"command": "delete", "path": path}).is_error
    assert (tmp_path / "secret").exists()


def test_a_symbolic_link_out_of_the_folder_is_refused(memory, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "f.md").write_text("keep")
    os.symlink(outside, memory.folder / "link")
    assert memory.run({"command": "view", "path": "/memories/link/f.md"}).is_error
    assert memory.run({"command": "create", "path": "/memories/link/g.md", "file_text": "x"}).is_error
    assert memory.run({"command": "delete", "path": "/memories/link/f.md"}).is_error
    assert sorted(p.name for p in outside.iterdir()) == ["f.md"]


def test_the_user_reads_edits_and_deletes_notes_through_the_same_sandbox(memory, tmp_path):
    """Settings → Memory → View and edit… : what the user sees is what Claude keeps, and no path
    typed there reaches outside the folder either."""
    (memory.folder / "projects").mkdir()
    (memory.folder / "projects" / "parley.md").write_text("ship MCP")
    (memory.folder / "prefs.md").write_text("tea, not coffee")
    (memory.folder / ".hidden").write_text("x")
    (memory.folder / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe")
    os.symlink(tmp_path, memory.folder / "out")
    assert memory.notes() == ["/memories/photo.png", "/memories/prefs.md", "/memories/projects/parley.md"]
    assert memory.read_note("/memories/prefs.md") == "tea, not coffee"
    with pytest.raises(Refused, match="not text"):
        memory.read_note("/memories/photo.png")  # shown, never garbled by an edit
    memory.write_note("/memories/prefs.md", "green tea")
    assert memory.run({"command": "view", "path": "/memories/prefs.md"}).content.endswith("green tea")
    memory.write_note("/memories/new/idea.md", "")
    assert "/memories/new/idea.md" in memory.notes()
    memory.delete_note("/memories/projects/parley.md")
    assert not (memory.folder / "projects" / "parley.md").exists()
    (tmp_path / "secret").write_text("keep")
    for escape in ("/memories/../secret", "/memories/out/secret", "/etc/passwd", "/memories/%2e%2e/secret"):
        with pytest.raises(Refused):
            memory.write_note(escape, "pwned")
        with pytest.raises(Refused):
            memory.read_note(escape)
    assert (tmp_path / "secret").read_text() == "keep"
    assert [note_path(n) for n in ("prefs", " projects/a.md ", "/memories/x.xml", "memories/y")] == [
        "/memories/prefs.md",
        "/memories/projects/a.md",
        "/memories/x.xml",
        "/memories/y.md",
    ]


def test_memory_calls_run_without_asking_in_the_tool_loop(fake_api, make_client, tmp_path):
    fake_api.handler = agent(
        [
            [
                say("Checking my notes."),
                {"type": "tool_use", "id": "k1", "name": "memory", "input": {"command": "view", "path": "/memories"}},
            ],
            [
                {
                    "type": "tool_use",
                    "id": "k2",
                    "name": "memory",
                    "input": {"command": "create", "path": "/memories/user.md", "file_text": "prefers metric units\n"},
                }
            ],
            [say("Noted.")],
        ]
    )
    memory = MemoryTool(tmp_path / "memory")

    async def go():
        store = Store(tmp_path / "h.sqlite3")
        try:
            async with make_client(retries=0) as client:
                runner = ChatRunner(store, client, load_shipped(), clock=CLOCK)
                tools = ToolSession(store, None, ToolObserver(), memory=memory)  # (an observer that declines all)
                return await runner.ask("Remember I use metric", ChatOptions("claude-opus-4-7"), tools=tools)
        finally:
            store.close()

    outcome = run(go())
    assert outcome.text == "Noted."
    reqs = fake_api.messages_requests()
    assert [r.status for r in reqs] == [200, 200, 200]
    assert {"type": "memory_20250818", "name": "memory"} in reqs[0].body["tools"]
    assert (tmp_path / "memory" / "user.md").read_text() == "prefers metric units\n"
    assert results_in(reqs[2].body)[0]["content"] == "File created successfully at: /memories/user.md"


def test_parley_ask_memory(cli, fake_api, tmp_path):
    fake_api.handler = agent(
        [
            [
                {
                    "type": "tool_use",
                    "id": "k1",
                    "name": "memory",
                    "input": {"command": "create", "path": "/memories/a.md", "file_text": "x"},
                }
            ],
            [say("Saved.")],
        ]
    )
    done = cli("ask", "--memory", "--json", "-m", "claude-opus-4-7", "remember x")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["text"] == "Saved."
    assert (tmp_path / "data" / "memory" / "a.md").read_text() == "x"
    assert "→ create /memories/a.md" in done.stderr
