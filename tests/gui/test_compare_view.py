"""The compare view on its own: it runs the core compare engine (the one `parley compare` runs) with
the shown chat's setup, paints each column from its live turn, and stops or retries one column."""

from __future__ import annotations

import pytest

from parley.core.options import ModelChoice
from parley.core.presentation.markdown import MarkdownRenderer
from parley.gui.compare_view import CompareView
from parley.gui.shown_chat import ShownChat
from tests.fakeapi import Reply, message_events

OPUS, SONNET = "claude-opus-4-7", "claude-sonnet-4-6"


@pytest.fixture
def compare(qtbot, services):
    shown = ShownChat(services.store)
    view = CompareView(services, MarkdownRenderer(), shown)
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    view.new([ModelChoice(OPUS, "low"), ModelChoice(SONNET)])
    return services, shown, view


def idle(qtbot, view):
    qtbot.waitUntil(lambda: not view.busy, timeout=8000)


def test_the_shown_chats_system_prompt_goes_to_every_column(qtbot, compare, fake_api) -> None:
    services, shown, view = compare
    shown.change(system="Answer in French.")
    assert view.send("Bonjour")
    idle(qtbot, view)
    assert shown.id == view.comparison.id  # the new comparison is the shown chat now
    assert [r.body["system"] for r in fake_api.messages_requests()] == ["Answer in French."] * 2
    assert [c.setup.system for c in services.store.columns(view.comparison.id)] == ["Answer in French."] * 2
    assert [p.view.message_widgets()[-1].markdown for p in view.panes] == ["You said: Bonjour"] * 2


def test_metric_rows_are_named_and_live_cells_come_from_the_live_turns(qtbot, compare, fake_api) -> None:
    _services, _shown, view = compare
    fake_api.handler = lambda req: Reply(
        events=message_events(req.body["model"], [{"type": "text", "text": "x" * 400}], piece=4), delay=0.01
    )
    view.send("go")
    qtbot.waitUntil(
        lambda: view.table.item(view.metrics_section.rows.index("total_s"), 0).text().endswith("…"), timeout=3000
    )
    idle(qtbot, view)
    labels = [view.table.verticalHeaderItem(r).text() for r in range(view.table.rowCount())]
    assert labels[0] == "First token (s)"
    assert labels[-1] == "Stop reason"
    stops = [view.table.item(view.metrics_section.rows.index("stop_reason"), c).text() for c in range(2)]
    assert stops == ["end_turn", "end_turn"]


def test_one_column_stops_and_answers_again_alone(qtbot, compare, fake_api) -> None:
    _services, _shown, view = compare
    fake_api.handler = lambda req: Reply(
        events=message_events(req.body["model"], [{"type": "text", "text": "slow " * 200}], piece=5),
        delay=0.01 if req.body["model"] == OPUS else 0,
    )
    view.send("go")
    opus, sonnet = view.panes
    qtbot.waitUntil(lambda: "slow" in opus.view.message_widgets()[-1].markdown, timeout=5000)
    opus.stop_button.click()
    idle(qtbot, view)
    assert "Stopped" in opus.view.message_widgets()[-1].status.text()
    assert sonnet.view.message_widgets()[-1].markdown == "slow " * 200
    stopped = opus.view.message_widgets()[-1]
    before = len(fake_api.messages_requests())
    opus.view.retry_requested.emit(stopped.message_id)
    idle(qtbot, view)
    again = fake_api.messages_requests()[before:]
    assert [r.body["model"] for r in again] == [OPUS]  # only that column
    assert opus.view.message_widgets()[-1].markdown == "slow " * 200
