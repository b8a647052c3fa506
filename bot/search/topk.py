"""Query kernels over precomputed BM25 columns: exact dense sums, and top-k without a full sort.

Scores are summed term by term with scipy's compiled CSC mat-vec on each term's column slice: one
pass over its postings, float64 accumulation, no temporaries of the corpus' size but the result.

Terms in more than half the documents also have a dense float32 column (no bigger than their
postings), added with contiguous vector arithmetic instead of a scatter.

Top-k avoids sorting all documents. A frequent term (df > CHAMPIONS) has a precomputed champion
list, its best CHAMPIONS documents, and a floor, the worst score among them; every other document
scores at most the floor for that term. A one-term query whose k-th best champion beats the floor
is answered from its champions alone. For longer queries, the champions of all query terms, looked
up in the summed scores, give theta, a lower bound of the k-th best score (the k-th best of some
documents); only documents scoring at least theta are then selected from, in one vectorised pass.
That search runs on a float32 sum (half the memory traffic, no conversions); the few documents it
keeps, with a margin covering float32 rounding, are then scored exactly in float64.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bot.search import selection

CHAMPIONS = 64
# A term gets a dense column when it occurs in more than this fraction of the documents.
DENSE_FRACTION = 0.5
# Exact re-scoring by binary search is for a few candidates; beyond this, sum everything exactly.
_MAX_RESCORED = 4096

try:  # scipy's compiled CSC mat-vec: private, but unchanged for over a decade.
    from scipy.sparse._sparsetools import csc_matvec as _csc_matvec
except ImportError:  # pragma: no cover - numpy fallback, about twice as slow
    _csc_matvec = None


@dataclass(frozen=True, slots=True)
class Columns:
    indptr: np.ndarray  # int64 (V + 1,)
    indices: np.ndarray  # int32 (nnz,), ascending within a term
    data: np.ndarray  # float32 (nnz,)
    champion_row: np.ndarray  # int32 (V,): row in `champions`, -1 when df <= CHAMPIONS
    champions: np.ndarray  # int32 (F, CHAMPIONS): a frequent term's best documents, ascending
    champion_floor: np.ndarray  # float32 (F,): the worst of those scores
    dense_row: np.ndarray  # int32 (V,): row in `dense`, -1 for a sparse-only term
    dense: np.ndarray  # float32 (D, n_docs): the columns of the terms in most documents
    n_docs: int


def champion_arrays(indptr: np.ndarray, indices: np.ndarray, data: np.ndarray) -> dict[str, np.ndarray]:
    """Champion lists of the frequent terms, computed once at build time."""
    df = np.diff(indptr)
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
    return {"champion_row": row, "champions": champions, "champion_floor": floor}


def dense_arrays(
    indptr: np.ndarray, indices: np.ndarray, data: np.ndarray, n_docs: int
) -> dict[str, np.ndarray]:
    """Dense copies of the columns of terms in most documents, computed once at build time."""
    frequent = np.flatnonzero(np.diff(indptr) > DENSE_FRACTION * n_docs)
    row = np.full(len(indptr) - 1, -1, dtype=np.int32)
    row[frequent] = np.arange(len(frequent), dtype=np.int32)
    dense = np.zeros((len(frequent), n_docs), dtype=np.float32)
    for r, t in enumerate(frequent.tolist()):
        dense[r, indices[indptr[t] : indptr[t + 1]]] = data[indptr[t] : indptr[t + 1]]
    return {"dense_row": row, "dense": dense}


def accumulate(cols: Columns, term_ids: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Exact weighted sum of the terms' columns for every document (float64, shape (n_docs,))."""
    term_ids, weights = _dense_first(cols, term_ids, weights)
    out = None
    for t, w in zip(term_ids.tolist(), weights.tolist(), strict=True):
        row = int(cols.dense_row[t])
        if out is None:  # no need to add to zeros
            out = np.multiply(cols.dense[row], w, dtype=np.float64) if row >= 0 else np.zeros(cols.n_docs)
            if row >= 0:
                continue
        if row >= 0:
            out += np.multiply(cols.dense[row], w, dtype=np.float64)
        else:
            lo, hi = int(cols.indptr[t]), int(cols.indptr[t + 1])
            _add_column(out, cols.indices[lo:hi], cols.data[lo:hi].astype(np.float64), w)
    return np.zeros(cols.n_docs) if out is None else out


def score_docs(cols: Columns, term_ids: np.ndarray, weights: np.ndarray, docs: np.ndarray) -> np.ndarray:
    """``accumulate(...)[docs]`` by binary search, for a few documents (ascending is fastest)."""
    return _score_docs(cols, *_dense_first(cols, term_ids, weights), docs)


def _score_docs(cols: Columns, term_ids: np.ndarray, weights: np.ndarray, docs: np.ndarray) -> np.ndarray:
    """score_docs for terms already in accumulate's order (dense first)."""
    out = np.zeros(len(docs))
    needles = docs.astype(cols.indices.dtype)  # else numpy widens each posting list to compare
    for t, w in zip(term_ids.tolist(), weights.tolist(), strict=True):
        row = int(cols.dense_row[t])
        if row >= 0:
            values = cols.dense[row].take(docs)
        else:
            lo, hi = int(cols.indptr[t]), int(cols.indptr[t + 1])
            at = np.searchsorted(cols.indices[lo:hi], needles)
            found = cols.indices[lo:hi].take(at, mode="clip") == needles
            values = np.where(found, cols.data[lo:hi].take(at, mode="clip"), np.float32(0))
        out += w * values.astype(np.float64)  # adding 0.0 where absent keeps the sums identical
    return out


def top_k(
    cols: Columns, term_ids: np.ndarray, weights: np.ndarray, k: int, mask: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
    """Best ``k`` (doc, score) among documents with score > 0 (and mask True), best first.

    Requires positive weights and non-negative columns; scores exclude BM25Plus's constant.
    """
    if len(term_ids) == 1:
        return _one_term(cols, int(term_ids[0]), float(weights[0]), k, mask)
    term_ids, weights = _dense_first(cols, term_ids, weights)
    approx = _approximate(cols, term_ids, weights)
    rows = cols.champion_row[term_ids].tolist()
    seeds = selection.sorted_distinct(
        np.concatenate([_seed_docs(cols, t, r) for t, r in zip(term_ids.tolist(), rows, strict=True)])
    )
    if mask is not None:
        seeds = seeds[mask[seeds]]
    seed_scores = approx[seeds]
    theta = _kth_best(seed_scores[seed_scores > 0], k)
    # Relative error bound of a float32 sum of len(term_ids) positive float32 products, doubled.
    slack = (len(term_ids) + 2) * 2.0**-23
    # The answer's documents all score at least theta (the k-th best of some documents), give or
    # take float32 rounding on both sides.
    docs = np.flatnonzero(approx >= theta * (1 - slack) / (1 + slack) if theta > 0 else approx > 0)
    if mask is not None:
        docs = docs[mask[docs]]
    if len(docs) > _MAX_RESCORED:
        scores = accumulate(cols, term_ids, weights)[docs]
    else:
        scores = _score_docs(cols, term_ids, weights, docs)
    keep = scores > 0
    return selection.top_k(docs[keep], scores[keep], k)


def _approximate(cols: Columns, term_ids: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """The weighted sum in float32, for candidate selection only (terms dense first)."""
    out = None
    for t, w in zip(term_ids.tolist(), weights.tolist(), strict=True):
        row = int(cols.dense_row[t])
        if out is None:  # no need to add to zeros
            out = np.float32(w) * cols.dense[row] if row >= 0 else np.zeros(cols.n_docs, dtype=np.float32)
            if row >= 0:
                continue
        if row >= 0:
            out += cols.dense[row] if w == 1 else np.float32(w) * cols.dense[row]
        else:
            lo, hi = int(cols.indptr[t]), int(cols.indptr[t + 1])
            _add_column(out, cols.indices[lo:hi], cols.data[lo:hi], w)
    return np.zeros(cols.n_docs, dtype=np.float32) if out is None else out


def _dense_first(cols: Columns, term_ids: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The terms with a dense column first (stable), so the sum can start from a copy of one."""
    order = np.argsort(cols.dense_row[term_ids] < 0, kind="stable")
    return term_ids[order], weights[order]


def _one_term(
    cols: Columns, t: int, w: float, k: int, mask: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
    lo, hi = int(cols.indptr[t]), int(cols.indptr[t + 1])
    row = int(cols.champion_row[t])
    if row >= 0 and k <= CHAMPIONS:
        docs = cols.champions[row]
        if mask is not None:
            docs = docs[mask[docs]]
        values = w * cols.data[lo + np.searchsorted(cols.indices[lo:hi], docs)].astype(np.float64)
        # Any other document scores at most the floor: champions above it are the answer.
        if _kth_best(values, k) > w * float(cols.champion_floor[row]):
            return selection.top_k(docs.astype(np.int64), values, k)
    docs = cols.indices[lo:hi].astype(np.int64)
    values = w * cols.data[lo:hi].astype(np.float64)
    keep = values > 0
    if mask is not None:
        keep &= mask[docs]
    return selection.top_k(docs[keep], values[keep], k)


def _add_column(out: np.ndarray, doc_ids: np.ndarray, values: np.ndarray, weight: float) -> None:
    """``out[doc_ids] += weight * values`` in one compiled pass; values have out's dtype."""
    if _csc_matvec is None:  # pragma: no cover
        out[doc_ids] += np.multiply(values, weight, dtype=out.dtype)
        return
    bounds = np.array([0, len(doc_ids)], dtype=doc_ids.dtype)
    _csc_matvec(len(out), 1, bounds, doc_ids, values, np.array([weight], dtype=out.dtype), out)


def _seed_docs(cols: Columns, term: int, row: int) -> np.ndarray:
    if row >= 0:
        return cols.champions[row]
    return cols.indices[cols.indptr[term] : cols.indptr[term + 1]]


def _kth_best(scores: np.ndarray, k: int) -> float:
    """The k-th largest value, or -inf when there are fewer than k."""
    if len(scores) < k or k <= 0:
        return -np.inf
    return float(np.partition(scores, len(scores) - k)[len(scores) - k])
