"""Settings of the state store (section `storage:` in config/paperbot.yaml)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from bot.settings import bounds, path_field

DB_NAME = "paperbot.db"


@dataclass(frozen=True)
class StorageSettings:
    # The SQLite file holding added papers, sync cursors and per-server settings;
    # null = paperbot/paperbot.db in the user's data folder ($XDG_DATA_HOME, else ~/.local/share).
    path: str | None = path_field(None)
    # How long a write waits for another process holding the database before giving up.
    busy_timeout_seconds: float = field(default=5.0, metadata=bounds(0.0, 600.0))
    # How often a running bot checks the store for papers another process added (one query).
    refresh_seconds: float = field(default=5.0, metadata=bounds(0.1, 3600.0))


def database_path(settings: StorageSettings) -> Path:
    if settings.path:
        return Path(settings.path)
    data = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data) / "paperbot" / DB_NAME
