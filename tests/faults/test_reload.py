"""`reload()` under fire: questions keep being answered from the old snapshot until the new one is
ready, 100 concurrent questions each get the old or the new answer, and a failed reload changes nothing."""

from __future__ import annotations

import dataclasses
import logging
import shutil
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT, Config
from bot.corpus import load_corpus
from bot.engine import Engine
from bot.search import PaperIndex

from .helpers import QUESTION, rename_word

IN_FLIGHT = 100
WAIT = 30.0  # bound on every wait: a broken swap fails the test instead of hanging it


def new_answer(config: Config) -> str:
    return Engine.from_papers(config, load_corpus(config.corpus).papers).ask(QUESTION).lead


@dataclass(frozen=True)
class EditedUnderneath:
    """An engine serving the seed corpus, whose files on disk have since been edited."""

    engine: Engine
    old: str  # the answer it gives now
    new: str  # the answer a reload must bring


@pytest.fixture
def edited(config: Config, corpus_dir: Path) -> EditedUnderneath:
    engine = Engine.load(config)
    old = engine.ask(QUESTION).lead
    rename_word(corpus_dir)
    new = new_answer(config)
    assert old != new
    return EditedUnderneath(engine, old, new)


class GatedBuild:
    """Holds the reload's index build until ``release`` is set, so the test controls the window
    in which the old snapshot must keep serving."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.building = threading.Event()
        self.release = threading.Event()
        real = PaperIndex.open_or_build.__func__  # type: ignore[attr-defined]

        def gated(cls: type[PaperIndex], *args: object, **kwargs: object) -> PaperIndex:
            self.building.set()
            assert self.release.wait(WAIT), "the test never released the build"
            return real(cls, *args, **kwargs)

        monkeypatch.setattr(PaperIndex, "open_or_build", classmethod(gated))


def test_the_old_snapshot_serves_until_the_new_one_is_ready(
    edited: EditedUnderneath, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine, old, new = edited.engine, edited.old, edited.new
    gate = GatedBuild(monkeypatch)
    reloading = threading.Thread(target=engine.reload)
    reloading.start()
    assert gate.building.wait(WAIT)
    assert [engine.ask(QUESTION).lead for _ in range(20)] == [old] * 20  # mid-reload: still the old
    gate.release.set()
    reloading.join(WAIT)
    assert engine.ask(QUESTION).lead == new


def test_100_questions_in_flight_during_reload_each_get_the_old_or_the_new_answer(
    edited: EditedUnderneath, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine, old, new = edited.engine, edited.old, edited.new
    gate = GatedBuild(monkeypatch)
    answered: list[str] = []
    start = threading.Barrier(IN_FLIGHT + 1)

    def ask(_: int) -> str:
        start.wait(WAIT)
        lead = engine.ask(QUESTION).lead
        answered.append(lead)
        # Half the questions are answered while the build is held; then the build may proceed
        # and the rest race the swap, as they would on a busy server.
        if len(answered) == IN_FLIGHT // 2:
            gate.release.set()
        return lead

    with ThreadPoolExecutor(IN_FLIGHT + 1) as pool:
        reload = pool.submit(engine.reload)
        assert gate.building.wait(WAIT)
        futures = [pool.submit(ask, i) for i in range(IN_FLIGHT)]
        start.wait(WAIT)
        leads = [f.result(WAIT) for f in futures]  # re-raises any question's exception
        report = reload.result(WAIT)
    assert report.ok, report
    assert len(leads) == IN_FLIGHT and set(leads) <= {old, new}
    assert leads.count(old) >= IN_FLIGHT // 2
    assert engine.ask(QUESTION).lead == new


def test_a_failed_reload_keeps_serving_the_previous_snapshot(
    config: Config, tmp_path: Path, corpus_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    templates = tmp_path / "answers.yaml"
    shutil.copy(PROJECT_ROOT / "config" / "templates" / "answers.yaml", templates)
    config = dataclasses.replace(config, answer=dataclasses.replace(config.answer, templates=str(templates)))
    engine = Engine.load(config)
    old = engine.ask(QUESTION).lead
    rename_word(corpus_dir)
    templates.write_text("markdown: {{ unclosed\n", encoding="utf-8")  # an operator's typo
    with caplog.at_level(logging.ERROR, logger="bot.engine"):
        report = engine.reload()
    assert not report.ok and report.papers == len(engine.papers)
    assert report.error and "answers.yaml" in report.error
    assert "still serving" in str(report) and "reload failed" in caplog.text
    assert engine.ask(QUESTION).lead == old


def test_reload_on_a_full_disk_serves_the_new_corpus_from_memory(
    edited: EditedUnderneath, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    engine, new = edited.engine, edited.new

    def disk_full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(PaperIndex, "save", disk_full)
    with caplog.at_level(logging.WARNING, logger="bot.search"):
        report = engine.reload()
    assert report.ok
    assert "No space left" in caplog.text
    assert engine.ask(QUESTION).lead == new
