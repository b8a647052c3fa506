"""One place that turns failures into a log line with context and a polite, traceback-free reply."""

from __future__ import annotations

import logging

import discord
from discord import app_commands

from bot.answer.budget import MESSAGE_LIMIT, safe_text
from bot.discordbot.cooldowns import RateLimited

log = logging.getLogger(__name__)

SORRY = "Sorry, something went wrong on my side while answering. It has been logged; please try again."


def user_message(error: BaseException) -> str:
    """What the user reads for an error (never internals)."""
    if isinstance(error, app_commands.CommandInvokeError):
        error = error.original
    if isinstance(error, RateLimited):
        return error.limited.message
    if isinstance(error, app_commands.NoPrivateMessage):
        return "That command only works in a server, not in DMs."
    if isinstance(error, app_commands.MissingPermissions):
        return "You need the Manage Server permission to use that command."
    if isinstance(error, app_commands.TransformerError):
        return f"I couldn't understand {error.value!r} for that option."
    if isinstance(error, app_commands.CommandNotFound):
        return "I don't know that command any more; it may have changed since Discord last showed it."
    if isinstance(error, app_commands.CheckFailure):
        return "You can't use that command here."
    return SORRY


def is_expected(error: BaseException) -> bool:
    """Errors caused by the user's situation (not bugs): logged briefly, without a traceback."""
    return isinstance(
        error, (app_commands.CheckFailure, app_commands.TransformerError, app_commands.CommandNotFound)
    )


def describe(interaction: discord.Interaction) -> str:
    """Context for the log: who, where, which command or button (never the token)."""
    command = interaction.command.qualified_name if interaction.command else None
    what = (
        f"/{command}"
        if command
        else f"component {interaction.data.get('custom_id') if interaction.data else '?'}"
    )
    where = f"guild={interaction.guild_id} channel={interaction.channel_id}"
    return f"{what} by user={interaction.user.id} {where} interaction={interaction.id}"


UNKNOWN_INTERACTION = 10062  # Discord's code for an interaction whose 3-second window has passed


def expired(error: BaseException) -> bool:
    original = error.original if isinstance(error, app_commands.CommandInvokeError) else error
    return isinstance(original, discord.NotFound) and original.code == UNKNOWN_INTERACTION


async def report(interaction: discord.Interaction, error: BaseException) -> None:
    """Log ``error`` with the interaction's context and tell the user, whatever state the reply is in."""
    if expired(error):
        # Nobody to tell any more: the first response came too late (an overloaded bot).
        log.warning("interaction expired before its first response: %s", describe(interaction))
        return
    if is_expected(error):
        log.info("refused %s: %s", describe(interaction), error)
    else:
        log.error("error in %s", describe(interaction), exc_info=error)
    await reply_quietly(interaction, user_message(error))


async def reply_quietly(interaction: discord.Interaction, text: str) -> None:
    """Ephemeral reply or followup; a failure here (e.g. an expired interaction) is logged, not raised."""
    text = safe_text(text, MESSAGE_LIMIT)
    try:
        if not interaction.response.is_done():
            await interaction.response.send_message(text, ephemeral=True)
            return
        try:
            await interaction.followup.send(text, ephemeral=True)
        except discord.HTTPException:
            if interaction.response.type is not discord.InteractionResponseType.deferred_channel_message:
                raise
            # The followup route keeps failing, but the "thinking..." placeholder of the deferral is
            # another route: replacing it is the last way left to tell the user.
            await interaction.edit_original_response(content=text)
    except discord.HTTPException as exc:
        log.warning("could not send the error reply for %s: %s", describe(interaction), exc)


class ReportingTree(app_commands.CommandTree[discord.Client]):
    """The bot's command tree (its ``tree_cls``): every slash and context-menu command failure
    lands in ``report``."""

    async def on_error(
        self, interaction: discord.Interaction[discord.Client], error: app_commands.AppCommandError, /
    ) -> None:
        await report(interaction, error)
