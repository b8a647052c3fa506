"""EmbedSpec (plain data from the answer layer) -> discord.Embed, clipped to Discord's limits."""

from __future__ import annotations

import discord

from bot.answer.types import EmbedSpec

# Discord's embed limits (characters). The answer layer already respects them; clipping here
# is the last guard so a surprising spec degrades to "…" instead of a 400 from the API.
TITLE_MAX = 256
DESCRIPTION_MAX = 4096
FIELDS_MAX = 25
FIELD_NAME_MAX = 256
FIELD_VALUE_MAX = 1024
FOOTER_MAX = 2048
AUTHOR_MAX = 256
TOTAL_MAX = 6000


def clip(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + "…" if limit > 0 else ""


def to_discord(spec: EmbedSpec) -> discord.Embed:
    """Title and description first, then footer and author, then as many fields as still fit."""
    title = clip(spec.title, TITLE_MAX)
    description = clip(spec.description, DESCRIPTION_MAX)
    embed = discord.Embed(
        title=title or None, description=description or None, url=spec.url, colour=spec.color
    )
    budget = TOTAL_MAX - len(title) - len(description)
    footer = clip(spec.footer, min(FOOTER_MAX, budget))
    if footer:
        embed.set_footer(text=footer)
        budget -= len(footer)
    author = clip(spec.extra.get("author", ""), min(AUTHOR_MAX, budget))
    if author:
        embed.set_author(name=author, url=spec.extra.get("author_url"))
        budget -= len(author)
    for field in spec.fields[:FIELDS_MAX]:
        name = clip(field.name, FIELD_NAME_MAX) or "\u200b"
        value = clip(field.value, FIELD_VALUE_MAX) or "\u200b"
        budget -= len(name) + len(value)
        if budget < 0:
            break
        embed.add_field(name=name, value=value, inline=field.inline)
    return embed
