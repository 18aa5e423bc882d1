"""End to end: the real app in a real X server (Xvfb), driven by xdotool, against the fake API.

Types a prompt, waits for the answer in the history database, saves a screenshot in
``$PARLEY_SHOTS`` (default ``shots/``, kept out of git) for a person to look at, and quits with Ctrl+Q.
``$PARLEY_EXECUTABLE`` runs another build instead of this environment's ``parley`` (packaging/linux/smoke.sh
points it at the frozen app).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.fakeapi import DEFAULT_KEY, Reply, message_events

ROOT = Path(__file__).resolve().parents[2]
PARLEY = os.environ.get("PARLEY_EXECUTABLE") or str(Path(sys.executable).parent / "parley")
TOOLS = ("Xvfb", "xdotool", "import")
ANSWER = """## Reading a CSV in Python

Use the standard library's `csv` module:

```python
import csv

with open("data.csv", newline="") as f:
    for row in csv.DictReader(f):
        print(row["name"], row["score"])
```

| approach | speed | needs |
|---|---|---|
| `csv` | fine | nothing |
| pandas | fast | `pip install pandas` |

> Tip: pass `newline=""` so quoted line breaks survive.

1. Open the file
2. Wrap it in a reader
3. Iterate
"""


def _missing_tools() -> list[str]:
    return [t for t in TOOLS if shutil.which(t) is None]


@pytest.fixture
def xserver(tmp_path):
    missing = _missing_tools()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"end-to-end tools missing in CI: {missing}")
        pytest.skip(f"needs {missing}")
    display = f":{90 + os.getpid() % 100}"
    proc = subprocess.Popen(
        ["Xvfb", display, "-screen", "0", "1280x860x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    # Ready once it takes a connection, not once its socket exists: a socket left from an earlier
    # server let the app start before this one listened ("could not connect to display", in CI).
    deadline = time.monotonic() + 10
    while not _takes_connections(display):
        if time.monotonic() > deadline or proc.poll() is not None:
            proc.kill()
            pytest.fail("Xvfb did not start")
        time.sleep(0.05)
    yield display
    proc.terminate()
    proc.wait(10)


def _takes_connections(display: str) -> bool:
    if not Path(f"/tmp/.X11-unix/X{display[1:]}").exists():
        return False
    probe = subprocess.run(
        ["xdotool", "getdisplaygeometry"],
        env={**os.environ, "DISPLAY": display},
        capture_output=True,
        timeout=10,
        check=False,
    )
    return probe.returncode == 0


def _xdo(display: str, *args: str) -> str:
    return subprocess.run(
        ["xdotool", *args],
        env={**os.environ, "DISPLAY": display},
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    ).stdout.strip()


def _wait_for_window(display: str, timeout: float = 30.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = _xdo(display, "search", "--onlyvisible", "--name", "^Parley$")
        if found:
            return found.splitlines()[0]
        time.sleep(0.2)
    raise AssertionError("the Parley window did not appear")


def _reply_saved(db: Path) -> bool:
    if not db.exists():
        return False
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            row = conn.execute("SELECT status FROM messages WHERE role='assistant' ORDER BY id DESC LIMIT 1").fetchone()
    except sqlite3.Error:
        return False
    return bool(row) and row[0] == "complete"


@pytest.mark.parametrize(
    ("language", "shot_name"), [("C.UTF-8", "e2e-main-window"), ("zh_CN.UTF-8", "e2e-main-window-zh")]
)
def test_type_a_prompt_get_an_answer_and_screenshot(xserver, fake_api, tmp_path, language, shot_name):
    """In English, and in Chinese as the system language (the prompt typed is the same)."""
    fake_api.script(
        Reply(
            events=message_events(
                "claude-sonnet-4-6",
                [
                    {
                        "type": "thinking",
                        "thinking": "The user wants a short, practical CSV recipe with a comparison table.",
                    },
                    {"type": "text", "text": ANSWER},
                ],
                piece=8,
            ),
            delay=0.004,
        )
    )
    data = tmp_path / "data"
    env = {
        **os.environ,
        "DISPLAY": xserver,
        "QT_QPA_PLATFORM": "xcb",
        "ANTHROPIC_BASE_URL": fake_api.url,
        "ANTHROPIC_API_KEY": DEFAULT_KEY,
        "PARLEY_DATA_DIR": str(data),
        "LANG": language,
        "LC_ALL": language,
    }
    log = (tmp_path / "app.log").open("w")
    app = subprocess.Popen([PARLEY], env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        window = _wait_for_window(xserver)
        _xdo(xserver, "windowsize", window, "1240", "820")
        _xdo(xserver, "windowfocus", "--sync", window)  # no window manager: focus it directly
        time.sleep(0.5)
        _xdo(xserver, "type", "--delay", "15", "How do I read a CSV file in Python?")
        _xdo(xserver, "key", "Return")
        deadline = time.monotonic() + 30
        while not _reply_saved(data / "history.sqlite3"):
            assert app.poll() is None, (tmp_path / "app.log").read_text()
            assert time.monotonic() < deadline, "no answer within 30 s"
            time.sleep(0.2)
        time.sleep(0.8)  # let the last frame paint
        shots = Path(os.environ.get("PARLEY_SHOTS", ROOT / "shots"))
        shots.mkdir(parents=True, exist_ok=True)
        shot = shots / f"{shot_name}.png"
        subprocess.run(["import", "-window", "root", str(shot)], env=env, check=True, timeout=30)
        assert shot.stat().st_size > 10_000
        sent = fake_api.messages_requests()[0].body
        assert sent["messages"][0]["content"][0]["text"] == "How do I read a CSV file in Python?"
        _xdo(xserver, "windowfocus", "--sync", window)  # no window manager: focus it directly
        _xdo(xserver, "key", "ctrl+q")
        app.wait(20)
    finally:
        if app.poll() is None:
            app.kill()
            app.wait(10)
        log.close()
    assert app.returncode == 0, (tmp_path / "app.log").read_text()
