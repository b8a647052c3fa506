"""Buttons under answers. Every button is a DynamicItem: its custom_id carries the paper id or the
query, so a click is understood from the id alone, also on messages sent before a restart.

Views are sent already stopped, so discord.py keeps nothing per message: answering many questions
costs no memory, and nothing times out. The only state is a small LRU for queries too long to fit
in a custom_id (100 characters); clicks on those after a restart say plainly that they expired.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import discord

from bot.discordbot import errors, queries
from bot.discordbot.queries import SearchKey
from bot.discordbot.replies import Reply
from bot.discordbot.runner import Call, call
from bot.engine import Engine

if TYPE_CHECKING:
    from bot.discordbot.client import PaperBot

T = TypeVar("T")

CUSTOM_ID_MAX = 100
BUTTONS_PER_ROW = 5
EXPIRED = "These results have expired (I was restarted since). Please run the search again."


class _LongKeys:
    """Searches whose encoding is too long for a custom_id, by short token (bounded LRU)."""

    def __init__(self, capacity: int = 10_000) -> None:
        self._capacity = capacity
        self._keys: OrderedDict[str, SearchKey] = OrderedDict()

    def token(self, key: SearchKey) -> str:
        token = hashlib.blake2s(key.encode().encode("utf-8"), digest_size=8).hexdigest()
        self._keys[token] = key
        self._keys.move_to_end(token)
        while len(self._keys) > self._capacity:
            self._keys.popitem(last=False)
        return token

    def get(self, token: str) -> SearchKey | None:
        return self._keys.get(token)

    def __len__(self) -> int:
        return len(self._keys)


LONG_KEYS = _LongKeys()


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


class AbstractButton(
    _Clicks, discord.ui.DynamicItem[discord.ui.Button], template=r"pb:abstract:(?P<paper_id>.+)"
):
    """Shows the full abstract of one paper, only to the person who clicked."""

    def __init__(self, paper_id: str, label: str = "Abstract", row: int | None = None) -> None:
        button: discord.ui.Button[discord.ui.View] = discord.ui.Button(
            label=label, style=discord.ButtonStyle.secondary, custom_id=f"pb:abstract:{paper_id}", row=row
        )
        super().__init__(button)
        self.paper_id = paper_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> AbstractButton:
        label = item.label if isinstance(item, discord.ui.Button) else None
        return cls(match["paper_id"], label or "Abstract")

    async def callback(self, interaction: discord.Interaction) -> Any:
        from bot.discordbot import present  # not at the top: present builds these buttons

        await self._respond(interaction, call(Engine.get, self.paper_id), present.abstract)


class SimilarButton(
    _Clicks, discord.ui.DynamicItem[discord.ui.Button], template=r"pb:similar:(?P<paper_id>.+)"
):
    """Lists papers similar to one paper, only to the person who clicked."""

    def __init__(self, paper_id: str, row: int | None = None) -> None:
        button: discord.ui.Button[discord.ui.View] = discord.ui.Button(
            label="Similar papers",
            style=discord.ButtonStyle.secondary,
            custom_id=f"pb:similar:{paper_id}",
            row=row,
        )
        super().__init__(button)
        self.paper_id = paper_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> SimilarButton:
        return cls(match["paper_id"])

    async def callback(self, interaction: discord.Interaction) -> Any:
        from bot.discordbot import present

        bot = _bot(interaction)
        work = call(queries.similar, self.paper_id, bot.settings.results_per_page)
        await self._respond(interaction, work, present.similar)


class MoreButton(
    _Clicks, discord.ui.DynamicItem[discord.ui.Button], template=r"(?s)pb:more:(?P<page>\d+):(?P<key>.*)"
):
    """Next page of a search; on an ephemeral page it turns the page in place."""

    def __init__(
        self, key: SearchKey | None, page: int, row: int | None = None, *, encoded: str = ""
    ) -> None:
        encoded = encoded or (_encode(key, page) if key is not None else "")
        button: discord.ui.Button[discord.ui.View] = discord.ui.Button(
            label="More results", style=discord.ButtonStyle.primary, custom_id=encoded, row=row
        )
        super().__init__(button)
        self.key = key
        self.page = page

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> MoreButton:
        return cls(_decode(match["key"]), int(match["page"]), encoded=match.string)

    async def callback(self, interaction: discord.Interaction) -> Any:
        from bot.discordbot import present

        if self.key is None:
            await errors.reply_quietly(interaction, EXPIRED)
            return
        bot = _bot(interaction)
        key, page, per_page = self.key, self.page, bot.settings.results_per_page
        in_place = bool(interaction.message and interaction.message.flags.ephemeral)
        await self._respond(
            interaction,
            call(queries.search_page, key, page, per_page),
            lambda hits: present.results(key, hits, page, per_page),
            edit=in_place,
        )


def _decode(raw: str) -> SearchKey | None:
    if raw.startswith("~"):
        return LONG_KEYS.get(raw[1:])
    try:
        return SearchKey.decode(raw)
    except ValueError:  # an id from an older version of the bot: treat like an expired one
        return None


def _encode(key: SearchKey, page: int) -> str:
    prefix = f"pb:more:{page}:"
    encoded = key.encode()
    if len(prefix) + len(encoded) <= CUSTOM_ID_MAX:
        return prefix + encoded
    return f"{prefix}~{LONG_KEYS.token(key)}"


DYNAMIC_ITEMS = (AbstractButton, SimilarButton, MoreButton)


def fits(prefix: str, paper_id: str) -> bool:
    return len(prefix) + len(paper_id) <= CUSTOM_ID_MAX


def buttons_view(
    abstract_ids: list[str], *, similar_id: str | None = None, more: tuple[SearchKey, int] | None = None
) -> discord.ui.View | None:
    """Abstract buttons (numbered like the citations) on the first row, then Similar and More."""
    view = discord.ui.View(timeout=None)
    numbered = len(abstract_ids) > 1
    for number, paper_id in enumerate(abstract_ids[:BUTTONS_PER_ROW], start=1):
        if fits("pb:abstract:", paper_id):
            view.add_item(AbstractButton(paper_id, f"Abstract [{number}]" if numbered else "Abstract", row=0))
    if similar_id and fits("pb:similar:", similar_id):
        view.add_item(SimilarButton(similar_id, row=1))
    if more is not None:
        view.add_item(MoreButton(more[0], more[1], row=1))
    if not view.children:
        return None
    # Clicks are dispatched by the DynamicItem classes registered at start-up, so the view is only
    # a layout: stopped views are not stored by discord.py. Stored ones would hold a 15-minute timer
    # each when ephemeral, and on expiry would unregister the DynamicItem patterns globally.
    view.stop()
    return view
