"""The text editor tool: a sandboxed workspace folder, the tool's commands, and the tool loop."""
