"""Memory stays flat over 100,000 questions: RSS and tracemalloc sampled every 10,000.

    python bench/bench_memory.py [--questions 100000 --every 10000]

Drives what a busy Discord bot does, in this process (no Discord: the bot's own state is driven
directly, as its cogs and buttons would): each step is one of
- a new question (``Engine.ask``) in a conversation never seen before (distinct user and channel),
- a follow-up ("who wrote the second one?") in a recent conversation,
- a "More results" page: the button's custom_id built and parsed back (long queries go through
  the button LRU), then ``queries.search_page``,
- an "Abstract" click (``Engine.get``) and an autocomplete (``Engine.complete_titles``),
and every step passes the cooldowns of a distinct user (the DM worst case: one window per user).
Questions are built from the corpus's own title and abstract words, as users' questions are.
Each sample prints RSS, tracemalloc's current size, and the size of every bounded structure
(conversation memory, cooldown windows, long-query button keys). Growth is the change from the
first sample (after warm-up) to the last. Other processes share the machine.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import re
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.config import load_config  # noqa: E402
from bot.discordbot import views  # noqa: E402
from bot.discordbot.cooldowns import Cooldowns  # noqa: E402
from bot.discordbot.queries import SearchKey, search_page  # noqa: E402
from bot.engine import Engine  # noqa: E402

FOLLOW_UPS = ("who wrote the second one?", "tell me more about [1]", "what about the first one?")


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class Workload:
    def __init__(self, engine: Engine, seed: int = 11) -> None:
        self.engine = engine
        self.rng = random.Random(seed)
        self.papers = engine.papers
        text = " ".join(f"{p.title} {p.abstract}" for p in self.papers)
        self.words = sorted(set(re.findall(r"[A-Za-z][A-Za-z-]{3,}", text)))
        self.cooldowns = Cooldowns(load_config().discord.cooldowns)
        self.limited = 0

    def question(self) -> str:
        return f"What is known about {' '.join(self.rng.sample(self.words, 3))}?"

    def step(self, n: int) -> None:
        if self.cooldowns.hit(10**9 + n, None) is not None:
            self.limited += 1
        kind = n % 5
        if kind == 0:
            self.engine.ask(self.question(), conversation=f"discord:{n}:{n}")
        elif kind == 1:
            recent = max(0, n - self.rng.randrange(1, 50))
            self.engine.ask(self.rng.choice(FOLLOW_UPS), conversation=f"discord:{recent}:{recent}")
        elif kind == 2:
            query = self.question() * (1 + n % 4)  # every other one too long for a custom_id
            custom_id = views.encode_more(SearchKey(query), 2)
            key = views.decode_more(custom_id.split(":", 3)[3])
            assert key is not None
            search_page(self.engine, key, 2, 5)
        elif kind == 3:
            self.engine.get(self.rng.choice(self.papers).id)
        else:
            self.engine.complete_titles(self.rng.choice(self.words)[:5], limit=25)


def sizes(workload: Workload) -> dict[str, int]:
    return {
        "conversations": len(workload.engine._memory),
        "cooldown windows": len(workload.cooldowns.scopes["user"])
        + len(workload.cooldowns.scopes["channel"]),
        "button keys": len(views.LONG_KEYS),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--questions", type=int, default=100_000)
    parser.add_argument("--every", type=int, default=10_000)
    args = parser.parse_args()
    config = load_config()
    with tempfile.TemporaryDirectory() as scratch:
        search = dataclasses.replace(config.search, index_dir=scratch)
        engine = Engine.load(dataclasses.replace(config, search=search))
        workload = Workload(engine)
        for n in range(200):  # warm-up: lazily built tables and caches are not growth
            workload.step(n)
        tracemalloc.start(1)
        rows = [sample(0, workload, time.monotonic())]
        started = time.monotonic()
        for n in range(1, args.questions + 1):
            workload.step(n + 200)
            if n % args.every == 0:
                rows.append(sample(n, workload, started))
        tracemalloc.stop()
    print_table(rows, len(engine.papers), workload.limited, config)
    return 0


def sample(n: int, workload: Workload, started: float) -> dict[str, float]:
    current, _peak = tracemalloc.get_traced_memory()
    row = {
        "steps": n,
        "seconds": time.monotonic() - started,
        "RSS MB": rss_mb(),
        "traced MB": current / 2**20,
    }
    return row | sizes(workload)


def print_table(rows: list[dict[str, float]], papers: int, limited: int, config) -> None:
    caps = config.answer.memory
    print(
        f"\n{rows[-1]['steps']:.0f} steps on {papers} papers; caps: conversations {caps.conversations} "
        f"(ttl {caps.ttl_seconds:g} s), button keys {views.LONG_KEYS._capacity}, cooldown windows "
        f"end after {config.discord.cooldowns.user.per:g} s; {limited} steps were cooldown-limited\n"
    )
    names = list(rows[0])
    print("".join(f"{name:>18}" for name in names))
    for row in rows:
        print(
            "".join(
                f"{row[name]:>18.1f}" if isinstance(row[name], float) else f"{row[name]:>18}"
                for name in names
            )
        )
    first, last = rows[1] if len(rows) > 2 else rows[0], rows[-1]
    print(
        f"\ngrowth from step {first['steps']:.0f} to {last['steps']:.0f}: "
        f"RSS {last['RSS MB'] - first['RSS MB']:+.1f} MB, traced {last['traced MB'] - first['traced MB']:+.1f} MB"
    )


if __name__ == "__main__":
    sys.exit(main())
