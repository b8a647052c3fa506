from __future__ import annotations

import dataclasses
import random
import threading
from pathlib import Path

from bot.config import Config
from bot.engine import Engine


def test_lookups(engine: Engine) -> None:
    assert engine.get("arXiv:2507.13264v2").title == "Voxtral"
    assert engine.paper("gema open models").title.startswith("Gemma")
    assert engine.paper("no such paper about sourdough") is None
    assert engine.closest_titles("voxtral", 2)[0].title == "Voxtral"
    assert len(engine.by_author("amelie heliou")) >= 5
    assert engine.similar("2507.13264", 3)[0].paper.title == "Voxtral Realtime"
    assert engine.similar("unknown", 3) == []


def test_recent_random_and_completion(engine: Engine) -> None:
    recent = engine.recent(k=3)
    assert len(recent) == 3 and recent[0].year == max(p.year or 0 for p in engine.papers)
    assert all("cs.CL" in (p.categories or (p.category,)) for p in engine.recent("cs.CL", k=10))
    assert engine.recent("cs", k=100) and engine.recent("astro-ph", k=5) == []
    assert engine.random(random.Random(1)) == engine.random(random.Random(1))
    assert engine.complete_titles("Voxt")[0].title == "Voxtral"
    assert "Amélie Héliou" in engine.complete_authors("Amé")


def test_stats(engine: Engine) -> None:
    stats = engine.stats()
    assert stats.papers == len(engine.papers) and stats.first_year <= stats.last_year
    assert dict(stats.categories)["cs.CL"] >= 1 and stats.warnings == 0


def test_reload_swaps_atomically_and_survives_failure(config: Config, tmp_path: Path) -> None:
    engine = Engine.load(config)
    before = engine.papers
    report = engine.reload()
    assert report.ok and report.papers == len(before)

    # A broken template file: the reload fails, the old snapshot keeps serving.
    broken = tmp_path / "broken.yaml"
    broken.write_text("markdown: [", encoding="utf-8")
    engine.config = dataclasses.replace(
        config, answer=dataclasses.replace(config.answer, templates=str(broken))
    )
    report = engine.reload()
    assert not report.ok and "not valid YAML" in report.error and report.papers == len(before)
    assert engine.ask("how long can Voxtral's audio be?").citations[0].paper.title == "Voxtral"


def test_concurrent_readers_during_reload(engine: Engine) -> None:
    errors: list[BaseException] = []

    def ask() -> None:
        try:
            for _ in range(20):
                assert engine.ask("Behemoth teacher model").citations
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for thread in threads:
        thread.start()
    engine.reload()
    for thread in threads:
        thread.join()
    assert errors == []
