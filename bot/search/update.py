"""A BM25 matrix for a changed corpus, reusing the analysed rows of the documents that stayed.

Analysing text (tokenising, stemming, interning) is most of the cost of building an index; the
rest is vectorised numpy. So the update keeps each unchanged document's term counts (doc-major
rows of the old matrix), counts only the new documents, gives their unseen terms the next ids,
and recomputes every statistic that depends on the whole collection (document frequencies, idf,
average length, the scores, champion lists) in the same compiled passes a build uses. Appending
documents gives arrays identical to a fresh build of the whole corpus, bit for bit; removing or
reordering gives the same scores (term ids of terms no document uses any more are dropped).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from bot.search.matrix import BM25Matrix, arrays_from_counts
from bot.search.postings import TermCounts, count_terms
from bot.search.vocabulary import Vocabulary, stable_hash


def updated_matrix(matrix: BM25Matrix, reuse: np.ndarray, fresh_docs: Sequence[Sequence[str]]) -> BM25Matrix:
    """The matrix of a new document sequence: document ``i`` is row ``reuse[i]`` of ``matrix`` when
    ``reuse[i] >= 0``, otherwise the next of ``fresh_docs`` (token lists, in order)."""
    reuse = np.asarray(reuse, dtype=np.int64)
    fresh_rows = np.flatnonzero(reuse < 0)
    if len(fresh_rows) != len(fresh_docs):
        raise ValueError(f"{len(fresh_rows)} rows to fill but {len(fresh_docs)} fresh documents")
    if reuse.size and reuse.max(initial=-1) >= matrix.n_docs:
        raise IndexError(f"reused row out of range for {matrix.n_docs} documents")
    old = matrix.arrays
    fresh = count_terms(fresh_docs)
    n_known = len(old["term_offsets"]) - 1
    known = Vocabulary(old).lookup(fresh.terms) if fresh.terms else np.empty(0, dtype=np.int64)
    unseen = known < 0
    global_ids = np.where(unseen, n_known + np.cumsum(unseen) - 1, known)
    fresh_terms, fresh_tf = _sorted_rows(fresh, global_ids)

    # A pool of rows: the old matrix's, then the fresh ones; the new matrix picks rows from it.
    pool_indptr = np.concatenate([old["doc_indptr"], old["doc_indptr"][-1] + fresh.doc_indptr[1:]])
    pool_terms = np.concatenate([old["doc_terms"], fresh_terms]).astype(np.int32, copy=False)
    pool_tf = np.concatenate([old["doc_tf"].astype(np.int32), fresh_tf.astype(np.int32)])
    pool_lengths = np.concatenate([old["doc_lengths"], fresh.doc_lengths]).astype(np.int32, copy=False)
    source = reuse.copy()
    source[fresh_rows] = matrix.n_docs + np.arange(len(fresh_rows))
    doc_indptr, take = _gather(pool_indptr, source)
    doc_terms, doc_tf = pool_terms[take], pool_tf[take]
    del pool_terms, pool_tf

    vocabulary, doc_terms = _vocabulary(old, [fresh.terms[j] for j in np.flatnonzero(unseen)], doc_terms)
    if doc_tf.size == 0 or doc_tf.max() <= np.iinfo(np.uint16).max:
        doc_tf = doc_tf.astype(np.uint16)  # as count_terms stores them
    counts = TermCounts(
        terms=[],  # not read: the vocabulary's arrays are given whole
        vocabulary={},
        doc_lengths=pool_lengths[source],
        doc_indptr=doc_indptr,
        doc_terms=doc_terms,
        doc_tf=doc_tf,
    )
    return BM25Matrix(matrix.params, arrays_from_counts(counts, vocabulary, matrix.params))


def _sorted_rows(fresh: TermCounts, global_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The fresh documents' term ids in the old matrix's numbering, ascending within each row."""
    terms = global_ids[fresh.doc_terms] if fresh.doc_terms.size else np.empty(0, dtype=np.int64)
    rows = np.repeat(np.arange(fresh.n_docs, dtype=np.int64), np.diff(fresh.doc_indptr))
    order = np.lexsort((terms, rows))
    return terms[order].astype(np.int32), fresh.doc_tf[order]


def _gather(indptr: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """CSR offsets of ``rows`` taken in order, and the positions of their entries in the source."""
    starts = indptr[rows]
    sizes = indptr[rows + 1] - starts
    out = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum(sizes, out=out[1:])
    take = np.repeat(starts - out[:-1], sizes) + np.arange(out[-1], dtype=np.int64)
    return out, take


def _vocabulary(
    arrays: Mapping[str, np.ndarray], new_terms: list[str], doc_terms: np.ndarray
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """The old vocabulary's arrays with ``new_terms`` appended, minus terms no document uses now
    (renumbered keeping their order), and ``doc_terms`` in that numbering."""
    n_known = len(arrays["term_offsets"]) - 1
    hashes = np.empty(n_known, dtype=np.uint64)
    hashes[arrays["term_hash_ids"]] = arrays["term_hashes"]
    encoded = [term.encode("utf-8") for term in new_terms]
    hashes = np.concatenate([hashes, np.fromiter(map(stable_hash, new_terms), np.uint64, len(new_terms))])
    blob = np.concatenate([arrays["term_blob"], np.frombuffer(b"".join(encoded), dtype=np.uint8)])
    sizes = np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded))
    offsets = np.concatenate([arrays["term_offsets"], arrays["term_offsets"][-1] + np.cumsum(sizes)])
    used = np.bincount(doc_terms, minlength=len(hashes)) > 0
    if not used.all():
        keep = np.flatnonzero(used)
        renumber = np.cumsum(used) - 1
        doc_terms = renumber[doc_terms].astype(np.int32)
        offsets, take = _gather(offsets, keep)
        blob, hashes = blob[take], hashes[keep]
    order = np.argsort(hashes, kind="stable")
    vocabulary: dict[str, np.ndarray] = {
        "term_blob": blob.astype(np.uint8, copy=False),
        "term_offsets": offsets.astype(np.int64, copy=False),
        "term_hashes": hashes[order],
        "term_hash_ids": order.astype(np.int32),
    }
    return vocabulary, doc_terms
