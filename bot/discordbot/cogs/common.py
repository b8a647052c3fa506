"""Small helpers the cogs share."""

from __future__ import annotations

from discord import app_commands

from bot.models import Paper

CHOICE_MAX = 100  # Discord's limit for an autocomplete choice's name and value
CHOICES_MAX = 25


def conversation_id(channel_id: int | None, user_id: int) -> str:
    """Follow-up questions are understood per person and per channel."""
    return f"discord:{channel_id or 0}:{user_id}"


def cap_length(command: app_commands.Command, parameter: str, limit: int) -> None:
    """Apply the configured length cap to a string option (Range[...] only takes constants).

    Commands are copied per cog instance, so this changes only this bot's schema.
    """
    command._params[parameter].max_value = limit  # no public setter exists in discord.py 2.x


def paper_choices(papers: list[Paper]) -> list[app_commands.Choice[str]]:
    """Autocomplete entries: the title shown, the paper id submitted."""
    choices = []
    for paper in papers[:CHOICES_MAX]:
        if len(paper.id) > CHOICE_MAX:
            continue
        label = paper.title if len(paper.title) <= CHOICE_MAX else paper.title[: CHOICE_MAX - 1] + "…"
        choices.append(app_commands.Choice(name=label, value=paper.id))
    return choices


def text_choices(values: list[str]) -> list[app_commands.Choice[str]]:
    return [app_commands.Choice(name=v, value=v) for v in values[:CHOICES_MAX] if 0 < len(v) <= CHOICE_MAX]


def shorten(text: str, limit: int) -> str:
    """Cut at a word boundary (for questions taken from long messages)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut or text[:limit]
