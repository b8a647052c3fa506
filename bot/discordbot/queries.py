"""Engine calls the Discord edge composes: engine first, picklable arguments, run by the bot's runner."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.models import Paper
from bot.search.types import Filters, Hit

if TYPE_CHECKING:
    from bot.engine import Engine


@dataclass(frozen=True, slots=True)
class SearchKey:
    """A search as it travels inside a button's custom_id: the query and the /search filters."""

    query: str
    year: int | None = None
    category: str | None = None
    author: str | None = None

    @property
    def filters(self) -> Filters | None:
        filters = Filters(year_from=self.year, year_to=self.year, category=self.category, author=self.author)
        return filters if filters.active else None

    def encode(self) -> str:
        fields = (str(self.year or ""), _bare(self.category), _bare(self.author), self.query)
        return "|".join(fields)

    @classmethod
    def decode(cls, text: str) -> SearchKey:
        """Inverse of ``encode``; ValueError for text it did not produce."""
        year, category, author, query = text.split("|", 3)
        return cls(query, int(year) if year else None, category or None, author or None)


def _bare(text: str | None) -> str:
    return (text or "").replace("|", " ")


SEARCH_DEPTH = 50  # results a search pages through ("More results"): 10 pages of 5


def search_page(engine: Engine, key: SearchKey, page: int, per_page: int) -> list[Hit]:
    """All hits the pages can show (at least up to the end of ``page``, plus one to tell whether
    another page exists), so each page's footer can say how many there are in all."""
    depth = max(SEARCH_DEPTH, page * per_page + 1)
    if not key.query:  # no words: what the filters select, newest first (nothing without filters)
        return engine.browse(key.filters, depth) if key.filters else []
    return engine.search(key.query, k=depth, filters=key.filters)


def similar(engine: Engine, paper_id: str, k: int) -> tuple[Paper | None, list[Hit]]:
    paper = engine.get(paper_id)
    return paper, engine.similar(paper_id, k=k) if paper is not None else []


def similar_to(engine: Engine, query: str, k: int) -> tuple[Paper | None, list[Hit]]:
    """Papers similar to the one ``query`` names (an id from autocomplete, a URL or a title)."""
    paper = engine.paper(query)
    return (paper, engine.similar(paper.id, k=k)) if paper is not None else (None, [])


def lookup(engine: Engine, query: str) -> tuple[Paper | None, list[Paper]]:
    """The paper ``query`` names (id, URL or title), else the closest titles to offer."""
    paper = engine.paper(query)
    return (paper, []) if paper is not None else (None, engine.closest_titles(query, limit=5))
