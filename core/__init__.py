"""Parley's UI-free core: catalog, requests, streaming, client, store, CLI.

Never imports Qt, qasync or ``parley.gui`` (an import-linter contract enforces it).
"""

__version__ = "0.1.0"  # the one place the version lives; pyproject.toml reads it from here
