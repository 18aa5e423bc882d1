"""Claude's tools from the user's MCP servers, through the official ``mcp`` SDK (2.x).

- ``config``: which servers there are (a file of their own; secrets in the OS keyring);
- ``claude_desktop``: importing Claude Desktop's ``mcpServers``;
- ``translate``: MCP tools and results to and from the Messages API's client tools;
- ``connection``: one running server, its whole life in one task;
- ``hub``: the servers a profile runs, started when a chat first needs them and shared by chats.

``mcp`` itself is imported only by ``connection`` (and so only once a server starts): it takes
about a quarter of a second, which start-up never pays.
"""
