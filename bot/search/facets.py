"""Filters as boolean masks over the papers: year range, category, author name.

Lookups are precomputed once per index so that a filtered query costs a few numpy operations,
not a pass over every paper in Python.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from functools import cached_property

import numpy as np

from bot.models import Paper
from bot.search.names import name_words
from bot.search.types import Filters

__all__ = ["Facets", "in_category", "name_words"]


def in_category(category: str, wanted: str) -> bool:
    """The category filter's rule: ``cs`` matches every ``cs.*``; ``cs.CL`` matches exactly
    (case-insensitive)."""
    category, wanted = category.casefold(), wanted.strip().casefold()
    return category == wanted or category.startswith(wanted + ".")


class Facets:
    """Lookups built on first use, so that opening an index for unfiltered queries stays fast."""

    def __init__(self, papers: Sequence[Paper]) -> None:
        self._papers = papers

    @cached_property
    def _years(self) -> np.ndarray:
        return np.array([p.year if p.year is not None else -1 for p in self._papers], dtype=np.int32)

    @cached_property
    def _categories(self) -> dict[str, list[int]]:
        rows: dict[str, list[int]] = defaultdict(list)
        for i, paper in enumerate(self._papers):
            for category in paper.all_categories:
                rows[category.casefold()].append(i)
        return rows

    @cached_property
    def _author_words(self) -> dict[str, set[int]]:
        rows: dict[str, set[int]] = defaultdict(set)
        for i, paper in enumerate(self._papers):
            # Candidates only (words of any author); _name_matches then checks one author holds them all.
            for word in name_words(" ".join(paper.authors)):
                rows[word].add(i)
        return rows

    def mask(self, filters: Filters | None) -> np.ndarray | None:
        """Papers passing every active filter, or None when nothing is filtered."""
        if filters is None or not filters.active:
            return None
        mask = np.ones(len(self._papers), dtype=bool)
        if filters.year_from is not None:
            mask &= self._years >= filters.year_from
        if filters.year_to is not None:
            mask &= (self._years <= filters.year_to) & (self._years >= 0)
        if filters.category:
            mask &= self._category_mask(filters.category)
        if filters.author:
            mask &= self._author_mask(filters.author)
        return mask

    def _category_mask(self, wanted: str) -> np.ndarray:
        mask = np.zeros(len(self._papers), dtype=bool)
        for category, rows in self._categories.items():
            if in_category(category, wanted):
                mask[rows] = True
        return mask

    def _author_mask(self, name: str) -> np.ndarray:
        """Papers with one author whose name holds every word given (an initial matches a word)."""
        wanted = name_words(name)
        mask = np.zeros(len(self._papers), dtype=bool)
        full = [w for w in wanted if len(w) > 1]
        if not full:
            return mask
        candidates = set.intersection(*(self._author_words.get(w, set()) for w in full))
        for i in candidates:
            if any(_name_matches(wanted, name_words(a)) for a in self._papers[i].authors):
                mask[i] = True
        return mask


def _name_matches(wanted: list[str], words: list[str]) -> bool:
    return all(any(w == x or (len(w) == 1 and x.startswith(w)) for x in words) for w in wanted)
