"""The one configuration object: shipped defaults, then the user's file, validated once.

Code receives a ``Config``; nothing else reads configuration files or the environment
(the Discord token is read at the Discord edge only, and never stored here).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.answer.settings import AnswerSettings
from bot.corpus.settings import CorpusSettings
from bot.discordbot.settings import DiscordSettings
from bot.search.settings import SearchSettings
from bot.settings import ConfigError, choices, merge

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


def load_config(user_file: str | Path | None = None, *, defaults: Path | None = DEFAULT_CONFIG) -> Config:
    """Shipped defaults (if present) overlaid by ``user_file``; raises ConfigError naming the key."""
    config = Config()
    for path in (defaults, Path(user_file) if user_file else None):
        if path is None or (path == defaults and not path.exists()):
            continue
        config = merge(config, read_yaml(path), base=path.resolve().parent, origin=str(path))
    return config


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
