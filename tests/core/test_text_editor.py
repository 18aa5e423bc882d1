"""The text editor tool's commands and its sandbox: every refusal is an error result, nothing escapes."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from parley.core.tools.editor import VIEW_MAX_CHARS, EditPlan, TextEditor, ToolResult, unified_diff
from parley.core.tools.sandbox import Refused, Workspace


@pytest.fixture
def tree(tmp_path: Path) -> tuple[Path, Path]:
    """A workspace with a few files, and a secret file outside it."""
    root = tmp_path / "work"
    (root / "src").mkdir(parents=True)
    (root / "src" / "app.py").write_text("def main():\n    print('hi')\n\nmain()\n")
    (root / "notes.txt").write_text("one\ntwo\nthree\n")
    (root / ".hidden").write_text("x")
    outside = tmp_path / "secret.txt"
    outside.write_text("TOP SECRET\n")
    return root, outside


def editor(root: Path, **kw: int) -> TextEditor:
    return TextEditor(Workspace(root, **kw))


def planned(ed: TextEditor, tool_input: dict[str, object]) -> EditPlan:
    plan = ed.plan(tool_input)
    assert isinstance(plan, EditPlan), plan
    return plan


def refused(result: object, *words: str) -> None:
    assert isinstance(result, ToolResult)
    assert result.is_error
    assert result.content.startswith("Error: ")
    for word in words:
        assert word in result.content, result.content


# ------------------------------------------------------------ view


def test_view_numbers_lines_and_honours_view_range(tree: tuple[Path, Path]) -> None:
    ed = editor(tree[0])
    whole = ed.view({"command": "view", "path": "notes.txt"})
    assert whole == ToolResult("1: one\n2: two\n3: three")
    assert ed.view({"command": "view", "path": "notes.txt", "view_range": [2, -1]}).content == "2: two\n3: three"
    assert ed.view({"command": "view", "path": "notes.txt", "view_range": [2, 2]}).content == "2: two"
    refused(ed.view({"command": "view", "path": "notes.txt", "view_range": [3, 9]}), "out of range", "3 lines")
    refused(ed.view({"command": "view", "path": "notes.txt", "view_range": [0, 2]}), "out of range")
    refused(ed.view({"command": "view", "path": "notes.txt", "view_range": "1-2"}), "two line numbers")


def test_view_lists_a_folder_two_levels_deep_without_hidden_files(tree: tuple[Path, Path]) -> None:
    root = tree[0]
    (root / "src" / "deep" / "deeper").mkdir(parents=True)
    (root / "src" / "deep" / "deeper" / "x.py").write_text("")
    (root / "node_modules").mkdir()
    listing = editor(root).view({"command": "view", "path": "."}).content
    assert "src/" in listing
    assert "src/app.py" in listing
    assert "notes.txt" in listing
    assert "src/deep/" in listing
    assert "deeper" not in listing  # depth 2
    assert ".hidden" not in listing
    assert "node_modules" not in listing
    refused(editor(root).view({"command": "view", "path": "src", "view_range": [1, 2]}), "folders")


def test_view_refuses_binary_non_utf8_and_large_files_and_truncates_long_ones(tree: tuple[Path, Path]) -> None:
    root = tree[0]
    (root / "blob.bin").write_bytes(b"\x00\x01\x02")
    (root / "latin1.txt").write_bytes("café".encode("latin-1"))
    (root / "big.txt").write_bytes(b"a" * 2001)
    (root / "long.txt").write_text("".join(f"line {i} " + "x" * 80 + "\n" for i in range(1000)))
    ed = editor(root, max_file_bytes=2000)
    refused(ed.view({"command": "view", "path": "blob.bin"}), "binary")
    refused(ed.view({"command": "view", "path": "latin1.txt"}), "not UTF-8")
    refused(ed.view({"command": "view", "path": "big.txt"}), "up to")
    long_view = editor(root).view({"command": "view", "path": "long.txt"}).content
    assert len(long_view) <= VIEW_MAX_CHARS + 200
    assert "truncated" in long_view
    assert "view_range" in long_view


# ------------------------------------------------------------ writes


def test_str_replace_needs_exactly_one_match(tree: tuple[Path, Path]) -> None:
    root = tree[0]
    ed = editor(root)
    plan = planned(ed, {"command": "str_replace", "path": "src/app.py", "old_str": "'hi'", "new_str": "'hello'"})
    assert "-    print('hi')" in plan.diff()
    assert "+    print('hello')" in plan.diff()
    assert (root / "src" / "app.py").read_text().count("'hi'") == 1  # planning writes nothing
    assert ed.apply(plan) == ToolResult("Successfully replaced text at exactly one location (src/app.py, line 2).")
    assert "print('hello')" in (root / "src" / "app.py").read_text()
    refused(ed.plan({"command": "str_replace", "path": "src/app.py", "old_str": "nope", "new_str": ""}), "No match")
    refused(
        ed.plan({"command": "str_replace", "path": "src/app.py", "old_str": "main", "new_str": "x"}),
        "Found 2 matches",
        "lines 1, 4",
    )
    refused(
        ed.plan({"command": "str_replace", "path": "src/app.py", "old_str": "", "new_str": "x"}), "must not be empty"
    )
    refused(ed.plan({"command": "str_replace", "path": "missing.py", "old_str": "a", "new_str": "b"}), "not found")


def test_crlf_and_byte_order_mark_are_kept(tree: tuple[Path, Path]) -> None:
    root = tree[0]
    (root / "win.txt").write_bytes(b"\xef\xbb\xbfalpha\r\nbeta\r\n")
    ed = editor(root)
    plan = planned(ed, {"command": "str_replace", "path": "win.txt", "old_str": "alpha\nbeta", "new_str": "A\nB"})
    ed.apply(plan)
    assert (root / "win.txt").read_bytes() == b"\xef\xbb\xbfA\r\nB\r\n"
    ed.apply(planned(ed, {"command": "insert", "path": "win.txt", "insert_line": 1, "insert_text": "mid"}))
    assert (root / "win.txt").read_bytes() == b"\xef\xbb\xbfA\r\nmid\r\nB\r\n"


def test_insert_after_a_line_and_at_the_top_and_out_of_range(tree: tuple[Path, Path]) -> None:
    root = tree[0]
    ed = editor(root)
    ed.apply(planned(ed, {"command": "insert", "path": "notes.txt", "insert_line": 0, "insert_text": "zero\n"}))
    ed.apply(planned(ed, {"command": "insert", "path": "notes.txt", "insert_line": 4, "insert_text": "four"}))
    assert (root / "notes.txt").read_text() == "zero\none\ntwo\nthree\nfour"
    refused(ed.plan({"command": "insert", "path": "notes.txt", "insert_line": 9, "insert_text": "x"}), "out of range")
    refused(ed.plan({"command": "insert", "path": "notes.txt", "insert_text": "x"}), "insert_line")


def test_create_makes_folders_and_apply_refuses_a_file_changed_since_the_plan(tree: tuple[Path, Path]) -> None:
    root = tree[0]
    ed = editor(root)
    plan = planned(ed, {"command": "create", "path": "pkg/sub/new.py", "file_text": "x = 1\n"})
    assert plan.before is None
    assert plan.diff().startswith("--- /dev/null")
    assert ed.apply(plan).content.startswith("Created pkg/sub/new.py")
    assert (root / "pkg" / "sub" / "new.py").read_text() == "x = 1\n"
    stale = planned(ed, {"command": "create", "path": "notes.txt", "file_text": "replaced\n"})
    (root / "notes.txt").write_text("changed by the user\n")
    refused(ed.apply(stale), "changed while the edit waited")
    assert (root / "notes.txt").read_text() == "changed by the user\n"
    refused(ed.plan({"command": "create", "path": "x.py"}), "file_text")


def test_writes_keep_the_file_mode_and_leave_no_temporary_files(tree: tuple[Path, Path]) -> None:
    root = tree[0]
    script = root / "run.sh"
    script.write_text("echo hi\n")
    script.chmod(0o750)
    ed = editor(root)
    ed.apply(planned(ed, {"command": "str_replace", "path": "run.sh", "old_str": "hi", "new_str": "bye"}))
    assert script.stat().st_mode & 0o777 == 0o750
    assert not [p for p in root.iterdir() if p.name.startswith(".parley-")]


def test_unified_diff_marks_a_missing_final_newline() -> None:
    assert "\\ No newline at end of file" in unified_diff("a", b"x", b"y")


# ------------------------------------------------------------ the sandbox


def _corpus(root: Path, outside: Path) -> list[str]:
    return [
        "../secret.txt",
        "src/../../secret.txt",
        "..",
        "./../secret.txt",
        "..\\secret.txt",
        "src\\..\\..\\secret.txt",
        str(outside),
        str(outside.parent),
        "/etc/passwd",
        "/",
        "//etc/passwd",
        "C:\\Windows\\win.ini",
        "\\\\server\\share\\x",
        "~/secret.txt",
        "~root/.ssh/id_rsa",
        "\uff0e\uff0e/secret.txt",  # fullwidth dots
        "\u2025/secret.txt",  # two-dot leader
        "src\u2215..\u2215..\u2215secret.txt",  # division slash
        "src\uff0f..\uff0fsecret.txt",  # fullwidth solidus
        "notes\u202etxt.exe",  # right-to-left override
        "no\u200btes.txt",  # zero-width space
        "notes.txt\x00.py",
        "src/\n../secret.txt",
        "link_out/secret.txt",
        "link_file",
        "link_dangling",
        "link_loop",
        "src/link_up/secret.txt",
        "",
        "   ",
        "a" * 5000,
    ]


def test_traversal_corpus_never_escapes(tree: tuple[Path, Path]) -> None:
    root, outside = tree
    (root / "link_out").symlink_to(outside.parent, target_is_directory=True)
    (root / "link_file").symlink_to(outside)
    (root / "link_dangling").symlink_to(outside.parent / "nothing-yet.txt")
    (root / "link_loop").symlink_to(root / "link_loop")
    (root / "src" / "link_up").symlink_to(root.parent, target_is_directory=True)
    ed = editor(root)
    secret = outside.read_bytes()
    before = sorted(p.name for p in outside.parent.iterdir())
    for path in _corpus(root, outside):
        refused(ed.view({"command": "view", "path": path}))
        refused(ed.plan({"command": "create", "path": path, "file_text": "pwned\n"}))
        refused(ed.plan({"command": "str_replace", "path": path, "old_str": "TOP", "new_str": "pwned"}))
        refused(ed.plan({"command": "insert", "path": path, "insert_line": 0, "insert_text": "pwned"}))
    assert outside.read_bytes() == secret
    assert sorted(p.name for p in outside.parent.iterdir()) == before
    assert not (outside.parent / "nothing-yet.txt").exists()


def test_links_and_absolute_paths_inside_the_workspace_are_allowed(tree: tuple[Path, Path]) -> None:
    root, _ = tree
    (root / "alias.txt").symlink_to(root / "notes.txt")
    ed = editor(root)
    assert ed.view({"command": "view", "path": "alias.txt"}).content.startswith("1: one")
    assert ed.view({"command": "view", "path": str(root / "notes.txt")}).content.startswith("1: one")
    assert ed.view({"command": "view", "path": "./src//app.py"}).content.startswith("1: def main")


def test_devices_fifos_and_sockets_are_refused(tree: tuple[Path, Path]) -> None:
    root, _ = tree
    os.mkfifo(root / "pipe")
    (root / "null").symlink_to("/dev/null")
    server = socket.socket(socket.AF_UNIX)
    sock_path = root / "s.sock"
    try:
        server.bind(str(sock_path))
        ed = editor(root)
        for name in ("pipe", "s.sock"):
            refused(ed.view({"command": "view", "path": name}), "not a regular file")
            refused(ed.plan({"command": "create", "path": name, "file_text": "x"}), "not a regular file")
        refused(ed.view({"command": "view", "path": "null"}), "outside the workspace")
    finally:
        server.close()


def test_a_workspace_must_be_a_folder(tmp_path: Path) -> None:
    with pytest.raises(Refused, match="not a folder"):
        Workspace(tmp_path / "missing")
