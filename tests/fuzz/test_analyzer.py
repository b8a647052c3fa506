"""The analyzer on any text: terms are clean index keys, and a text's terms do not depend on what
sits beside it (so papers and queries meet on the same terms)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.search.analyzer import Analyzer, fold
from bot.search.settings import AnalyzerSettings
from bot.search.stopwords import LISTS
from tests.fuzz.strategies import hostile_text

pytestmark = pytest.mark.fuzz

ANALYZER = Analyzer()
STOP = LISTS[ANALYZER.settings.stopwords]


@given(hostile_text())
def test_terms_are_clean_keys(text: str) -> None:
    terms = ANALYZER.analyze(text)
    for term in terms:
        assert term and not any(c.isspace() for c in term), term
        assert term == fold(term), term  # already folded: analysing a term again finds it again
        assert len(term) > 1 or term.isdigit()
        assert term not in STOP or "-" in text or "@" in text  # stop words only inside compounds


@given(hostile_text(), hostile_text())
def test_terms_of_separate_words_do_not_interact(left: str, right: str) -> None:
    assert ANALYZER.analyze(f"{left}\n{right}") == ANALYZER.analyze(left) + ANALYZER.analyze(right)


@given(hostile_text(), st.booleans(), st.booleans(), st.sampled_from(["english", "none"]))
def test_every_configuration_is_deterministic(text: str, accents: bool, parts: bool, stemmer: str) -> None:
    settings = AnalyzerSettings(fold_accents=accents, compound_parts=parts, stemmer=stemmer)
    fresh, warm = Analyzer(settings), Analyzer(settings)
    warm.analyze(text)  # the memo must not change the answer
    assert fresh.analyze(text) == warm.analyze(text)
