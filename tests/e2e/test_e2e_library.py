"""/add, /remove and /who-can-add through the Discord double, fetching from the loopback arXiv double."""

from __future__ import annotations

import asyncio
import dataclasses
import sqlite3
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.config import Config
from bot.discordbot.client import PaperBot
from bot.engine import Engine
from bot.state import papers as stored_papers
from tests.arxiv_double import ArxivDouble, Version

from . import payloads
from .conftest import bot_config, running

EPHEMERAL = 64
MAGISTRAL_ID = "2506.10910"


def library_config(tmp_path: Path, arxiv: ArxivDouble, **arxiv_settings: object) -> Config:
    config = bot_config(tmp_path)
    search = dataclasses.replace(
        config.search, semantic=dataclasses.replace(config.search.semantic, enabled=False)
    )
    storage = dataclasses.replace(
        config.storage, path=str(tmp_path / "paperbot.db"), busy_timeout_seconds=0.5, refresh_seconds=0.2
    )
    fast = {"api_url": arxiv.url, "min_interval_seconds": 0.0, "timeout_seconds": 1.0, "retries": 0}
    return dataclasses.replace(
        config,
        search=search,
        storage=storage,
        arxiv=dataclasses.replace(config.arxiv, **{**fast, **arxiv_settings}),
    )


@pytest.fixture
def start(double, arxiv_double: ArxivDouble, tmp_path: Path) -> Callable:
    """``async with start(**arxiv_settings) as bot``: a bot over its own engine, store and index."""

    @asynccontextmanager
    async def started(**arxiv_settings: object) -> AsyncIterator[PaperBot]:
        config = library_config(tmp_path, arxiv_double, **arxiv_settings)
        engine = await asyncio.to_thread(Engine.load, config)
        async with running(config, engine) as bot:
            yield bot

    return started


def new_paper(bot: PaperBot, arxiv: ArxivDouble) -> Version:
    """A real paper arXiv (the double) has and the seed corpus does not."""
    return next(
        v[-1]
        for i, v in sorted(arxiv.papers.items())
        if bot.engine.get(i) is None and len(v[-1].summary) > 400
    )


async def eventually(predicate: Callable[[], object], timeout: float) -> None:
    """Wait for work the bot does on its own schedule (nothing to await on from outside)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not predicate():
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.05)


def add(text: str, *, user_id: int = payloads.ADMIN_ID, permissions: str = payloads.ALL_PERMISSIONS) -> dict:
    """An /add by a server manager (the default policy lets only them add)."""
    return payloads.interaction(
        2, payloads.slash("add", papers=text), user_id=user_id, permissions=permissions
    )


def ask(question: str) -> dict:
    return payloads.interaction(2, payloads.slash("ask", question=question))


def cited(message: dict) -> str:
    return str(message.get("embeds"))


def is_private(message: dict) -> bool:
    return bool((message.get("flags") or 0) & EPHEMERAL)


async def test_add_then_ask_answers_from_it_and_a_restart_keeps_it(double, arxiv_double, start) -> None:
    async with start() as bot:
        paper = new_paper(bot, arxiv_double)
        before = await double.interact(ask(paper.title))
        assert paper.arxiv_id not in cited(before)
        reply = await double.interact(add(f"https://arxiv.org/abs/{paper.arxiv_id}v{paper.version}"))
        assert not is_private(reply)
        assert reply["content"].startswith(f"Added {paper.arxiv_id}")
        assert [embed["title"] for embed in reply["embeds"]] == [bot.engine.get(paper.arxiv_id).title]  # type: ignore[union-attr]
        answer = await double.interact(ask(paper.title))
        assert paper.arxiv_id in cited(answer)
    async with start() as restarted:
        assert restarted.engine.get(paper.arxiv_id) is not None
        answer = await double.interact(ask(paper.title))
        assert paper.arxiv_id in cited(answer)


async def test_a_seed_paper_without_an_id_is_merged_and_the_reply_says_so(
    double, arxiv_double, start
) -> None:
    async with start() as bot:
        seed = next(p for p in bot.engine.papers if p.title == "Magistral")
        when = datetime(2025, 6, 12, 17, 0, tzinfo=UTC)
        arxiv_double.add(
            Version(MAGISTRAL_ID, 1, "Magistral", seed.abstract, ("Mistral-AI", "Abhinav Rastogi"),
                    ("cs.CL",), "cs.CL", when, when)
        )  # fmt: skip
        papers = len(bot.engine.papers)
        reply = await double.interact(add(MAGISTRAL_ID))
        assert "already in the corpus as “Magistral”; added its arXiv id" in reply["content"]
        assert len(bot.engine.papers) == papers
        assert bot.engine.get(MAGISTRAL_ID).title == "Magistral"  # type: ignore[union-attr]


async def test_two_adds_of_one_paper_at_once_make_one_paper(double, arxiv_double, start) -> None:
    async with start() as bot:
        paper = new_paper(bot, arxiv_double)
        papers = len(bot.engine.papers)
        first, second = add(paper.arxiv_id), add(f"arXiv:{paper.arxiv_id}", user_id=payloads.USER_ID)
        replies = await asyncio.gather(double.interact(first), double.interact(second))
        assert all(paper.arxiv_id in r["content"] for r in replies)
        assert len(bot.engine.papers) == papers + 1
        assert [p.id for p in bot.engine.papers].count(paper.arxiv_id) == 1


FAULTS = {
    "unknown id": (lambda arxiv: None, "2412.99999", "arXiv has no paper 2412.99999"),
    "malformed id": (lambda arxiv: None, "abc", "Not arXiv ids"),
    "error feed": (lambda arxiv: arxiv.send_error_feed("incorrect id format for 2501.0"), None, "arXiv"),
    "non-XML body": (lambda arxiv: arxiv.send_garbage("html"), None, "arXiv"),
    "truncated body": (lambda arxiv: arxiv.send_garbage("truncated"), None, "arXiv"),
    "503": (lambda arxiv: arxiv.fail(503, retry_after="1"), None, "HTTP 503"),
    "hang": (lambda arxiv: arxiv.stall(), None, "did not answer"),
}


async def test_each_fault_gets_a_private_one_line_reply_and_loses_nothing(
    double, arxiv_double, start
) -> None:
    async with start() as bot:
        kept = new_paper(bot, arxiv_double)
        await double.interact(add(kept.arxiv_id))
        served = len(bot.engine.papers)
        target = next(
            v[-1].arxiv_id
            for i, v in sorted(arxiv_double.papers.items(), reverse=True)
            if bot.engine.get(i) is None
        )
        for name, (arrange, text, expected) in FAULTS.items():
            arxiv_double.faults.clear()
            arrange(arxiv_double)
            reply = await double.interact(add(text or target), timeout=10.0)
            assert is_private(reply), name
            assert expected in reply["content"] and "\n" not in reply["content"], (name, reply["content"])
            assert "Traceback" not in reply["content"]
            assert len(bot.engine.papers) == served and bot.engine.get(kept.arxiv_id) is not None, name
        arxiv_double.faults.clear()
        arxiv_double.release_stalls()  # the stalled request handler may finish now (the client left)
        answer = await double.interact(ask(kept.title))
        assert kept.arxiv_id in cited(answer)  # and the bot keeps answering
        await asyncio.sleep(0.05)


async def test_a_withdrawn_paper_is_not_added_and_a_withdrawal_takes_it_out(
    double, arxiv_double, start
) -> None:
    async with start() as bot:
        paper = new_paper(bot, arxiv_double)
        await double.interact(add(paper.arxiv_id))
        arxiv_double.withdraw(paper.arxiv_id)
        reply = await double.interact(add(paper.arxiv_id))
        assert is_private(reply) and "withdrawn" in reply["content"]
        assert bot.engine.get(paper.arxiv_id) is None


async def test_store_faults_get_a_private_reply_and_keep_what_is_stored(
    double, arxiv_double, start, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with start() as bot:
        kept = new_paper(bot, arxiv_double)
        await double.interact(add(kept.arxiv_id))
        others = [
            i for i, v in sorted(arxiv_double.papers.items(), reverse=True) if bot.engine.get(i) is None
        ][:2]
        real_upsert = stored_papers.upsert
        calls = []

        def full_after_one(*args: object, **kwargs: object) -> object:  # the disk fills mid-add
            calls.append(1)
            if len(calls) > 1:
                raise sqlite3.OperationalError("database or disk is full")
            return real_upsert(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(stored_papers, "upsert", full_after_one)
        reply = await double.interact(add(" ".join(others)))
        assert is_private(reply) and "disk is full" in reply["content"]
        monkeypatch.setattr(stored_papers, "upsert", real_upsert)
        assert all(bot.engine.get(i) is None for i in others)  # no half of the add

        holder = sqlite3.connect(bot.engine.store.path, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")  # another process holds the write lock
        try:
            reply = await double.interact(add(others[0]), timeout=10.0)
            assert is_private(reply) and "busy" in reply["content"]
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert [s.record.arxiv_id for s in bot.engine.store.papers()] == [kept.arxiv_id]
        assert bot.engine.get(kept.arxiv_id) is not None


async def test_with_arxiv_off_adding_says_so_at_once(double, arxiv_double, start) -> None:
    async with start(enabled=False) as bot:
        reply = await double.interact(add("2507.13264"))
        assert is_private(reply) and "turned off" in reply["content"]
        assert arxiv_double.requests == []
        assert "Voxtral" in cited(await double.interact(ask("how long can Voxtral's audio be?")))
        assert bot.engine.get("2507.13264") is not None


async def test_who_may_add_is_a_server_setting_checked_at_each_use(double, arxiv_double, start) -> None:
    async with start() as bot:
        paper = new_paper(bot, arxiv_double)
        member = add(paper.arxiv_id, user_id=payloads.USER_ID, permissions=payloads.BASIC_PERMISSIONS)
        refused = await double.interact(member)
        assert is_private(refused) and "Manage Server" in refused["content"]
        assert bot.engine.get(paper.arxiv_id) is None
        setting = payloads.interaction(
            2,
            payloads.slash("who-can-add", who="everyone"),
            user_id=payloads.ADMIN_ID,
            permissions=payloads.ALL_PERMISSIONS,
        )
        assert "everyone" in (await double.interact(setting))["content"]
        member = add(paper.arxiv_id, user_id=payloads.USER_ID, permissions=payloads.BASIC_PERMISSIONS)
        assert not is_private(await double.interact(member))
        assert bot.engine.get(paper.arxiv_id) is not None
        # Only server managers change the setting (checked by the bot, not only by Discord).
        sneaky = payloads.interaction(
            2,
            payloads.slash("who-can-add", who="everyone"),
            user_id=payloads.USER_ID,
            permissions=payloads.BASIC_PERMISSIONS,
        )
        assert is_private(await double.interact(sneaky))


async def test_remove_is_for_admins_and_takes_the_paper_out(double, arxiv_double, start) -> None:
    async with start() as bot:
        paper = new_paper(bot, arxiv_double)
        await double.interact(add(paper.arxiv_id))
        member = payloads.interaction(
            2, payloads.slash("remove", paper=paper.arxiv_id), permissions=payloads.BASIC_PERMISSIONS
        )
        assert is_private(await double.interact(member))
        assert bot.engine.get(paper.arxiv_id) is not None
        admin = payloads.interaction(
            2,
            payloads.slash("remove", paper=paper.arxiv_id),
            user_id=payloads.ADMIN_ID,
            permissions=payloads.ALL_PERMISSIONS,
        )
        reply = await double.interact(admin)
        assert is_private(reply) and reply["content"].startswith(f"Removed {paper.arxiv_id}")
        assert bot.engine.get(paper.arxiv_id) is None


async def test_the_bot_follows_arxiv_and_catches_up_after_downtime(double, arxiv_double, start) -> None:
    follow = dataclasses.replace(library_config(Path("."), arxiv_double).arxiv.follow, categories=("cs.CL",))
    newest = sorted(
        (h[-1] for h in arxiv_double.papers.values() if "cs.CL" in h[-1].categories),
        key=lambda v: (v.published, v.arxiv_id),
        reverse=True,
    )
    async with start(follow=follow, page_size=50) as bot:
        arrived: list[tuple[str, ...]] = []

        async def on_papers_arrived(paper_ids: tuple[str, ...], source: str) -> None:
            arrived.append(paper_ids)

        bot.add_listener(on_papers_arrived)
        await eventually(lambda: bot.engine.get(newest[0].arxiv_id), timeout=30.0)
        await eventually(lambda: arrived, timeout=5.0)
        assert newest[0].arxiv_id in arrived[0]
    # While the bot is down, a paper is submitted; the next start fetches it and nothing older.
    late = dataclasses.replace(
        newest[2], arxiv_id="2601.00002", published=newest[0].published + timedelta(hours=1)
    )
    arxiv_double.add(late)
    before = len(arxiv_double.requests)
    async with start(follow=follow, page_size=50) as bot:
        await eventually(lambda: bot.engine.get("2601.00002"), timeout=30.0)
        assert len(arxiv_double.requests) - before == 1
