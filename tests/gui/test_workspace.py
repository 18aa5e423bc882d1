"""The workspace binding on its own: the bar follows the shown chat's setup, and its choices change it
(kept for a new chat until its first message creates the chat)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QWidget

from parley.core.history.store import Store
from parley.core.tools.sandbox import Refused
from parley.core.tools.session import ToolObserver
from parley.gui.shown_chat import ShownChat
from parley.gui.workspace import WorkspaceBar, WorkspaceBinding


@pytest.fixture
def binding(qtbot, tmp_path):
    with Store(tmp_path / "h.sqlite3") as store:
        host = QWidget()
        qtbot.addWidget(host)
        shown = ShownChat(store)
        bar = WorkspaceBar(host)
        host.show()
        yield store, shown, bar, WorkspaceBinding(shown, store, bar, host)


def test_a_folder_chosen_before_the_chat_exists_goes_with_it(binding, tmp_path) -> None:
    store, shown, bar, workspace = binding
    folder = tmp_path / "proj"
    folder.mkdir()
    workspace.attach(str(folder))
    workspace.set_approve_all(True)
    assert bar.isVisible()
    assert bar.approve_all.isChecked()
    chat = store.create_chat("made by the first message", setup=shown.setup)
    shown.adopt(chat)
    setup = store.find_chat(chat).setup
    assert setup.workspace == str(folder.resolve())
    assert setup.approve_writes
    workspace.detach()
    assert not bar.isVisible()
    assert store.find_chat(chat).setup.workspace is None
    assert not store.find_chat(chat).setup.approve_writes


def test_the_bar_follows_the_shown_chat_and_hides_for_comparisons(binding, tmp_path) -> None:
    store, shown, bar, workspace = binding
    folder = tmp_path / "proj"
    folder.mkdir()
    chat = store.create_chat("with a folder")
    shown.show(chat)
    workspace.attach(str(folder))
    shown.show(None)
    assert not bar.isVisible()
    shown.show(chat)
    assert bar.isVisible()
    workspace.enable(False)
    assert not bar.isVisible()


def test_a_folder_that_is_gone_says_so(binding, tmp_path) -> None:
    _store, _shown, _bar, workspace = binding
    notices: list[object] = []
    workspace.notice_posted.connect(notices.append)
    workspace.attach(str(tmp_path / "missing"))
    assert "is not a folder" in notices[-1].text
    folder = tmp_path / "was-here"
    folder.mkdir()
    workspace.attach(str(folder))
    folder.rmdir()
    with pytest.raises(Refused):
        workspace.session(ToolObserver())
    assert "Choose it again or detach it" in notices[-1].text
