"""Is a retrieved paper actually about the question? A test with a meaning, not a magic score.

Each informative query term (after the analyzer dropped stop words) is weighted by its idf,
``ln(1 + (N - df + 0.5) / (df + 0.5))`` — always positive, and largest for a term the corpus has
never seen. A paper's *coverage* is the weighted share of the query it contains: 1.0 when every
term occurs in it, 0.3 when only the common words of "what time is it in Tokyo" do. Coverage is
comparable across questions and corpora, so its thresholds (config ``answer.relevance``) mean the
same thing everywhere; BM25 scores are not, and are only used relatively (the margin to the top).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass

from bot.answer.settings import RelevanceSettings
from bot.search.types import Hit


def idf_weight(doc_freq: int, n_docs: int) -> float:
    return math.log(1.0 + (n_docs - doc_freq + 0.5) / (doc_freq + 0.5))


def term_weights(terms: Iterable[str], doc_freq: Callable[[str], int], n_docs: int) -> dict[str, float]:
    """idf weight of each distinct query term, in query order."""
    weights: dict[str, float] = {}
    for term in terms:
        if term not in weights:
            weights[term] = idf_weight(doc_freq(term), n_docs)
    return weights


def coverage(weights: dict[str, float], present: Collection[str]) -> float:
    """Weighted share of the query terms found in ``present`` (0 when the query has no terms)."""
    total = sum(weights.values())
    if total <= 0:
        return 0.0
    return sum(w for term, w in weights.items() if term in present) / total


@dataclass(frozen=True, slots=True)
class Candidate:
    hit: Hit
    coverage: float  # of the question, by the whole paper
    evidence: float = 0.0  # of the question, by the paper's single best sentence


@dataclass(frozen=True, slots=True)
class Verdict:
    cited: tuple[Candidate, ...]  # empty: nothing in the corpus answers the question
    suggestions: tuple[Candidate, ...]  # near misses worth offering when nothing is cited


def judge(candidates: Sequence[Candidate], settings: RelevanceSettings, max_citations: int) -> Verdict:
    """Which papers to cite, best first.

    Papers covering ``min_coverage`` of the question qualify; with none, near misses become
    suggestions. Qualified papers are ordered by how much of the question they answer — as a
    whole and in their single best sentence, since the answer quotes a sentence — with the
    retrieval score breaking ties. The first is cited; the others too if they cover
    ``cite_coverage`` and score within ``cite_score_ratio`` of the best qualified score.
    """
    qualified = [c for c in candidates if c.coverage >= settings.min_coverage]
    if not qualified:
        near = [c for c in candidates if c.coverage >= settings.suggest_coverage]
        return Verdict((), tuple(near[:max_citations]))
    ranked = sorted(qualified, key=lambda c: (c.coverage + c.evidence, c.hit.score), reverse=True)
    floor = settings.cite_score_ratio * max(c.hit.score for c in qualified)
    others = [c for c in ranked[1:] if c.coverage >= settings.cite_coverage and c.hit.score >= floor]
    return Verdict((ranked[0], *others[: max_citations - 1]), ())
