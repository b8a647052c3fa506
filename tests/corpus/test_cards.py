"""Listing cards: glued title/author lines, short category codes, year-less dates."""

from __future__ import annotations

from datetime import date

import pytest

from bot.corpus.cards import Card, full_category, resolve_years, split_byline
from bot.corpus.draft import Draft
from bot.models import LoadWarning, Source


@pytest.mark.parametrize(
    ("line", "title", "authors", "complete", "affiliation"),
    [
        ("MagistralMistral-AI, Abhinav Rastogi, Albert Q. Jiang et al.",
         "Magistral", ("Mistral-AI", "Abhinav Rastogi", "Albert Q. Jiang"), False, None),
        ("Ministral 3Alexander H. Liu, Kartik Khandelwal", "Ministral 3", ("Alexander H. Liu", "Kartik Khandelwal"), True, None),
        ("VoxtralAlexander H. Liu, Andy Ehrenberg, Andy Lo et al. · deepmind",
         "Voxtral", ("Alexander H. Liu", "Andy Ehrenberg", "Andy Lo"), False, "deepmind"),
        # Capitals inside the title are not mistaken for the join: what follows them is not names.
        ("BOND: Aligning LLMs with Best-of-N DistillationPier Giuseppe Sessa, Robert Dadashi et al.",
         "BOND: Aligning LLMs with Best-of-N Distillation", ("Pier Giuseppe Sessa", "Robert Dadashi"), False, None),
        ("DeepSeekMath: Pushing the Limits of Mathematical Reasoning in Open Language ModelsZhihong Shao, Peiyi Wang",
         "DeepSeekMath: Pushing the Limits of Mathematical Reasoning in Open Language Models",
         ("Zhihong Shao", "Peiyi Wang"), True, None),
        ("Exponentially fast convergence to (strict) equilibrium via hedgingJohanne Cohen, Amélie Héliou",
         "Exponentially fast convergence to (strict) equilibrium via hedging", ("Johanne Cohen", "Amélie Héliou"), True, None),
        ("Fine-tuning with RLHFJohn Smith", "Fine-tuning with RLHF", ("John Smith",), True, None),
        ("Lexical Retrieval++Ada Lovelace", "Lexical Retrieval++", ("Ada Lovelace",), True, None),
        ("A survey of everything (2024)Diego de las Casas, Patrick von Platen",
         "A survey of everything (2024)", ("Diego de las Casas", "Patrick von Platen"), True, None),
    ],
)  # fmt: skip
def test_byline_splits_title_from_authors(
    line: str, title: str, authors: tuple[str, ...], complete: bool, affiliation: str | None
) -> None:
    assert split_byline(line) == (title, authors, complete, affiliation)


def test_byline_without_a_name_list_is_not_split() -> None:
    assert split_byline("a title with no authors at all") is None


@pytest.mark.parametrize(
    ("code", "category"),
    [("CL", "cs.CL"), ("LG", "cs.LG"), ("ML", "stat.ML"), ("GT", "cs.GT"), ("SE", "cs.SE"), ("SD", "cs.SD"),
     ("AI", "cs.AI"), ("CV", "cs.CV"), ("ZZ", None)],
)  # fmt: skip
def test_short_category_codes_map_to_full_arxiv_codes(code: str, category: str | None) -> None:
    assert full_category(code) == category


def card(month: int, day: int, year: int | None, line: int = 1) -> Card:
    return Card(Draft(abstract="text", source=Source("listing.txt", line, "card")), month, day, year)


def test_year_less_dates_take_the_year_after_the_latest_printed_year() -> None:
    cards = [card(7, 19, 2024, 1), card(1, 13, None, 4), card(8, 8, 2025, 7), card(2, 11, None, 10)]
    published = [d.published for d in resolve_years(cards, None) if isinstance(d, Draft)]
    assert published == [date(2024, 7, 19), date(2026, 1, 13), date(2025, 8, 8), date(2026, 2, 11)]


def test_configured_listing_year_wins_over_the_inference() -> None:
    [draft] = resolve_years([card(1, 13, None)], 2030)
    assert isinstance(draft, Draft) and draft.published == date(2030, 1, 13)


def test_a_listing_with_no_printed_year_leaves_the_date_unknown_and_says_so() -> None:
    results = resolve_years([card(1, 13, None, 4)], None)
    assert LoadWarning("listing.txt", 4, "card date has no year and the listing prints none") in results
    assert [r.published for r in results if isinstance(r, Draft)] == [None]


def test_impossible_dates_are_reported() -> None:
    results = resolve_years([card(2, 30, 2025, 7)], None)
    assert any(isinstance(r, LoadWarning) and r.line == 7 and "invalid" in r.message for r in results)
