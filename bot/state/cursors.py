"""Sync cursors: for each followed arXiv search, the newest submission date already ingested."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from bot.state.db import register

COMPONENT = "cursors"

register(
    COMPONENT,
    [
        """
        CREATE TABLE sync_cursors (
            spec TEXT PRIMARY KEY,
            cursor TEXT,
            last_run TEXT NOT NULL,
            papers INTEGER NOT NULL DEFAULT 0
        )
        """,
    ],
)


@dataclass(frozen=True, slots=True)
class Cursor:
    spec: str
    cursor: datetime | None  # newest submission already ingested; None = never synced
    last_run: str | None = None
    papers: int = 0  # papers ingested by this spec so far


def get(conn: sqlite3.Connection, spec: str) -> Cursor:
    row = conn.execute("SELECT cursor, last_run, papers FROM sync_cursors WHERE spec = ?", (spec,)).fetchone()
    if row is None:
        return Cursor(spec, None)
    when = datetime.fromisoformat(row[0]) if row[0] else None
    return Cursor(spec, when, row[1], int(row[2]))


def advance(conn: sqlite3.Connection, spec: str, cursor: datetime | None, papers: int, now: str) -> None:
    """Record a finished sync; a cursor never moves backwards."""
    previous = get(conn, spec).cursor
    if previous is not None and (cursor is None or cursor < previous):
        cursor = previous
    conn.execute(
        "INSERT INTO sync_cursors (spec, cursor, last_run, papers) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(spec) DO UPDATE SET cursor = excluded.cursor, last_run = excluded.last_run, "
        "papers = sync_cursors.papers + excluded.papers",
        (spec, cursor.isoformat() if cursor else None, now, papers),
    )
