"""Per-server settings: who may add papers (everyone, holders of one role, or Manage Server)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from enum import Enum

from bot.state.db import register

COMPONENT = "guilds"

register(
    COMPONENT,
    [
        """
        CREATE TABLE guild_settings (
            guild_id INTEGER PRIMARY KEY,
            add_policy TEXT NOT NULL,
            add_role_id INTEGER,
            updated_by TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """,
    ],
)


class AddPolicy(Enum):
    EVERYONE = "everyone"
    ROLE = "role"
    MANAGE_SERVER = "manage_server"


@dataclass(frozen=True, slots=True)
class AddPermission:
    policy: AddPolicy = AddPolicy.MANAGE_SERVER  # the default: only server managers add papers
    role_id: int | None = None


def add_permission(conn: sqlite3.Connection, guild_id: int) -> AddPermission:
    row = conn.execute(
        "SELECT add_policy, add_role_id FROM guild_settings WHERE guild_id = ?", (guild_id,)
    ).fetchone()
    if row is None:
        return AddPermission()
    try:
        return AddPermission(AddPolicy(row[0]), row[1])
    except ValueError:  # written by a newer PaperBot: the safest reading
        return AddPermission()


def set_add_permission(
    conn: sqlite3.Connection, guild_id: int, permission: AddPermission, who: str, now: str
) -> None:
    if permission.policy is AddPolicy.ROLE and permission.role_id is None:
        raise ValueError("the role policy needs a role")
    conn.execute(
        "INSERT INTO guild_settings (guild_id, add_policy, add_role_id, updated_by, updated_at) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT(guild_id) DO UPDATE SET add_policy = excluded.add_policy, "
        "add_role_id = excluded.add_role_id, updated_by = excluded.updated_by, updated_at = excluded.updated_at",
        (guild_id, permission.policy.value, permission.role_id, who, now),
    )
