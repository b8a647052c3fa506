"""The added-papers table: every paper added from arXiv, who added it, where, and whether it left.

Rows are never deleted: a removal sets ``removed`` (so it can be undone and audited), and a newer
version replaces the record in place. ``seq`` is the order of first arrival, which is the order
added papers are appended to the corpus (so an index update is an append). Every write bumps
the revision, which other processes poll to see that the corpus changed.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from enum import Enum

from bot.state.db import register
from bot.state.records import PaperRecord, paper_from_json, paper_to_json

COMPONENT = "papers"

register(
    COMPONENT,
    [
        """
        CREATE TABLE added_papers (
            seq INTEGER PRIMARY KEY,
            arxiv_id TEXT NOT NULL UNIQUE,
            record TEXT NOT NULL,
            version INTEGER,
            withdrawn INTEGER NOT NULL DEFAULT 0,
            added_by TEXT NOT NULL,
            added_where TEXT NOT NULL,
            added_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            removed INTEGER NOT NULL DEFAULT 0,
            removed_by TEXT,
            removed_at TEXT
        );
        CREATE TABLE revisions (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
        INSERT INTO revisions (name, value) VALUES ('papers', 0)
        """,
    ],
)


class Outcome(Enum):
    ADDED = "added"  # new to the store (or back after a removal)
    UPDATED = "updated"  # a newer version, a withdrawal or corrected metadata
    UNCHANGED = "unchanged"  # the store already had exactly this


@dataclass(frozen=True, slots=True)
class StoredPaper:
    record: PaperRecord
    added_by: str
    added_where: str
    added_at: str
    removed: bool

    @property
    def serving(self) -> bool:
        """Part of the corpus: not removed, not withdrawn on arXiv."""
        return not self.removed and not self.record.withdrawn


def upsert(conn: sqlite3.Connection, record: PaperRecord, who: str, where: str, now: str) -> Outcome:
    """Insert or refresh one paper; call inside a transaction."""
    text = paper_to_json(record)
    row = conn.execute(
        "SELECT record, removed FROM added_papers WHERE arxiv_id = ?", (record.arxiv_id,)
    ).fetchone()
    if row is None:
        conn.execute(
            "INSERT INTO added_papers (arxiv_id, record, version, withdrawn, added_by, added_where, "
            "added_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (record.arxiv_id, text, record.version, int(record.withdrawn), who, where, now, now),
        )
        bump(conn)
        return Outcome.ADDED
    stored, removed = row
    if stored == text and not removed:
        return Outcome.UNCHANGED
    if removed:  # added again: it counts as added by whoever brought it back
        conn.execute(
            "UPDATE added_papers SET record = ?, version = ?, withdrawn = ?, removed = 0, removed_by = NULL, "
            "removed_at = NULL, added_by = ?, added_where = ?, added_at = ?, updated_at = ? WHERE arxiv_id = ?",
            (text, record.version, int(record.withdrawn), who, where, now, now, record.arxiv_id),
        )
        bump(conn)
        return Outcome.ADDED
    if not _is_newer(record, paper_from_json(stored)):
        return Outcome.UNCHANGED
    conn.execute(
        "UPDATE added_papers SET record = ?, version = ?, withdrawn = ?, updated_at = ? WHERE arxiv_id = ?",
        (text, record.version, int(record.withdrawn), now, record.arxiv_id),
    )
    bump(conn)
    return Outcome.UPDATED


def _is_newer(fetched: PaperRecord, stored: PaperRecord) -> bool:
    """An older version fetched late (a stale mirror, a slow sync) never replaces a newer one."""
    if fetched.version is None or stored.version is None:
        return True
    return fetched.version >= stored.version


def remove(conn: sqlite3.Connection, arxiv_id: str, who: str, now: str) -> bool:
    """Mark an added paper removed; False when no such paper is being served."""
    changed = conn.execute(
        "UPDATE added_papers SET removed = 1, removed_by = ?, removed_at = ? WHERE arxiv_id = ? AND removed = 0",
        (who, now, arxiv_id),
    ).rowcount
    if changed:
        bump(conn)
    return bool(changed)


def get(conn: sqlite3.Connection, arxiv_id: str) -> StoredPaper | None:
    row = conn.execute(_SELECT + " WHERE arxiv_id = ?", (arxiv_id,)).fetchone()
    return None if row is None else _stored(row)


def every(conn: sqlite3.Connection) -> list[StoredPaper]:
    """All rows, removed ones included, in order of first arrival."""
    return [_stored(row) for row in conn.execute(_SELECT + " ORDER BY seq")]


def revision(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT value FROM revisions WHERE name = 'papers'").fetchone()
    return int(row[0]) if row else 0


def bump(conn: sqlite3.Connection) -> None:
    conn.execute("UPDATE revisions SET value = value + 1 WHERE name = 'papers'")


_SELECT = "SELECT record, added_by, added_where, added_at, removed FROM added_papers"


def _stored(row: tuple) -> StoredPaper:
    record, added_by, added_where, added_at, removed = row
    return StoredPaper(paper_from_json(record), added_by, added_where, added_at, bool(removed))
