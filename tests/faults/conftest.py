"""Fault-injection fixtures: a private copy of the bundled corpus, and a config that reads it."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from bot.config import Config, load_config
from bot.engine import INDEX_FOLDER


@pytest.fixture
def corpus_dir(tmp_path: Path, bundled_corpus: Path) -> Path:
    """A copy of the seed corpus (without any saved index) that a test may edit or break."""
    target = tmp_path / "corpus"
    shutil.copytree(bundled_corpus, target, ignore=shutil.ignore_patterns(INDEX_FOLDER))
    return target


@pytest.fixture
def config(corpus_dir: Path) -> Config:
    """The shipped config over the copy; the index lives in ``<copy>/.index`` as in production."""
    shipped = load_config()
    corpus = dataclasses.replace(
        shipped.corpus, paths=[str(corpus_dir)], overrides=str(corpus_dir / "overrides.yaml")
    )
    return dataclasses.replace(shipped, corpus=corpus)


@pytest.fixture
def index_dir(corpus_dir: Path) -> Path:
    return corpus_dir / INDEX_FOLDER
