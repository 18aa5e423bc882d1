"""The shown chat: the one owner of which chat is open, its settings, and where the next prompt goes."""

from __future__ import annotations

from parley.core.chat_setup import ChatSetup
from parley.core.history.store import Store
from parley.gui.shown_chat import ShownChat


def test_a_new_chats_settings_wait_for_it_and_never_leak(qtbot, tmp_path) -> None:
    with Store(tmp_path / "h.sqlite3") as store:
        shown = ShownChat(store)
        changes: list[tuple[ChatSetup, ChatSetup]] = []
        shown.setup_changed.connect(lambda new, old: changes.append((new, old)))
        shown.change(system="Be brief.", workspace="/tmp/x")
        assert shown.is_new
        assert shown.setup == ChatSetup(system="Be brief.", workspace="/tmp/x")
        assert changes[-1][1] == ChatSetup()
        shown.show(None)  # another new chat: nothing carried over
        assert shown.setup == ChatSetup()


def test_adopting_the_created_chat_then_changes_save_at_once(qtbot, tmp_path) -> None:
    with Store(tmp_path / "h.sqlite3") as store:
        shown = ShownChat(store)
        shown.change(compaction=True)
        chat = store.create_chat("made by a turn", setup=shown.setup)  # as the runner does, in one go
        with qtbot.waitSignal(shown.adopted) as adopted:
            shown.adopt(chat)
        assert adopted.args == [chat]
        assert shown.id == chat
        shown.change(system="From now on")
        assert store.find_chat(chat).setup == ChatSetup(system="From now on", compaction=True)


def test_a_taken_back_chat_is_new_again_with_its_settings(qtbot, tmp_path) -> None:
    with Store(tmp_path / "h.sqlite3") as store:
        shown = ShownChat(store)
        shown.change(system="Keep me")
        chat = store.create_chat("x", setup=shown.setup)
        shown.adopt(chat)
        store.delete_chat(chat)  # the turn sent nothing: the runner removed it
        shown.forget(chat)
        assert shown.is_new
        assert shown.setup.system == "Keep me"


def test_editing_an_earlier_prompt_sets_where_the_next_one_goes(qtbot, tmp_path) -> None:
    with Store(tmp_path / "h.sqlite3") as store:
        shown = ShownChat(store)
        chat = store.create_chat("x")
        shown.show(chat)
        assert not shown.editing
        shown.begin_edit(None)  # editing the first message: a new root
        assert shown.editing
        assert shown.edit_parent is None
        shown.show(chat)  # switching ends the edit
        assert not shown.editing
