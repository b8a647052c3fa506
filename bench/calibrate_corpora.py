"""The corpora the answerability calibration asks its questions of, each an engine with a cached index.

Indexes (with their paper embeddings) are saved under ``--cache`` keyed by a checksum of the
papers, so only the first run pays for encoding SciFact's 5,183 abstracts.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from bot.config import Config
from bot.corpus import load_corpus
from bot.engine import Engine
from bot.evaluation.beir import load_beir

CORPORA = ("seed", "scifact", "arxiv")


def engine_for(name: str, config: Config, shared: Path, cache: Path) -> Engine:
    """An engine over one of ``CORPORA``: the bundled seed corpus, SciFact (BEIR), or the
    2,000-paper sample of the real arXiv export."""
    if name == "scifact":
        papers = load_beir(shared / "datasets" / "scifact" / "beir").papers
        return Engine.from_papers(config, papers, index_dir=cache / name)
    corpus = config.corpus
    if name == "arxiv":
        sample = shared / "datasets" / "arxiv" / "daily_arxiv_ai_enhanced" / "sample_2000.jsonl"
        corpus = dataclasses.replace(corpus, paths=[str(sample)], overrides=None)
    papers = load_corpus(corpus).papers
    return Engine.from_papers(config, papers, index_dir=cache / name)
