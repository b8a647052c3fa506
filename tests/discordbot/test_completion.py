"""The bot's own completion tables: same answers as the engine, and an answer within the deadline."""

from __future__ import annotations

import threading

from bot.discordbot.completion import Completer, Completions, completion_source
from bot.engine import Engine


async def test_completions_match_the_engines_own(engine: Engine) -> None:
    completer = Completer.build(completion_source(engine))
    for text in ("Voxt", "llama", "2507.13", "voxtrel"):
        assert [p.id for p in completer.titles(text)] == [p.id for p in engine.complete_titles(text)]
    for text in ("Héliou", "heli", "amelei"):
        assert completer.authors(text) == engine.complete_authors(text)


async def test_a_slow_lookup_returns_the_quick_answer_at_the_deadline(engine: Engine) -> None:
    completions = Completions(deadline=0.2)
    await completions.refresh(completion_source(engine))
    release = threading.Event()

    def slow_titles(completer: Completer, text: str, fuzzy: bool = True) -> list:
        if fuzzy:
            release.wait(30)  # the typo-tolerant pass is stuck (say, a machine under load)
        return completer.titles(text, fuzzy=fuzzy)

    try:
        found = await completions.complete(slow_titles, "Voxt")
    finally:
        release.set()
    assert found and found[0].title.startswith("Voxtral")  # the prefix matches it had


async def test_before_the_tables_exist_autocomplete_says_nothing_rather_than_miss_the_deadline() -> None:
    assert await Completions(deadline=0.05).complete(Completer.titles, "Voxt") == []
