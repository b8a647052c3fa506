"""Fixtures for the arXiv client tests: a fake clock, and clients pointed at the loopback double."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.arxiv.client import ArxivClient
from bot.arxiv.ratelimit import RateLimiter
from bot.arxiv.settings import ArxivSettings
from tests.arxiv_double import ArxivDouble


class FakeTime:
    """A clock that only moves when the code under test sleeps (and records every sleep)."""

    def __init__(self) -> None:
        self.now = 1_000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
        await asyncio.sleep(0)


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


def settings_for(double: ArxivDouble, **changes: Any) -> ArxivSettings:
    return dataclasses.replace(ArxivSettings(), **{"api_url": double.url, "timeout_seconds": 10.0, **changes})


def client_for(double: ArxivDouble, time: FakeTime, **changes: Any) -> ArxivClient:
    double.clock = time.clock
    limiter = RateLimiter(time.clock, time.sleep)
    return ArxivClient(settings_for(double, **changes), clock=time.clock, sleep=time.sleep, limiter=limiter)


@pytest.fixture
async def client(arxiv_double: ArxivDouble, fake_time: FakeTime) -> AsyncIterator[ArxivClient]:
    async with client_for(arxiv_double, fake_time) as arxiv:
        yield arxiv
