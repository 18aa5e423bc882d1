"""A proxy or custom endpoint that refuses the web tools: the error says what to do.

Anthropic's endpoint runs web search and fetch; a proxy may not pass server tools through, and
then answers the request with a 400 (or 404, 422) that names a tool type it does not know.
"""

from __future__ import annotations

from .endpoint import Endpoint
from .errors import APIError, ParleyError
from .request import PreparedRequest
from .retirement import at_anthropic
from .web.options import SERVER_TOOL_NAMES

WEB_ON_PROXY = (
    "This endpoint may not support web search or fetch (a proxy may not pass them through): turn Web off for this "
    "chat, or in Settings → Web"
)


def explain_web_refused(error: ParleyError, prepared: PreparedRequest, endpoint: Endpoint) -> ParleyError:
    """*error*, with a hint to turn Web off when it may come from the web tools on a proxy."""
    if not isinstance(error, APIError) or error.status not in (400, 404, 422) or at_anthropic(endpoint):
        return error
    if any(t.get("name") in SERVER_TOOL_NAMES for t in prepared.body.get("tools") or []):
        error.hint = WEB_ON_PROXY
    return error
