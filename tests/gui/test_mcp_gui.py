"""MCP tools in the window: a call that needs approval shows its server, tool and readable
arguments with Approve / Reject / Always allow this tool / Approve all in this chat; the choice is
kept where it belongs; each call is a step with its arguments, result and time; a server that cannot
start is named in a notice and the answer still comes; quitting stops the servers."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from PySide6.QtTest import QTest

from parley.core.mcp.config import MemorySecrets, ServerConfig, ServerList
from tests.fakeapi.agent import agent, say, tool_use
from tests.gui.conftest import send, wait_idle

SERVERS = Path(__file__).resolve().parents[1] / "mcp_servers"


SCRIPT = [
    [say("Noting it."), tool_use("m1", "mcp__demo__write_note", text="hi", details="x" * 1000)],
    [tool_use("m2", "mcp__demo__write_note", text="again")],
    [say("Done.")],
]


@pytest.fixture
def servers(gui_context) -> ServerList:
    gui_context.mcp_secrets = MemorySecrets()
    listed = ServerList(gui_context.paths.mcp_servers_file, gui_context.mcp_secrets)
    listed.add(ServerConfig("demo", command=sys.executable, args=[str(SERVERS / "demo.py")]), {}, {})
    return listed


def steps(window) -> dict[str, object]:
    return {s.call.id: s for s in window.view.steps()}


def shot(window, name: str) -> None:
    folder = os.environ.get("PARLEY_SHOTS")
    if folder:
        QTest.qWait(400)
        Path(folder).mkdir(parents=True, exist_ok=True)
        window.grab().save(str(Path(folder) / name))


def waiting(window, call_id: str) -> bool:
    step = steps(window).get(call_id)
    return step is not None and step.status == "waiting" and step.approval.isVisible()


def test_always_allow_runs_the_next_call_without_asking(window, qtbot, fake_api, servers, gui_context):
    fake_api.handler = agent(SCRIPT)
    send(qtbot, window, "Write a note")
    qtbot.waitUntil(lambda: waiting(window, "m1"), timeout=15000)
    step = steps(window)["m1"]
    assert step.title.text() == "⚙ demo · write_note"
    assert "write_note" in step.question.text()
    assert "demo" in step.question.text()
    shown = step.details.toPlainText()
    assert '"text": "hi"' in shown  # pretty JSON
    assert "(600 more characters)" in shown  # a long value folded, its length said
    assert step.always.isVisible()
    shot(window, "mcp-approval.png")
    step.always.click()
    wait_idle(qtbot, window, timeout=15000)
    assert step.status == "done"
    assert "noted: hi" in step.details.toPlainText()
    assert step.state.text().endswith(" s")  # the time it took
    second = steps(window)["m2"]
    assert second.status == "done"  # not asked again
    assert "noted: again" in second.details.toPlainText()
    assert window.view.message_widgets()[-1].markdown == "Done."
    listed = ServerList(gui_context.paths.mcp_servers_file, MemorySecrets())
    assert listed.find("demo").always_allow == ["write_note"]
    results = fake_api.messages_requests()[1].body["messages"][-1]["content"]
    assert results[0]["content"] == [{"type": "text", "text": "noted: hi"}]


def test_reject_tells_claude_and_approve_all_covers_the_rest_of_the_chat(window, qtbot, fake_api, servers, gui_context):
    fake_api.handler = agent(SCRIPT)
    send(qtbot, window, "Write a note")
    qtbot.waitUntil(lambda: waiting(window, "m1"), timeout=15000)
    steps(window)["m1"].reject.click()
    qtbot.waitUntil(lambda: waiting(window, "m2"), timeout=15000)
    assert window.chat_panel.footer.totals.text().startswith("This chat: $")  # the replies so far, mid-turn
    assert steps(window)["m1"].status == "declined"
    second = steps(window)["m2"]
    second.approve_all.click()
    wait_idle(qtbot, window, timeout=15000)
    assert second.status == "done"
    assert not window.workspace.folder  # (the editor's own switch is not touched)
    declined = fake_api.messages_requests()[1].body["messages"][-1]["content"][0]
    assert declined["is_error"] is True
    assert "declined" in declined["content"][0]["text"]
    fake_api.handler = agent([[tool_use("m3", "mcp__demo__write_note", text="third")], [say("Again.")]])
    send(qtbot, window, "One more")
    wait_idle(qtbot, window, timeout=15000)
    assert steps(window)["m3"].status == "done"  # the same chat: approved without asking
    chat = gui_context.open_store().find_chat(window.shown.id)
    assert chat.setup.approve_tools  # kept with the chat, for later sessions too
    assert not chat.setup.approve_writes  # (the editor's own switch is not touched)


def test_a_server_that_cannot_start_is_named_and_the_answer_still_comes(window, qtbot, fake_api, gui_context):
    gui_context.mcp_secrets = MemorySecrets()
    listed = ServerList(gui_context.paths.mcp_servers_file, gui_context.mcp_secrets)
    listed.add(ServerConfig("broken", command=sys.executable, args=[str(SERVERS / "hostile.py"), "exit"]), {}, {})
    send(qtbot, window, "Hello")
    wait_idle(qtbot, window, timeout=15000)
    assert window.view.message_widgets()[-1].markdown == "You said: Hello"
    banner = window.banner
    assert banner is not None
    assert "could not start" in banner.label.text()
    assert "MISSING_TOKEN" in banner.label.text()  # the tail of its stderr
    body = fake_api.messages_requests()[-1].body
    assert "could not be started" in json.dumps(body["system"])


def test_memory_calls_run_without_asking_and_show_as_steps(window, qtbot, fake_api, gui_context):
    window.services.settings.memory = True
    create = {"command": "create", "path": "/memories/user.md", "file_text": "likes tea\n"}
    fake_api.handler = agent(
        [[say("Noting."), {"type": "tool_use", "id": "k1", "name": "memory", "input": create}], [say("Noted.")]]
    )
    send(qtbot, window, "I like tea")
    wait_idle(qtbot, window, timeout=15000)
    step = steps(window)["k1"]
    assert step.title.text() == "→ Create /memories/user.md"
    assert step.status == "done"
    assert (gui_context.paths.data_dir / "memory" / "user.md").read_text() == "likes tea\n"
    assert {"type": "memory_20250818", "name": "memory"} in fake_api.messages_requests()[0].body["tools"]


def test_each_chat_chooses_its_servers_in_the_tools_menu(window, qtbot, fake_api, servers, gui_context):
    servers.add(ServerConfig("second", command=sys.executable, args=[str(SERVERS / "demo.py")]), {}, {})
    window.tools_menu.refresh()
    button = window.composer.tools
    assert button.isVisible()
    assert button.text() == "Tools · 2"  # the default set: both
    window.tools_menu._fill()
    names = [a.text() for a in window.tools_menu.menu.actions() if a.isCheckable()]
    assert names == ["demo", "second"]
    window.tools_menu.set_on("second", False)
    assert button.text() == "Tools · 1"
    send(qtbot, window, "Hello")
    wait_idle(qtbot, window, timeout=15000)
    tools = [t["name"] for t in fake_api.messages_requests()[-1].body["tools"]]
    assert "mcp__demo__add" in tools
    assert not any(t.startswith("mcp__second__") for t in tools)
    chat = window.shown.id
    assert gui_context.open_store().find_chat(chat).setup.mcp_servers == ("demo",)  # kept with the chat
    window.new_chat()
    assert button.text() == "Tools · 2"  # a new chat starts from the default set
    window.tools_menu.set_on("demo", False)
    window.tools_menu.set_on("second", False)
    send(qtbot, window, "No tools")
    wait_idle(qtbot, window, timeout=15000)
    assert "tools" not in fake_api.messages_requests()[-1].body  # none on: no tools sent


@pytest.mark.qt_log_ignore("This plugin does not support.*")  # the offscreen platform: a menu cannot grab keys
def test_slash_lists_the_servers_prompts_and_one_fills_the_composer(window, qtbot, servers):
    extras = window.mcp_extras
    window.composer.input.setPlainText("/")
    qtbot.waitUntil(lambda: extras.menu.isVisible() and bool(extras.menu.actions()), timeout=15000)
    labels = [a.text() for a in extras.menu.actions()]
    assert labels == ["/review  ·  demo  —  Ask for a review of some code."]
    extras.menu.actions()[0].trigger()
    dialog = extras.arguments_dialog
    assert list(dialog.fields) == ["code", "focus"]
    dialog.buttons.accepted.emit()  # the required code is empty: the dialog stays
    assert not dialog.result()
    dialog.fields["code"].setText("x = 1")
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: window.composer.input.toPlainText().startswith("Please review"), timeout=15000)
    assert window.composer.input.toPlainText() == "Please review this code, looking for bugs:\nx = 1"


@pytest.mark.qt_log_ignore("This plugin does not support.*")
def test_a_resource_is_attached_like_a_file(window, qtbot, servers):
    extras = window.mcp_extras
    window.tools_menu.refresh()
    window.tools_menu._fill()
    attach = next(a for a in window.tools_menu.menu.actions() if a.text() == "Attach a resource…")
    assert attach.isEnabled()
    attach.trigger()
    qtbot.waitUntil(lambda: extras.menu.isVisible() and len(extras.menu.actions()) == 2, timeout=15000)
    labels = [a.text() for a in extras.menu.actions()]
    assert labels == ["today  ·  demo  —  Today's notes.", "dot  ·  demo  —  A 1×1 PNG."]
    for action in extras.menu.actions():
        action.trigger()
    qtbot.waitUntil(lambda: len(window.composer.tray.attachments()) == 2, timeout=15000)
    kinds = {a.name: a.kind for a in window.composer.tray.attachments()}
    assert kinds == {"today": "text", "dot": "image"}


def test_choose_tools_narrows_a_servers_tools_in_this_chat(window, qtbot, fake_api, servers, gui_context):
    from PySide6.QtCore import Qt

    window.tools_menu.refresh()
    window.tools_menu.choose_tools()
    dialog = window.tools_menu.dialog
    qtbot.waitUntil(lambda: dialog.tree.topLevelItemCount() == 1, timeout=15000)
    server = dialog.tree.topLevelItem(0)
    tools = {server.child(i).text(0): server.child(i) for i in range(server.childCount())}
    assert "add" in tools
    assert "write_note" in tools
    for name, item in tools.items():
        if name != "add":
            item.setCheckState(0, Qt.CheckState.Unchecked)
    dialog.buttons.accepted.emit()
    assert window.shown.setup.mcp_tools == {"demo": ("add",)}
    send(qtbot, window, "Hello")
    wait_idle(qtbot, window, timeout=15000)
    sent = [t["name"] for t in fake_api.messages_requests()[-1].body["tools"]]
    assert sent == ["mcp__demo__add"]
    assert gui_context.open_store().find_chat(window.shown.id).setup.mcp_tools == {"demo": ("add",)}


def test_a_tool_result_is_shown_as_text_and_fetches_nothing(window, qtbot, fake_api, gui_context):
    gui_context.mcp_secrets = MemorySecrets()
    listed = ServerList(gui_context.paths.mcp_servers_file, gui_context.mcp_secrets)
    listed.add(ServerConfig("demo", command=sys.executable, args=[str(SERVERS / "demo.py")], trusted=True), {}, {})
    fake_api.handler = agent([[tool_use("p1", "mcp__demo__page")], [say("Read it.")]])
    send(qtbot, window, "Read the page")
    wait_idle(qtbot, window, timeout=15000)
    step = steps(window)["p1"]
    shown = step.details.toPlainText()
    assert '<img src="http://203.0.113.9/track.png">' in shown  # the markup as text, never rendered
    assert not step.details.document().allFormats() or all(
        not f.isImageFormat() for f in step.details.document().allFormats()
    )
    assert step.details.openLinks() is False


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_quitting_the_window_stops_a_server_that_ignores_sigterm(qtbot, qloop, gui_context, tmp_path):
    """As the app quits (Ctrl+Q: the window closes, then the services): no server outlives Parley."""
    import asyncio

    from parley.gui.main_window import MainWindow
    from parley.gui.services import Services

    gui_context.mcp_secrets = MemorySecrets()
    pid_file = tmp_path / "stubborn.pid"
    listed = ServerList(gui_context.paths.mcp_servers_file, gui_context.mcp_secrets)
    stubborn = [str(SERVERS / "hostile.py"), "stubborn", str(pid_file)]
    listed.add(ServerConfig("stubborn", command=sys.executable, args=stubborn), {}, {})
    services = Services(gui_context, gui_context.open_store())
    win = MainWindow(services)
    qtbot.addWidget(win)
    win.show()
    started = asyncio.ensure_future(services.mcp_hub().ensure(["stubborn"]))
    qtbot.waitUntil(started.done, timeout=20000)
    assert started.result() == {}
    pid = int(pid_file.read_text())
    assert _alive(pid)
    win.close()
    closing = asyncio.ensure_future(services.aclose())
    qtbot.waitUntil(closing.done, timeout=20000)
    try:
        qtbot.waitUntil(lambda: not _alive(pid), timeout=5000)
    finally:
        if _alive(pid):
            os.kill(pid, 9)
