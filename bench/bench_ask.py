"""End-to-end `ask` latency: question in, rendered answer out, on the seed corpus and on synthetic ones.

    python bench/bench_ask.py                                  # seed corpus + 10k, 100k, 1M papers
    python bench/bench_ask.py --sizes 10000 --questions 200    # quicker

Seed corpus: the questions of ``eval/dev_questions.yaml`` from ``--shared`` (answerable and not),
else a few built-in ones. Synthetic corpora: seeded Zipfian ``Paper`` records (the vocabulary law
of bench/bench_search.py, exponent 1.1): titles of 6-12 words, abstracts of ~150 words in
sentences, 3-8 authors from a Zipfian pool, years 2000-2026. Questions are of two kinds:
*answerable* (4-6 words taken from one sentence of a random paper, wrapped in a question) and
*off-topic* (words the corpus never uses). Each ``ask`` is timed together with ``to_markdown`` (what
the Discord bot sends). The peer measured in the same run is the search call alone
(``PaperIndex.search``), so the table shows what the answer layer adds on top of retrieval.
The index is built once per size and cached under ``--cache`` (later runs load it).
"""

from __future__ import annotations

import argparse
import gc
import itertools
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

import numpy as np
import yaml
from rapidfuzz import utils

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from bench_search import zipf_cdf  # noqa: E402

from bot.answer import lookup  # noqa: E402
from bot.answer.render import to_markdown  # noqa: E402
from bot.answer.title_index import TitleIndex  # noqa: E402
from bot.config import Config, load_config  # noqa: E402
from bot.engine import FREEZE_FROM_PAPERS, Engine  # noqa: E402
from bot.evaluation import variants  # noqa: E402
from bot.models import Paper  # noqa: E402

DEFAULT_SIZES = "10000,100000,1000000"
VOCAB = 200_000
WORD_CDF = zipf_cdf(VOCAB, 1.1)
# Papers generated per batch of random draws (bounds the generator's memory).
CHUNK = 50_000
FALLBACK_QUESTIONS = (
    "how long can Voxtral's audio be?",
    "asynchronous RL framework for 405B parameter policies",
    "what time is it in Tokyo",
    "Behemoth teacher model",
)


# -- synthetic papers -----------------------------------------------------------------------------


def synthetic_papers(n: int, seed: int) -> tuple[Paper, ...]:
    rng = np.random.default_rng(seed)
    words = [f"w{i}" for i in range(VOCAB)]
    names = [f"Author{i} Name{i % 997}" for i in range(max(1000, n // 3))]
    papers: list[Paper] = []
    for start in range(0, n, CHUNK):
        papers += _papers(rng, range(start, min(n, start + CHUNK)), words, names)
    return tuple(papers)


def _papers(rng: np.random.Generator, ids: range, words: list[str], names: list[str]) -> list[Paper]:
    """One chunk; everything random is drawn up front in a few vectorised calls."""
    n = len(ids)
    sentence_counts = rng.integers(4, 9, size=n).tolist()
    sentence_lengths = iter(rng.integers(8, 30, size=sum(sentence_counts)).tolist())
    title_lengths = rng.integers(6, 13, size=n).tolist()
    author_counts = rng.integers(3, 9, size=n).tolist()
    draws = np.searchsorted(WORD_CDF, rng.random(150 * n), side="right").clip(max=VOCAB - 1).tolist()
    tokens = iter(map(words.__getitem__, itertools.cycle(draws)))
    name_cdf = zipf_cdf(len(names), 1.0)
    author_rows = np.searchsorted(name_cdf, rng.random(sum(author_counts)), side="right").clip(
        max=len(names) - 1
    )
    authors_of = iter(author_rows.tolist())
    dates = zip(rng.integers(2000, 2027, size=n).tolist(), rng.integers(1, 13, size=n).tolist(),
                rng.integers(1, 29, size=n).tolist(), strict=True)  # fmt: skip
    papers = []
    for i, (year, month, day) in zip(ids, dates, strict=True):
        sentences = []
        for _ in range(sentence_counts[i - ids.start]):
            words_of = [next(tokens) for _ in range(next(sentence_lengths))]
            sentences.append(" ".join([words_of[0].capitalize(), *words_of[1:]]) + ".")
        papers.append(
            Paper(
                id=f"syn-{i}",
                title=" ".join(next(tokens) for _ in range(title_lengths[i - ids.start])).capitalize(),
                abstract=" ".join(sentences),
                authors=tuple(names[next(authors_of)] for _ in range(author_counts[i - ids.start])),
                arxiv_id=f"{year % 100:02d}{month:02d}.{i % 100000:05d}",
                published=date(year, month, day),
                category="cs.LG",
            )
        )
    return papers


def synthetic_questions(papers: Sequence[Paper], count: int, seed: int) -> tuple[list[str], list[str]]:
    rng = random.Random(seed)
    answerable = []
    for _ in range(count):
        sentence = rng.choice(rng.choice(papers).abstract.split(". "))
        tokens = sentence.rstrip(".").split()
        start = rng.randrange(max(1, len(tokens) - 6))
        answerable.append(f"what about {' '.join(tokens[start : start + rng.randint(4, 6)]).lower()}?")
    off_topic = [
        f"how do I bake {rng.choice(['sourdough', 'rye', 'brioche'])} bread qz{i}" for i in range(count)
    ]
    return answerable, off_topic


# -- measuring ----------------------------------------------------------------------------------------


def latencies(call: Callable[[str], object], questions: Sequence[str], repeat: int = 1) -> list[float]:
    call(questions[0])  # warm caches (stemmer, analyzed papers) as a running bot has them
    times = []
    for _ in range(repeat):
        for question in questions:
            start = time.perf_counter()
            call(question)
            times.append((time.perf_counter() - start) * 1000)
    return times


def summary(times: list[float]) -> str:
    ordered = sorted(times)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return f"{statistics.median(ordered):.2f} | {p99:.2f}"


def measure(
    engine: Engine, answerable: Sequence[str], off_topic: Sequence[str], repeat: int
) -> dict[str, list[float]]:
    ask = lambda q: to_markdown(engine.ask(q))  # noqa: E731
    search = lambda q: engine.search(q, k=engine.config.answer.candidates)  # noqa: E731
    results = {
        "ask, answerable": latencies(ask, answerable, repeat),
        "ask, off-topic": latencies(ask, off_topic, repeat),
        "search only (peer)": latencies(search, answerable, repeat),
    }
    index = engine._snapshot.index  # the same arrays, queried without re-ranking below
    if index.semantic:
        bm25 = index.with_query_settings(variants.apply(index.settings, {"semantic": {"enabled": False}}))
        lexical = lambda q: bm25.search(q, k=engine.config.answer.candidates)  # noqa: E731
        results["search, semantic re-ranking off"] = latencies(lexical, answerable, repeat)
    found = sum(engine.ask(q).found for q in answerable)
    print(f"  answered {found}/{len(answerable)} answerable, {sum(engine.ask(q).found for q in off_topic)}"
          f"/{len(off_topic)} off-topic", file=sys.stderr)  # fmt: skip
    return results


def table(title: str, rows: dict[str, list[float]], note: str) -> str:
    peer = statistics.median(rows["search only (peer)"])
    lines = [
        f"### {title}",
        "",
        note,
        "",
        "| call | p50 ms | p99 ms | p50 vs search |",
        "|---|---:|---:|---:|",
    ]
    for name, times in rows.items():
        lines.append(f"| {name} | {summary(times)} | {statistics.median(times) / peer:.1f}x |")
    return "\n".join(lines)


def lookup_table(engine: Engine, papers: Sequence[Paper], seed: int, count: int = 20) -> str:
    """Lookups by title, author and prefix (tables already built by the engine's warm-up). The
    peer of the title lookups is the scan of every title they replaced on big corpora."""
    rng = random.Random(seed)
    sample = rng.sample(list(papers), count)
    misspelt = [" ".join(p.title.lower().split()[:4])[:-1] for p in sample]  # a prefix, last letter lost
    typos = [drop_a_letter(p.title.lower(), rng) for p in sample]  # no title starts like them
    authors = [p.authors[0] for p in sample]
    lines = ["| lookup | first call ms | p50 ms | p99 ms |", "|---|---:|---:|---:|"]
    calls: list[tuple[str, Callable[[str], object], list[str]]] = [
        ("paper by arXiv id", engine.get, [p.arxiv_id or p.id for p in sample]),
        ("paper by misspelt title (fuzzy, word index)", engine.paper, misspelt),
        ("paper by misspelt title (scan of every title, peer)", _scanning_all(engine.paper), misspelt),
        ("papers by author", engine.by_author, authors),
        ("autocomplete title prefix", engine.complete_titles, [t[:5] for t in misspelt]),
        ("autocomplete title with a typo", engine.complete_titles, typos),
        ("autocomplete author", engine.complete_authors, [a[:6] for a in authors]),
    ]
    for name, call, queries in calls:
        start = time.perf_counter()
        call(queries[0])
        first = (time.perf_counter() - start) * 1000
        lines.append(f"| {name} | {first:.0f} | {summary(latencies(call, queries[1:]))} |")
    return "\n".join(lines)


def drop_a_letter(text: str, rng: random.Random) -> str:
    at = rng.randrange(len(text))
    return text[:at] + text[at + 1 :]


def _scanning_all(call: Callable[[str], object]) -> Callable[[str], object]:
    """``call`` with fuzzy title lookups scanning every title, as they did before the word index."""

    def scanning(query: str) -> object:
        saved, lookup.FULL_SCAN_UP_TO = lookup.FULL_SCAN_UP_TO, sys.maxsize
        try:
            return call(query)
        finally:
            lookup.FULL_SCAN_UP_TO = saved

    return scanning


def title_index_note(papers: Sequence[Paper]) -> str:
    """Build time and memory of the word index alone (the engine built its own in the background)."""
    folded = [utils.default_process(lookup.quick_fold(p.title)) for p in papers]
    started = time.perf_counter()
    index = TitleIndex.build(folded)
    built = time.perf_counter() - started
    return (f"Title word index: built in {built:.1f} s (folding excluded), {index.nbytes / 2**20:.0f} MiB "
            f"({len(index.vocabulary):,} words, {len(index.rows):,} postings).")  # fmt: skip


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def dev_questions(shared: Path) -> tuple[list[str], list[str]]:
    path = shared / "eval" / "dev_questions.yaml"
    if not path.exists():
        print(f"  {path} not found: using built-in questions", file=sys.stderr)
        return list(FALLBACK_QUESTIONS[:2]), list(FALLBACK_QUESTIONS[2:])
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [item["q"] for item in data["answerable"]], list(data["unanswerable"])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--shared", type=Path, default=Path(os.environ.get("PAPERBOT_SHARED", ROOT.parent / "shared"))
    )
    parser.add_argument(
        "--sizes", default=DEFAULT_SIZES, help="synthetic corpus sizes, comma-separated ('' = none)"
    )
    parser.add_argument(
        "--questions", type=int, default=300, help="questions of each kind per synthetic corpus"
    )
    parser.add_argument("--repeat", type=int, default=20, help="passes over the seed-corpus questions")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "paperbot-bench-ask")
    args = parser.parse_args(argv)

    config = load_config()
    started = time.perf_counter()
    engine = Engine.load(config)
    answerable, off_topic = dev_questions(args.shared)
    note = f"{len(engine.papers)} seed papers, loaded in {time.perf_counter() - started:.2f} s; dev questions x{args.repeat}."
    print(table("Seed corpus", measure(engine, answerable, off_topic, args.repeat), note), "\n")

    for size in [int(s) for s in args.sizes.split(",") if s.strip()]:
        print(f"synthetic corpus of {size:,} papers...", file=sys.stderr)
        started = time.perf_counter()
        papers = synthetic_papers(size, args.seed)
        generated = time.perf_counter() - started
        engine = synthetic_engine(config, papers, args.cache / str(size))
        loaded = time.perf_counter() - started - generated
        answerable, off_topic = synthetic_questions(papers, args.questions, args.seed)
        rows = measure(engine, answerable, off_topic, 1)
        note = (f"{size:,} synthetic papers (generated in {generated:.0f} s); index built or loaded in {loaded:.1f} s; "
                f"peak RSS {peak_rss_mb():,.0f} MB; {args.questions} questions of each kind.")  # fmt: skip
        print(table(f"Synthetic, {size:,} papers", rows, note), "\n")
        print(lookup_table(engine, papers, args.seed), "\n")
        print(title_index_note(papers), "\n")
        print(gc_pause_note(), "\n")
        del engine, papers
    return 0


def synthetic_engine(config: Config, papers: tuple[Paper, ...], cache: Path) -> Engine:
    cache.mkdir(parents=True, exist_ok=True)
    engine = Engine.from_papers(config, papers, cache)
    # The engine builds its lookup tables in the background: wait for them (and the heap settled
    # after them) so that work does not share the CPU with the measurements.
    engine.wait_until_warm()
    return engine


def gc_pause_note() -> str:
    """How long a full garbage collection would stall every question, without and with the freeze
    the engine applies after warm-up."""
    gc.unfreeze()
    tracked = _seconds(gc.collect)
    gc.freeze()
    frozen = _seconds(gc.collect)
    return (
        f"A full garbage collection stalls every question for {tracked * 1000:,.0f} ms with the snapshot "
        f"tracked, {frozen * 1000:,.1f} ms once it is frozen (as the engine does after warm-up from "
        f"{FREEZE_FROM_PAPERS:,} papers)."
    )


def _seconds(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


if __name__ == "__main__":
    sys.exit(main())
