"""From arXiv to the store: fetch by ids, follow a search from its cursor, import a backlog.

Async (the arXiv client is), but free of Discord and of the engine's process: the caller hands
in ``ingest``, an async function that stores records and serves them wherever the engine runs
(the Discord runner's worker, or a thread in the terminal), so both edges share these steps.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from bot.arxiv.client import ArxivClient
from bot.arxiv.entries import ArxivEntry
from bot.arxiv.follow import Progress, fetch_new, import_backlog
from bot.arxiv.ids import ArxivRef
from bot.arxiv.settings import FollowSpec
from bot.library.ingest import IngestReport
from bot.models import Paper, Source
from bot.state import PaperRecord, Store, StoreError

Ingest = Callable[[list[PaperRecord]], Awaitable[IngestReport]]
ARXIV_SOURCE = Source("arxiv-api", 0, "arxiv-api")
# New papers taken per round of a sync; a catch-up after long downtime takes several rounds.
SYNC_BATCH = 500
MAX_SYNC_ROUNDS = 100


def to_record(entry: ArxivEntry) -> PaperRecord:
    """The store's record of an arXiv entry; the paper's source says it came from the API."""
    extra = {
        key: value
        for key, value in (
            ("comment", entry.comment),
            ("doi", entry.doi),
            ("journal_ref", entry.journal_ref),
            ("license", entry.license),
        )
        if value
    }
    paper = entry.paper if entry.paper.sources else _with_source(entry)
    return PaperRecord(paper, entry.version, entry.withdrawn, extra)


def _with_source(entry: ArxivEntry) -> Paper:
    return dataclasses.replace(entry.paper, sources=(ARXIV_SOURCE,))


@dataclass(frozen=True, slots=True)
class AddResult:
    """An /add or ``paperbot add``: what arXiv said and what the store and engine did."""

    report: IngestReport
    missing: tuple[str, ...] = ()  # ids arXiv does not have
    missing_message: str | None = None


async def add_refs(client: ArxivClient, refs: Sequence[ArxivRef], ingest: Ingest) -> AddResult:
    """Fetch ``refs`` (batched) and ingest what arXiv has; raises ArxivError for arXiv's faults."""
    fetched = await client.fetch(refs)
    records = [to_record(entry) for entry in fetched.entries]
    report = await ingest(records) if records else IngestReport()
    return AddResult(report, tuple(str(ref) for ref in fetched.missing), fetched.missing_message())


@dataclass(frozen=True, slots=True)
class SyncReport:
    spec: str
    fetched: int = 0
    arrived: tuple[str, ...] = ()
    rounds: int = 0
    error: str | None = None  # one line; what was ingested before it is kept, the cursor with it

    def __str__(self) -> str:
        done = f"{self.spec}: {self.fetched} fetched, {len(self.arrived)} new or updated in {self.rounds} round(s)"
        return f"{done}; stopped: {self.error}" if self.error else done


async def sync_once(
    client: ArxivClient, store: Store, spec: FollowSpec, ingest: Ingest, *, batch: int = SYNC_BATCH
) -> SyncReport:
    """New papers of ``spec`` since its stored cursor, ingested; the cursor moves only past papers
    that were stored, so after a failure (or downtime) the next sync resumes where this one stopped.
    Raises ArxivError when arXiv fails before anything was fetched."""
    key = spec.search_query
    if key is None:
        return SyncReport("(nothing followed)")
    fetched, rounds = 0, 0
    arrived: list[str] = []
    while rounds < MAX_SYNC_ROUNDS:
        try:
            since = store.cursor(key).cursor
        except StoreError as exc:
            return SyncReport(key, fetched, tuple(arrived), rounds, str(exc))
        entries, cursor = await fetch_new(client, spec, since, batch)
        rounds += 1
        if entries:
            report = await ingest([to_record(entry) for entry in entries])
            if not report.ok:
                return SyncReport(key, fetched, tuple(arrived), rounds, report.error)
            fetched += len(entries)
            arrived.extend(report.arrived)
        try:
            store.advance_cursor(key, cursor, len(entries))
        except StoreError as exc:
            return SyncReport(key, fetched, tuple(arrived), rounds, str(exc))
        if len(entries) < batch:
            break
    return SyncReport(key, fetched, tuple(arrived), rounds)


async def import_query(
    client: ArxivClient, query: str, max_papers: int, ingest: Ingest, progress: Progress | None = None
) -> tuple[int, IngestReport]:
    """Up to ``max_papers`` papers of an arXiv search, stored and served in one transaction."""
    entries: list[ArxivEntry] = await import_backlog(client, query, max_papers, progress)
    records = [to_record(entry) for entry in entries[::-1]]  # oldest first, as they appeared
    return len(entries), (await ingest(records) if records else IngestReport())
