"""The text editor tool in the window: steps appear under the reply that made the calls, a write
waits for Approve / Reject with its diff, "Approve all" is remembered for the chat, Undo restores
the file, Stop while a write waits leaves the file alone, and a saved chat shows its steps again."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtTest import QTest

from parley.gui.message_widgets import AssistantMessageWidget, UserMessageWidget
from tests.fakeapi.agent import agent, call, say
from tests.gui.conftest import send, wait_idle

ORIGINAL = "def greet():\n    return 'hi'\n"
SCRIPT = [
    [say("Looking first."), call("t1", command="view", path="greet.py")],
    [call("t2", command="str_replace", path="greet.py", old_str="'hi'", new_str="'hello'")],
    [call("t3", command="create", path="NOTES.md", file_text="changed greet\n")],
    [say("Done: it says hello now.")],
]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    root.mkdir()
    (root / "greet.py").write_text(ORIGINAL)
    return root


def shot(window, name: str) -> None:
    """Save what the window shows when PARLEY_SHOTS names a folder (for a person to look at)."""
    folder = os.environ.get("PARLEY_SHOTS")
    if folder:
        QTest.qWait(400)  # let the layout settle first
        Path(folder).mkdir(parents=True, exist_ok=True)
        window.grab().save(str(Path(folder) / name))


def steps(window) -> dict[str, object]:
    return {s.call.id: s for s in window.view.steps()}


def answers(window) -> list[AssistantMessageWidget]:
    return [w for w in window.view.message_widgets() if isinstance(w, AssistantMessageWidget)]


def start(window, qtbot, fake_api, folder) -> None:
    fake_api.handler = agent(SCRIPT)
    window.workspace.attach(str(folder))
    assert window.workspace.bar.isVisible()
    assert "proj" in window.workspace.bar.label.text()
    send(qtbot, window, "Make greet say hello")


def test_approve_then_undo(window, qtbot, fake_api, folder) -> None:
    start(window, qtbot, fake_api, folder)
    qtbot.waitUntil(lambda: "t2" in steps(window) and steps(window)["t2"].status == "waiting", timeout=8000)
    step = steps(window)["t2"]
    assert steps(window)["t1"].status == "done"
    assert "1: def greet():" in steps(window)["t1"].details.toPlainText()
    qtbot.waitUntil(step.approval.isVisible, timeout=3000)  # a widget added to a shown layout shows on the next event
    assert "-    return 'hi'" in step.details.toPlainText()
    assert "+    return 'hello'" in step.details.toPlainText()
    assert (folder / "greet.py").read_text() == ORIGINAL  # nothing changes before approval
    shot(window, "tool-approval.png")
    step.approve.click()
    qtbot.waitUntil(lambda: "t3" in steps(window) and steps(window)["t3"].status == "waiting", timeout=8000)
    steps(window)["t3"].reject.click()
    wait_idle(qtbot, window)
    assert answers(window)[-1].markdown == "Done: it says hello now."
    assert (folder / "greet.py").read_text() == ORIGINAL.replace("'hi'", "'hello'")
    assert not (folder / "NOTES.md").exists()
    assert step.status == "applied"
    assert steps(window)["t3"].status == "declined"
    assert step.undo.isVisible()
    assert len(answers(window)) == 4  # one widget per reply, each with its own thinking panel
    assert all(not a.thinking.isHidden() for a in answers(window))
    steps(window)["t3"].set_expanded(True)
    shot(window, "tool-steps-done.png")
    assert [r.status for r in fake_api.messages_requests()] == [200] * 4
    step.undo.click()
    qtbot.waitUntil(lambda: step.status == "undone", timeout=3000)
    assert (folder / "greet.py").read_text() == ORIGINAL

    # The saved chat shows the same steps, with no bubbles for the tool results.
    chat_id = window.shown.id
    window.new_chat()
    assert not window.workspace.bar.isVisible()
    window.open_chat(chat_id)
    assert window.workspace.bar.isVisible()
    shown = steps(window)
    assert set(shown) == {"t1", "t2", "t3"}
    assert shown["t2"].status == "undone"
    assert shown["t3"].status == "declined"
    assert "+changed greet" in shown["t3"].details.toPlainText()
    assert len([w for w in window.view.message_widgets() if isinstance(w, UserMessageWidget)]) == 1


def test_approve_all_is_remembered_for_the_chat(window, qtbot, fake_api, folder) -> None:
    start(window, qtbot, fake_api, folder)
    qtbot.waitUntil(lambda: "t2" in steps(window) and steps(window)["t2"].status == "waiting", timeout=8000)
    steps(window)["t2"].approve_all.click()
    wait_idle(qtbot, window)
    assert (folder / "NOTES.md").read_text() == "changed greet\n"  # the next write was applied without asking
    assert window.workspace.bar.approve_all.isChecked()
    chat = window.services.store.find_chat(window.shown.id)
    assert chat.setup.approve_writes
    assert chat.setup.workspace == str(folder.resolve())


def test_stop_while_a_write_waits(window, qtbot, fake_api, folder) -> None:
    start(window, qtbot, fake_api, folder)
    qtbot.waitUntil(lambda: "t2" in steps(window) and steps(window)["t2"].status == "waiting", timeout=8000)
    window.stop_answer()
    wait_idle(qtbot, window)
    assert steps(window)["t2"].status == "stopped"
    assert (folder / "greet.py").read_text() == ORIGINAL
    fake_api.handler = agent([[say("Understood.")]])
    send(qtbot, window, "never mind")
    wait_idle(qtbot, window)
    assert answers(window)[-1].markdown == "Understood."
    assert fake_api.messages_requests()[-1].status == 200


def test_detach_and_a_missing_folder(window, qtbot, fake_api, folder) -> None:
    window.workspace.attach(str(folder))
    window.workspace.detach()
    assert not window.workspace.bar.isVisible()
    fake_api.handler = None
    send(qtbot, window, "hello")
    wait_idle(qtbot, window)
    assert "tools" not in fake_api.messages_requests()[-1].body
    window.workspace.attach(str(folder))
    folder.joinpath("greet.py").unlink()
    folder.rmdir()
    send(qtbot, window, "again")
    assert window.banner is not None
    assert "does not exist" in window.banner.label.text()
    assert window.composer.text() == "again"  # nothing is lost


def test_undo_of_a_file_changed_since_asks_first(window, qtbot, fake_api, folder) -> None:
    from PySide6.QtWidgets import QMessageBox

    window.workspace.attach(str(folder))
    window.workspace.bar.approve_all.setChecked(True)  # before the chat exists: kept when it is created
    fake_api.handler = agent([SCRIPT[1], SCRIPT[-1]])
    send(qtbot, window, "edit")
    wait_idle(qtbot, window)
    assert window.services.store.find_chat(window.shown.id).setup.approve_writes
    step = steps(window)["t2"]
    assert step.status == "applied"
    (folder / "greet.py").write_text("my own change\n")
    step.undo.click()
    box = next(b for b in window.findChildren(QMessageBox) if b.isVisible())
    assert "changed after this edit" in box.text()
    assert (folder / "greet.py").read_text() == "my own change\n"  # nothing until the user confirms
    next(b for b in box.buttons() if b.text() == "Undo anyway").click()
    qtbot.waitUntil(lambda: step.status == "undone", timeout=3000)
    assert (folder / "greet.py").read_text() == ORIGINAL


def test_a_failed_step_can_be_retried_and_the_loop_goes_on(window, qtbot, fake_api, folder) -> None:
    from tests.fakeapi import error_reply

    play = agent([SCRIPT[0], SCRIPT[-1]])
    failed = []

    def handler(req):
        if len(fake_api.messages_requests()) == 2 and not failed:
            failed.append(True)
            return error_reply(400, "invalid_request_error", "something odd happened")
        return play(req)

    fake_api.handler = handler
    window.workspace.attach(str(folder))
    send(qtbot, window, "look")
    wait_idle(qtbot, window)
    last = answers(window)[-1]
    assert last.banner is not None
    assert "something odd happened" in last.banner.label.text()
    last.banner.buttons["retry"].click()
    wait_idle(qtbot, window)
    assert answers(window)[-1].markdown == "Done: it says hello now."
    assert [r.status for r in fake_api.messages_requests()] == [200, 400, 200]
