"""Everything the bot remembers between questions is bounded by size and by time, so memory stays
flat however many users ask (bench/bench_memory.py measures it over 100,000 questions)."""

from __future__ import annotations

import dataclasses
import functools
import gc
import importlib
import inspect
import pkgutil

import bot
import bot.engine as engine_module
from bot.answer.memory import ConversationMemory
from bot.config import load_config
from bot.discordbot import views
from bot.discordbot.cooldowns import Cooldowns, Windows
from bot.discordbot.queries import SearchKey
from bot.engine import Engine
from bot.models import Paper
from tests.clock import Clock

MANY = 20_000
PAPER = (Paper(id="2401.00001", title="A paper", abstract="About things."),)


def test_conversation_memory_holds_at_most_its_cap_and_forgets_after_its_ttl() -> None:
    shipped, clock = load_config().answer.memory, Clock()
    memory = ConversationMemory(shipped.conversations, shipped.ttl_seconds, clock=clock)
    for n in range(MANY):
        memory.remember(f"discord:{n % 50}:{n}", "question", PAPER)
    assert len(memory) == shipped.conversations < MANY
    assert memory.recall(f"discord:{(MANY - 1) % 50}:{MANY - 1}") is not None  # the newest stay
    clock.now += shipped.ttl_seconds + 1
    assert len(memory) == 0


def test_the_engine_keeps_no_more_conversations_than_configured(tmp_path) -> None:
    config = load_config()
    answer = dataclasses.replace(
        config.answer, memory=dataclasses.replace(config.answer.memory, conversations=20)
    )
    search = dataclasses.replace(config.search, index_dir=str(tmp_path))
    engine = Engine.load(dataclasses.replace(config, answer=answer, search=search))
    titles = [paper.title for paper in engine.papers]
    for n in range(100):
        engine.ask(f"What is {titles[n % len(titles)]}?", conversation=f"discord:1:{n}")
    assert len(engine._memory) == 20
    assert engine._memory.recall("discord:1:99") is not None  # the newest are kept
    assert engine._memory.recall("discord:1:0") is None


def test_cooldown_windows_are_dropped_once_they_end() -> None:
    shipped, clock = load_config().discord.cooldowns, Clock()
    cooldowns = Cooldowns(shipped, clock=clock)
    for n in range(MANY):  # DMs: every user is their own channel, the worst case for memory
        assert cooldowns.hit(10_000 + n, None) is None
    assert len(cooldowns.scopes["user"]) == len(cooldowns.scopes["channel"]) == MANY
    clock.now += max(shipped.user.per, shipped.channel.per)
    cooldowns.hit(1, None)
    assert len(cooldowns.scopes["user"]) == len(cooldowns.scopes["channel"]) == 1


def test_cooldown_windows_are_capped_in_number_and_limits_still_hold_after_a_sweep() -> None:
    windows = Windows(rate=2, per=30.0, max_keys=1000)
    windows.spend(1, 0.0)
    windows.spend(1, 0.0)
    for n in range(MANY):
        windows.spend(10_000 + n, 5.0)
        assert len(windows) <= 1000
    windows.spend(2, 31.0)  # a sweep after the first window ended
    assert windows.retry_after(2, 31.0) == 0
    windows.spend(2, 31.0)
    assert windows.retry_after(2, 32.0) == 29.0  # limited until its own window ends


def test_long_button_searches_are_a_bounded_lru() -> None:
    keys = views._LongKeys(capacity=100)
    tokens = [keys.token(SearchKey(f"a long query {n} " * 8)) for n in range(MANY)]
    assert len(keys) == 100
    assert keys.get(tokens[-1]) is not None and keys.get(tokens[0]) is None
    assert views.LONG_KEYS._capacity == 10_000


async def test_views_under_answers_hold_no_state_in_discord_py() -> None:
    view = views.buttons_view(["2401.00001", "2401.00002"], similar_id="2401.00001", more=(SearchKey("q"), 2))
    # discord.py stores (and times out) only views that are not finished when sent.
    assert view is not None and view.is_finished()


def test_every_module_level_lru_cache_in_the_bot_has_a_maxsize() -> None:
    caches = []
    for module in pkgutil.walk_packages(bot.__path__, "bot."):
        if module.name.startswith("bot.cli") or module.name.endswith("__main__"):
            continue
        namespace = vars(importlib.import_module(module.name))
        caches += [(module.name, name) for name, value in namespace.items() if _unbounded(value)]
    assert caches == []


def _unbounded(value: object) -> bool:
    if not isinstance(value, functools._lru_cache_wrapper) or value.cache_info().maxsize is not None:
        return False
    return bool(inspect.signature(value.__wrapped__).parameters)  # no arguments: one entry at most


def test_a_big_snapshot_is_frozen_out_of_garbage_collection(tmp_path, monkeypatch) -> None:
    """A full collection walks every tracked object (0.75 s at a million papers, a stall for every
    question in flight); once warmed up, a big corpus's objects are no longer walked."""
    config = load_config()
    search = dataclasses.replace(config.search, index_dir=str(tmp_path))
    monkeypatch.setattr(engine_module, "FREEZE_FROM_PAPERS", 1)  # the seed corpus counts as big
    try:
        engine = Engine.load(dataclasses.replace(config, search=search))
        assert engine.wait_until_warm(30)
        tracked = gc.get_objects()
        assert gc.get_freeze_count() > 0
        assert not any(obj is engine.papers for obj in tracked)
        assert engine.ask("What is LlamaRL?").citations  # still answers
    finally:
        gc.unfreeze()  # the rest of the test session collects as usual
