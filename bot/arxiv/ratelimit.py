"""One request start every N seconds across the whole process, as arXiv's API terms ask.

Slots are reserved under a thread lock and then slept for outside it, so the limiter serves any
number of clients, event loops and threads, and a waiter never holds anything while it sleeps.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Awaitable, Callable

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]


class RateLimiter:
    def __init__(self, clock: Clock = time.monotonic, sleep: Sleep = asyncio.sleep) -> None:
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._next_free: float | None = None  # the earliest time the next request may start

    async def wait(self, interval: float) -> float:
        """Waits for this caller's slot; returns the time it starts at (on the limiter's clock)."""
        with self._lock:
            now = self._clock()
            start = now if self._next_free is None else max(now, self._next_free)
            self._next_free = start + interval
        if start > now:
            await self._sleep(start - now)
        return start

    def hold_off(self, seconds: float) -> None:
        """No request starts for ``seconds`` from now (arXiv's Retry-After applies to everyone)."""
        with self._lock:
            until = self._clock() + seconds
            self._next_free = until if self._next_free is None else max(self._next_free, until)


_PROCESS = RateLimiter()


def process_limiter() -> RateLimiter:
    """The limiter every client shares unless a test gives it its own (with a fake clock)."""
    return _PROCESS
