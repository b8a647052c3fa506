"""CLI commands of the living corpus: `add`, `remove`, `sync-arxiv`, `import-arxiv`."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from bot.answer.render import to_text
from bot.arxiv.client import ArxivClient
from bot.arxiv.errors import ArxivError
from bot.arxiv.ids import parse_ref, parse_refs
from bot.config import Config
from bot.engine import Engine
from bot.library import arxiv as library
from bot.library.ingest import IngestReport, ingest, remove
from bot.library.messages import outcome_line, rejected_line
from bot.state import PaperRecord


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    add = commands.add_parser(
        "add", parents=[common], help="add papers from arXiv by id or link",
        description="Fetch papers from arXiv (ids, arXiv: ids, abs/pdf links, old-style ids) and add them to the corpus.",
    )  # fmt: skip
    add.add_argument("ids", nargs="+", metavar="ID", help="arXiv ids or links (several at once)")
    add.add_argument("--json", action="store_true", help="machine-readable result")
    add.set_defaults(handler=run_add)

    rm = commands.add_parser(
        "remove", parents=[common], help="take an added paper out of the corpus",
        description="Remove a paper that was added from arXiv (papers of the corpus files stay).",
    )  # fmt: skip
    rm.add_argument("id", metavar="ID", help="the arXiv id or link")
    rm.set_defaults(handler=run_remove)

    sync = commands.add_parser(
        "sync-arxiv", parents=[common], help="fetch the new papers of what arxiv.follow names, once",
        description="Fetch papers submitted since the stored cursor for arxiv.follow, add them, move the cursor.",
    )  # fmt: skip
    sync.set_defaults(handler=run_sync)

    backlog = commands.add_parser(
        "import-arxiv", parents=[common], help="bulk-load the papers of an arXiv search",
        description="Add up to MAX papers of an arXiv search (newest first), with a progress bar.",
    )  # fmt: skip
    backlog.add_argument(
        "--query", required=True, help="an arXiv search_query, e.g. 'cat:cs.CL AND abs:retrieval'"
    )
    backlog.add_argument("--max", type=int, default=100, metavar="N", help="papers at most (default 100)")
    backlog.set_defaults(handler=run_import)


def run_add(args: argparse.Namespace, config: Config) -> int:
    refs, rejected = parse_refs(" ".join(args.ids))
    if not refs:
        print(f"paperbot: {rejected_line(rejected) or 'no arXiv id given'}", file=sys.stderr)
        return 2
    engine = Engine.load(config)
    try:
        result = asyncio.run(_add(config, engine, refs))
    except ArxivError as exc:
        print(f"paperbot: {exc.user_message}", file=sys.stderr)
        return 1
    report = result.report
    if args.json:
        print(json.dumps(_add_json(result, rejected), ensure_ascii=False, indent=2))
        return 0 if report.ok else 1
    for line in filter(None, [rejected_line(rejected), result.missing_message, report.error]):
        print(f"paperbot: {line}", file=sys.stderr)
    for added in report.results:
        print(outcome_line(added))
        if added.paper is not None and added.outcome in ("added", "updated") and added.merged_into is None:
            print(to_text(engine.describe(added.paper)), end="\n\n")
    return 0 if report.ok and report.results else 1


async def _add(config: Config, engine: Engine, refs: list) -> library.AddResult:
    async with ArxivClient(config.arxiv) as client:
        return await library.add_refs(client, refs, _ingest_in_thread(engine))


def _ingest_in_thread(engine: Engine) -> library.Ingest:
    who = _who()

    async def run(records: list[PaperRecord]) -> IngestReport:
        return await asyncio.to_thread(ingest, engine, records, who, "terminal")

    return run


def _add_json(result: library.AddResult, rejected: list[str]) -> dict[str, Any]:
    report = result.report
    return {
        "ok": report.ok,
        "error": report.error,
        "papers": [
            {
                "arxiv_id": added.arxiv_id,
                "outcome": added.outcome,
                "merged_into": added.merged_into,
                "message": outcome_line(added),
                "paper": added.paper.to_dict() if added.paper else None,
            }
            for added in report.results
        ],
        "missing": list(result.missing),
        "rejected": rejected,
        "seconds_to_answerable": round(report.seconds, 3),
    }


def run_remove(args: argparse.Namespace, config: Config) -> int:
    ref = parse_ref(args.id)
    if ref is None:
        print(f"paperbot: {rejected_line([args.id])}", file=sys.stderr)
        return 2
    report = remove(Engine.load(config), ref.id, _who())
    print(
        report.message if report.removed else f"paperbot: {report.message}",
        file=sys.stdout if report.removed else sys.stderr,
    )
    return 0 if report.removed else 1


def run_sync(args: argparse.Namespace, config: Config) -> int:
    spec = config.arxiv.follow
    if spec.search_query is None:
        print(
            "paperbot: nothing to follow; set arxiv.follow.categories or arxiv.follow.query", file=sys.stderr
        )
        return 2
    engine = Engine.load(config)

    async def sync() -> library.SyncReport:
        async with ArxivClient(config.arxiv) as client:
            return await library.sync_once(client, engine.store, spec, _ingest_in_thread(engine))

    try:
        report = asyncio.run(sync())
    except ArxivError as exc:
        print(f"paperbot: {exc.user_message}", file=sys.stderr)
        return 1
    print(report)
    return 1 if report.error else 0


def run_import(args: argparse.Namespace, config: Config) -> int:
    if args.max < 1:
        print("paperbot: --max must be at least 1", file=sys.stderr)
        return 2
    engine = Engine.load(config)

    async def load() -> tuple[int, IngestReport]:
        with _progress() as progress:
            async with ArxivClient(config.arxiv) as client:
                return await library.import_query(
                    client, args.query, args.max, _ingest_in_thread(engine), progress
                )

    try:
        fetched, report = asyncio.run(load())
    except ArxivError as exc:
        print(f"paperbot: {exc.user_message}", file=sys.stderr)
        return 1
    if not report.ok:
        print(f"paperbot: {report.error}", file=sys.stderr)
        return 1
    print(f"fetched {fetched} papers; {len(report.arrived)} new or updated; {len(engine.papers)} papers now")
    return 0


@contextmanager
def _progress() -> Iterator[library.Progress | None]:
    """A paper-count progress bar on stderr (when it is a terminal)."""
    from tqdm import tqdm

    bar = tqdm(unit="paper", desc="fetching from arXiv", leave=False, disable=not sys.stderr.isatty())

    def update(done: int, expected: int) -> None:
        bar.total = expected
        bar.update(done - bar.n)

    try:
        yield update
    finally:
        bar.close()


def _who() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no login name (a container): still say it came from a terminal
        return "cli"
