"""Settings of the Discord edge (section `discord:` in config/paperbot.yaml). No secrets here."""

from __future__ import annotations

from dataclasses import dataclass

from bot.settings import path_field


@dataclass(frozen=True)
class DiscordSettings:
    # Sync slash commands to this guild only (instant); 0 means no test guild.
    test_guild_id: int = 0
    # A file holding the bot token, outside the repo; DISCORD_TOKEN wins when set.
    token_file: str | None = path_field(None)
