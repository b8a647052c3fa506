"""Adding papers to a living corpus: time from add to answerable, a 1,000-paper sync, and the
incremental index update against a full rebuild (time and memory). Prints tables of medians.

    python bench/bench_add.py --shared ../shared --runs 5          # seed corpus and the 74,728 arXiv papers
    python bench/bench_add.py --shared ../shared --runs 5 --seed-only

"Add to answerable" is ``bot.library.ingest.ingest``: the store transaction, the merge with the
corpus files, the index update, saving the index for restarts and other processes, and the
snapshot swap; then one ``ask`` about the new paper must cite it (checked, not timed). The
papers added are real arXiv papers (daily_arxiv_ai_enhanced/sample_2000.jsonl for the seed
corpus; for the 74k corpus, its own last 1,000 papers are held out and added back). Fetching
from arXiv is not timed: arXiv's terms allow one request every 3 s, which dominates any add.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.config import Config, load_config  # noqa: E402
from bot.corpus import load_corpus  # noqa: E402
from bot.corpus.settings import CorpusSettings  # noqa: E402
from bot.engine import Engine  # noqa: E402
from bot.library.ingest import ingest  # noqa: E402
from bot.models import Paper  # noqa: E402
from bot.search import PaperIndex  # noqa: E402
from bot.state import PaperRecord  # noqa: E402

SAMPLE = Path("datasets/arxiv/daily_arxiv_ai_enhanced/sample_2000.jsonl")
PARTS = Path("datasets/arxiv/daily_arxiv_ai_enhanced")
HELD_OUT = 1000


def config_in(folder: Path, *, semantic: bool) -> Config:
    config = load_config()
    search = dataclasses.replace(
        config.search,
        index_dir=str(folder / "index"),
        semantic=dataclasses.replace(config.search.semantic, enabled=semantic),
    )
    storage = dataclasses.replace(config.storage, path=str(folder / "paperbot.db"))
    return dataclasses.replace(config, search=search, storage=storage)


def record(paper: Paper) -> PaperRecord:
    return PaperRecord(paper, 1)


def median_ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:,.0f} ms" if values else "-"


def add_and_check(engine: Engine, paper: Paper) -> float:
    report = ingest(engine, [record(paper)], "bench", "bench")
    assert report.ok, report.error
    answer = engine.ask(paper.title)
    assert any(c.paper.arxiv_id == paper.arxiv_id for c in answer.citations), paper.title
    return report.seconds


def seed_rows(shared: Path, runs: int) -> list[tuple[str, str, str]]:
    sample = load_corpus(CorpusSettings(paths=[str(shared / SAMPLE)], overrides=None)).papers
    rows = []
    for semantic in (False, True):
        times = []
        for run in range(runs):
            with tempfile.TemporaryDirectory() as folder:
                engine = Engine.load(config_in(Path(folder), semantic=semantic))
                engine.wait_until_warm(60)
                times.append(add_and_check(engine, sample[run]))
        name = "seed corpus (29 papers), " + ("with semantic embeddings" if semantic else "BM25 only")
        rows.append((name, median_ms(times), f"{runs} adds, one paper each"))
    return rows


def peak_mib(work: Callable[[], Any]) -> tuple[Any, float]:
    gc.collect()
    tracemalloc.start()
    try:
        result = work()
        return result, tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def large_rows(shared: Path, runs: int) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    files = sorted((shared / PARTS).glob("papers-part*.jsonl.gz"))
    papers = load_corpus(CorpusSettings(paths=[str(f) for f in files], overrides=None)).papers
    base, held = papers[:-HELD_OUT], papers[-HELD_OUT:]
    folder = Path(tempfile.mkdtemp(prefix="bench-add-"))
    config = config_in(folder, semantic=False)
    started = time.perf_counter()
    engine = Engine.from_papers(config, base, folder / "index")
    first_build = time.perf_counter() - started
    engine.wait_until_warm(120)

    adds = [add_and_check(engine, paper) for paper in held[:runs]]
    started = time.perf_counter()
    report = ingest(engine, [record(p) for p in held[runs:]], "bench", "sync")
    assert report.ok and len(report.arrived) == HELD_OUT - runs, report.error
    sync = time.perf_counter() - started
    assert len(engine.papers) == len(papers)

    old = engine_index(base, config)
    updates, rebuilds = [], []
    for _ in range(runs):
        started = time.perf_counter()
        old.updated(papers)
        updates.append(time.perf_counter() - started)
        started = time.perf_counter()
        PaperIndex.build(papers, config.search)
        rebuilds.append(time.perf_counter() - started)
    _, update_peak = peak_mib(lambda: old.updated(papers))
    _, rebuild_peak = peak_mib(lambda: PaperIndex.build(papers, config.search))
    n = f"{len(base):,}"
    timing = [
        (f"arXiv corpus ({n} papers), BM25 only: add one paper", median_ms(adds), f"{runs} adds"),
        (f"arXiv corpus: sync of {HELD_OUT - runs} new papers in one add", median_ms([sync]), "1 run"),
        (f"arXiv corpus: first index build ({n} papers)", median_ms([first_build]), "1 run, for scale"),
    ]
    memory = [
        (f"incremental update, {n} + {HELD_OUT} papers", median_ms(updates), f"{update_peak:,.0f} MiB"),
        (f"full rebuild, {len(papers):,} papers", median_ms(rebuilds), f"{rebuild_peak:,.0f} MiB"),
        (
            "ratio (rebuild / update)",
            f"{statistics.median(rebuilds) / statistics.median(updates):.1f}x",
            f"{rebuild_peak / max(update_peak, 1e-9):.1f}x",
        ),
    ]
    return timing, memory


def engine_index(papers: tuple[Paper, ...], config: Config) -> PaperIndex:
    return PaperIndex.build(papers, config.search)


def table(header: tuple[str, str, str], rows: list[tuple[str, str, str]]) -> str:
    lines = [f"| {header[0]} | {header[1]} | {header[2]} |", "|---|---:|---|"]
    return "\n".join(lines + [f"| {a} | {b} | {c} |" for a, b, c in rows])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", default=os.environ.get("PAPERBOT_SHARED", str(ROOT.parent / "shared")))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed-only", action="store_true")
    args = parser.parse_args()
    shared = Path(args.shared)
    rows = seed_rows(shared, args.runs)
    memory: list[tuple[str, str, str]] = []
    if not args.seed_only:
        large, memory = large_rows(shared, args.runs)
        rows += large
    print(table(("add to answerable", "median", "runs"), rows))
    if memory:
        print()
        print(
            table(
                ("index of the 74k corpus after a 1,000-paper sync", "time (median)", "peak traced memory"),
                memory,
            )
        )


if __name__ == "__main__":
    main()
