"""Every payload the bot sends stays within Discord's limits and pings nobody, on a hostile corpus
(2,000-character titles, 1,500-character categories, mentions everywhere) and hostile queries."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from bot.config import load_config
from bot.discordbot.settings import CooldownSettings
from bot.engine import Engine
from bot.models import Paper

from . import limits, payloads
from .conftest import bot_config, running
from .test_e2e_buttons import click

PING = "@everyone <@&123456789> <@!987654321> @here"
TITLE = " ".join(["Attention routing for transformers", PING] * 40)[:2000]
HUGE_CATEGORY = "cs." + "@everyone " * 149  # 1,493 characters
LONG_CATEGORY = "cs.LG-" + "x" * 54  # 60 characters: over the /search option's 50


def hostile_papers() -> tuple[Paper, ...]:
    papers = []
    for i in range(8):
        category = (HUGE_CATEGORY, LONG_CATEGORY, "cs.CL")[i % 3] + ("" if i % 3 == 2 else str(i))
        papers.append(
            Paper(
                id=f"2501.{i:05d}",
                arxiv_id=f"2501.{i:05d}",
                title=f"{TITLE[: 2000 - 3]} {i}",
                abstract=" ".join(
                    [f"Attention routing for transformers {PING} uses sparse experts number {i}."] * 30
                ),
                authors=(f"@here Mallory {i}", f"<@12345> Eve{i}", "Amélie Héliou" + " x" * 60),
                published=date(2025, 1, i + 1),
                category=category,
                categories=(category, f"cs.{'AI' * 40}{i}"),
            )
        )
    return tuple(papers)


@pytest.fixture(scope="module")
def hostile_engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    config = load_config()
    search = dataclasses.replace(config.search, index_dir=str(tmp_path_factory.mktemp("hostile-index")))
    return Engine.from_papers(dataclasses.replace(config, search=search), hostile_papers())


def command(command_name: str, /, **options: object) -> dict:
    data = payloads.slash(command_name)  # options added here: /author's "name" would clash
    data["options"] = [{"name": key, "type": 3, "value": value} for key, value in options.items()]
    return payloads.interaction(2, data)


def typing(name: str, focused: str, value: str) -> dict:
    return payloads.interaction(4, payloads.autocomplete(name, focused, value))


async def test_every_payload_fits_discords_limits_and_pings_nobody(double, hostile_engine, tmp_path) -> None:
    config = bot_config(tmp_path, cooldowns=CooldownSettings(enabled=False), reply_in_thread=True)
    question = f"{PING} attention routing transformers? " + "x" * 200
    async with running(config, hostile_engine) as bot:
        answers = [
            await double.interact(command(name, **options), timeout=30)
            for name, options in [
                ("ask", {"question": question[:300]}),
                ("search", {"query": f"{PING} attention routing"}),
                ("search", {"query": f"{PING} zzqqxx " + "y" * 250}),  # "No results for ..."
                ("search", {"query": "attention", "category": LONG_CATEGORY[:50]}),
                ("paper", {"query": TITLE[:300]}),
                ("paper", {"query": f"{PING} nothing like it"}),
                ("similar", {"paper": "2501.00000"}),
                ("author", {"name": "Mallory 1"}),
                ("recent", {}),
                ("recent", {"category": "cs"}),
                ("random", {}),
                ("stats", {}),
                ("help", {}),
            ]
        ]
        stored = [double.messages[mid] for mid in double.posted.values()]
        for message in stored:
            for prefix in ("pb:abstract:", "pb:similar:", "pb:more:"):
                if any(
                    b["custom_id"].startswith(prefix)
                    for row in message["components"]
                    for b in row["components"]
                ):
                    await double.interact(click(message, prefix), timeout=30)
        typed = [
            typing("paper", "query", "Attention"),
            typing("paper", "query", "@every"),
            typing("author", "name", "@her"),
            typing("search", "category", "cs"),
            typing("recent", "category", "cs"),
        ]
        for interaction in typed:
            await double.dispatch("INTERACTION_CREATE", interaction)
        completions = [
            await double.wait_until(lambda i=i: next(iter(double.for_token(i["token"])), None), timeout=30)
            for i in typed
        ]
        mention = payloads.message(f"<@{payloads.BOT_ID}> {question}", mentions=[payloads.bot_user()])
        await double.dispatch("MESSAGE_CREATE", mention)
        await double.wait_until(lambda: any(r.path.endswith("/threads") for r in double.requests), timeout=30)
        await double.wait_until(
            lambda: any(
                r.path.startswith("/channels/") and r.path.endswith("/messages") for r in double.requests
            ),
            timeout=30,
        )
        category_max = bot.tree.get_command("search").get_parameter("category").max_value
    assert all(answers)
    problems = [(r.method, r.path, limits.request_problems(r.path, r.body)) for r in double.requests]
    assert [p for p in problems if p[2]] == []
    assert all(r.status < 400 for r in double.requests), [
        (r.path, r.status) for r in double.requests if r.status >= 400
    ]
    for completion in completions[3:]:
        assert completion.body["data"]["choices"], "categories of fitting length are still offered"
        assert limits.choice_problems(completion.body, category_max) == []
