"""Footers, stop reasons and error banners in words."""

from __future__ import annotations

from parley.core import errors as E
from parley.core.presentation.notices import error_notice, footer_text, stop_notice


def test_footer():
    text = footer_text(
        "Claude Opus 4.7",
        "high",
        {"input_tokens": 1234, "output_tokens": 56, "cache_read_input_tokens": 900, "cache_creation_input_tokens": 120},
        0.0123,
        0.84,
        3.2,
    )
    assert text == (
        "Claude Opus 4.7 · high · 1,234 in / 56 out · cache 900 read / 120 write · $0.0123 · "
        "first token 0.8 s · 3.2 s total"
    )
    assert footer_text("M", None, None, None, None) == "M"


def test_footer_names_the_effort_in_the_ui_language():
    from parley.core import i18n

    chinese = {"high": "高强度", "{seconds} s total": "共 {seconds} 秒"}
    i18n.install(lambda text: chinese.get(text, text))
    try:
        assert footer_text("M", "high", None, None, None, 1.0) == "M · 高强度 · 共 1.0 秒"
        assert footer_text("M", "custom-level", None, None, None) == "M · custom-level"  # unknown: as the API said
    finally:
        i18n.install(None)


def test_stop_reasons_in_words():
    assert stop_notice("end_turn", None) is None
    refusal = stop_notice("refusal", {"category": "general_harms", "explanation": None})
    assert "declined" in refusal.text
    assert "general harms" in refusal.text
    assert refusal.actions == ("retry_other_model",)
    assert "left out of the conversation" in refusal.text
    assert stop_notice("max_tokens", None).actions == ("continue", "raise_limit")
    assert "context window" in stop_notice("model_context_window_exceeded", None).text


def test_error_banners_offer_the_right_action():
    auth = E.api_error(401, b'{"type":"error","error":{"type":"authentication_error","message":"bad key"}}')
    assert error_notice(auth).actions == ("settings",)
    assert "Check the key for this endpoint" in error_notice(auth).text
    assert error_notice(E.ConfigError("No API key")).actions == ("settings",)
    assert error_notice(E.NetworkError("Could not reach x")).actions == ("retry",)
    cap = E.api_error(
        429,
        b'{"error":{"type":"rate_limit_error","message":"cap",'
        b'"details":{"error_code":"enforced_spend_limit_reached"}}}',
    )
    assert error_notice(cap).actions == ()
    assert "interrupted" in error_notice(E.StreamCut("cut"), stopped_partial=True).text


def test_an_answer_shows_a_brief_footer_until_opened() -> None:
    from parley.core.presentation.notices import footer_brief

    assert footer_brief("Claude Opus 4.7", 0.01234, 4.21) == "Claude Opus 4.7 · $0.0123 · 4.2 s"
    assert footer_brief("Claude Opus 4.7", None, None) == "Claude Opus 4.7"  # an old reply without figures
