"""Settings of the corpus layer (section `corpus:` in config/paperbot.yaml)."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.settings import bounds, path_field, paths_field


@dataclass(frozen=True)
class CorpusSettings:
    # Files or folders to read; relative paths are resolved against the config file's folder.
    paths: list[str] = paths_field("corpus")
    # Curated YAML of titles/ids/fixes keyed by an abstract phrase; "" disables it.
    overrides: str | None = path_field("corpus/overrides.yaml")
    # Two abstracts whose word-shingle similarity reaches this are the same paper.
    near_duplicate_threshold: float = field(default=0.8, metadata=bounds(0.0, 1.0))
