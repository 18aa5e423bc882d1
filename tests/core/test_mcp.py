"""MCP without a server: API tool names, schemas the API accepts, results as blocks, the server
list (secrets in the keyring, never the file) and importing Claude Desktop's configuration."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import pytest

from parley.core.errors import ConfigError
from parley.core.mcp import claude_desktop
from parley.core.mcp.config import MemorySecrets, ServerConfig, ServerList
from parley.core.mcp.translate import MAX_RESULT_CHARS, api_names, clean_schema, result_blocks

API_NAME = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")


def test_tool_names_are_valid_unique_and_map_back_exactly():
    pairs = [
        ("files", "read.file"),
        ("files", "read_file"),  # clashes with the one above once '.' becomes '_'
        ("a-very-long-server-name-that-goes-on", "and_a_tool_name_that_is_also_rather_long_indeed"),
        ("a-very-long-server-name-that-goes-on", "and_a_tool_name_that_is_also_rather_long_indeed2"),
        ("数据", "查询"),
    ]
    names = api_names(pairs)
    assert all(API_NAME.match(n) for n in names.values()), names
    assert len(set(names.values())) == len(pairs)
    assert names[("files", "read.file")] == "mcp__files__read_file"
    assert api_names(pairs) == names  # stable: the same tools get the same names in every request


def test_top_level_combinators_are_folded_into_an_object_schema():
    schema = {
        "type": "object",
        "anyOf": [{"properties": {"id": {"type": "string"}}, "required": ["id"]}, {"properties": {"q": {}}}],
        "required": ["id"],
    }
    cleaned = clean_schema(schema)
    assert cleaned["type"] == "object"
    assert not {"anyOf", "oneOf", "allOf"} & set(cleaned)
    assert set(cleaned["properties"]) == {"id", "q"}
    assert "required" not in cleaned  # each alternative has its own
    assert "one of these shapes" in cleaned["description"]
    assert clean_schema({"properties": {"x": {"type": "integer"}}}) == {
        "properties": {"x": {"type": "integer"}},
        "type": "object",
    }
    assert clean_schema(None) == {"type": "object", "properties": {}}


PNG = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\0" * 20).decode()


def test_results_keep_their_kinds_and_a_huge_one_is_cut_with_a_note():
    content = [
        {"type": "text", "text": "hello"},
        {"type": "text", "text": ""},  # the API rejects empty text blocks
        {"type": "image", "data": PNG, "mimeType": "image/png"},
        {"type": "image", "data": PNG, "mimeType": "image/bmp"},
        {"type": "image", "data": "not base64!", "mimeType": "image/png"},
        {"type": "resource", "resource": {"uri": "file:///a.txt", "text": "inside"}},
        {"type": "resource", "resource": {"uri": "file:///a.pdf", "mimeType": "application/pdf", "blob": PNG}},
        {"type": "resource_link", "uri": "file:///b", "name": "b"},
        {"type": "audio", "data": "", "mimeType": "audio/wav"},
    ]
    blocks, is_error = result_blocks(content, None, True)
    assert is_error
    kinds = [b["type"] for b in blocks]
    assert kinds == ["text", "image", "text", "text", "text", "document", "text", "text"]
    assert blocks[2]["text"].startswith("[an image of type image/bmp omitted")
    assert "not valid base64" in blocks[3]["text"]
    assert blocks[4]["text"] == "[file:///a.txt]\ninside"
    assert "audio" in blocks[-1]["text"]
    huge, _ = result_blocks([{"type": "text", "text": "x" * 50_000_000}], None, False)
    assert len(huge[0]["text"]) < MAX_RESULT_CHARS + 200
    assert "Parley cut this result: 50,000,000 characters" in huge[0]["text"]
    structured, _ = result_blocks([], {"result": 3}, False)
    assert structured == [{"type": "text", "text": '{"result": 3}'}]


def test_server_secrets_go_to_the_secret_store_and_never_to_the_file(tmp_path: Path):
    secrets = MemorySecrets()
    servers = ServerList(tmp_path / "mcp-servers.json", secrets)
    servers.add(ServerConfig("gh", command="npx", args=["-y", "gh-mcp"]), {"GITHUB_TOKEN": "ghp_SECRET1"}, {})
    servers.add(ServerConfig("remote", url="https://mcp.example.com/mcp"), {}, {"Authorization": "Bearer SECRET2"})
    text = (tmp_path / "mcp-servers.json").read_text()
    assert "SECRET" not in text
    assert json.loads(text)["servers"][0]["env"] == ["GITHUB_TOKEN"]
    again = ServerList(tmp_path / "mcp-servers.json", secrets)
    assert again.values(again.find("gh"), "env") == {"GITHUB_TOKEN": "ghp_SECRET1"}
    assert again.values(again.find("remote"), "header") == {"Authorization": "Bearer SECRET2"}
    again.remove("gh")
    assert secrets.values == {"remote/header/Authorization": "Bearer SECRET2"}
    with pytest.raises(ConfigError, match="already a server"):
        again.add(ServerConfig("remote", url="https://x.example/mcp"), {}, {})
    for bad in (ServerConfig("no name!", command="x"), ServerConfig("both", command="x", url="https://y")):
        with pytest.raises(ConfigError):
            again.add(bad, {}, {})
    with pytest.raises(ConfigError, match="http"):
        again.add(ServerConfig("ftp", url="ftp://x"), {}, {})


def test_an_unreadable_server_file_is_kept_aside(tmp_path: Path):
    path = tmp_path / "mcp-servers.json"
    path.write_text('{"servers": [{"name": 5}]')
    servers = ServerList(path, MemorySecrets())
    assert servers.servers == []
    assert "kept it as mcp-servers.json.corrupt" in servers.notices[0]
    assert (tmp_path / "mcp-servers.json.corrupt").exists()


def test_claude_desktop_config_is_found_where_each_os_keeps_it(tmp_path: Path):
    home = tmp_path
    assert claude_desktop.default_path("darwin", {}, home) == (
        home / "Library/Application Support/Claude/claude_desktop_config.json"
    )
    assert claude_desktop.default_path("win32", {"APPDATA": str(home / "R")}, home) == (
        home / "R/Claude/claude_desktop_config.json"
    )
    assert claude_desktop.default_path("linux", {}, home) == home / ".config/Claude/claude_desktop_config.json"
    assert claude_desktop.default_path("linux", {"XDG_CONFIG_HOME": str(home / "x")}, home) == (
        home / "x/Claude/claude_desktop_config.json"
    )


def test_claude_desktop_servers_are_read_and_a_bad_file_names_itself_and_the_line(tmp_path: Path):
    good = tmp_path / "good.json"
    good.write_text(
        json.dumps(
            {
                "mcpServers": {
                    "files": {"command": "npx", "args": ["-y", "fs"], "env": {"TOKEN": "t"}},
                    "remote": {"type": "http", "url": "https://mcp.example.com/mcp", "headers": {"X-Key": "k"}},
                },
                "other": True,
            },
            indent=2,
        )
    )
    found = claude_desktop.read(good)
    assert [(i.server.name, i.server.transport) for i in found] == [("files", "stdio"), ("remote", "http")]
    assert found[0].env == {"TOKEN": "t"}
    assert found[1].headers == {"X-Key": "k"}
    broken = tmp_path / "broken.json"
    broken.write_text('{\n  "mcpServers": {\n    "a": {"command": "x",}\n  }\n}\n')
    with pytest.raises(ConfigError, match=r"broken\.json, line 3: not valid JSON"):
        claude_desktop.read(broken)
    wrong = tmp_path / "wrong.json"
    wrong.write_text('{\n  "mcpServers": {\n    "a": {"command": "x"},\n    "b": {"args": ["y"]}\n  }\n}\n')
    with pytest.raises(ConfigError, match=r"wrong\.json, line 4: server 'b' has no \"command\""):
        claude_desktop.read(wrong)
    with pytest.raises(ConfigError, match="There is no"):
        claude_desktop.read(tmp_path / "missing.json")
