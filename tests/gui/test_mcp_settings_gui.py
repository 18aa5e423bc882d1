"""Settings → Tools: servers added by hand (secrets to the keyring store, never the file) or
imported from Claude Desktop (a bad file changes nothing and names its line), checked (connected
with its tools, or failed with its stderr's tail), switched off and removed."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QInputDialog, QMessageBox

from parley.core.mcp.config import MemorySecrets, ServerList
from parley.gui.mcp_settings import AddServerDialog, ToolsForm

SERVERS = Path(__file__).resolve().parents[1] / "mcp_servers"


@pytest.fixture
def form(qtbot, services, gui_context) -> ToolsForm:
    gui_context.mcp_secrets = MemorySecrets()
    made = ToolsForm(services)
    qtbot.addWidget(made)
    made.show()
    return made


def listed(gui_context) -> ServerList:
    return ServerList(gui_context.paths.mcp_servers_file, gui_context.mcp_secrets)


def add(form: ToolsForm, name: str, target: str, secrets: str = "", http: bool = False) -> AddServerDialog:
    dialog = AddServerDialog(form.services.mcp_servers(), form)
    dialog.name.setText(name)
    dialog.kind.setCurrentIndex(1 if http else 0)
    dialog.target.setText(target)
    dialog.secrets.setPlainText(secrets)
    dialog.accepted.connect(form.refresh)
    dialog._on_ok()
    return dialog


def test_add_check_switch_off_and_remove(qtbot, form, gui_context):
    assert not form.empty.isHidden()
    bad = add(form, "demo", f"{sys.executable} {SERVERS / 'demo.py'}", "TOKEN abc")
    assert not bad.error.isHidden()
    assert "Line 1 is not NAME=value" in bad.error.text()
    assert listed(gui_context).servers == []
    add(form, "demo", f"{sys.executable} {SERVERS / 'demo.py'}", "TOKEN=s3cret")
    add(form, "broken", f"{sys.executable} {SERVERS / 'hostile.py'} exit")
    assert "s3cret" not in gui_context.paths.mcp_servers_file.read_text()
    assert gui_context.mcp_secrets.get("demo/env/TOKEN") == "s3cret"
    rows = {row.server.name: row for row in form._rows}
    assert set(rows) == {"demo", "broken"}
    assert form.empty.isHidden()
    assert rows["demo"].state.text().startswith("Not started")
    rows["demo"].check.click()
    rows["broken"].check.click()
    qtbot.waitUntil(lambda: rows["demo"].state.text().startswith("Connected"), timeout=15000)
    qtbot.waitUntil(lambda: rows["broken"].state.text().startswith("Failed"), timeout=15000)
    assert "add — Add two numbers." in rows["demo"].tools.text()
    assert rows["demo"].state.text() == "Connected, with 10 tools"
    assert "MISSING_TOKEN" in rows["broken"].state.text()
    rows["broken"].on.setChecked(False)
    assert listed(gui_context).default_set() == ["demo"]
    rows["demo"].trusted.setChecked(True)
    assert listed(gui_context).find("demo").trusted
    rows["broken"].remove.click()
    assert [row.server.name for row in form._rows] == ["demo"]
    assert "Removed broken" in form.message.text()


def test_import_from_claude_desktop(form, gui_context, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{\n  "mcpServers": {\n    "a": {"command": 1}\n  }\n}\n')
    form.import_from(str(bad))
    assert "line 3" in form.message.text()
    assert form.message.objectName() == "error"
    assert listed(gui_context).servers == []
    good = tmp_path / "claude_desktop_config.json"
    good.write_text(json.dumps({"mcpServers": {"files": {"command": "npx", "args": ["-y", "fs"]}}}))
    form.import_from(str(good))
    assert "files" in form.message.text()
    assert [row.server.name for row in form._rows] == ["files"]
    assert listed(gui_context).find("files").args == ["-y", "fs"]


def test_the_settings_dialog_has_a_tools_page(qtbot, window):
    window.open_settings()
    dialog = window.settings_dialog
    assert dialog.tools is not None
    names = [dialog.nav.item(i).text() for i in range(dialog.nav.count())]
    assert names[-1] == "Tools"
    dialog.show_page(len(names) - 1)
    assert dialog.tools.isVisible()
    dialog.reject()


def test_memory_on_off_and_clear(qtbot, form, services, gui_context):
    box = form.memory
    assert not box.on.isChecked()
    assert box.count.text() == "Nothing kept yet."
    assert not box.clear.isEnabled()
    box.on.setChecked(True)
    assert services.settings.memory
    from parley.core.settings import load

    assert load(gui_context.paths.settings_file).memory  # saved at once
    (box.folder / "notes").mkdir(parents=True)
    (box.folder / "notes" / "user.md").write_text("tea")
    (box.folder / "a.md").write_text("x")
    box.show_count()
    assert box.count.text() == "2 notes kept."
    box.clear_now()
    assert list(box.folder.iterdir()) == []
    assert box.count.text() == "Nothing kept yet."


def type_over(editor, text: str) -> None:
    """As the user types (setPlainText would leave the document unmodified)."""
    editor.selectAll()
    editor.insertPlainText(text)


@pytest.mark.qt_log_ignore("This plugin does not support.*")
def test_memory_notes_are_read_and_edited_in_settings(qtbot, form, monkeypatch):
    box = form.memory
    box.folder.mkdir(parents=True, exist_ok=True)
    (box.folder / "prefs.md").write_text("tea")
    (box.folder / "z.bin").write_bytes(b"\xff\xfe\x00")
    dialog = box.show_notes()
    qtbot.waitExposed(dialog)
    assert [dialog.notes.item(i).text() for i in range(dialog.notes.count())] == ["prefs.md", "z.bin"]
    assert dialog.editor.toPlainText() == "tea"
    assert not dialog.save.isEnabled()  # nothing changed yet
    type_over(dialog.editor, "green tea")
    assert dialog.save.isEnabled()
    dialog.save_now()
    assert (box.folder / "prefs.md").read_text() == "green tea"
    assert dialog.status.text() == "Saved."

    asked: list[str] = []

    def answer(choice):
        def question(parent, title, text, *args):
            asked.append(text)
            return choice

        return question

    type_over(dialog.editor, "unsaved")
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Cancel))
    dialog.notes.setCurrentRow(1)  # Cancel: stays on the note, its changes kept
    assert dialog.current == "/memories/prefs.md"
    assert dialog.editor.toPlainText() == "unsaved"
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Discard))
    dialog.notes.setCurrentRow(1)
    assert asked == ["/memories/prefs.md has changes that are not saved."] * 2
    assert (box.folder / "prefs.md").read_text() == "green tea"  # dropped, as asked
    assert dialog.editor.isReadOnly()  # not text: shown, never garbled by an edit
    assert "not text" in dialog.status.text()

    monkeypatch.setattr(QInputDialog, "getText", lambda *a: ("projects/parley", True))
    dialog.ask_new_note()
    assert dialog.current == "/memories/projects/parley.md"
    assert (box.folder / "projects" / "parley.md").read_text() == ""
    monkeypatch.setattr(QInputDialog, "getText", lambda *a: ("../escape", True))
    dialog.ask_new_note()
    assert dialog.status.text().startswith("Not created:")
    assert not (box.folder.parent / "escape.md").exists()

    type_over(dialog.editor, "mine")
    (box.folder / "projects" / "parley.md").write_text("Claude's", encoding="utf-8")  # a chat wrote it meanwhile
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Cancel))
    assert not dialog.save_now()
    assert (box.folder / "projects" / "parley.md").read_text() == "Claude's"  # nothing lost without asking
    assert "Claude changed /memories/projects/parley.md after you opened it" in asked[-1]
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    assert dialog.save_now()
    assert (box.folder / "projects" / "parley.md").read_text() == "mine"

    dialog.confirm_delete()
    assert not (box.folder / "projects" / "parley.md").exists()

    type_over(dialog.editor, "changed again")
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Save))
    dialog.reject()  # Close or Escape: the changes are saved first, as answered
    assert not dialog.isVisible()
    assert dialog.editor.document().isModified() is False
    assert box.count.text() == "2 notes kept."  # the count followed the dialog


def test_the_tools_button_follows_settings_when_they_close(qtbot, window, gui_context):
    gui_context.mcp_secrets = MemorySecrets()
    assert not window.composer.tools.isVisible()
    window.open_tools_settings()
    dialog = window.settings_dialog
    assert dialog.pages.currentIndex() == dialog.nav.count() - 1  # opened at Tools
    add(dialog.tools, "demo", f"{sys.executable} {SERVERS / 'demo.py'}")
    dialog.reject()  # (Cancel: server changes applied at once all the same)
    qtbot.waitUntil(window.composer.tools.isVisible, timeout=3000)
    assert window.composer.tools.text() == "Tools · 1"


def test_edit_keeps_what_was_not_changed_and_never_shows_a_secret(qtbot, form, gui_context):
    add(form, "demo", f"{sys.executable} {SERVERS / 'demo.py'}", "TOKEN=s3cret\nOTHER=x")
    form.change("demo", trusted=True)
    form.refresh()
    row = form._rows[0]
    form.edit(row)
    dialog = form.editor
    assert dialog.name.isReadOnly()
    assert dialog.target.text() == f"{sys.executable} {SERVERS / 'demo.py'}"
    assert dialog.secrets.toPlainText() == "OTHER=(kept)\nTOKEN=(kept)"  # names only, never values
    dialog.target.setText(f"{sys.executable} {SERVERS / 'demo.py'} --flag")
    dialog.secrets.setPlainText("TOKEN=(kept)\nNEW=v")
    dialog._on_ok()
    server = listed(gui_context).find("demo")
    assert server.args == [str(SERVERS / "demo.py"), "--flag"]
    assert server.env == ["NEW", "TOKEN"]
    assert server.trusted  # what the dialog does not show stays
    secrets = gui_context.mcp_secrets
    assert secrets.get("demo/env/TOKEN") == "s3cret"
    assert secrets.get("demo/env/NEW") == "v"
    assert secrets.get("demo/env/OTHER") is None  # no longer named: gone from the keyring


def test_import_offers_claude_desktops_own_file(form, monkeypatch, tmp_path):
    from parley.core.mcp import claude_desktop

    standard = tmp_path / "Claude" / "claude_desktop_config.json"
    standard.parent.mkdir()
    standard.write_text(json.dumps({"mcpServers": {"files": {"command": "npx"}}}))
    monkeypatch.setattr(claude_desktop, "default_path", lambda: standard)
    form.choose_import()
    dialog = form.import_dialog
    assert Path(dialog.selectedFiles()[0]) == standard  # chosen already: one click imports it
    dialog.fileSelected.emit(str(standard))
    assert [row.server.name for row in form._rows] == ["files"]
    dialog.reject()
