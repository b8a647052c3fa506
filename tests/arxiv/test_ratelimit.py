"""The process-wide limiter: one request start per interval, Retry-After holds everyone off."""

from __future__ import annotations

import asyncio
import itertools

from bot.arxiv.ratelimit import RateLimiter
from tests.arxiv.conftest import FakeTime


async def test_requests_start_one_interval_apart() -> None:
    time = FakeTime()
    limiter = RateLimiter(time.clock, time.sleep)
    starts = [await limiter.wait(3.0) for _ in range(4)]
    assert [b - a for a, b in itertools.pairwise(starts)] == [3.0, 3.0, 3.0]
    assert starts[0] == 1_000.0  # the first request does not wait


async def test_concurrent_callers_get_distinct_slots() -> None:
    time = FakeTime()
    limiter = RateLimiter(time.clock, time.sleep)
    starts = await asyncio.gather(*(limiter.wait(3.0) for _ in range(5)))
    assert sorted(starts) == [1_000.0, 1_003.0, 1_006.0, 1_009.0, 1_012.0]


async def test_an_idle_limiter_does_not_make_the_next_request_wait() -> None:
    time = FakeTime()
    limiter = RateLimiter(time.clock, time.sleep)
    await limiter.wait(3.0)
    time.now += 60
    assert await limiter.wait(3.0) == time.now
    assert time.sleeps == []


async def test_hold_off_delays_every_caller() -> None:
    time = FakeTime()
    limiter = RateLimiter(time.clock, time.sleep)
    await limiter.wait(3.0)
    limiter.hold_off(10.0)
    assert await limiter.wait(3.0) == 1_010.0
    assert await limiter.wait(3.0) == 1_013.0
