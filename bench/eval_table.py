"""Retrieval quality on the shared IR test collections: the markdown table of the README.

    python bench/eval_table.py [--shared PATH] [--collections cranfield,med] [--variants]

For every collection, four systems, each row produced by running exactly the command in its last
column (``paperbot eval ... --json``, in this process):
- ``rank-bm25``: the rank_bm25 package, lower-cased whitespace tokens of title + text, k1 1.5, b 0.75.
- ``our BM25, defaults``: our engine on the same tokens with the same parameters (it must match).
- ``ours, no RM3``: the shipped BM25 pipeline (config/paperbot.yaml) without pseudo-relevance feedback
  and without semantic re-ranking.
- ``ours, no semantic``: the shipped pipeline without semantic re-ranking (BM25, fields, RM3).
- ``ours``: the shipped pipeline.
"vs README" divides nDCG@10 by the plain-BM25 figure of ``<shared>/datasets/README.md`` (the issue's
targets: >= 1.10 on the classic collections; SciFact >= 0.690 absolute).

``--variants`` prints instead the nDCG@10 of every alternative in bot/evaluation/variants.py on the
development split (SciFact train, where the defaults are chosen) and on each test collection;
``*`` marks a figure below its target.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import sys
import time
from pathlib import Path

from bot.cli.main import main as paperbot
from bot.config import load_config
from bot.evaluation import variants
from bot.evaluation.beir import load_beir
from bot.evaluation.metrics import evaluate
from bot.evaluation.pipelines import rank

ROOT = Path(__file__).resolve().parent.parent
# name -> (folder under datasets/, plain BM25 nDCG@10 in the shared README)
COLLECTIONS = {
    "scifact": ("scifact/beir", 0.661),
    "cranfield": ("cranfield/normalized", 0.347),
    "med": ("med/normalized", 0.678),
    "cisi": ("cisi/normalized", 0.271),
    "cacm": ("cacm/normalized", 0.378),
}
# The nDCG@10 targets: SciFact absolute, the classic collections 10% above the README figure.
TARGETS = {
    name: 0.690 if name == "scifact" else round(1.10 * ndcg, 3) for name, (_, ndcg) in COLLECTIONS.items()
}
DEV = ("scifact/beir", "train")
SYSTEMS = {
    "rank-bm25": ["--pipeline", "rank-bm25", "--k1", "1.5", "--b", "0.75"],
    "our BM25, defaults": ["--pipeline", "plain", "--k1", "1.5", "--b", "0.75"],
    "ours, no RM3": ["--no-rm3", "--no-semantic"],
    "ours, no semantic": ["--no-semantic"],
    "ours": [],
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default_shared = os.environ.get("PAPERBOT_SHARED", os.path.relpath(ROOT.parent / "shared"))
    parser.add_argument("--shared", default=default_shared, help="shared data folder (default %(default)s)")
    parser.add_argument("--collections", default=",".join(COLLECTIONS), help="comma-separated subset")
    parser.add_argument("--variants", action="store_true", help="dev and test nDCG@10 of each variant")
    args = parser.parse_args()
    datasets = Path(args.shared) / "datasets"
    if not datasets.is_dir():
        print(f"no datasets folder at {datasets}; pass --shared", file=sys.stderr)
        return 2
    if args.variants:
        return variants_table(datasets, args.collections.split(","))
    print(
        "| collection | system | nDCG@10 | vs README | MAP | MRR@10 | R@100 | queries | seconds | reproduce |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name in args.collections.split(","):
        folder, readme_ndcg = COLLECTIONS[name]
        for system, options in SYSTEMS.items():
            argv = ["eval", str(datasets / folder), "--json", *options]
            started = time.perf_counter()
            metrics = run(argv)
            seconds = time.perf_counter() - started
            print(
                f"| {name} | {system} | {metrics['ndcg@10']:.3f} | {metrics['ndcg@10'] / readme_ndcg:.2f} "
                f"| {metrics['map']:.3f} | {metrics['mrr@10']:.3f} | {metrics['recall@100']:.3f} "
                f"| {metrics['queries']} | {seconds:.1f} | `paperbot {' '.join(argv)}` |",
                flush=True,
            )
    return 0


def variants_table(datasets: Path, names: list[str]) -> int:
    shipped = load_config().search
    splits = {"dev: scifact train": load_beir(datasets / DEV[0], DEV[1])}
    splits.update({name: load_beir(datasets / COLLECTIONS[name][0]) for name in names})
    print(f"| variant | {' | '.join(splits)} |")
    print(f"|---|{'---|' * len(splits)}")
    for label, overrides in variants.VARIANTS:
        settings = variants.apply(shipped, overrides)
        cells = []
        for name, collection in splits.items():
            ndcg = evaluate(collection.qrels, rank(collection, "ours", settings)).ndcg_10
            cells.append(f"{ndcg:.3f}{'*' if ndcg < TARGETS.get(name, 0.0) else ''}")
        print(f"| {label} | {' | '.join(cells)} |", flush=True)
    return 0


def run(argv: list[str]) -> dict[str, float]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = paperbot(argv)
    if code != 0:
        raise SystemExit(f"paperbot {' '.join(argv)} failed with status {code}")
    return json.loads(out.getvalue())


if __name__ == "__main__":
    sys.exit(main())
