"""BM25Matrix: every nonzero BM25 term-document score, precomputed, stored term-major (CSC).

A query is then the sum of a few columns: each query term's postings (document ids and float32
scores) are one contiguous slice, added into a float64 accumulator (``bot.search.topk``). Scores
equal rank_bm25's to ~1e-7 relative (float32 storage); ``bot.search.scoring`` has the formulas.
Beside the columns: champion lists and dense columns of frequent terms (fast top-k), the raw term
frequencies doc-major (``term_vector``, for feedback and similar papers), and the vocabulary.
Every array is flat, saved as .npy and memory-mapped on load (``bot.search.store``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from bot.search import scoring, selection, store, topk
from bot.search.postings import TermCounts, count_terms
from bot.search.scoring import BM25Params, Variant
from bot.search.topk import Columns
from bot.search.vocabulary import Vocabulary, vocabulary_arrays

# Query term ids remembered per matrix before the cache starts over.
_ID_CACHE_SIZE = 100_000


class BM25Matrix:
    """Immutable BM25 index over tokenized documents; build() or load() one, don't call __init__."""

    def __init__(self, params: BM25Params, arrays: Mapping[str, np.ndarray]) -> None:
        self.params = params
        self._arrays = dict(arrays)
        self._vocabulary = Vocabulary(arrays)
        self._id_cache: dict[str, int] = {}
        self._indptr = arrays["indptr"]  # int64 (V + 1,): term t's postings are [indptr[t], indptr[t+1])
        self._indices = arrays["indices"]  # int32 (nnz,): document ids, ascending within a term
        self._data = arrays["data"]  # float32 (nnz,): BM25 score of the term in that document
        self._doc_indptr = arrays["doc_indptr"]  # the same counts doc-major, for term_vector
        self._doc_terms = arrays["doc_terms"]
        self._doc_tf = arrays["doc_tf"]
        self.doc_lengths: np.ndarray = arrays["doc_lengths"]
        self.avgdl = scoring.average_doc_length(self.doc_lengths)
        self._df = np.diff(self._indptr)
        self._idf = scoring.idf(self._df, self.n_docs, params)
        self._constant = scoring.constant_scores(self._idf, params)
        self._columns = Columns(
            indptr=self._indptr,
            indices=self._indices,
            data=self._data,
            champion_row=arrays["champion_row"],
            champions=arrays["champions"],
            champion_floor=arrays["champion_floor"],
            dense_row=arrays["dense_row"],
            dense=arrays["dense"],
            n_docs=self.n_docs,
        )

    # -- construction ------------------------------------------------------------------------

    @classmethod
    def build(
        cls,
        tokenized_docs: Iterable[Sequence[str]],
        *,
        k1: float = 1.5,
        b: float = 0.75,
        variant: Variant = "okapi",
        epsilon: float = 0.25,
        delta: float | None = None,
    ) -> BM25Matrix:
        """Index documents given as token lists (read once; any iterable will do)."""
        params = BM25Params(variant=variant, k1=k1, b=b, epsilon=epsilon, delta=delta)
        return cls(params, _score_arrays(count_terms(tokenized_docs), params))

    def save(self, directory: Path, *, meta: Mapping[str, Any]) -> None:
        """Write atomically to ``directory`` (replacing any index there); ``meta`` is stored verbatim."""
        header = {
            "params": _params_json(self.params),
            "n_docs": self.n_docs,
            "n_terms": len(self._vocabulary),
        }
        store.save(Path(directory), self._arrays, header, meta)

    @classmethod
    def load(
        cls,
        directory: Path,
        *,
        expected_meta: Mapping[str, Any] | None = None,
        mmap: bool = True,
        verify: bool = False,
    ) -> BM25Matrix:
        """Open a saved index; raises store.IndexStale / store.IndexCorrupt (both IndexUnusable).

        With ``mmap`` the arrays stay on disk and are paged in on use, shared between processes.
        ``verify`` hashes every byte (slow for big indexes); otherwise a sample of blocks is checked.
        """
        stored = store.load(Path(directory), expected_meta=expected_meta, mmap=mmap, verify=verify)
        try:
            params = BM25Params(**stored.header["params"])
            matrix = cls(params, stored.arrays)
        except (KeyError, TypeError, ValueError) as exc:
            raise store.IndexCorrupt(f"{directory} is inconsistent ({exc!r})") from None
        problem = matrix._inconsistency(stored.header)
        if problem:
            raise store.IndexCorrupt(f"{directory} is inconsistent: {problem}")
        return matrix

    # -- statistics --------------------------------------------------------------------------

    @property
    def arrays(self) -> Mapping[str, np.ndarray]:
        """Every array of the index, read-only (what ``save`` writes; ``bot.search.update`` reuses)."""
        return self._arrays

    @property
    def n_docs(self) -> int:
        return len(self.doc_lengths)

    @property
    def vocabulary(self) -> Vocabulary:
        return self._vocabulary

    @property
    def doc_freqs(self) -> np.ndarray:
        """Document frequency of every term, indexed by term id."""
        return self._df

    def doc_freq(self, term: str) -> int:
        """Number of documents containing ``term`` (0 if unknown)."""
        tid = self._term_id(term)
        return 0 if tid < 0 else int(self._df[tid])

    def idf(self, term: str) -> float:
        """The idf used in scores (Okapi floor applied); 0.0 for an unknown term, as in rank_bm25."""
        tid = self._term_id(term)
        return 0.0 if tid < 0 else float(self._idf[tid])

    def knows_any(self, terms: Sequence[str]) -> bool:
        """Whether some of ``terms`` occur in the corpus (else every score is 0)."""
        return any(tid >= 0 for tid in self._term_ids(list(terms)))

    def idf_table(self) -> dict[str, float]:
        """Every term's idf, like rank_bm25's ``idf`` attribute."""
        return dict(zip(self._vocabulary, self._idf.tolist(), strict=True))

    def term_vector(self, doc_id: int) -> dict[str, float]:
        """Term -> frequency in document ``doc_id`` (terms in first-seen order of the corpus)."""
        term_ids, counts = self.term_counts(doc_id)
        names = self._vocabulary.terms(term_ids.tolist())
        return dict(zip(names, map(float, counts.tolist()), strict=True))

    def term_counts(self, doc_id: int) -> tuple[np.ndarray, np.ndarray]:
        """``term_vector`` as arrays of term ids (ascending) and counts: nothing decoded."""
        if not -self.n_docs <= doc_id < self.n_docs:
            raise IndexError(f"document {doc_id} out of range for {self.n_docs} documents")
        doc_id %= self.n_docs
        lo, hi = self._doc_indptr[doc_id], self._doc_indptr[doc_id + 1]
        return self._doc_terms[lo:hi], self._doc_tf[lo:hi]

    # -- scoring -----------------------------------------------------------------------------

    def scores(self, query_terms: Sequence[str], weights: Sequence[float] | None = None) -> np.ndarray:
        """BM25 score of every document (float64, shape (n_docs,)).

        A repeated term counts once per occurrence, as in rank_bm25; ``weights[i]`` multiplies the
        contribution of ``query_terms[i]`` (query expansion). Unknown terms contribute nothing.
        """
        term_ids, term_weights = self._query(query_terms, weights)
        out = topk.accumulate(self._columns, term_ids, term_weights)
        if self._constant is not None and len(term_ids):
            constant = float(term_weights @ self._constant[term_ids])
            if constant:  # BM25Plus with delta 0 adds nothing: skip a pass over every document
                out += constant
        return out

    def scores_for(
        self, query_terms: Sequence[str], doc_ids: np.ndarray, weights: Sequence[float] | None = None
    ) -> np.ndarray:
        """``scores(query_terms, weights)[doc_ids]`` without scoring the other documents."""
        doc_ids = np.asarray(doc_ids, dtype=np.int64)
        if doc_ids.size and not (-self.n_docs <= doc_ids.min() and doc_ids.max() < self.n_docs):
            raise IndexError(f"document ids out of range for {self.n_docs} documents")
        doc_ids = doc_ids % max(self.n_docs, 1)
        term_ids, term_weights = self._query(query_terms, weights)
        out = topk.score_docs(self._columns, term_ids, term_weights, doc_ids)
        if self._constant is not None and len(term_ids):
            out += float(term_weights @ self._constant[term_ids])
        return out

    def top_k(
        self,
        query_terms: Sequence[str],
        k: int,
        *,
        weights: Sequence[float] | None = None,
        mask: np.ndarray | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """The ``k`` best documents and their scores, best first, ties by ascending document id.

        Only documents that contain at least one query term, score above 0 and (given ``mask``, a
        bool array over documents) have ``mask`` True are returned, so there may be fewer than k.
        """
        term_ids, term_weights = self._query(query_terms, weights)
        if mask is not None:
            mask = np.asarray(mask, dtype=bool)
            if mask.shape != (self.n_docs,):
                raise ValueError(f"mask has shape {mask.shape}, expected ({self.n_docs},)")
        if len(term_ids) == 0 or k <= 0:
            return np.empty(0, dtype=np.int64), np.empty(0)
        constant = 0.0 if self._constant is None else float(term_weights @ self._constant[term_ids])
        if constant >= 0 and np.all(term_weights * self._idf[term_ids] > 0):
            # Every contribution is positive: prune instead of scoring every matching document.
            doc_ids, partial = topk.top_k(self._columns, term_ids, term_weights, k, mask)
            return doc_ids, partial + constant
        doc_ids, doc_scores = self._matching(term_ids, term_weights)
        keep = doc_scores > 0
        if mask is not None:
            keep &= mask[doc_ids]
        return selection.top_k(doc_ids[keep], doc_scores[keep], k)

    # -- internals ---------------------------------------------------------------------------

    def _term_id(self, term: str) -> int:
        return self._term_ids([term])[0]

    def _term_ids(self, terms: list[str]) -> list[int]:
        """Term ids (-1 if unknown), remembered: hashing and searching cost more than a dict hit."""
        cache = self._id_cache
        missing = [t for t in terms if t not in cache]
        if missing:
            if len(cache) > _ID_CACHE_SIZE:
                cache.clear()
            cache.update(zip(missing, self._vocabulary.lookup(missing).tolist(), strict=True))
        return [cache[t] for t in terms]

    def _query(
        self, query_terms: Sequence[str], weights: Sequence[float] | None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Known query terms as ascending distinct ids with their summed weights (zeros dropped).

        Plain Python on purpose: queries have a few dozen terms, where numpy's per-call cost dominates.
        """
        if isinstance(query_terms, str):
            raise TypeError("query_terms must be a sequence of terms, not a string")
        terms = list(query_terms)
        weights = [1.0] * len(terms) if weights is None else [float(w) for w in weights]
        if len(weights) != len(terms):
            raise ValueError(f"{len(weights)} weights given for {len(terms)} query terms")
        summed: dict[int, float] = {}
        for tid, weight in zip(self._term_ids(terms), weights, strict=True):
            if tid >= 0:
                summed[tid] = summed.get(tid, 0.0) + weight
        ids = sorted(tid for tid, weight in summed.items() if weight != 0)
        return np.array(ids, dtype=np.int64), np.array([summed[t] for t in ids], dtype=np.float64)

    def _matching(self, term_ids: np.ndarray, term_weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Ascending ids of the documents containing a query term, and their full scores."""
        if len(term_ids) == 0:
            return np.empty(0, dtype=np.int64), np.empty(0)
        slices = [(self._indptr[t], self._indptr[t + 1]) for t in term_ids.tolist()]
        if len(slices) == 1:
            lo, hi = slices[0]
            doc_ids = self._indices[lo:hi].astype(np.int64)
            doc_scores = term_weights[0] * self._data[lo:hi]
        else:
            docs = np.concatenate([self._indices[lo:hi] for lo, hi in slices])
            values = np.concatenate(
                [w * self._data[lo:hi] for (lo, hi), w in zip(slices, term_weights, strict=True)]
            )
            totals = np.bincount(docs, weights=values, minlength=self.n_docs)
            hits = np.bincount(docs, minlength=self.n_docs)
            doc_ids = np.flatnonzero(hits)
            doc_scores = totals[doc_ids]
        if self._constant is not None:
            doc_scores = doc_scores + float(term_weights @ self._constant[term_ids])
        return doc_ids, doc_scores

    def _inconsistency(self, header: Mapping[str, Any]) -> str | None:
        """Why the loaded arrays cannot describe one index, or None (cheap checks only)."""
        n_terms, nnz = len(self._vocabulary), len(self._indices)
        expected = {
            "indptr": (n_terms + 1,),
            "data": (nnz,),
            "doc_indptr": (self.n_docs + 1,),
            "doc_terms": (nnz,),
            "doc_tf": (nnz,),
            "champion_row": (n_terms,),
            "dense_row": (n_terms,),
            "term_hashes": (n_terms,),
            "term_hash_ids": (n_terms,),
        }
        for name, shape in expected.items():
            if self._arrays[name].shape != shape:
                return f"{name} has shape {self._arrays[name].shape}, expected {shape}"
        if self._arrays["dense"].shape[1:] != (self.n_docs,):
            return "dense columns do not span the documents"
        if header.get("n_docs") != self.n_docs or header.get("n_terms") != n_terms:
            return "header counts differ from the arrays"
        for name, total in (
            ("indptr", nnz),
            ("doc_indptr", nnz),
            ("term_offsets", len(self._arrays["term_blob"])),
        ):
            pointer = self._arrays[name]
            if len(pointer) == 0 or pointer[0] != 0 or pointer[-1] != total or np.any(np.diff(pointer) < 0):
                return f"{name} is not a valid offset array"
        return None


def _score_arrays(counts: TermCounts, params: BM25Params) -> dict[str, np.ndarray]:
    """All arrays of a matrix: term-major scores (the transposed counts) and the doc-major counts."""
    return arrays_from_counts(counts, vocabulary_arrays(counts.terms), params)


def arrays_from_counts(
    counts: TermCounts, vocabulary: Mapping[str, np.ndarray], params: BM25Params
) -> dict[str, np.ndarray]:
    """``_score_arrays`` with the vocabulary's arrays given (``bot.search.update`` extends them)."""
    n_terms = len(vocabulary["term_offsets"]) - 1
    # int32 offsets keep scipy from widening every index to int64 (a copy of the whole matrix).
    index_dtype = np.int32 if len(counts.doc_terms) < np.iinfo(np.int32).max else np.int64
    doc_major = sp.csr_array(
        (counts.doc_tf, counts.doc_terms, counts.doc_indptr.astype(index_dtype)),
        shape=(counts.n_docs, n_terms),
    )
    term_major = doc_major.tocsc()  # compiled counting sort; documents stay ascending per term
    del doc_major
    indptr = term_major.indptr.astype(np.int64)
    indices = term_major.indices.astype(np.int32, copy=False)
    term_idf = scoring.idf(np.diff(indptr), counts.n_docs, params)
    data = scoring.posting_scores(indptr, indices, term_major.data, counts.doc_lengths, term_idf, params)
    del term_major
    columns = {"indptr": indptr, "indices": indices, "data": data}
    return {
        **columns,
        **topk.champion_arrays(**columns),
        **topk.dense_arrays(**columns, n_docs=counts.n_docs),
        **vocabulary,
        "doc_lengths": counts.doc_lengths,
        "doc_indptr": counts.doc_indptr,
        "doc_terms": counts.doc_terms,
        "doc_tf": counts.doc_tf,
    }


def _params_json(params: BM25Params) -> dict[str, Any]:
    return {
        "variant": params.variant,
        "k1": params.k1,
        "b": params.b,
        "epsilon": params.epsilon,
        "delta": params.delta,
    }
