"""Per-user and per-channel rate limits (fixed windows) shared by every answering command, button and mention."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from discord import app_commands

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


# Keys (users, channels) one scope remembers at most. Windows end after ``per`` seconds anyway;
# this only matters when more distinct users than this ask within one window (a DM raid).
MAX_KEYS = 100_000


class Windows:
    """At most ``rate`` uses per key in a window of ``per`` seconds that starts at the key's first
    use (discord.py's Cooldown semantics). Ended windows are swept at most once per ``per``
    seconds, so a hit costs O(1) amortised (discord.py's CooldownMapping scans every bucket on
    every hit: quadratic when many distinct users ask at once), and memory is bounded by time
    (idle keys live under 2 x ``per``) and by size (``max_keys``)."""

    def __init__(self, rate: int, per: float, max_keys: int = MAX_KEYS) -> None:
        self.rate = rate
        self.per = per
        self.max_keys = max_keys
        self._windows: dict[int, tuple[float, int]] = {}  # key -> (window start, uses in it)
        self._next_sweep = 0.0

    def __len__(self) -> int:
        return len(self._windows)

    def retry_after(self, key: int, now: float) -> float:
        """Seconds until ``key`` may be used again (0: now)."""
        start, used = self._windows.get(key, (now, 0))
        left = self.per - (now - start)
        return left if used >= self.rate and left > 0 else 0.0

    def spend(self, key: int, now: float) -> None:
        start, used = self._windows.get(key, (now, 0))
        if now - start >= self.per:
            start, used = now, 0
        self._windows[key] = (start, used + 1)
        if now >= self._next_sweep or len(self._windows) > self.max_keys:
            self._sweep(now)

    def _sweep(self, now: float) -> None:
        live = {key: window for key, window in self._windows.items() if now - window[0] < self.per}
        # Still too many: drop the oldest windows, the ones closest to ending anyway.
        for key in list(live)[: max(0, len(live) - self.max_keys)]:
            del live[key]
        self._windows = live
        self._next_sweep = now + self.per


class Cooldowns:
    """Both scopes must allow the request; one use is spent in each only when it is allowed."""

    def __init__(self, settings: CooldownSettings, clock: Callable[[], float] = time.monotonic) -> None:
        self._enabled = settings.enabled
        self._clock = clock
        self.scopes = {
            "user": Windows(settings.user.rate, settings.user.per),
            "channel": Windows(settings.channel.rate, settings.channel.per),
        }

    def hit(self, user_id: int, channel_id: int | None) -> Limited | None:
        """Spend one use for this user and channel, or say how long to wait (spending nothing)."""
        if not self._enabled:
            return None
        now = self._clock()
        # In DMs the user is the channel.
        keys = {"user": user_id, "channel": channel_id if channel_id is not None else user_id}
        for scope, key in keys.items():
            retry = self.scopes[scope].retry_after(key, now)
            if retry > 0:
                return Limited(scope, retry)
        for scope, key in keys.items():
            self.scopes[scope].spend(key, now)
        return None

    def check(self, user_id: int, channel_id: int | None) -> None:
        """As ``hit``, raising RateLimited for app-command and component checks."""
        limited = self.hit(user_id, channel_id)
        if limited is not None:
            raise RateLimited(limited)
