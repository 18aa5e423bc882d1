"""Pickers, composer and thinking panel, offscreen."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from parley.core.catalog import load_shipped
from parley.core.clock import FixedClock
from parley.core.endpoint import PRESETS, Endpoint
from parley.core.retirement import Lineup
from parley.gui.composer import Composer
from parley.gui.pickers import EffortChoice, EffortPicker, ModelPicker
from parley.gui.thinking_panel import ThinkingPanel

CATALOG = load_shipped()
AT_ANTHROPIC = "retired at Anthropic"


def items(picker):
    return [picker.itemData(i) for i in range(picker.count())]


def test_effort_picker_offers_exactly_what_each_model_accepts(qtbot):
    picker = EffortPicker()
    qtbot.addWidget(picker)
    expected = {
        "claude-opus-4-7": ["low", "medium", "high", "xhigh", "max"],
        "claude-opus-4-6": ["low", "medium", "high", "max"],
        "claude-sonnet-4-6": ["low", "medium", "high", "max"],
    }
    for model_id, levels in expected.items():
        picker.configure(CATALOG.resolve(model_id), EffortChoice())
        assert items(picker) == levels
        assert picker.choice() == EffortChoice(effort="high")
    for model_id in ("claude-sonnet-4-5", "claude-haiku-4-5"):
        picker.configure(CATALOG.resolve(model_id), EffortChoice())
        assert picker.mode == "budget"
        assert all(1024 <= b < 32000 for b in items(picker))
        assert picker.choice().budget_tokens == 8192
        assert picker.choice().effort is None
        assert "Think up to" in picker.currentText()


def test_changing_model_keeps_a_valid_effort_and_explains_a_fallback(qtbot):
    picker = EffortPicker()
    qtbot.addWidget(picker)
    assert picker.configure(CATALOG.resolve("claude-opus-4-7"), EffortChoice("max")) is None
    assert picker.choice().effort == "max"
    note = picker.configure(CATALOG.resolve("claude-opus-4-6"), EffortChoice("xhigh"))
    assert picker.choice().effort == "high"
    assert "does not offer Extra-high effort" in note
    note = picker.configure(CATALOG.resolve("claude-haiku-4-5"), EffortChoice("low"))
    assert "thinking budget" in note
    assert picker.configure(CATALOG.resolve("some-proxy-model"), EffortChoice()) is None
    assert not picker.isEnabled()


@pytest.mark.parametrize(
    ("day", "endpoint", "listed", "offered", "label"),
    [
        (date(2026, 11, 24), PRESETS["anthropic"], None, True, "Claude Sonnet 4.5 (retiring)"),
        (date(2026, 11, 30), PRESETS["anthropic"], None, False, "Claude Sonnet 4.5 (retired)"),
        (
            date(2026, 12, 5),
            PRESETS["aihubmix"],
            ["claude-sonnet-4-5"],
            True,
            "Claude Sonnet 4.5 (retired at Anthropic)",
        ),
        (
            date(2026, 12, 5),
            PRESETS["aihubmix"],
            ["claude-sonnet-4-6"],
            False,
            "Claude Sonnet 4.5 (retired at Anthropic)",
        ),
    ],
)
def test_model_picker_offers_what_the_endpoint_offers_today_and_marks_retired_ones(
    qtbot, day, endpoint, listed, offered, label
):
    picker = ModelPicker()
    qtbot.addWidget(picker)
    lineup = Lineup(CATALOG, FixedClock(day), Endpoint(endpoint), listed)
    picker.set_models(lineup.offered(), "claude-sonnet-4-5", lineup.standing)  # a saved chat on it still shows it
    assert picker.currentText() == label
    assert picker.current_model() == "claude-sonnet-4-5"
    assert ("claude-sonnet-4-5" in items(picker)[:-1]) == offered  # when not offered it is only the chat's own
    assert picker.itemData(picker.currentIndex(), Qt.ItemDataRole.ToolTipRole)
    with qtbot.waitSignal(picker.model_changed) as signal:
        picker.select("my-custom-model")
    assert signal.args == ["my-custom-model"]


def test_composer_enter_sends_shift_enter_adds_line_esc_stops(qtbot):
    composer = Composer()
    qtbot.addWidget(composer)
    composer.show()
    qtbot.keyClicks(composer.input, "line one")
    qtbot.keyClick(composer.input, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(composer.input, "line two")
    assert composer.text() == "line one\nline two"
    with qtbot.waitSignal(composer.send_requested) as sent:
        qtbot.keyClick(composer.input, Qt.Key.Key_Return)
    assert sent.args == ["line one\nline two"]
    composer.set_busy(True)
    assert composer.send_button.text() == "Stop"
    with qtbot.waitSignal(composer.stop_requested):
        qtbot.keyClick(composer.input, Qt.Key.Key_Escape)
    with qtbot.waitSignal(composer.stop_requested):
        composer.send_button.click()
    with qtbot.assertNotEmitted(composer.send_requested):
        qtbot.keyClick(composer.input, Qt.Key.Key_Return)  # no second send while an answer runs


def test_composer_ignores_blank_prompts(qtbot):
    composer = Composer()
    qtbot.addWidget(composer)
    composer.set_text("   \n ")
    with qtbot.assertNotEmitted(composer.send_requested):
        composer.send_button.click()


def test_thinking_panel_states(qtbot):
    panel = ThinkingPanel()
    qtbot.addWidget(panel)
    panel.show()
    panel.start()
    assert panel.header.text() == "Thinking…"
    panel.append("Let me think")
    assert panel.body.isVisible()
    assert panel.text == "Let me think"
    panel.finish(3.4)
    assert panel.header.text() == "Thought for 3 s"
    panel.set_expanded(False)
    assert not panel.body.isVisible()
    with qtbot.waitSignal(panel.toggled) as toggled:
        panel.header.click()
    assert toggled.args == [True]
    assert panel.body.isVisible()


def test_thinking_panel_counts_the_seconds_while_thinking_then_stops_its_timers(qtbot):
    now = [100.0]
    panel = ThinkingPanel(clock=lambda: now[0])
    qtbot.addWidget(panel)
    panel.show()
    panel.start(since=99.5)  # thinking began half a second before the panel appeared
    assert panel.header.text() == "Thinking…"
    assert panel.live
    assert panel.spinner.isVisible()
    assert panel.spinner.spinning
    now[0] = 103.6
    qtbot.waitUntil(lambda: panel.header.text() == "Thinking… 4 s", timeout=2000)
    angle = panel.spinner.angle
    qtbot.waitUntil(lambda: panel.spinner.angle != angle, timeout=2000)  # it turns
    panel.mark_omitted()
    assert panel.header.text() == "Thinking (hidden by the model)… 4 s"
    panel.finish(9.2)
    assert panel.header.text() == "Thought for 9 s (hidden by the model)"
    assert not panel.live
    assert not panel.spinner.isVisible()
    assert not panel.spinner.spinning  # nothing runs once thinking is over
    assert panel.header.accessibleName() == "Thinking summary"
    assert panel.header.isCheckable()  # a disclosure control: its checked state is open or folded


def test_thinking_panel_says_when_thinking_was_not_shown(qtbot):
    panel = ThinkingPanel()
    qtbot.addWidget(panel)
    panel.show()
    panel.set_static("", 2.0, omitted=True, expanded=True)
    assert panel.header.text() == "Thought for 2 s (hidden by the model)"
    assert "did not show its thinking" in panel.body.toPlainText()


def test_a_reopened_thinking_panel_shows_every_line_without_a_scroll_bar(qtbot, qapp):
    from parley.gui import theme
    from tests.fakeapi.directives import THINKING

    theme.apply(qapp, "dark")  # the style sheet's fonts and margins, as in the app
    panel = ThinkingPanel()
    qtbot.addWidget(panel)
    panel.resize(760, 400)
    panel.show()
    panel.start()
    panel.append(THINKING)
    panel.set_expanded(False)  # folded when the answer started
    panel.finish(0.4)
    panel.set_expanded(True)  # the user opens it again
    qtbot.wait(100)
    assert panel.body.verticalScrollBar().maximum() == 0
    assert panel.body.height() < 260  # fits its text, below the cap
