"""The state store: one SQLite file, opened once per thread, every write a transaction.

``Store`` is what the rest of PaperBot holds. Features with tables of their own register their
migrations in ``bot.state.db`` (see ``papers.py`` for the pattern), import their module before
opening the store, and use ``store.read()`` / ``store.write()`` for their queries.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from bot.state import cursors, guilds, papers
from bot.state.db import StoreError, connect, migrate, transaction, translate
from bot.state.records import PaperRecord
from bot.state.settings import StorageSettings, database_path

Clock = Callable[[], datetime]


class Store:
    def __init__(self, path: Path, *, busy_timeout: float = 5.0, clock: Clock | None = None) -> None:
        self.path = Path(path)
        self._busy_timeout = busy_timeout
        self._clock = clock or (lambda: datetime.now(UTC))
        self._local = threading.local()
        self._migrated = False
        self._migrate_lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: StorageSettings, clock: Clock | None = None) -> Store:
        return cls(database_path(settings), busy_timeout=settings.busy_timeout_seconds, clock=clock)

    @property
    def exists(self) -> bool:
        """Whether the file is there (reading a store that was never written needs no file)."""
        return self.path.exists()

    def now(self) -> str:
        return self._clock().astimezone(UTC).isoformat(timespec="seconds")

    # -- connections ---------------------------------------------------------------------------

    def connection(self) -> sqlite3.Connection:
        """This thread's connection, migrated; raises StoreError (one line) when unusable."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = connect(self.path, busy_timeout=self._busy_timeout)
            try:
                with self._migrate_lock:
                    if not self._migrated:
                        migrate(conn, self.path)
                        self._migrated = True
                conn.execute("SELECT 1 FROM schema_versions LIMIT 1").fetchall()
            except sqlite3.Error as exc:
                conn.close()
                raise translate(exc, self.path) from None
            except StoreError:
                conn.close()
                raise
            self._local.conn = conn
        return conn

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """A transaction: everything inside is kept, or (on any error) nothing is."""
        with transaction(self.connection(), self.path) as conn:
            yield conn

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        conn = self.connection()
        try:
            yield conn
        except sqlite3.Error as exc:
            raise translate(exc, self.path) from None

    def close(self) -> None:
        """Close this thread's connection (others close when their thread ends)."""
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    # -- added papers --------------------------------------------------------------------------

    def add_papers(self, records: Sequence[PaperRecord], who: str, where: str) -> list[papers.Outcome]:
        """Insert or refresh ``records`` in one transaction: all of them are kept, or none."""
        now = self.now()
        with self.write() as conn:
            return [papers.upsert(conn, record, who, where, now) for record in records]

    def remove_paper(self, arxiv_id: str, who: str) -> bool:
        with self.write() as conn:
            return papers.remove(conn, arxiv_id, who, self.now())

    def paper(self, arxiv_id: str) -> papers.StoredPaper | None:
        with self.read() as conn:
            return papers.get(conn, arxiv_id)

    def papers(self) -> list[papers.StoredPaper]:
        """Every added paper ever (removed and withdrawn ones too), in order of arrival."""
        with self.read() as conn:
            return papers.every(conn)

    def serving(self) -> tuple[int, list[PaperRecord]]:
        """The revision and the papers that belong in the corpus, read in one snapshot."""
        with self.read() as conn:
            conn.execute("BEGIN")  # one read transaction: the revision matches the rows
            try:
                return papers.revision(conn), [s.record for s in papers.every(conn) if s.serving]
            finally:
                conn.execute("COMMIT")

    def revision(self) -> int:
        with self.read() as conn:
            return papers.revision(conn)

    # -- sync cursors --------------------------------------------------------------------------

    def cursor(self, spec: str) -> cursors.Cursor:
        with self.read() as conn:
            return cursors.get(conn, spec)

    def advance_cursor(self, spec: str, cursor: datetime | None, papers_added: int) -> None:
        with self.write() as conn:
            cursors.advance(conn, spec, cursor, papers_added, self.now())

    # -- per-server settings -------------------------------------------------------------------

    def add_permission(self, guild_id: int) -> guilds.AddPermission:
        with self.read() as conn:
            return guilds.add_permission(conn, guild_id)

    def set_add_permission(self, guild_id: int, permission: guilds.AddPermission, who: str) -> None:
        with self.write() as conn:
            guilds.set_add_permission(conn, guild_id, permission, who, self.now())
