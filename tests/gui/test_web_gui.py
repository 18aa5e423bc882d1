"""Web search and fetch in the window (issue 25): the Web switch, a step per search, numbered
markers linked to the Sources list, a paused answer that goes on by itself, Continue at the limit,
and Settings → Web."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

from parley.core.chat import MAX_CONTINUATIONS
from parley.gui.message_widgets import AssistantMessageWidget
from tests.fakeapi.replies import Reply, message_events
from tests.fakeapi.web import AlwaysPause, searched
from tests.gui.conftest import send, wait_idle


def answers(window) -> list[AssistantMessageWidget]:
    return [w for w in window.view.message_widgets() if isinstance(w, AssistantMessageWidget)]


def tools_sent(fake_api) -> list[str]:
    return [t["name"] for t in fake_api.messages_requests()[-1].body.get("tools") or []]


def test_the_web_switch_is_off_on_a_custom_endpoint_until_turned_on_and_kept_per_chat(window, qtbot, fake_api):
    assert not window.composer.web.isChecked()  # the fake API's URL is not Anthropic's: a proxy may not support it
    send(qtbot, window, "hello")
    wait_idle(qtbot, window)
    assert tools_sent(fake_api) == []
    window.composer.web.setChecked(True)
    assert window.shown.setup.web.search
    send(qtbot, window, "::web\nasyncio?")
    wait_idle(qtbot, window)
    assert tools_sent(fake_api) == ["web_search", "web_fetch"]
    chat_id = window.shown.id
    window.new_chat()
    assert not window.composer.web.isChecked()  # a new chat starts from the settings
    window.open_chat(chat_id)
    qtbot.waitUntil(lambda: window.shown.id == chat_id)
    assert window.composer.web.isChecked()  # the chat kept its choice


def test_a_search_is_a_step_and_citations_link_to_the_sources(window, qtbot, fake_api, monkeypatch):
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toString()))
    window.composer.web.setChecked(True)
    send(qtbot, window, "::web\nasyncio?")
    wait_idle(qtbot, window)
    answer = answers(window)[-1]
    [step] = answer.web_steps.values()
    assert step.title.text() == "Searched: asyncio? · 5 results"
    step.toggle.click()
    assert not step.details.isHidden()
    assert "asyncio — Asynchronous I/O · docs.python.org · 2 weeks ago" in step.details.text()
    assert "syntax.\u2009[\\[1\\]](https://docs.python.org/3/library/asyncio.html)" in answer.markdown
    panel = answer.sources
    assert panel is not None
    assert panel.isVisible()
    assert [s.number for s in panel.sources] == [1, 2, 3, 4]
    assert "en.wikipedia.org" in panel.list.text()
    panel.list.linkActivated.emit("https://peps.python.org/pep-3156/")
    panel.list.linkActivated.emit("javascript:alert(1)")  # (no such link is made; and none would open)
    assert opened == ["https://peps.python.org/pep-3156/"]
    chat_id = window.shown.id
    window.new_chat()
    window.open_chat(chat_id)  # the same, from the history
    qtbot.waitUntil(lambda: bool(answers(window)) and answers(window)[-1].sources is not None)
    saved = answers(window)[-1]
    assert saved.markdown == answer.markdown
    assert [s.url for s in saved.sources.sources] == [s.url for s in panel.sources]


def test_a_failed_search_says_why_and_the_answer_still_comes(window, qtbot, fake_api):
    window.composer.web.setChecked(True)
    send(qtbot, window, "::weberror max_uses_exceeded\nmore")
    wait_idle(qtbot, window)
    answer = answers(window)[-1]
    [step] = answer.web_steps.values()
    assert step.state.text() == "Failed: the limit of searches for this answer was reached. Claude went on without it."
    assert "from memory" not in answer.markdown
    assert answer.markdown
    assert answer.banner is None


def test_a_paused_answer_goes_on_by_itself_with_no_continue_on_the_way(window, qtbot, fake_api):
    window.composer.web.setChecked(True)
    send(qtbot, window, "::pause\nevent loops")
    wait_idle(qtbot, window)
    first, second = answers(window)
    assert first.banner is None  # it went on: nothing to click
    assert "TaskGroup cancels" in second.markdown
    titles = [w.title.text() for w in first.web_steps.values()]
    assert titles == ["Searched: event loops · 3 results", "Searched: event loops details · 3 results"]
    assert not second.web_steps  # the paused search is one step, settled where it began
    chat_id = window.shown.id
    window.new_chat()
    window.open_chat(chat_id)
    qtbot.waitUntil(lambda: len(answers(window)) == 2)
    assert all(a.banner is None for a in answers(window))
    assert [w.title.text() for w in answers(window)[0].web_steps.values()] == titles


@pytest.mark.qt_log_ignore("This plugin does not support.*")
def test_at_the_limit_continue_resumes_the_paused_answer(window, qtbot, fake_api):
    pausing = fake_api.handler = AlwaysPause()
    window.composer.web.setChecked(True)
    send(qtbot, window, "search forever")
    wait_idle(qtbot, window, 15000)
    assert pausing.requests == 1 + MAX_CONTINUATIONS
    last = answers(window)[-1]
    assert last.banner is not None
    assert "resume" in last.banner.buttons
    fake_api.handler = None  # the next request answers
    before = len(answers(window))
    last.banner.buttons["resume"].click()
    wait_idle(qtbot, window)
    assert len(answers(window)) == before + 1
    assert fake_api.messages_requests()[-1].body["messages"][-1]["role"] == "assistant"  # nothing new was sent


def test_settings_web_checks_domains_and_saves(window, qtbot, gui_context):
    window.open_settings()
    dialog = window.settings_dialog
    dialog.web.allowed.setPlainText("https://python.org")
    dialog._on_save()
    assert dialog.error.isVisible()
    assert "without http" in dialog.error.text()
    assert dialog.pages.currentIndex() == 4  # the Web page, where the mistake is
    dialog.web.allowed.setPlainText("python.org\nlwn.net")
    dialog.web.search.setCurrentIndex(1)  # On
    dialog.web.country.setText("gb")
    dialog._on_save()
    web = gui_context.settings.web
    assert web.search is True
    assert web.allowed_domains == ["python.org", "lwn.net"]
    assert web.location == {"country": "GB"}
    assert window.composer.web.isChecked()  # the switch follows the settings
    _ = QUrl  # (imported for the link checks above)


def test_many_sources_show_the_first_five_then_all_on_request(window, qtbot, fake_api):
    window.composer.web.setChecked(True)
    send(qtbot, window, "::cites 20\nloops")
    wait_idle(qtbot, window)
    panel = answers(window)[-1].sources
    assert len(panel.sources) == 10
    assert panel.list.text().count("<a href=") == 5
    assert panel.more.text() == "Show all 10 sources"
    panel.more.click()
    assert panel.list.text().count("<a href=") == 10
    assert panel.more.text() == "Show fewer"


def test_hostile_titles_and_urls_show_as_text_and_never_load(window, qtbot, fake_api, monkeypatch):
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toString()))
    evil = '<img src="http://evil.example/x.png"><a href="javascript:alert(1)">click</a>'
    sources = [
        ("javascript:alert(1)", evil, None),
        ("http://evil.example/page", "**bold** [x](http://evil.example)", None),
    ]
    blocks = [
        *searched("srvtoolu_h", "q", sources),
        {
            "type": "text",
            "text": "A claim.",
            "citations": [
                {"type": "web_search_result_location", "url": u, "title": t, "cited_text": "c", "encrypted_index": "x"}
                for u, t, _ in sources
            ],
        },
    ]
    fake_api.script(Reply(events=message_events("claude-sonnet-4-6", blocks)))
    send(qtbot, window, "hi")
    wait_idle(qtbot, window)
    answer = answers(window)[-1]
    html = answer.sources.list.text()
    assert "<img" not in html
    assert 'href="javascript' not in html  # not a link at all (the title shows it as text)
    assert "&lt;img src=" in html  # shown as the text it is
    assert "javascript" not in answer.markdown
    [step] = answer.web_steps.values()
    step.toggle.click()
    assert "<img" in step.details.text()  # (a plain-text label: shown, never loaded)
    answer.sources.list.linkActivated.emit("javascript:alert(1)")
    assert opened == []
