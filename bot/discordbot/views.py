"""Buttons under answers: their layout, and what their custom_ids say.

Every button's custom_id carries the paper id or the search, so a click is understood from the id
alone, also on messages sent before a restart; the Buttons cog (cogs/buttons.py) registers the
handlers that match these ids. The only state is a small LRU for searches too long to fit in a
custom_id; clicks on those after a restart say plainly that they expired.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict

import discord

from bot.answer.budget import CUSTOM_ID
from bot.discordbot.queries import SearchKey

BUTTONS_PER_ROW = 5
ABSTRACT = "pb:abstract:"
SIMILAR = "pb:similar:"
MORE = "pb:more:"
# The patterns the handlers are registered under (a DynamicItem template each).
ABSTRACT_TEMPLATE = r"pb:abstract:(?P<paper_id>.+)"
SIMILAR_TEMPLATE = r"pb:similar:(?P<paper_id>.+)"
MORE_TEMPLATE = r"(?s)pb:more:(?P<page>\d+):(?P<key>.*)"


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


def encode_more(key: SearchKey, page: int) -> str:
    prefix = f"{MORE}{page}:"
    encoded = key.encode()
    if len(prefix) + len(encoded) <= CUSTOM_ID:
        return prefix + encoded
    return f"{prefix}~{LONG_KEYS.token(key)}"


def decode_more(raw: str) -> SearchKey | None:
    """The search behind the key part of a "More results" id; None when it expired or is foreign."""
    if raw.startswith("~"):
        return LONG_KEYS.get(raw[1:])
    try:
        return SearchKey.decode(raw)
    except ValueError:  # an id from an older version of the bot: treat like an expired one
        return None


def fits(prefix: str, paper_id: str) -> bool:
    return len(prefix) + len(paper_id) <= CUSTOM_ID


def abstract_button(paper_id: str, label: str = "Abstract", row: int | None = None) -> discord.ui.Button:
    return discord.ui.Button(
        label=label, style=discord.ButtonStyle.secondary, custom_id=ABSTRACT + paper_id, row=row
    )


def similar_button(paper_id: str, row: int | None = None) -> discord.ui.Button:
    return discord.ui.Button(
        label="Similar papers", style=discord.ButtonStyle.secondary, custom_id=SIMILAR + paper_id, row=row
    )


def more_button(custom_id: str, row: int | None = None) -> discord.ui.Button:
    return discord.ui.Button(
        label="More results", style=discord.ButtonStyle.primary, custom_id=custom_id, row=row
    )


def buttons_view(
    abstract_ids: list[str], *, similar_id: str | None = None, more: tuple[SearchKey, int] | None = None
) -> discord.ui.View | None:
    """Abstract buttons (numbered like the citations) on the first row, then Similar and More."""
    view = discord.ui.View(timeout=None)
    numbered = len(abstract_ids) > 1
    for number, paper_id in enumerate(abstract_ids[:BUTTONS_PER_ROW], start=1):
        if fits(ABSTRACT, paper_id):
            view.add_item(
                abstract_button(paper_id, f"Abstract [{number}]" if numbered else "Abstract", row=0)
            )
    if similar_id and fits(SIMILAR, similar_id):
        view.add_item(similar_button(similar_id, row=1))
    if more is not None:
        view.add_item(more_button(encode_more(*more), row=1))
    if not view.children:
        return None
    # Clicks are dispatched by the handlers the Buttons cog registers, so the view is only a
    # layout: stopped views are not stored by discord.py. Stored ones would hold a 15-minute timer
    # each when ephemeral.
    view.stop()
    return view
