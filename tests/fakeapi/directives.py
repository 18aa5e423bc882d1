"""Directives: a line in the prompt that starts with ``::`` tells the fake API what kind of answer to
give, so a screen (the gallery, a layout test, a person trying the app by hand) gets real content.

``::long`` a long answer with headings, code, a table, a list and math; ``::think`` a thinking
summary before it; ``::slow`` paced events (thinking still running in a screenshot);
``::error 529`` an error status; ``::refuse`` a refusal; ``::cut`` a stop at max_tokens.
"""

from __future__ import annotations

import re
from typing import Any

LONG_ANSWER = """## Streaming a reply

Server-sent events deliver the answer as it is written. Each `content_block_delta` carries a few
characters; the client joins them and re-renders only the open block.

```python
import httpx


async def stream(client: httpx.AsyncClient, body: dict) -> str:
    parts: list[str] = []
    async with client.stream("POST", "/v1/messages", json=body) as response:
        async for line in response.aiter_lines():
            if line.startswith("data: "):
                parts.append(line[6:])
    return "".join(parts)
```

| Event | Carries | When |
|---|---|---|
| `message_start` | the message shell | first |
| `content_block_start` | a block's type | per block |
| `content_block_delta` | text, thinking or JSON | many times |
| `message_delta` | stop reason, usage | at the end |
| `message_stop` | nothing | last |

The cost of a reply grows with its length $n$ as $O(n)$ when each frame renders only what is new,
and as $O(n^2)$ when it re-renders everything:

$$T(n) = \\sum_{k=1}^{n} k = \\frac{n(n+1)}{2}$$

1. Decode the bytes into events.
2. Apply each event to the message.
3. Paint at most thirty times a second.
"""

THINKING = (
    "The user wants to understand how streaming works. I should explain the event types, show a short "
    "client, and compare the cost of incremental rendering with re-rendering everything. A table of "
    "events will help, and a formula makes the quadratic cost concrete."
)

_DIRECTIVE = re.compile(r"^::(\w+)(?:[ \t]+(\S+))?[ \t]*$", re.M)


def directives(body: dict[str, Any]) -> dict[str, str]:
    """The directives in the request's last user message (name → argument, "" when none)."""
    messages = body.get("messages") or []
    content = messages[-1].get("content") if messages else ""
    text = (
        content
        if isinstance(content, str)
        else " ".join(b.get("text", "") for b in content if isinstance(b, dict) and b.get("type") == "text")
    )
    return {m.group(1): m.group(2) or "" for m in _DIRECTIVE.finditer(text or "")}
