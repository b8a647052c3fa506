"""CLI commands of the Discord edge: run the bot, sync its slash commands, print their schema."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import signal
import sys

import discord

from bot.config import Config
from bot.discordbot.runner import EngineUnavailable

log = logging.getLogger("paperbot")

REJECTED = "paperbot: Discord rejected the token; reset it under Bot in the Developer Portal"
NO_INTENT = (
    "paperbot: discord.message_content_intent is on but the Message Content intent is not enabled "
    "for this bot in the Developer Portal (Bot > Privileged Gateway Intents)"
)


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    run_parser = commands.add_parser(
        "run", parents=[common], help="run the Discord bot (token from DISCORD_TOKEN or discord.token_file)"
    )
    run_parser.set_defaults(handler=run)

    sync_parser = commands.add_parser(
        "sync",
        parents=[common],
        help="upload the slash commands to the test guild, or with --global everywhere",
    )
    sync_parser.add_argument(
        "--global",
        dest="everywhere",
        action="store_true",
        help="sync globally (may take up to an hour to show)",
    )
    sync_parser.set_defaults(handler=sync)

    schema_parser = commands.add_parser(
        "commands",
        parents=[common],
        help="print the slash-command schema that would be synced (no token needed)",
    )
    schema_parser.add_argument("--json", action="store_true", help="print the exact JSON payload")
    schema_parser.set_defaults(handler=show_commands)


def _token_or_none(config: Config) -> str | None:
    from bot.discordbot.token import TokenError, read_token

    try:
        return read_token(config.discord)
    except TokenError as exc:
        print(f"paperbot: {exc}", file=sys.stderr)
        return None


def run(args: argparse.Namespace, config: Config) -> int:
    from bot.discordbot.client import create_bot
    from bot.engine import Engine

    token = _token_or_none(config)
    if token is None:
        return 2
    discord.utils.setup_logging(level=getattr(logging, config.logging.level))
    if config.discord.engine_process:
        engine = None  # the worker process loads its own
    else:
        log.info("loading the corpus and index")
        try:
            engine = Engine.load(config)
        except Exception as exc:  # a bug or an unreadable corpus: one line, as in worker mode
            print(f"paperbot: the engine could not load: {type(exc).__name__}: {exc}", file=sys.stderr)
            return 2
    return asyncio.run(serve(create_bot(config, engine), token))


async def serve(bot: discord.Client, token: str) -> int:
    """Run until the bot stops or SIGINT/SIGTERM arrives, then close the connection cleanly."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    runner = asyncio.create_task(bot.start(token))
    stopper = asyncio.create_task(stop.wait())
    try:
        await asyncio.wait({runner, stopper}, return_when=asyncio.FIRST_COMPLETED)
        if stop.is_set():
            log.info("shutting down")
        await bot.close()
        with contextlib.suppress(Exception):
            await runner  # its outcome is read below
    finally:
        stopper.cancel()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)
    return _exit_status(runner)


def _exit_status(runner: asyncio.Task[None]) -> int:
    error = None if runner.cancelled() else runner.exception()
    if error is None:
        return 0
    if isinstance(error, discord.LoginFailure):
        print(REJECTED, file=sys.stderr)
        return 2
    if isinstance(error, discord.PrivilegedIntentsRequired):
        print(NO_INTENT, file=sys.stderr)
        return 2
    if isinstance(error, EngineUnavailable):
        print(f"paperbot: the engine could not load: {error}", file=sys.stderr)
        return 2
    log.error("the bot stopped on an error", exc_info=error)
    return 1


def sync(args: argparse.Namespace, config: Config) -> int:
    guild_id = None if args.everywhere else config.discord.test_guild_id
    if not guild_id and not args.everywhere:
        print(
            "paperbot: set discord.test_guild_id to sync to a test guild, or pass --global", file=sys.stderr
        )
        return 2
    token = _token_or_none(config)
    if token is None:
        return 2
    discord.utils.setup_logging(level=getattr(logging, config.logging.level))
    return asyncio.run(upload(config, token, guild_id))


async def upload(config: Config, token: str, guild_id: int | None) -> int:
    """Log in over REST only (no gateway), sync unconditionally, and record the schema hash."""
    from bot.discordbot.client import create_bot
    from bot.discordbot.sync import sync_commands

    async with create_bot(config, serving=False) as bot:
        try:
            await bot.login(token)
        except discord.LoginFailure:
            print(REJECTED, file=sys.stderr)
            return 2
        await sync_commands(bot.tree, bot.sync_state, guild_id=guild_id, force=True)
    where = f"guild {guild_id}" if guild_id else "all servers (global; may take up to an hour to show)"
    print(f"synced the slash commands to {where}")
    return 0


def show_commands(args: argparse.Namespace, config: Config) -> int:
    schema = asyncio.run(_schema(config))
    if args.json:
        print(json.dumps(schema, indent=2, ensure_ascii=False))
        return 0
    for command in schema:
        name = f"/{command['name']}" if command.get("type", 1) == 1 else f"{command['name']} (message menu)"
        print(f"{name:<28} {command.get('description', '')}")
    return 0


async def _schema(config: Config) -> list[dict]:
    from bot.discordbot.client import create_bot
    from bot.discordbot.sync import command_schema

    bot = create_bot(config, serving=False)
    try:
        await bot.load_cogs()
        return command_schema(bot.tree)
    finally:
        bot.runner.close()
