"""Fuzzing with hypothesis: the importers (Parley JSON, Claude.ai, ChatGPT shapes, raw bytes) and the
markdown renderer meet arbitrary input; only typed errors (ImportFormatError) may escape, and an
import that fails leaves the database as it was. (The SSE decoder and the accumulator are fuzzed in
tests/core/test_sse.py and tests/core/test_accumulator.py.)"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parley.core.history.store import Store
from parley.core.presentation.markdown import MarkdownRenderer
from parley.core.presentation.markdown_stream import StreamingRenderer
from parley.core.transfer.importers import ImportFormatError, import_file, read_export

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=5),
    max_leaves=30,
)
KEYS = [
    "version",
    "chats",
    "messages",
    "role",
    "content",
    "type",
    "text",
    "uuid",
    "name",
    "chat_messages",
    "sender",
    "mapping",
    "current_node",
    "author",
    "parts",
    "title",
    "created_at",
    "id",
    "children",
    "parent",
]
SHAPED = st.recursive(
    st.none() | st.integers() | st.text(max_size=12) | st.sampled_from(["user", "assistant", "text", "human"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(KEYS), inner, max_size=6),
    max_leaves=40,
)


def _read(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"export{suffix}"
        path.write_bytes(data)
        try:
            read_export(path)
            said = "read"
        except ImportFormatError as error:
            said = error.user_message  # names what is wrong
        assert said


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_any_bytes_are_read_or_refused_with_a_typed_error(data: bytes) -> None:
    _read(data, ".json")
    _read(data, ".zip")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(JSON, SHAPED, st.fixed_dictionaries({"version": st.just(1), "chats": st.lists(SHAPED, max_size=3)})))
def test_any_json_is_read_or_refused_with_a_typed_error(doc: Any) -> None:
    _read(json.dumps(doc).encode(), ".json")


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(st.lists(SHAPED, min_size=1, max_size=3))
def test_a_failed_import_changes_nothing(tmp_path: Path, chats: list[Any]) -> None:
    with Store(tmp_path / f"h{abs(hash(json.dumps(chats))) % 10**9}.sqlite3") as store:
        keep = store.create_chat("already here")
        before = [c.id for c in store.list_chats(limit=-1)]
        path = tmp_path / "conversations.json"
        path.write_text(json.dumps(chats))
        try:
            import_file(store, path)
        except ImportFormatError:
            assert [c.id for c in store.list_chats(limit=-1)] == before
        assert keep in [c.id for c in store.list_chats(limit=-1)]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300)
    | st.text(alphabet="#*_`|>-[]()!<>\n :0123abc", max_size=300)
)
def test_the_renderer_renders_anything(text: str) -> None:
    renderer = MarkdownRenderer()
    html = renderer.render(text).html
    assert "<script" not in html.lower()
    stream = StreamingRenderer(renderer)
    for end in range(0, len(text) + 1, 37):
        stream.update(text[:end])
    stream.update(text, final=True)
