"""EmbedSpec (plain data from the answer layer) -> discord.Embed, made safe and within limits."""

from __future__ import annotations

import discord

from bot.answer.budget import safe_embed
from bot.answer.types import EmbedSpec


def to_discord(spec: EmbedSpec) -> discord.Embed:
    """The embed as sent: mentions neutralised and every Discord limit held (``budget.safe_embed``)."""
    spec = safe_embed(spec)
    embed = discord.Embed(
        title=spec.title or None, description=spec.description or None, url=spec.url, colour=spec.color
    )
    if spec.footer:
        embed.set_footer(text=spec.footer)
    if spec.extra.get("author"):
        embed.set_author(name=spec.extra["author"], url=spec.extra.get("author_url"))
    for field in spec.fields:
        embed.add_field(name=field.name, value=field.value, inline=field.inline)
    return embed
