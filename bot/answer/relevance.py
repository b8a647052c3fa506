"""Is a retrieved paper actually about the question? A test with a meaning, not a magic score.

Each informative query term (after the analyzer dropped stop words) is weighted by its idf,
``ln(1 + (N - df + 0.5) / (df + 0.5))`` — always positive, and largest for a term the corpus has
never seen. A paper's *coverage* is the weighted share of the query it contains: 1.0 when every
term occurs in it, 0.3 when only the common words of "what time is it in Tokyo" do. Coverage is
comparable across questions and corpora, so its thresholds (config ``answer.relevance``) mean the
same thing everywhere; BM25 scores are not, and are only used relatively (the margin to the top).

Coverage alone refuses paraphrases: "transcribe speech live with under a second of delay" shares
no rare word with "streaming speech recognition at sub-second latency". When the index has
sentence embeddings, a paper's *similarity* (cosine of question and paper embeddings, the one
retrieval re-ranks with) is a second way to qualify, and a floor under the lexical way: a paper
that merely shares the question's words but is about something else does not qualify. Without
embeddings every candidate's similarity is None and the rule is coverage alone, as before.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass

from bot.answer.evidence import EvidenceFinder
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
    similarity: float | None = None  # cosine of question and paper embeddings; None without them


def candidates(
    hits: Sequence[Hit],
    weights: dict[str, float],
    evidence: EvidenceFinder,
    similarities: Sequence[float] | None = None,
) -> list[Candidate]:
    """What the test needs of each retrieved paper (``similarities``: one per hit, or None)."""
    sims: Iterable[float | None] = similarities if similarities is not None else [None] * len(hits)
    return [
        Candidate(
            hit,
            coverage(weights, evidence.analyzed(hit.paper).terms),
            evidence.sentence_coverage(hit.paper, weights),
            similarity,
        )
        for hit, similarity in zip(hits, sims, strict=True)
    ]


@dataclass(frozen=True, slots=True)
class Verdict:
    cited: tuple[Candidate, ...]  # empty: nothing in the corpus answers the question
    suggestions: tuple[Candidate, ...]  # near misses worth offering when nothing is cited


def judge(candidates: Sequence[Candidate], settings: RelevanceSettings, max_citations: int) -> Verdict:
    """Which papers to cite, best first.

    Papers that ``qualify`` can be cited; with none, near misses become suggestions. Qualified
    papers are ordered by how much of the question they answer — as a whole and in their single
    best sentence, since the answer quotes a sentence, plus ``similarity_weight`` times their
    similarity when there are embeddings — with the retrieval score breaking ties. The first is
    cited; the others too if they answer enough of the question (``cite_coverage``, or the
    similarity that qualifies a paraphrase) and score within ``cite_score_ratio`` of the best.
    """
    qualified = [c for c in candidates if qualifies(c, settings)]
    if not qualified:
        near = [c for c in candidates if _near(c, settings)]
        return Verdict((), tuple(near[:max_citations]))
    ranked = sorted(qualified, key=lambda c: (_answering(c, settings), c.hit.score), reverse=True)
    floor = settings.cite_score_ratio * max(c.hit.score for c in qualified)
    others = [c for c in ranked[1:] if _citable(c, settings) and c.hit.score >= floor]
    return Verdict((ranked[0], *others[: max_citations - 1]), ())


def qualifies(candidate: Candidate, settings: RelevanceSettings) -> bool:
    """Covers enough of the question (and, with embeddings, is not about something else), or,
    with embeddings, means what the question asks while sharing some of its words."""
    lexical = candidate.coverage >= settings.min_coverage
    if candidate.similarity is None:
        return lexical
    if lexical:
        return candidate.coverage >= settings.full_coverage or candidate.similarity >= settings.min_similarity
    return (
        candidate.similarity >= settings.answer_similarity
        and candidate.coverage >= settings.paraphrase_coverage
    )


def _answering(candidate: Candidate, settings: RelevanceSettings) -> float:
    meaning = 0.0 if candidate.similarity is None else settings.similarity_weight * candidate.similarity
    return candidate.coverage + candidate.evidence + meaning


def _citable(candidate: Candidate, settings: RelevanceSettings) -> bool:
    if candidate.coverage >= settings.cite_coverage:
        return True
    return candidate.similarity is not None and candidate.similarity >= settings.answer_similarity


def _near(candidate: Candidate, settings: RelevanceSettings) -> bool:
    if candidate.coverage >= settings.suggest_coverage:
        return True
    return candidate.similarity is not None and candidate.similarity >= settings.suggest_similarity
