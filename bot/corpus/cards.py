"""Listing cards: ``CLJun 12, 2025Code`` / ``Title run into AuthorsX, Y et al. · tag`` / abstract."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from bot.corpus.authors import looks_like_name, split_authors
from bot.corpus.draft import Draft
from bot.corpus.text import clean
from bot.models import LoadWarning, Source

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
HEADER = re.compile(
    rf"(?P<code>[A-Z]{{2}})(?P<month>{'|'.join(MONTHS)}) (?P<day>\d{{1,2}})(?:, (?P<year>\d{{4}}))?(?P<has_code>Code)?"
)

# Listing sites print the arXiv subject class without its archive: "CL" is cs.CL, "ML" is stat.ML.
_CS_CODES = (
    "AI AR CC CE CG CL CR CV CY DB DC DL DM DS ET FL GL GR GT HC IR IT LG LO MA MM MS NA NE NI OH OS "
    "PF PL RO SC SD SE SI SY"
)
_CS_CLASSES = frozenset(_CS_CODES.split())
_OTHER_CLASSES = {"ML": "stat.ML", "IV": "eess.IV", "AS": "eess.AS", "SP": "eess.SP"}
_AFFILIATION = " · "
# Characters after which a capital may start the author list; not hyphens ("Best-of-N") or openers.
_NOT_BEFORE_A_NAME = frozenset("-‐–—/([{\"'“‘")


def full_category(code: str) -> str | None:
    if code in _OTHER_CLASSES:
        return _OTHER_CLASSES[code]
    return f"cs.{code}" if code in _CS_CLASSES else None


@dataclass(frozen=True, slots=True)
class Card:
    """A parsed card whose date may still lack its year (resolved per listing)."""

    draft: Draft
    month: int
    day: int
    year: int | None


def parse_card(
    header: re.Match[str], byline: str, abstract: str, source: Source
) -> tuple[Card, list[LoadWarning]]:
    """Build a card from its three lines; warnings say what could not be read."""
    warnings: list[LoadWarning] = []
    category = full_category(header["code"])
    if category is None:
        warnings.append(_warn(source, f"unknown category code {header['code']!r}; category left empty"))
    split = split_byline(byline)
    authors: tuple[str, ...]
    if split is None:
        warnings.append(_warn(source, "cannot tell the title from the authors; title left empty"))
        title, authors, complete, affiliation = None, (), False, None
    else:
        title, authors, complete, affiliation = split
    draft = Draft(
        abstract=clean(abstract),
        source=source,
        title=title,
        authors=authors,
        authors_complete=complete,
        category=category,
        categories=(category,) if category else (),
        has_code=bool(header["has_code"]),
        affiliation=affiliation,
    )
    year = int(header["year"]) if header["year"] else None
    return Card(draft, MONTHS.index(header["month"]) + 1, int(header["day"]), year), warnings


def split_byline(line: str) -> tuple[str, tuple[str, ...], bool, str | None] | None:
    """Split ``"MagistralMistral-AI, Abhinav Rastogi et al. · deepmind"`` into its parts.

    The card glues the title to the first author's name, so the join is where a capital letter
    follows a character that ends a word without a space ("...Distillation|Pier", "Ministral 3|Alex").
    Among those joins, the first one after which the remainder reads as a list of names wins, so
    capitals inside the title ("LLMs", "DeepSeekMath: ...") are skipped because what follows them
    is prose, not names. Returns None when no join leaves a valid author list.
    """
    line = clean(line)
    affiliation = None
    if _AFFILIATION in line:
        line, _, tag = line.rpartition(_AFFILIATION)
        affiliation = tag.strip() or None
    for cut in _joins(line):
        names, complete = split_authors(line[cut:])
        if names and all(looks_like_name(name) for name in names):
            return line[:cut].strip(), names, complete, affiliation
    return None


def _joins(line: str) -> list[int]:
    joins = []
    for i in range(1, len(line)):
        before, here = line[i - 1], line[i]
        if not here.isupper() or before.isspace():
            continue
        acronym_end = before.isupper() and i + 1 < len(line) and line[i + 1].islower()
        punctuation = not before.isalnum() and before not in _NOT_BEFORE_A_NAME
        if before.islower() or before.isdigit() or punctuation or acronym_end:
            joins.append(i)
    return joins


def resolve_years(cards: Sequence[Card], configured_year: int | None) -> list[Draft | LoadWarning]:
    """Give every card of one listing its full date.

    A listing page prints "Jun 12, 2025" for dates in past years and just "Jan 13" for dates in
    the year the page was made (the seed listing is ordered by popularity, not date, so position
    says nothing). Every printed year is therefore before the listing's year and every year-less
    date falls in it: the listing year is the year after the latest printed year, the earliest
    year consistent with the page. On the seeds the latest printed year is 2025, so "Jan 13"
    (Ministral 3, arXiv 2601.x) and "Feb 11" (Voxtral Realtime, 2602.x) land in 2026.
    ``corpus.listing_year`` overrides the inference; with neither, the date is left unknown.
    """
    printed = [card.year for card in cards if card.year is not None]
    listing_year = configured_year or (max(printed) + 1 if printed else None)
    results: list[Draft | LoadWarning] = []
    for card in cards:
        year = card.year or listing_year
        if year is None:
            results.append(_warn(card.draft.source, "card date has no year and the listing prints none"))
            results.append(card.draft)
            continue
        try:
            published = date(year, card.month, card.day)
        except ValueError:
            results.append(_warn(card.draft.source, f"invalid card date {card.month}/{card.day}/{year}"))
            results.append(card.draft)
            continue
        results.append(dataclasses.replace(card.draft, published=published))
    return results


def _warn(source: Source, message: str) -> LoadWarning:
    return LoadWarning(source.path, source.line, message)
