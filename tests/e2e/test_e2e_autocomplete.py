"""Autocomplete answers within Discord's 3-second deadline whatever the engine is doing."""

from __future__ import annotations

import asyncio
import threading

from bot.discordbot.completion import Completer
from bot.discordbot.runner import call
from bot.engine import Engine

from . import payloads

# Module-level, so the work that waits on it pickles like work for the engine's worker process.
RELEASE = threading.Event()


def busy(engine: Engine) -> int:
    """Engine work that holds the worker until the test releases it (at most a minute)."""
    RELEASE.wait(60)
    return len(engine.papers)


async def test_autocomplete_does_not_queue_behind_a_busy_engine(double, start_bot) -> None:
    RELEASE.clear()
    async with start_bot(engine_threads=1) as bot:
        assert await bot.completions.complete(Completer.titles, "")  # its tables are built
        holding = asyncio.ensure_future(bot.run_engine(call(busy)))
        question = payloads.interaction(2, payloads.slash("ask", question="What is LlamaRL?"))
        await double.dispatch("INTERACTION_CREATE", question)  # queues behind the busy work
        typed = payloads.interaction(4, payloads.autocomplete("paper", "query", "Voxt"))
        await double.dispatch("INTERACTION_CREATE", typed)
        try:
            completion = await double.wait_until(
                lambda: next(iter(double.for_token(typed["token"])), None), 10
            )
            still_busy = not holding.done()
        finally:
            RELEASE.set()
        await holding
        await double.reply_to(question, timeout=30)
    assert still_busy  # answered while the engine's only worker was held
    assert completion.status < 300 and completion.body["type"] == 8
    assert completion.body["data"]["choices"][0]["name"].startswith("Voxtral")
