from __future__ import annotations

from pathlib import Path

import discord
from discord import app_commands

from bot.discordbot.settings import DiscordSettings
from bot.discordbot.sync import SyncState, command_schema, schema_hash, scope_key, state_dir, sync_commands


class RecordingTree(app_commands.CommandTree):
    """A real CommandTree whose upload is recorded instead of sent."""

    def __init__(self) -> None:
        client = discord.Client(intents=discord.Intents.none())
        client._connection.application_id = 42
        super().__init__(client)
        self.uploads: list[int | None] = []

    async def sync(self, *, guild: discord.abc.Snowflake | None = None) -> list:
        self.uploads.append(guild.id if guild else None)
        return []


def add_ping(tree: app_commands.CommandTree, description: str = "Ping") -> None:
    @tree.command(name="ping", description=description)
    async def ping(interaction: discord.Interaction) -> None: ...


async def test_sync_uploads_only_when_the_schema_changed(tmp_path: Path) -> None:
    tree = RecordingTree()
    add_ping(tree)
    state = SyncState(tmp_path / "state.json")
    assert await sync_commands(tree, state, guild_id=7) is True
    assert await sync_commands(tree, state, guild_id=7) is False  # a restart: nothing to do
    assert await sync_commands(tree, state, guild_id=7, force=True) is True
    tree.remove_command("ping")
    tree.remove_command("ping", guild=discord.Object(7))
    add_ping(tree, "Ping, reworded")
    assert await sync_commands(tree, state, guild_id=7) is True
    assert tree.uploads == [7, 7, 7]


async def test_guild_and_global_scopes_are_tracked_separately(tmp_path: Path) -> None:
    tree = RecordingTree()
    add_ping(tree)
    state = SyncState(tmp_path / "nested" / "state.json")
    await sync_commands(tree, state, guild_id=7)
    assert await sync_commands(tree, state, guild_id=None) is True
    assert set(state.read()) == {scope_key(42, 7), scope_key(42, None)}


def test_schema_is_the_sync_payload_and_its_hash_is_order_independent() -> None:
    tree = RecordingTree()
    add_ping(tree)
    schema = command_schema(tree)
    assert schema[0]["name"] == "ping" and schema[0]["description"] == "Ping"
    assert schema_hash(schema) == schema_hash(list(reversed(schema)) if len(schema) == 1 else schema)
    assert schema_hash(schema) != schema_hash([{**schema[0], "description": "Pong"}])


def test_a_damaged_state_file_costs_one_sync_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    path.write_text("{not json")
    assert SyncState(path).get("x") is None
    SyncState(path).put("x", "abc")
    assert SyncState(path).get("x") == "abc"


def test_state_lives_outside_the_repo_by_default(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert state_dir(DiscordSettings()) == tmp_path / "paperbot"
    assert state_dir(DiscordSettings(state_dir="/srv/paperbot")) == Path("/srv/paperbot")
