"""Choose the search parameters on one collection, read them on the others.

    python bench/eval_grid.py [--shared PATH] [--jobs 2] [--out grid.jsonl]

The held-out check behind the README's paragraph on MED. Every configuration of a grid over the
index-time parameters (k1, b) and the query-time ones (query term frequency, RM3 on/off, feedback
documents, terms and original-query weight) is scored by nDCG@10 on the development split (SciFact
train) and on the five test collections. Then, for each collection in turn, the configuration
that collection would choose is printed with its figures everywhere else: the shipped defaults are
the development split's choice; the other rows show what choosing on a test collection instead
would give. ``*`` marks a figure below its target (bench/eval_table.py's TARGETS). Last, the
configurations that meet every target, best on the development split first.

An index is built once per (collection, k1, b) and shared by the query-time settings; with two
jobs the grid takes about 40 minutes on this machine.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from eval_table import COLLECTIONS, DEV, ROOT, TARGETS

from bot.config import load_config
from bot.evaluation import variants
from bot.evaluation.beir import Collection, load_beir
from bot.evaluation.metrics import evaluate
from bot.evaluation.pipelines import rank_with
from bot.search.paper_index import PaperIndex

INDEX_GRID = {"k1": (0.9, 1.2, 1.5, 2.0), "b": (0.4, 0.6, 0.75, 0.9)}
RM3_GRID = {"docs": (5, 10, 20), "terms": (10, 20, 30), "original_weight": (0.5, 0.6, 0.7, 0.8, 0.9)}
QUERY_TF = ("raw", "binary")
SPLITS = {"dev": DEV, **{name: (folder, "test") for name, (folder, _) in COLLECTIONS.items()}}


def query_settings() -> Iterator[dict[str, Any]]:
    """The query-time part of every configuration: RM3 off, or one point of RM3_GRID."""
    for query_tf in QUERY_TF:
        yield {"query_tf": query_tf, "rm3": {"enabled": False}}
        for values in itertools.product(*RM3_GRID.values()):
            yield {"query_tf": query_tf, "rm3": {"enabled": True, **dict(zip(RM3_GRID, values, strict=True))}}


def score_index_point(datasets: Path, k1: float, b: float) -> list[dict[str, Any]]:
    """nDCG@10 on every split of every query-time configuration at one (k1, b).

    The grid is over BM25 and RM3, so semantic re-ranking is off: papers are not encoded."""
    base = variants.apply(load_config().search, {"k1": k1, "b": b, "semantic": {"enabled": False}})
    rows = [{"k1": k1, "b": b, **query} for query in query_settings()]
    for name, (folder, split) in SPLITS.items():
        collection = load_beir(datasets / folder, split)
        index = PaperIndex.build(collection.papers, base)
        for row in rows:
            query = {key: row[key] for key in ("query_tf", "rm3")}
            row[name] = ndcg_10(collection, index.with_query_settings(variants.apply(base, query)))
    return rows


def ndcg_10(collection: Collection, index: PaperIndex) -> float:
    return round(evaluate(collection.qrels, rank_with(collection, index, depth=10)).ndcg_10, 4)


def label(row: dict[str, Any]) -> str:
    rm3 = row["rm3"]
    feedback = (
        f"RM3 {rm3['docs']} docs, {rm3['terms']} terms, w {rm3['original_weight']}"
        if rm3["enabled"]
        else "no RM3"
    )
    return f"k1 {row['k1']}, b {row['b']}, {row['query_tf']} qtf, {feedback}"


def meets_all(row: dict[str, Any]) -> bool:
    return all(row[name] >= target for name, target in TARGETS.items())


def print_tables(rows: list[dict[str, Any]]) -> None:
    names = list(SPLITS)
    print(f"{len(rows)} configurations\n")
    print(f"| chosen on | configuration | {' | '.join(names)} | all targets |")
    print(f"|---|---|{'---|' * len(names)}---|")
    for chooser in names:
        best = max(rows, key=lambda row: row[chooser])
        print(f"| {chooser} | {label(best)} | {cells(best, names)} | {'yes' if meets_all(best) else 'no'} |")
    passing = sorted(filter(meets_all, rows), key=lambda row: -row["dev"])
    print(f"\n{len(passing)} configurations meet every target; best on the development split first:\n")
    print(f"| configuration | {' | '.join(names)} |")
    print(f"|---|{'---|' * len(names)}")
    for row in passing[:10]:
        print(f"| {label(row)} | {cells(row, names)} |")


def cells(row: dict[str, Any], names: list[str]) -> str:
    return " | ".join(f"{row[n]:.3f}{'*' if row[n] < TARGETS.get(n, 0.0) else ''}" for n in names)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default_shared = os.environ.get("PAPERBOT_SHARED", os.path.relpath(ROOT.parent / "shared"))
    parser.add_argument("--shared", default=default_shared, help="shared data folder (default %(default)s)")
    parser.add_argument("--jobs", type=int, default=2, help="processes (default %(default)s)")
    parser.add_argument("--out", type=Path, help="also write every configuration's figures as JSON lines")
    args = parser.parse_args()
    datasets = Path(args.shared) / "datasets"
    if not datasets.is_dir():
        print(f"no datasets folder at {datasets}; pass --shared", file=sys.stderr)
        return 2
    points = list(itertools.product(*INDEX_GRID.values()))
    with ProcessPoolExecutor(args.jobs) as pool:
        chunks = pool.map(score_index_point, [datasets] * len(points), *zip(*points, strict=True))
        rows = [row for chunk in chunks for row in chunk]
    if args.out:
        args.out.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    print_tables(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
