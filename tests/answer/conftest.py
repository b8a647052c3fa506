"""Fixtures of the answer layer: one engine over the bundled seed corpus, shared by the session."""

from __future__ import annotations

import dataclasses

import pytest

from bot.config import Config, load_config
from bot.engine import Engine
from bot.models import Paper


@pytest.fixture(scope="session")
def config(tmp_path_factory: pytest.TempPathFactory) -> Config:
    """The shipped configuration, with the search index kept out of the source tree."""
    shipped = load_config()
    index_dir = str(tmp_path_factory.mktemp("index"))
    return dataclasses.replace(shipped, search=dataclasses.replace(shipped.search, index_dir=index_dir))


@pytest.fixture(scope="session")
def engine(config: Config) -> Engine:
    return Engine.load(config)


@pytest.fixture(scope="session")
def papers(engine: Engine) -> tuple[Paper, ...]:
    return engine.papers
