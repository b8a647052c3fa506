"""Fuzzy title lookup through the word index vs the scan of every title: same answers? how fast?
(And the same for misspelt author names, on the real papers.)

    python bench/bench_title_lookup.py                       # real arXiv titles + 1M synthetic
    python bench/bench_title_lookup.py --synthetic 100000 --queries 100

Queries are corrupted titles, as a user remembers them: one or two of a letter dropped, two words
swapped, a word left out. Each is looked up twice with ``PaperLookup.closest_titles``: scanning
every title (what big corpora did before) and through ``bot.answer.title_index``. Where the scan's
best title reaches the shipped ``title_cutoff``, the table counts whether the index returned the
same title, a better-scoring one, or a worse one. Real titles: the 74,728 arXiv papers of
``--shared``/datasets/arxiv (skipped when absent); synthetic: ``bench_ask``'s Zipfian titles.
Author names: real authors with one letter dropped, looked up with ``matching_authors`` both ways.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import os
import random
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from bench_ask import drop_a_letter, summary, synthetic_papers  # noqa: E402

from bot.answer import lookup  # noqa: E402
from bot.answer.lookup import PaperLookup  # noqa: E402
from bot.answer.settings import LookupSettings  # noqa: E402
from bot.models import Paper  # noqa: E402

CUTOFF = LookupSettings().title_cutoff


def corrupt(title: str, rng: random.Random) -> str:
    words = title.split()
    for _ in range(rng.randint(1, 2)):
        at = rng.randrange(len(words))
        kind = rng.choice(["drop letter", "swap words", "drop word"])
        if kind == "drop letter" and len(words[at]) > 1:
            letter = rng.randrange(len(words[at]))
            words[at] = words[at][:letter] + words[at][letter + 1 :]
        elif kind == "swap words" and len(words) > 1:
            other = rng.randrange(len(words))
            words[at], words[other] = words[other], words[at]
        elif kind == "drop word" and len(words) > 1:
            del words[at]
    return " ".join(words)


def compare(name: str, papers: Sequence[Paper], count: int, seed: int) -> str:
    started = time.perf_counter()
    finder = PaperLookup(papers)
    finder.warm()
    index = finder._titles.index
    note = (f"{name}: {len(papers):,} titles; lookup tables built in {time.perf_counter() - started:.1f} s, "
            f"word index {index.nbytes / 2**20:.0f} MiB ({len(index.vocabulary):,} words, {len(index.rows):,} postings).")  # fmt: skip
    rng = random.Random(seed)
    queries = [corrupt(p.title, rng) for p in rng.sample(list(papers), count)]
    outcomes: Counter[str] = Counter()
    times: dict[str, list[float]] = {"scan of every title": [], "word index": []}
    closest = functools.partial(finder.closest_titles, limit=1)
    for query in queries:
        scanned = timed(closest, query, sys.maxsize, times["scan of every title"])
        indexed = timed(closest, query, lookup.POOL, times["word index"])
        if not scanned or scanned[0].score < CUTOFF:
            outcomes["scan below cutoff"] += 1
        elif indexed and indexed[0].paper is scanned[0].paper:
            outcomes["same title"] += 1
        elif indexed and indexed[0].score > scanned[0].score:
            outcomes["index better"] += 1
        else:
            outcomes["index worse"] += 1
    kinds = ("same title", "index better", "index worse", "scan below cutoff")
    outcome = f"{len(queries)} queries: " + ", ".join(f"{outcomes[k]} {k}" for k in kinds)
    return "\n".join([note, "", latency_table(times), "", outcome])


def timed(find: Callable[[str], list], query: str, full_scan_up_to: int, times: list[float]) -> list:
    lookup.FULL_SCAN_UP_TO = full_scan_up_to
    started = time.perf_counter()
    found = find(query)
    times.append((time.perf_counter() - started) * 1000)
    return found


def latency_table(times: dict[str, list[float]]) -> str:
    rows = [f"| {path} | {summary(values)} |" for path, values in times.items()]
    return "\n".join(["| path | p50 ms | p99 ms |", "|---|---:|---:|", *rows])


def compare_authors(papers: Sequence[Paper], count: int, seed: int) -> str:
    finder = PaperLookup(papers)
    finder.warm()
    index = finder._authors.index
    rng = random.Random(seed)
    names = rng.sample(sorted({a for p in papers for a in p.authors if len(a) > 6}), count)
    queries = [drop_a_letter(name, rng) for name in names]
    same = 0
    times: dict[str, list[float]] = {"scan of every name": [], "word index": []}
    for query in queries:
        scanned = timed(finder.matching_authors, query, sys.maxsize, times["scan of every name"])
        same += timed(finder.matching_authors, query, lookup.POOL, times["word index"]) == scanned
    note = (f"Real author names: {len(finder._authors.names):,} distinct; name index "
            f"{index.nbytes / 2**20:.0f} MiB ({len(index.vocabulary):,} words).")  # fmt: skip
    outcome = f"{len(queries)} misspelt names: the same names matched both ways for {same}."
    return "\n".join([note, "", latency_table(times), "", outcome])


def arxiv_papers(shared: Path) -> list[Paper]:
    papers = []
    for part in sorted(
        (shared / "datasets" / "arxiv" / "daily_arxiv_ai_enhanced").glob("papers-part*.jsonl.gz")
    ):
        with gzip.open(part, "rt", encoding="utf-8") as lines:
            records = (json.loads(line) for line in lines)
            papers += [
                Paper(
                    id=f"{part.name}:{i}",
                    title=r["title"],
                    abstract="-",
                    authors=tuple(r.get("authors") or ()),
                )
                for i, r in enumerate(records)
                if r.get("title")
            ]
    return papers


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--shared", type=Path, default=Path(os.environ.get("PAPERBOT_SHARED", ROOT.parent / "shared"))
    )
    parser.add_argument("--synthetic", type=int, default=1_000_000, help="synthetic titles (0 = none)")
    parser.add_argument("--queries", type=int, default=300, help="queries per corpus (synthetic: a sixth)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if real := arxiv_papers(args.shared):
        print(compare("Real arXiv titles", real, args.queries, args.seed), "\n")
        print(compare_authors(real, args.queries, args.seed), "\n")
    else:
        print(f"no arXiv papers under {args.shared}/datasets/arxiv: real titles skipped", file=sys.stderr)
    if args.synthetic:
        papers = synthetic_papers(args.synthetic, args.seed)
        print(compare("Synthetic titles", papers, max(1, args.queries // 6), args.seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
