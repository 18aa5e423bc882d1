"""Parley's UI-free core: catalog, requests, streaming, client, store, CLI.

Never imports Qt, qasync or ``parley.gui`` (an import-linter contract enforces it).
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("parley-chat")
except PackageNotFoundError:  # running from a source tree without an install
    __version__ = "0.0.0+source"
