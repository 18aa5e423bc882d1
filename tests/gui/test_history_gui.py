"""The history in the window: date groups, pin, rename, delete with undo, full-text search that opens
the chat at the hit, long chats that open at their end, and import from the window. Offline: no key
and no network are needed for any of it."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from parley.core.history.store import Store
from parley.gui.chat_list_model import ChatIdRole, ChatListModel
from parley.gui.chat_paging import FIRST_SHOWN, MOST_BUILT
from parley.gui.chat_paging import PAGE as EARLIER_PAGE
from parley.gui.history_sidebar import HistorySidebar
from tests.conftest import CLOCK

SAMPLES = Path(__file__).parent.parent / "fixtures" / "imports"
NOW = datetime.combine(CLOCK.today(), datetime.min.time()).replace(hour=12)  # the window's clock says so too


def text(t: str) -> list[dict[str, str]]:
    return [{"type": "text", "text": t}]


def chat_at(store: Store, title: str, when: datetime, answer: str = "an answer") -> str:
    ts = when.timestamp()
    chat = store.create_chat(title, created_at=ts, model="claude-sonnet-4-6")
    store.add_message(chat, "user", text(f"prompt for {title}"), created_at=ts)
    store.add_message(chat, "assistant", text(answer), created_at=ts, model="claude-sonnet-4-6")
    return chat


def test_chat_list_groups_by_date_with_pinned_first(tmp_path: Path, qapp) -> None:
    now = NOW
    with Store(tmp_path / "h.sqlite3") as store:
        chat_at(store, "today", now)
        chat_at(store, "yesterday", now - timedelta(days=1))
        chat_at(store, "this week", now - timedelta(days=4))
        chat_at(store, "this month", now - timedelta(days=20))
        old = chat_at(store, "long ago", datetime(2024, 3, 5, 12))
        store.update_chat(old, pinned=True)
        model = ChatListModel(store, today=lambda: now.date())
        model.reload()
        assert model.headers() == ["Pinned", "Today", "Yesterday", "Previous 7 days", "Previous 30 days"]
        titles = [model.data(model.index(r, 0)) for r in range(model.rowCount())]
        assert titles == [
            "Pinned",
            "long ago",
            "Today",
            "today",
            "Yesterday",
            "yesterday",
            "Previous 7 days",
            "this week",
            "Previous 30 days",
            "this month",
        ]
        assert model.flags(model.index(0, 0)) == Qt.ItemFlag.NoItemFlags  # headers cannot be selected
        store.update_chat(old, pinned=False)
        model.reload()
        assert model.headers()[-1] == "March 2024"


def test_ten_thousand_chats_load_a_page_at_a_time(tmp_path: Path, qapp) -> None:
    with Store(tmp_path / "h.sqlite3") as store, store.transaction():
        for i in range(1000):
            store.create_chat(f"chat {i}", created_at=1_700_000_000 + i)
    with Store(tmp_path / "h.sqlite3") as store:
        model = ChatListModel(store, today=CLOCK.today)
        model.reload()
        assert model.chat_count() == 200
        assert model.canFetchMore()
        model.fetchMore()
        assert model.chat_count() == 400


def test_rename_pin_delete_and_undo_from_the_sidebar(window, qtbot) -> None:
    store = window.services.store
    a = chat_at(store, "First chat", NOW)
    b = chat_at(store, "Second chat", NOW)
    sidebar: HistorySidebar = window.sidebar
    sidebar.refresh(None)
    row = sidebar.model.row_of(a)
    assert sidebar.model.setData(sidebar.model.index(row, 0), "  Renamed   chat ", Qt.ItemDataRole.EditRole)
    assert store.find_chat(a).title == "Renamed chat"
    sidebar.toggle_pin(a)
    assert sidebar.model.headers()[0] == "Pinned"
    assert sidebar.model.chat_at(1).id == a
    window.open_chat(b)
    assert window.shown.id == b
    sidebar.delete_chat(b)
    assert sidebar.model.row_of(b) == -1
    assert window.shown.id is None  # the open chat was deleted: a new chat is shown
    assert sidebar.undo_bar.isVisible()
    sidebar.undo_button.click()
    assert sidebar.model.row_of(b) >= 0
    assert window.shown.id == b
    assert not sidebar.undo_bar.isVisible()


def test_search_opens_the_chat_scrolled_to_the_hit(window, qtbot) -> None:
    store = window.services.store
    long_chat = store.create_chat("A long conversation", model="claude-sonnet-4-6")
    ids = []
    for i in range(120):
        word = "needle" if i == 7 else f"filler{i}"
        ids.append(
            store.add_message(
                long_chat,
                "user" if i % 2 == 0 else "assistant",
                text(f"message {i} with {word} inside"),
                model="claude-sonnet-4-6",
            )
        )
    chat_at(store, "模型比较", NOW, answer="推理能力更强")
    window.sidebar.refresh(None)
    qtbot.keyClicks(window.sidebar.search, "needle")
    panel = window.sidebar.panel
    qtbot.waitUntil(lambda: panel.results.count() == 1, timeout=3000)
    assert window.sidebar.stack.currentWidget() is panel
    label = panel.results.itemWidget(panel.results.item(0))
    assert "<b><u>needle</u></b>" in label.text()
    qtbot.keyClick(window.sidebar.search, Qt.Key.Key_Return)
    assert window.shown.id == long_chat
    shown = [w.message_id for w in window.view.message_widgets()]
    assert ids[7] in shown
    assert len(shown) < 120  # only what is needed around the hit was built
    widget = next(w for w in window.view.message_widgets() if w.message_id == ids[7])
    qtbot.waitUntil(lambda: widget.property("highlight") is True, timeout=3000)
    qtbot.waitUntil(lambda: not widget.visibleRegion().isEmpty(), timeout=3000)
    qtbot.keyClick(window.sidebar.search, Qt.Key.Key_Escape)
    assert window.sidebar.stack.currentWidget() is window.sidebar.list
    assert widget.property("highlight") is False  # regression: the hit's outline stayed after Esc
    window.sidebar.search.setText("推理")
    assert [h.chat_title for h in panel.run()] == ["模型比较"]


def test_search_filters_by_model_and_date(window, qtbot) -> None:
    store = window.services.store
    opus = store.create_chat("opus chat", model="claude-opus-4-7")
    store.add_message(opus, "user", text("compare databases"))
    store.add_message(
        opus, "assistant", text("databases compared"), model="claude-opus-4-7", created_at=NOW.timestamp() - 40 * 86400
    )
    sonnet = chat_at(store, "sonnet chat", NOW, answer="databases again")
    panel = window.sidebar.panel
    panel.refresh_models()
    window.sidebar.search.setText("databases")
    assert {h.chat_id for h in panel.run()} == {opus, sonnet}
    panel.model_filter.setCurrentIndex(panel.model_filter.findData("claude-sonnet-4-6"))
    assert {h.chat_id for h in panel.run()} == {sonnet}
    panel.model_filter.setCurrentIndex(0)
    panel.date_filter.setCurrentIndex(panel.date_filter.findData(30))
    hits = panel.run()
    assert opus not in {h.chat_id for h in hits if h.role == "assistant"}
    panel.date_filter.setCurrentIndex(panel.date_filter.findData(-1))
    assert not panel.since.isHidden()  # in the filters popover
    old = CLOCK.today() - timedelta(days=40)
    panel.since.setDate(old)
    panel.until.setDate(old)
    assert [h.message_id for h in panel.run() if h.message_id] == [store.branch(opus)[-1].id]


def test_a_long_chat_opens_at_its_end_and_loads_earlier_messages_on_demand(window, qtbot) -> None:
    store = window.services.store
    chat = store.create_chat("Very long")
    with store.transaction():
        for i in range(300):
            store.add_message(chat, "user" if i % 2 == 0 else "assistant", text(f"**message** {i}"))
    window.open_chat(chat)
    view = window.view
    assert len(view.message_widgets()) == FIRST_SHOWN
    assert view._earlier.isVisible()
    assert f"{300 - FIRST_SHOWN} earlier" in view._earlier.text()
    view._earlier.click()
    assert len(view.message_widgets()) == FIRST_SHOWN + EARLIER_PAGE
    first_id = store.branch(chat)[0].id
    assert view.scroll_to_message(first_id)  # not built: the view moves there, building only around it
    assert len(view.message_widgets()) <= FIRST_SHOWN
    assert view.message_widgets()[0].message_id == first_id
    assert not view._earlier.isVisible()
    assert view.later_count() == 300 - FIRST_SHOWN


def test_a_hit_deep_in_a_long_chat_builds_only_around_it_and_scrolling_releases_far_messages(window, qtbot) -> None:
    store = window.services.store
    chat = store.create_chat("Very long")
    with store.transaction():
        for i in range(400):
            store.add_message(chat, "user" if i % 2 == 0 else "assistant", text(f"message {i}"))
    ids = store.branch_ids(chat)
    window.resize(900, 700)
    window.open_chat(chat, ids[2])
    view = window.view
    assert len(view.message_widgets()) <= FIRST_SHOWN
    assert view.later_count() == 400 - FIRST_SHOWN
    built_max = 0
    for _ in range(40):  # a screen at a time, down through the chat
        view.load_later()
        qtbot.wait(1)
        built_max = max(built_max, len(view.message_widgets()))
    assert built_max <= MOST_BUILT
    shown = [w.message_id for w in view.message_widgets()]
    assert shown == sorted(shown)  # still in order
    assert view._earlier.isVisible()  # the released ones come back when scrolling up
    for _ in range(40):
        view.load_earlier()
    assert view.message_widgets()[0].message_id == ids[0]
    assert len(view.message_widgets()) <= MOST_BUILT


def test_sending_in_a_chat_opened_at_a_hit_shows_its_end_first(window, qtbot) -> None:
    store = window.services.store
    chat = store.create_chat("Long", model="claude-sonnet-4-6")
    with store.transaction():
        for i in range(100):
            store.add_message(chat, "user" if i % 2 == 0 else "assistant", text(f"message {i}"))
    ids = store.branch_ids(chat)
    window.open_chat(chat, ids[2])
    view = window.view
    assert view.later_count() > 0
    view.add_user(0, "a new prompt")
    assert view.later_count() == 0
    shown = [w.message_id for w in view.message_widgets()]
    assert shown[-2] == ids[-1]  # the chat's newest saved message, then the new prompt


@pytest.mark.parametrize(
    ("sample", "expected"),
    [
        ("claude_conversations.json", "Claude.ai export: imported 2 chats."),
        ("broken", "Nothing was changed."),
    ],
)
def test_import_from_the_window(window, qtbot, tmp_path: Path, sample: str, expected: str) -> None:
    from parley.gui.transfer_dialogs import import_chats

    path = SAMPLES / sample if sample != "broken" else tmp_path / "broken.json"
    if sample == "broken":
        path.write_text('[{"uuid": 1}]')
    task = import_chats(
        window,
        window.services.store.path,
        lambda: window.sidebar.refresh(None),
        tasks=window.services.tasks,
        path=str(path),
    )
    qtbot.waitUntil(task.done, timeout=5000)
    box = window.findChild(QMessageBox, "transferResult")
    assert box is not None
    assert expected in box.text()
    box.close()
    titles = {
        window.sidebar.model.chat_at(r).title
        for r in range(window.sidebar.model.rowCount())
        if window.sidebar.model.chat_at(r)
    }
    assert ("Sourdough starter troubleshooting" in titles) == (sample != "broken")
    assert window.sidebar.model.index(0, 0).data(ChatIdRole) is None  # a group header comes first


def test_search_in_thinking_only_when_ticked(window, qtbot) -> None:
    store = window.services.store
    chat = store.create_chat("Thoughtful")
    store.add_message(chat, "user", text("question"))
    store.add_message(
        chat,
        "assistant",
        [{"type": "thinking", "thinking": "considering zebras", "signature": "s"}, *text("the answer")],
    )
    panel = window.sidebar.panel
    window.sidebar.search.setText("zebras")
    assert panel.run() == []
    panel.thinking.setChecked(True)
    assert [h.chat_id for h in panel.run()] == [chat]


def test_generated_title_replaces_the_prompt_title_when_enabled(window, qtbot, fake_api) -> None:
    from tests.fakeapi import text_reply
    from tests.gui.conftest import send, wait_idle

    window.services.settings.generate_titles = True
    fake_api.script(
        text_reply("claude-sonnet-4-6", "Sourdough starters smell of acetone when hungry."),
        text_reply("claude-haiku-4-5", '"Hungry Sourdough Starter."'),
    )
    send(qtbot, window, "My starter smells like nail polish remover, is it dead?")
    wait_idle(qtbot, window)
    chat = window.shown.id
    qtbot.waitUntil(lambda: window.services.store.find_chat(chat).title == "Hungry Sourdough Starter", timeout=5000)
    title_request = fake_api.messages_requests()[-1].body
    assert title_request["model"] == "claude-haiku-4-5"
    assert "thinking" not in title_request
    assert title_request["max_tokens"] == 40
    row = window.sidebar.model.row_of(chat)
    assert window.sidebar.model.chat_at(row).title == "Hungry Sourdough Starter"


def test_no_title_request_when_disabled(window, qtbot, fake_api) -> None:
    from tests.gui.conftest import send, wait_idle

    send(qtbot, window, "hello there")
    wait_idle(qtbot, window)
    qtbot.wait(200)
    assert len(fake_api.messages_requests()) == 1
    assert window.services.store.find_chat(window.shown.id).title == "hello there"


def test_the_chat_list_keeps_its_rows_in_qt_not_behind_python_overrides() -> None:
    """A list view asks for every row's index on each page it lays out: Python answering made
    scrolling to the end of 50,000 chats take 86 s (tests/perf/sidebar_bench.py)."""
    from parley.gui.chat_list_model import ChatListModel

    for hot in ("rowCount", "data", "index", "flags", "parent", "hasIndex", "columnCount"):
        assert hot not in ChatListModel.__dict__, hot


def test_typing_searches_off_the_ui_thread_and_the_last_keystroke_wins(window, qtbot) -> None:
    import threading

    store = window.services.store
    chat_at(store, "Quokka notes", NOW, answer="quokkas are small")
    chat_at(store, "Quince jam", NOW, answer="quince needs sugar")
    panel = window.sidebar.panel
    threads: list[str] = []
    original = panel._background._deliver
    panel._background._deliver = lambda ticket, hits: (
        threads.append(threading.current_thread().name),
        original(ticket, hits),
    )
    qtbot.keyClicks(window.sidebar.search, "qu")
    qtbot.keyClicks(window.sidebar.search, "okk")
    qtbot.waitUntil(
        lambda: panel.results.count() >= 1 and "Quokka" in panel.results.itemWidget(panel.results.item(0)).text(),
        timeout=5000,
    )
    assert threads
    assert set(threads) == {"parley-search"}
    titles = [panel.results.itemWidget(panel.results.item(i)).text() for i in range(panel.results.count())]
    assert not any("Quince" in t for t in titles)


def test_a_long_title_is_elided_in_the_chat_list_not_scrolled(window, qtbot) -> None:
    chat_at(window.services.store, "Compare — Claude Opus 4.7 · Claude Sonnet 4.6 · " * 4, NOW)
    window.resize(900, 600)
    window.sidebar.refresh(None)
    qtbot.wait(50)
    chats = window.sidebar.list
    assert chats.model().rowCount() >= 2
    assert not chats.horizontalScrollBar().isVisible()
