"""Small helpers the cogs share."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import discord
from discord import app_commands

from bot.answer.budget import CHOICE_NAME, CHOICE_VALUE, CHOICES, safe_line
from bot.models import Paper

T = TypeVar("T")


def conversation_id(channel_id: int | None, user_id: int) -> str:
    """Follow-up questions are understood per person and per channel."""
    return f"discord:{channel_id or 0}:{user_id}"


def cap_length(command: app_commands.Command[Any, ..., Any], parameter: str, limit: int) -> None:
    """Apply the configured length cap to a string option (Range[...] only takes constants).

    Commands are copied per cog instance, so this changes only this bot's schema.
    """
    command._params[parameter].max_value = limit  # no public setter exists in discord.py 2.x


def value_limit(interaction: discord.Interaction) -> int:
    """The longest value the focused option accepts (its max_length, at most Discord's 100)."""
    data: dict[str, Any] = dict(interaction.data or {})
    options: list[dict[str, Any]] = list(data.get("options", []))
    while options and options[0].get("type") in (1, 2):  # subcommand (group): look inside
        options = list(options[0].get("options", []))
    focused = next((str(option["name"]) for option in options if option.get("focused")), None)
    command = interaction.command
    parameter = (
        command.get_parameter(focused) if isinstance(command, app_commands.Command) and focused else None
    )
    limit = parameter.max_value if parameter is not None else None
    return min(int(limit), CHOICE_VALUE) if isinstance(limit, (int, float)) else CHOICE_VALUE


def choices(
    items: Iterable[T], name: Callable[[T], str], value: Callable[[T], str], value_max: int
) -> list[app_commands.Choice[str]]:
    """Autocomplete entries within Discord's limits: labels shortened (and unable to ping), items
    whose value the option would refuse left out (a shortened value would name something else)."""
    found = []
    for item in items:
        submitted = value(item)
        if 0 < len(submitted) <= value_max:
            label = safe_line(name(item), CHOICE_NAME) or submitted[:CHOICE_NAME]
            found.append(app_commands.Choice(name=label, value=submitted))
        if len(found) == CHOICES:
            break
    return found


def paper_choices(papers: Iterable[Paper], value_max: int = CHOICE_VALUE) -> list[app_commands.Choice[str]]:
    """The title shown, the paper id submitted."""
    return choices(papers, lambda paper: paper.title, lambda paper: paper.id, value_max)


def text_choices(values: Iterable[str], value_max: int = CHOICE_VALUE) -> list[app_commands.Choice[str]]:
    return choices(values, str, str, value_max)
