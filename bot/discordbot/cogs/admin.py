"""Admin: /reload re-ingests the corpus and swaps the index while answers keep flowing."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.discordbot import errors, present

if TYPE_CHECKING:
    from bot.discordbot.client import PaperBot

log = logging.getLogger(__name__)


def manages_this_server(interaction: discord.Interaction) -> bool:
    """Server-side check: guild_only and default_permissions only shape what Discord shows, and
    server admins can change both, so the invoker's permissions are checked again here."""
    if interaction.guild_id is None:
        raise app_commands.NoPrivateMessage()
    if not interaction.permissions.manage_guild:
        raise app_commands.MissingPermissions(["manage_guild"])
    return True


class Admin(commands.Cog):
    def __init__(self, bot: PaperBot) -> None:
        self.bot = bot
        self._reloading = asyncio.Lock()

    @app_commands.command(name="reload", description="Re-read the corpus and swap in a fresh index (admins).")
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.check(manages_this_server)
    async def reload(self, interaction: discord.Interaction) -> None:
        if self._reloading.locked():
            await errors.reply_quietly(interaction, "A reload is already running.")
            return
        async with self._reloading:
            await interaction.response.defer(thinking=True, ephemeral=True)
            log.info("reload requested by user=%s guild=%s", interaction.user.id, interaction.guild_id)
            report, template_error = await self.bot.reload()
            log.info("reload finished: %s", report)
            reply = present.reload(report, template_error)
            await interaction.followup.send(**reply.kwargs(), ephemeral=True)


async def setup(bot: PaperBot) -> None:
    await bot.add_cog(Admin(bot))
