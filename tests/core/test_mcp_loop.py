"""MCP tools in the tool loop, against the strict fake API and a real stdio server: the tools are
sent (valid names, cleaned schemas), calls that need a yes wait for it, declined ones tell Claude
so, and every follow-up is accepted. Then ``parley ask --mcp`` and ``parley mcp`` as real processes."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from parley.core.catalog import load_shipped
from parley.core.chat import ChatRunner
from parley.core.history.store import Store
from parley.core.mcp.config import MemorySecrets, ServerConfig, ServerList
from parley.core.mcp.hub import McpHub
from parley.core.mcp.turn import ALWAYS, REJECT, McpTurn
from parley.core.request import ChatOptions
from parley.core.tools.session import ToolObserver, ToolSession
from tests.conftest import CLOCK, run
from tests.fakeapi.agent import agent, results_in, say, tool_use

SERVERS = Path(__file__).resolve().parents[1] / "mcp_servers"
DEMO = [str(SERVERS / "demo.py")]


SCRIPT = [
    [
        say("Adding, then noting."),
        tool_use("c1", "mcp__demo__add", a=2, b=3),
        tool_use("c2", "mcp__demo__write_note", text="hi"),
    ],
    [say("The sum is 5.")],
]


class Asker(ToolObserver):
    def __init__(self, choice: str) -> None:
        self.choice = choice
        self.asked: list[tuple[str, dict]] = []
        self.finished: list[str] = []

    def can_ask(self) -> bool:
        return True

    async def approve_tool(self, call, tool, arguments) -> str:
        self.asked.append((tool.name, arguments))
        return self.choice

    def mcp_finished(self, call, record) -> None:
        self.finished.append(f"{record.tool} {'ok' if record.approved and not record.is_error else 'no'}")


def ask_with_mcp(tmp_path, make_client, servers, observer, prompt="Add 2 and 3"):
    async def go():
        store = Store(tmp_path / "h.sqlite3")
        hub = McpHub(servers, tmp_path / "logs")
        try:
            turn = await McpTurn.open(hub, ["demo"])
            async with make_client(retries=0) as client:
                runner = ChatRunner(store, client, load_shipped(), clock=CLOCK)
                tools = ToolSession(store, None, observer, turn)
                return await runner.ask(prompt, ChatOptions("claude-opus-4-7"), tools=tools), turn.records
        finally:
            await hub.close()
            store.close()

    return run(go())


def test_a_trusted_read_only_tool_runs_and_a_declined_call_tells_claude(fake_api, make_client, tmp_path):
    servers = ServerList(tmp_path / "mcp-servers.json", MemorySecrets())
    servers.add(ServerConfig("demo", command=sys.executable, args=DEMO, trusted=True), {}, {})
    fake_api.handler = agent(SCRIPT)
    observer = Asker(REJECT)
    outcome, records = ask_with_mcp(tmp_path, make_client, servers, observer)
    assert outcome.text == "The sum is 5."
    reqs = fake_api.messages_requests()
    assert [r.status for r in reqs] == [200, 200]  # the strict fake answers 400 to a bad tool or result
    names = [t["name"] for t in reqs[0].body["tools"]]
    assert "mcp__demo__add" in names
    assert "mcp__demo__files_read-all" in names
    assert observer.asked == [("write_note", {"text": "hi"})]  # add is read-only on a trusted server
    results = {r["tool_use_id"]: r for r in results_in(reqs[1].body)}
    assert results["c1"]["content"] == [{"type": "text", "text": "5"}]
    assert results["c2"]["is_error"] is True
    assert "declined" in results["c2"]["content"][0]["text"]
    assert observer.finished == ["add ok", "write_note no"]
    assert [(r.tool, r.approved) for r in records] == [("add", True), ("write_note", False)]


def test_always_allow_is_remembered_per_server(fake_api, make_client, tmp_path):
    servers = ServerList(tmp_path / "mcp-servers.json", MemorySecrets())
    servers.add(ServerConfig("demo", command=sys.executable, args=DEMO), {}, {})
    fake_api.handler = agent(SCRIPT)
    first = Asker(ALWAYS)
    ask_with_mcp(tmp_path, make_client, servers, first)
    assert [name for name, _ in first.asked] == ["add", "write_note"]  # untrusted: even add asks
    again = ServerList(tmp_path / "mcp-servers.json", MemorySecrets())
    assert sorted(again.find("demo").always_allow) == ["add", "write_note"]
    second = Asker(REJECT)
    outcome, records = ask_with_mcp(tmp_path, make_client, again, second)
    assert second.asked == []
    assert all(r.approved for r in records)
    assert outcome.text == "The sum is 5."


def test_parley_mcp_add_list_tools_and_remove(cli, tmp_path):
    added = cli("mcp", "add", "demo", "--", sys.executable, *DEMO)
    assert added.returncode == 0, added.stderr
    listed = json.loads(cli("mcp", "list", "--json").stdout)
    assert [(s["name"], s["transport"]) for s in listed] == [("demo", "stdio")]
    tools = cli("mcp", "tools", "demo", "--json")
    assert tools.returncode == 0, tools.stderr
    rows = {t["name"]: t for t in json.loads(tools.stdout)}
    assert rows["add"]["read_only"] is True
    assert rows["files.read-all"]["api_name"] == "mcp__demo__files_read-all"
    taken = cli("mcp", "add", "demo", "--", "x")
    assert taken.returncode == 2
    assert "already a server named 'demo'" in taken.stderr
    assert cli("mcp", "remove", "demo").returncode == 0
    assert json.loads(cli("mcp", "list", "--json").stdout) == []


def test_parley_mcp_import_reads_claude_desktop_and_a_bad_file_changes_nothing(cli, tmp_path):
    good = tmp_path / "claude_desktop_config.json"
    good.write_text(json.dumps({"mcpServers": {"demo": {"command": sys.executable, "args": DEMO}}}))
    imported = cli("mcp", "import", str(good))
    assert imported.returncode == 0, imported.stderr
    assert "Imported 1 server(s)" in imported.stdout
    servers_file = tmp_path / "data" / "mcp-servers.json"
    before = servers_file.read_text()
    bad = tmp_path / "bad.json"
    bad.write_text('{\n  "mcpServers": {\n    "x": {"command": "a"},\n    "y": {"command": 5}\n  }\n}\n')
    refused = cli("mcp", "import", str(bad))
    assert refused.returncode == 2
    assert f"{bad}, line 4" in refused.stderr
    assert servers_file.read_text() == before


def test_ask_with_mcp_declines_what_needs_approval_unless_approve_tools(cli, fake_api, tmp_path):
    cli("mcp", "add", "demo", "--", sys.executable, *DEMO)
    fake_api.handler = agent(SCRIPT)
    declined = cli("ask", "--mcp", "demo", "--json", "-m", "claude-opus-4-7", "Add 2 and 3")
    assert declined.returncode == 0, declined.stderr
    data = json.loads(declined.stdout)
    assert [(c["server"], c["tool"], c["approved"]) for c in data["tool_calls"]] == [
        ("demo", "add", False),
        ("demo", "write_note", False),
    ]
    assert "--approve-tools" in data["tool_calls"][0]["result"]  # Claude is told why
    assert "run again with --approve-tools" in declined.stderr
    approved = cli("ask", "--mcp", "demo", "--approve-tools", "--json", "-m", "claude-opus-4-7", "Add 2 and 3")
    calls = json.loads(approved.stdout)["tool_calls"]
    assert [(c["tool"], c["approved"], c["is_error"], c["result"]) for c in calls] == [
        ("add", True, False, "5"),
        ("write_note", True, False, "noted: hi"),
    ]
    assert "⚙ demo · add" in approved.stderr


def test_ask_goes_on_when_a_server_cannot_start(cli, fake_api, tmp_path):
    cli("mcp", "add", "broken", "--", sys.executable, str(SERVERS / "hostile.py"), "exit")
    answered = cli("ask", "--mcp", "broken", "Hello")
    assert answered.returncode == 0, answered.stderr
    assert answered.stdout == "You said: Hello\n"
    assert "MCP server broken" in answered.stderr
    assert "MISSING_TOKEN" in answered.stderr  # the tail of its stderr
    body = fake_api.messages_requests()[-1].body
    assert "could not be started" in body["system"] if isinstance(body["system"], str) else json.dumps(body["system"])
    unknown = cli("ask", "--mcp", "nope", "Hello")
    assert unknown.returncode == 2
    assert "no MCP server named 'nope'" in unknown.stderr


@pytest.mark.keyring
def test_mcp_secrets_live_in_the_keyring_and_nowhere_else(cli, fake_api, tmp_path):
    """A server's token goes to the keyring; after adding it, a turn that uses the server with
    debug logs on and an export of everything, no file and no output holds it."""
    import keyring

    secret = "tok-PARLEYMCPCANARY-42"
    added = cli("mcp", "add", "remote", "--url", "https://mcp.example.com/mcp", "--header", f"Authorization={secret}")
    assert added.returncode == 0, added.stderr
    local = cli("mcp", "add", "demo", "--env", f"TOKEN={secret}", "--", sys.executable, *DEMO)
    assert local.returncode == 0, local.stderr
    assert keyring.get_password("parley-mcp", "remote/header/Authorization") == secret
    assert keyring.get_password("parley-mcp", "demo/env/TOKEN") == secret
    fake_api.handler = agent(SCRIPT)
    outputs = [added, local, cli("mcp", "list", "--json")]
    outputs.append(cli("--debug", "ask", "--mcp", "demo", "--approve-tools", "--json", "-m", "claude-opus-4-7", "Add"))
    assert outputs[-1].returncode == 0, outputs[-1].stderr
    outputs.append(cli("export", "--all", "--format", "json"))
    for done in outputs:
        assert secret not in done.stdout + done.stderr
    files = [p for p in (tmp_path / "data").rglob("*") if p.is_file()]
    assert any(p.name == "mcp-demo.log" for p in files)  # the server's own log is among them
    for path in files:
        assert secret.encode() not in path.read_bytes(), path
    assert secret not in json.dumps([r.body for r in fake_api.messages_requests()])  # nor sent to the API
    assert cli("mcp", "remove", "remote").returncode == 0
    assert keyring.get_password("parley-mcp", "remote/header/Authorization") is None
    assert cli("mcp", "remove", "demo").returncode == 0
    assert keyring.get_password("parley-mcp", "demo/env/TOKEN") is None
