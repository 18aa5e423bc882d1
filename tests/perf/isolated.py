"""Run a benchmark's ``main`` in a process of its own and get its figures back.

The smoke tests run after hundreds of GUI tests in one pytest process. A benchmark that runs event
loops of its own there could meet what those tests left behind (timers, windows awaiting deletion)
and crash inside Qt, as CI saw twice (SIGSEGV in P1-paced's calibration, then in P1-cited); and
CPU figures should not include another test's leftovers anyway.
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

RUN = """
import json, sys
from importlib import import_module
figures = import_module("tests.perf." + sys.argv[1]).main(**json.loads(sys.argv[2]))
print("FIGURES " + json.dumps(figures))
"""


def run_isolated(bench: str, timeout: float = 300, **kwargs: Any) -> dict[str, Any]:
    """``tests.perf.<bench>.main(**kwargs)`` in a fresh interpreter: its returned figures."""
    out = subprocess.run(
        [sys.executable, "-c", RUN, bench, json.dumps(kwargs)],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert out.returncode == 0, f"{bench} failed ({out.returncode}):\n{out.stderr[-3000:]}"
    line = next(line for line in reversed(out.stdout.splitlines()) if line.startswith("FIGURES "))
    figures: dict[str, Any] = json.loads(line.removeprefix("FIGURES "))
    return figures
