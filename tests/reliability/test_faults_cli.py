"""Every fault in the matrix through a real ``parley ask`` process: one clear line that says what
happened and what to do, exit code 3, partial text printed and saved, retries only where safe."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from parley.core.history.store import Store
from tests.fakeapi import DEFAULT_KEY, FakeAPI
from tests.reliability.faults import FAULTS, MODEL, Fault, endpoint_for

PARLEY = str(Path(sys.executable).parent / "parley")


@pytest.mark.parametrize("fault", FAULTS, ids=[f.name for f in FAULTS])
def test_fault_in_the_cli(fault: Fault, fake_api: FakeAPI, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    if fault.read_timeout is not None:
        (data / "settings.json").write_text(json.dumps({"network": {"read_timeout": fault.read_timeout}}))
    fault.stage(fake_api)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ANTHROPIC_", "PARLEY_"))}
    with endpoint_for(fault, fake_api, tmp_path) as url:
        env |= {"ANTHROPIC_BASE_URL": url, "ANTHROPIC_API_KEY": DEFAULT_KEY, "PARLEY_DATA_DIR": str(data)}
        r = subprocess.run(
            [PARLEY, "ask", "--no-thinking", "-m", MODEL, "a question"],
            env=env,
            capture_output=True,
            text=True,
            timeout=90,
            check=False,
        )
    assert r.returncode == 3, r.stderr
    assert "Traceback" not in r.stderr
    errors = [line for line in r.stderr.splitlines() if line.startswith("parley ask:")]
    assert len(errors) == 1, r.stderr
    for words in fault.says:
        assert words.lower() in errors[0].lower(), errors[0]
    assert len(fake_api.messages_requests()) == fault.requests
    with Store(data / "history.sqlite3") as store:
        chats = store.list_chats()
        if fault.kept is None:  # nothing arrived: nothing half-saved (the prompt is still on the command line)
            assert chats == []
            return
        prompt, reply = store.branch(chats[0].id)
        assert prompt.content == [{"type": "text", "text": "a question"}]
        kept = reply.content[0]["text"]
        assert kept.startswith(fault.kept)
        assert r.stdout.strip() == kept.strip()  # shown as it arrived, and saved
        assert reply.status == "error"
