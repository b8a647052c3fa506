"""Answering an interaction: run the engine off the event loop, defer only when it is slow."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import discord

T = TypeVar("T")
log = logging.getLogger(__name__)

# Seconds before each further try of a message Discord refused with a server error.
SERVER_RETRY_DELAYS = (1.0, 3.0)


@dataclass(frozen=True)
class Reply:
    """One message to send: what the presenters build and the cogs deliver."""

    content: str | None = None
    embed: discord.Embed | None = None
    view: discord.ui.View | None = None

    def kwargs(self, *, replacing: bool = False) -> dict:
        """Arguments for send/edit. When ``replacing`` a message, a missing view removes the old
        buttons; when sending, discord.py wants no ``view`` argument at all rather than None."""
        extra = {"view": self.view} if self.view is not None or replacing else {}
        return {"content": self.content, "embed": self.embed, **extra}


async def respond(
    interaction: discord.Interaction,
    work: Awaitable[T],
    present: Callable[[T], Reply],
    *,
    ephemeral: bool = False,
    edit: bool = False,
    defer_after: float = 1.0,
) -> None:
    """Send ``present(await work)``; if ``work`` takes longer than ``defer_after`` seconds, defer first.

    Replying straight away saves a round trip for the usual fast answer, while deferring keeps
    slow ones (a cold cache, a busy machine) inside Discord's 3-second first-response deadline.
    With ``edit`` the message holding the clicked button is updated instead (paging).
    """
    task = asyncio.ensure_future(work)
    if defer_after > 0:
        await asyncio.wait({task}, timeout=defer_after)  # never cancels the work
    if not task.done():
        if edit:
            await interaction.response.defer()
        else:
            await interaction.response.defer(thinking=True, ephemeral=ephemeral)
    result = await task
    await deliver(interaction, present(result), ephemeral=ephemeral, edit=edit)


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


def _drop_none(kwargs: dict) -> dict:
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
