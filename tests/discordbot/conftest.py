"""Fixtures of the Discord edge: the real engine over the bundled seed corpus, and a bot around it
(constructed and with its cogs loaded, but never connected: the e2e tests do the connecting)."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.config import Config, load_config
from bot.discordbot.client import PaperBot, create_bot
from bot.discordbot.completion import completion_source
from bot.engine import Engine


@pytest.fixture(scope="session")
def config(tmp_path_factory: pytest.TempPathFactory) -> Config:
    """The shipped configuration, with the index and the sync state kept out of the source tree."""
    shipped = load_config()
    search = dataclasses.replace(shipped.search, index_dir=str(tmp_path_factory.mktemp("index")))
    # The engine in this process (the shipped worker process is covered end to end in tests/e2e).
    state = str(tmp_path_factory.mktemp("state"))
    discord = dataclasses.replace(shipped.discord, state_dir=state, engine_process=False)
    return dataclasses.replace(shipped, search=search, discord=discord)


@pytest.fixture(scope="session")
def engine(config: Config) -> Engine:
    return Engine.load(config)


@pytest.fixture
async def bot(config: Config, engine: Engine, tmp_path: Path) -> AsyncIterator[PaperBot]:
    paperbot = create_bot(config, engine)
    await paperbot.load_cogs()
    await paperbot.completions.refresh(completion_source(engine))
    yield paperbot
    paperbot.runner.close()
