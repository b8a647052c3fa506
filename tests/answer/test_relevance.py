from __future__ import annotations

import math

import pytest

from bot.answer.relevance import Candidate, coverage, idf_weight, judge, term_weights
from bot.answer.settings import RelevanceSettings
from bot.models import Paper
from bot.search.types import Hit


def candidate(name: str, score: float, covered: float, evidence: float = 0.0) -> Candidate:
    return Candidate(Hit(Paper(id=name, title=name, abstract=name), score), covered, evidence)


def test_unknown_terms_weigh_most() -> None:
    assert idf_weight(0, 100) > idf_weight(1, 100) > idf_weight(50, 100) > idf_weight(100, 100) > 0


def test_coverage_is_the_idf_weighted_share() -> None:
    weights = term_weights(["time", "tokyo", "time"], {"time": 10, "tokyo": 0}.get, 30)
    assert list(weights) == ["time", "tokyo"]
    assert coverage(weights, {"time"}) == pytest.approx(weights["time"] / sum(weights.values()))
    assert coverage(weights, {"time"}) < 0.5 < coverage(weights, {"tokyo"})
    assert coverage({}, {"x"}) == 0.0
    assert math.isclose(coverage(weights, {"time", "tokyo"}), 1.0)


def test_nothing_qualifies_gives_suggestions_only() -> None:
    settings = RelevanceSettings()
    verdict = judge([candidate("a", 9, 0.45), candidate("b", 5, 0.1)], settings, 3)
    assert verdict.cited == () and [c.hit.paper.id for c in verdict.suggestions] == ["a"]


def test_further_citations_need_coverage_and_a_close_score() -> None:
    settings = RelevanceSettings(min_coverage=0.5, cite_coverage=0.6, cite_score_ratio=0.5)
    verdict = judge(
        [
            candidate("a", 10, 0.9, 0.9),
            candidate("b", 6, 0.7),
            candidate("c", 4, 0.9),
            candidate("d", 9, 0.55),
        ],
        settings,
        3,
    )
    assert [c.hit.paper.id for c in verdict.cited] == ["a", "b"]


def test_the_paper_answering_more_of_the_question_leads() -> None:
    verdict = judge(
        [candidate("wordy", 10, 0.55, 0.4), candidate("apt", 6, 0.6, 0.5)], RelevanceSettings(), 1
    )
    assert verdict.cited[0].hit.paper.id == "apt"


def test_retrieval_score_breaks_ties() -> None:
    verdict = judge([candidate("b", 5, 1.0, 1.0), candidate("a", 7, 1.0, 1.0)], RelevanceSettings(), 2)
    assert [c.hit.paper.id for c in verdict.cited] == ["a", "b"]
