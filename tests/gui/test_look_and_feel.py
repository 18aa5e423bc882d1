"""Regressions of issue 21 ("Look and feel"): each thing that was broken, tried the way it broke."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QScrollArea, QToolButton

from parley.core.attachments import read_attachment
from parley.core.options import ModelChoice
from parley.core.presentation.design import DARK, LIGHT
from parley.gui import theme as theme_mod
from parley.gui.sidebar_fold import AUTO_FOLD_WIDTH
from tests.fakeapi import error_reply, text_reply
from tests.gui.conftest import send, wait_idle

MINIMUM = QSize(640, 480)


def within_minimum(window) -> bool:
    hint = window.minimumSizeHint()
    return window.minimumSize() == MINIMUM and hint.width() <= 640 and hint.height() <= 480


@pytest.fixture
def themed(qapp) -> Iterator[QApplication]:
    """The app with Parley's theme applied; the plain Qt look comes back afterwards."""
    yield qapp
    qapp.setStyleSheet("")
    qapp.setPalette(QPalette())
    theme_mod.apply(qapp, "light")
    qapp.setStyleSheet("")


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours."""

    def luminance(name: str) -> float:
        color = QColor(name)
        channels = []
        for value in (color.redF(), color.greenF(), color.blueF()):
            channels.append(value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4)
        return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


# ---------------------------------------------------------------- the minimum size never grows


def test_searching_comparing_and_attaching_never_raise_the_minimum_size(qtbot, window, fake_api, tmp_path) -> None:
    """Regression: a search raised the minimum width to ~1,040 px (and kept it after Esc); compare
    mode held it at ~1,085×590; two attachments made the window taller."""
    window.resize(1180, 780)
    assert within_minimum(window)
    window.actions_by_name["search"].trigger()
    qtbot.keyClicks(window.sidebar.search, "stream")
    window.sidebar.panel.run()
    qtbot.wait(50)
    assert within_minimum(window)
    qtbot.keyClick(window.sidebar.search, Qt.Key.Key_Escape)
    assert within_minimum(window)
    from tests.gui.test_attachments_gui import png

    for name in ("a.png", "a picture with a long name.png"):
        (tmp_path / name).write_bytes(png())
    height = window.height()
    window.composer.tray.set_attachments(
        [read_attachment(tmp_path / n) for n in ("a.png", "a picture with a long name.png")]
    )
    qtbot.wait(50)
    assert window.height() == height
    assert within_minimum(window)
    window.composer.tray.clear()
    window.new_comparison()
    window.compare_mode.view.add_column(ModelChoice("claude-haiku-4-5"))
    qtbot.wait(50)
    assert within_minimum(window)
    window.resize(700, 500)
    qtbot.waitUntil(lambda: window.width() == 700 and window.height() == 500)


def test_four_columns_at_1400_keep_the_window_1400_wide(qtbot, window) -> None:
    """Regression: at 1400 px four columns made the window wider than the screen."""
    window.resize(1400, 900)
    window.new_comparison()
    view = window.compare_mode.view
    view.new([ModelChoice(m) for m in ("claude-opus-4-7", "claude-sonnet-4-6", "claude-opus-4-6", "claude-haiku-4-5")])
    qtbot.wait(100)
    assert window.width() == 1400
    assert len({pane.geometry().top() for pane in view.panes}) == 1


# ---------------------------------------------------------------- narrow windows


def test_the_sidebar_folds_itself_when_narrow_and_by_hand_with_ctrl_b(qtbot, window) -> None:
    """Regression: at 700 px the chat list could not be hidden and squeezed to ~80 px."""
    window.resize(1180, 780)
    qtbot.waitUntil(lambda: window.sidebar.isVisible())
    window.resize(AUTO_FOLD_WIDTH - 200, 500)
    qtbot.waitUntil(lambda: not window.sidebar.isVisible())
    window.actions_by_name["sidebar"].trigger()  # Ctrl+B: the user's choice
    assert window.sidebar.isVisible()
    assert window.sidebar.width() >= window.sidebar.minimumWidth() >= 160
    window.actions_by_name["sidebar"].trigger()
    assert not window.sidebar.isVisible()
    window.resize(1180, 780)
    assert window.actions_by_name["sidebar"].shortcut().toString() == "Ctrl+B"


def test_pickers_elide_instead_of_clipping(qtbot, window) -> None:
    """Regression: at 700 px the pickers clipped to "Clau▾" and "Thinki"."""
    window.resize(700, 500)
    qtbot.wait(50)
    composer = window.composer
    for picker in (composer.model_picker, composer.effort_picker):
        assert picker.minimumSizeHint().width() < picker.sizeHint().width()  # it may shrink: it elides
    assert composer.thinking.toolButtonStyle() in (
        Qt.ToolButtonStyle.ToolButtonTextBesideIcon,
        Qt.ToolButtonStyle.ToolButtonIconOnly,  # narrow: the word goes, the icon and tooltip stay
    )
    assert composer.thinking.toolTip()


# ---------------------------------------------------------------- settings


def test_settings_are_pages_that_scroll_and_fit_a_small_window(qtbot, window) -> None:
    """Regression: Settings was one unscrolled form ~680 px tall; Network fields shrank to 10–14 px."""
    window.resize(700, 500)
    window.open_settings()
    dialog = window.settings_dialog
    qtbot.waitExposed(dialog)
    assert dialog.pages.count() == 6  # General, Endpoint & models, Replies, Network, Web, Tools
    assert all(isinstance(dialog.pages.widget(i), QScrollArea) for i in range(6))
    assert dialog.height() <= 500
    assert dialog.width() <= 700
    dialog.show_page(3)
    qtbot.wait(50)
    for field in (dialog.network.url, dialog.network.user, dialog.network.password, dialog.network.ca_file):
        assert field.height() >= field.minimumSizeHint().height() >= 20
    dialog.reject()


def test_first_run_is_a_three_step_wizard_that_tests_the_key(qtbot, window, fake_api) -> None:
    from tests.fakeapi import DEFAULT_KEY

    window.open_settings(first_run=True)
    wizard = window.settings_dialog
    assert wizard.steps.count() == 3
    wizard.next_button.click()
    assert wizard.steps.currentIndex() == 1
    wizard.next_button.click()  # no key typed (one is stored, so it may go on)
    wizard.go(1)
    wizard.key_form.key.setText(DEFAULT_KEY)
    qtbot.waitUntil(lambda: wizard.key_form.test_result.text().startswith("✓"), timeout=5000)  # tested on its own
    wizard.go(2)
    assert wizard.models.count() >= 4
    with qtbot.waitSignal(wizard.saved):
        wizard.next_button.click()


class _NoKeyring:
    def get(self, endpoint):
        from parley.core.secrets import KeyringUnavailable

        raise KeyringUnavailable("NoKeyringError")

    def set(self, endpoint, key):
        self.get(endpoint)

    def delete(self, endpoint):
        self.get(endpoint)


def test_without_a_keyring_a_key_can_be_kept_for_this_session_only(qtbot, window, fake_api, tmp_path) -> None:
    ctx = window.services.ctx
    ctx.keys = _NoKeyring()
    window.open_settings()
    dialog = window.settings_dialog
    form = dialog.key_form
    assert "No system keyring" in form.key_note.text()
    assert not form.session_only.isHidden()
    form.key.setText("sk-ant-session-only-0123456789")
    form.session_only.setChecked(True)
    with qtbot.waitSignal(dialog.saved):
        dialog._on_save()
    assert ctx.session_keys.get(ctx.endpoint) == "sk-ant-session-only-0123456789"
    assert window.services.has_key()
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert b"sk-ant-session-only" not in path.read_bytes(), path


# ---------------------------------------------------------------- dark mode and live themes


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_disabled_and_unchecked_controls_are_distinct(themed, mode) -> None:
    """Regression: in dark mode disabled buttons looked enabled (every colour group the same) and
    unchecked check boxes were nearly invisible."""
    theme = theme_mod.apply(themed, mode)
    palette = themed.palette()
    group, role = QPalette.ColorGroup, QPalette.ColorRole
    for r in (role.ButtonText, role.WindowText, role.Text):
        assert palette.color(group.Disabled, r) != palette.color(group.Active, r)
    tokens = theme.palette
    assert contrast(tokens.text, tokens.surface) >= 7
    assert contrast(tokens.text_disabled, tokens.surface) < contrast(tokens.text_muted, tokens.surface)
    assert contrast(tokens.border_strong, tokens.surface) >= 3  # an empty check box's outline shows (WCAG 1.4.11)
    sheet = themed.styleSheet()
    assert f"border: 1.5px solid {tokens.border_strong}" in sheet
    assert ":disabled" in sheet


def test_a_theme_change_applies_at_once(qtbot, window, fake_api, themed) -> None:
    """Regression: a theme change applied only after a restart, and nothing said so."""
    theme_mod.apply(themed, "light")
    send(qtbot, window, "Show me code\n::long")
    wait_idle(qtbot, window)
    answer = window.view.message_widgets()[-1]
    assert LIGHT.code_bg in answer.body.toHtml() or QColor(LIGHT.code_bg).name() in answer.body.toHtml()
    window.open_settings()
    dialog = window.settings_dialog
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    dialog._on_save()
    assert theme_mod.current().dark
    assert themed.palette().color(QPalette.ColorRole.Window) == QColor(DARK.window)
    again = window.view.message_widgets()[-1]
    assert QColor(DARK.code_bg).name() in again.body.toHtml()  # the answer was rendered again


def test_a_language_change_rebuilds_the_window_in_that_language(qtbot, window, fake_api, tmp_path) -> None:
    from parley.gui import i18n
    from parley.gui.app import WindowHost

    english = i18n.Language("en")
    host = WindowHost(QApplication.instance(), window.services, theme_mod.current(), english, tmp_path / "w.ini")
    first = host.window
    first.complete()
    first.show()
    send(qtbot, first, "Hello")
    qtbot.waitUntil(lambda: not first.controller.busy, timeout=8000)
    chat = first.shown.id
    first.composer.set_text("a draft")
    first.open_settings()
    dialog = first.settings_dialog
    dialog.language.setCurrentIndex(dialog.language.findData("zh_CN"))
    dialog._on_save()
    try:
        qtbot.waitUntil(lambda: host.window is not first, timeout=3000)
        second = host.window
        assert second.composer.send_button.text() == "发送"
        assert second.shown.id == chat
        assert second.composer.text() == "a draft"
    finally:
        host._language.remove()
        window.services.settings.language = "system"
        host.window.close()


# ---------------------------------------------------------------- stale state


def test_compare_mode_does_not_show_the_chats_banner_or_footer(qtbot, window, fake_api) -> None:
    """Regression: in compare mode the previous chat's banner and footer stayed on screen."""
    send(qtbot, window, "Hello")
    wait_idle(qtbot, window)
    send(qtbot, window, "Again\n::error 400")  # not retried: a banner at once
    wait_idle(qtbot, window)
    assert window.banner is not None
    assert not window.chat_panel.footer.isHidden()
    window.new_comparison()
    assert window.banner is None
    assert window.chat_panel.footer.isHidden()
    window.new_chat()
    assert not window.chat_panel.footer.isHidden()


def test_a_failed_first_prompt_leaves_the_hint_not_a_blank_pane(qtbot, window, fake_api) -> None:
    """Regression: after an error the chat pane was blank."""
    fake_api.script(error_reply(401, "authentication_error", "invalid x-api-key"))
    send(qtbot, window, "hello")
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: not window.view.message_widgets())
    assert not window.view.empty_label.isHidden()
    assert window.composer.text() == "hello"


def test_the_thinking_panel_refits_when_the_window_narrows(qtbot, window, fake_api) -> None:
    """Regression: the panel kept its height on resize, grew an inner scrollbar and cut its last line."""
    thought = "A long line of careful thinking about the question at hand. " * 8
    fake_api.script(text_reply("claude-sonnet-4-6", "Done.", thinking=thought))
    window.resize(1400, 900)
    send(qtbot, window, "think")
    wait_idle(qtbot, window)
    panel = window.view.message_widgets()[-1].thinking
    panel.set_expanded(True)
    qtbot.wait(50)
    wide = panel.body.height()
    window.resize(700, 500)
    qtbot.waitUntil(lambda: panel.body.height() > wide, timeout=3000)
    bar = panel.body.verticalScrollBar()
    assert bar.maximum() == 0  # every line shows: nothing to scroll
    assert panel.header.objectName() == "thinkingHeader"  # flat, not a pressed button (theme.py)


def test_chat_totals_read_well_when_the_cost_is_unknown_in_chinese(qapp) -> None:
    """Regression: "花费 费用未知" said "cost" twice."""
    from parley.core.presentation.notices import chat_totals_text
    from parley.core.pricing import ChatTotals
    from parley.gui import i18n

    chinese = i18n.Language("zh_CN")
    assert chinese.install()
    try:
        text = chat_totals_text(ChatTotals(None, 3, 0, 0, 0, 0))
    finally:
        chinese.remove()
    assert "费用未知" in text
    assert "花费 费用未知" not in text


def test_the_presets_button_is_an_icon_without_an_overlapping_arrow(window) -> None:
    """Regression: the "From preset" arrow was drawn over its text."""
    button = window.chat_panel.presets_button
    assert button.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonIconOnly
    assert button.accessibleName()
    assert button.popupMode() == QToolButton.ToolButtonPopupMode.InstantPopup


def test_an_empty_history_says_where_chats_will_appear(window) -> None:
    """Regression: there was no sidebar empty state."""
    sidebar = window.sidebar
    assert sidebar.stack.currentWidget() is sidebar.empty
    assert "No chats yet" in sidebar.empty.text()
