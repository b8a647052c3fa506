"""500 concurrent /ask interactions through the real bot process and the local Discord API double.

    python bench/bench_discord.py --interactions 500 --runs 3

The bot runs as `paperbot run` would (``serve``: real PaperBot, real engine on the bundled seed
corpus unless --corpus is given, SIGTERM to stop) in its own process, pointed over loopback at
the Discord API double of the e2e tests, which runs in this process. All interactions are
dispatched on the gateway at once; for each we record when the first response reached the
double and when the answer arrived (the message, or the followup after a defer). Like Discord,
the double refuses a first response later than 3 s ("Unknown interaction"): such a question is
lost. Rows (peers measured in the same run):
- ``engine only``: the same questions answered by ``Engine.ask`` in a loop, no Discord at all:
  the floor. Its latency is per question; the bot rows' is end to end under full concurrency.
- ``bot (shipped settings)``: config/paperbot.yaml as shipped (cooldowns off: 500 questions from
  one channel would rightly be limited): the engine in a worker process.
- ``bot, engine thread``: ``discord.engine_process: false``: the engine on one thread of the
  bot's process, sharing the GIL with the event loop.
- ``bot, 2 engine threads``: the same with ``discord.engine_threads: 2``.
- ``bot, always defer``: ``defer_after: 0``: every answer pays the extra defer round trip.
- ``bot, /stats (no search)``: 500 cheap commands: the cost of the Discord side alone.
Medians over ``--runs``. Other processes on the machine share its cores: compare rows of one run.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import json
import logging
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import discord  # noqa: E402
import yarl  # noqa: E402
from e2e import payloads  # noqa: E402
from e2e.double import DiscordDouble  # noqa: E402

from bot.cli.discord_commands import serve  # noqa: E402
from bot.config import Config, load_config  # noqa: E402
from bot.discordbot.client import create_bot  # noqa: E402
from bot.engine import Engine  # noqa: E402

PEERS: dict[str, tuple[dict[str, Any], str]] = {  # name: (discord settings, command)
    "bot (shipped settings)": ({}, "ask"),
    "bot, engine thread": ({"engine_process": False}, "ask"),
    "bot, 2 engine threads": ({"engine_process": False, "engine_threads": 2}, "ask"),
    "bot, always defer": ({"defer_after": 0.0}, "ask"),
    "bot, /stats (no search)": ({}, "stats"),
}


@dataclasses.dataclass
class Outcome:
    answered: int
    lost: int
    deferred: int
    first_p50: float
    first_p99: float
    answer_p50: float
    answer_p99: float
    seconds: float


def bench_config(corpus: list[str] | None, scratch: str, **discord_settings: Any) -> Config:
    config = load_config()
    search = dataclasses.replace(config.search, index_dir=str(Path(scratch) / "index"))
    paths = dataclasses.replace(config.corpus, paths=corpus) if corpus else config.corpus
    cooldowns = dataclasses.replace(config.discord.cooldowns, enabled=False)
    settings = dataclasses.replace(
        config.discord,
        test_guild_id=payloads.GUILD_ID,
        state_dir=scratch,
        cooldowns=cooldowns,
        **discord_settings,
    )
    return dataclasses.replace(config, search=search, corpus=paths, discord=settings)


def questions(engine: Engine, count: int) -> list[str]:
    """Questions naming real papers of the corpus, cycled: varied work, all answerable."""
    stems = ("What is {}?", "How does {} work?", "Who wrote {}?", "What problem does {} address?")
    titles = [paper.title for paper in engine.papers]
    return [stems[i % len(stems)].format(titles[i % len(titles)]) for i in range(count)]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("inf")  # none came


# ---- the bot process -------------------------------------------------------------------------


def bot_process(rest: str, gateway: str, settings_json: str, corpus: list[str] | None) -> int:
    """Child: the bot exactly as `paperbot run` serves it, but pointed at the double."""
    discord.http.Route.BASE = rest
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway)
    logging.basicConfig(level=logging.WARNING)
    with tempfile.TemporaryDirectory() as scratch:
        config = bench_config(corpus, scratch, **json.loads(settings_json))
        engine = None if config.discord.engine_process else Engine.load(config)  # as `paperbot run`
        bot = create_bot(config, engine)

        async def tell_parent() -> None:
            print("ready", flush=True)

        bot.add_listener(tell_parent, "on_ready")
        return asyncio.run(serve(bot, "bench-token"))


async def bot_run(
    settings: dict[str, Any], command: str, asked: list[str], args: argparse.Namespace
) -> Outcome:
    double = DiscordDouble()
    await double.start()
    child = [
        sys.executable,
        __file__,
        "--bot-process",
        double.rest_base,
        double.gateway_url,
        json.dumps(settings),
    ]
    child += [arg for path in args.corpus or [] for arg in ("--corpus", path)]
    process = await asyncio.create_subprocess_exec(*child, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE)
    try:
        assert process.stdout is not None
        assert await asyncio.wait_for(process.stdout.readline(), 120) == b"ready\n"
        interactions = [
            payloads.interaction(2, slash(command, q), user_id=payloads.USER_ID + i)
            for i, q in enumerate(asked)
        ]
        sent: dict[str, float] = {}
        started = time.monotonic()
        for interaction in interactions:
            sent[interaction["token"]] = time.monotonic()
            await double.dispatch("INTERACTION_CREATE", interaction)
        with contextlib.suppress(TimeoutError):  # what never comes is counted as lost
            await double.wait_until(lambda: len(double.answered) >= len(interactions), args.timeout)
        return summarize(double, sent, time.monotonic() - started)
    finally:
        process.terminate()  # SIGTERM: the clean shutdown path of `paperbot run`
        await asyncio.wait_for(process.wait(), 30)
        await double.close()


def slash(command: str, question: str) -> dict:
    return payloads.slash("ask", question=question) if command == "ask" else payloads.slash(command)


def summarize(double: DiscordDouble, sent: dict[str, float], seconds: float) -> Outcome:
    first, answer, deferred = [], [], 0
    for token, at in sent.items():
        requests = double.by_token.get(token, [])
        if requests:
            first.append(requests[0].at - at)
            deferred += requests[0].body.get("type") == 5 and requests[0].status < 300
        if token in double.answered:
            answer.append(double.answered[token].at - at)
    return Outcome(
        answered=len(answer),
        lost=len(sent) - len(answer),
        deferred=deferred,
        first_p50=percentile(first, 0.5),
        first_p99=percentile(first, 0.99),
        answer_p50=percentile(answer, 0.5),
        answer_p99=percentile(answer, 0.99),
        seconds=seconds,
    )


def engine_only(engine: Engine, asked: list[str]) -> Outcome:
    delays = []
    started = time.monotonic()
    for question in asked:
        begin = time.monotonic()
        engine.ask(question)
        delays.append(time.monotonic() - begin)
    p50, p99 = percentile(delays, 0.5), percentile(delays, 0.99)
    return Outcome(len(asked), 0, 0, p50, p99, p50, p99, time.monotonic() - started)


def median_outcome(outcomes: list[Outcome]) -> Outcome:
    fields = [f.name for f in dataclasses.fields(Outcome)]
    return Outcome(**{name: statistics.median(getattr(o, name) for o in outcomes) for name in fields})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--interactions", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds to wait for all answers")
    parser.add_argument("--corpus", action="append", help="corpus file or folder instead of the bundled one")
    parser.add_argument(
        "--bot-process", nargs=3, metavar=("REST", "GATEWAY", "SETTINGS"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.bot_process:
        return bot_process(*args.bot_process, args.corpus)
    logging.basicConfig(level=logging.WARNING)

    with tempfile.TemporaryDirectory() as scratch:
        engine = Engine.load(bench_config(args.corpus, scratch))
        asked = questions(engine, args.interactions)
        rows: dict[str, list[Outcome]] = {}
        for _ in range(args.runs):
            rows.setdefault("engine only", []).append(engine_only(engine, asked))
            for name, (settings, command) in PEERS.items():
                rows.setdefault(name, []).append(asyncio.run(bot_run(settings, command, asked, args)))
    print_table({name: median_outcome(outcomes) for name, outcomes in rows.items()}, args, len(engine.papers))
    return 0


def print_table(rows: dict[str, Outcome], args: argparse.Namespace, papers: int) -> None:
    print(f"\n{args.interactions} concurrent interactions, {papers} papers, median of {args.runs} run(s)\n")
    header = (
        f"{'variant':<24}{'answered':>9}{'lost':>6}{'deferred':>9}{'first p50':>11}{'first p99':>11}"
        f"{'answer p50':>12}{'answer p99':>12}{'total s':>9}{'q/s':>7}{'vs engine':>10}"
    )
    print(header)
    print("-" * len(header))
    floor = rows["engine only"].seconds
    for name, row in rows.items():
        rate = row.answered / row.seconds if row.seconds else float("nan")
        print(
            f"{name:<24}{row.answered:>9.0f}{row.lost:>6.0f}{row.deferred:>9.0f}"
            f"{row.first_p50 * 1000:>9.0f}ms{row.first_p99 * 1000:>9.0f}ms"
            f"{row.answer_p50 * 1000:>10.0f}ms{row.answer_p99 * 1000:>10.0f}ms"
            f"{row.seconds:>9.2f}{rate:>7.0f}{row.seconds / floor:>9.2f}x"
        )


if __name__ == "__main__":
    sys.exit(main())
