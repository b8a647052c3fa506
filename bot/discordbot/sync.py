"""Slash-command sync that only talks to Discord when the command schema changed.

Discord rate-limits command uploads hard, and a bot restarted in a loop during development would
hit that limit; so the hash of the last uploaded schema is kept per scope in a small state file.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

import discord
from discord import app_commands

from bot.discordbot.settings import DiscordSettings

log = logging.getLogger(__name__)

STATE_FILE = "discord-sync.json"


def command_schema(tree: app_commands.CommandTree, guild: discord.abc.Snowflake | None = None) -> list[dict]:
    """The exact payload ``tree.sync(guild=...)`` uploads, in a stable order."""
    payload = [command.to_dict(tree) for command in tree.get_commands(guild=guild)]
    return sorted(payload, key=lambda command: (command.get("type", 1), command["name"]))


def schema_hash(schema: list[dict]) -> str:
    canonical = json.dumps(schema, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def state_dir(settings: DiscordSettings) -> Path:
    if settings.state_dir:
        return Path(settings.state_dir)
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "paperbot"


@dataclass
class SyncState:
    """Last synced schema hash per scope ("<application id>:guild:<id>" or "<application id>:global")."""

    path: Path

    def read(self) -> dict[str, str]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            # A damaged state file only costs one extra sync; say so and carry on.
            log.warning("ignoring unreadable sync state %s (%s)", self.path, exc)
            return {}
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}

    def get(self, scope: str) -> str | None:
        return self.read().get(scope)

    def put(self, scope: str, digest: str) -> None:
        data = self.read()
        data[scope] = digest
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_suffix(".tmp")
        partial.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        partial.replace(self.path)  # atomic: a crash never leaves half a file


def scope_key(application_id: int | None, guild_id: int | None) -> str:
    where = f"guild:{guild_id}" if guild_id else "global"
    return f"{application_id}:{where}"


async def sync_commands(
    tree: app_commands.CommandTree, state: SyncState, *, guild_id: int | None, force: bool = False
) -> bool:
    """Upload the schema for one scope if it changed (or when forced); True when uploaded."""
    guild = discord.Object(id=guild_id) if guild_id else None
    if guild is not None:
        tree.copy_global_to(guild=guild)
    digest = schema_hash(command_schema(tree, guild))
    scope = scope_key(tree.client.application_id, guild_id)
    if not force and state.get(scope) == digest:
        log.info("slash commands unchanged for %s; not syncing", scope)
        return False
    synced = await tree.sync(guild=guild)
    state.put(scope, digest)
    log.info("synced %d slash commands to %s", len(synced), scope)
    return True


def global_schema_pending(tree: app_commands.CommandTree, state: SyncState) -> bool:
    """True when the global commands differ from what was last synced globally."""
    scope = scope_key(tree.client.application_id, None)
    return state.get(scope) != schema_hash(command_schema(tree))
