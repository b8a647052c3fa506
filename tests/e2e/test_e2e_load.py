"""The load test's correctness properties at a small scale (bench/bench_load.py measures the big
one): with the shipped cooldowns, every interaction gets a reply, no user or channel gets more
answers than its limit, and every cooldown message is deserved."""

from __future__ import annotations

import asyncio

from bot.config import load_config
from bot.discordbot.cooldowns import Cooldowns
from tests.clock import Clock

from . import load

COUNT, USERS, CHANNELS = 200, 40, 10


async def test_under_load_every_interaction_is_answered_and_cooldowns_hold(double, bot) -> None:
    limits = load_config().discord.cooldowns
    assert limits.enabled and bot.settings.cooldowns == limits  # the shipped limits, not test ones
    # The accounting assumes every question falls in one cooldown window: hold the limiter's clock
    # still, so that a slow machine stretching the run past the window cannot reset it midway.
    bot.cooldowns = Cooldowns(limits, clock=Clock())
    titles = [paper.title for paper in bot.engine.papers]
    planned = load.plan(COUNT, USERS, CHANNELS, window=0.5, questions=[f"What is {t}?" for t in titles])
    for item in planned:
        await double.dispatch("INTERACTION_CREATE", item.interaction)
        await asyncio.sleep(0)
    # A busy machine takes minutes where an idle one takes seconds: wait as long as answers keep coming.
    await double.wait_for_all(lambda: len(double.answered), COUNT)

    books = load.account(double, planned)
    assert books.lost == 0 and books.other == []
    assert books.unjustified(limits) == []
    # The plan does put users over their limit and channels over theirs, so both limits were tested.
    assert books.user_refusals and books.channel_refusals
    asked = load.asked(planned)
    under = [user for user, n in asked.items() if n <= limits.user.rate]
    assert under and not any(books.user_refusals[user] for user in under)
    assert books.answered + sum(books.user_refusals.values()) + sum(books.channel_refusals.values()) == COUNT
