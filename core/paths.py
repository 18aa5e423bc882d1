"""Where Parley keeps its files.

``--data-dir DIR`` or ``PARLEY_DATA_DIR`` puts everything Parley writes (settings, history, logs,
caches) under DIR; otherwise the platform's config/data/log directories are used.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP = "parley"


@dataclass(frozen=True, slots=True)
class Paths:
    config_dir: Path
    data_dir: Path
    log_dir: Path

    @classmethod
    def resolve(cls, data_dir: str | os.PathLike[str] | None = None) -> Paths:
        chosen = data_dir or os.environ.get("PARLEY_DATA_DIR")
        if chosen:
            root = Path(chosen).expanduser().resolve()
            return cls(config_dir=root, data_dir=root, log_dir=root / "logs")
        return cls(
            config_dir=Path(platformdirs.user_config_dir(APP, appauthor=False)),
            data_dir=Path(platformdirs.user_data_dir(APP, appauthor=False)),
            log_dir=Path(platformdirs.user_log_dir(APP, appauthor=False)),
        )

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.json"

    @property
    def keyring_index(self) -> Path:
        """Which endpoints have a key in the keyring (URLs only): core/secrets.py."""
        return self.config_dir / "keyring-index.json"

    @property
    def mcp_servers_file(self) -> Path:
        """The user's MCP servers (names and commands; their secrets are in the keyring): core/mcp."""
        return self.config_dir / "mcp-servers.json"

    @property
    def database(self) -> Path:
        return self.data_dir / "history.sqlite3"

    @property
    def models_cache(self) -> Path:
        return self.data_dir / "models-cache.json"

    def ensure(self) -> None:
        for d in (self.config_dir, self.data_dir, self.log_dir):
            d.mkdir(parents=True, exist_ok=True)
