"""Quiet PySide6's scan of every imported module's source (the launcher calls this before the GUI).

Once PySide6 is imported, its ``__feature__`` import hook decides for each newly imported module
whether it "uses PySide" by reading the module's whole source with ``inspect.getsource``. That reads
~220 files before the window appears and leaves ~3 MB of source text in ``linecache`` for the life
of the process (~7 MB of resident memory; tests/perf/history_bench.py P5). Parley selects no
``__feature__`` (snake_case, true_property), so every module can be given the answer the scan gives
any module that names PySide6: select id 0, "no features", which is also the hook's default.
"""

from __future__ import annotations

import sys
from types import ModuleType


def _no_source_scan(module: ModuleType) -> bool:
    return True


def quiet_feature_scan() -> bool:
    """Replace the per-module source scan; False when this PySide6 has no such hook (nothing to do)."""
    import PySide6.QtCore  # noqa: F401  (installs the hook)

    feature = sys.modules.get("shibokensupport.feature")
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False
    setattr(feature, "_mod_uses_pyside", _no_source_scan)  # noqa: B010  (a private name of PySide's)
    return True
