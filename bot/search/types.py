"""Data crossing the search layer's boundary."""

from __future__ import annotations

from dataclasses import dataclass

from bot.models import Paper


@dataclass(frozen=True, slots=True)
class Filters:
    """Restrict results; every field is optional and they combine with AND."""

    year_from: int | None = None
    year_to: int | None = None
    category: str | None = None  # matches the primary or any listed category, e.g. "cs.CL" or "cs"
    author: str | None = None  # accent- and case-insensitive name match

    @property
    def active(self) -> bool:
        return any(v is not None for v in (self.year_from, self.year_to, self.category, self.author))


@dataclass(frozen=True, slots=True)
class Hit:
    """One ranked paper with its retrieval score (higher is better)."""

    paper: Paper
    score: float
