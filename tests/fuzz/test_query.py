"""Query understanding and filter parsing on anything a user can type: never an exception, and
ids, URLs, "papers by", "latest", years and follow-ups are read the same whatever surrounds them."""

from __future__ import annotations

import argparse

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.answer.query import IntentKind, normalize_arxiv_id, understand
from bot.cli.search_commands import year_range
from bot.discordbot.queries import SearchKey
from tests.fuzz.strategies import VALID_IDS, hostile_text

pytestmark = pytest.mark.fuzz

NAMES = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzéüß "), min_size=2, max_size=30).filter(
    lambda s: s.strip() and s.split()[0] not in ("since", "after", "from", "before", "until", "in")
)
YEARS = st.integers(1900, 2099)


@given(hostile_text(), st.booleans())
def test_understand_never_raises(text: str, memory: bool) -> None:
    intent = understand(text, has_memory=memory)
    assert isinstance(intent.text, str)
    if intent.kind is IntentKind.PAPER_ID:
        assert normalize_arxiv_id(intent.text) == intent.text  # the id is bare and canonical
    if intent.ref is not None:
        assert intent.ref == -1 or 0 <= intent.ref <= 99


@given(
    VALID_IDS,
    st.sampled_from(
        [
            "{}",
            "https://arxiv.org/abs/{}",
            "arxiv.org/pdf/{}v3.pdf",
            "arXiv:{}",
            "what is {}?",
            "https://arxiv.org/abs/{}v2 please",
        ]
    ),
)
def test_an_id_or_url_names_that_paper(arxiv_id: str, form: str) -> None:
    intent = understand(form.format(arxiv_id))
    assert intent.kind is IntentKind.PAPER_ID
    assert intent.text.lower() == arxiv_id.lower()


@pytest.mark.parametrize("text", ["cond-mat.str-el/0102536", "foo.bar-hep/9901001"])
def test_a_malformed_old_style_id_yields_no_fragment_of_it(text: str) -> None:
    assert normalize_arxiv_id(text) is None


@given(NAMES, YEARS)
def test_papers_by_a_name_since_a_year(name: str, year: int) -> None:
    intent = understand(f"papers by {name} since {year}")
    assert intent.kind is IntentKind.BY_AUTHOR
    assert intent.text == " ".join(name.split()).strip(" ,")
    assert intent.years == (year, None)


@given(NAMES, YEARS)
def test_latest_on_a_topic_in_a_year(topic: str, year: int) -> None:
    intent = understand(f"latest papers on {topic} in {year}")
    assert intent.kind is IntentKind.LATEST
    assert intent.years == (year, year)


@given(st.integers(1, 99), st.sampled_from(["tell me more about [{}]", "who wrote [{}]?", "paper {} link"]))
def test_follow_up_markers_point_at_their_citation(ref: int, form: str) -> None:
    intent = understand(form.format(ref), has_memory=True)
    assert intent.kind is IntentKind.FOLLOW_UP and intent.ref == ref


@given(
    st.one_of(
        hostile_text(3, long_words=False), st.from_regex(r"\s*\d{0,5}\s*-?\s*\d{0,5}\s*", fullmatch=True)
    )
)
@example("2021-")
@example("-2019")
def test_year_option_parses_or_says_why(text: str) -> None:
    try:
        start, end = year_range(text)
    except argparse.ArgumentTypeError as error:
        assert repr(text) in str(error)
        return
    assert start is not None or end is not None
    assert start is None or end is None or start <= end


@given(YEARS, YEARS)
def test_year_ranges_round_trip(first: int, last: int) -> None:
    low, high = sorted((first, last))
    assert year_range(f"{low}-{high}") == (low, high)
    assert year_range(str(low)) == (low, low)


@given(
    hostile_text(4, long_words=False),
    st.one_of(st.none(), st.integers(1, 9999)),
    st.one_of(st.none(), hostile_text(2, long_words=False)),
    st.one_of(st.none(), hostile_text(2, long_words=False)),
)
def test_search_options_survive_a_button_round_trip(
    query: str, year: int | None, category: str | None, author: str | None
) -> None:
    key = SearchKey(query, year, category, author)
    back = SearchKey.decode(key.encode())
    assert back.query == query and back.year == year
    assert back.category == (category.replace("|", " ") if category else None)
    assert back.author == (author.replace("|", " ") if author else None)
