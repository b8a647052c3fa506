"""Plain data types that cross layer boundaries (corpus -> search -> answer -> edges).

Every layer speaks in these frozen dataclasses; none of them knows about Discord or the CLI.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

ARXIV_ABS_URL = "https://arxiv.org/abs/"


@dataclass(frozen=True, slots=True)
class Source:
    """Where one occurrence of a paper was read: file, 1-based line, and the format detected."""

    path: str
    line: int
    format: str  # "abstract-line" | "block" | "card" | "arxiv-jsonl" | "trec" | ...


@dataclass(frozen=True, slots=True)
class Paper:
    """One clean, merged paper record."""

    id: str
    title: str
    abstract: str
    authors: tuple[str, ...] = ()
    authors_complete: bool = True
    title_provisional: bool = False
    arxiv_id: str | None = None
    published: date | None = None
    updated: date | None = None
    category: str | None = None
    categories: tuple[str, ...] = ()
    pages: str | None = None
    has_code: bool = False
    affiliation: str | None = None
    sources: tuple[Source, ...] = field(default=(), compare=False)

    @property
    def url(self) -> str | None:
        return f"{ARXIV_ABS_URL}{self.arxiv_id}" if self.arxiv_id else None

    @property
    def all_categories(self) -> tuple[str, ...]:
        """Every category, the primary one first (a source may list it only as primary)."""
        return tuple(dict.fromkeys(c for c in (self.category, *self.categories) if c))

    @property
    def year(self) -> int | None:
        when = self.published or self.updated
        return when.year if when else None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready record (dates as ISO strings, tuples as lists)."""
        record = asdict(self)
        for key in ("published", "updated"):
            value = getattr(self, key)
            record[key] = value.isoformat() if value else None
        record["url"] = self.url
        return record


@dataclass(frozen=True, slots=True)
class LoadWarning:
    """A problem found while reading input: reported, never fatal."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}" if self.line else f"{self.path}: {self.message}"
