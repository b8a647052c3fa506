"""Delivering answers: work deferred past the 15-minute interaction token goes to the channel."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import discord

from bot.discordbot import replies
from bot.discordbot.replies import Reply
from tests.clock import Clock


class Channel(discord.abc.Messageable):
    def __init__(self, send) -> None:
        self._send = send

    async def _get_channel(self):  # required by Messageable, unused here
        return self

    async def send(self, **kwargs: object) -> None:  # type: ignore[override]
        await self._send(**kwargs)


class Recorder:
    """Stands in for the parts of an interaction and its channel that delivery uses."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict]] = []
        self._done = False
        self.response = SimpleNamespace(
            is_done=lambda: self._done, defer=self._defer, send_message=self._record("response")
        )
        self.followup = SimpleNamespace(send=self._record("followup"))
        self.channel = Channel(self._record("channel"))
        self.channel_id = 10
        self.id = 1

    async def _defer(self, **kwargs: object) -> None:
        self._done = True
        self.calls.append(("defer", kwargs))

    def _record(self, where: str):
        async def record(**kwargs: object) -> None:
            self.calls.append((where, kwargs))

        return record

    async def edit_original_response(self, **kwargs: object) -> None:
        self.calls.append(("edit", kwargs))


async def deliver_after(seconds: float, *, ephemeral: bool) -> Recorder:
    """Answer an interaction whose work finishes once the clock has moved ``seconds`` on."""
    interaction, clock = Recorder(), Clock()
    work: asyncio.Future[str] = asyncio.get_running_loop().create_future()
    responding = asyncio.create_task(
        replies.respond(
            interaction,
            work,
            lambda text: Reply(content=text),
            ephemeral=ephemeral,
            defer_after=0.01,
            clock=clock,
        )
    )
    await asyncio.wait_for(_until(lambda: interaction.calls), 10)  # deferred: the work is slow
    clock.now += seconds
    work.set_result("the answer")
    await asyncio.wait_for(responding, 10)
    return interaction


async def _until(predicate) -> None:
    while not predicate():
        await asyncio.sleep(0.01)


async def test_an_answer_within_the_token_lifetime_is_a_followup() -> None:
    interaction = await deliver_after(60, ephemeral=False)
    assert [where for where, _ in interaction.calls] == ["defer", "followup"]


async def test_an_answer_after_the_token_expired_goes_to_the_channel_noted_as_late() -> None:
    interaction = await deliver_after(16 * 60, ephemeral=False)
    assert [where for where, _ in interaction.calls] == ["defer", "channel"]
    sent = interaction.calls[-1][1]
    assert sent["content"].startswith(replies.LATE)


async def test_a_private_answer_after_the_token_expired_is_not_posted_publicly() -> None:
    interaction = await deliver_after(16 * 60, ephemeral=True)
    assert [where for where, _ in interaction.calls] == ["defer"]
