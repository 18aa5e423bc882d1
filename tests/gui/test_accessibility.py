"""Screen readers and the keyboard, on every screen of the gallery: each control a user can reach has
a name (a combo box says what it chooses, not only its value), Tab reaches every control, focus is
always visible (the control looks different with it), Tab goes the way the window reads, and a
finished reply, an error and a tool asking for approval are announced."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from parley.gui.announce import announcer
from tests.gui.a11y_check import focus_chain, unnamed, unreachable
from tests.gui.screens import SCREENS, Stage, stage


def _without_focus_looks_the_same(s: Stage, widget: QWidget) -> bool:
    host = widget.parentWidget() or widget
    widget.clearFocus()
    s.pump(20)
    before = host.grab().toImage()
    widget.setFocus()
    s.pump(20)
    return host.grab().toImage() == before


@pytest.mark.parametrize("screen", list(SCREENS))
def test_every_control_is_named_reachable_and_shows_its_focus(screen: str, qapp) -> None:
    with stage((1400, 900)) as s:
        shown = SCREENS[screen](s)
        s.pump(100)
        top = shown.window()
        top.activateWindow()
        assert unnamed(top) == []
        assert unreachable(top) == []
        stops = focus_chain(top)
        assert len(stops) >= 3
        hidden_focus = [
            f"{type(w).__name__} {w.accessibleName()!r}" for w in stops if _without_focus_looks_the_same(s, w)
        ]
        assert hidden_focus == []


def test_tab_goes_toolbar_chat_list_conversation_composer(qapp) -> None:
    with stage((1400, 900)) as s:
        SCREENS["long-answer"](s)
        window = s.window
        window.composer.input.setFocus()
        s.pump(50)
        stops = focus_chain(window)
        order = [window.composer.input, *stops]  # the chain from the composer, once round
        toolbar = window.actions_by_name.toolbar.widgetForAction(window.actions_by_name["new_chat"])
        answer = window.view.message_widgets()[-1]
        places = {
            "toolbar": order.index(toolbar),
            "chat list": order.index(window.sidebar.list),
            "answer": order.index(answer.copy_button),
            "composer": len(order),  # the input, where the round ends
        }
        assert places["toolbar"] < places["chat list"] < places["answer"] < places["composer"]
        assert order.index(answer.thinking.header) < order.index(answer.body)  # the thinking comes first
        assert order[1:7] == [  # then round to the toolbar
            window.composer.attach_button,
            window.composer.model_picker,
            window.composer.effort_picker,
            window.composer.thinking,
            window.composer.web,
            window.composer.send_button,
        ]


@pytest.mark.qt_log_ignore("This plugin does not support.*")  # the offscreen platform: no raise, no keyboard grab
def test_f10_opens_the_menu_on_linux_and_windows(qapp) -> None:
    opened: list[QMenu] = []

    def close_the_menu() -> None:  # the menu runs its own loop until it closes
        menus = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMenu) and w.isVisible()]
        opened.extend(menus)
        for menu in menus:
            menu.close()

    with stage((1400, 900)) as s:
        opener = next((a for a in s.window.actions() if "F10" in [k.toString() for k in a.shortcuts()]), None)
        assert opener is not None
        QTimer.singleShot(200, close_the_menu)
        opener.trigger()
        assert opened
        assert s.window.actions_by_name["new_chat"] in opened[0].actions()


def test_a_finished_reply_an_error_and_an_approval_are_announced(qapp) -> None:
    said: list[tuple[str, bool]] = []
    announcer.announced.connect(lambda text, assertive: said.append((text, assertive)))
    try:
        with stage((1400, 900)) as s:
            s.send("Hello")
            assert said[-1] == ("Claude Sonnet 4.6 answered: You said: Hello", False)
            s.send("Once more\n::error 401")
            assert said[-1][1] is True  # an error interrupts
            assert "rejected the API key" in said[-1][0]
        with stage((1400, 900)) as s:
            SCREENS["tool-approval"](s)
            assert said[-1] == ("Claude wants to change greet.py. Approve or reject it.", True)
    finally:
        announcer.announced.disconnect()


def test_the_checker_sees_unnamed_and_unreachable_controls(qapp) -> None:
    """The check itself: a broken form is reported, so a clean screen means something."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QComboBox, QLineEdit, QPushButton, QVBoxLayout

    root = QWidget()
    layout = QVBoxLayout(root)
    field = QLineEdit(root)  # no name, no label
    choice = QComboBox(root)  # only its value would be read
    choice.addItem("Claude Opus 4.7")
    button = QPushButton("Mouse only", root)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    for widget in (field, choice, button):
        layout.addWidget(widget)
    root.show()
    qapp.processEvents()
    assert sorted(unnamed(root)) == ["QComboBox in QWidget", "QLineEdit in QWidget"]
    assert unreachable(root) == ["QPushButton in QWidget"]
    field.setAccessibleName("Search")
    choice.setAccessibleName("Model")
    assert unnamed(root) == []
    root.close()
