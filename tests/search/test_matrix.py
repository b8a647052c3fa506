"""BM25Matrix: top-k, weights, term vectors and statistics, on the seed corpus and small cases."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from unittest.mock import patch

import numpy as np
import pytest
import rank_bm25
from hypothesis import given
from hypothesis import strategies as st

from bot.search import BM25Matrix, postings, selection, topk

WORDS = st.sampled_from(["a", "b", "c", "d", "e"])
DOCS = st.lists(st.lists(WORDS, max_size=10), min_size=1, max_size=20)
QUERY = st.lists(st.one_of(WORDS, st.just("unknown")), min_size=1, max_size=5)


@pytest.fixture(scope="module")
def seed_docs(bundled_corpus: Path) -> list[list[str]]:
    lines = (
        line for path in sorted(bundled_corpus.glob("*.txt")) for line in path.read_text("utf-8").splitlines()
    )
    return [line.lower().split() for line in lines]


@pytest.fixture(scope="module")
def seed_matrix(seed_docs: list[list[str]]) -> BM25Matrix:
    return BM25Matrix.build(seed_docs)


def expected_top(scores: np.ndarray, docs: list[list[str]], query: list[str], k: int) -> list[int]:
    """Brute force: matching documents with positive score, by score then document index."""
    matching = [i for i, doc in enumerate(docs) if set(doc) & set(query) and scores[i] > 0]
    return sorted(matching, key=lambda i: (-scores[i], i))[:k]


@pytest.mark.parametrize("champions", [2, topk.CHAMPIONS], ids=lambda c: f"champions={c}")
@pytest.mark.parametrize("variant", ["okapi", "l", "plus"])
@given(docs=DOCS, query=QUERY, k=st.integers(0, 25), data=st.data())
def test_top_k_is_the_brute_force_ranking(
    variant: str, champions: int, docs: list[list[str]], query: list[str], k: int, data: st.DataObject
) -> None:
    # Few champions per term make the pruning stages run on these small corpora.
    with patch.object(topk, "CHAMPIONS", champions):
        matrix = BM25Matrix.build(docs, variant=variant)
    weights = data.draw(st.lists(st.sampled_from([0.5, 1.0, 3.0]), min_size=len(query), max_size=len(query)))
    scores = matrix.scores(query, weights)
    ids, top = matrix.top_k(query, k, weights=weights)
    assert ids.tolist() == expected_top(scores, docs, query, k)
    assert np.allclose(top, scores[ids], rtol=1e-12)


@given(docs=DOCS, query=QUERY, data=st.data())
def test_mask_keeps_only_allowed_documents(
    docs: list[list[str]], query: list[str], data: st.DataObject
) -> None:
    with patch.object(topk, "CHAMPIONS", 2):
        matrix = BM25Matrix.build(docs)
    mask = np.array(data.draw(st.lists(st.booleans(), min_size=len(docs), max_size=len(docs))))
    ids, _ = matrix.top_k(query, len(docs), mask=mask)
    unmasked, _ = matrix.top_k(query, len(docs))
    assert ids.tolist() == [i for i in unmasked.tolist() if mask[i]]


def test_ties_go_to_the_lower_document_index() -> None:
    docs = [["x"], ["q"], ["r"], ["s"], ["y", "z"], ["y", "z"], ["y", "z"]]
    ids, scores = BM25Matrix.build(docs).top_k(["y"], 2)
    assert ids.tolist() == [4, 5]
    assert scores[0] == scores[1]


def test_only_positive_matching_documents_are_returned() -> None:
    # Most terms are in most documents: the average idf is negative, so is the floored idf of "a".
    docs = [["a", "c"], ["a", "c"], ["a", "c"], ["b"], ["a"]]
    okapi = BM25Matrix.build(docs)
    assert okapi.idf("a") < 0
    assert okapi.top_k(["a"], 10)[0].tolist() == []
    # BM25Plus gives documents without the term a constant score; they are still not results.
    plus = BM25Matrix.build(docs, variant="plus")
    assert plus.scores(["b"])[0] > 0
    assert plus.top_k(["b"], 10)[0].tolist() == [3]


def test_weights_scale_each_terms_contribution(seed_matrix: BM25Matrix) -> None:
    single = {term: seed_matrix.scores([term]) for term in ("model", "training", "llama")}
    weighted = seed_matrix.scores(["model", "training", "llama"], weights=[0.5, 2.0, 1.0])
    assert np.allclose(weighted, 0.5 * single["model"] + 2.0 * single["training"] + single["llama"])
    assert np.allclose(seed_matrix.scores(["model", "model"]), 2 * single["model"])
    ids, top = seed_matrix.top_k(["model", "training"], 5, weights=[0.0, 1.0])
    assert np.allclose(top, single["training"][ids])


def test_weights_must_match_the_terms(seed_matrix: BM25Matrix) -> None:
    with pytest.raises(ValueError, match="2 weights given for 1 query terms"):
        seed_matrix.scores(["model"], weights=[1.0, 2.0])
    with pytest.raises(TypeError):
        seed_matrix.scores("model")


def test_scores_equal_rank_bm25_on_the_seed_corpus(
    seed_docs: list[list[str]], seed_matrix: BM25Matrix
) -> None:
    reference = rank_bm25.BM25Okapi(seed_docs)
    query = ["sparse", "mixture", "of", "experts", "model"]
    assert np.allclose(seed_matrix.scores(query), reference.get_scores(query), rtol=1e-6, atol=0)
    doc_ids = np.array([0, 5, 17, len(seed_docs) - 1])
    assert np.allclose(
        seed_matrix.scores_for(query, doc_ids), reference.get_scores(query)[doc_ids], rtol=1e-6
    )


def test_statistics(seed_docs: list[list[str]], seed_matrix: BM25Matrix) -> None:
    assert seed_matrix.n_docs == len(seed_docs)
    assert seed_matrix.avgdl == pytest.approx(sum(map(len, seed_docs)) / len(seed_docs))
    assert seed_matrix.doc_lengths.tolist() == [len(doc) for doc in seed_docs]
    assert seed_matrix.doc_freq("model") == sum("model" in doc for doc in seed_docs)
    assert seed_matrix.doc_freq("nonexistentword") == 0
    assert seed_matrix.idf("nonexistentword") == 0.0
    assert set(seed_matrix.vocabulary) == {term for doc in seed_docs for term in doc}


def test_term_vector_is_the_documents_term_counts(
    seed_docs: list[list[str]], seed_matrix: BM25Matrix
) -> None:
    for doc_id in (0, 1, len(seed_docs) // 2, len(seed_docs) - 1):
        assert seed_matrix.term_vector(doc_id) == Counter(seed_docs[doc_id])
    with pytest.raises(IndexError):
        seed_matrix.term_vector(len(seed_docs))


def test_knows_any_tells_whether_a_query_can_score(seed_matrix: BM25Matrix) -> None:
    assert seed_matrix.knows_any(["nonexistentword", "model"])
    assert not seed_matrix.knows_any(["nonexistentword"])
    assert not seed_matrix.knows_any([])


def test_term_counts_are_the_term_vector_by_id(seed_docs: list[list[str]], seed_matrix: BM25Matrix) -> None:
    for doc_id in (0, len(seed_docs) - 1):
        term_ids, counts = seed_matrix.term_counts(doc_id)
        assert np.all(np.diff(term_ids) > 0)
        names = seed_matrix.vocabulary.terms(term_ids.tolist())
        assert dict(zip(names, counts.tolist(), strict=True)) == Counter(seed_docs[doc_id])
        assert seed_matrix.doc_freqs[term_ids].tolist() == [seed_matrix.doc_freq(t) for t in names]


def test_chunked_counting_gives_the_same_matrix(seed_docs: list[list[str]], monkeypatch) -> None:
    whole = BM25Matrix.build(seed_docs)
    monkeypatch.setattr(postings, "CHUNK_DOCS", 7)
    chunked = BM25Matrix.build(iter(seed_docs))  # a one-shot iterator is enough
    query = ["language", "model", "the"]
    assert np.array_equal(chunked.scores(query), whole.scores(query))
    assert chunked.term_vector(50) == whole.term_vector(50)


def test_empty_corpus_and_empty_documents_score_zero() -> None:
    assert BM25Matrix.build([]).scores(["a"]).shape == (0,)
    matrix = BM25Matrix.build([[], []])
    assert matrix.scores(["a"]).tolist() == [0.0, 0.0]
    assert matrix.top_k(["a"], 3)[0].size == 0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"variant": "bm42"}, "unknown BM25 variant"), ({"k1": -1}, "k1 must be"), ({"b": 1.5}, "b must be")],
)
def test_invalid_parameters_are_rejected(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        BM25Matrix.build([["a"]], **kwargs)


def test_selection_breaks_ties_at_the_cut_by_document_id() -> None:
    doc_ids = np.array([40, 10, 30, 20, 50])
    scores = np.array([1.0, 2.0, 1.0, 1.0, 3.0])
    ids, top = selection.top_k(doc_ids, scores, 3)
    assert ids.tolist() == [50, 10, 20]
    assert top.tolist() == [3.0, 2.0, 1.0]
    assert selection.top_k(doc_ids, scores, 0)[0].size == 0
    assert selection.top_k(doc_ids, scores, 99)[0].tolist() == [50, 10, 20, 30, 40]


@pytest.mark.parametrize("champions", [4, topk.CHAMPIONS], ids=lambda c: f"champions={c}")
def test_top_k_matches_brute_force_on_a_zipfian_corpus(champions: int) -> None:
    # Bigger than the hypothesis corpora: frequent terms with long posting lists, rare terms, and
    # documents that are nobody's champion but match many query terms.
    rng = np.random.default_rng(7)
    words = [f"w{i}" for i in range(400)]
    p = 1.0 / np.arange(1, 401) ** 1.1
    docs = [[words[i] for i in rng.choice(400, size=rng.integers(1, 40), p=p / p.sum())] for _ in range(3000)]
    with patch.object(topk, "CHAMPIONS", champions):
        matrix = BM25Matrix.build(docs)
    for _ in range(150):
        query = [words[i] for i in rng.choice(400, size=rng.integers(1, 12), p=p / p.sum())]
        k = int(rng.choice([1, 10, 100]))
        scores = matrix.scores(query)
        ids, top = matrix.top_k(query, k)
        assert ids.tolist() == expected_top(scores, docs, query, k)
        assert np.allclose(top, scores[ids], rtol=1e-12)


@pytest.mark.parametrize("n", [5, 2000])
def test_selection_equals_a_full_sort(n: int) -> None:
    rng = np.random.default_rng(n)
    doc_ids = rng.permutation(10 * n)[:n]
    scores = rng.integers(0, 20, n).astype(float)  # many ties, also at the cut
    for k in (1, 7, n // 2, n):
        expected = sorted(range(n), key=lambda i: (-scores[i], doc_ids[i]))[:k]
        ids, top = selection.top_k(doc_ids, scores, k)
        assert ids.tolist() == doc_ids[expected].tolist()
        assert top.tolist() == scores[expected].tolist()
