"""The arXiv client's feed parsing, against feedparser, and how long it holds the event loop.

    python bench/bench_arxiv.py                       # pages of 10, 100, 500, 2000 entries
    python bench/bench_arxiv.py --repeats 5 --sizes 100,2000

Feeds are rendered in arXiv's current Atom format by the test double (tests/arxiv_double.py) from
the real metadata in ``--shared``/datasets/arxiv/daily_arxiv_ai_enhanced/sample_2000.jsonl, so an
entry is as long as a real one (1.3 KB abstracts, ~6 authors). Peer in the same run: feedparser
(``feedparser.parse`` on the same bytes; it is lenient and returns dicts, where ``parse_feed``
builds the ``Paper`` records too). Then the double, on its own thread and loop, serves a 2000-entry
page over loopback and a
1 ms ticker measures the client's event loop's longest stall during ``ArxivClient.search``, with the
parse on a worker thread (as shipped, above ``THREAD_PARSE_BYTES``) and forced inline.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import os
import statistics
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.arxiv import client as client_module  # noqa: E402
from bot.arxiv.client import ArxivClient  # noqa: E402
from bot.arxiv.entries import parse_feed  # noqa: E402
from bot.arxiv.ratelimit import RateLimiter  # noqa: E402
from bot.arxiv.settings import ArxivSettings  # noqa: E402
from tests.arxiv_double import ArxivDouble, render_feed  # noqa: E402


def median_ms(run: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def parse_table(double: ArxivDouble, sizes: list[int], repeats: int) -> None:
    try:
        import feedparser
    except ImportError:
        feedparser = None
    versions = [history[-1] for history in double.papers.values()]
    print("| entries | body KB | parse_feed ms | feedparser ms | feedparser / ours | entries per ms (ours) |")
    print("|---|---|---|---|---|---|")
    for size in sizes:
        page = (versions * (size // len(versions) + 1))[:size]
        body = render_feed({"search_query": "all:x"}, page, total=size, start=0, size=size).encode()
        assert len(parse_feed(body).entries) == size
        ours = median_ms(lambda b=body: parse_feed(b), repeats)
        peer = median_ms(lambda b=body: feedparser.parse(b), repeats) if feedparser else float("nan")
        print(
            f"| {size} | {len(body) / 1000:.0f} | {ours:.1f} | {peer:.1f} | {peer / ours:.1f}× | {size / ours:.0f} |"
        )


async def longest_stall(done: asyncio.Event) -> float:
    """Ticks every millisecond until ``done``; returns the longest extra delay a tick saw, in seconds."""
    worst, last = 0.0, time.perf_counter()
    while not done.is_set():
        await asyncio.sleep(0.001)
        now = time.perf_counter()
        worst, last = max(worst, now - last - 0.001), now
    return worst


async def loop_stall(double: ArxivDouble, *, inline: bool, repeats: int) -> tuple[float, float]:
    """Median over ``repeats`` of (the loop's longest stall, the search's duration), in ms."""
    settings = dataclasses.replace(ArxivSettings(), api_url=double.url, min_interval_seconds=0.0)
    threshold = client_module.THREAD_PARSE_BYTES
    client_module.THREAD_PARSE_BYTES = 1 << 40 if inline else threshold
    stalls, durations = [], []
    try:
        async with ArxivClient(settings, limiter=RateLimiter()) as client:
            for _ in range(repeats):
                done = asyncio.Event()
                tick = asyncio.create_task(longest_stall(done))
                start = time.perf_counter()
                feed = await client.search("all:a", max_results=2000, sort_by="submittedDate")
                durations.append((time.perf_counter() - start) * 1000)
                done.set()
                stalls.append(await tick * 1000)
                assert len(feed.entries) > 1500 or not feed.total
    finally:
        client_module.THREAD_PARSE_BYTES = threshold
    return statistics.median(stalls), statistics.median(durations)


def serve_elsewhere(double: ArxivDouble) -> Callable[[], None]:
    """Runs the double on its own thread and event loop, so its rendering is not counted as our stall;
    returns the function that stops it."""
    ready, loop_box = threading.Event(), []

    def run() -> None:
        loop = asyncio.new_event_loop()
        loop_box.append(loop)
        loop.run_until_complete(double.start())
        ready.set()
        loop.run_forever()
        loop.run_until_complete(double.close())

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    ready.wait(30)

    def stop() -> None:
        loop_box[0].call_soon_threadsafe(loop_box[0].stop)
        thread.join(30)

    return stop


async def stall_table(double: ArxivDouble, repeats: int) -> None:
    print("\n| 2000-entry page (4.7 MB) over loopback | longest event-loop stall ms | search ms |")
    print("|---|---|---|")
    for label, inline in (("parsed on a thread (shipped)", False), ("parsed inline", True)):
        stall, duration = await loop_stall(double, inline=inline, repeats=repeats)
        print(f"| {label} | {stall:.1f} | {duration:.0f} |")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--sizes", default="10,100,500,2000")
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    double = ArxivDouble.from_shared(args.shared.resolve())
    load = os.getloadavg()[0]
    print(
        f"medians of {args.repeats} runs; {len(double.papers)} real papers as material; load average {load:.1f}\n"
    )
    parse_table(double, [int(s) for s in args.sizes.split(",")], args.repeats)
    stop = serve_elsewhere(double)
    try:
        asyncio.run(stall_table(double, args.repeats))
    finally:
        stop()


if __name__ == "__main__":
    main()
