"""Typed errors with user-facing text.

Every failure a user can meet is one of these classes, carrying a sentence that says what happened
and what to do, plus the request id for support. Messages are scrubbed of the API key before they
are built, since proxies sometimes echo it back.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Mapping
from typing import Any

from .i18n import QT_TR_NOOP, tr

_TID = re.compile(r"\s*\(tid:\s*([^)]+)\)\s*$")
_VERSION_INVALID = re.compile(r"anthropic-version.*(not a valid version|header is required)", re.I)


def redact(text: str, *secrets: str | None) -> str:
    """*text* with every secret (and any 12+ character slice of it) replaced by a marker."""
    for secret in secrets:
        if not secret or len(secret) < 8:
            continue
        text = text.replace(secret, "[redacted key]")
        # A proxy may echo a shortened key ("sk-ant-…abcd"): hide long runs of it too.
        for size in (24, 16, 12):
            for start in range(0, len(secret) - size + 1, size // 2):
                piece = secret[start : start + size]
                if piece in text:
                    text = text.replace(piece, "[redacted]")
    return text


def _wide(char: str) -> bool:
    """CJK text and full-width punctuation: sentences run on without a space."""
    return "\u2e80" <= char <= "\u9fff" or "\uff00" <= char <= "\uffef" or "\u3000" <= char <= "\u303f"


def _sentence(text: str) -> str:
    """*text* ending in one full stop: "。" after Chinese, "." otherwise."""
    text = text.rstrip().rstrip(".。")
    return text + ("。" if text and _wide(text[-1]) else ".")


class ParleyError(Exception):
    """Base of every error Parley shows to a user."""

    retryable = False

    def __init__(self, message: str, *, request_id: str | None = None, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.request_id = request_id
        self.hint = hint

    @property
    def user_message(self) -> str:
        """One line: what happened, what to do, and the request id when there is one."""
        parts = [_sentence(self.message)]
        if self.hint:
            parts.append(_sentence(self.hint))
        if self.request_id:
            parts.append(tr("(request id {id})").format(id=self.request_id))
        return "".join(p if i == 0 or _wide(parts[i - 1][-1]) else " " + p for i, p in enumerate(parts))

    def __str__(self) -> str:
        return self.user_message


class ConfigError(ParleyError):
    """Parley cannot send: no key, no keyring, unusable settings."""


class InvalidOptions(ParleyError):
    """A model/effort/thinking choice the model would reject; refused before any request."""


class ModelRetired(InvalidOptions):
    """The model was retired at Anthropic: refused before any request. ``successor`` is the model
    to continue on (None when there is none)."""

    def __init__(
        self,
        message: str,
        *,
        model: str,
        successor: str | None,
        successor_name: str | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message, hint=hint)
        self.model = model
        self.successor = successor
        self.successor_name = successor_name or successor


# ------------------------------------------------------------------ network and stream


class NetworkError(ParleyError):
    """Could not reach the endpoint (DNS, refused, TLS, proxy)."""

    retryable = True


class TlsFailed(NetworkError):
    """The secure connection failed (untrusted certificate, wrong scheme or port): the same request
    would fail the same way, so it is not retried."""

    retryable = False


class ProxyRefused(ParleyError):
    """The proxy would not carry the request (407, bad credentials, SOCKS refusal): retrying won't help."""

    retryable = False


class TimedOut(ParleyError):
    """The connection went silent for longer than the read timeout."""

    retryable = True


class StreamCut(ParleyError):
    """The connection closed before the message finished."""

    retryable = True


class MalformedResponse(ParleyError):
    """The endpoint answered with something that is not the Messages API (HTML page, broken SSE)."""


# ------------------------------------------------------------------ API statuses


class APIError(ParleyError):
    """An error the API reported: an HTTP status, or an ``error`` event inside a 200 stream."""

    def __init__(
        self,
        message: str,
        *,
        status: int | None,
        error_type: str,
        api_message: str,
        request_id: str | None = None,
        hint: str | None = None,
        error_code: str | None = None,
    ) -> None:
        super().__init__(message, request_id=request_id, hint=hint)
        self.status = status
        self.error_type = error_type
        self.api_message = api_message
        self.error_code = error_code


class InvalidRequest(APIError):
    """400: the API refused the request as sent."""


class VersionNotAccepted(InvalidRequest):
    """400 because the endpoint does not accept the chosen ``anthropic-version``."""


class AuthError(APIError):
    """401: the key was rejected."""


class BillingError(APIError):
    """402: a billing problem on the account."""


class PermissionDenied(APIError):
    """403: the key may not use this resource."""


class NotFound(APIError):
    """404: usually an unknown or retired model."""


class RetiredModelNotFound(NotFound):
    """404 for a model Anthropic retired (a proxy stopped serving it); names the ``successor``."""

    def __init__(self, *args: Any, successor: str | None = None, successor_name: str | None = None, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.successor = successor
        self.successor_name = successor_name or successor


class RequestTooLarge(APIError):
    """413: the request is over the size limit."""


class RateLimited(APIError):
    """429. ``spend_cap`` means it will keep failing until the limit changes: never retried."""

    def __init__(self, *args: Any, retry_after: float | None = None, spend_cap: bool = False, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.retry_after = retry_after
        self.spend_cap = spend_cap
        self.retryable = not spend_cap


class ServerError(APIError):
    """5xx (and 408/409): the API's side failed; safe to retry."""

    retryable = True


class Overloaded(ServerError):
    """529 / ``overloaded_error``."""


# 429s that will keep failing until someone changes a limit: never retried (the SDK's error codes).
SPEND_CAPS = {
    "enforced_spend_limit_reached": QT_TR_NOOP("Your organization reached its API tier's monthly spend limit"),
    "contract_spend_limit_reached": QT_TR_NOOP("Your organization reached the spend limit of its contract"),
}

_STATUS_BY_TYPE = {
    "invalid_request_error": 400,
    "authentication_error": 401,
    "billing_error": 402,
    "permission_error": 403,
    "not_found_error": 404,
    "request_too_large": 413,
    "rate_limit_error": 429,
    "api_error": 500,
    "timeout_error": 504,
    "overloaded_error": 529,
}


def parse_error_body(body: bytes | str) -> tuple[str | None, str | None, str | None, str | None]:
    """(error type, message, request id, error code) from either error shape, or Nones.

    Anthropic: ``{"type":"error","error":{"type","message","details":{"error_code"}},"request_id"}``.
    AIHubMix / OpenAI-style: ``{"error":{"code","type","param","message"}}`` with a ``(tid: …)`` suffix.
    """
    try:
        data = json.loads(body)
    except (ValueError, TypeError):
        return None, None, None, None
    if not isinstance(data, Mapping):
        return None, None, None, None
    err = data.get("error")
    if isinstance(err, str):
        return None, err, _str(data.get("request_id")), None
    if not isinstance(err, Mapping):
        message = data.get("message")
        return None, message if isinstance(message, str) else None, _str(data.get("request_id")), None
    message = err.get("message")
    message = message if isinstance(message, str) else None
    request_id = _str(data.get("request_id"))
    if message:
        tid = _TID.search(message)
        if tid:
            message = message[: tid.start()]
            request_id = request_id or tid.group(1).strip()
    details = err.get("details")
    code = details.get("error_code") if isinstance(details, Mapping) else None
    if code is None and isinstance(err.get("code"), str):
        code = err["code"]
    return _str(err.get("type")), message, request_id, _str(code)


def _str(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _looks_like_html(body: bytes) -> bool:
    head = body[:512].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body")) or b"<html" in head


def api_error(
    status: int | None,
    body: bytes,
    *,
    headers: Mapping[str, str] | None = None,
    endpoint: str = "the API",
    model: str | None = None,
    secret: str | None = None,
    clock: Callable[[], float] = time.time,
) -> ParleyError:
    """The typed error for an HTTP error response (or, with ``status=None``, an ``error`` event)."""
    headers = headers or {}
    error_type, api_message, request_id, code = parse_error_body(body)
    request_id = request_id or headers.get("request-id") or headers.get("x-request-id")
    not_json = _looks_like_html(body) or (status is not None and body.strip()[:1] not in (b"{", b""))
    if status == 407:
        return ProxyRefused(
            "The proxy asked for a user name and password it accepts (HTTP 407)",
            request_id=request_id,
            hint="Check the proxy's user name and password in Settings → Network",
        )
    if api_message is None and error_type is None and not_json:
        what = f"HTTP {status}" if status else "a non-API answer"
        if status in (502, 503, 504):
            return ServerError(
                f"{endpoint} answered {what} with a gateway error page",
                status=status,
                error_type="gateway_error",
                api_message=what,
                request_id=request_id,
                hint="A proxy or gateway failed; try again",
            )
        return MalformedResponse(
            f"{endpoint} answered with a web page ({what}), not a Messages API response",
            request_id=request_id,
            hint="Check the base URL and any proxy in Settings",
        )
    api_message = redact(api_message or (f"HTTP {status}" if status else "unknown error"), secret)
    error_type = error_type or "error"
    status_for_class = _STATUS_BY_TYPE.get(error_type, 500) if status is None else status
    kw: dict[str, Any] = {
        "status": status,
        "error_type": error_type,
        "api_message": api_message,
        "request_id": request_id,
        "error_code": code,
    }
    s = status_for_class
    if s == 400:
        if _VERSION_INVALID.search(api_message):
            return VersionNotAccepted(
                f"{endpoint} does not accept this API version: {api_message}",
                hint="Change “API version” for this endpoint in Settings (2023-06-01 is accepted everywhere)",
                **kw,
            )
        return InvalidRequest(f"The API rejected the request: {api_message}", **kw)
    if s == 401:
        return AuthError(
            f"{endpoint} rejected the API key: {api_message}", hint="Check the key for this endpoint in Settings", **kw
        )
    if s == 402:
        return BillingError(f"Billing problem: {api_message}", hint="Check the account's plan and credits", **kw)
    if s == 403:
        return PermissionDenied(
            f"This key is not allowed to do that: {api_message}", hint="Check the key's permissions or workspace", **kw
        )
    if s == 404:
        label = f"Model {model}" if model else "The requested resource"
        return NotFound(f"{label} was not found at {endpoint}: {api_message}", hint="Pick another model", **kw)
    if s == 413:
        return RequestTooLarge(
            f"The request is too large: {api_message}", hint="Remove large attachments or start a new chat", **kw
        )
    if s == 429:
        retry_after = retry_after_seconds(headers, clock)
        if code in SPEND_CAPS:
            return RateLimited(
                f"{tr(SPEND_CAPS[code])}: {api_message}",
                hint="Requests will fail until the limit is raised or resets",
                spend_cap=True,
                **kw,
            )
        wait = f"Try again in {retry_after:.0f} s" if retry_after else "Wait a moment and try again"
        return RateLimited(f"Rate limited: {api_message}", hint=wait, retry_after=retry_after, **kw)
    if s == 529 or error_type == "overloaded_error":
        return Overloaded(
            f"The API is overloaded: {api_message}", hint="Try again in a moment, or pick another model", **kw
        )
    if s in (408, 409) or s >= 500:
        return ServerError(f"The API failed ({status or error_type}): {api_message}", hint="Try again", **kw)
    return APIError(f"The API returned an error ({status or error_type}): {api_message}", **kw)


def retry_after_seconds(headers: Mapping[str, str], clock: Callable[[], float] = time.time) -> float | None:
    """How long the server asked us to wait, in seconds, as the official SDK reads it:
    ``retry-after-ms``, else ``retry-after`` as seconds, else as an HTTP date (compared with
    *clock*, wall-clock seconds). None when absent, unreadable, or not in the future."""
    raw_ms = headers.get("retry-after-ms")
    if raw_ms:
        try:
            value = float(raw_ms) / 1000
        except ValueError:
            pass
        else:
            return value if value > 0 else None
    raw = headers.get("retry-after")
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        from email.utils import mktime_tz, parsedate_tz

        parsed = parsedate_tz(raw)
        if parsed is None:
            return None
        value = mktime_tz(parsed) - clock()
    return value if value > 0 else None
