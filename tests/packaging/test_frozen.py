"""The frozen app (PyInstaller one-folder), as installed from the .deb or the tarball.

Runs only when ``PARLEY_FROZEN`` names the frozen ``parley`` executable: packaging/linux/smoke.sh
builds the artifacts, installs them into scratch roots and points this at the installed copy.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from parley.core import __version__
from tests.fakeapi import DEFAULT_KEY

FROZEN = os.environ.get("PARLEY_FROZEN", "")
pytestmark = pytest.mark.skipif(not FROZEN, reason="PARLEY_FROZEN not set (packaging/linux/smoke.sh sets it)")
APP = Path(FROZEN).resolve().parent
INTERNAL = APP / "_internal"


def _run(*args: str, env: dict[str, str] | None = None, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("ANTHROPIC_", "PARLEY_", "PYTHON"))}
    return subprocess.run(
        [FROZEN, *args], env={**clean, **(env or {})}, capture_output=True, text=True, timeout=timeout, check=False
    )


def test_version():
    result = _run("--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"parley {__version__}"


def test_the_bundle_ships_parleys_resources_and_only_what_it_needs():
    resources = INTERNAL / "parley" / "resources"
    assert (resources / "models.json").is_file()
    assert (resources / "icons" / "parley.svg").is_file()
    assert (resources / "icons" / "lucide" / "LICENSE").is_file()  # the window's icons, with their licence
    assert len(list((resources / "icons" / "lucide").glob("*.svg"))) >= 40
    assert (resources / "icons" / "ui" / "check.svg").is_file()  # the style sheet's check mark and arrows
    assert (resources / "i18n" / "parley_zh_CN.qm").stat().st_size > 10_000  # compiled at build time
    assert (INTERNAL / "ziamath" / "fonts" / "STIXTwoMath-Regular.ttf").is_file()  # formulas in answers
    assert (INTERNAL / "latex2mathml" / "unimathsymbols.txt").is_file()
    qt = INTERNAL / "PySide6" / "Qt"
    assert sorted(p.name for p in (qt / "translations").iterdir()) == ["qtbase_zh_CN.qm"]
    for plugin in (
        "platforms/libqxcb.so",
        "platforms/libqwayland.so",
        "iconengines/libqsvgicon.so",
        "imageformats/libqsvg.so",
    ):
        assert (qt / "plugins" / plugin).is_file(), plugin
    bundled = {p.name.split(".so")[0] for p in INTERNAL.glob("*.so*")}
    assert not bundled & {"libglib-2.0", "libgtk-3", "libstdc++", "libfontconfig", "libdbus-1"}  # the desktop's
    assert {"libxcb-cursor", "libxkbcommon-x11", "libsqlite3", "libssl"} <= bundled


def test_every_bundled_library_finds_what_it_links_against():
    missing = set()
    for lib in [*INTERNAL.rglob("*.so"), *INTERNAL.rglob("*.so.*")]:
        out = subprocess.run(["ldd", str(lib)], capture_output=True, text=True, check=False).stdout
        missing |= {line.split()[0] for line in out.splitlines() if "not found" in line}
    assert not missing


def test_the_shipped_translation_loads(qapp):
    from PySide6.QtCore import QTranslator

    translator = QTranslator()
    assert translator.load(str(INTERNAL / "parley" / "resources" / "i18n" / "parley_zh_CN.qm"))
    assert translator.translate("", "New chat from preset") == "从预设新建对话"


def test_cli_ask_streams_an_answer_from_the_api(fake_api, tmp_path):
    env = {"ANTHROPIC_BASE_URL": fake_api.url, "ANTHROPIC_API_KEY": DEFAULT_KEY, "PARLEY_DATA_DIR": str(tmp_path)}
    result = _run("ask", "hello from the frozen build", env=env)
    assert result.returncode == 0, result.stderr
    assert "You said: hello from the frozen build" in result.stdout
    chats = _run("chats", env=env)
    assert "hello from the frozen build" in chats.stdout  # written to the SQLite history (FTS5 included):
    assert "hello" in _run("search", "frozen", env=env).stdout


@pytest.mark.keyring
def test_the_key_is_read_from_the_system_keyring(fake_api, tmp_path):
    """The frozen keyring (SecretStorage, jeepney, cryptography) reads what the source install stored."""
    from parley.core.context import Context
    from parley.core.secrets import KeyringStore

    env = {"ANTHROPIC_BASE_URL": fake_api.url, "PARLEY_DATA_DIR": str(tmp_path)}
    os.environ.update(env)
    try:
        endpoint = Context.create(str(tmp_path)).endpoint
        KeyringStore().set(endpoint, DEFAULT_KEY)
        result = _run("ask", "keyring check", env=env)
        KeyringStore().delete(endpoint)
    finally:
        for name in env:
            os.environ.pop(name, None)
    assert result.returncode == 0, result.stderr
    assert "You said: keyring check" in result.stdout


@pytest.mark.parametrize("language", ["C.UTF-8", "zh_CN.UTF-8"])
def test_the_window_opens_and_paints_in_each_language(tmp_path, language):
    env = {
        "QT_QPA_PLATFORM": "offscreen",
        "PARLEY_DATA_DIR": str(tmp_path),
        "PARLEY_QUIT_AFTER_FIRST_PAINT": "1",
        "ANTHROPIC_API_KEY": "sk-unused",
        "LANG": language,
        "LC_ALL": language,
    }
    result = _run(env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("first-paint ")
    assert "could not compile" not in result.stderr  # the shipped .qm was used (no lrelease in the bundle)
    assert "Traceback" not in result.stderr
