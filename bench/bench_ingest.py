"""Ingest of the 74,728 real arXiv papers (15 gzip JSON-lines parts): time and peak memory.

    python bench/bench_ingest.py --shared ../shared --runs 3

Every measurement runs in its own fresh subprocess, so peak RSS (``resource.getrusage``) is that
job's alone. Rows:
- ``load_corpus``: the real thing (decompress, decode, parse, normalise, de-duplicate, finish);
  the progress bar shows on stderr when it is a terminal. Every record has an arXiv id, so
  de-duplication is by id alone.
- ``+ seed corpus``: the same plus the bundled seed dumps and overrides: their id-less
  occurrences switch on exact-text and near-duplicate matching against all 75k abstracts.
- ``parse only`` / ``merge only``: the same work split in its two phases.
- ``merge, ids stripped``: de-duplication with every arXiv id removed, so all 74,728 abstracts
  go through exact-text and anchored near-duplicate matching (the worst case); its ``papers``
  column shows how many records survive (pairs merged = 74,728 - papers).
- ``json floor``: decompress + ``json.loads`` of every line and nothing else, the floor any
  JSON-lines ingest in Python pays; ratios are against it.
- ``all-pairs near-dup``: what comparing every pair of abstracts would cost, extrapolated from
  the measured cost of ``--pairs-sample`` papers compared all-pairs (n² / 2 pairs at 74,728).
The target is < 30 s for ``load_corpus`` on one core. Medians over ``--runs``.
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.cli.corpus_commands import terminal_progress  # noqa: E402
from bot.corpus import load_corpus  # noqa: E402
from bot.corpus.loader import parse_bytes  # noqa: E402
from bot.corpus.merge import merge_drafts  # noqa: E402
from bot.corpus.settings import CorpusSettings  # noqa: E402
from bot.corpus.text import overlap, shingles, words  # noqa: E402

EXPECTED_PAPERS = 74_728
JOBS = ("load_corpus", "+ seed corpus", "parse only", "merge only", "merge, ids stripped", "json floor")


def parts(shared: Path) -> list[Path]:
    folder = shared / "datasets" / "arxiv" / "daily_arxiv_ai_enhanced"
    found = sorted(folder.glob("papers-part*.jsonl.gz"))
    if not found:
        sys.exit(f"no papers-part*.jsonl.gz under {folder} (pass --shared or set PAPERBOT_SHARED)")
    return found


def settings_for(files: list[Path]) -> CorpusSettings:
    return CorpusSettings(paths=[str(f) for f in files], overrides=None)


def job(name: str, files: list[Path], pairs_sample: int) -> dict[str, Any]:
    """One measurement, run inside a fresh worker process."""
    settings = settings_for(files)
    start = time.perf_counter()
    result: dict[str, Any] = {}
    if name in ("load_corpus", "+ seed corpus"):
        if name == "+ seed corpus":  # id-less seed occurrences switch on text de-dup for all 75k
            seeds = ROOT / "corpus"
            settings = CorpusSettings(
                paths=[*settings.paths, str(seeds)], overrides=str(seeds / "overrides.yaml")
            )
        with terminal_progress("ingest") as progress:
            loaded = load_corpus(settings, progress)
        result = {"papers": len(loaded.papers), "merges": loaded.merges, "warnings": len(loaded.warnings)}
    elif name in ("parse only", "merge only", "merge, ids stripped"):
        drafts = [d for f in files for d in parse_bytes(f.read_bytes(), str(f), settings).drafts]
        if name == "merge, ids stripped":  # worst case: every pair of abstracts is decided by text
            drafts = [dataclasses.replace(d, doc_id=None, arxiv_id=None) for d in drafts]
        if name != "parse only":
            start = time.perf_counter()
            result = {"papers": len(merge_drafts(drafts, settings.near_duplicate_threshold).papers)}
        else:
            result = {"papers": len(drafts)}
    elif name == "json floor":
        count = sum(
            1 for f in files for line in gzip.decompress(f.read_bytes()).splitlines() if json.loads(line)
        )
        result = {"papers": count}
    elif name == "all-pairs":
        result = all_pairs_estimate(files[0], pairs_sample)
    seconds = time.perf_counter() - start
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    return {"seconds": seconds, "peak_mib": peak_mib, **result}


def all_pairs_estimate(part: Path, sample: int) -> dict[str, Any]:
    drafts = parse_bytes(part.read_bytes(), str(part), settings_for([part])).drafts[:sample]
    start = time.perf_counter()
    sets = [shingles(words(d.abstract)) for d in drafts]
    for i, a in enumerate(sets):
        for b in sets[i + 1 :]:
            overlap(a, b)
    measured = time.perf_counter() - start
    pairs = len(sets) * (len(sets) - 1) / 2
    full_pairs = EXPECTED_PAPERS * (EXPECTED_PAPERS - 1) / 2
    return {"papers": len(sets), "extrapolated_seconds": measured / pairs * full_pairs}


def run_worker(name: str, shared: Path, pairs_sample: int) -> dict[str, Any]:
    command = [
        sys.executable,
        __file__,
        "--worker",
        name,
        "--shared",
        str(shared),
        "--pairs-sample",
        str(pairs_sample),
    ]
    done = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=True)
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--shared", type=Path, default=Path(os.environ.get("PAPERBOT_SHARED", ROOT.parent / "shared"))
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pairs-sample", type=int, default=1500)
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    files = parts(args.shared)
    if args.worker:
        print(json.dumps(job(args.worker, files, args.pairs_sample)))
        return

    rows = {
        name: [run_worker(name, args.shared, args.pairs_sample) for _ in range(args.runs)] for name in JOBS
    }
    ours = rows["load_corpus"][0]
    if ours["papers"] != EXPECTED_PAPERS:
        sys.exit(f"load_corpus returned {ours['papers']} papers, expected {EXPECTED_PAPERS}")
    floor = statistics.median(r["seconds"] for r in rows["json floor"])
    print(
        f"Ingest of {len(files)} parts, {EXPECTED_PAPERS:,} papers; median of {args.runs} runs, one core each\n"
    )
    print("| job | seconds (median) | min | max | x json floor | peak RSS MiB | papers |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, runs in rows.items():
        times = [r["seconds"] for r in runs]
        median = statistics.median(times)
        rss = statistics.median(r["peak_mib"] for r in runs)
        print(
            f"| {name} | {median:.2f} | {min(times):.2f} | {max(times):.2f} | {median / floor:.1f} "
            f"| {rss:.0f} | {runs[0]['papers']:,} |"
        )
    pairs = run_worker("all-pairs", args.shared, args.pairs_sample)
    anchored = statistics.median(r["seconds"] for r in rows["merge, ids stripped"])
    print(
        f"\nall-pairs near-duplicate check ({pairs['papers']:,} papers measured): "
        f"~{pairs['extrapolated_seconds'] / 3600:.1f} h at {EXPECTED_PAPERS:,} papers, "
        f"vs {anchored:.2f} s for the whole anchored text de-dup (merge, ids stripped)"
    )
    verdict = "meets" if statistics.median(r["seconds"] for r in rows["load_corpus"]) < 30 else "MISSES"
    print(f"load_corpus {verdict} the 30 s target")


if __name__ == "__main__":
    main()
