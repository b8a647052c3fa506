"""Autocomplete served in the bot's own process, so it never queues behind the engine's work.

Discord drops an autocomplete answered after 3 seconds, and the engine's worker may be busy for
longer (a slow question, a /reload). So the bot keeps its own small lookup over what completion
needs — ids, titles, author names and categories, no abstracts, no index — fetched from the
engine at start-up and after each reload, and answers from it on a thread of its own. A quick
prefix answer is computed first; the typo-tolerant one replaces it only if it is ready in time.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from bot.answer.lookup import PaperLookup
from bot.models import Paper

if TYPE_CHECKING:
    from bot.engine import Engine

T = TypeVar("T")

# Seconds an autocomplete may spend here: Discord's deadline is 3 s from the keystroke, and the
# answer still has to travel.
DEADLINE = 2.0
LIMIT = 25


@dataclass(frozen=True, slots=True)
class CompletionSource:
    """What completion needs from the engine (picklable: it crosses to the bot's process)."""

    papers: tuple[Paper, ...]  # id, title, arXiv id, authors and dates only
    categories: tuple[str, ...]  # most papers first


def completion_source(engine: Engine) -> CompletionSource:
    slim = tuple(
        Paper(
            id=p.id,
            title=p.title,
            abstract="",
            authors=p.authors,
            arxiv_id=p.arxiv_id,
            published=p.published,
            updated=p.updated,
        )
        for p in engine.papers
    )
    return CompletionSource(slim, tuple(name for name, _ in engine.stats().categories))


class Completer:
    def __init__(self, source: CompletionSource) -> None:
        self.lookup = PaperLookup(source.papers)
        self.categories = source.categories

    @classmethod
    def build(cls, source: CompletionSource) -> Completer:
        """A completer with its tables built (seconds at a million papers: run off the event loop)."""
        completer = cls(source)
        completer.lookup.warm()
        return completer

    def titles(self, text: str, *, fuzzy: bool = True) -> list[Paper]:
        return self.lookup.complete_titles(text, LIMIT, fuzzy=fuzzy)

    def authors(self, text: str, *, fuzzy: bool = True) -> list[str]:
        return self.lookup.complete_authors(text, LIMIT, fuzzy=fuzzy)

    def categories_starting(self, prefix: str, *, fuzzy: bool = True) -> list[str]:
        """Corpus categories starting with ``prefix`` (case-insensitive), most papers first."""
        wanted = prefix.strip().casefold()
        return [name for name in self.categories if name.casefold().startswith(wanted)][:LIMIT]


class Completions:
    """The bot's completer, swapped whole when a fresh one is built; answers within ``deadline``."""

    def __init__(self, deadline: float = DEADLINE) -> None:
        self.deadline = deadline
        self._completer: Completer | None = None
        self._ready = asyncio.Event()

    async def refresh(self, source: CompletionSource) -> None:
        self._completer = await asyncio.to_thread(Completer.build, source)
        self._ready.set()

    async def complete(self, method: Callable[..., list[T]], text: str) -> list[T]:
        """``method(completer, text)`` (e.g. ``Completer.titles``) within the deadline: the full
        answer if it is ready in time, else the quick one, else nothing (while the first completer
        is still being built)."""
        loop = asyncio.get_running_loop()
        give_up = loop.time() + self.deadline
        if self._completer is None:
            try:
                await asyncio.wait_for(self._ready.wait(), self.deadline)
            except TimeoutError:
                return []
        completer = self._completer
        assert completer is not None
        quick = method(completer, text, fuzzy=False)
        full = asyncio.ensure_future(asyncio.to_thread(method, completer, text))
        done, _ = await asyncio.wait({full}, timeout=max(give_up - loop.time(), 0.0))
        return full.result() if done else quick
