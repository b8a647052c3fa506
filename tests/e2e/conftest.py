"""Start the real PaperBot (real discord.py client, real engine on the seed corpus) against the
local Discord API double, over loopback. Every wait is bounded; teardown checks nothing leaked."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import discord
import pytest
import yarl

from bot.config import Config, load_config
from bot.discordbot.client import PaperBot, create_bot
from bot.engine import Engine

from . import payloads
from .double import PATIENCE, DiscordDouble

# Bounds on a hang, not expected durations (an engine worker process loads torch and the embedding
# model before the bot is ready: seconds when idle, much longer on a busy machine).
START_TIMEOUT = PATIENCE
STOP_TIMEOUT = PATIENCE


@pytest.fixture(scope="session")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    config = load_config()
    index_dir = str(tmp_path_factory.mktemp("index"))
    return Engine.load(
        dataclasses.replace(config, search=dataclasses.replace(config.search, index_dir=index_dir))
    )


def bot_config(state_dir: Path, **discord_settings: object) -> Config:
    """The shipped config, with the test guild and nothing written into the source tree."""
    config = load_config()
    # In-process engine by default (one engine for the session, checkable via bot.engine);
    # test_e2e_engine_process.py covers the shipped worker-process mode.
    discord_settings = {"engine_process": False, **discord_settings}
    settings = dataclasses.replace(
        config.discord, test_guild_id=payloads.GUILD_ID, state_dir=str(state_dir), **discord_settings
    )
    search = dataclasses.replace(config.search, index_dir=str(state_dir / "index"))
    return dataclasses.replace(config, discord=settings, search=search)


@pytest.fixture
async def double(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[DiscordDouble]:
    server = DiscordDouble()
    await server.start()
    # The two switches that point discord.py at another Discord: REST (webhooks too) and gateway.
    monkeypatch.setattr(discord.http.Route, "BASE", server.rest_base)
    monkeypatch.setattr(discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(server.gateway_url))
    yield server
    await server.close()


@asynccontextmanager
async def running(config: Config, engine: Engine | None, **options: object) -> AsyncIterator[PaperBot]:
    """A started bot that has seen READY and its guild; closed and awaited on exit.
    ``options`` go to the discord.py client (e.g. heartbeat_timeout)."""
    before = asyncio.all_tasks()
    # guild_ready_timeout: discord.py waits this long for more GUILD_CREATEs before on_ready.
    bot = create_bot(config, engine, **{"guild_ready_timeout": 0.05, **options})
    runner = asyncio.create_task(bot.start("test-token"))
    try:
        await asyncio.wait_for(bot.wait_until_ready(), START_TIMEOUT)
        yield bot
    finally:
        await asyncio.wait_for(bot.close(), STOP_TIMEOUT)
        await asyncio.wait_for(runner, STOP_TIMEOUT)
        await _assert_no_leaked_tasks(before)


async def _assert_no_leaked_tasks(before: set[asyncio.Task]) -> None:
    # Tasks finishing their last step after close() may do so (however slowly the machine runs);
    # a task still running after STOP_TIMEOUT is a leak.
    leaked = [t for t in asyncio.all_tasks() - before if not t.done() and t is not asyncio.current_task()]
    if leaked:
        await asyncio.wait(leaked, timeout=STOP_TIMEOUT)
    leaked = [t for t in leaked if not t.done()]
    if leaked:
        raise AssertionError(f"tasks left running after the bot closed: {leaked}")


@pytest.fixture
def start_bot(double: DiscordDouble, engine: Engine, tmp_path: Path) -> Callable:
    """``async with start_bot(**discord_settings) as bot``: a bot with these settings overridden;
    ``client_options`` go to the discord.py client."""

    def start(client_options: dict | None = None, **discord_settings: object):
        return running(bot_config(tmp_path, **discord_settings), engine, **(client_options or {}))

    return start


@pytest.fixture
async def bot(start_bot: Callable) -> AsyncIterator[PaperBot]:
    async with start_bot() as started:
        yield started
