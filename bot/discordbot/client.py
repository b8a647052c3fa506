"""The bot: a commands.Bot whose setup_hook loads one cog per concern, with the engine injected.

The engine is synchronous CPU work; every call goes through the bot's runner (worker threads or
a worker process, see runner.py) so the event loop keeps heartbeating and answering meanwhile.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import discord
from discord.ext import commands

from bot.answer.render import Renderer
from bot.config import Config
from bot.discordbot import errors, replies
from bot.discordbot.completion import Completions, completion_source
from bot.discordbot.cooldowns import Cooldowns
from bot.discordbot.runner import Call, ProcessRunner, ThreadRunner, call
from bot.discordbot.settings import DiscordSettings
from bot.discordbot.sync import STATE_FILE, SyncState, global_schema_pending, state_dir, sync_commands
from bot.settings import ConfigError

if TYPE_CHECKING:
    from bot.engine import Engine, ReloadReport

log = logging.getLogger(__name__)
T = TypeVar("T")

EXTENSIONS = (
    "bot.discordbot.cogs.ask",
    "bot.discordbot.cogs.papers",
    "bot.discordbot.cogs.meta",
    "bot.discordbot.cogs.admin",
    "bot.discordbot.cogs.library",
    "bot.discordbot.cogs.buttons",
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
        runner: ThreadRunner | ProcessRunner,
        *,
        sync_state: SyncState | None = None,
        serving: bool = True,
        clock: Callable[[], float] = time.monotonic,
        **options: Any,
    ) -> None:
        settings = config.discord
        super().__init__(
            # No text commands: conversation goes through the Ask cog's listener (see on_message).
            command_prefix=commands.when_mentioned,
            help_command=None,
            intents=build_intents(settings),
            allowed_mentions=discord.AllowedMentions.none(),
            tree_cls=errors.ReportingTree,
            **options,
        )
        self.config = config
        self.settings = settings
        self.runner = runner
        # The bot renders its own answers (the engine may live in another process): from the
        # operator's templates, rebuilt on /reload. Built on first use, so that a bad templates
        # file is reported as the engine's start-up failure (the engine reads it too).
        self._renderer: Renderer | None = None
        self.completions = Completions()
        self._completions_task: asyncio.Task[None] | None = None
        self.clock = clock
        self.cooldowns = Cooldowns(settings.cooldowns)
        self.sync_state = sync_state or SyncState(state_dir(settings) / STATE_FILE)
        # False for `paperbot sync` / `paperbot commands`: cogs only, no engine, no automatic sync.
        self.serving = serving

    @property
    def renderer(self) -> Renderer:
        if self._renderer is None:
            self._renderer = Renderer.from_settings(self.config.answer)
        return self._renderer

    @property
    def engine(self) -> Engine:
        """The in-process engine (thread runner); tests use it to check answers."""
        return self.runner.engine

    async def load_cogs(self) -> None:
        for name in EXTENSIONS:
            await self.load_extension(name)

    async def setup_hook(self) -> None:
        await self.load_cogs()
        if not self.serving:
            return
        await self.runner.start()
        _ = self.renderer  # the templates the engine just loaded
        self._refresh_completions()
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

    async def run_engine(self, work: Call[T]) -> T:
        return await self.runner.run(work)

    def _refresh_completions(self) -> None:
        """Fetch what autocomplete needs and build its lookup in the background (until it is ready,
        autocomplete waits for it within its deadline)."""

        async def refresh() -> None:
            try:
                await self.completions.refresh(await self.runner.run(call(completion_source)))
            except Exception:
                log.exception("could not build the autocomplete tables; keeping the previous ones")

        if self._completions_task is not None:
            self._completions_task.cancel()
        self._completions_task = asyncio.create_task(refresh(), name="paperbot-completions")

    async def reload(self) -> tuple[ReloadReport, str | None]:
        """Reload the engine, then rebuild what the bot derives from it and from the config: the
        renderer (the templates file may have changed) and the autocomplete tables. The second
        value says why the templates were kept, if they were."""
        report = await self.runner.reload()
        template_error = None
        try:
            self._renderer = await asyncio.to_thread(Renderer.from_settings, self.config.answer)
        except ConfigError as exc:
            template_error = f"kept the previous answer templates: {exc}"
            log.warning("%s", template_error)
        if report.ok:
            self._refresh_completions()
        return report, template_error

    async def respond(
        self,
        interaction: discord.Interaction,
        work: Call[T],
        present: Callable[[T], replies.Reply],
        *,
        ephemeral: bool = False,
        edit: bool = False,
    ) -> None:
        # Under load the answer will wait in the queue anyway: defer at once rather than after a wait.
        defer_after = 0.0 if self.runner.busy else self.settings.defer_after
        await replies.respond(
            interaction,
            self.runner.run(work),
            present,
            ephemeral=ephemeral,
            edit=edit,
            defer_after=defer_after,
            clock=self.clock,
        )

    async def close(self) -> None:
        if self._completions_task is not None:
            self._completions_task.cancel()
        await super().close()
        await asyncio.to_thread(self.runner.close)


class ShardedPaperBot(PaperBot, commands.AutoShardedBot):
    """The same bot over several gateway shards; processes share the memory-mapped index."""


def create_bot(config: Config, engine: Engine | None = None, **options: Any) -> PaperBot:
    """The bot for ``config``: sharded or not, the engine on threads or in a worker process
    (then ``engine`` is not used: the worker loads its own)."""
    settings = config.discord
    if settings.engine_process:
        runner: ThreadRunner | ProcessRunner = ProcessRunner(config)
    else:
        runner = ThreadRunner(engine, settings.engine_threads)
    if settings.shard_count:
        return ShardedPaperBot(
            config, runner, shard_count=settings.shard_count, shard_ids=settings.shard_ids or None, **options
        )
    return PaperBot(config, runner, **options)


def _brief(arg: Any) -> str:
    """Log context for an event argument without dumping whole objects (or message contents)."""
    if isinstance(arg, discord.Message):
        return f"message={arg.id} channel={arg.channel.id} author={arg.author.id}"
    return type(arg).__name__
