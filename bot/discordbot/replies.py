"""Answering an interaction: run the engine off the event loop, defer only when it is slow."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import discord

from bot.answer.budget import MESSAGE_LIMIT, safe_text
from bot.answer.types import EmbedSpec
from bot.discordbot.embeds import to_discord

T = TypeVar("T")
log = logging.getLogger(__name__)

# Seconds before each further try of a message Discord refused with a server error.
SERVER_RETRY_DELAYS = (1.0, 3.0)
# An interaction's token works for 15 minutes. Work deferred behind a long reload can outlive it:
# an answer ready later than this (counted from when the bot received the interaction, with a
# margin for the way there) goes to the channel instead of the dead followup route.
TOKEN_LIFETIME = 15 * 60.0
TOKEN_MARGIN = 30.0
LATE = "This answer took longer than Discord keeps a command open (a reload was running), so here it is."


@dataclass(frozen=True)
class Reply:
    """One message to send: what the presenters build and the cogs deliver. Every message the bot
    sends is a Reply, and ``kwargs`` is where its text and embed are made safe and fitted to
    Discord's limits (``budget.safe_text``, ``budget.safe_embed``)."""

    content: str | None = None
    embed: EmbedSpec | None = None
    view: discord.ui.View | None = None

    def kwargs(self, *, replacing: bool = False) -> dict[str, Any]:
        """Arguments for send/edit. When ``replacing`` a message, a missing view removes the old
        buttons; when sending, discord.py wants no ``view`` argument at all rather than None."""
        extra = {"view": self.view} if self.view is not None or replacing else {}
        content = safe_text(self.content, MESSAGE_LIMIT) if self.content else None
        embed = to_discord(self.embed) if self.embed is not None else None
        return {"content": content, "embed": embed, **extra}


async def respond(
    interaction: discord.Interaction,
    work: Awaitable[T],
    present: Callable[[T], Reply],
    *,
    ephemeral: bool = False,
    edit: bool = False,
    defer_after: float = 1.0,
    clock: Callable[[], float] = time.monotonic,
) -> None:
    """Send ``present(await work)``; if ``work`` takes longer than ``defer_after`` seconds, defer first.

    Replying straight away saves a round trip for the usual fast answer, while deferring keeps
    slow ones (a cold cache, a busy machine) inside Discord's 3-second first-response deadline.
    With ``edit`` the message holding the clicked button is updated instead (paging).
    """
    received = clock()
    task = asyncio.ensure_future(work)
    if defer_after > 0:
        await asyncio.wait({task}, timeout=defer_after)  # never cancels the work
    if not task.done():
        if edit:
            await interaction.response.defer()
        else:
            await interaction.response.defer(thinking=True, ephemeral=ephemeral)
    result = await task
    if clock() - received > TOKEN_LIFETIME - TOKEN_MARGIN:
        await deliver_late(interaction, present(result), ephemeral=ephemeral or edit)
        return
    await deliver(interaction, present(result), ephemeral=ephemeral, edit=edit)


async def deliver_late(interaction: discord.Interaction, reply: Reply, *, ephemeral: bool) -> None:
    """The interaction's token has expired: a public answer goes to the channel, noted as late; a
    private one (ephemeral, only for the person who asked) cannot be sent anywhere, and is logged."""
    channel = interaction.channel
    if ephemeral or not isinstance(channel, discord.abc.Messageable):
        log.warning("dropped a private answer ready after its interaction expired (%s)", interaction.id)
        return
    late = Reply(content=LATE, embed=reply.embed, view=reply.view)
    try:
        await retrying_server_errors(lambda: channel.send(**_drop_none(late.kwargs())))
    except discord.HTTPException as exc:
        log.warning("could not post a late answer in channel=%s: %s", interaction.channel_id, exc)


async def deliver(
    interaction: discord.Interaction, reply: Reply, *, ephemeral: bool, edit: bool = False
) -> None:
    done = interaction.response.is_done()
    if edit and done:
        await interaction.edit_original_response(**reply.kwargs(replacing=True))
    elif edit:
        await interaction.response.edit_message(**reply.kwargs(replacing=True))
    elif done:
        await interaction.followup.send(**_drop_none(reply.kwargs()), ephemeral=ephemeral)
    else:
        await interaction.response.send_message(**reply.kwargs(), ephemeral=ephemeral)


def _drop_none(kwargs: dict[str, Any]) -> dict[str, Any]:
    # Webhook.send treats an explicit None differently from "not given" for some arguments.
    return {key: value for key, value in kwargs.items() if value is not None}


async def retrying_server_errors(
    send: Callable[[], Awaitable[T]], delays: Sequence[float] = SERVER_RETRY_DELAYS
) -> T:
    """``await send()``, tried again after each of ``delays`` while Discord answers with a 5xx.

    discord.py retries 500, 502, 504 and 524 itself but raises on 503 (Service Unavailable) and on
    the last of its own tries; a mention has no interaction token to apologise through later, so
    the reply is worth a few more seconds. Only for calls that are safe to repeat.
    """
    for delay in delays:
        try:
            return await send()
        except discord.DiscordServerError as exc:
            log.info("Discord answered %s; trying again in %.0f s", exc.status, delay)
            await asyncio.sleep(delay)
    return await send()
