"""Load: 1,000 /ask interactions from 200 users in 50 channels within 10 seconds, through the real
bot process and the local Discord API double, with the shipped config (cooldowns on).

    python bench/bench_load.py [--interactions 1000 --users 200 --channels 50 --window 10]

The bot runs as `paperbot run` serves it (engine in its worker process, bundled seed corpus,
config/paperbot.yaml as shipped apart from the test guild), in its own process; the double runs
here and dispatches each interaction at its planned time (uniform over the window; a tenth of the
users ask three times as often as the rest: see tests/e2e/load.py). Reported:
- answered (an embed), cooldown replies by scope, lost (no reply; the double refuses first
  responses after 3 s like Discord), other replies (errors);
- p50/p99 latency from dispatch to the reply, for answers and for cooldown replies;
- peak RSS (VmHWM) of the bot process and of its engine worker;
- cooldown accounting: the most answers any user / channel got vs the limits, users under the
  limit and how many of them were answered, and any refusal a correct limiter would not give.
Other processes share the machine's cores: latencies are of this run on this machine.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import logging
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import discord  # noqa: E402
import yarl  # noqa: E402
from e2e import load, payloads  # noqa: E402
from e2e.double import DiscordDouble  # noqa: E402

from bot.cli.discord_commands import serve  # noqa: E402
from bot.config import Config, load_config  # noqa: E402
from bot.discordbot.client import create_bot  # noqa: E402
from bot.engine import Engine  # noqa: E402


def shipped_config(scratch: str) -> Config:
    """config/paperbot.yaml as shipped; only the test guild and scratch folders differ."""
    config = load_config()
    search = dataclasses.replace(config.search, index_dir=str(Path(scratch) / "index"))
    settings = dataclasses.replace(config.discord, test_guild_id=payloads.GUILD_ID, state_dir=scratch)
    return dataclasses.replace(config, search=search, discord=settings)


def bot_process(rest: str, gateway: str) -> int:
    discord.http.Route.BASE = rest
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway)
    logging.basicConfig(level=logging.ERROR)
    with tempfile.TemporaryDirectory() as scratch:
        config = shipped_config(scratch)
        engine = None if config.discord.engine_process else Engine.load(config)
        bot = create_bot(config, engine)

        async def tell_parent() -> None:
            print("ready", flush=True)

        bot.add_listener(tell_parent, "on_ready")
        return asyncio.run(serve(bot, "bench-token"))


def peak_rss_mb(pid: int) -> float:
    """VmHWM: the most resident memory the process ever had."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def engine_workers(pid: int) -> list[int]:
    """The bot's spawned worker processes (not multiprocessing's resource tracker)."""
    path = Path(f"/proc/{pid}/task/{pid}/children")
    kids = [int(child) for child in path.read_text().split()] if path.exists() else []
    return [kid for kid in kids if b"spawn_main" in Path(f"/proc/{kid}/cmdline").read_bytes()]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


async def run(args: argparse.Namespace, questions: list[str]) -> None:
    double = DiscordDouble()
    await double.start()
    child = [sys.executable, __file__, "--bot-process", double.rest_base, double.gateway_url]
    process = await asyncio.create_subprocess_exec(*child, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE)
    try:
        assert process.stdout is not None
        assert await asyncio.wait_for(process.stdout.readline(), 120) == b"ready\n"
        planned = load.plan(args.interactions, args.users, args.channels, args.window, questions)
        sent: dict[str, float] = {}
        started = time.monotonic()
        for item in planned:
            await asyncio.sleep(max(0.0, started + item.at - time.monotonic()))
            sent[item.interaction["token"]] = time.monotonic()
            await double.dispatch("INTERACTION_CREATE", item.interaction)
        dispatched = time.monotonic() - started
        with contextlib.suppress(TimeoutError):  # what never comes is counted as lost
            await double.wait_until(lambda: len(double.answered) >= len(planned), args.timeout)
        peaks = {"bot": peak_rss_mb(process.pid)} | {
            f"engine worker {n}": peak_rss_mb(pid) for n, pid in enumerate(engine_workers(process.pid), 1)
        }
        report(double, planned, sent, dispatched, peaks)
    finally:
        process.terminate()  # SIGTERM: the clean shutdown path of `paperbot run`
        await asyncio.wait_for(process.wait(), 30)
        await double.close()


def report(
    double: DiscordDouble,
    planned: list[load.Planned],
    sent: dict[str, float],
    dispatched: float,
    peaks: dict[str, float],
) -> None:
    limits = load_config().discord.cooldowns
    books = load.account(double, planned)
    latency: dict[str, list[float]] = {"answer": [], "cooldown reply": []}
    for item in planned:
        record = double.answered.get(item.interaction["token"])
        if record is not None:
            kind = "answer" if record.message_body.get("embeds") else "cooldown reply"
            latency[kind].append(record.at - sent[item.interaction["token"]])
    asked = load.asked(planned)
    under = [user for user, n in asked.items() if n <= limits.user.rate]
    under_answered = [u for u in under if books.answers[u] == asked[u]]
    under_channel_refused = [u for u in under if books.answers[u] < asked[u]]
    print(
        f"\n{len(planned)} /ask from {len(asked)} users in {len({p.channel_id for p in planned})} channels, "
        f"dispatched over {dispatched:.1f} s; cooldowns user {limits.user.rate}/{limits.user.per:g} s, "
        f"channel {limits.channel.rate}/{limits.channel.per:g} s\n"
    )
    rows = [
        ("answered (embed)", books.answered),
        ("cooldown: user", sum(books.user_refusals.values())),
        ("cooldown: channel", sum(books.channel_refusals.values())),
        ("other replies (errors)", len(books.other)),
        ("lost (no reply)", books.lost),
    ]
    rows += [(f"{kind} p50 / p99 ms", _ms(values)) for kind, values in latency.items()]
    rows += [(f"peak RSS {name} MB", f"{mb:.0f}") for name, mb in peaks.items()]
    rows += [
        ("most answers per user", f"{max(books.answers.values(), default=0)} (limit {limits.user.rate})"),
        (
            "most answers per channel",
            f"{max(books.channel_answers.values(), default=0)} (limit {limits.channel.rate})",
        ),
        ("users over the limit", sum(1 for n in asked.values() if n > limits.user.rate)),
        ("  of them got a user cooldown", len(books.user_refusals)),
        (f"users under the limit (<= {limits.user.rate} asks)", len(under)),
        ("  answered every time", len(under_answered)),
        ("  refused only because their channel was full", len(under_channel_refused)),
        ("unjustified refusals / over-limit answers", len(books.unjustified(limits))),
    ]
    width = max(len(name) for name, _ in rows) + 2
    for name, value in rows:
        print(f"{name:<{width}}{value:>14}")


def _ms(values: list[float]) -> str:
    return f"{percentile(values, 0.5) * 1000:.0f} / {percentile(values, 0.99) * 1000:.0f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--interactions", type=int, default=1000)
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--channels", type=int, default=50)
    parser.add_argument("--window", type=float, default=10.0, help="seconds to spread them over")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for replies after")
    parser.add_argument("--bot-process", nargs=2, metavar=("REST", "GATEWAY"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bot_process:
        return bot_process(*args.bot_process)
    logging.basicConfig(level=logging.WARNING)
    with tempfile.TemporaryDirectory() as scratch:
        titles = [paper.title for paper in Engine.load(shipped_config(scratch)).papers]
    stems = ("What is {}?", "How does {} work?", "Who wrote {}?", "What problem does {} address?")
    questions = [stems[i % len(stems)].format(title) for i, title in enumerate(titles)]
    asyncio.run(run(args, questions))
    return 0


if __name__ == "__main__":
    sys.exit(main())
