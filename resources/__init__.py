"""Data shipped with Parley: the model catalog, icons, themes, translations.

Kept as package data so a frozen build and an editable install find it the same way.
"""

from importlib import resources as _resources
from pathlib import Path


def path(name: str) -> Path:
    """Filesystem path of a shipped resource file."""
    return Path(str(_resources.files(__name__).joinpath(name)))
