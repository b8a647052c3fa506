"""Exact top-k over precomputed BM25 columns without scoring every document (MaxScore-style).

A query term t contributes at most ``ub_t = w_t * max_d score(t, d)`` to any document, and for a
frequent term (df > CHAMPIONS) at most ``floor_t`` to any document outside its CHAMPIONS best
("champion list", precomputed). So:

1. Seeds: the champions of frequent terms plus every posting of rare ones, scored exactly. Any
   other document scores at most B = sum of the frequent terms' floors. If the k-th best seed
   beats B, the seeds hold the answer: typical queries stop here after scoring a few hundred docs.
2. Otherwise, with theta the k-th best seed score, terms are taken in decreasing ``ub`` until the
   remaining ones together cannot reach theta (MaxScore's "essential" terms); only documents
   containing an essential term can qualify. Their essential part is summed, those that cannot
   reach theta even with every other term at its maximum are dropped, and the rest are completed
   by binary search in the other terms' posting lists.

Both stages are exact (same documents and scores as scoring everything), given non-negative
contributions; callers use plain exhaustive scoring otherwise (negative weights or idf).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bot.search import selection

CHAMPIONS = 64
# Relative slack on bound comparisons, far above float64 rounding of a few dozen additions.
_SLACK = 1e-9


@dataclass(frozen=True, slots=True)
class Columns:
    indptr: np.ndarray  # int64 (V + 1,)
    indices: np.ndarray  # int32 (nnz,), ascending within a term
    data: np.ndarray  # float32 (nnz,)
    term_max: np.ndarray  # float32 (V,): best score of each term
    champion_row: np.ndarray  # int32 (V,): row in `champions`, -1 when df <= CHAMPIONS
    champions: np.ndarray  # int32 (F, CHAMPIONS): a frequent term's best documents, ascending
    champion_floor: np.ndarray  # float32 (F,): the worst of those scores
    n_docs: int


def champion_arrays(indptr: np.ndarray, indices: np.ndarray, data: np.ndarray) -> dict[str, np.ndarray]:
    """Per-term maxima and champion lists, computed once at build time."""
    df = np.diff(indptr)
    nonempty = df > 0
    term_max = np.zeros(len(df), dtype=np.float32)
    if data.size:
        term_max[nonempty] = np.maximum.reduceat(data, indptr[:-1][nonempty])
    frequent = np.flatnonzero(df > CHAMPIONS)
    row = np.full(len(df), -1, dtype=np.int32)
    row[frequent] = np.arange(len(frequent), dtype=np.int32)
    champions = np.empty((len(frequent), CHAMPIONS), dtype=np.int32)
    floor = np.empty(len(frequent), dtype=np.float32)
    for r, t in enumerate(frequent.tolist()):
        lo, hi = indptr[t], indptr[t + 1]
        best = np.argpartition(data[lo:hi], hi - lo - CHAMPIONS)[hi - lo - CHAMPIONS :]
        champions[r] = np.sort(indices[lo:hi][best])
        floor[r] = data[lo:hi][best].min()
    return {"term_max": term_max, "champion_row": row, "champions": champions, "champion_floor": floor}


def top_k(
    cols: Columns, term_ids: np.ndarray, weights: np.ndarray, k: int, mask: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
    """Best ``k`` (doc, partial score) among documents with partial score > 0 (and mask True).

    Requires weights > 0 and non-negative columns; "partial" excludes BM25Plus's constant.
    """
    ub = weights * cols.term_max[term_ids].astype(np.float64)
    by_bound = np.argsort(-ub, kind="stable")
    term_ids, weights, ub = term_ids[by_bound], weights[by_bound], ub[by_bound]
    rows = cols.champion_row[term_ids]

    seeds = np.unique(np.concatenate([_seed_docs(cols, t, r) for t, r in zip(term_ids, rows, strict=True)]))
    seed_scores = score_docs(cols, term_ids, weights, seeds)
    seeds, seed_scores = _eligible(seeds, seed_scores, mask)
    theta = _kth_best(seed_scores, k)
    outside = float(weights[rows >= 0] @ cols.champion_floor[rows[rows >= 0]])
    if outside <= 0 or theta > outside * (1 + _SLACK):
        return selection.top_k(seeds, seed_scores, k)

    # Stage 2: the fewest highest-bound terms that the remaining ones cannot make up for.
    rest = np.concatenate((np.cumsum(ub[::-1])[::-1][1:], [0.0]))  # bound of terms after each one
    n_essential = len(term_ids) if theta == -np.inf else int(np.argmax(rest * (1 + _SLACK) < theta)) + 1
    remaining = float(rest[n_essential - 1])
    docs, partial = _sum_columns(cols, term_ids[:n_essential], weights[:n_essential])
    if n_essential < len(term_ids):
        promising = partial + remaining * (1 + _SLACK) >= theta
        docs, partial = docs[promising], partial[promising]
        partial += score_docs(cols, term_ids[n_essential:], weights[n_essential:], docs)
    docs, partial = _eligible(docs, partial, mask)
    return selection.top_k(docs, partial, k)


def score_docs(cols: Columns, term_ids: np.ndarray, weights: np.ndarray, docs: np.ndarray) -> np.ndarray:
    """Summed weighted scores of the given ascending documents, by binary search per term."""
    out = np.zeros(len(docs))
    if len(docs) == 0:
        return out
    for t, w in zip(term_ids.tolist(), weights.tolist(), strict=True):
        lo, hi = int(cols.indptr[t]), int(cols.indptr[t + 1])
        postings = cols.indices[lo:hi]
        at = np.searchsorted(postings, docs)
        inside = at < hi - lo
        at, hit_docs = at[inside], np.flatnonzero(inside)
        found = postings[at] == docs[hit_docs]
        out[hit_docs[found]] += w * cols.data[lo + at[found]].astype(np.float64)
    return out


def _seed_docs(cols: Columns, term: int, row: int) -> np.ndarray:
    if row >= 0:
        return cols.champions[row]
    return cols.indices[cols.indptr[term] : cols.indptr[term + 1]]


def _sum_columns(cols: Columns, term_ids: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Ascending documents containing any of the terms, with the weighted sum of their scores."""
    slices = [(int(cols.indptr[t]), int(cols.indptr[t + 1])) for t in term_ids.tolist()]
    if len(slices) == 1:
        lo, hi = slices[0]
        return cols.indices[lo:hi].astype(np.int64), weights[0] * cols.data[lo:hi].astype(np.float64)
    docs = np.concatenate([cols.indices[lo:hi] for lo, hi in slices])
    values = np.concatenate(
        [
            w * cols.data[lo:hi].astype(np.float64)
            for (lo, hi), w in zip(slices, weights.tolist(), strict=True)
        ]
    )
    if 8 * len(docs) < cols.n_docs:
        unique, inverse = np.unique(docs, return_inverse=True)
        return unique.astype(np.int64), np.bincount(inverse, weights=values, minlength=len(unique))
    totals = np.bincount(docs, weights=values, minlength=cols.n_docs)
    hit = np.flatnonzero(np.bincount(docs, minlength=cols.n_docs))
    return hit, totals[hit]


def _eligible(docs: np.ndarray, scores: np.ndarray, mask: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    keep = scores > 0
    if mask is not None:
        keep &= mask[docs]
    return docs[keep], scores[keep]


def _kth_best(scores: np.ndarray, k: int) -> float:
    if len(scores) < k or k <= 0:
        return -np.inf
    return float(np.partition(scores, len(scores) - k)[len(scores) - k])
