"""CLI commands of the corpus layer: `paperbot papers` and `paperbot ingest PATH...`."""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bot.cli.tables import aligned, shorten
from bot.config import Config
from bot.corpus import CorpusLoad, load_corpus
from bot.corpus.loader import Progress
from bot.models import LoadWarning, Paper

_TITLE_WIDTH = 60


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    papers = commands.add_parser(
        "papers",
        parents=[common],
        help="list the papers of the corpus",
        description="List the corpus catalogue.",
    )
    papers.add_argument("--json", action="store_true", help="print full records as a JSON list")
    papers.set_defaults(handler=papers_command)

    ingest = commands.add_parser(
        "ingest",
        parents=[common],
        help="parse files or folders and report what was read",
        description="Parse dumps, JSON lines (plain or .gz) or .I/.T/.A/.W files and report records, "
        "merges and warnings with file:line.",
    )
    ingest.add_argument("paths", nargs="+", metavar="PATH", help="file or folder to read")
    ingest.add_argument("--json", action="store_true", help="print the report as JSON")
    ingest.set_defaults(handler=ingest_command)


def papers_command(args: argparse.Namespace, config: Config) -> int:
    with terminal_progress() as progress:
        result = load_corpus(config.corpus, progress)
    _print_warnings(result.warnings)
    if args.json:
        json.dump([paper.to_dict() for paper in result.papers], sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print(papers_table(result.papers))
    return 0


def ingest_command(args: argparse.Namespace, config: Config) -> int:
    paths = [str(Path(p).expanduser().resolve()) for p in args.paths]
    settings = dataclasses.replace(config.corpus, paths=paths)
    with terminal_progress() as progress:
        result = load_corpus(settings, progress)
    if args.json:
        json.dump(ingest_report(result), sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        _print_warnings(result.warnings)
        print(ingest_summary(result))
    return 0 if result.papers else 1


def papers_table(papers: tuple[Paper, ...]) -> str:
    """One line per paper: id, year, category, title (provisional titles marked with ~)."""
    rows = [("ID", "YEAR", "CATEGORY", "TITLE", "AUTHORS")]
    for paper in papers:
        title = ("~ " if paper.title_provisional else "") + paper.title
        rows.append(
            (
                paper.id,
                str(paper.year or ""),
                paper.category or "",
                shorten(title, _TITLE_WIDTH),
                _byline(paper),
            )
        )
    footer = f"{len(papers)} papers  (~ marks a provisional title derived from the abstract)"
    return f"{aligned(rows)}\n\n{footer}"


def ingest_summary(result: CorpusLoad) -> str:
    per_file = Counter(source.path for paper in result.papers for source in paper.sources)
    occurrences = sum(per_file.values())
    lines = [
        f"Read {len(result.files)} file(s): {len(result.papers)} papers from {occurrences} occurrences "
        f"({result.merges} merged), {len(result.warnings)} warning(s)."
    ]
    lines += [f"  {_display(path)}: {per_file[path]} occurrence(s)" for path in result.files]
    lines.append(f"checksum {result.checksum}")
    return "\n".join(lines)


def ingest_report(result: CorpusLoad) -> dict[str, Any]:
    return {
        "files": [_display(f) for f in result.files],
        "papers": len(result.papers),
        "merges": result.merges,
        "checksum": result.checksum,
        "warnings": [
            {"path": _display(w.path), "line": w.line, "message": w.message, "text": _warning_text(w)}
            for w in result.warnings
        ],
        "records": [
            {
                "id": paper.id,
                "title": paper.title,
                "title_provisional": paper.title_provisional,
                "sources": [f"{_display(s.path)}:{s.line} ({s.format})" for s in paper.sources],
            }
            for paper in result.papers
        ],
    }


@contextmanager
def terminal_progress(description: str = "reading corpus") -> Iterator[Progress | None]:
    """A byte-count progress bar on stderr when it is a terminal (and tqdm is installed), else nothing."""
    try:
        from tqdm import tqdm
    except ImportError:
        tqdm = None
    if tqdm is None or not sys.stderr.isatty():
        yield None
        return
    bars: list[Any] = []

    def update(done: int, total: int) -> None:
        if not bars:  # created on the first report, when the total size is known
            bars.append(tqdm(total=total, unit="B", unit_scale=True, desc=description, leave=False))
        bars[0].update(done - bars[0].n)

    try:
        yield update
    finally:
        for bar in bars:
            bar.close()


def _print_warnings(warnings: tuple[LoadWarning, ...]) -> None:
    for warning in warnings:
        print(f"warning: {_warning_text(warning)}", file=sys.stderr)


def _warning_text(warning: LoadWarning) -> str:
    return str(dataclasses.replace(warning, path=_display(warning.path)))


def _display(path: str) -> str:
    """Paths under the current folder are shown relative to it (shorter, still clickable)."""
    try:
        return os.path.relpath(path) if Path(path).resolve().is_relative_to(Path.cwd()) else path
    except (OSError, ValueError):
        return path


def _byline(paper: Paper) -> str:
    if not paper.authors:
        return ""
    more = len(paper.authors) > 1 or not paper.authors_complete
    return paper.authors[0] + (" et al." if more else "")
