"""Clicks on the buttons under answers: Abstract, Similar papers, More results.

Each handler is a DynamicItem matching the custom_ids that views.py writes, registered by this cog,
so a click is understood from its id alone, also on messages sent before a restart.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import discord
from discord.ext import commands

from bot.discordbot import errors, present, queries, views
from bot.discordbot.queries import SearchKey
from bot.discordbot.replies import Reply
from bot.discordbot.runner import Call, call
from bot.engine import Engine

if TYPE_CHECKING:
    from bot.discordbot.client import PaperBot

T = TypeVar("T")

EXPIRED = "These results have expired (I was restarted since). Please run the search again."


def _bot(interaction: discord.Interaction) -> PaperBot:
    return interaction.client  # type: ignore[return-value]


class _Clicks:
    """What every button shares: the cooldowns of commands, and a polite reply when work fails
    (discord.py only logs exceptions raised in DynamicItem callbacks)."""

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        limited = _bot(interaction).cooldowns.hit(interaction.user.id, interaction.channel_id)
        if limited is not None:
            await errors.reply_quietly(interaction, limited.message)
            return False
        return True

    async def _respond(
        self,
        interaction: discord.Interaction,
        work: Call[T],
        present: Callable[[T], Reply],
        **options: bool,
    ) -> None:
        try:
            await _bot(interaction).respond(interaction, work, present, ephemeral=True, **options)
        except Exception as exc:
            await errors.report(interaction, exc)


class AbstractButton(_Clicks, discord.ui.DynamicItem[discord.ui.Button], template=views.ABSTRACT_TEMPLATE):
    """Shows the full abstract of one paper, only to the person who clicked."""

    def __init__(self, paper_id: str, label: str = "Abstract") -> None:
        super().__init__(views.abstract_button(paper_id, label))
        self.paper_id = paper_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> AbstractButton:
        return cls(match["paper_id"], getattr(item, "label", None) or "Abstract")

    async def callback(self, interaction: discord.Interaction) -> Any:
        renderer = _bot(interaction).renderer
        await self._respond(
            interaction, call(Engine.get, self.paper_id), lambda paper: present.abstract(renderer, paper)
        )


class SimilarButton(_Clicks, discord.ui.DynamicItem[discord.ui.Button], template=views.SIMILAR_TEMPLATE):
    """Lists papers similar to one paper, only to the person who clicked."""

    def __init__(self, paper_id: str) -> None:
        super().__init__(views.similar_button(paper_id))
        self.paper_id = paper_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> SimilarButton:
        return cls(match["paper_id"])

    async def callback(self, interaction: discord.Interaction) -> Any:
        bot = _bot(interaction)
        work = call(queries.similar, self.paper_id, bot.settings.results_per_page)
        await self._respond(interaction, work, lambda found: present.similar(bot.renderer, found))


class MoreButton(_Clicks, discord.ui.DynamicItem[discord.ui.Button], template=views.MORE_TEMPLATE):
    """Next page of a search; on an ephemeral page it turns the page in place."""

    def __init__(self, custom_id: str, key: SearchKey | None, page: int) -> None:
        super().__init__(views.more_button(custom_id))
        self.key = key
        self.page = page

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> MoreButton:
        return cls(match.string, views.decode_more(match["key"]), int(match["page"]))

    async def callback(self, interaction: discord.Interaction) -> Any:
        if self.key is None:
            await errors.reply_quietly(interaction, EXPIRED)
            return
        bot = _bot(interaction)
        key, page, per_page = self.key, self.page, bot.settings.results_per_page
        in_place = bool(interaction.message and interaction.message.flags.ephemeral)
        await self._respond(
            interaction,
            call(queries.search_page, key, page, per_page),
            lambda hits: present.results(bot.renderer, key, hits, page, per_page),
            edit=in_place,
        )


HANDLERS = (AbstractButton, SimilarButton, MoreButton)


class Buttons(commands.Cog):
    def __init__(self, bot: PaperBot) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(*HANDLERS)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(*HANDLERS)


async def setup(bot: PaperBot) -> None:
    await bot.add_cog(Buttons(bot))
