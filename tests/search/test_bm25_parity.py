"""Our BM25Okapi/BM25L/BM25Plus against the real rank_bm25 package, on random and seed corpora.

Tolerance: 1e-6 relative to the sum of the absolute per-term contributions (each computed by
rank_bm25 itself). When all contributions have one sign, as with positive idf, that *is* 1e-6
relative to the score; it only differs where Okapi's negative epsilon floor makes terms cancel,
and there float32 storage error scales with the terms, not with their near-zero sum.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import rank_bm25
from hypothesis import assume, given
from hypothesis import strategies as st

from bot.search import BM25L, BM25Okapi, BM25Plus

RTOL = 1e-6
PAIRS = [(BM25Okapi, rank_bm25.BM25Okapi), (BM25L, rank_bm25.BM25L), (BM25Plus, rank_bm25.BM25Plus)]
PAIR_IDS = ["okapi", "l", "plus"]

# A tiny vocabulary so terms repeat within documents and occur in most of them (negative Okapi idf).
WORDS = st.sampled_from(["a", "b", "c", "d", "e", "f", "g"])
DOCS = st.lists(st.lists(WORDS, max_size=12), min_size=1, max_size=15)
QUERY = st.lists(st.one_of(WORDS, st.sampled_from(["unknown", "zz"])), max_size=6)


def tolerance(reference: rank_bm25.BM25, query: list[str]) -> np.ndarray:
    magnitude = sum((np.abs(reference.get_scores([term])) for term in query), np.zeros(reference.corpus_size))
    return RTOL * magnitude + 1e-12


def assert_scores_match(ours: object, reference: rank_bm25.BM25, query: list[str]) -> None:
    expected = reference.get_scores(query)
    got = ours.get_scores(query)
    assert isinstance(got, np.ndarray) and got.dtype == np.float64 and got.shape == expected.shape
    assert np.all(np.abs(got - expected) <= tolerance(reference, query))


def assert_top_n_match(ours: object, reference: rank_bm25.BM25, query: list[str], n: int) -> None:
    documents = list(range(reference.corpus_size))
    expected = reference.get_top_n(query, documents, n=n)
    got = ours.get_top_n(query, documents, n=n)
    scores, ours_scores = reference.get_scores(query), ours.get_scores(query)
    # Equally good rankings always; the very same documents unless float32 rounding could reorder:
    # scores within rounding of each other (ties included) that are not also tied in ours.
    assert np.allclose(scores[got], scores[expected], rtol=RTOL, atol=1e-12)
    close = np.abs(scores[:, None] - scores[None, :]) <= 2 * tolerance(reference, query).max()
    same_ties = (ours_scores[:, None] == ours_scores[None, :]) & (scores[:, None] == scores[None, :])
    if np.all(same_ties, where=close):
        assert got == expected


def params(cls: type) -> st.SearchStrategy[dict[str, float]]:
    common = {"k1": st.floats(0.05, 3.0), "b": st.floats(0.0, 1.0)}
    if cls is BM25Okapi:
        return st.fixed_dictionaries({**common, "epsilon": st.floats(0.0, 1.0)})
    return st.fixed_dictionaries({**common, "delta": st.floats(0.0, 2.0)})


@pytest.mark.parametrize(("ours_cls", "ref_cls"), PAIRS, ids=PAIR_IDS)
@given(data=st.data(), docs=DOCS, query=QUERY)
def test_random_corpora_match_rank_bm25(
    ours_cls: type, ref_cls: type, data: st.DataObject, docs, query
) -> None:
    kwargs = data.draw(params(ours_cls))
    # rank_bm25 divides by zero on a corpus without tokens, and yields NaN for an empty document
    # when b = 1 (its length norm is 0); both are documented differences, not compared here.
    assume(any(docs))
    assume(kwargs["b"] < 1 or all(docs))
    ours, reference = ours_cls(docs, **kwargs), ref_cls(docs, **kwargs)

    assert ours.avgdl == pytest.approx(reference.avgdl)
    assert ours.idf == pytest.approx(reference.idf, rel=1e-12)
    assert_scores_match(ours, reference, query)
    ids = data.draw(st.lists(st.integers(-len(docs), len(docs) - 1), max_size=8))
    got = ours.get_batch_scores(query, ids)
    assert isinstance(got, list)
    expected = reference.get_batch_scores(query, ids)
    assert np.all(np.abs(np.subtract(got, expected)) <= tolerance(reference, query)[ids])
    assert_top_n_match(ours, reference, query, n=data.draw(st.integers(0, len(docs) + 1)))


def test_epsilon_floor_for_terms_in_most_documents() -> None:
    # "a" is in 3 of 4 documents: negative raw idf, floored to epsilon * average idf.
    docs = [["a", "b"], ["a", "c"], ["a"], ["d"]]
    ours, reference = BM25Okapi(docs, epsilon=0.5), rank_bm25.BM25Okapi(docs, epsilon=0.5)
    assert ours.average_idf == pytest.approx(reference.average_idf)
    assert ours.idf["a"] == pytest.approx(0.5 * reference.average_idf)
    assert_scores_match(ours, reference, ["a", "a", "b", "nowhere"])


def seed_documents(corpus_dir: Path) -> list[list[str]]:
    lines = (
        line for path in sorted(corpus_dir.glob("*.txt")) for line in path.read_text("utf-8").splitlines()
    )
    return [line.lower().split() for line in lines]


SEED_QUERIES = [
    ["language", "model"],
    ["llama", "4", "scout", "and", "maverick"],
    ["the", "the", "of", "benchmark"],
    ["mixture-of-experts", "context", "length", "quantization", "nonexistentword"],
    [],
]


@pytest.mark.parametrize(("ours_cls", "ref_cls"), PAIRS, ids=PAIR_IDS)
def test_seed_corpus_matches_rank_bm25(bundled_corpus: Path, ours_cls: type, ref_cls: type) -> None:
    docs = seed_documents(bundled_corpus)
    assert len(docs) > 100
    ours, reference = ours_cls(docs), ref_cls(docs)
    # Queries: the fixed ones plus every 10th line of the corpus itself.
    for query in SEED_QUERIES + docs[::10]:
        assert_scores_match(ours, reference, query)
        ids = list(range(0, len(docs), 7))
        assert np.allclose(
            ours.get_batch_scores(query, ids), reference.get_batch_scores(query, ids), rtol=RTOL
        )
        assert_top_n_match(ours, reference, query, n=10)


def test_tokenizer_is_applied_to_raw_documents(bundled_corpus: Path) -> None:
    raw = [" ".join(doc) for doc in seed_documents(bundled_corpus)]
    ours = BM25Okapi(raw, tokenizer=str.split)
    reference = rank_bm25.BM25Okapi([doc.split() for doc in raw])
    assert_scores_match(ours, reference, ["model", "training"])


def test_get_top_n_rejects_other_documents() -> None:
    with pytest.raises(ValueError, match="2 documents given for an index of 3"):
        BM25Okapi([["a"], ["b"], ["c"]]).get_top_n(["a"], ["x", "y"])
