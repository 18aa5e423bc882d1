"""Settings file, data-dir overrides and endpoint normalisation."""

from __future__ import annotations

import json

import pytest

from parley.core import settings as S
from parley.core.endpoint import Endpoint, normalize_base_url
from parley.core.errors import ConfigError
from parley.core.paths import Paths


def test_data_dir_flag_and_env_put_everything_under_it(tmp_path, monkeypatch):
    monkeypatch.setenv("PARLEY_DATA_DIR", str(tmp_path / "env"))
    p = Paths.resolve()
    assert p.config_dir == p.data_dir == tmp_path / "env"
    assert p.log_dir == tmp_path / "env" / "logs"
    assert Paths.resolve(tmp_path / "flag").data_dir == tmp_path / "flag"  # the flag wins


def test_round_trip_and_per_endpoint_config(tmp_path):
    s = S.Settings()
    s.set_endpoint(Endpoint("https://aihubmix.com/v1/", "2026-10-21", "bearer"))
    s.default_model = "claude-opus-4-7"
    S.save(s, tmp_path / "settings.json")
    loaded = S.load(tmp_path / "settings.json")
    assert loaded.endpoint() == Endpoint("https://aihubmix.com", "2026-10-21", "bearer")
    assert loaded.default_model == "claude-opus-4-7"
    assert "key" not in (tmp_path / "settings.json").read_text().lower().replace("x-api-key", "")


def test_env_base_url_overrides_without_saving(tmp_path, monkeypatch):
    monkeypatch.setenv("ANTHROPIC_BASE_URL", "http://127.0.0.1:5000/")
    assert S.Settings().endpoint().base_url == "http://127.0.0.1:5000"


@pytest.mark.parametrize(
    "content", ["{not json", "[1, 2]", json.dumps({"version": 99}), json.dumps({"active_endpoint": "ftp://x"})]
)
def test_corrupt_settings_are_kept_aside_and_defaults_used(tmp_path, content):
    path = tmp_path / "settings.json"
    path.write_text(content)
    s = S.load(path)
    assert s.default_model == S.DEFAULT_MODEL
    assert s.notices
    assert (tmp_path / "settings.json.corrupt").read_text() == content


def test_base_url_normalisation():
    assert normalize_base_url(" https://api.anthropic.com/v1/ ") == "https://api.anthropic.com"
    with pytest.raises(ConfigError):
        normalize_base_url("api.anthropic.com")
    assert Endpoint("https://aihubmix.com").preset == "aihubmix"
    assert Endpoint("http://localhost:1").label == "localhost:1"
