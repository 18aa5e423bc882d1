"""Data shipped with Parley: the model catalog, icons, themes, translations.

Kept as package data so a frozen build and an editable install find it the same way.
"""

from pathlib import Path

_HERE = Path(__file__).resolve().parent


def path(name: str) -> Path:
    """Filesystem path of a shipped resource file (beside this module, in a frozen build too;
    plain paths are enough, and importlib.resources cost a few ms on every start)."""
    return _HERE / name
