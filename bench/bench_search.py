"""BM25 engines on synthetic Zipfian corpora: build time, index size, peak RSS, query latency.

    python bench/bench_search.py --sizes 10000,100000,1000000 --queries 200 --seed 0

Corpora: ``n`` documents of lognormal length (mean 150 tokens, like an abstract), tokens drawn
from a Zipf law (exponent 1.1) over a vocabulary of ``--vocab`` words. Queries of 1, 5 and 20
terms are drawn from the same law (restricted to words that occur). Every engine is built and
queried in its own fresh subprocess, so peak RSS is per engine (it includes the token lists, which
are the same for all). Latency is one top-10 query through each library's own API:
rank-bm25 and rank-bm25-rs ``get_top_n`` (score every document, then sort), bm25s ``retrieve``
(k=10, one thread), ours ``BM25Matrix.top_k`` on the index as loaded from disk (memory-mapped).
Tables (markdown) are printed and written to ``--out``.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
ENGINES = ("rank-bm25", "rank-bm25-rs", "bm25s-numba", "bm25s-numpy", "ours")
QUERY_LENGTHS = (1, 5, 20)
TOP = 10
# rank-bm25 scores every document in a Python loop per query term: ~1.5 s per 5-term query at
# 1M documents and ~15 GB of dicts to build; it is skipped above this size.
RANK_BM25_MAX_DOCS = 100_000
RANK_BM25_QUERIES_AT_MAX = 5


# -- synthetic data -------------------------------------------------------------------------------


def zipf_cdf(vocab: int, exponent: float) -> np.ndarray:
    weights = np.arange(1, vocab + 1, dtype=np.float64) ** -exponent
    cdf = np.cumsum(weights)
    return cdf / cdf[-1]


def write_corpus(directory: Path, n_docs: int, vocab: int, seed: int, queries: int) -> None:
    """Token ids, document lengths and query ids as .npy files, shared by the engine workers."""
    rng = np.random.default_rng(seed)
    cdf = zipf_cdf(vocab, 1.1)
    sigma = 0.5
    lengths = np.maximum(1, rng.lognormal(np.log(150) - sigma**2 / 2, sigma, n_docs).round()).astype(np.int64)
    ids = np.empty(int(lengths.sum()), dtype=np.int32)
    step = 1 << 24
    for start in range(0, len(ids), step):
        stop = min(start + step, len(ids))
        ids[start:stop] = np.searchsorted(cdf, rng.random(stop - start), side="right")
    present = np.unique(ids)
    np.save(directory / "ids.npy", ids)
    np.save(directory / "lengths.npy", lengths)
    for length in QUERY_LENGTHS:
        drawn = np.searchsorted(cdf, rng.random(queries * length * 4), side="right")
        drawn = drawn[np.isin(drawn, present)][: queries * length]
        np.save(directory / f"queries{length}.npy", drawn.reshape(queries, length))


def read_corpus(directory: Path) -> list[list[str]]:
    ids = np.load(directory / "ids.npy", mmap_mode="r")
    lengths = np.load(directory / "lengths.npy")
    words = [f"w{i}" for i in range(int(ids.max()) + 1)]
    bounds = np.concatenate(([0], np.cumsum(lengths))).tolist()
    return [list(map(words.__getitem__, ids[start:stop].tolist())) for start, stop in pairwise(bounds)]


def read_queries(directory: Path, length: int) -> list[list[str]]:
    return [[f"w{i}" for i in row] for row in np.load(directory / f"queries{length}.npy").tolist()]


# -- engines ----------------------------------------------------------------------------------------


class Engine:
    """Build an index, say how big it is on disk, answer top-10 queries."""

    def build(self, docs: list[list[str]]) -> None:
        raise NotImplementedError

    def size_on_disk(self, directory: Path) -> int | None:
        return None

    def prepare_queries(self, directory: Path) -> float | None:
        """Last step before querying (e.g. load from disk); returns its duration or None."""
        return None

    def query(self, terms: list[str]) -> Any:
        raise NotImplementedError

    def all_scores(self, terms: list[str]) -> Any:
        """Every document's score (what rank-bm25's get_scores returns)."""
        raise NotImplementedError


class RankBM25(Engine):
    def __init__(self, module: Any) -> None:
        self.module = module

    def build(self, docs: list[list[str]]) -> None:
        self.index = self.module.BM25Okapi(docs)
        self.docs = list(range(len(docs)))

    def size_on_disk(self, directory: Path) -> int | None:
        path = directory / "index.pickle"
        try:
            with path.open("wb") as handle:
                pickle.dump(self.index, handle, protocol=pickle.HIGHEST_PROTOCOL)
        except (TypeError, pickle.PicklingError):
            return None
        return path.stat().st_size

    def query(self, terms: list[str]) -> Any:
        return self.index.get_top_n(terms, self.docs, n=TOP)

    def all_scores(self, terms: list[str]) -> Any:
        return self.index.get_scores(terms)


class BM25S(Engine):
    def __init__(self, backend: str) -> None:
        self.backend = backend

    def build(self, docs: list[list[str]]) -> None:
        import bm25s

        self.index = bm25s.BM25(backend=self.backend)
        self.index.index(docs, show_progress=False)
        if self.backend == "numba":
            self.query(["w0", "w1"])  # compile before timing

    def size_on_disk(self, directory: Path) -> int | None:
        self.index.save(directory / "bm25s", show_progress=False)
        return _tree_size(directory / "bm25s")

    def query(self, terms: list[str]) -> Any:
        selection = "numba" if self.backend == "numba" else "numpy"
        return self.index.retrieve([terms], k=TOP, show_progress=False, backend_selection=selection)

    def all_scores(self, terms: list[str]) -> Any:
        return self.index.get_scores(terms)


class Ours(Engine):
    def build(self, docs: list[list[str]]) -> None:
        from bot.search import BM25Matrix

        self.index = BM25Matrix.build(docs)

    def size_on_disk(self, directory: Path) -> int | None:
        self.index.save(directory / "ours", meta={"bench": True})
        return _tree_size(directory / "ours")

    def prepare_queries(self, directory: Path) -> float | None:
        from bot.search import BM25Matrix

        del self.index
        start = time.perf_counter()
        self.index = BM25Matrix.load(directory / "ours", expected_meta={"bench": True})
        return time.perf_counter() - start

    def query(self, terms: list[str]) -> Any:
        return self.index.top_k(terms, TOP)

    def all_scores(self, terms: list[str]) -> Any:
        return self.index.scores(terms)


def make_engine(name: str) -> Engine:
    if name == "rank-bm25":
        import rank_bm25

        return RankBM25(rank_bm25)
    if name == "rank-bm25-rs":
        import rank_bm25_rs

        return RankBM25(rank_bm25_rs)
    if name.startswith("bm25s-"):
        return BM25S(name.removeprefix("bm25s-"))
    return Ours()


# -- one engine, in its own process -------------------------------------------------------------------


def run_worker(engine_name: str, data: Path, max_queries: int) -> dict[str, Any]:
    docs = read_corpus(data)
    rss_before = _current_rss()
    engine = make_engine(engine_name)
    start = time.perf_counter()
    engine.build(docs)
    build_s = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    scratch = Path(tempfile.mkdtemp(prefix="bench-search-"))
    try:
        size = engine.size_on_disk(scratch)
        load_s = engine.prepare_queries(scratch)
        latencies = {
            str(n): _latencies(engine.query, read_queries(data, n)[:max_queries]) for n in QUERY_LENGTHS
        }
        latencies["scores5"] = _latencies(engine.all_scores, read_queries(data, 5)[:max_queries])
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return {
        "build_s": build_s,
        "size": size,
        "peak_rss": peak,
        "rss_before": rss_before,
        "load_s": load_s,
        "latency_ms": latencies,
    }


def _latencies(query: Callable[[list[str]], Any], queries: Sequence[list[str]]) -> list[float]:
    for terms in queries[:2]:
        query(terms)  # warm caches (and page in a memory-mapped index) before timing
    out = []
    for terms in queries:
        start = time.perf_counter_ns()
        query(terms)
        out.append((time.perf_counter_ns() - start) / 1e6)
    return out


def _current_rss() -> int:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _tree_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


# -- orchestration and tables -------------------------------------------------------------------------


def measure(engine: str, data: Path, max_queries: int, timeout: float) -> dict[str, Any] | str:
    command = [
        sys.executable,
        __file__,
        "--worker",
        engine,
        "--data",
        str(data),
        "--queries",
        str(max_queries),
    ]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env, check=False)
    except subprocess.TimeoutExpired:
        return f"timed out after {timeout:.0f} s"
    if done.returncode != 0:
        return "failed: " + (done.stderr.strip().splitlines() or ["?"])[-1]
    return json.loads(done.stdout.strip().splitlines()[-1])


def table(n_docs: int, results: dict[str, dict[str, Any] | str], notes: list[str]) -> str:
    head = ["engine", "build s", "index MB", "peak RSS MB", "RSS before build MB"]
    head += [f"top-10, {n}-term p50 / p99 ms" for n in QUERY_LENGTHS] + ["all scores, 5-term p50 ms"]
    lines = [f"### {n_docs:,} documents", "", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for name, result in results.items():
        if isinstance(result, str):
            lines.append(f"| {name} | {result} |" + " |" * (len(head) - 2))
            continue
        cells = [
            name,
            f"{result['build_s']:.1f}",
            _mb(result["size"]),
            _mb(result["peak_rss"]),
            _mb(result["rss_before"]),
        ]
        for n in QUERY_LENGTHS:
            ms = result["latency_ms"][str(n)]
            cells.append(f"{np.median(ms):.3f} / {np.percentile(ms, 99):.3f} (n={len(ms)})")
        cells.append(f"{np.median(result['latency_ms']['scores5']):.3f}")
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", *ratios(results), *notes, ""]
    return "\n".join(lines)


def ratios(results: dict[str, dict[str, Any] | str]) -> list[str]:
    ours = results.get("ours")
    if not isinstance(ours, dict):
        return []
    lines = []
    if ours["load_s"] is not None:
        lines.append(f"- ours: index load (memory-mapped, page cache warm) {ours['load_s'] * 1000:.0f} ms")
    for name, result in results.items():
        if name == "ours" or isinstance(result, str):
            continue
        speedups = [f"{n}-term {_ratio(result, ours, str(n))}" for n in QUERY_LENGTHS]
        build = result["build_s"] / ours["build_s"]
        lines.append(
            f"- ours vs {name}: p50 speed-up top-10 {', '.join(speedups)}; all scores (5-term)"
            f" {_ratio(result, ours, 'scores5')}; build {build:.1f}x"
        )
    return lines


def _ratio(peer: dict[str, Any], ours: dict[str, Any], key: str) -> str:
    return f"{np.median(peer['latency_ms'][key]) / np.median(ours['latency_ms'][key]):.1f}x"


def _mb(value: int | None) -> str:
    return "n/a" if value is None else f"{value / 2**20:,.0f}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000", help="comma-separated corpus sizes")
    parser.add_argument("--queries", type=int, default=200, help="queries per query length")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--vocab", type=int, default=1_000_000, help="Zipf vocabulary size")
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per engine and size")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "search.md")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(run_worker(args.worker, args.data, args.queries)))
        return 0
    sections = [f"# BM25 engines, synthetic Zipf corpora (seed {args.seed}, vocabulary {args.vocab:,})", ""]
    for n_docs in (int(s) for s in args.sizes.split(",")):
        sections.append(run_size(n_docs, args))
        print(sections[-1], flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(sections), encoding="utf-8")
    print(f"written to {args.out}")
    return 0


def run_size(n_docs: int, args: argparse.Namespace) -> str:
    with tempfile.TemporaryDirectory(prefix="bench-corpus-") as tmp:
        data = Path(tmp)
        write_corpus(data, n_docs, args.vocab, args.seed, args.queries)
        results: dict[str, dict[str, Any] | str] = {}
        notes = []
        for engine in args.engines.split(","):
            queries = args.queries
            if engine == "rank-bm25" and n_docs > RANK_BM25_MAX_DOCS:
                results[engine] = f"skipped above {RANK_BM25_MAX_DOCS:,} documents"
                notes.append(
                    f"- rank-bm25 skipped: a Python loop over all {n_docs:,} documents per query term"
                )
                continue
            if engine == "rank-bm25" and n_docs == RANK_BM25_MAX_DOCS:
                queries = RANK_BM25_QUERIES_AT_MAX
                notes.append(f"- rank-bm25 timed on {queries} queries per length only (~0.1-0.5 s each)")
            results[engine] = measure(engine, data, queries, args.timeout)
        return table(n_docs, results, notes)


if __name__ == "__main__":
    sys.exit(main())
