"""The bot's own state in SQLite: added papers, sync cursors, per-server settings (and, through
``bot.state.db.register``, the tables of any feature that needs more)."""

from bot.state.db import StoreCorrupt, StoreError, StoreFull, StoreLocked, StoreTooNew
from bot.state.guilds import AddPermission, AddPolicy
from bot.state.papers import Outcome, StoredPaper
from bot.state.records import PaperRecord
from bot.state.settings import StorageSettings, database_path
from bot.state.store import Store

__all__ = [
    "AddPermission",
    "AddPolicy",
    "Outcome",
    "PaperRecord",
    "StorageSettings",
    "Store",
    "StoreCorrupt",
    "StoreError",
    "StoreFull",
    "StoreLocked",
    "StoreTooNew",
    "StoredPaper",
    "database_path",
]
