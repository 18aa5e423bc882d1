"""History store v2: full-text search (incl. Chinese), soft delete with undo, migrations from every
earlier schema, and provenance for imports. Real database files throughout."""

from __future__ import annotations

import html
import json
import sqlite3
from pathlib import Path

import pytest

from parley.core.chat_setup import ChatSetup
from parley.core.history.fulltext import index_text, parse_query, snippet
from parley.core.history.schema import MIGRATIONS
from parley.core.history.store import SCHEMA_VERSION, Store


def text(t: str) -> list[dict[str, str]]:
    return [{"type": "text", "text": t}]


@pytest.fixture
def store(tmp_path: Path):
    clock = iter(range(1_000_000, 2_000_000, 10))
    with Store(tmp_path / "h.sqlite3", clock=lambda: float(next(clock))) as s:
        yield s


def fill(store: Store) -> dict[str, str]:
    a = store.create_chat("Streaming parsers", model="claude-opus-4-7")
    store.add_message(a, "user", text("How do I parse server-sent events in Python?"))
    store.add_message(
        a,
        "assistant",
        [
            {"type": "thinking", "thinking": "The user wants an SSE decoder, use httpx", "signature": "s"},
            *text("Read the stream line by line; split on blank lines."),
        ],
        model="claude-opus-4-7",
    )
    b = store.create_chat("模型比较", model="claude-sonnet-4-6")
    store.add_message(b, "user", text("请比较这两个模型的推理能力。"))
    store.add_message(b, "assistant", text("Opus 的推理能力更强，但是速度较慢。"), model="claude-sonnet-4-6")
    return {"en": a, "zh": b}


def test_search_finds_words_by_prefix_newest_first_with_highlighted_snippet(store: Store) -> None:
    ids = fill(store)
    hits = store.search("stream")
    assert [h.chat_id for h in hits][:1] == [ids["en"]]
    message_hits = [h for h in hits if h.message_id is not None]
    assert message_hits[0].role == "assistant"  # newest first
    marked = message_hits[0].snippet.marked("[", "]")
    assert "[stream]" in marked
    title_hits = [h for h in hits if h.message_id is None]
    assert title_hits == []  # the chat was already found through a message
    assert store.search("parse server")
    assert not store.search("parse nonexistentword")


def test_search_finds_chinese_words_inside_sentences(store: Store) -> None:
    ids = fill(store)
    hits = store.search("推理")
    assert {h.chat_id for h in hits} == {ids["zh"]}
    assert len([h for h in hits if h.message_id]) == 2
    assert "[推理]" in hits[0].snippet.marked("[", "]")
    assert store.search("比较")[0].chat_id == ids["zh"]
    assert not store.search("推比")  # characters in this order do not occur


def test_search_thinking_only_when_asked(store: Store) -> None:
    fill(store)
    assert not store.search("httpx")
    hit = store.search("httpx", include_thinking=True)[0]
    assert "[httpx]" in hit.snippet.marked("[", "]")


def test_search_filters_by_model_and_date(store: Store) -> None:
    ids = fill(store)
    assert {h.chat_id for h in store.search("推理", model="claude-opus-4-7")} == set()
    assert {h.chat_id for h in store.search("推理", model="claude-sonnet-4-6")} == {ids["zh"]}
    last = store.messages(ids["zh"])[-1].created_at
    assert [h.message_id for h in store.search("推理", since=last)] == [store.messages(ids["zh"])[-1].id]
    assert store.search("推理", until=0) == []


def test_title_only_matches_are_found(store: Store) -> None:
    chat = store.create_chat("Quarterly budget review")
    hits = store.search("budget")
    assert [(h.chat_id, h.message_id) for h in hits] == [(chat, None)]


@pytest.mark.parametrize(
    "hostile",
    ['"', "NEAR(a b)", "body: x", "*", "a OR", "'; DROP TABLE chats; --", "^x", "-x", "(((", "AND", '"unterminated'],
)
def test_fts_syntax_in_a_query_is_plain_text(store: Store, hostile: str) -> None:
    fill(store)
    store.search(hostile)  # never an sqlite3.OperationalError
    assert len(store.list_chats()) == 2


def test_deleted_chat_can_be_undone_and_is_purged_on_next_open(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    with Store(path) as store:
        ids = fill(store)
        store.trash_chat(ids["zh"])
        assert [c.id for c in store.list_chats()] == [ids["en"]]
        assert not store.search("推理")
        assert store.find_chat(ids["zh"]) is None
        store.restore_chat(ids["zh"])
        assert store.search("推理")
        store.trash_chat(ids["zh"])
    with Store(path) as store:
        assert len(store.list_chats()) == 1
        store.restore_chat(ids["zh"])  # too late: gone for good
        assert len(store.list_chats()) == 1
        assert store._db.execute("SELECT count(*) FROM message_index").fetchone()[0] == 2


def test_pin_and_rename_keep_recency_order(store: Store) -> None:
    ids = fill(store)
    before = [c.id for c in store.list_chats()]
    store.update_chat(ids["en"], title="Renamed")
    assert [c.id for c in store.list_chats()] == before
    store.update_chat(ids["en"], pinned=True)
    assert next(c.id for c in store.list_chats()) == ids["en"]


def _v1_database(path: Path) -> None:
    """A database as schema version 1 left it, with a chat, a streaming reply and thinking."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("BEGIN")
    MIGRATIONS[0](db)
    db.execute("PRAGMA user_version=1")
    db.execute("INSERT INTO chats(id, title, created_at, updated_at, model) VALUES ('c1', 'Old chat', 1, 2, 'm')")
    content = json.dumps(
        [
            {"type": "thinking", "thinking": "deep thought", "signature": "sig=="},
            {"type": "text", "text": "The old answer about giraffes"},
        ]
    )
    db.execute(
        "INSERT INTO messages(chat_id, role, content, created_at) VALUES ('c1', 'user', ?, 1)",
        (json.dumps(text("tell me about giraffes")),),
    )
    db.execute(
        "INSERT INTO messages(chat_id, parent_id, role, content, status, created_at)"
        " VALUES ('c1', 1, 'assistant', ?, 'streaming', 2)",
        (content,),
    )
    db.execute("COMMIT")
    db.close()


@pytest.mark.parametrize("version", range(1, SCHEMA_VERSION))
def test_every_earlier_schema_opens_migrates_and_keeps_everything(tmp_path: Path, version: int) -> None:
    path = tmp_path / "history.sqlite3"
    _v1_database(path)
    if version > 1:  # bring it to *version* with the migrations of that time
        db = sqlite3.connect(path, isolation_level=None)
        for target in range(2, version + 1):
            db.execute("BEGIN")
            MIGRATIONS[target - 1](db)
            db.execute(f"PRAGMA user_version={target}")
            db.execute("COMMIT")
        db.close()
    with Store(path) as store:
        assert store._db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.integrity_ok()
        messages = store.branch("c1")
        assert messages[1].content[0] == {"type": "thinking", "thinking": "deep thought", "signature": "sig=="}
        assert messages[1].status == "interrupted"
        assert [h.message_id for h in store.search("giraffes")] == [2, 1]
    backup = path.with_name(f"history.sqlite3.v{version}.bak")
    assert backup.exists()
    old = sqlite3.connect(backup)
    assert old.execute("PRAGMA user_version").fetchone()[0] == version
    assert old.execute("SELECT count(*) FROM messages").fetchone()[0] == 2
    old.close()


def test_query_parsing_and_index_text() -> None:
    assert parse_query("stream parse").expression == '"stream"* AND "parse"*'
    assert parse_query("模型").expression == '"模 型"'  # an ideograph is a whole token: no prefix
    assert parse_query('"exact phrase" x').terms == ("exact phrase", "x")
    assert not parse_query(" ** () ")
    assert index_text("用Python写") == " 用 Python 写 "


def test_snippet_is_escaped_around_markers() -> None:
    cut = snippet("<b>bold</b> claims about the stream <script>", ("stream",))
    assert cut.marked("<mark>", "</mark>", html.escape) == (
        "&lt;b&gt;bold&lt;/b&gt; claims about the <mark>stream</mark> &lt;script&gt;"
    )
    long = "word " * 200 + "needle " + "word " * 200
    cut = snippet(long, ("needle",))
    assert cut.text.startswith("…")
    assert cut.text.endswith("…")
    assert len(cut.text) < 200


def test_a_v5_chats_settings_become_its_setup(tmp_path: Path) -> None:
    """v6 moves the system prompt, compaction, workspace and write approval into one JSON setup."""
    path = tmp_path / "history.sqlite3"
    _v1_database(path)
    db = sqlite3.connect(path, isolation_level=None)
    for target in range(2, 6):
        db.execute("BEGIN")
        MIGRATIONS[target - 1](db)
        db.execute(f"PRAGMA user_version={target}")
        db.execute("COMMIT")
    db.execute(
        "UPDATE chats SET system='Be brief.', compaction=1, workspace='/home/me/project', approve_writes=1"
        " WHERE id='c1'"
    )
    db.execute("INSERT INTO chats(id, title, created_at, updated_at) VALUES ('c2', 'Plain', 1, 2)")  # all defaults
    db.close()
    with Store(path) as store:
        assert store.find_chat("c1").setup == ChatSetup("Be brief.", True, "/home/me/project", True)
        assert store.find_chat("c2").setup == ChatSetup()
        columns = {r[1] for r in store._db.execute("PRAGMA table_info(chats)")}
        assert {"setup"} <= columns
        assert not {"system", "compaction", "workspace", "approve_writes"} & columns


def test_a_setup_keeps_keys_a_newer_parley_wrote(tmp_path: Path) -> None:
    with Store(tmp_path / "h.sqlite3") as store:
        chat = store.create_chat("x")
        store._db.execute("UPDATE chats SET setup=? WHERE id=?", ('{"mcp_servers":["files"],"system":"Hi"}', chat))
        setup = store.find_chat(chat).setup
        assert setup.system == "Hi"
        store.update_chat(chat, setup=setup.changed(compaction=True))
        raw = store._db.execute("SELECT setup FROM chats WHERE id=?", (chat,)).fetchone()[0]
        assert json.loads(raw) == {"mcp_servers": ["files"], "system": "Hi", "compaction": True}
    assert ChatSetup.from_json("not json") == ChatSetup()
    assert ChatSetup.from_json('{"system": 5, "compaction": "yes"}') == ChatSetup()
    assert ChatSetup.from_json('{"thinking_open": false}').thinking_open is False  # the user folded them
    assert ChatSetup.from_json('{"thinking_open": "yes"}').thinking_open is None  # not a choice: the setting
    assert ChatSetup(thinking_open=True).to_json() == '{"thinking_open":true}'


def test_snippets_show_the_words_a_reader_sees_not_the_markdown() -> None:
    from parley.core.history.fulltext import plain_text

    answer = (
        "## Streaming\n\n```python\nimport httpx\n```\n\n| Event | When |\n|---|---|\n| **message_stop** | last |\n"
    )
    assert plain_text(answer).split() == ["Streaming", "import", "httpx", "Event", "When", "message_stop", "last"]
    assert plain_text("see [the docs](https://x.test/a_b) and snake_case_name") == "see the docs and snake_case_name"
    assert plain_text("- [x] done\n1. first") == "done\nfirst"
    hit = snippet(answer, ("message_stop",))
    assert "**" not in hit.text
    assert "|" not in hit.text
    assert "[message_stop]" in hit.marked("[", "]")
    long = "word " * 5000 + "**needle** here"
    assert "[needle]" in snippet(long, ("needle",)).marked("[", "]")  # found far into a long answer


def test_paging_after_the_last_chat_gives_the_same_list_as_one_query(store: Store) -> None:
    """Keyset pages (what the sidebar loads): every chat once, in the list's order, ties included."""
    for n in range(23):
        chat = store.create_chat(f"chat {n}", created_at=1000.0 + n // 4)  # groups of four share a time
        if n % 7 == 0:
            store.update_chat(chat, pinned=True)
    whole = [c.id for c in store.list_chats(limit=-1)]
    paged: list[str] = []
    last = None
    while True:
        page = store.list_chats(limit=5, after=last)
        paged += [c.id for c in page]
        if len(page) < 5:
            break
        last = page[-1]
    assert paged == whole
    assert len(set(paged)) == 23


def test_titles_are_found_through_their_index_as_they_change(store: Store) -> None:
    chat = store.create_chat("Quokka habits")
    store.create_chat("数据库 设计")
    assert [h.chat_title for h in store.search("okka")] == ["Quokka habits"]  # inside a word, any case
    assert [h.chat_title for h in store.search("数据库")] == ["数据库 设计"]
    store.update_chat(chat, title="Marmalade recipes")
    assert store.search("quokka") == []
    assert [h.chat_title for h in store.search("marma")] == ["Marmalade recipes"]
    store.trash_chat(chat)
    assert store.search("marma") == []


def test_earlier_words_match_whole_first_then_as_prefixes(store: Store) -> None:
    chat = store.create_chat("c")
    store.add_message(chat, "user", [{"type": "text", "text": "a streaming parser"}])
    store.add_message(chat, "assistant", [{"type": "text", "text": "the stream parses"}])
    found = {h.snippet.text for h in store.search("stream pars")}
    assert found == {"a streaming parser", "the stream parses"}  # short of a page: prefixes too


def test_a_background_search_delivers_only_the_newest_request(tmp_path: Path) -> None:
    import threading

    from parley.core.history.search_thread import BackgroundSearch

    with Store(tmp_path / "h.sqlite3") as store:
        chat = store.create_chat("c")
        for n in range(50):
            store.add_message(chat, "user", [{"type": "text", "text": f"alpha beta {n}"}])
        delivered: list[tuple[int, int, str]] = []
        done = threading.Event()

        def deliver(ticket: int, hits: list) -> None:
            delivered.append((ticket, len(hits), threading.current_thread().name))
            done.set()

        searcher = BackgroundSearch(store.path, deliver)
        tickets = [searcher.submit(word) for word in ("al", "alp", "alph", "beta")]
        while done.wait(10) and delivered[-1][0] != tickets[-1]:
            done.clear()  # (a search that finished before the next keystroke was delivered: fine)
        searcher.stop()
    assert delivered[-1][0] == tickets[-1]
    assert delivered[-1][1] == 50
    assert all(t in tickets for t, _, _ in delivered)
    assert {name for _, _, name in delivered} == {"parley-search"}


def test_whether_opening_will_update_the_schema_is_known_before(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    assert not Store.will_migrate(path)  # no history yet: nothing to update
    with Store(path):
        pass
    assert not Store.will_migrate(path)
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version=7")
    db.close()
    assert Store.will_migrate(path)
