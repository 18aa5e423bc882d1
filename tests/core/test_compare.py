"""Comparisons against the strict fake API: concurrent columns at different speeds, one failing,
metrics from real event times, a stopped column that leaves the others running, and follow-ups
where each column echoes its own thinking to its own model."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from parley.core.catalog import load_shipped
from parley.core.chat import ChatRunner
from parley.core.chat_setup import ChatSetup
from parley.core.compare import Comparison
from parley.core.compare_metrics import live_cell, metric_table
from parley.core.errors import InvalidOptions
from parley.core.history.store import Store
from parley.core.options import ModelChoice
from parley.core.settings import Settings
from tests.conftest import CLOCK, run
from tests.fakeapi import DEFAULT_KEY, Reply, error_reply, message_events

PARLEY = str(Path(sys.executable).parent / "parley")
OPUS, SONNET, HAIKU = "claude-opus-4-7", "claude-sonnet-4-6", "claude-haiku-4-5"


def paced(model: str, text: str, *, delay: float, first_delay: float = 0.0, thinking: str | None = None) -> Reply:
    blocks = ([{"type": "thinking", "thinking": thinking}] if thinking else []) + [{"type": "text", "text": text}]
    return Reply(events=message_events(model, blocks, piece=8), delay=delay, first_delay=first_delay)


def by_model(fake_api, replies: dict[str, Reply | list[Reply]]) -> None:
    queues = {m: (r if isinstance(r, list) else [r]) for m, r in replies.items()}

    def handler(req):
        model = (req.body or {}).get("model")
        queue = queues.get(model)
        return queue.pop(0) if queue else None

    fake_api.handler = handler


def test_choice_parsing_and_labels() -> None:
    assert ModelChoice.parse("claude-opus-4-7:xhigh") == ModelChoice(OPUS, effort="xhigh")
    assert ModelChoice.parse("claude-haiku-4-5:2048") == ModelChoice(HAIKU, budget_tokens=2048)
    assert ModelChoice.parse("claude-sonnet-4-6:off") == ModelChoice(SONNET, thinking=False)
    assert ModelChoice.parse(OPUS).label(load_shipped()) == "Claude Opus 4.7"


def test_columns_run_concurrently_one_fails_metrics_come_from_real_times(fake_api, make_client, tmp_path) -> None:
    by_model(
        fake_api,
        {
            OPUS: paced(OPUS, "Opus answer " * 20, delay=0.02, first_delay=0.3, thinking="opus thinks"),
            SONNET: paced(SONNET, "Sonnet answer " * 20, delay=0.005, first_delay=0.05),
            HAIKU: error_reply(404, "not_found_error", "model: claude-haiku-4-5 is not available here"),
        },
    )

    async def go():
        with Store(tmp_path / "h.sqlite3") as store:
            async with make_client(retries=0) as client:
                runner = ChatRunner(store, client, load_shipped(), clock=CLOCK)
                specs = [ModelChoice(OPUS, "high"), ModelChoice(SONNET, "low"), ModelChoice(HAIKU)]
                comparison = Comparison.create(store, runner, "Explain SSE", specs, Settings())
                return comparison.id, await comparison.ask("Explain SSE"), store.list_chats(), store.search("Sonnet")

    compare_id, results, listed, hits = run(go())
    reqs = {r.body["model"]: r for r in fake_api.messages_requests()}
    opus_req, sonnet_req = reqs[OPUS], reqs[SONNET]
    assert sonnet_req.started < opus_req.finished
    assert opus_req.started < sonnet_req.finished  # the requests overlapped: truly concurrent
    opus, sonnet, haiku = results
    assert opus.answered
    assert sonnet.answered
    assert not haiku.answered
    assert "not available" in haiku.error.user_message
    assert haiku.stop_reason == "error"
    o, s = opus.metrics(), sonnet.metrics()
    assert o.ttft_s >= 0.3  # the server waited 0.3 s before Opus's first event
    assert s.ttft_s < o.ttft_s
    assert o.tokens_per_s < s.tokens_per_s  # Opus's events came 4x slower
    assert o.ttft_s == opus.live.ttft_s  # one definition of time to first token (LiveTurn)
    assert opus.thinking == "opus thinks"
    assert opus.cost_usd > 0
    assert opus.to_json()["usage"]["output_tokens"] > 0
    assert [(c.id, c.kind) for c in listed] == [(compare_id, "compare")]  # columns are not listed apart
    assert listed[0].model == "Claude Opus 4.7 · high vs Claude Sonnet 4.6 · low vs Claude Haiku 4.5"
    assert {h.chat_id for h in hits} == {compare_id}


def test_a_stopped_column_does_not_stop_the_others(fake_api, make_client, tmp_path) -> None:
    by_model(fake_api, {OPUS: paced(OPUS, "slow " * 200, delay=0.01), SONNET: paced(SONNET, "fast " * 30, delay=0.005)})

    async def go():
        with Store(tmp_path / "h.sqlite3") as store:
            async with make_client() as client:
                runner = ChatRunner(store, client, load_shipped(), clock=CLOCK)
                comparison = Comparison.create(
                    store, runner, "go", [ModelChoice(OPUS), ModelChoice(SONNET)], Settings()
                )
                seen = {0: 0, 1: 0}

                def on_event(index, event, acc):
                    seen[index] += 1
                    if index == 0 and seen[0] == 20:
                        comparison.stop(0)

                results = await comparison.ask("go", on_event=on_event)
                return results, [store.branch(c.id)[-1] for c in comparison.columns()]

    results, last = run(go())
    assert results[0].cancelled
    assert results[0].stop_reason == "stopped"
    assert results[1].answered
    assert results[1].text == "fast " * 30
    assert last[0].status == "stopped"
    assert last[0].content  # what arrived before the stop is kept
    assert last[1].status == "complete"


def test_follow_ups_continue_each_columns_own_thread_with_its_own_thinking(fake_api, make_client, tmp_path) -> None:
    by_model(
        fake_api,
        {
            OPUS: [paced(OPUS, "first opus", delay=0, thinking="opus reasoning"), paced(OPUS, "second opus", delay=0)],
            SONNET: [
                paced(SONNET, "first sonnet", delay=0, thinking="sonnet reasoning"),
                paced(SONNET, "second sonnet", delay=0),
            ],
        },
    )

    async def go():
        with Store(tmp_path / "h.sqlite3") as store:
            async with make_client() as client:
                runner = ChatRunner(store, client, load_shipped(), clock=CLOCK)
                comparison = Comparison.create(
                    store, runner, "one", [ModelChoice(OPUS, "high"), ModelChoice(SONNET)], Settings()
                )
                await comparison.ask("one")
                return await comparison.ask("and two?")

    second = run(go())
    assert [r.text for r in second] == ["second opus", "second sonnet"]
    follow = {r.body["model"]: r.body for r in fake_api.messages_requests()[2:]}
    for model, own in ((OPUS, "opus reasoning"), (SONNET, "sonnet reasoning")):
        messages = follow[model]["messages"]
        assert [m["role"] for m in messages] == ["user", "assistant", "user"]
        thinking = [b for b in messages[1]["content"] if b["type"] == "thinking"]
        assert [b["thinking"] for b in thinking] == [own]  # its own block, signed for its own model
    # the strict fake API checked every signature: a foreign or edited thinking block would be a 400


def test_column_count_and_invalid_choices_are_refused_before_any_request(fake_api, make_client, tmp_path) -> None:
    async def go(specs):
        with Store(tmp_path / "h.sqlite3") as store:
            async with make_client() as client:
                Comparison.create(store, ChatRunner(store, client, load_shipped(), clock=CLOCK), "x", specs, Settings())

    with pytest.raises(InvalidOptions, match="2 to 4 columns"):
        run(go([ModelChoice(OPUS)]))
    with pytest.raises(InvalidOptions, match="xhigh"):
        run(go([ModelChoice(OPUS), ModelChoice(SONNET, "xhigh")]))
    assert fake_api.messages_requests() == []


@pytest.fixture
def cli(fake_api, tmp_path):
    def call(*args: str):
        env = {k: v for k, v in os.environ.items() if not k.startswith(("ANTHROPIC_", "PARLEY_"))}
        env |= {
            "ANTHROPIC_BASE_URL": fake_api.url,
            "ANTHROPIC_API_KEY": DEFAULT_KEY,
            "PARLEY_DATA_DIR": str(tmp_path / "data"),
        }
        return subprocess.run([PARLEY, *args], capture_output=True, text=True, env=env, timeout=60, check=False)

    return call


def test_cli_compare_json_table_and_follow_up(cli, fake_api) -> None:
    by_model(fake_api, {HAIKU: error_reply(404, "not_found_error", "model: nope")})
    r = cli("compare", "-m", f"{OPUS}:low", "-m", f"{SONNET}:off", "-m", HAIKU, "--json", "Hello there")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert set(doc) == {"chat_id", "columns"}
    cols = doc["columns"]
    assert [c["model"] for c in cols] == [OPUS, SONNET, HAIKU]
    assert cols[0]["effort"] == "low"
    assert cols[0]["text"] == "You said: Hello there"
    assert set(cols[0]) >= {
        "model",
        "effort",
        "text",
        "thinking",
        "stop_reason",
        "ttft_s",
        "tokens_per_s",
        "usage",
        "cost_usd",
        "error",
    }
    assert cols[2]["error"]
    assert cols[2]["text"] == ""
    text = cli("compare", "--chat", doc["chat_id"][:8], "And again")
    assert text.returncode == 0, text.stderr
    assert "━━ 1. Claude Opus 4.7 · low ━━" in text.stdout
    assert "First token (s)" in text.stdout
    assert "Tokens/s" in text.stdout
    assert text.stdout.count(" *") >= 2  # the best figure of a row is marked
    assert cli("compare", "-m", OPUS, "only one").returncode == 2
    fake_api.handler = lambda req: error_reply(401, "authentication_error", "invalid x-api-key")
    assert cli("compare", "-m", OPUS, "-m", SONNET, "x").returncode == 3


def test_a_comparison_exports_with_all_columns_and_round_trips(fake_api, make_client, tmp_path) -> None:
    from parley.core.transfer.export import export
    from parley.core.transfer.importers import import_file

    by_model(
        fake_api,
        {OPUS: paced(OPUS, "opus says", delay=0, thinking="hmm"), SONNET: paced(SONNET, "sonnet says", delay=0)},
    )

    async def go(store):
        async with make_client() as client:
            comparison = Comparison.create(
                store,
                ChatRunner(store, client, load_shipped(), clock=CLOCK),
                "Q?",
                [ModelChoice(OPUS, "low"), ModelChoice(SONNET)],
                Settings(),
            )
            await comparison.ask("Q?")
            return comparison.id

    with Store(tmp_path / "a.sqlite3") as store:
        compare_id = run(go(store))
        doc = export(store, [compare_id], "json")
        md = export(store, [compare_id], "md")
        page = export(store, [compare_id], "html")
    parsed = json.loads(doc)["chats"][0]
    assert parsed["kind"] == "compare"
    assert [c["model"] for c in parsed["columns"]] == [OPUS, SONNET]
    assert "## Comparison" in md
    assert "| First token (s) |" in md
    assert "opus says" in md
    assert "sonnet says" in md
    assert "sonnet says" in page
    path = tmp_path / "compare.json"
    path.write_text(doc, encoding="utf-8")
    with Store(tmp_path / "b.sqlite3") as other:
        assert import_file(other, path).added == 1
        assert export(other, [compare_id], "json") == doc
        assert [c.model for c in other.columns(compare_id)] == [OPUS, SONNET]
        assert other.search("sonnet")[0].chat_id == compare_id


def test_the_longest_reply_is_capped_per_column_with_a_note(fake_api, make_client, tmp_path) -> None:
    settings = Settings()
    settings.max_tokens = 100_000  # over Haiku 4.5's 64k, under Opus 4.7's 128k

    async def go():
        with Store(tmp_path / "h.sqlite3") as store:
            async with make_client() as client:
                runner = ChatRunner(store, client, load_shipped(), clock=CLOCK)
                comparison = Comparison.create(store, runner, "q", [ModelChoice(OPUS), ModelChoice(HAIKU)], settings)
                return await comparison.ask("q")

    opus, haiku = run(go())
    sent = {r.body["model"]: r.body["max_tokens"] for r in fake_api.messages_requests()}
    assert sent == {OPUS: 100_000, HAIKU: 64_000}
    assert opus.answered
    assert haiku.answered
    assert opus.outcome.notices == []
    assert any("writes at most 64,000 tokens" in n for n in haiku.outcome.notices)
    assert haiku.to_json()["notices"]


def test_the_comparisons_system_prompt_goes_to_every_column(fake_api, make_client, tmp_path) -> None:
    async def go():
        with Store(tmp_path / "h.sqlite3") as store:
            async with make_client() as client:
                runner = ChatRunner(store, client, load_shipped(), clock=CLOCK)
                setup = ChatSetup(system="Answer in French.")
                comparison = Comparison.create(
                    store, runner, "q", [ModelChoice(OPUS), ModelChoice(SONNET)], Settings(), setup
                )
                await comparison.ask("q")
                return [c.setup.system for c in comparison.columns()]

    assert run(go()) == ["Answer in French.", "Answer in French."]
    assert [r.body["system"] for r in fake_api.messages_requests()] == ["Answer in French."] * 2


def test_metric_rows_are_found_by_name_and_live_cells_estimate() -> None:
    from parley.core.compare_metrics import Metrics
    from parley.core.turn import LiveTurn

    rows = metric_table([Metrics(ttft_s=0.5, output_tokens=10), Metrics(ttft_s=0.7, output_tokens=20)])
    by_name = {row.name: row for row in rows}
    assert by_name["ttft_s"].label == "First token (s)"
    assert by_name["ttft_s"].best == [True, False]
    assert by_name["output_tokens"].cells == ["10", "20"]
    assert by_name["stop_reason"].cells == ["—", "—"]
    now = [0.0]
    live = LiveTurn(lambda: now[0])  # started at 0
    now[0] = 2.4
    live.first_token_at = 0.4
    live.output_chars = 400
    assert live_cell("ttft_s", live) == "0.40"
    assert live_cell("tokens_per_s", live) == "≈50"  # 100 tokens over the 2 s since the first
    assert live_cell("cost_usd", live) == "…"
    assert live_cell("ttft_s", None) == "—"


def test_a_folded_metrics_table_names_the_best_column_per_summary_row() -> None:
    from parley.core.compare_metrics import Metrics, best_summary

    rows = metric_table(
        [
            Metrics(ttft_s=0.5, total_s=4.0, cost_usd=0.02, output_tokens=10),
            Metrics(ttft_s=0.7, total_s=3.0, cost_usd=0.01, output_tokens=20),
        ]
    )
    line = best_summary(rows, ["Opus", "Haiku"])
    assert line == "First token (s): Opus (0.50) · Total (s): Haiku (3.00) · Cost (US$): Haiku (0.0100)"
    assert "tokens" not in line.lower()  # only time to first token, total time and cost are summarised
    assert best_summary(metric_table([Metrics(), Metrics()]), ["Opus", "Haiku"]) == ""  # nothing yet
