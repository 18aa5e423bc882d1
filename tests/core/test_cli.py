"""The ``parley`` command, run as a real process against the fake API."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.fakeapi import error_reply, refusal_reply, text_reply


def test_version_and_help(cli):
    assert cli("--version").stdout.startswith("parley ")
    out = cli("--help").stdout
    for word in ("ask", "models", "--data-dir"):
        assert word in out


def test_ask_streams_answer_to_stdout_and_thinking_to_stderr(cli, fake_api):
    r = cli("ask", "Hello there")
    assert r.returncode == 0, r.stderr
    assert r.stdout == "You said: Hello there\n"
    assert "[thinking]" in r.stderr
    assert "The user wrote 11 characters" in r.stderr
    assert fake_api.messages_requests()[0].body["model"] == "claude-sonnet-4-6"


def test_ask_json_and_continue_chat(cli, fake_api):
    first = cli("ask", "-m", "claude-opus-4-7", "-e", "xhigh", "--json", "first question")
    assert first.returncode == 0, first.stderr
    data = json.loads(first.stdout)
    assert {"chat_id", "model", "text", "thinking", "stop_reason", "usage", "cost_usd"} <= set(data)
    assert data["model"] == "claude-opus-4-7"
    assert data["stop_reason"] == "end_turn"
    assert data["text"] == "You said: first question"
    assert data["cost_usd"] > 0
    assert data["thinking"]
    second = cli("ask", "--chat", data["chat_id"][:8], "--json", "-", stdin="second question\n")
    assert second.returncode == 0, second.stderr
    again = json.loads(second.stdout)
    assert again["chat_id"] == data["chat_id"]
    assert again["model"] == "claude-opus-4-7"
    sent = fake_api.messages_requests()[1].body
    assert len(sent["messages"]) == 3
    assert sent["output_config"] == {"effort": "xhigh"}


def test_a_longest_reply_over_the_models_limit_is_capped_with_a_note(cli, fake_api):
    r = cli("ask", "-m", "claude-haiku-4-5", "--max-tokens", "100000", "hi")
    assert r.returncode == 0, r.stderr
    assert fake_api.messages_requests()[0].body["max_tokens"] == 64_000
    assert "Claude Haiku 4.5 writes at most 64,000 tokens in one reply" in r.stderr


def test_no_thinking_and_system(cli, fake_api):
    r = cli("ask", "--no-thinking", "--system", "Be terse.", "-m", "claude-haiku-4-5", "hi")
    assert r.returncode == 0, r.stderr
    body = fake_api.messages_requests()[0].body
    assert "thinking" not in body
    assert body["system"] == "Be terse."
    assert "[thinking]" not in r.stderr


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["-m", "claude-sonnet-4-5", "-e", "high"], "does not accept an effort level"),
        (["-m", "claude-opus-4-6", "-e", "xhigh"], "accepts effort low, medium, high, max"),
        (["-m", "claude-opus-4-7", "--budget-tokens", "2000"], "does not take a thinking budget"),
        (["-m", "claude-haiku-4-5", "--max-tokens", "0"], "at least 1"),
    ],
)
def test_invalid_combinations_exit_2_before_any_request(cli, fake_api, args, expected):
    r = cli("ask", *args, "hi")
    assert r.returncode == 2
    assert expected in r.stderr
    assert fake_api.messages_requests() == []


def test_usage_errors_exit_2(cli):
    assert cli("ask").returncode == 2
    assert cli("ask", "   ").returncode == 2
    assert cli("ask", "--chat", "nope", "hi").returncode == 2


def test_missing_key_exits_3_with_advice(cli):
    r = cli("ask", "hi", key=None, PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring")
    assert r.returncode == 3
    assert "ANTHROPIC_API_KEY" in r.stderr


def test_api_error_exits_3_with_one_clear_line(cli, fake_api):
    r = cli("ask", "hi", key="sk-bad-key-123456789")
    assert r.returncode == 3
    lines = [ln for ln in r.stderr.splitlines() if ln.strip() and not ln.startswith("parley: Claude")]
    assert len(lines) == 1
    assert "rejected the API key" in lines[0]
    assert "sk-bad-key-123456789" not in r.stderr
    fake_api.script(error_reply(400, "invalid_request_error", "something is off"))
    r = cli("ask", "--json", "hi")
    assert r.returncode == 3
    assert json.loads(r.stdout)["error"].startswith("The API rejected the request")


def test_refusal_exits_4_and_names_the_category(cli, fake_api):
    fake_api.script(refusal_reply("claude-sonnet-4-6", category="cyber"))
    r = cli("ask", "something")
    assert r.returncode == 4
    assert "category: cyber" in r.stderr
    assert "another model" in r.stderr


def test_max_tokens_suggests_continue_and_continue_sends_the_documented_prompt(cli, fake_api):
    fake_api.script(text_reply("claude-sonnet-4-6", "the cut-off answer", stop_reason="max_tokens"))
    r = cli("ask", "--json", "long please")
    assert r.returncode == 0
    assert "max_tokens" in r.stderr
    assert "--continue" in r.stderr
    chat = json.loads(r.stdout)["chat_id"]
    again = cli("ask", "--chat", chat[:8], "--continue")
    assert again.returncode == 0, again.stderr
    last = fake_api.messages_requests()[-1].body["messages"][-1]
    assert last["role"] == "user"
    assert last["content"][0]["text"].startswith("Your previous response was interrupted and ended with")
    assert "the cut-off answer" in last["content"][0]["text"]
    assert cli("ask", "--continue").returncode == 2  # needs --chat


def test_ask_attaches_files_and_refuses_what_cannot_be_sent(cli, fake_api, tmp_path):
    from tests.core.test_attachments import pdf, png

    (tmp_path / "shot.png").write_bytes(png())
    (tmp_path / "spec.pdf").write_bytes(pdf(2))
    (tmp_path / "tool.exe").write_bytes(b"MZ\x90\x00\x03\x00\x00")
    r = cli("ask", "--attach", str(tmp_path / "shot.png"), "-a", str(tmp_path / "spec.pdf"), "What are these?")
    assert r.returncode == 0, r.stderr
    req = fake_api.messages_requests()[-1]
    assert req.status == 200
    assert [b["type"] for b in req.body["messages"][0]["content"]] == ["image", "document", "text"]
    only_file = cli("ask", "-a", str(tmp_path / "shot.png"))  # a file alone is a message
    assert only_file.returncode == 0, only_file.stderr
    bad = cli("ask", "-a", str(tmp_path / "tool.exe"), "run it")
    assert bad.returncode == 2
    assert "tool.exe is not an image, a PDF or a text file" in bad.stderr
    missing = cli("ask", "-a", str(tmp_path / "nope.png"), "hi")
    assert missing.returncode == 2
    assert "nope.png does not exist" in missing.stderr


def test_ask_compaction_is_remembered_for_the_chat(cli, fake_api):
    first = cli("ask", "--compaction", "--json", "hello")
    assert first.returncode == 0, first.stderr
    req = fake_api.messages_requests()[-1]
    assert req.body["context_management"] == {"edits": [{"type": "compact_20260112"}]}
    assert "compact-2026-01-12" in req.headers["anthropic-beta"]
    chat = json.loads(first.stdout)["chat_id"]
    assert cli("ask", "--chat", chat[:8], "again").returncode == 0
    assert "context_management" in fake_api.messages_requests()[-1].body


@pytest.mark.parametrize(
    ("today", "words"),
    [("2026-11-15", "retires in 15 days (2026-11-30)"), ("2026-11-29", "retires tomorrow")],
)
def test_a_model_retiring_soon_answers_with_a_warning(cli, today, words):
    r = cli("ask", "-m", "claude-sonnet-4-5", "hi", PARLEY_TODAY=today)
    assert r.returncode == 0, r.stderr
    assert words in r.stderr
    assert "claude-sonnet-4-6" in r.stderr


@pytest.mark.parametrize("today", ["2026-11-30", "2026-12-05"])
def test_at_anthropic_a_retired_model_is_refused_naming_its_successor(cli, fake_api, today):
    r = cli("ask", "-m", "claude-sonnet-4-5", "hi", ANTHROPIC_BASE_URL="", PARLEY_TODAY=today)
    assert r.returncode == 2
    assert "Claude Sonnet 4.5 was retired on 2026-11-30" in r.stderr
    assert "-m claude-sonnet-4-6" in r.stderr
    assert fake_api.messages_requests() == []


def test_a_proxy_still_serving_a_retired_model_answers_and_says_so(cli, fake_api):
    r = cli("ask", "-m", "claude-sonnet-4-5", "hi")
    assert r.returncode == 0, r.stderr
    assert "retired at Anthropic on 2026-11-30" in r.stderr
    assert fake_api.messages_requests()[0].body["model"] == "claude-sonnet-4-5"


def test_a_proxy_that_dropped_a_retired_model_names_the_successor(cli, fake_api):
    fake_api.retired = {"claude-sonnet-4-5"}
    r = cli("ask", "-m", "claude-sonnet-4-5", "hi")
    assert r.returncode == 3
    assert "retired at Anthropic on 2026-11-30, and this endpoint no longer serves it" in r.stderr
    assert "-m claude-sonnet-4-6" in r.stderr


def test_models_say_which_are_offered_today(cli, fake_api):
    fake_api.retired = {"claude-sonnet-4-5"}
    assert cli("models", "--refresh").returncode == 0
    listing = {m["id"]: m for m in json.loads(cli("models", "--json").stdout)}
    assert not listing["claude-sonnet-4-5"]["offered"]
    assert "retired at Anthropic" in listing["claude-sonnet-4-5"]["retirement_notice"]
    assert listing["claude-sonnet-4-6"]["offered"]
    earlier = {m["id"]: m for m in json.loads(cli("models", "--json", PARLEY_TODAY="2026-06-01").stdout)}
    assert earlier["claude-sonnet-4-5"]["offered"]
    assert "retirement_notice" not in earlier["claude-sonnet-4-5"]


def test_models_list_json_and_refresh_cache(cli, fake_api, tmp_path):
    table = cli("models")
    assert table.returncode == 0
    assert "claude-opus-4-7" in table.stdout
    assert "xhigh" in table.stdout
    data = json.loads(cli("models", "--json").stdout)
    assert [m["id"] for m in data][:5] == [
        "claude-opus-4-7",
        "claude-opus-4-6",
        "claude-sonnet-4-6",
        "claude-sonnet-4-5",
        "claude-haiku-4-5",
    ]
    fake_api.models_style = "openai"
    r = cli("models", "--refresh", "--json")
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "data" / "models-cache.json").exists()
    offline = json.loads(cli("models", "--json", key=None).stdout)  # cached: works without a key
    assert "claude-opus-5-5" in [m["id"] for m in offline]


def test_data_dir_flag_holds_every_file(cli, tmp_path):
    target = tmp_path / "elsewhere"
    assert cli("--data-dir", str(target), "ask", "hi").returncode == 0
    assert (target / "history.sqlite3").exists()
    assert not (tmp_path / "data").exists()


def test_history_commands_chats_search_export_import(cli, tmp_path):
    samples = Path(__file__).parent.parent / "fixtures" / "imports"
    r = cli("import", str(samples / "claude_conversations.json"))
    assert r.returncode == 0, r.stderr
    assert "imported 2 chat(s)" in r.stderr
    assert "skipped 2" in cli("import", str(samples / "claude_conversations.json")).stderr
    chats = json.loads(cli("chats", "--json").stdout)
    assert {c["title"] for c in chats} == {"Sourdough starter troubleshooting", "用一句话解释量子纠缠。"}
    hits = json.loads(cli("search", "--json", "hungry").stdout)
    assert hits[0]["chat_title"] == "Sourdough starter troubleshooting"
    assert hits[0]["snippet"][slice(*hits[0]["matches"][0])].lower() == "hungry"
    plain = cli("search", "量子")
    assert plain.returncode == 0
    assert "[量子]" in plain.stdout
    assert cli("search", "nothing-like-this").returncode == 1
    assert cli("search", "x", "--since", "yesterday").returncode == 3
    out = tmp_path / "all.json"
    r = cli("export", "--all", "--format", "json", "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert len(json.loads(out.read_text())["chats"]) == 2
    md = cli("export", chats[0]["id"][:8], "--format", "md")
    assert md.stdout.startswith("# ")
    assert cli("export", "--format", "md").returncode == 3  # neither ids nor --all
    assert "No chat with id" in cli("export", "ffffffff").stderr
    bad = tmp_path / "bad.json"
    bad.write_text("{nope")
    r = cli("import", str(bad))
    assert r.returncode == 3
    assert "not valid JSON" in r.stderr


def test_ask_with_a_workspace_declines_writes_unless_allowed(cli, fake_api, tmp_path):
    from tests.fakeapi.agent import agent, call, say

    root = tmp_path / "proj"
    root.mkdir()
    (root / "a.txt").write_text("old\n")
    script = [
        [call("t1", command="view", path="a.txt")],
        [call("t2", command="str_replace", path="a.txt", old_str="old", new_str="new")],
        [say("All done.")],
    ]
    fake_api.handler = agent(script)
    declined = cli("ask", "--workspace", str(root), "-m", "claude-opus-4-7", "update a.txt")
    assert declined.returncode == 0, declined.stderr
    assert declined.stdout.strip() == "All done."
    assert "→ view a.txt" in declined.stderr
    assert "✎ str_replace a.txt" in declined.stderr
    assert "-old\n+new" in declined.stderr
    assert "the user declined this edit" in declined.stderr
    assert "--allow-writes" in declined.stderr
    assert (root / "a.txt").read_text() == "old\n"
    allowed = cli("ask", "--workspace", str(root), "--allow-writes", "-m", "claude-opus-4-7", "update a.txt")
    assert allowed.returncode == 0, allowed.stderr
    assert "applied: Successfully replaced text" in allowed.stderr
    assert (root / "a.txt").read_text() == "new\n"
    assert cli("ask", "--allow-writes", "hi").returncode == 2
    missing = cli("ask", "--workspace", str(root / "nope"), "hi")
    assert missing.returncode == 2
    assert "not a folder" in missing.stderr
