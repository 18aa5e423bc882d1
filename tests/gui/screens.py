"""Every screen of the window, built on a stage the fake API drives: the screen gallery
(``python -m tests.gallery``) photographs them, and tests/gui/test_layout.py checks their layout.

A screen is a function that puts the window (or a dialog) in one state and returns the widget to
look at. The fake API's directives (tests/fakeapi/directives.py) give each screen real content.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QEventLoop, QTimer
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QApplication, QWidget

from parley.core.clock import FixedClock
from parley.core.context import Context
from parley.core.options import ModelChoice
from parley.core.paths import Paths
from parley.core.secrets import MemoryStore
from parley.core.settings import Settings
from tests.fakeapi import DEFAULT_KEY, FakeAPI
from tests.fakeapi.agent import agent, call, say, tool_use

CLOCK = FixedClock(date(2026, 12, 5))


@dataclass
class Stage:
    app: QApplication
    window: Any  # MainWindow
    fake: FakeAPI
    folder: Path

    def pump(self, ms: int = 50) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def until(self, condition: Callable[[], bool], timeout_ms: int = 8000) -> None:
        waited = 0
        while not condition() and waited < timeout_ms:
            self.pump(25)
            waited += 25
        self.pump(60)  # a last frame laid out

    def idle(self) -> None:
        """Replies done, and their formulas drawn."""
        from parley.gui.markdown_view import MarkdownView

        self.until(
            lambda: (
                not self.window.controller.busy
                and not self.window.compare_mode.busy
                and not any(v.formulas_pending for v in self.window.findChildren(MarkdownView))
            )
        )

    def send(self, text: str, *, wait: bool = True) -> None:
        self.window.composer.set_text(text)
        self.window.send_draft()
        if wait:
            self.idle()


@contextmanager
def stage(size: tuple[int, int], theme: str = "light") -> Iterator[Stage]:
    """A window on the fake API with a fresh history, at *size*, in *theme* (the app's language is
    whatever translator is installed)."""
    from parley.gui import theme as theme_mod
    from parley.gui.main_window import MainWindow
    from parley.gui.qt_loop import ParleyEventLoop
    from parley.gui.services import Services

    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    fake = FakeAPI().start()
    loop = ParleyEventLoop(app, already_running=True)
    asyncio.set_event_loop(loop)
    try:
        with tempfile.TemporaryDirectory() as tmp, loop.asyncgen_hooks():
            settings = Settings()
            settings.active_endpoint = fake.url
            settings.theme = theme
            keys = MemoryStore()
            ctx = Context(Paths.resolve(str(Path(tmp) / "data")), settings, keys, CLOCK)
            keys.set(ctx.endpoint, DEFAULT_KEY)
            services = Services(ctx, ctx.open_store())
            window = MainWindow(services, theme_mod.apply(app, theme))
            window.resize(*size)
            window.move(120, 120)  # offscreen, the pointer sits at (0, 0): keep it off the window
            window.show()
            QCursor.setPos(window.geometry().right() + 500, window.geometry().bottom() + 500)  # hovering nothing
            folder = Path(tmp) / "project"
            folder.mkdir()
            (folder / "greet.py").write_text("def greet():\n    return 'hi'\n")
            play = Stage(app, window, fake, folder)
            play.pump(80)
            yield play
            window.close()
            closing = asyncio.ensure_future(services.aclose())
            play.until(closing.done, 5000)
            loop.stop_worker_threads()
            # Deleted, not only closed: every widget left alive is polished again by the next stage's
            # app-wide style sheet (2 s a stage after 24 screens: CI's layout walk grew by minutes).
            window.deleteLater()
            app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    finally:
        asyncio.set_event_loop(None)
        fake.stop()


# ------------------------------------------------------------------ the screens


def empty(s: Stage) -> QWidget:
    return s.window


def first_run(s: Stage) -> QWidget:
    s.window.open_settings(first_run=True)
    s.pump(120)
    return s.window.settings_dialog


def long_answer(s: Stage) -> QWidget:
    s.send("How does streaming work?\n::long\n::think")
    return s.window


def first_run_key(s: Stage) -> QWidget:
    from tests.fakeapi import DEFAULT_KEY

    s.window.open_settings(first_run=True)
    wizard = s.window.settings_dialog
    wizard.go(1)
    wizard.key_form.key.setText(DEFAULT_KEY)
    s.until(lambda: wizard.key_form.test_result.text().startswith(("✓", "✗")), 5000)
    return wizard


def thinking_done(s: Stage) -> QWidget:
    s.send("Why is the sky blue?\n::think")
    s.window.view.message_widgets()[-1].thinking.set_expanded(True)
    return s.window


def thinking_live(s: Stage) -> QWidget:
    s.send("Think it through slowly\n::think\n::slow\n::long", wait=False)
    s.until(lambda: "streaming" in s.window.view.message_widgets()[-1].thinking.text, 5000)
    return s.window


def branches(s: Stage) -> QWidget:
    s.send("Name a colour")
    s.send("And another?")
    second = s.window.view.message_widgets()[2]
    s.window.view.edit_requested.emit(second.message_id)
    s.send("And a fruit?")
    return s.window


def search(s: Stage) -> QWidget:
    s.send("Tell me about streaming\n::long")
    s.window.new_chat()
    s.window.focus_search()
    s.window.sidebar.search.setText("stream")
    s.pump(400)
    s.window.sidebar.panel.run()
    s.pump(100)
    return s.window


def compare_two(s: Stage) -> QWidget:
    s.window.new_comparison()
    s.send("Compare streaming and polling\n::long")
    return s.window


def compare_four(s: Stage) -> QWidget:
    s.window.new_comparison()
    view = s.window.compare_mode.view
    view.new([ModelChoice(m) for m in ("claude-opus-4-7", "claude-sonnet-4-6", "claude-opus-4-6", "claude-haiku-4-5")])
    s.send("Compare streaming and polling\n::long")
    return s.window


def tool_approval(s: Stage) -> QWidget:
    s.fake.handler = agent(
        [
            [say("Let me look."), call("t1", command="view", path="greet.py")],
            [call("t2", command="str_replace", path="greet.py", old_str="'hi'", new_str="'hello'")],
            [say("Done.")],
        ]
    )
    s.window.workspace.attach(str(s.folder))
    s.send("Make greet say hello", wait=False)
    s.until(lambda: any(step.status == "waiting" for step in s.window.view.steps()), 8000)
    return s.window


def mcp_approval(s: Stage) -> QWidget:
    """An MCP call waiting for the user, after one that ran (a read-only tool of a trusted server)."""
    from parley.core.mcp.config import MemorySecrets, ServerConfig, ServerList

    demo = Path(__file__).resolve().parents[1] / "mcp_servers" / "demo.py"
    servers = ServerList(s.window.services.ctx.paths.mcp_servers_file, MemorySecrets())
    servers.add(ServerConfig("notes", command=sys.executable, args=[str(demo)], trusted=True), {}, {})
    s.window.tools_menu.refresh()  # (as closing Settings → Tools does)
    s.fake.handler = agent(
        [
            [say("Let me add them first."), tool_use("m1", "mcp__notes__add", a=40, b=2)],
            [tool_use("m2", "mcp__notes__write_note", text="The answer is 42.", tags=["math", "answers"])],
            [say("Done.")],
        ]
    )
    s.send("Add 40 and 2, then note the answer", wait=False)
    s.until(lambda: any(step.status == "waiting" for step in s.window.view.steps()), 15000)
    return s.window


def settings_tools(s: Stage) -> QWidget:
    """Settings → Tools with a connected server (its tools listed), a failed one and one not started."""
    from parley.core.mcp.config import MemorySecrets, ServerConfig, ServerList

    here = Path(__file__).resolve().parents[1] / "mcp_servers"
    servers = ServerList(s.window.services.ctx.paths.mcp_servers_file, MemorySecrets())
    servers.add(ServerConfig("notes", command=sys.executable, args=[str(here / "demo.py")], trusted=True), {}, {})
    servers.add(ServerConfig("mail", command=sys.executable, args=[str(here / "hostile.py"), "exit"]), {}, {})
    servers.add(ServerConfig("search", url="https://mcp.example.com/mcp"), {}, {})
    hub = s.window.services.mcp_hub()
    checking = asyncio.ensure_future(hub.ensure(["notes", "mail"]))
    s.until(checking.done, 15000)
    dialog = settings_page(5)(s)
    return dialog


def memory_notes(s: Stage) -> QWidget:
    """Settings → Tools → Memory → View and edit…, with notes Claude kept, one of them open."""
    settings = settings_page(5)(s)
    box = settings.tools.memory  # type: ignore[attr-defined]
    (box.folder / "projects").mkdir(parents=True, exist_ok=True)
    (box.folder / "preferences.md").write_text(
        "# Preferences\n\n- Answers in British English, short paragraphs.\n- Python examples use type hints.\n"
        "- Prefers tea to coffee in recipes.\n",
        encoding="utf-8",
    )
    (box.folder / "projects" / "parley.md").write_text("# Parley\n\nShip MCP, then web tools.\n", encoding="utf-8")
    dialog = box.show_notes()
    s.pump(120)
    return dialog


def web_answer(s: Stage) -> QWidget:
    """An answer that searched the web: its step above the text, numbered markers, Sources below;
    then a search that failed (rate limited), in plain words."""
    s.window.composer.web.setChecked(True)  # (the fake API's URL is a custom endpoint: web is off until asked)
    s.send("How does asyncio's event loop work?\n::web")
    s.send("And recent changes?\n::weberror too_many_requests")
    steps = s.window.findChildren(QWidget, "toolStep")
    if steps:
        steps[0].set_expanded(True)
    s.pump(120)
    return s.window


def attachments(s: Stage) -> QWidget:
    from parley.core.attachments import read_attachment
    from tests.gui.test_attachments_gui import png

    for name in ("diagram.png", "photo with a long name.png"):
        (s.folder / name).write_bytes(png())
    s.window.composer.tray.set_attachments([read_attachment(s.folder / "diagram.png")])
    s.send("What is in this picture?")
    s.window.composer.tray.set_attachments(
        [read_attachment(s.folder / n) for n in ("diagram.png", "photo with a long name.png")]
    )
    s.window.composer.set_text("And these two?")
    s.pump(100)
    return s.window


def errors(s: Stage) -> QWidget:
    s.send("Hello")
    s.send("Once more\n::error 401")
    return s.window


def chat_settings(s: Stage) -> QWidget:
    s.send("Hello")
    s.window.actions_by_name["chat_settings"].trigger()
    s.pump(120)
    return s.window.chat_panel.dialog


def settings_page(page: int) -> Callable[[Stage], QWidget]:
    def show(s: Stage) -> QWidget:
        s.window.open_settings()
        s.pump(80)
        dialog = s.window.settings_dialog
        dialog.show_page(page)
        s.pump(80)
        return dialog

    show.__name__ = f"settings_{page}"
    return show


SCREENS: dict[str, Callable[[Stage], QWidget]] = {
    "first-run": first_run,
    "first-run-key": first_run_key,
    "empty": empty,
    "long-answer": long_answer,
    "thinking-live": thinking_live,
    "thinking-done": thinking_done,
    "branches": branches,
    "search": search,
    "settings-general": settings_page(0),
    "settings-endpoint": settings_page(1),
    "settings-replies": settings_page(2),
    "settings-network": settings_page(3),
    "settings-web": settings_page(4),
    "settings-tools": settings_tools,
    "memory-notes": memory_notes,
    "chat-settings": chat_settings,
    "compare-2": compare_two,
    "compare-4": compare_four,
    "tool-approval": tool_approval,
    "mcp-approval": mcp_approval,
    "web-answer": web_answer,
    "attachments": attachments,
    "errors": errors,
}
