"""About the bot and its corpus: /stats and /help."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.discordbot import present
from bot.discordbot.runner import call
from bot.engine import Engine

if TYPE_CHECKING:
    from bot.discordbot.client import PaperBot


class Meta(commands.Cog):
    def __init__(self, bot: PaperBot) -> None:
        self.bot = bot

    @app_commands.command(name="stats", description="Corpus size, years covered, categories and index age.")
    async def stats(self, interaction: discord.Interaction) -> None:
        await self.bot.respond(interaction, call(Engine.stats), present.stats)

    @app_commands.command(name="help", description="What I can do and how to ask.")
    async def help(self, interaction: discord.Interaction) -> None:
        reply = present.help_reply(self.bot.renderer, self.bot.command_summary())
        await interaction.response.send_message(**reply.kwargs(), ephemeral=True)


async def setup(bot: PaperBot) -> None:
    await bot.add_cog(Meta(bot))
