"""/reload while 100 /ask interactions are in flight, through the real bot and the Discord double:
every interaction is answered, from the old index or the new one, never with an apology.

The corpus (a private copy) is edited before /reload, so each reply says which index answered it:
the old one quotes the Llama 4 abstract's "Behemoth"; after the edit that word is gone."""

from __future__ import annotations

import asyncio
import dataclasses
import shutil
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.config import Config
from bot.discordbot.settings import CooldownSettings
from bot.engine import INDEX_FOLDER, Engine
from bot.search import PaperIndex

from . import payloads
from .conftest import bot_config, running
from .double import PATIENCE, DiscordDouble

IN_FLIGHT = 100
QUESTION = "What is the Behemoth teacher model?"
OLD_MARK, NEW_MARK = "Behemoth", "nothing in the corpus"
APOLOGY = "went wrong"


def private_corpus(tmp_path: Path, bundled_corpus: Path, **discord: object) -> Config:
    copy = tmp_path / "corpus"
    shutil.copytree(bundled_corpus, copy, ignore=shutil.ignore_patterns(INDEX_FOLDER))
    # Cooldowns off: 100 questions from one channel in a second is this test, not abuse.
    config = bot_config(tmp_path, cooldowns=CooldownSettings(enabled=False), **discord)
    corpus = dataclasses.replace(config.corpus, paths=[str(copy)], overrides=str(copy / "overrides.yaml"))
    search = dataclasses.replace(config.search, index_dir=None)
    return dataclasses.replace(config, corpus=corpus, search=search)


def edit_corpus(config: Config) -> None:
    for path in Path(config.corpus.paths[0]).glob("*.txt"):
        path.write_text(path.read_text(encoding="utf-8").replace("Behemoth", "Zorblax"), encoding="utf-8")


def ask(user: int) -> dict:
    return payloads.interaction(2, payloads.slash("ask", question=QUESTION), user_id=user)


def reload_command() -> dict:
    return payloads.interaction(
        2, payloads.slash("reload"), user_id=payloads.ADMIN_ID, permissions=payloads.ALL_PERMISSIONS
    )


def which_index(reply: dict) -> str:
    text = str(reply)
    assert APOLOGY not in text, text
    if OLD_MARK in text:
        return "old"
    assert NEW_MARK in text, text
    return "new"


async def until(predicate: Callable[[], bool], timeout: float = PATIENCE) -> None:
    """Poll a condition the double is not told about (the runner's queue)."""
    async with asyncio.timeout(timeout):
        while not predicate():
            await asyncio.sleep(0.002)


async def reload_reply(double: DiscordDouble, command: dict, timeout: float = PATIENCE) -> dict:
    request = await double.wait_until(
        lambda: next(
            (r for r in double.for_token(command["token"]) if r.path.startswith("/webhooks/")), None
        ),
        timeout,
    )
    return request.body


async def test_reload_with_100_questions_in_flight_on_engine_threads(
    double: DiscordDouble, tmp_path: Path, bundled_corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = private_corpus(tmp_path, bundled_corpus, engine_threads=4)
    engine = Engine.load(config)
    building, release = threading.Event(), threading.Event()
    real_build = PaperIndex.open_or_build.__func__  # type: ignore[attr-defined]

    def held_build(cls: type[PaperIndex], *args: object, **kwargs: object) -> PaperIndex:
        building.set()  # the reload has started: hold it until questions are in flight
        release.wait(PATIENCE)
        return real_build(cls, *args, **kwargs)

    async with running(config, engine):
        edit_corpus(config)
        monkeypatch.setattr(PaperIndex, "open_or_build", classmethod(held_build))
        command = reload_command()
        await double.dispatch("INTERACTION_CREATE", command)
        assert await asyncio.to_thread(building.wait, PATIENCE)
        questions = [ask(700_000_000_000_000_000 + i) for i in range(IN_FLIGHT)]
        for question in questions:
            await double.dispatch("INTERACTION_CREATE", question)
        await double.wait_until(lambda: sum(q["token"] in double.answered for q in questions) >= 50)
        release.set()  # the rest race the swap, as on a busy server
        replies = await asyncio.gather(*(double.reply_to(q) for q in questions))
        reloaded = await reload_reply(double, command)
        after = await double.interact(ask(payloads.USER_ID))
    sources = [which_index(reply) for reply in replies]
    assert len(sources) == IN_FLIGHT and sources.count("old") >= 50
    assert reloaded["content"].startswith("reloaded")
    assert which_index(after) == "new"


async def test_reload_with_100_questions_in_flight_in_the_worker_process(
    double: DiscordDouble, tmp_path: Path, bundled_corpus: Path
) -> None:
    """The shipped mode: one worker process, so questions asked while it reloads queue behind the
    reload (deferred, not failed) and are all answered from the new index."""
    config = private_corpus(tmp_path, bundled_corpus, engine_process=True)
    async with running(config, None) as bot:
        edit_corpus(config)
        command = reload_command()
        await double.dispatch("INTERACTION_CREATE", command)
        # The reload is in the worker: /reload has deferred (it submits the reload next), and it is
        # the one call pending, not the store refresh the bot also runs there now and then.
        await until(lambda: bool(double.for_token(command["token"])) and bot.runner.pending == 1)
        questions = [ask(710_000_000_000_000_000 + i) for i in range(IN_FLIGHT)]
        for question in questions:
            await double.dispatch("INTERACTION_CREATE", question)
        replies = await asyncio.gather(*(double.reply_to(q) for q in questions))
        reloaded = await reload_reply(double, command)
    assert [which_index(reply) for reply in replies] == ["new"] * IN_FLIGHT
    assert reloaded["content"].startswith("reloaded")
