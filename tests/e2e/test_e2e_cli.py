"""`paperbot run` and `paperbot sync` against the double: clean signals, rejected tokens, explicit global sync."""

from __future__ import annotations

import asyncio
import dataclasses
import multiprocessing
import signal
import subprocess
import sys

import pytest

from bot.cli.discord_commands import serve, upload
from bot.discordbot.client import create_bot
from bot.discordbot.sync import SyncState

from . import payloads
from .conftest import START_TIMEOUT, bot_config, running
from .double import REJECTED_TOKEN

GLOBAL_COMMANDS = f"/applications/{payloads.APP_ID}/commands"


@pytest.mark.parametrize("engine_process", [True, False])
async def test_sigterm_closes_the_gateway_cleanly_and_exits_zero(
    double, engine, tmp_path, engine_process
) -> None:
    bot = create_bot(bot_config(tmp_path, engine_process=engine_process), engine, guild_ready_timeout=0.05)
    serving = asyncio.create_task(serve(bot, "test-token"))
    # The engine worker, if any, loads the engine before the bot connects.
    await double.wait_until(lambda: double.identifies == 1, timeout=START_TIMEOUT)
    await asyncio.wait_for(bot.wait_until_ready(), START_TIMEOUT)
    signal.raise_signal(signal.SIGTERM)
    assert await asyncio.wait_for(serving, 10) == 0
    assert bot.is_closed()
    await double.wait_until(lambda: not double.connected)
    assert not multiprocessing.active_children()  # the engine worker, if any, has exited


async def test_a_rejected_token_exits_2_with_one_line(double, engine, tmp_path, capsys) -> None:
    bot = create_bot(bot_config(tmp_path), engine)
    assert await asyncio.wait_for(serve(bot, REJECTED_TOKEN), 10) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "rejected the token" in err and REJECTED_TOKEN not in err


async def test_global_sync_happens_only_when_asked(double, engine, tmp_path, capsys) -> None:
    config = bot_config(tmp_path)
    config = dataclasses.replace(config, discord=dataclasses.replace(config.discord, test_guild_id=0))
    async with running(config, engine):
        pass
    assert not [r for r in double.requests if r.method == "PUT"]  # no test guild: nothing synced
    assert await asyncio.wait_for(upload(config, "test-token", None), 10) == 0
    assert [r.path for r in double.requests if r.method == "PUT"] == [GLOBAL_COMMANDS]
    assert "all servers" in capsys.readouterr().out
    state = SyncState(tmp_path / "discord-sync.json").read()
    assert list(state) == [f"{payloads.APP_ID}:global"]


def test_run_without_a_token_explains_in_one_line_and_exits_2(tmp_path) -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "bot", "run"], capture_output=True, text=True, env=env, timeout=60, check=False
    )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "DISCORD_TOKEN" in done.stderr and "Traceback" not in done.stderr


async def test_an_engine_that_cannot_load_in_its_worker_is_one_line_and_exit_2(
    double, tmp_path, capsys
) -> None:
    config = bot_config(tmp_path, engine_process=True)
    missing = str(tmp_path / "no-such-templates.yaml")
    config = dataclasses.replace(config, answer=dataclasses.replace(config.answer, templates=missing))
    assert await asyncio.wait_for(serve(create_bot(config), "test-token"), 60) == 2
    err = capsys.readouterr().err
    assert err.startswith("paperbot: the engine could not load: ConfigError") and missing in err
    assert "Traceback" not in err
