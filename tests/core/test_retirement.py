"""Retired models: offered nowhere they no longer work, saved chats still readable, one step to the
successor with the thinking choice carried over. Every test here sets its own day."""

from __future__ import annotations

from datetime import date

import httpx
import pytest

from parley.core.catalog import load_shipped
from parley.core.chat import ChatRunner
from parley.core.client import MessagesClient
from parley.core.clock import FixedClock, SystemClock, system_clock
from parley.core.endpoint import PRESETS, Endpoint
from parley.core.errors import ModelRetired, NotFound, RetiredModelNotFound
from parley.core.history.store import Store
from parley.core.presentation.notices import error_notice
from parley.core.request import ChatOptions
from parley.core.retirement import Lineup, carry_over, effort_for_budget, state_on
from parley.core.turn import TurnOutcome
from tests.conftest import run

CATALOG = load_shipped()
SONNET45, SONNET46, OPUS47 = (CATALOG.resolve(m) for m in ("claude-sonnet-4-5", "claude-sonnet-4-6", "claude-opus-4-7"))
BEFORE_WINDOW, IN_WINDOW, DAY_BEFORE = date(2026, 6, 1), date(2026, 11, 15), date(2026, 11, 29)
ON_THE_DAY, AFTER = date(2026, 11, 30), date(2026, 12, 5)
ANTHROPIC, PROXY = Endpoint(PRESETS["anthropic"]), Endpoint(PRESETS["aihubmix"])


def test_the_catalog_keeps_the_date_and_the_successor_as_data():
    assert SONNET45.retires == ON_THE_DAY
    assert SONNET45.successor == "claude-sonnet-4-6"
    assert OPUS47.retires is None


@pytest.mark.parametrize(
    ("day", "state"),
    [
        (BEFORE_WINDOW, "current"),
        (IN_WINDOW, "retiring"),
        (DAY_BEFORE, "retiring"),
        (ON_THE_DAY, "retired"),
        (AFTER, "retired"),
    ],
)
def test_the_state_follows_the_clock(day, state):
    assert state_on(SONNET45, day) == state
    assert state_on(OPUS47, day) == "current"


def lineup(day: date, endpoint: Endpoint, listed: list[str] | None = None) -> Lineup:
    return Lineup(CATALOG, FixedClock(day), endpoint, listed)


def test_before_the_date_it_is_offered_everywhere_with_a_warning():
    for endpoint in (ANTHROPIC, PROXY):
        here = lineup(IN_WINDOW, endpoint).standing("claude-sonnet-4-5")
        assert here.offered
        assert here.mark == "retiring"
        assert "retires in 15 days (2026-11-30)" in here.notice
        assert "claude-sonnet-4-6" in here.notice
    assert (
        lineup(DAY_BEFORE, ANTHROPIC)
        .standing("claude-sonnet-4-5")
        .notice.startswith("Claude Sonnet 4.5 retires tomorrow")
    )
    assert lineup(BEFORE_WINDOW, ANTHROPIC).standing("claude-sonnet-4-5").notice is None


@pytest.mark.parametrize("day", [ON_THE_DAY, AFTER])
def test_from_the_date_anthropic_offers_it_for_nothing(day):
    at_anthropic = lineup(day, ANTHROPIC, listed=["claude-sonnet-4-5"])  # even if a listing still named it
    here = at_anthropic.standing("claude-sonnet-4-5")
    assert not here.offered
    assert here.mark == "retired"
    assert "claude-sonnet-4-5" not in [m.id for m in at_anthropic.offered()]
    assert at_anthropic.for_new_chat("claude-sonnet-4-5") == "claude-sonnet-4-6"
    assert at_anthropic.for_new_chat("claude-opus-4-7") == "claude-opus-4-7"


def test_a_proxy_offers_it_while_its_listing_does_and_marks_it():
    listed = lineup(AFTER, PROXY, listed=["claude-sonnet-4-5-20250929", "claude-sonnet-4-6"])  # an alias counts
    here = listed.standing("claude-sonnet-4-5")
    assert here.offered
    assert here.mark == "retired at Anthropic"
    assert "may still serve it" in here.notice
    dropped = lineup(AFTER, PROXY, listed=["claude-sonnet-4-6"]).standing("claude-sonnet-4-5")
    assert not dropped.offered
    never_asked = lineup(AFTER, PROXY, listed=None).standing("claude-sonnet-4-5")
    assert not never_asked.offered


@pytest.mark.parametrize(
    ("budget", "effort"), [(2048, "low"), (4096, "medium"), (8192, "high"), (24576, "high"), (None, "high")]
)
def test_a_budget_becomes_an_effort_on_the_adaptive_successor(budget, effort):
    assert effort_for_budget(budget, SONNET46) == effort
    moved = carry_over(ChatOptions("claude-sonnet-4-5", budget_tokens=budget, max_tokens=64_000), SONNET45, SONNET46)
    assert moved.model == "claude-sonnet-4-6"
    assert moved.budget_tokens is None
    assert moved.effort == effort
    assert moved.thinking
    assert moved.max_tokens == 64_000


def test_carrying_over_keeps_thinking_off_and_fits_the_successors_limits():
    moved = carry_over(ChatOptions("claude-sonnet-4-5", thinking=False), SONNET45, SONNET46)
    assert not moved.thinking
    assert moved.effort == "high"
    capped = carry_over(ChatOptions("claude-opus-4-7", effort="xhigh", max_tokens=128_000), OPUS47, SONNET45)
    assert capped.effort is None
    assert capped.max_tokens == SONNET45.max_output


def refusing_client(endpoint: Endpoint, seen: list[httpx.Request]) -> MessagesClient:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(500)

    return MessagesClient(endpoint, "sk-ant-test-key-000000", transport=httpx.MockTransport(handler))


def test_at_anthropic_a_saved_chat_on_it_reads_but_sends_nothing(tmp_path):
    seen: list[httpx.Request] = []

    async def go() -> None:
        with Store(tmp_path / "h.sqlite3") as store:
            chat = store.create_chat("old chat", model="claude-sonnet-4-5")
            store.add_message(chat, "user", [{"type": "text", "text": "hello"}])
            store.add_message(chat, "assistant", [{"type": "text", "text": "hi"}], model="claude-sonnet-4-5")
            async with refusing_client(ANTHROPIC, seen) as client:
                runner = ChatRunner(store, client, CATALOG, clock=FixedClock(AFTER))
                with pytest.raises(ModelRetired) as info:
                    await runner.ask("more", ChatOptions("claude-sonnet-4-5"), chat_id=chat)
                assert [m.role for m in store.branch(chat)] == ["user", "assistant"]  # read as before, unchanged
            error = info.value
            assert error.successor == "claude-sonnet-4-6"
            assert "was retired on 2026-11-30" in error.user_message
            assert "Claude Sonnet 4.6" in error.user_message
            notice = error_notice(error)
            assert notice.actions == ("use_successor",)
            assert notice.successor == "claude-sonnet-4-6"
            assert notice.successor_name == "Claude Sonnet 4.6"

    run(go())
    assert seen == []


def test_at_anthropic_the_day_before_it_still_sends_with_a_warning(tmp_path):
    seen: list[httpx.Request] = []

    async def go() -> None:
        with Store(tmp_path / "h.sqlite3") as store:
            async with refusing_client(ANTHROPIC, seen) as client:
                runner = ChatRunner(store, client, CATALOG, clock=FixedClock(DAY_BEFORE))
                _, notices = runner.check(ChatOptions("claude-sonnet-4-5"))
                assert notices
                assert "tomorrow" in notices[0]

    run(go())


def test_a_proxy_that_dropped_it_answers_404_which_names_the_successor(fake_api, make_client, tmp_path):
    fake_api.retired = {"claude-sonnet-4-5"}

    async def go() -> None:
        with Store(tmp_path / "h.sqlite3") as store:
            async with make_client() as client:
                runner = ChatRunner(store, client, CATALOG, clock=FixedClock(AFTER))
                outcome = await runner.ask("q", ChatOptions("claude-sonnet-4-5"))
                assert store.list_chats() == []  # nothing arrived: the turn is undone
        error = outcome.error
        assert isinstance(error, RetiredModelNotFound)
        assert isinstance(error, NotFound)
        assert outcome.rolled_back
        assert error.successor == "claude-sonnet-4-6"
        assert "retired at Anthropic on 2026-11-30" in error.user_message
        assert error_notice(error).actions == ("use_successor",)

    run(go())


def test_a_proxy_that_still_serves_it_answers_with_a_notice(fake_api, make_client, tmp_path):
    async def go() -> None:
        with Store(tmp_path / "h.sqlite3") as store:
            async with make_client() as client:
                runner = ChatRunner(store, client, CATALOG, clock=FixedClock(AFTER))
                outcome = await runner.ask("q", ChatOptions("claude-sonnet-4-5"))
        assert outcome.text == "You said: q"
        assert any("retired at Anthropic" in n for n in outcome.notices)

    run(go())


def test_a_404_before_the_date_stays_a_plain_not_found(fake_api, make_client, tmp_path):
    fake_api.retired = {"claude-sonnet-4-5"}

    async def go() -> TurnOutcome:
        with Store(tmp_path / "h.sqlite3") as store:
            async with make_client() as client:
                runner = ChatRunner(store, client, CATALOG, clock=FixedClock(IN_WINDOW))
                return await runner.ask("q", ChatOptions("claude-sonnet-4-5"))

    outcome = run(go())
    assert isinstance(outcome.error, NotFound)
    assert not isinstance(outcome.error, RetiredModelNotFound)


def test_parley_today_shifts_the_real_clock():
    shifted = system_clock({"PARLEY_TODAY": "2026-11-30"})
    assert shifted.today() == ON_THE_DAY
    assert abs(shifted.time() - FixedClock(ON_THE_DAY).time()) < 86_400
    assert isinstance(system_clock({"PARLEY_TODAY": "not a date"}), SystemClock)
    assert system_clock({}) == SystemClock()
