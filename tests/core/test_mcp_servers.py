"""Real MCP servers (the SDK's own ``MCPServer``, over stdio and streamable HTTP on loopback), and
servers that misbehave: each gives a clear state, nothing crashes, and no process outlives us."""

from __future__ import annotations

import http.server
import os
import re
import socket
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from parley.core.mcp.config import MemorySecrets, ServerConfig, ServerList
from parley.core.mcp.hub import McpHub
from tests.conftest import run

SERVERS = Path(__file__).resolve().parents[1] / "mcp_servers"
DEMO = [str(SERVERS / "demo.py")]


def hostile(mode: str, *extra: str) -> list[str]:
    return [str(SERVERS / "hostile.py"), mode, *extra]


def server_list(tmp_path: Path, *servers: tuple[ServerConfig, dict[str, str], dict[str, str]]) -> ServerList:
    out = ServerList(tmp_path / "mcp-servers.json", MemorySecrets())
    for config, env, headers in servers:
        out.add(config, env, headers)
    return out


def stdio(name: str, args: list[str]) -> ServerConfig:
    return ServerConfig(name, command=sys.executable, args=args)


def test_a_stdio_server_lists_its_tools_and_runs_them_with_only_the_env_it_was_given(tmp_path, monkeypatch):
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-parleys-own-key")
    monkeypatch.setenv("PARLEY_SECRET", "mine")
    servers = server_list(tmp_path, (stdio("demo", DEMO), {"TOKEN": "s3cret"}, {}))

    async def go():
        hub = McpHub(servers, tmp_path / "logs")
        try:
            box = await hub.toolbox(["demo"])
            tools = box.tools
            results = {
                "add": await hub.call(tools["mcp__demo__add"], {"a": 2, "b": 3}),
                "token": await hub.call(tools["mcp__demo__env_seen"], {"name": "TOKEN"}),
                "key": await hub.call(tools["mcp__demo__env_seen"], {"name": "ANTHROPIC_API_KEY"}),
                "own": await hub.call(tools["mcp__demo__env_seen"], {"name": "PARLEY_SECRET"}),
                "path": await hub.call(tools["mcp__demo__env_seen"], {"name": "PATH"}),
                "picture": await hub.call(tools["mcp__demo__picture"], {}),
                "broken": await hub.call(tools["mcp__demo__broken"], {}),
                "dotted": await hub.call(tools["mcp__demo__files_read-all"], {"path": "x"}),
                "huge": await hub.call(tools["mcp__demo__huge"], {"megabytes": 50}),
            }
            return box, results
        finally:
            await hub.close()

    box, r = run(go())
    assert box.unavailable == {}
    assert box.tools["mcp__demo__add"].read_only
    assert not box.tools["mcp__demo__write_note"].read_only
    assert box.tools["mcp__demo__files_read-all"].name == "files.read-all"  # mapped back exactly
    assert r["add"] == ([{"type": "text", "text": "5"}], False)
    assert r["token"][0][0]["text"] == "s3cret"
    assert r["key"][0][0]["text"] == "<unset>"  # never Parley's key
    assert r["own"][0][0]["text"] == "<unset>"  # nor anything else of Parley's environment
    assert r["path"][0][0]["text"] != "<unset>"  # but the SDK's safe set
    assert r["picture"][0][0]["type"] == "image"
    assert r["broken"][1] is True
    assert r["dotted"][0][0]["text"] == "read x"
    huge, huge_error = r["huge"]
    assert len(huge[0]["text"]) < 101_000
    assert huge[0]["text"].startswith("xxxx")
    assert re.search(r"\[Parley cut this result: the server sent 10\d MB", huge[0]["text"])  # (text + structured)
    assert huge_error is False  # cut, not failed
    assert "demo server starting" in (tmp_path / "logs" / "mcp-demo.log").read_text()  # its stderr, in its log


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def http_demo() -> Iterator[str]:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANTHROPIC_")}
    proc = subprocess.Popen([sys.executable, *DEMO, "http", str(port)], env=env, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/mcp"
    finally:
        proc.terminate()
        proc.wait(10)


def test_a_streamable_http_server_on_loopback(tmp_path, http_demo):
    servers = server_list(tmp_path, (ServerConfig("web", url=http_demo), {}, {"X-Token": "t0ken"}))

    async def go():
        hub = McpHub(servers, tmp_path / "logs")
        try:
            box = await hub.toolbox(["web"])
            return box, await hub.call(box.tools["mcp__web__add"], {"a": 40, "b": 2})
        finally:
            await hub.close()

    box, result = run(go())
    assert box.unavailable == {}
    assert result == ([{"type": "text", "text": "42"}], False)


class _Unauthorized(http.server.BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.send_response(401)
        self.send_header("WWW-Authenticate", "Bearer")
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_POST

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def loopback_server(tmp_path) -> Iterator[callable]:
    started = []

    def start(tls: bool = False) -> str:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Unauthorized)
        if tls:
            key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
            openssl = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1"]
            subprocess.run([*openssl, "-keyout", key, "-out", cert], check=True, capture_output=True)
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(cert, key)
            server.socket = context.wrap_socket(server.socket, server_side=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        started.append(server)
        return f"{'https' if tls else 'http'}://127.0.0.1:{server.server_address[1]}/mcp"

    yield start
    for server in started:
        server.shutdown()
        server.server_close()


def test_http_401_and_a_bad_certificate_each_give_a_clear_failure(tmp_path, loopback_server):
    servers = server_list(
        tmp_path,
        (ServerConfig("locked", url=loopback_server()), {}, {}),
        (ServerConfig("selfsigned", url=loopback_server(tls=True)), {}, {}),
    )

    async def go():
        hub = McpHub(servers, tmp_path / "logs", start_timeout=10)
        try:
            return await hub.ensure(["locked", "selfsigned"])
        finally:
            await hub.close()

    failures = run(go())
    assert "401" in failures["locked"]
    assert "certificate" in failures["selfsigned"]


def test_misbehaving_servers_fail_clearly_and_the_rest_still_work(tmp_path):
    servers = server_list(
        tmp_path,
        (stdio("garbage", hostile("garbage")), {}, {}),
        (stdio("exits", hostile("exit")), {}, {}),
        (stdio("silent", hostile("silent")), {}, {}),
        (stdio("missing", ["/nonexistent/server.py"]), {}, {}),
        (ServerConfig("nocommand", command=str(tmp_path / "no-such-program")), {}, {}),
        (stdio("demo", DEMO), {}, {}),
    )

    async def go():
        # (8 s: six servers start at once, and on a busy 2-core machine the demo took over 3 s)
        hub = McpHub(servers, tmp_path / "logs", start_timeout=8)
        started = time.monotonic()
        try:
            box = await hub.toolbox(["garbage", "exits", "silent", "missing", "nocommand", "demo"])
            return box, time.monotonic() - started
        finally:
            await hub.close()

    box, seconds = run(go())
    assert seconds < 16  # started together, each cut off at its timeout
    why = box.unavailable
    assert set(why) == {"garbage", "exits", "silent", "missing", "nocommand"}, why.get("demo")
    assert "did not answer within 8 s" in why["silent"]
    assert "something other than MCP to stdout" in why["garbage"]
    assert "hello, I am not JSON-RPC 0" in why["garbage"]
    assert "something other than MCP" not in why["silent"]
    assert "fatal: MISSING_TOKEN is not set" in why["exits"]  # the tail of its stderr
    assert "could not start" in why["nocommand"]
    assert "mcp__demo__add" in box.tools
    assert "could not be started" in box.system_note()


def test_a_bad_schema_is_cleaned_and_a_crashed_server_starts_again(tmp_path):
    servers = server_list(
        tmp_path, (stdio("schema", hostile("bad_schema")), {}, {}), (stdio("crash", hostile("crash")), {}, {})
    )

    async def go():
        hub = McpHub(servers, tmp_path / "logs")
        try:
            box = await hub.toolbox(["schema", "crash"])
            lookup = await hub.call(box.tools["mcp__schema__lookup"], {"id": "7"})
            boom = await hub.call(box.tools["mcp__crash__boom"], {})
            ping = await hub.call(box.tools["mcp__crash__ping"], {})
            return box, lookup, boom, ping
        finally:
            await hub.close()

    box, lookup, boom, ping = run(go())
    definition = box.tools["mcp__schema__lookup"].definition()
    assert "oneOf" not in definition["input_schema"]
    assert lookup[0][0]["text"] == "found {'id': '7'}"
    assert boom == ([{"type": "text", "text": "Error: crash stopped during this call; it was not completed"}], True)
    assert ping == ([{"type": "text", "text": "pong"}], False)  # started again for the next call


def test_a_call_that_hangs_times_out_and_the_server_goes_on(tmp_path):
    servers = server_list(tmp_path, (stdio("demo", DEMO), {}, {}))

    async def go():
        hub = McpHub(servers, tmp_path / "logs", call_timeout=1)
        try:
            box = await hub.toolbox(["demo"])
            slow = await hub.call(box.tools["mcp__demo__slow"], {"seconds": 30})
            quick = await hub.call(box.tools["mcp__demo__add"], {"a": 1, "b": 1})
            return slow, quick
        finally:
            await hub.close()

    slow, quick = run(go())
    assert slow == ([{"type": "text", "text": "Error: demo did not answer within 1 s"}], True)
    assert quick == ([{"type": "text", "text": "2"}], False)


def test_a_failed_server_is_tried_again_after_a_growing_wait(tmp_path):
    servers = server_list(tmp_path, (stdio("exits", hostile("exit")), {}, {}))
    now = [100.0]
    log = tmp_path / "logs" / "mcp-exits.log"

    async def go():
        hub = McpHub(servers, tmp_path / "logs", monotonic=lambda: now[0])
        try:
            first = await hub.ensure(["exits"])
            again = await hub.ensure(["exits"])  # within the wait: not started again
            starts_then = log.read_text().count("fatal")
            now[0] += 1.5
            later = await hub.ensure(["exits"])  # past 1 s: started again; the next wait is 2 s
            now[0] += 1.5
            waiting = await hub.ensure(["exits"])
            return first, again, starts_then, later, waiting
        finally:
            await hub.close()

    first, again, starts_then, later, waiting = run(go())
    assert "MISSING_TOKEN" in first["exits"]
    assert "tries again in 1 s" in again["exits"]
    assert starts_then == 1
    assert "MISSING_TOKEN" in later["exits"]
    assert log.read_text().count("fatal") == 2
    assert "tries again in" in waiting["exits"]


def test_quitting_stops_a_server_that_ignores_sigterm(tmp_path):
    pid_file = tmp_path / "pid"
    servers = server_list(tmp_path, (stdio("stubborn", hostile("stubborn", str(pid_file))), {}, {}))

    async def go():
        hub = McpHub(servers, tmp_path / "logs")
        box = await hub.toolbox(["stubborn"])
        pong = await hub.call(box.tools["mcp__stubborn__ping"], {})
        await hub.close()
        return pong

    assert run(go())[0][0]["text"] == "pong"
    pid = int(pid_file.read_text())
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        os.kill(pid, 9)
        pytest.fail("the server outlived Parley")


def test_the_sdk_loads_off_the_event_loop(tmp_path):
    """Importing the SDK takes about 0.75 s: on the window's loop it would freeze the window when a
    chat first needs a server. A fresh process measures the loop's own CPU for that first start."""
    script = f"""
import asyncio, sys, time
from pathlib import Path
from parley.core.mcp.config import MemorySecrets, ServerConfig, ServerList
from parley.core.mcp.hub import McpHub

async def main():
    servers = ServerList(Path({str(tmp_path)!r}) / "s.json", MemorySecrets())
    servers.add(ServerConfig("demo", command=sys.executable, args={DEMO!r}), {{}}, {{}})
    hub = McpHub(servers, Path({str(tmp_path)!r}) / "logs")
    assert "mcp" not in sys.modules
    cpu = time.thread_time()
    box = await hub.toolbox(["demo"])
    print(time.thread_time() - cpu, len(box.tools))
    await hub.close()

asyncio.run(main())
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True)
    loop_cpu, tools = done.stdout.split()
    assert int(tools) == 10
    assert float(loop_cpu) < 0.3, loop_cpu  # (0.74 s with the import on the loop; about 0.02 s off it)


def test_prompts_and_resources(tmp_path):
    servers = server_list(tmp_path, (stdio("demo", DEMO), {}, {}), (stdio("gone", hostile("exit")), {}, {}))

    async def go():
        hub = McpHub(servers, tmp_path / "logs")
        try:
            prompts = await hub.prompts(["demo", "gone"])
            resources = await hub.resources(["demo"])
            demo = await hub.running("demo")
            text = await demo.prompt_text("review", {"code": "x = 1", "focus": "style"})
            return prompts, resources, text, await demo.read("notes://today"), await demo.read("images://dot")
        finally:
            await hub.close()

    (found, failures), (items, _), text, note, image = run(go())
    assert [(server, p.name, p.arguments) for server, p in found] == [
        ("demo", "review", (("code", True, ""), ("focus", False, "")))
    ]
    assert "MISSING_TOKEN" in failures["gone"]
    uris = [(i.uri, i.mime_type) for _, i in items]
    assert uris == [("notes://today", "text/markdown"), ("images://dot", "image/png")]
    assert text == "Please review this code, looking for style:\nx = 1"
    assert note == b"# Today\n- ship MCP"
    assert image.startswith(b"\x89PNG")
