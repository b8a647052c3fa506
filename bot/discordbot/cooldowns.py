"""Per-user and per-channel token buckets shared by every answering command, button and mention."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from discord import app_commands
from discord.ext import commands

from bot.discordbot.settings import CooldownSettings


@dataclass(frozen=True, slots=True)
class Limited:
    scope: str  # "user" | "channel"
    retry_after: float

    @property
    def message(self) -> str:
        wait = max(1, math.ceil(self.retry_after))
        if self.scope == "user":
            return f"You're asking quickly: please try again in {wait} s."
        return f"This channel is busy with questions right now: please try again in {wait} s."


class RateLimited(app_commands.CheckFailure):
    """Raised from interaction checks; the global error handler turns it into a polite reply."""

    def __init__(self, limited: Limited) -> None:
        super().__init__(limited.message)
        self.limited = limited


def _identity(key: int) -> int:
    return key


class Cooldowns:
    """Both buckets must have a token; one is spent from each only when the request is allowed."""

    def __init__(self, settings: CooldownSettings, clock: Callable[[], float] = time.monotonic) -> None:
        self._enabled = settings.enabled
        self._clock = clock
        # CooldownMapping evicts idle buckets itself, so memory stays bounded by active users.
        self._scopes = {
            "user": commands.CooldownMapping.from_cooldown(settings.user.rate, settings.user.per, _identity),
            "channel": commands.CooldownMapping.from_cooldown(
                settings.channel.rate, settings.channel.per, _identity
            ),
        }

    def hit(self, user_id: int, channel_id: int | None) -> Limited | None:
        """Spend one use for this user and channel, or say how long to wait (spending nothing)."""
        if not self._enabled:
            return None
        now = self._clock()
        keys = {"user": user_id, "channel": channel_id if channel_id is not None else user_id}
        buckets = {scope: self._scopes[scope].get_bucket(key, now) for scope, key in keys.items()}
        for scope, bucket in buckets.items():
            assert bucket is not None  # only None for BucketType.default, which is not used here
            retry = bucket.get_retry_after(now)
            if retry > 0:
                return Limited(scope, retry)
        for bucket in buckets.values():
            bucket.update_rate_limit(now)  # type: ignore[union-attr]
        return None

    def check(self, user_id: int, channel_id: int | None) -> None:
        """As ``hit``, raising RateLimited for app-command and component checks."""
        limited = self.hit(user_id, channel_id)
        if limited is not None:
            raise RateLimited(limited)
