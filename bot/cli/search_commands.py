"""CLI commands of the search layer: `paperbot search`, `paperbot index build|status`, `paperbot eval`."""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bot.answer.lookup import PaperLookup
from bot.cli.tables import aligned, shorten
from bot.config import Config
from bot.corpus import CorpusLoad, load_corpus
from bot.engine import index_directory
from bot.evaluation import DatasetError, load_beir
from bot.evaluation.pipelines import PIPELINES, rank
from bot.search import Filters, Hit, IndexUnusable, PaperIndex
from bot.search.persistence import size_bytes
from bot.search.settings import SearchSettings

_YEARS = re.compile(r"^\s*(\d{4})?\s*(-)?\s*(\d{4})?\s*$")
_TITLE_WIDTH = 70


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    search = commands.add_parser(
        "search",
        parents=[common],
        help="rank papers for a query (BM25)",
        description="Rank papers for QUERY; without QUERY, list what the filters select, newest first.",
    )
    search.add_argument("query", metavar="QUERY", nargs="?", default="")
    search.add_argument("-k", type=_positive, default=10, metavar="N", help="results to show (default 10)")
    search.add_argument("--year", type=year_range, metavar="YEARS", help="2025, 2020-2024, 2021- or -2019")
    search.add_argument("--category", metavar="CAT", help="cs.CL, or cs for every cs.* category")
    search.add_argument("--author", metavar="NAME", help="author name (case and accents ignored)")
    search.add_argument("--json", action="store_true", help="print the ranking as JSON")
    search.set_defaults(handler=search_command)

    index = commands.add_parser(
        "index", parents=[common], help="build or inspect the saved search index", description="Search index."
    )
    index.add_argument("action", choices=("build", "status"))
    index.set_defaults(handler=index_command)

    evaluation = commands.add_parser(
        "eval",
        parents=[common],
        help="measure retrieval on a BEIR-format collection",
        description="nDCG@10, MAP, MRR@10 and Recall@100 (pytrec_eval) on DIR "
        "(corpus.jsonl, queries.jsonl, qrels/<split>.tsv).",
    )
    evaluation.add_argument("directory", metavar="DIR", type=Path)
    evaluation.add_argument(
        "--pipeline",
        choices=PIPELINES,
        default="ours",
        help="ours (analyzer, BM25F, RM3: the search settings), plain (our BM25 on lower-cased whitespace "
        "tokens) or rank-bm25 (the rank_bm25 package on the same tokens)",
    )
    evaluation.add_argument("--k1", type=_number_in(0.0, 10.0), help="override search.k1")
    evaluation.add_argument("--b", type=_number_in(0.0, 1.0), help="override search.b")
    evaluation.add_argument("--no-rm3", action="store_true", help="turn pseudo-relevance feedback off")
    evaluation.add_argument(
        "--no-semantic", action="store_true", help="turn re-ranking with sentence embeddings off"
    )
    evaluation.add_argument("--split", default="test", help="qrels file to use (default test)")
    evaluation.add_argument("--json", action="store_true", help="print the metrics as JSON")
    evaluation.set_defaults(handler=eval_command)


# -- search --------------------------------------------------------------------------------------


def search_command(args: argparse.Namespace, config: Config) -> int:
    corpus = _load(config)
    index = PaperIndex.open_or_build(corpus.papers, config.search, index_directory(config), corpus.checksum)
    year_from, year_to = args.year or (None, None)
    filters = Filters(year_from=year_from, year_to=year_to, category=args.category, author=args.author)
    browsing = not args.query.strip()
    if browsing and not filters.active:
        print(
            "paperbot search: give a QUERY, or a filter (--author, --year, --category) to list what it selects",
            file=sys.stderr,
        )
        return 2
    if browsing:  # no words to rank by: what the filters select, newest first
        hits = [
            Hit(paper, 0.0) for paper in PaperLookup(corpus.papers).newest_of(index.selected(filters), args.k)
        ]
    else:
        hits = index.search(args.query, k=args.k, filters=filters)
    if args.json:
        json.dump(
            [hit_record(position, hit) for position, hit in enumerate(hits, 1)],
            sys.stdout,
            ensure_ascii=False,
            indent=2,
        )
        print()
    else:
        print(hits_table(hits, scored=not browsing) if hits else "No matching papers.")
    return 0


def hit_record(position: int, hit: Hit) -> dict[str, Any]:
    paper = hit.paper
    return {
        "rank": position,
        "paper_id": paper.id,
        "title": paper.title,
        "score": round(hit.score, 6),
        "arxiv_id": paper.arxiv_id,
        "year": paper.year,
        "category": paper.category,
        "authors": list(paper.authors),
        "url": paper.url,
    }


def hits_table(hits: list[Hit], scored: bool = True) -> str:
    """One row per hit; ``scored=False`` (a listing by filters alone) shows dates, not scores."""
    rows = [("#", "SCORE" if scored else "DATE", "YEAR", "ID", "TITLE")]
    for position, hit in enumerate(hits, 1):
        paper = hit.paper
        title = shorten(paper.title, _TITLE_WIDTH)
        when = paper.published or paper.updated
        first = f"{hit.score:.3f}" if scored else (when.isoformat() if when else "")
        rows.append((str(position), first, str(paper.year or ""), paper.id, title))
    return aligned(rows)


def year_range(text: str) -> tuple[int | None, int | None]:
    """``2025`` -> (2025, 2025); ``2020-2024``; ``2021-`` and ``-2019`` leave one end open."""
    match = _YEARS.match(text)
    if not match or not (match[1] or match[3]) or (match[1] and match[3] and not match[2]):
        raise argparse.ArgumentTypeError(f"expected a year or a range like 2020-2024, got {text!r}")
    first, dash, last = match[1], match[2], match[3]
    start = int(first) if first else None
    end = int(last) if last else (None if dash else start)
    if start is not None and end is not None and start > end:
        raise argparse.ArgumentTypeError(f"year range {text!r} ends before it starts")
    return start, end


# -- index ---------------------------------------------------------------------------------------


def index_command(args: argparse.Namespace, config: Config) -> int:
    directory = index_directory(config)
    if directory is None:
        print("paperbot: no corpus path and no search.index_dir: nowhere to keep an index", file=sys.stderr)
        return 2
    corpus = _load(config)
    if args.action == "build":
        started = time.perf_counter()
        index = PaperIndex.rebuild(corpus.papers, config.search, directory)
        try:
            index.save(directory, corpus.checksum)
        except OSError as exc:
            print(f"paperbot: cannot write the index to {directory}: {exc}", file=sys.stderr)
            return 1
        seconds = time.perf_counter() - started
        print(
            f"built {directory}: {len(index.papers)} papers{_embeddings(index)}, "
            f"{_megabytes(directory)} in {seconds:.2f}s"
        )
        return 0
    return index_status(directory, corpus, config.search)


def index_status(directory: Path, corpus: CorpusLoad, settings: SearchSettings) -> int:
    """Print fresh / stale / missing; exit status 0 only when the saved index would be used as is."""
    if not directory.exists():
        print(f"missing: no index at {directory} (run `paperbot index build`)")
        return 1
    try:
        index = PaperIndex.open(directory, corpus.papers, settings, corpus.checksum)
    except IndexUnusable as exc:
        print(f"stale: {exc}; {_megabytes(directory)} on disk (run `paperbot index build`)")
        return 1
    print(f"fresh: {directory}, {len(index.papers)} papers{_embeddings(index)}, {_megabytes(directory)}")
    return 0


def _embeddings(index: PaperIndex) -> str:
    return f" with {index.embedding_model} embeddings" if index.embedding_model else ", BM25 only"


# -- eval ----------------------------------------------------------------------------------------


def eval_command(args: argparse.Namespace, config: Config) -> int:
    settings = eval_settings(
        config.search, k1=args.k1, b=args.b, rm3=not args.no_rm3, semantic=not args.no_semantic
    )
    try:
        collection = load_beir(args.directory, args.split)
    except DatasetError as exc:
        print(f"paperbot: {exc}", file=sys.stderr)
        return 2
    try:
        from bot.evaluation.metrics import evaluate
    except ModuleNotFoundError as exc:
        print(f"paperbot: eval needs {exc.name}: pip install 'paperbot[eval]'", file=sys.stderr)
        return 2
    metrics = evaluate(collection.qrels, rank(collection, args.pipeline, settings))
    if args.json:
        print(json.dumps(metrics.to_dict()))
        return 0
    print(f"{collection.name}: {len(collection.papers)} documents, pipeline {args.pipeline}")
    for name, value in metrics.to_dict().items():
        print(f"  {name:<11}{value if isinstance(value, int) else f'{value:.4f}'}")
    return 0


def eval_settings(
    settings: SearchSettings, *, k1: float | None, b: float | None, rm3: bool, semantic: bool
) -> SearchSettings:
    changes: dict[str, Any] = {"k1": settings.k1 if k1 is None else k1, "b": settings.b if b is None else b}
    if not rm3:
        changes["rm3"] = dataclasses.replace(settings.rm3, enabled=False)
    if not semantic:
        changes["semantic"] = dataclasses.replace(settings.semantic, enabled=False)
    return dataclasses.replace(settings, **changes)


# -- helpers -------------------------------------------------------------------------------------


def _load(config: Config) -> CorpusLoad:
    corpus = load_corpus(config.corpus)
    if corpus.warnings:
        print(
            f"note: {len(corpus.warnings)} corpus warning(s); `paperbot ingest` lists them", file=sys.stderr
        )
    return corpus


def _megabytes(directory: Path) -> str:
    return f"{size_bytes(directory) / 1e6:.2f} MB"


def _number_in(low: float, high: float) -> Callable[[str], float]:
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            value = float("nan")
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"expected a number from {low:g} to {high:g}, got {text!r}")
        return value

    return parse


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return value
