"""JSON that may have been cut off, read the way the official SDK reads a tool call's input.

When ``max_tokens`` stops a reply in the middle of a tool call, the call's input JSON is a prefix
of a document. The SDK parses it with jiter's ``partial_mode=True``: containers that were open are
closed, and a member whose key or value was still arriving (a string without its closing quote, a
number like ``1.`` or ``-``, a literal like ``tru``) is left out. Complete JSON parses exactly as
:func:`json.loads` does; JSON that is wrong (not merely short) raises :class:`ValueError`.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any, TypeVar

_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?")
_NUMBER_TAIL = re.compile(r"(?:\.\d*)?(?:[eE][+-]?\d*)?")  # what a number cut at the end may still lack
_LITERALS: tuple[tuple[str, Any], ...] = (
    ("true", True),
    ("false", False),
    ("null", None),
    ("NaN", math.nan),
    ("Infinity", math.inf),
    ("-Infinity", -math.inf),
)
_SPACE = re.compile(r"[ \t\n\r]*")
_STRING = re.compile(r'"(?:[^"\\\x00-\x1f]++|\\.)*+"', re.DOTALL)
_STRING_START = re.compile(r'"(?:[^"\\\x00-\x1f]++|\\.)*+\\?', re.DOTALL)  # as far as a string is well formed


_Container = TypeVar("_Container", dict[str, Any], list[Any])


class _Cut(Exception):
    """The text ended inside this value."""


def loads_partial(text: str) -> Any:
    """The value of *text*, which may be cut off anywhere (see the module docstring)."""
    try:
        return json.loads(text)
    except ValueError:
        pass
    parser = _Parser(text)
    try:
        return parser.value()
    except _Cut:
        raise ValueError(f"EOF while parsing a value at character {len(text)}") from None


class _Parser:
    __slots__ = ("i", "s")

    def __init__(self, text: str) -> None:
        self.s = text
        self.i = 0

    def _space(self) -> bool:
        """Skip whitespace; True when the text ended."""
        match = _SPACE.match(self.s, self.i)
        self.i = match.end() if match else self.i
        return self.i >= len(self.s)

    def _fail(self, what: str) -> ValueError:
        return ValueError(f"{what} at character {self.i}")

    def value(self) -> Any:
        if self._space():
            raise _Cut
        c = self.s[self.i]
        if c == "{":
            return self._object()
        if c == "[":
            return self._array()
        if c == '"':
            return self._string()
        rest = self.s[self.i :]
        for word, literal in _LITERALS:
            if rest.startswith(word):
                self.i += len(word)
                return literal
            if word.startswith(rest):
                raise _Cut
        if c == "-" or c.isdigit():
            return self._number()
        raise self._fail("expected value")

    def _number(self) -> int | float:
        s, start = self.s, self.i
        match = _NUMBER.match(s, start)
        if match is None:
            if s[start:] == "-":
                raise _Cut
            raise self._fail("invalid number")
        end = match.end()
        if end < len(s) and s[end] not in ",]} \t\n\r":
            tail = _NUMBER_TAIL.match(s, end)
            if tail is not None and tail.end() == len(s) and tail.end() > end:
                raise _Cut  # "1." or "2e": the rest of the number never came
            raise self._fail("invalid number")
        self.i = end
        text = match.group(0)
        return float(text) if match.group(1) or match.group(2) else int(text)

    def _string(self) -> str:
        s, start = self.s, self.i
        whole = _STRING.match(s, start)
        if whole is not None:
            self.i = whole.end()
            result: str = json.loads(whole.group(0))
            return result
        well_formed = _STRING_START.match(s, start)
        if well_formed is not None and well_formed.end() == len(s):
            raise _Cut
        self.i = well_formed.end() if well_formed else start
        raise self._fail("control character in a string")

    def _object(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self._open("}"):
            return out
        while True:
            if self._space():
                return out
            if self.s[self.i] != '"':
                raise self._fail("key must be a string")
            try:
                key = self._string()
            except _Cut:
                return self._closed(out)
            if self._space():
                return out
            if self.s[self.i] != ":":
                raise self._fail("expected ':'")
            self.i += 1
            try:
                out[key] = self.value()
            except _Cut:
                return self._closed(out)
            if self._next_or_end("}"):
                return out

    def _array(self) -> list[Any]:
        out: list[Any] = []
        if self._open("]"):
            return out
        while True:
            try:
                out.append(self.value())
            except _Cut:
                return self._closed(out)
            if self._next_or_end("]"):
                return out

    def _open(self, closer: str) -> bool:
        """Past the opening bracket: True when the container is already over (empty, or cut)."""
        self.i += 1
        if self._space():
            return True
        if self.s[self.i] == closer:
            self.i += 1
            return True
        return False

    def _next_or_end(self, closer: str) -> bool:
        """After a member: True at the closer or the cut, False after a comma (another member follows)."""
        if self._space():
            return True
        c = self.s[self.i]
        if c == closer:
            self.i += 1
            return True
        if c != ",":
            raise self._fail(f"expected ',' or '{closer}'")
        self.i += 1
        if not self._space() and self.s[self.i] == closer:
            raise self._fail("trailing comma")
        return False

    def _closed(self, container: _Container) -> _Container:
        """A member was cut: the cut is the end of the text, so every open container closes here."""
        self.i = len(self.s)
        return container
