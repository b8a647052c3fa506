"""The bot token never reaches a log line (discord.py's DEBUG logs included), an error, stdout or
stderr, or anything the bot sends to Discord: a recognisable fake token is grepped for everywhere."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from pathlib import Path

import pytest

from bot.cli.discord_commands import REJECTED, serve
from bot.discordbot.client import create_bot
from bot.discordbot.token import read_token
from bot.engine import Engine

from . import payloads
from .conftest import START_TIMEOUT, STOP_TIMEOUT, bot_config
from .double import REJECTED_TOKEN, DiscordDouble

FAKE_TOKEN = (
    "MTEwNDk3NjU0MzIxMDk4NzY1NA.GkCnry.leak-canary_Zq9xW7vT3sR1pN5mK8jH2gF4dS6aL0"  # shaped like a real one
)


def assert_nowhere(token: str, *texts: str) -> None:
    for text in texts:
        assert token not in text


@pytest.fixture
def everything_logged(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG)  # root, so discord.gateway / discord.http / aiohttp too
    return caplog


async def test_a_rejected_token_is_reported_without_the_token(
    double: DiscordDouble,
    engine: Engine,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    everything_logged: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", REJECTED_TOKEN)
    config = bot_config(tmp_path)
    status = await asyncio.wait_for(
        serve(create_bot(config, engine), read_token(config.discord)), START_TIMEOUT
    )
    out, err = capsys.readouterr()
    assert status == 2 and REJECTED in err
    assert_nowhere(REJECTED_TOKEN, everything_logged.text, out, err)


async def test_a_whole_session_never_shows_the_token(
    double: DiscordDouble,
    engine: Engine,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    everything_logged: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """From a token file: log in, answer, fail inside the engine, /stats, /reload, resume after a
    dropped connection, shut down."""
    token_file = tmp_path / "token"
    token_file.write_text(FAKE_TOKEN + "\n", encoding="utf-8")
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    config = bot_config(tmp_path, token_file=str(token_file))
    bot = create_bot(config, engine, guild_ready_timeout=0.05)
    runner = asyncio.create_task(bot.start(read_token(config.discord)))
    try:
        await asyncio.wait_for(bot.wait_until_ready(), START_TIMEOUT)
        replies = [
            await double.interact(
                payloads.interaction(2, payloads.slash("ask", question="What is LlamaRL?"))
            ),
            await double.interact(payloads.interaction(2, payloads.slash("stats"))),
        ]

        def broken(*args: object, **kwargs: object) -> None:
            raise RuntimeError("index file vanished")

        with (
            pytest.MonkeyPatch.context() as patch
        ):  # not `monkeypatch`: it also points discord.py at the double
            patch.setattr(engine, "search", broken)
            replies.append(
                await double.interact(payloads.interaction(2, payloads.slash("search", query="anything")))
            )
        await double.drop_connection()
        await double.wait_until(lambda: double.resumes == 1, timeout=START_TIMEOUT)
        admin = payloads.interaction(
            2, payloads.slash("reload"), user_id=payloads.ADMIN_ID, permissions=payloads.ALL_PERMISSIONS
        )
        await double.dispatch("INTERACTION_CREATE", admin)
        await double.wait_until(
            lambda: any(r.path.startswith("/webhooks/") for r in double.for_token(admin["token"])), 60
        )
    finally:
        await asyncio.wait_for(bot.close(), STOP_TIMEOUT)
        await asyncio.wait_for(runner, STOP_TIMEOUT)
    out, err = capsys.readouterr()
    assert "index file vanished" in everything_logged.text  # the failure was logged, in full
    assert any("RESUME" in r.getMessage() for r in everything_logged.records)  # DEBUG really captured
    sent = [str(record.body) for record in double.requests]
    assert_nowhere(FAKE_TOKEN, everything_logged.text, out, err, *map(str, replies), *sent)


async def test_an_engine_that_cannot_load_in_its_worker_stops_the_bot_without_the_token(
    double: DiscordDouble,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    everything_logged: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The shipped mode: the engine in a worker process (which inherits the environment)."""
    monkeypatch.setenv("DISCORD_TOKEN", FAKE_TOKEN)
    templates = tmp_path / "answers.yaml"
    templates.write_text("markdown: {{ unclosed\n", encoding="utf-8")
    config = bot_config(tmp_path, engine_process=True)
    config = dataclasses.replace(config, answer=dataclasses.replace(config.answer, templates=str(templates)))
    status = await asyncio.wait_for(serve(create_bot(config), read_token(config.discord)), 60)
    out, err = capsys.readouterr()
    assert status == 2 and "engine could not load" in err and "answers.yaml" in err
    assert_nowhere(FAKE_TOKEN, everything_logged.text, out, err)
