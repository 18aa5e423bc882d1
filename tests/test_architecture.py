"""The import-linter contracts (pyproject.toml, run by .ci/run) cover every module: a new module
must take its place in core's layers, and every part of the window is held to not importing it."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def contracts() -> dict[str, dict[str, object]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return {c["name"]: c for c in config["tool"]["importlinter"]["contracts"]}


def test_every_core_module_has_a_layer() -> None:
    layers = contracts()["core is layered, without cycles"]["layers"]
    assert isinstance(layers, list)
    placed = {name.strip() for line in layers for name in str(line).split("|")}
    modules = {p.stem for p in (ROOT / "core").glob("*.py") if p.stem != "__init__"}
    packages = {p.name for p in (ROOT / "core").iterdir() if (p / "__init__.py").exists()}
    assert placed == modules | packages


def test_every_window_part_is_held_to_not_importing_the_window() -> None:
    sources = contracts()["only the composition root imports the main window"]["source_modules"]
    assert isinstance(sources, list)
    parts = {f"parley.gui.{p.stem}" for p in (ROOT / "gui").glob("*.py")}
    assert set(sources) == parts - {"parley.gui.__init__", "parley.gui.app", "parley.gui.main_window"}
