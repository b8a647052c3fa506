"""Settings of the search layer (section `search:` in config/paperbot.yaml)."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.settings import bounds


@dataclass(frozen=True)
class SearchSettings:
    k1: float = field(default=1.5, metadata=bounds(0.0, 10.0))
    b: float = field(default=0.75, metadata=bounds(0.0, 1.0))
