"""Real MCP servers for the tests, written with the SDK's own ``MCPServer`` (run as scripts)."""
