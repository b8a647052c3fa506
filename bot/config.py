"""The one configuration object: shipped defaults, then the user's file, validated once.

Code receives a ``Config``; nothing else reads configuration files or the environment
(the Discord token is read at the Discord edge only, and never stored here).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.answer.settings import AnswerSettings
from bot.arxiv.settings import ArxivSettings
from bot.arxiv.settings import check as check_arxiv
from bot.corpus.settings import CorpusSettings
from bot.discordbot.settings import DiscordSettings
from bot.search.settings import SearchSettings
from bot.settings import ConfigError, choices, looks_like_token, merge
from bot.state.settings import StorageSettings

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = PROJECT_ROOT / "config" / "paperbot.yaml"


@dataclass(frozen=True)
class LoggingSettings:
    level: str = field(default="INFO", metadata=choices("DEBUG", "INFO", "WARNING", "ERROR"))


@dataclass(frozen=True)
class Config:
    corpus: CorpusSettings = field(default_factory=CorpusSettings)
    search: SearchSettings = field(default_factory=SearchSettings)
    answer: AnswerSettings = field(default_factory=AnswerSettings)
    discord: DiscordSettings = field(default_factory=DiscordSettings)
    logging: LoggingSettings = field(default_factory=LoggingSettings)
    storage: StorageSettings = field(default_factory=StorageSettings)
    arxiv: ArxivSettings = field(default_factory=ArxivSettings)


def load_config(user_file: str | Path | None = None, *, defaults: Path | None = DEFAULT_CONFIG) -> Config:
    """Shipped defaults (if present) overlaid by ``user_file``; raises ConfigError naming the key."""
    config = Config()
    for path in (defaults, Path(user_file) if user_file else None):
        if path is None or (path == defaults and not path.exists()):
            continue
        config = merge(config, read_yaml(path), base=path.resolve().parent, origin=str(path))
    return config


def validate(config: Config) -> Config:
    """Rules a single key cannot state: files the config names exist and are readable, and settings
    that only make sense together agree. Raises ConfigError naming the key; returns ``config``."""
    corpus, answer, discord = config.corpus, config.answer, config.discord
    if not corpus.paths:
        raise ConfigError("'corpus.paths' is empty; name at least one corpus file or folder")
    for i, path in enumerate(corpus.paths):
        _require_readable(f"corpus.paths[{i}]", path, folder_ok=True)
    for key, file in (
        ("corpus.overrides", corpus.overrides),
        ("answer.templates", answer.templates),
        ("discord.token_file", discord.token_file),
    ):
        if file is not None:
            _require_readable(key, file, folder_ok=False)
    for key, folder in (
        ("search.index_dir", config.search.index_dir),
        ("discord.state_dir", discord.state_dir),
    ):
        if folder is not None and Path(folder).exists() and not Path(folder).is_dir():
            raise ConfigError(f"'{key}' {folder} is a file, not a folder")
    if config.storage.path is not None and Path(config.storage.path).is_dir():
        raise ConfigError(f"'storage.path' {config.storage.path} is a folder; name the database file")
    _check_discord_ids(discord)
    check_arxiv(config.arxiv)
    return config


def _require_readable(key: str, path: str, *, folder_ok: bool) -> None:
    if looks_like_token(Path(path).name):
        raise ConfigError(
            f"'{key}' holds what looks like a Discord token (not repeated here); it must be the path "
            "of a file holding the token, or set DISCORD_TOKEN instead"
        )
    target = Path(path)
    if not target.exists():
        raise ConfigError(f"'{key}' {path} does not exist; fix the path")
    if target.is_dir() and not folder_ok:
        raise ConfigError(f"'{key}' {path} is a folder; name a file")
    if not os.access(target, os.R_OK | (os.X_OK if target.is_dir() else 0)):
        raise ConfigError(f"'{key}' {path} is not readable by this user")


def _check_discord_ids(discord: DiscordSettings) -> None:
    if discord.test_guild_id < 0:
        raise ConfigError(f"'discord.test_guild_id' must be a guild id or 0, got {discord.test_guild_id}")
    for i, channel in enumerate(discord.auto_answer_channels):
        if channel <= 0:
            raise ConfigError(f"'discord.auto_answer_channels[{i}]' must be a channel id, got {channel}")
    if discord.shard_ids and discord.shard_count is None:
        raise ConfigError("'discord.shard_ids' needs 'discord.shard_count' (the total number of shards)")
    for i, shard in enumerate(discord.shard_ids):
        if discord.shard_count is not None and not 0 <= shard < discord.shard_count:
            raise ConfigError(
                f"'discord.shard_ids[{i}]' must be between 0 and shard_count - 1 "
                f"({discord.shard_count - 1}), got {shard}"
            )
    if len(set(discord.shard_ids)) != len(discord.shard_ids):
        raise ConfigError("'discord.shard_ids' lists a shard twice")


def read_yaml(path: Path) -> object:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found; pass an existing file with --config") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config file ({exc})") from None
    try:
        return yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        raise ConfigError(f"{path}:{where} is not valid YAML ({getattr(exc, 'problem', exc)})") from None
