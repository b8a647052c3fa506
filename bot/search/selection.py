"""Top-k selection by partial sort, with ties broken by document index (lower first)."""

from __future__ import annotations

import numpy as np

# Below this many candidates one full sort is cheaper than partition-then-sort.
_SMALL = 512


def sorted_distinct(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values: one sort and a comparison (numpy's hashing ``unique`` costs more,
    from a few hundred integers to hundreds of thousands)."""
    values = np.sort(values)
    return values[np.concatenate(([True], values[1:] != values[:-1]))] if len(values) else values


def top_k(doc_ids: np.ndarray, scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The ``k`` best (doc_id, score) pairs, best first; equal scores in ascending doc_id order.

    ``doc_ids`` must be distinct. Runs in O(n + k log k): a partition finds the k-th best score,
    then only the documents at or above it are sorted. Which of several documents tied at the k-th
    score get in is decided by doc_id too, so the result never depends on partition internals.
    """
    k = max(0, min(int(k), len(scores)))
    if k == 0:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float64)
    if len(scores) <= _SMALL:
        best = np.lexsort((doc_ids, -scores))[:k]
        return doc_ids[best].astype(np.int64, copy=False), scores[best].astype(np.float64, copy=False)
    if k < len(scores):
        kth = np.partition(scores, len(scores) - k)[len(scores) - k]
        above = np.flatnonzero(scores > kth)
        tied = np.flatnonzero(scores == kth)
        if len(tied) > k - len(above):
            tied = tied[np.argsort(doc_ids[tied], kind="stable")[: k - len(above)]]
        chosen = np.concatenate((above, tied))
    else:
        chosen = np.arange(len(scores))
    order = np.lexsort((doc_ids[chosen], -scores[chosen]))
    best = chosen[order]
    return doc_ids[best].astype(np.int64, copy=False), scores[best].astype(np.float64, copy=False)
