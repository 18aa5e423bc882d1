"""Anthropic's server tools, web search and web fetch: what a request sends (``options``).

The API runs them; Parley sends their definitions, echoes their blocks back exactly, and shows
them (``core.presentation.web_steps``, ``core.presentation.citations``)."""
