"""Drop-in replacements for rank_bm25's BM25Okapi, BM25L and BM25Plus, backed by a BM25Matrix.

Same constructor signatures, same methods, same scores (to ~1e-7 relative; see
``bot.search.scoring`` for the formulas and quirks reproduced), but a query costs the size of its
terms' posting lists instead of a Python loop over every document.

Behaviour kept from rank_bm25 0.2.2:
  * ``get_scores`` returns a float64 numpy array; ``get_batch_scores`` returns a *list* of floats
    (rank_bm25 ends it with ``.tolist()``) and accepts negative ids, as Python indexing does.
  * ``get_top_n`` orders by ``np.argsort(scores)[::-1]``: among equal scores the later document
    comes first, and it returns n documents even when they score 0.
  * Attributes ``corpus_size``, ``avgdl``, ``doc_len``, ``idf`` (a dict), ``k1``, ``b``,
    ``epsilon``/``delta`` and, for Okapi, ``average_idf``.
Differences: documents are tokenized in-process (rank_bm25 starts a multiprocessing Pool, which
needs a picklable tokenizer); a corpus mismatch in ``get_top_n`` raises ValueError instead of
AssertionError; an empty corpus is accepted (every score is 0) instead of ZeroDivisionError; and
``doc_freqs``, a dict per document, is not kept (use ``matrix.term_vector(i)``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import cached_property
from typing import Any, TypeVar

import numpy as np

from bot.search import scoring
from bot.search.matrix import BM25Matrix
from bot.search.scoring import Variant

T = TypeVar("T")


class _BM25:
    _variant: Variant

    def __init__(
        self,
        corpus: Iterable[Any],
        tokenizer: Callable[[Any], Sequence[str]] | None,
        **params: float,
    ) -> None:
        docs = map(tokenizer, corpus) if tokenizer else corpus
        self.matrix = BM25Matrix.build(docs, variant=self._variant, **params)
        self.k1 = self.matrix.params.k1
        self.b = self.matrix.params.b

    @property
    def corpus_size(self) -> int:
        return self.matrix.n_docs

    @property
    def avgdl(self) -> float:
        return self.matrix.avgdl

    @property
    def doc_len(self) -> list[int]:
        return self.matrix.doc_lengths.tolist()

    @cached_property
    def idf(self) -> dict[str, float]:
        return self.matrix.idf_table()

    def get_scores(self, query: Sequence[str]) -> np.ndarray:
        return self.matrix.scores(query)

    def get_batch_scores(self, query: Sequence[str], doc_ids: Sequence[int]) -> list[float]:
        return self.matrix.scores_for(query, np.asarray(doc_ids, dtype=np.int64)).tolist()

    def get_top_n(self, query: Sequence[str], documents: Sequence[T], n: int = 5) -> list[T]:
        if len(documents) != self.corpus_size:
            raise ValueError(f"{len(documents)} documents given for an index of {self.corpus_size}")
        best = np.argsort(self.get_scores(query))[::-1][:n]
        return [documents[i] for i in best]


class BM25Okapi(_BM25):
    _variant = "okapi"

    def __init__(
        self,
        corpus: Iterable[Any],
        tokenizer: Callable[[Any], Sequence[str]] | None = None,
        k1: float = 1.5,
        b: float = 0.75,
        epsilon: float = 0.25,
    ) -> None:
        super().__init__(corpus, tokenizer, k1=k1, b=b, epsilon=epsilon)
        self.epsilon = epsilon

    @cached_property
    def average_idf(self) -> float:
        """Mean idf before the epsilon floor, over the whole vocabulary (rank_bm25's definition)."""
        raw = scoring.raw_idf(self.matrix.doc_freqs, self.corpus_size, self.matrix.params)
        return float(raw.mean()) if raw.size else 0.0


class BM25L(_BM25):
    _variant = "l"

    def __init__(
        self,
        corpus: Iterable[Any],
        tokenizer: Callable[[Any], Sequence[str]] | None = None,
        k1: float = 1.5,
        b: float = 0.75,
        delta: float = 0.5,
    ) -> None:
        super().__init__(corpus, tokenizer, k1=k1, b=b, delta=delta)
        self.delta = delta


class BM25Plus(_BM25):
    _variant = "plus"

    def __init__(
        self,
        corpus: Iterable[Any],
        tokenizer: Callable[[Any], Sequence[str]] | None = None,
        k1: float = 1.5,
        b: float = 0.75,
        delta: float = 1,
    ) -> None:
        super().__init__(corpus, tokenizer, k1=k1, b=b, delta=delta)
        self.delta = delta
