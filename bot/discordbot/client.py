"""The bot: a commands.Bot whose setup_hook loads one cog per concern, with the engine injected.

The engine is synchronous CPU work; every call goes through ``run_engine`` onto the bot's own
worker threads so the event loop keeps heartbeating and answering while it runs.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, TypeVar

import discord
from discord.ext import commands

from bot.config import Config
from bot.discordbot import errors, replies, views
from bot.discordbot.cooldowns import Cooldowns
from bot.discordbot.settings import DiscordSettings
from bot.discordbot.sync import STATE_FILE, SyncState, global_schema_pending, state_dir, sync_commands

if TYPE_CHECKING:
    from bot.engine import Engine

log = logging.getLogger(__name__)
T = TypeVar("T")

EXTENSIONS = (
    "bot.discordbot.cogs.ask",
    "bot.discordbot.cogs.papers",
    "bot.discordbot.cogs.meta",
    "bot.discordbot.cogs.admin",
)


def build_intents(settings: DiscordSettings) -> discord.Intents:
    """Only what the bot uses: guilds, messages (mentions, DMs) and, if opted in, message content."""
    intents = discord.Intents.none()
    intents.guilds = True
    intents.guild_messages = True
    intents.dm_messages = True
    intents.message_content = settings.message_content_intent
    return intents


class PaperBot(commands.Bot):
    """Slash commands, mentions and buttons over one Engine."""

    def __init__(
        self,
        config: Config,
        engine: Engine | None,
        *,
        sync_state: SyncState | None = None,
        auto_sync: bool = True,
        **options: Any,
    ) -> None:
        settings = config.discord
        super().__init__(
            # No text commands: conversation goes through the Ask cog's listener (see on_message).
            command_prefix=commands.when_mentioned,
            help_command=None,
            intents=build_intents(settings),
            allowed_mentions=discord.AllowedMentions.none(),
            **options,
        )
        self.config = config
        self.settings = settings
        self._engine = engine
        self.cooldowns = Cooldowns(settings.cooldowns)
        self.sync_state = sync_state or SyncState(state_dir(settings) / STATE_FILE)
        self.auto_sync = auto_sync
        self._engine_jobs = 0  # submitted to the executor and not finished (event-loop thread only)
        self.executor = ThreadPoolExecutor(settings.engine_threads, thread_name_prefix="paperbot-engine")
        self.tree.on_error = errors.on_app_command_error

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            raise RuntimeError("this PaperBot was built without an engine (schema-only use)")
        return self._engine

    async def load_cogs(self) -> None:
        for name in EXTENSIONS:
            await self.load_extension(name)
        self.add_dynamic_items(*views.DYNAMIC_ITEMS)

    async def setup_hook(self) -> None:
        await self.load_cogs()
        if not self.auto_sync:
            return
        if self.settings.test_guild_id:
            await sync_commands(self.tree, self.sync_state, guild_id=self.settings.test_guild_id)
        elif global_schema_pending(self.tree, self.sync_state):
            log.warning("slash commands changed since the last global sync; run `paperbot sync --global`")

    async def on_ready(self) -> None:
        log.info("ready as %s in %d servers", self.user, len(self.guilds))

    async def on_message(self, message: discord.Message, /) -> None:
        """Text commands are not used; the Ask cog's listener answers mentions and DMs."""

    async def on_error(self, event_method: str, /, *args: Any, **kwargs: Any) -> None:
        log.exception("error in event %s (args=%r)", event_method, [_brief(arg) for arg in args])

    def command_summary(self) -> list[tuple[str, str]]:
        """(name, description) of every slash command, for /help."""
        chat = self.tree.get_commands(type=discord.AppCommandType.chat_input)
        return [(command.name, command.description) for command in chat]

    @property
    def engine_busy(self) -> bool:
        """Every engine thread is taken: new work will queue behind it."""
        return self._engine_jobs >= self.settings.engine_threads

    async def run_engine(self, work: Callable[[], T]) -> T:
        self._engine_jobs += 1
        try:
            return await asyncio.get_running_loop().run_in_executor(self.executor, work)
        finally:
            self._engine_jobs -= 1

    async def respond(
        self,
        interaction: discord.Interaction,
        work: Callable[[], T],
        present: Callable[[T], replies.Reply],
        *,
        ephemeral: bool = False,
        edit: bool = False,
    ) -> None:
        # Under load the answer will wait in the queue anyway: defer at once rather than after a wait.
        defer_after = 0.0 if self.engine_busy else self.settings.defer_after
        await replies.respond(
            interaction,
            self.run_engine(work),
            present,
            ephemeral=ephemeral,
            edit=edit,
            defer_after=defer_after,
        )

    async def close(self) -> None:
        await super().close()
        self.executor.shutdown(wait=False, cancel_futures=True)


class ShardedPaperBot(PaperBot, commands.AutoShardedBot):
    """The same bot over several gateway shards; processes share the memory-mapped index."""


def create_bot(config: Config, engine: Engine | None, **options: Any) -> PaperBot:
    settings = config.discord
    if settings.shard_count:
        shards = {"shard_count": settings.shard_count, "shard_ids": settings.shard_ids or None}
        return ShardedPaperBot(config, engine, **shards, **options)
    return PaperBot(config, engine, **options)


def _brief(arg: Any) -> str:
    """Log context for an event argument without dumping whole objects (or message contents)."""
    if isinstance(arg, discord.Message):
        return f"message={arg.id} channel={arg.channel.id} author={arg.author.id}"
    return type(arg).__name__
