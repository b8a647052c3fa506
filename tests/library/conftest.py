"""An engine over the bundled seed corpus with a private state store and index folder."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from bot.config import Config, load_config
from bot.engine import Engine
from bot.models import Paper, Source
from bot.state import PaperRecord

# A real arXiv paper the seed corpus does not have (arXiv 1706.03762, its published abstract).
ATTENTION = Paper(
    id="1706.03762",
    title="Attention Is All You Need",
    abstract=(
        "The dominant sequence transduction models are based on complex recurrent or convolutional "
        "neural networks in an encoder-decoder configuration. The best performing models also connect "
        "the encoder and decoder through an attention mechanism. We propose a new simple network "
        "architecture, the Transformer, based solely on attention mechanisms, dispensing with recurrence "
        "and convolutions entirely. Experiments on two machine translation tasks show these models to be "
        "superior in quality while being more parallelizable and requiring significantly less time to "
        "train. Our model achieves 28.4 BLEU on the WMT 2014 English-to-German translation task, "
        "improving over the existing best results, including ensembles by over 2 BLEU."
    ),
    authors=("Ashish Vaswani", "Noam Shazeer", "Niki Parmar", "Jakob Uszkoreit"),
    arxiv_id="1706.03762",
    published=date(2017, 6, 12),
    updated=date(2023, 8, 2),
    category="cs.CL",
    categories=("cs.CL", "cs.LG"),
    sources=(Source("arxiv", 0, "arxiv-api"),),
)


def as_record(paper: Paper, version: int = 1, withdrawn: bool = False) -> PaperRecord:
    return PaperRecord(paper, version, withdrawn)


def living_config(tmp_path: Path, *, semantic: bool = False) -> Config:
    config = load_config()
    search = dataclasses.replace(
        config.search,
        index_dir=str(tmp_path / "index"),
        semantic=dataclasses.replace(config.search.semantic, enabled=semantic),
    )
    storage = dataclasses.replace(
        config.storage, path=str(tmp_path / "state" / "paperbot.db"), busy_timeout_seconds=0.5
    )
    return dataclasses.replace(config, search=search, storage=storage)


@pytest.fixture
def make_engine(tmp_path: Path) -> Callable[..., Engine]:
    def make(**options: bool) -> Engine:
        return Engine.load(living_config(tmp_path, **options))

    return make
