"""One occurrence of a paper as read from one place in one input, before de-duplication."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.models import LoadWarning, Source


@dataclass(frozen=True, slots=True)
class Draft:
    """What a single source says about a paper; fields it does not know stay empty.

    ``doc_id`` is an identifier the input itself gives (an arXiv id, or a test-collection
    document number such as ``cran:12``); drafts with different ``doc_id`` are never merged.
    """

    abstract: str
    source: Source
    title: str | None = None
    authors: tuple[str, ...] = ()
    authors_complete: bool = False
    doc_id: str | None = None
    arxiv_id: str | None = None
    published: date | None = None
    updated: date | None = None
    category: str | None = None
    categories: tuple[str, ...] = ()
    pages: str | None = None
    has_code: bool = False
    affiliation: str | None = None


@dataclass(frozen=True, slots=True)
class Parsed:
    """Result of parsing one input file."""

    drafts: tuple[Draft, ...]
    warnings: tuple[LoadWarning, ...]
