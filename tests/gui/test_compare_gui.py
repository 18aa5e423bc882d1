"""Compare mode in the window: columns stream side by side from one composer, a failing column shows
its error in place, best figures are marked, follow-ups continue each column, "Continue with this
one" makes a normal chat, model sets are remembered, and a saved comparison reopens from the sidebar."""

from __future__ import annotations

from PySide6.QtCore import QSize

from parley.core.options import ModelChoice
from parley.core.settings import load
from tests.fakeapi import Reply, error_reply, message_events
from tests.gui.conftest import send

OPUS, SONNET, HAIKU = "claude-opus-4-7", "claude-sonnet-4-6", "claude-haiku-4-5"


def by_model(fake_api, replies):
    queues = {m: list(r) for m, r in replies.items()}
    fake_api.handler = lambda req: (
        (queues.get((req.body or {}).get("model")) or [None]).pop(0)
        if queues.get((req.body or {}).get("model"))
        else None
    )


def paced(model, text, delay=0.005, thinking=None):
    blocks = ([{"type": "thinking", "thinking": thinking}] if thinking else []) + [{"type": "text", "text": text}]
    return Reply(events=message_events(model, blocks), delay=delay)


def wait_compare_idle(qtbot, window, timeout=10000):
    qtbot.waitUntil(lambda: not window.compare_mode.busy, timeout=timeout)


def test_three_columns_stream_side_by_side_and_one_fails_in_place(window, qtbot, fake_api) -> None:
    by_model(
        fake_api,
        {
            OPUS: [paced(OPUS, "**Opus** answer " * 10, delay=0.03, thinking="opus thinking")],
            SONNET: [paced(SONNET, "Sonnet answer " * 10)],
            HAIKU: [error_reply(404, "not_found_error", "model: claude-haiku-4-5 is not available")],
        },
    )
    window.actions_by_name["compare"].trigger()
    compare = window.compare_mode.view
    assert window.compare_mode.active
    assert not window.composer.model_picker.isVisible()  # each column has its own pickers
    compare.add_column(ModelChoice(HAIKU))
    compare.panes[0].set_choice(ModelChoice(OPUS, "high"))
    compare.panes[1].set_choice(ModelChoice(SONNET, "low"))
    assert len(compare.panes) == 3
    send(qtbot, window, "Explain SSE")
    qtbot.waitUntil(lambda: window.composer.busy, timeout=3000)
    qtbot.waitUntil(lambda: compare.table.item(1, 0).text().startswith("≈"), timeout=3000)  # live speed
    assert compare.panes[0].busy
    wait_compare_idle(qtbot, window)
    opus, sonnet, haiku = compare.panes
    assert "Opus" in opus.view.message_widgets()[-1].markdown
    assert opus.view.message_widgets()[-1].thinking.isVisibleTo(opus)
    assert "Sonnet answer" in sonnet.view.message_widgets()[-1].markdown
    assert haiku.banners.banner is not None  # the failing column says why, in place
    assert "not available" in haiku.banners.banner.notice.text
    table = compare.table
    assert table.columnCount() == 3
    assert table.verticalHeaderItem(0).text() == "First token (s)"
    bold = [table.item(0, c).font().bold() for c in range(3)]
    assert bold.count(True) == 1  # the best time to first token stands out
    assert window.composer.text() == ""
    assert not window.composer.busy
    chat = window.services.store.list_chats()[0]
    assert chat.kind == "compare"
    assert chat.model.startswith("Claude Opus 4.7 · high vs Claude Sonnet 4.6 · low")
    reqs = {r.body["model"]: r for r in fake_api.messages_requests()}
    assert reqs[SONNET].started < reqs[OPUS].finished  # concurrent


def test_follow_up_continue_with_this_one_and_reopen(window, qtbot, fake_api) -> None:
    by_model(
        fake_api,
        {
            OPUS: [paced(OPUS, "first opus", thinking="t1"), paced(OPUS, "second opus")],
            SONNET: [paced(SONNET, "first sonnet"), paced(SONNET, "second sonnet")],
        },
    )
    window.new_comparison()
    compare = window.compare_mode.view
    compare.panes[0].set_choice(ModelChoice(OPUS, "low"))
    compare.panes[1].set_choice(ModelChoice(SONNET))
    send(qtbot, window, "one")
    wait_compare_idle(qtbot, window)
    send(qtbot, window, "two")
    wait_compare_idle(qtbot, window)
    shown = [[type(w).__name__ for w in p.view.message_widgets()] for p in compare.panes]
    assert [len(kinds) for kinds in shown] == [4, 4], shown
    follow = [r.body for r in fake_api.messages_requests() if r.body["model"] == OPUS][1]
    assert [m["role"] for m in follow["messages"]] == ["user", "assistant", "user"]
    compare_id = compare.comparison.id
    assert window.compare_mode.comparison_id == compare_id  # what Ctrl+E exports here
    window.new_chat()
    assert window.compare_mode.comparison_id is None
    assert not window.compare_mode.active
    window.open_chat(compare_id)  # from the sidebar: the comparison comes back with both threads
    assert window.compare_mode.active
    assert [p.choice().model for p in compare.panes] == [OPUS, SONNET]
    assert "second sonnet" in compare.panes[1].view.message_widgets()[-1].markdown
    compare.panes[1].continue_button.click()
    assert not window.compare_mode.active
    new_chat = window.shown.id
    assert window.services.store.find_chat(new_chat).kind == "chat"
    assert [w.message_id is not None for w in window.view.message_widgets()] == [True] * 4
    assert len(window.services.store.columns(compare_id)) == 2  # the comparison keeps its column


def test_model_sets_are_remembered(window, qtbot) -> None:
    window.new_comparison()
    compare = window.compare_mode.view
    compare.panes[0].set_choice(ModelChoice(OPUS, "high"))
    compare.panes[1].set_choice(ModelChoice(SONNET, "medium"))
    compare.save_current_set("Opus high vs Sonnet medium")
    saved = load(window.services.ctx.paths.settings_file).model_sets
    assert saved == [
        {"name": "Opus high vs Sonnet medium", "columns": ["claude-opus-4-7:high", "claude-sonnet-4-6:medium"]}
    ]
    compare.new([ModelChoice(HAIKU), ModelChoice(SONNET)])
    compare.sets.activated.emit(compare.sets.findText("Opus high vs Sonnet medium"))
    assert [p.choice().text() for p in compare.panes] == ["claude-opus-4-7:high", "claude-sonnet-4-6:medium"]


def test_columns_stand_side_by_side_and_scroll_sideways_when_narrow(window, qtbot) -> None:
    """Regression: three columns at the default size used to stack into rows ~60 px tall."""
    window.new_comparison()
    compare = window.compare_mode.view
    compare.add_column(ModelChoice(HAIKU))
    window.resize(1180, 780)
    qtbot.waitUntil(lambda: all(pane.height() > 300 for pane in compare.panes))  # full height, not ~60 px rows
    assert len({pane.geometry().top() for pane in compare.panes}) == 1  # one row
    assert all(pane.width() >= 320 for pane in compare.panes)
    window.resize(700, 500)
    qtbot.waitUntil(lambda: compare.columns_area.horizontalScrollBar().maximum() > 0)
    assert all(pane.width() >= 320 for pane in compare.panes)
    assert len({pane.geometry().top() for pane in compare.panes}) == 1
    assert window.minimumSizeHint().width() <= 640
    assert window.minimumSize() == QSize(640, 480)


def test_a_system_prompt_set_in_compare_mode_goes_to_its_columns_and_stays_there(window, qtbot, fake_api) -> None:
    window.new_comparison()
    window.actions_by_name["chat_settings"].trigger()
    qtbot.waitUntil(lambda: window.chat_panel.dialog.isVisible())
    window.chat_panel.dialog.system.setPlainText("Answer in French.")
    window.chat_panel.dialog._on_accepted()
    send(qtbot, window, "Bonjour")
    wait_compare_idle(qtbot, window)
    assert [r.body.get("system") for r in fake_api.messages_requests()] == ["Answer in French."] * 2
    window.new_chat()  # the next new chat starts clean
    assert window.shown.setup.system is None
    send(qtbot, window, "Hello")
    qtbot.waitUntil(lambda: not window.controller.busy, timeout=5000)
    assert "system" not in fake_api.messages_requests()[-1].body
