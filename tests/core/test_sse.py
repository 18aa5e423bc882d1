"""The SSE decoder follows the WHATWG rules whatever the chunking."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from parley.core.sse import ServerSentEvent, SSEDecoder
from tests.conftest import STREAMS


def decode(data: bytes, cuts: list[int] | None = None) -> list[ServerSentEvent]:
    decoder = SSEDecoder()
    events: list[ServerSentEvent] = []
    points = sorted(set(cuts or []))
    start = 0
    for p in [*points, len(data)]:
        events += decoder.feed(data[start:p])
        start = p
    return events + decoder.flush()


def test_basic_event_with_name_and_data():
    assert decode(b"event: ping\ndata: {}\n\n") == [ServerSentEvent("ping", "{}")]


def test_every_line_ending_is_accepted():
    for sep in (b"\n", b"\r\n", b"\r"):
        data = sep.join([b"event: a", b"data: 1", b"", b"data: 2", b"", b""])
        assert decode(data) == [ServerSentEvent("a", "1"), ServerSentEvent("message", "2")], sep


def test_crlf_split_across_chunks_is_one_line_ending():
    data = b"data: x\r\n\r\ndata: y\r\n\r\n"
    for cut in range(len(data) + 1):
        assert decode(data, [cut]) == [ServerSentEvent("message", "x"), ServerSentEvent("message", "y")], cut


def test_multiple_data_lines_join_with_newline_and_comments_are_ignored():
    data = b": a comment\ndata: one\ndata:two\n: another\ndata\n\n"
    assert decode(data) == [ServerSentEvent("message", "one\ntwo\n")]


def test_only_one_leading_space_is_stripped_and_unknown_fields_ignored():
    data = b"data:  spaced\nfoo: bar\n// not a field\nid: 7\nretry: 300\n\n"
    assert decode(data) == [ServerSentEvent("message", " spaced", "7", 300)]


def test_event_without_data_is_not_dispatched():
    assert decode(b"event: lonely\n\ndata: x\n\n") == [ServerSentEvent("message", "x")]


def test_an_event_without_its_blank_line_at_the_end_is_still_dispatched():
    # The SDK accepts such a stream; a cut inside an event shows as unreadable data (the client's job).
    expected = [ServerSentEvent("message", "complete"), ServerSentEvent("last", "whole")]
    assert decode(b"data: complete\n\nevent: last\ndata: whole\n") == expected
    assert decode(b"data: complete\n\nevent: last\ndata: whole") == expected
    assert decode(b"data: complete\n\nevent: last\n") == expected[:1]  # no data: nothing to dispatch


def test_multibyte_character_split_between_chunks():
    data = "data: héllo → 世界\n\n".encode()
    for cut in range(len(data) + 1):
        assert decode(data, [cut]) == [ServerSentEvent("message", "héllo → 世界")]


def test_invalid_utf8_is_replaced_not_fatal():
    assert decode(b"data: \xff\xfe ok\n\n") == [ServerSentEvent("message", "\ufffd\ufffd ok")]


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_random_chunking_of_reference_streams_gives_same_events(data):
    for path in sorted(STREAMS.glob("*.sse")):
        raw = path.read_bytes()
        cuts = data.draw(st.lists(st.integers(0, len(raw)), max_size=40), label=path.name)
        assert decode(raw, cuts) == decode(raw), path.name


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400), st.lists(st.integers(0, 400), max_size=10))
def test_arbitrary_bytes_never_raise_and_chunking_never_matters(raw, cuts):
    cuts = [c for c in cuts if c <= len(raw)]
    assert decode(raw, cuts) == decode(raw)
