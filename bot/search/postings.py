"""Token lists -> per-document term counts, built with numpy in bounded working memory.

Documents are consumed once, in chunks: each chunk's tokens are interned to integer ids and the
(document, term) pairs are counted by sorting one int64 key per token, so no per-document Python
dict is ever created and the working set is one chunk, whatever the corpus size.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain, islice

import numpy as np

# Documents per chunk: ~7.5M tokens for abstract-length text, i.e. a 60 MB sort key.
CHUNK_DOCS = 50_000
# Term ids live in the low half of the sort key, document positions in the high half.
_TERM_BITS = 32
_TERM_MASK = (1 << _TERM_BITS) - 1


@dataclass(frozen=True, slots=True)
class TermCounts:
    """A corpus as a doc-major sparse matrix of term frequencies (CSR: documents x terms)."""

    terms: list[str]  # term id -> term, in order of first occurrence
    vocabulary: dict[str, int]  # term -> term id
    doc_lengths: np.ndarray  # int32 (n_docs,): tokens per document, repeats included
    doc_indptr: np.ndarray  # int64 (n_docs + 1,): document d's terms are doc_terms[indptr[d]:indptr[d+1]]
    doc_terms: np.ndarray  # int32 (nnz,): term ids, ascending within a document
    doc_tf: np.ndarray  # uint16, or int32 if needed (nnz,): how often the term occurs in the document

    @property
    def n_docs(self) -> int:
        return len(self.doc_lengths)


def count_terms(docs: Iterable[Sequence[str]]) -> TermCounts:
    """Count every term of every document; ``docs`` may be any iterable, it is read once."""
    vocabulary: defaultdict[str, int] = defaultdict()
    # A missing term gets the next id: the default factory runs before the insertion.
    vocabulary.default_factory = vocabulary.__len__
    lengths, terms, tfs, row_sizes = [], [], [], []
    for chunk in _chunks(docs, CHUNK_DOCS):
        chunk_lengths = np.fromiter(map(len, chunk), dtype=np.int64, count=len(chunk))
        ids = np.fromiter(
            map(vocabulary.__getitem__, chain.from_iterable(chunk)),
            dtype=np.int64,
            count=int(chunk_lengths.sum()),
        )
        chunk_terms, chunk_tf, chunk_rows = _count_chunk(ids, chunk_lengths)
        lengths.append(chunk_lengths)
        terms.append(chunk_terms)
        tfs.append(chunk_tf)
        row_sizes.append(chunk_rows)
    if len(vocabulary) > _TERM_MASK:
        raise ValueError(f"vocabulary of {len(vocabulary)} terms exceeds the {_TERM_MASK} supported")
    doc_lengths = _concat(lengths, np.int64)
    if doc_lengths.size and doc_lengths.max() > np.iinfo(np.int32).max:
        raise ValueError("a document longer than 2**31 tokens is not supported")
    indptr = np.zeros(len(doc_lengths) + 1, dtype=np.int64)
    np.cumsum(_concat(row_sizes, np.int64), out=indptr[1:])
    doc_terms = _concat(terms, np.int32)
    terms.clear()  # the chunks, before the next concatenation doubles memory again
    doc_tf = _concat(tfs, np.int32)
    tfs.clear()
    if doc_tf.size == 0 or doc_tf.max() <= np.iinfo(np.uint16).max:
        doc_tf = doc_tf.astype(np.uint16)  # counts rarely need more: a third less memory
    plain = dict(vocabulary)
    return TermCounts(
        terms=list(plain),
        vocabulary=plain,
        doc_lengths=doc_lengths.astype(np.int32),
        doc_indptr=indptr,
        doc_terms=doc_terms,
        doc_tf=doc_tf,
    )


def _count_chunk(ids: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct (document, term) pairs of one chunk, doc-major, with counts and per-document sizes."""
    rows = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
    keys = (rows << _TERM_BITS) | ids
    keys.sort()
    if keys.size == 0:
        empty = np.empty(0, dtype=np.int32)
        return empty, empty, np.zeros(len(lengths), dtype=np.int64)
    is_start = np.empty(keys.size, dtype=bool)
    is_start[0] = True
    np.not_equal(keys[1:], keys[:-1], out=is_start[1:])
    starts = np.flatnonzero(is_start)
    tf = np.diff(starts, append=keys.size).astype(np.int32)
    first = keys[starts]
    row_sizes = np.bincount(first >> _TERM_BITS, minlength=len(lengths))
    return (first & _TERM_MASK).astype(np.int32), tf, row_sizes


def _chunks(docs: Iterable[Sequence[str]], size: int) -> Iterator[list[Sequence[str]]]:
    iterator = iter(docs)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _concat(parts: list[np.ndarray], dtype: type) -> np.ndarray:
    return np.concatenate(parts).astype(dtype, copy=False) if parts else np.empty(0, dtype=dtype)
