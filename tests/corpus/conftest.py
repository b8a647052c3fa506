"""Fixtures of the corpus tests: the bundled seed corpus loaded once, and a writer of small inputs."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.corpus import CorpusLoad, load_corpus
from bot.corpus.settings import CorpusSettings
from bot.models import Paper


def seed_settings(corpus: Path) -> CorpusSettings:
    """The bundled corpus as the shipped config reads it: its folder plus its curated overrides."""
    return CorpusSettings(paths=[str(corpus)], overrides=str(corpus / "overrides.yaml"))


@pytest.fixture(scope="session")
def seeds(bundled_corpus: Path) -> CorpusLoad:
    return load_corpus(seed_settings(bundled_corpus))


@pytest.fixture(scope="session")
def find(seeds: CorpusLoad) -> Callable[[str], Paper]:
    """The one seed paper whose abstract contains ``phrase``."""

    def find(phrase: str) -> Paper:
        hits = [p for p in seeds.papers if phrase in p.abstract]
        assert len(hits) == 1, f"{phrase!r} is in {len(hits)} papers"
        return hits[0]

    return find


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str | bytes], Path]:
    """Write one input file under tmp_path and return its path."""

    def write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return write


@pytest.fixture(scope="session")
def load() -> Callable[..., CorpusLoad]:
    """load(*paths, overrides=None, **settings): load_corpus on the given files or folders."""

    def load(*paths: Path, overrides: Path | None = None, **changes: object) -> CorpusLoad:
        settings = CorpusSettings(
            paths=[str(p) for p in paths], overrides=str(overrides) if overrides else None
        )
        return load_corpus(dataclasses.replace(settings, **changes))

    return load
