"""Adding and removing papers, in the engine's process: the store first, then the served corpus.

The store write is one transaction (all the papers of an /add, or none); only once it committed
is the engine refreshed, so a crash in between loses nothing (the next start or refresh serves
what was stored), and a failed write leaves the corpus as it was. These functions take the
engine first, so the Discord runner can call them in its worker (``runner.call(ingest, ...)``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.models import Paper
from bot.state import Outcome, PaperRecord, StoreError

if TYPE_CHECKING:
    from bot.engine import Engine, Refresh


@dataclass(frozen=True, slots=True)
class Added:
    """What became of one fetched paper."""

    arxiv_id: str
    outcome: str  # "added" | "updated" | "unchanged" | "withdrawn"
    paper: Paper | None  # the record now served (None when withdrawn)
    merged_into: str | None = None  # title of the corpus record it was merged into
    had_id: bool = False  # that record already had this arXiv id


@dataclass(frozen=True, slots=True)
class IngestReport:
    results: tuple[Added, ...] = ()
    error: str | None = None  # the store could not be written: nothing was added (for operators)
    user_error: str | None = None  # the same for a Discord user (no file paths)
    arrived: tuple[str, ...] = ()  # ids of the papers the engine now serves anew or changed
    seconds: float = 0.0  # from the store write to answerable

    @property
    def ok(self) -> bool:
        return self.error is None


def ingest(engine: Engine, records: list[PaperRecord], who: str, where: str) -> IngestReport:
    """Store ``records`` (one transaction) and serve them; a store failure changes nothing."""
    started = time.perf_counter()
    try:
        outcomes = engine.store.add_papers(records, who, where)
    except StoreError as exc:
        return IngestReport(error=str(exc), user_error=exc.user_message)
    refresh = engine.refresh()
    if refresh.error:
        return IngestReport(error=refresh.error, user_error=StoreError.user_message)
    results = tuple(
        _result(record, outcome, refresh) for record, outcome in zip(records, outcomes, strict=True)
    )
    arrived = tuple(p.id for p in refresh.arrived)
    return IngestReport(results, arrived=arrived, seconds=time.perf_counter() - started)


def _result(record: PaperRecord, outcome: Outcome, refresh: Refresh) -> Added:
    arxiv_id = record.arxiv_id
    if record.withdrawn:
        return Added(arxiv_id, "withdrawn", None)
    placement = refresh.placements.get(arxiv_id)
    paper = placement.paper if placement else None
    original = placement.merged_with if placement else None
    merged_into = original.title if original is not None else None
    had_id = original is not None and original.arxiv_id == arxiv_id
    return Added(arxiv_id, outcome.value, paper, merged_into, had_id)


@dataclass(frozen=True, slots=True)
class RemoveReport:
    arxiv_id: str
    removed: bool
    message: str  # one line for the user (a store failure: for the operator, see user_message)
    user_message: str | None = None


def remove(engine: Engine, arxiv_id: str, who: str) -> RemoveReport:
    """Take an added paper out of the corpus (kept in the store, marked removed)."""
    try:
        stored = engine.store.paper(arxiv_id) if engine.store.exists else None
        if stored is None or not stored.serving:
            return RemoveReport(arxiv_id, False, _not_removable(engine, arxiv_id))
        engine.store.remove_paper(arxiv_id, who)
    except StoreError as exc:
        return RemoveReport(arxiv_id, False, str(exc), exc.user_message)
    refresh = engine.refresh()
    if refresh.error:
        return RemoveReport(arxiv_id, False, refresh.error, StoreError.user_message)
    title = stored.record.paper.title
    return RemoveReport(arxiv_id, True, f"Removed {arxiv_id} ({title}); {refresh.papers} papers now.")


def _not_removable(engine: Engine, arxiv_id: str) -> str:
    if engine.get(arxiv_id) is not None:
        return f"{arxiv_id} comes from the corpus files, not from an add; edit the corpus folder to drop it."
    return f"{arxiv_id} is not an added paper."
