"""Updating a BM25 matrix in place of a rebuild: the same index a build of the new corpus gives."""

from __future__ import annotations

import numpy as np
import pytest

from bot.search.matrix import BM25Matrix
from bot.search.update import updated_matrix

DOCS = [
    ["the", "cat", "sat", "on", "the", "mat"],
    ["dogs", "chase", "cats", "in", "the", "park"],
    ["a", "mat", "for", "every", "cat", "and", "dog"],
    ["retrieval", "with", "bm25", "scores", "documents"],
    ["cat"] * 70_000,  # a count beyond uint16: the update keeps counts exact
]
NEW = [
    ["speculative", "decoding", "for", "long", "contexts"],
    ["cats", "and", "speculative", "dogs"],
    [],
]
QUERIES = [["cat"], ["speculative", "decoding"], ["the", "mat", "dog"], ["bm25"], ["unknown"]]


def build(docs: list[list[str]]) -> BM25Matrix:
    return BM25Matrix.build(docs, k1=1.5, b=0.75, variant="plus", delta=0.0)


def test_appending_documents_gives_the_arrays_of_a_fresh_build() -> None:
    old = build(DOCS[:4])
    reuse = np.array([0, 1, 2, 3, -1, -1, -1, -1])
    updated = updated_matrix(old, reuse, [DOCS[4], *NEW])
    fresh = build([*DOCS[:4], DOCS[4], *NEW])
    assert updated.arrays.keys() == fresh.arrays.keys()
    for name, array in fresh.arrays.items():
        assert updated.arrays[name].dtype == array.dtype, name
        np.testing.assert_array_equal(updated.arrays[name], array, err_msg=name)


def test_replacing_and_dropping_documents_scores_like_a_fresh_build() -> None:
    old = build(DOCS)
    # Keep 2, drop 0 and 4, replace 1 by a fresh text, keep 3 after a new one.
    reuse = np.array([2, -1, -1, 3])
    fresh_docs = [NEW[0], NEW[1]]
    updated = updated_matrix(old, reuse, fresh_docs)
    expected_docs = [DOCS[2], NEW[0], NEW[1], DOCS[3]]
    fresh = build(expected_docs)
    assert updated.n_docs == fresh.n_docs
    assert set(updated.vocabulary) == set(fresh.vocabulary)  # "chase", "sat", ... are gone
    for query in QUERIES:
        np.testing.assert_allclose(updated.scores(query), fresh.scores(query), rtol=1e-6)
        assert updated.top_k(query, 3)[0].tolist() == fresh.top_k(query, 3)[0].tolist()
    for row in range(fresh.n_docs):
        assert updated.term_vector(row) == fresh.term_vector(row)


def test_an_update_of_a_saved_memory_mapped_matrix(tmp_path) -> None:
    build(DOCS[:4]).save(tmp_path / "m", meta={})
    loaded = BM25Matrix.load(tmp_path / "m")
    updated = updated_matrix(loaded, np.array([0, 1, 2, 3, -1]), [NEW[0]])
    np.testing.assert_array_equal(
        updated.scores(["speculative"]), build([*DOCS[:4], NEW[0]]).scores(["speculative"])
    )


def test_a_mismatch_between_rows_and_documents_is_refused() -> None:
    with pytest.raises(ValueError):
        updated_matrix(build(DOCS[:2]), np.array([0, -1]), [])
    with pytest.raises(IndexError):
        updated_matrix(build(DOCS[:2]), np.array([0, 5]), [])
