"""PaperIndex.updated: the index of a changed corpus, reusing analysed rows and embeddings."""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

import numpy as np

from bot.corpus import load_corpus
from bot.corpus.settings import CorpusSettings
from bot.search import PaperIndex, semantic
from bot.search.settings import SearchSettings


def hashed_vectors(texts: list[str]) -> np.ndarray:
    """A deterministic stand-in for the model: each text's vector comes from its digest."""
    rows = [np.frombuffer(hashlib.sha256(t.encode()).digest(), dtype=np.uint8)[:8] for t in texts]
    return np.array(rows, dtype=np.float32) + 1.0


def test_an_update_encodes_only_new_papers_and_equals_a_build(bundled_corpus: Path) -> None:
    papers = load_corpus(
        CorpusSettings(paths=[str(bundled_corpus)], overrides=str(bundled_corpus / "overrides.yaml"))
    ).papers
    encoded: list[str] = []

    def counting(texts: list[str]) -> np.ndarray:
        encoded.extend(texts)
        return hashed_vectors(texts)

    settings = SearchSettings()
    old = PaperIndex.build(papers[:-3], settings, semantic.Encoder(counting, "hashed", 8))
    edited = dataclasses.replace(papers[0], abstract=papers[0].abstract + " An extra closing sentence.")
    new_papers = (edited, *papers[1:])
    encoded.clear()
    updated = old.updated(new_papers)
    assert sorted(encoded) == sorted(semantic.paper_text(p) for p in (edited, *papers[-3:]))
    rebuilt = PaperIndex.build(new_papers, settings, semantic.Encoder(hashed_vectors, "hashed", 8))
    np.testing.assert_array_equal(updated._vectors, rebuilt._vectors)
    for query in ("reinforcement learning for LLMs", "audio understanding", "graph neural networks"):
        assert [(h.paper.id, round(h.score, 6)) for h in updated.search(query)] == [
            (h.paper.id, round(h.score, 6)) for h in rebuilt.search(query)
        ]
