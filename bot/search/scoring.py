"""BM25 arithmetic: idf variants and per-posting scores, with rank_bm25's exact formulas.

Pure functions over numpy arrays. Every nonzero term-document score is computed once, at build time
(the "eager sparse scoring" of bm25s), so a query only has to add up a few precomputed columns.
Arithmetic is float64, as in rank_bm25; the stored matrix is float32 (~6e-8 relative rounding).

rank_bm25 (0.2.2) behaviours reproduced here, on purpose:
  * avgdl is total tokens / number of documents, empty documents included.
  * Okapi idf is ``log(N - df + 0.5) - log(df + 0.5)``; ``average_idf`` is the mean of these raw
    values over the whole vocabulary (negative ones included), and every strictly negative idf is
    replaced by ``epsilon * average_idf`` (which is itself negative when most terms are common).
  * BM25L multiplies by the raw term frequency once more than the published formula:
    ``idf * tf * (k1 + 1) * (ctd + delta) / (k1 + ctd + delta)`` with ``ctd = tf / norm``.
  * BM25Plus gives ``idf * delta`` to every document *without* the term as well; that constant is
    kept out of the sparse matrix and added per query term instead (``constant_scores``).
  * BM25L idf is ``log(N + 1) - log(df + 0.5)``, BM25Plus idf is ``log((N + 1) / df)``.
One deliberate difference: where rank_bm25 divides 0 by 0 (k1 = 0, or b = 1 with an empty document)
and yields NaN for documents lacking a term, those documents score 0 here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

Variant = Literal["okapi", "l", "plus"]
VARIANTS: tuple[Variant, ...] = ("okapi", "l", "plus")
# rank_bm25's default delta for each variant (Okapi has none).
DEFAULT_DELTA: dict[str, float] = {"okapi": 0.0, "l": 0.5, "plus": 1.0}


@dataclass(frozen=True, slots=True)
class BM25Params:
    variant: Variant = "okapi"
    k1: float = 1.5
    b: float = 0.75
    epsilon: float = 0.25  # Okapi only: floor for negative idf, as a fraction of the average idf
    delta: float | None = None  # BM25L/BM25Plus only; None means rank_bm25's default

    def __post_init__(self) -> None:
        if self.variant not in VARIANTS:
            raise ValueError(f"unknown BM25 variant {self.variant!r}; expected one of {', '.join(VARIANTS)}")
        if not (np.isfinite(self.k1) and self.k1 >= 0):
            raise ValueError(f"k1 must be a finite number >= 0, got {self.k1!r}")
        if not (0.0 <= self.b <= 1.0):
            raise ValueError(f"b must be between 0 and 1, got {self.b!r}")
        if self.delta is None:
            object.__setattr__(self, "delta", DEFAULT_DELTA[self.variant])

    @property
    def has_constant(self) -> bool:
        """True when documents without a query term still score (BM25Plus)."""
        return self.variant == "plus" and self.delta != 0


def average_doc_length(doc_lengths: np.ndarray) -> float:
    """rank_bm25's avgdl: all tokens over all documents (0 for an empty corpus)."""
    n_docs = len(doc_lengths)
    return int(doc_lengths.sum(dtype=np.int64)) / n_docs if n_docs else 0.0


def raw_idf(doc_freq: np.ndarray, n_docs: int, params: BM25Params) -> np.ndarray:
    """Idf of each term before any floor (float64)."""
    df = doc_freq.astype(np.float64)
    if params.variant == "okapi":
        return np.log(n_docs - df + 0.5) - np.log(df + 0.5)
    if params.variant == "l":
        return np.log(n_docs + 1.0) - np.log(df + 0.5)
    return np.log((n_docs + 1.0) / df)


def idf(doc_freq: np.ndarray, n_docs: int, params: BM25Params) -> np.ndarray:
    """Idf of each term as rank_bm25 uses it, Okapi's epsilon floor included (float64)."""
    values = raw_idf(doc_freq, n_docs, params)
    if params.variant == "okapi" and values.size:
        floor = params.epsilon * float(values.mean())
        values[values < 0] = floor
    return values


def length_norms(doc_lengths: np.ndarray, avgdl: float, params: BM25Params) -> np.ndarray:
    """``1 - b + b * dl / avgdl`` per document (1 everywhere when the corpus has no tokens)."""
    if avgdl == 0:
        return np.ones(len(doc_lengths))
    return 1 - params.b + params.b * doc_lengths / avgdl


def tf_saturation(tf: np.ndarray, norm: np.ndarray, params: BM25Params) -> np.ndarray:
    """The term-frequency factor of each posting (idf excluded), for tf > 0."""
    tf = tf.astype(np.float64)
    k1 = params.k1
    if params.variant == "l":
        ctd = tf / norm
        return tf * (k1 + 1) * (ctd + params.delta) / (k1 + ctd + params.delta)
    return tf * (k1 + 1) / (tf + k1 * norm)


def posting_scores(
    indptr: np.ndarray,
    doc_ids: np.ndarray,
    tf: np.ndarray,
    doc_lengths: np.ndarray,
    term_idf: np.ndarray,
    params: BM25Params,
) -> np.ndarray:
    """Score of every posting of a term-major (CSC) frequency matrix, in its order, as float32.

    For BM25Plus this is the part above the per-term constant ``idf * delta``.
    """
    norms = length_norms(doc_lengths, average_doc_length(doc_lengths), params)
    out = np.empty(len(doc_ids), dtype=np.float32)
    # In slices of postings, so the float64 temporaries stay small at millions of documents.
    step = 1 << 22
    for lo in range(0, len(doc_ids), step):
        hi = min(lo + step, len(doc_ids))
        first, last = np.searchsorted(indptr, [lo, hi - 1], side="right") - 1
        bounds = np.clip(indptr[first : last + 2], lo, hi)
        terms = np.repeat(np.arange(first, last + 1), np.diff(bounds))
        out[lo:hi] = term_idf[terms] * tf_saturation(tf[lo:hi], norms[doc_ids[lo:hi]], params)
    return out


def constant_scores(term_idf: np.ndarray, params: BM25Params) -> np.ndarray | None:
    """BM25Plus's score of a term for a document lacking it (``idf * delta``); None for the others."""
    return term_idf * params.delta if params.has_constant else None
