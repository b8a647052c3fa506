"""RM3 pseudo-relevance feedback (Abdul-Jaleel et al., 2004; as in Anserini/Lucene).

The top-ranked documents are assumed relevant; their term distributions, weighted by each document's
retrieval score, form a relevance model whose strongest terms are interpolated with the query.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Hashable, Mapping, Sequence
from operator import itemgetter
from typing import TypeVar

# A term, or its id: feedback terms are chosen by id so that only the chosen few are decoded.
T = TypeVar("T", bound=Hashable)


def query_model(terms: Sequence[str], *, binary: bool = False) -> dict[str, float]:
    """Maximum-likelihood model of the query: each term's share of the query's terms.

    ``binary`` counts a repeated term once (BM25's query-term saturation k3 = 0), so that a query
    naming "fatty acids ... fatty acid" does not weigh that topic twice.
    """
    counts = Counter(dict.fromkeys(terms, 1) if binary else terms)
    total = sum(counts.values())
    return {term: n / total for term, n in counts.items()} if total else {}


def relevance_model(feedback: Sequence[tuple[Mapping[T, float], float]], *, size: int) -> dict[T, float]:
    """P(w|R) ∝ Σ_D P(w|D)·score(D) over (term frequencies, score) pairs, kept to the ``size`` best terms.

    As in Anserini, each document first keeps only its ``size`` most frequent terms, so that a long
    document's tail cannot outvote the few words the feedback documents share.
    """
    model: dict[T, float] = defaultdict(float)
    for frequencies, score in feedback:
        top = _most_common(frequencies, size)
        length = sum(tf for _, tf in top)
        if length <= 0 or score <= 0:
            continue
        for term, tf in top:
            model[term] += tf / length * score
    best = _most_common(model, size)
    total = sum(weight for _, weight in best)
    return {term: weight / total for term, weight in best} if total else {}


def _most_common(weights: Mapping[T, float], size: int) -> list[tuple[T, float]]:
    """The ``size`` heaviest items, ties in insertion order (``Counter.most_common``, for floats)."""
    return heapq.nlargest(size, weights.items(), key=itemgetter(1))


def rm3(
    query: Mapping[str, float], relevance: Mapping[str, float], *, original_weight: float
) -> dict[str, float]:
    """λ·P(w|Q) + (1-λ)·P(w|R): the expanded, weighted query."""
    if not relevance:
        return dict(query)
    expanded = {term: original_weight * weight for term, weight in query.items()}
    for term, weight in relevance.items():
        expanded[term] = expanded.get(term, 0.0) + (1.0 - original_weight) * weight
    return expanded
