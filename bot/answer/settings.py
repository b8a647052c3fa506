"""Settings of the answer layer (section `answer:` in config/paperbot.yaml)."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.settings import bounds


@dataclass(frozen=True)
class AnswerSettings:
    max_citations: int = field(default=3, metadata=bounds(1, 10))
