"""A load plan (who asks what, where, when) and the accounting of its outcome, shared by
bench/bench_load.py and tests/e2e/test_e2e_load.py.

Users are not alike: a tenth of them ask three times as often as the rest, so some go over the
per-user limit while the others should stay under it. Channels are drawn at random per question.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from bot.discordbot.settings import CooldownSettings

from . import payloads
from .double import DiscordDouble

USER_BUSY = "You're asking quickly"
CHANNEL_BUSY = "This channel is busy"
HEAVY_SHARE = 0.1  # of users, who ask HEAVY_WEIGHT times as often as the others
HEAVY_WEIGHT = 3


@dataclass(frozen=True)
class Planned:
    at: float  # seconds after the start
    user_id: int
    channel_id: int
    interaction: dict[str, Any]


def plan(
    count: int, users: int, channels: int, window: float, questions: list[str], seed: int = 7
) -> list[Planned]:
    """``count`` /ask interactions spread uniformly at random over ``window`` seconds, in time order."""
    rng = random.Random(seed)
    user_ids = [payloads.USER_ID + 1000 + i for i in range(users)]
    weights = [HEAVY_WEIGHT if i < max(1, int(users * HEAVY_SHARE)) else 1 for i in range(users)]
    channel_ids = [payloads.CHANNEL_ID + 1000 + i for i in range(channels)]
    planned = []
    for n in range(count):
        user_id = rng.choices(user_ids, weights)[0]
        channel_id = rng.choice(channel_ids)
        ask = payloads.slash("ask", question=questions[n % len(questions)])
        interaction = payloads.interaction(2, ask, user_id=user_id)
        interaction["channel_id"] = str(channel_id)
        interaction["channel"] = payloads.text_channel(channel_id, f"papers-{channel_id % 1000}")
        planned.append(Planned(rng.uniform(0, window), user_id, channel_id, interaction))
    return sorted(planned, key=lambda p: p.at)


@dataclass
class Accounting:
    """What each interaction got: an answer (embed), a user or channel cooldown message, or nothing."""

    answers: Counter[int] = field(default_factory=Counter)  # by user
    channel_answers: Counter[int] = field(default_factory=Counter)
    user_refusals: Counter[int] = field(default_factory=Counter)
    channel_refusals: Counter[int] = field(default_factory=Counter)  # by channel
    other: list[str] = field(default_factory=list)  # replies that are neither (errors)
    lost: int = 0

    @property
    def answered(self) -> int:
        return sum(self.answers.values())

    def unjustified(self, limits: CooldownSettings) -> list[str]:
        """Refusals a correct limiter would not give, and answers beyond the limits. With every
        question inside one cooldown period, a user is refused only once they have their full
        ``user.rate`` answers, a channel only once it has ``channel.rate``."""
        problems = [
            f"user {u} refused with {self.answers[u]} answers"
            for u in self.user_refusals
            if self.answers[u] != limits.user.rate
        ]
        problems += [
            f"channel {c} refused with {self.channel_answers[c]} answers"
            for c in self.channel_refusals
            if self.channel_answers[c] != limits.channel.rate
        ]
        problems += [f"user {u}: {n} answers" for u, n in self.answers.items() if n > limits.user.rate]
        problems += [
            f"channel {c}: {n} answers" for c, n in self.channel_answers.items() if n > limits.channel.rate
        ]
        return problems


def account(double: DiscordDouble, planned: list[Planned]) -> Accounting:
    books = Accounting()
    for item in planned:
        record = double.answered.get(item.interaction["token"])
        body = record.message_body if record is not None else None
        if body is None:
            books.lost += 1
        elif body.get("embeds"):
            books.answers[item.user_id] += 1
            books.channel_answers[item.channel_id] += 1
        elif USER_BUSY in (body.get("content") or ""):
            books.user_refusals[item.user_id] += 1
        elif CHANNEL_BUSY in (body.get("content") or ""):
            books.channel_refusals[item.channel_id] += 1
        else:
            books.other.append(body.get("content") or "")
    return books


def asked(planned: list[Planned]) -> Counter[int]:
    return Counter(item.user_id for item in planned)
