"""500 concurrent /ask interactions through the real discord.py client and the local API double.

    python bench/bench_discord.py --interactions 500 --runs 3

The bot (real PaperBot, real engine on the bundled seed corpus unless --corpus is given) connects
over loopback to the Discord API double used by the e2e tests. All interactions are dispatched on
the gateway at once; for each we record when the first response reached the double (must be
< 3 s, Discord's deadline) and when the answer itself arrived (the message, or the followup after
a defer). Rows (peers measured in the same run):
- ``engine only``: the same questions answered by ``Engine.ask`` in a loop, no Discord at all:
  the floor. Its "latency" is per question; the bot rows' is end to end under full concurrency.
- ``bot (shipped settings)``: config/paperbot.yaml as shipped (cooldowns aside).
- ``bot, GIL switch 0.5 ms``: the same with ``sys.setswitchinterval(0.0005)``: the engine thread
  hands the GIL back to the event loop ten times as often.
- ``bot, 2 engine threads``: ``discord.engine_threads: 2``.
- ``bot, always defer``: ``defer_after: 0``: every answer pays the extra defer round trip.
- ``bot, /stats (no search)``: 500 cheap commands: the cost of the Discord side alone.
Cooldowns are disabled for the run (500 questions from one channel would rightly be limited).
The double runs in the same process and event loop as the bot, so its work is in the figures.
Medians over ``--runs``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import logging
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import discord  # noqa: E402
import yarl  # noqa: E402
from e2e import payloads  # noqa: E402
from e2e.double import DiscordDouble  # noqa: E402

from bot.config import Config, load_config  # noqa: E402
from bot.discordbot.client import create_bot  # noqa: E402
from bot.engine import Engine  # noqa: E402

DEADLINE = 3.0  # seconds Discord allows before the first interaction response
DEFAULT_SWITCH = sys.getswitchinterval()  # CPython's GIL hand-over interval (5 ms)


@dataclasses.dataclass
class Outcome:
    answered: int
    lost: int
    deferred: int
    late: int  # first response after the 3 s deadline
    first_p50: float
    answer_p50: float
    answer_p99: float
    seconds: float


def questions(engine: Engine, count: int) -> list[str]:
    """Questions naming real papers of the corpus, cycled: varied work, all answerable."""
    stems = ("What is {}?", "How does {} work?", "Who wrote {}?", "What problem does {} address?")
    titles = [paper.title for paper in engine.papers]
    return [stems[i % len(stems)].format(titles[i % len(titles)]) for i in range(count)]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def ask(question: str) -> dict:
    return payloads.slash("ask", question=question)


def stats(question: str) -> dict:
    return payloads.slash("stats")


async def bot_run(config: Config, engine: Engine, asked: list[str], timeout: float, command=ask) -> Outcome:
    double = DiscordDouble()
    await double.start()
    discord.http.Route.BASE = double.rest_base
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(double.gateway_url)
    bot = create_bot(config, engine, guild_ready_timeout=0.05)
    runner = asyncio.create_task(bot.start("bench-token"))
    try:
        await asyncio.wait_for(bot.wait_until_ready(), 30)
        interactions = [
            payloads.interaction(2, command(q), user_id=payloads.USER_ID + i) for i, q in enumerate(asked)
        ]
        sent: dict[str, float] = {}
        started = time.monotonic()
        for interaction in interactions:
            sent[interaction["token"]] = time.monotonic()
            await double.dispatch("INTERACTION_CREATE", interaction)
        with contextlib.suppress(TimeoutError):  # unanswered ones are counted as lost
            await double.wait_until(lambda: len(double.answered) >= len(interactions), timeout)
        seconds = time.monotonic() - started
        return summarize(double, sent, seconds)
    finally:
        await bot.close()
        await asyncio.wait_for(runner, 30)
        await double.close()


def summarize(double: DiscordDouble, sent: dict[str, float], seconds: float) -> Outcome:
    first, answer, deferred = [], [], 0
    for token, at in sent.items():
        requests = double.by_token.get(token, [])
        if requests:
            first.append(requests[0].at - at)
            deferred += requests[0].body.get("type") == 5
        if token in double.answered:
            answer.append(double.answered[token].at - at)
    return Outcome(
        answered=len(answer),
        lost=len(sent) - len(answer),
        deferred=deferred,
        late=sum(delay > DEADLINE for delay in first),
        first_p50=percentile(first, 0.5),
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
    seconds = time.monotonic() - started
    p50 = percentile(delays, 0.5)
    return Outcome(len(asked), 0, 0, 0, p50, p50, percentile(delays, 0.99), seconds)


def variant(config: Config, **discord_settings: object) -> Config:
    settings = dataclasses.replace(
        config.discord,
        test_guild_id=payloads.GUILD_ID,
        cooldowns=dataclasses.replace(config.discord.cooldowns, enabled=False),
        **discord_settings,
    )
    return dataclasses.replace(config, discord=settings)


def median_outcome(outcomes: list[Outcome]) -> Outcome:
    fields = [f.name for f in dataclasses.fields(Outcome)]
    return Outcome(**{name: statistics.median(getattr(o, name) for o in outcomes) for name in fields})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--interactions", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds to wait for all answers")
    parser.add_argument("--corpus", action="append", help="corpus file or folder instead of the bundled one")
    parser.add_argument("--state-dir", default=None, help="sync-state folder (default: a temporary one)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)

    config = load_config()
    with tempfile.TemporaryDirectory() as scratch:
        search = dataclasses.replace(config.search, index_dir=str(Path(scratch) / "index"))
        corpus = dataclasses.replace(config.corpus, paths=args.corpus) if args.corpus else config.corpus
        config = dataclasses.replace(config, search=search, corpus=corpus)
        config = dataclasses.replace(
            config, discord=dataclasses.replace(config.discord, state_dir=args.state_dir or scratch)
        )
        engine = Engine.load(config)
        asked = questions(engine, args.interactions)
        rows: dict[str, list[Outcome]] = {}
        default = variant(config)
        peers = {  # name: (config, GIL switch interval in seconds, command)
            "bot (shipped settings)": (default, DEFAULT_SWITCH, ask),
            "bot, GIL switch 0.5 ms": (default, 0.0005, ask),
            "bot, 2 engine threads": (variant(config, engine_threads=2), DEFAULT_SWITCH, ask),
            "bot, always defer": (variant(config, defer_after=0.0), DEFAULT_SWITCH, ask),
            "bot, /stats (no search)": (default, DEFAULT_SWITCH, stats),
        }
        for _ in range(args.runs):
            rows.setdefault("engine only", []).append(engine_only(engine, asked))
            for name, (peer, switch, command) in peers.items():
                sys.setswitchinterval(switch)
                outcome = asyncio.run(bot_run(peer, engine, asked, args.timeout, command))
                rows.setdefault(name, []).append(outcome)
            sys.setswitchinterval(DEFAULT_SWITCH)
    print_table({name: median_outcome(outcomes) for name, outcomes in rows.items()}, args, len(engine.papers))
    return 0


def print_table(rows: dict[str, Outcome], args: argparse.Namespace, papers: int) -> None:
    print(f"{args.interactions} concurrent /ask, {papers} papers, median of {args.runs} run(s)\n")
    header = (
        f"{'variant':<24}{'answered':>9}{'lost':>6}{'deferred':>9}{'>3s':>5}"
        f"{'first p50':>11}{'answer p50':>12}{'answer p99':>12}{'total s':>9}{'q/s':>8}{'vs engine':>10}"
    )
    print(header)
    print("-" * len(header))
    floor = rows["engine only"].seconds
    for name, row in rows.items():
        rate = row.answered / row.seconds if row.seconds else float("nan")
        print(
            f"{name:<24}{row.answered:>9.0f}{row.lost:>6.0f}{row.deferred:>9.0f}{row.late:>5.0f}"
            f"{row.first_p50 * 1000:>9.1f}ms{row.answer_p50 * 1000:>10.1f}ms{row.answer_p99 * 1000:>10.1f}ms"
            f"{row.seconds:>9.2f}{rate:>8.0f}{row.seconds / floor:>9.2f}x"
        )


if __name__ == "__main__":
    sys.exit(main())
