"""Settings of the Discord edge (section `discord:` in config/paperbot.yaml). No secrets here."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.settings import bounds, path_field


@dataclass(frozen=True)
class RateSettings:
    """At most ``rate`` uses every ``per`` seconds (a token bucket)."""

    rate: int = field(default=5, metadata=bounds(1, 1000))
    per: float = field(default=30.0, metadata=bounds(0.1, 86400))


@dataclass(frozen=True)
class CooldownSettings:
    enabled: bool = True
    user: RateSettings = field(default_factory=RateSettings)
    channel: RateSettings = field(default_factory=lambda: RateSettings(rate=20, per=30.0))


@dataclass(frozen=True)
class DiscordSettings:
    # Sync slash commands to this guild only (instant); 0 means no test guild.
    test_guild_id: int = 0
    # A file holding the bot token, outside the repo; DISCORD_TOKEN wins when set.
    token_file: str | None = path_field(None)
    # Channels where every message is answered, not just mentions. Needs message_content_intent.
    auto_answer_channels: list[int] = field(default_factory=list)
    # Privileged intent (enable it in the Developer Portal too); only auto-answer channels need it.
    message_content_intent: bool = False
    # Answer mentions in a new thread instead of a reply (in text channels; threads and DMs reply).
    reply_in_thread: bool = False
    cooldowns: CooldownSettings = field(default_factory=CooldownSettings)
    # Questions longer than this are refused politely (slash options enforce it client-side too).
    max_question_length: int = field(default=300, metadata=bounds(10, 1000))
    # Results per page behind the "More results" button and in list commands.
    results_per_page: int = field(default=5, metadata=bounds(1, 10))
    # Reply straight away when the engine answers within this many seconds, else defer first.
    defer_after: float = field(default=1.0, metadata=bounds(0.0, 2.5))
    # The engine runs in a worker process, so the event loop keeps a core to itself (see
    # bench/bench_discord.py); false runs it on engine_threads threads in the bot's process.
    engine_process: bool = True
    engine_threads: int = field(default=1, metadata=bounds(1, 32))
    # Sharding: set shard_count to run an AutoShardedBot; shard_ids picks this process's shards.
    shard_count: int | None = field(default=None, metadata=bounds(1, 10000))
    shard_ids: list[int] = field(default_factory=list)
    # Where the synced command-schema hash is kept; null means the user's cache folder.
    state_dir: str | None = path_field(None)
