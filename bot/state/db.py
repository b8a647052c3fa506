"""SQLite plumbing: connections (WAL, busy timeout), transactions, per-component migrations.

Each feature owns its tables and registers its own ordered list of migrations under a component
name (``register("papers", [...])``); ``schema_versions`` records how far each component's schema
has gone, so features evolve their tables independently. A database written by a newer PaperBot
(a component at a version this code does not know) is refused, never downgraded. Every failure
sqlite3 can raise is turned into a ``StoreError`` whose message is one line a user can act on.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

# A migration is SQL (one or more statements) or a function given the open transaction.
Migration = str | Callable[[sqlite3.Connection], None]

_MIGRATIONS: dict[str, tuple[Migration, ...]] = {}
_registry_lock = threading.Lock()


class StoreError(RuntimeError):
    """The state database cannot be used right now; ``str()`` is one line for the operator (it
    names the file), ``user_message`` one line for a Discord user (it does not)."""

    user_message = "The bot's database can't be used right now; nothing was changed. Tell the bot's operator."

    def __init__(self, message: str, user_message: str | None = None) -> None:
        super().__init__(message)
        if user_message is not None:
            self.user_message = user_message


class StoreLocked(StoreError):
    """Another process kept the database busy for longer than the busy timeout."""

    user_message = "The bot's database is busy right now; nothing was changed. Try again in a moment."


class StoreFull(StoreError):
    """The disk (or the database's size limit) is full; nothing of the failed write was kept."""

    user_message = "The bot's disk is full, so nothing was saved or changed. Tell the bot's operator."


class StoreCorrupt(StoreError):
    """The file is not a PaperBot database, or is damaged."""

    user_message = "The bot's database is damaged, so nothing was saved or changed. Tell the bot's operator."


class StoreTooNew(StoreError):
    """The database was written by a newer PaperBot whose schema this one does not know."""

    user_message = (
        "The bot's database belongs to a newer PaperBot; nothing was changed. Tell the bot's operator."
    )


def register(component: str, migrations: Sequence[Migration]) -> None:
    """Declare ``component``'s schema: migration i takes it from version i to i + 1.

    Append new migrations at the end, never edit shipped ones (databases already ran them).
    """
    with _registry_lock:
        _MIGRATIONS[component] = tuple(migrations)


def registered() -> dict[str, int]:
    """Component -> the schema version this code brings it to."""
    with _registry_lock:
        return {name: len(steps) for name, steps in _MIGRATIONS.items()}


def connect(path: Path, *, busy_timeout: float = 5.0) -> sqlite3.Connection:
    """An open connection in WAL mode (readers never wait for the writer), autocommit off."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # isolation_level=None: transactions are explicit (``transaction``), never implicit.
        conn = sqlite3.connect(path, timeout=busy_timeout, isolation_level=None, check_same_thread=False)
    except (OSError, sqlite3.Error) as exc:
        raise StoreError(f"cannot open the state database {path}: {describe(exc)}") from None
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")  # durable in WAL mode except on power loss
        conn.execute("PRAGMA foreign_keys = ON")
    except sqlite3.Error as exc:
        conn.close()
        raise translate(exc, path) from None
    return conn


@contextmanager
def transaction(conn: sqlite3.Connection, path: Path) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE ... COMMIT: all or nothing; the write lock is taken up front, so two
    writers queue on the busy timeout instead of failing half-way through."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as exc:
        raise translate(exc, path) from None
    try:
        yield conn
        conn.execute("COMMIT")
    except BaseException as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        if isinstance(exc, sqlite3.Error):
            raise translate(exc, path) from None
        raise


def migrate(conn: sqlite3.Connection, path: Path) -> dict[str, int]:
    """Bring every registered component's tables up to date (one transaction); its versions."""
    known = registered()
    with transaction(conn, path):
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_versions (component TEXT PRIMARY KEY, version INTEGER NOT NULL)"
        )
        stored = dict(conn.execute("SELECT component, version FROM schema_versions").fetchall())
        for component, version in sorted(stored.items()):
            if component in known and version > known[component]:
                raise StoreTooNew(
                    f"the state database {path} was written by a newer PaperBot ({component} schema "
                    f"version {version}; this one knows up to {known[component]}): upgrade PaperBot, "
                    "or point storage.path at another file"
                )
        for component, steps in sorted(_steps().items()):
            for version in range(stored.get(component, 0), len(steps)):
                _apply(conn, steps[version])
            conn.execute(
                "INSERT INTO schema_versions (component, version) VALUES (?, ?) "
                "ON CONFLICT(component) DO UPDATE SET version = excluded.version",
                (component, len(steps)),
            )
    return {**stored, **known}


def _steps() -> dict[str, tuple[Migration, ...]]:
    with _registry_lock:
        return dict(_MIGRATIONS)


def _apply(conn: sqlite3.Connection, step: Migration) -> None:
    if callable(step):
        step(conn)
        return
    # executescript would COMMIT the open transaction; run the statements one by one instead.
    for statement in (s.strip() for s in step.split(";")):
        if statement:
            conn.execute(statement)


def translate(exc: sqlite3.Error, path: Path) -> StoreError:
    """sqlite3's error as a StoreError of the right kind, with a message a user can act on."""
    text = describe(exc)
    lowered = text.lower()
    if "locked" in lowered or "busy" in lowered:
        return StoreLocked(f"the state database {path} is locked by another process; try again shortly")
    if "full" in lowered or "disk i/o" in lowered:
        return StoreFull(f"cannot write the state database {path}: the disk is full; nothing was changed")
    if "not a database" in lowered or "malformed" in lowered or "corrupt" in lowered:
        return StoreCorrupt(
            f"the state database {path} is damaged ({text}); move it aside to start a fresh one"
        )
    return StoreError(f"state database {path}: {text}")


def describe(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__
