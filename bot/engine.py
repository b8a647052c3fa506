"""The façade the CLI and the Discord bot use: one object, synchronous, thread-safe, reloadable.

Everything a question needs (papers, search index, lookup tables, responder) lives in one
immutable ``Snapshot``. ``reload`` builds a new snapshot off to the side and swaps a single
attribute, so a caller mid-question finishes on the snapshot it started with, and a failed reload
leaves the old one serving. Conversation memory outlives snapshots (follow-ups survive a reload).
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import itertools
import logging
import random as random_module
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from bot.answer.lookup import PaperLookup
from bot.answer.memory import ConversationMemory
from bot.answer.render import Renderer
from bot.answer.responder import Messages, Responder
from bot.answer.types import Answer
from bot.config import Config
from bot.corpus import load_corpus
from bot.corpus.added import LivingCorpus, Placement, merge_added
from bot.library.added import NONE, AddedPapers, read_added
from bot.models import Paper
from bot.search import Filters, Hit, PaperIndex
from bot.search.facets import in_category
from bot.search.store import IndexUnusable
from bot.state import Store

log = logging.getLogger(__name__)

INDEX_FOLDER = ".index"
# From this many papers, a snapshot is frozen out of the garbage collector's sight once built (see
# ``settle_heap``); below it a full collection is too quick to matter.
FREEZE_FROM_PAPERS = 20_000


@dataclass(frozen=True, slots=True)
class CorpusStats:
    papers: int
    first_year: int | None
    last_year: int | None
    categories: tuple[tuple[str, int], ...]  # (category, papers), most common first
    index_built_at: datetime
    warnings: int


@dataclass(frozen=True, slots=True)
class ReloadReport:
    ok: bool
    papers: int  # papers now served (the old count when the reload failed)
    previous: int
    warnings: int
    seconds: float
    error: str | None = None
    arrived: tuple[str, ...] = ()  # ids of papers new or changed since the previous snapshot

    def __str__(self) -> str:
        if not self.ok:
            return f"reload failed, still serving {self.papers} papers: {self.error}"
        return f"reloaded {self.papers} papers (was {self.previous}) in {self.seconds:.2f}s, {self.warnings} warning(s)"


@dataclass(frozen=True, slots=True)
class Refresh:
    """What ``Engine.refresh`` did: the added papers that arrived (new or changed) and left."""

    changed: bool
    arrived: tuple[Paper, ...] = ()
    left: tuple[str, ...] = ()  # ids no longer served
    papers: int = 0
    seconds: float = 0.0
    error: str | None = None  # the store could not be read: still serving what was there
    placements: dict[str, Placement] = field(default_factory=dict)  # by arXiv id, every added paper


@dataclass(frozen=True, slots=True)
class Snapshot:
    papers: tuple[Paper, ...]
    index: PaperIndex
    lookup: PaperLookup
    responder: Responder
    renderer: Renderer
    stats: CorpusStats
    # The corpus files' papers before added ones were merged in, and what was merged.
    corpus: tuple[Paper, ...] = ()
    corpus_checksum: str = ""
    added: AddedPapers = NONE
    placements: dict[str, Placement] = field(default_factory=dict)


def index_directory(config: Config) -> Path | None:
    """``search.index_dir``, else ``.index/`` beside the first corpus path (None: nowhere to put it)."""
    if config.search.index_dir:
        return Path(config.search.index_dir)
    if not config.corpus.paths:
        return None
    first = Path(config.corpus.paths[0])
    return (first if first.is_dir() else first.parent) / INDEX_FOLDER


class Engine:
    def __init__(
        self, config: Config, snapshot: Snapshot, memory: ConversationMemory, store: Store | None = None
    ) -> None:
        self.config = config
        self._snapshot = snapshot
        self._memory = memory
        self._reload_lock = threading.Lock()
        self._warming: threading.Thread | None = None
        self.store = store or Store.from_settings(config.storage)
        self._arrival_listeners: list[Callable[[tuple[Paper, ...]], None]] = []

    @classmethod
    def load(cls, config: Config) -> Engine:
        """Parse the corpus and open (or build and save) its search index."""
        memory = ConversationMemory(config.answer.memory.conversations, config.answer.memory.ttl_seconds)
        store = Store.from_settings(config.storage)
        return cls(config, _snapshot(config, memory, store), memory, store)._warm()

    def _warm(self) -> Engine:
        """Build the lookup tables in the background: start-up stays fast, and the first "papers by
        NAME" on a million-paper corpus does not wait for its table (callers that come earlier
        wait on the table's lock instead of building it twice)."""
        self._warming = threading.Thread(
            target=_prepare, args=(self._snapshot,), name="paperbot-warm", daemon=True
        )
        self._warming.start()
        return self

    def wait_until_warm(self, timeout: float | None = None) -> bool:
        """Wait for the background warm-up (lookup tables, heap settled); False on timeout."""
        if self._warming is not None:
            self._warming.join(timeout)
        return self._warming is None or not self._warming.is_alive()

    @classmethod
    def from_papers(cls, config: Config, papers: tuple[Paper, ...], index_dir: Path | None = None) -> Engine:
        """An engine over papers already in memory (benchmarks, tests); the index is saved in
        ``index_dir`` when given, keyed by a checksum of the records."""
        memory = ConversationMemory(config.answer.memory.conversations, config.answer.memory.ttl_seconds)
        checksum = records_checksum(papers)
        snapshot = build_snapshot(config, memory, papers, checksum, index_dir)
        living = LivingCorpus(papers, {})
        return cls(config, _with_living(snapshot, papers, checksum, NONE, living), memory)._warm()

    # -- answering -----------------------------------------------------------------------------

    @property
    def papers(self) -> tuple[Paper, ...]:
        return self._snapshot.papers

    @property
    def renderer(self) -> Renderer:
        """The answer faces in the operator's templates (as of the last load or reload)."""
        return self._snapshot.renderer

    def ask(self, question: str, *, conversation: str | None = None) -> Answer:
        """Answer ``question``; with a ``conversation`` key ("discord:<channel>:<user>"), follow-ups
        such as "who wrote the second one?" refer to that conversation's previous answer."""
        return self._snapshot.responder.answer(question, conversation)

    def describe(self, paper: Paper) -> Answer:
        """A one-paper answer (kind PAPER) for rendering a record found by other means."""
        return self._snapshot.responder.paper_answer(paper.title, paper)

    def search(self, query: str, k: int = 10, filters: Filters | None = None) -> list[Hit]:
        return self._snapshot.index.search(query, k=k, filters=filters)

    def browse(self, filters: Filters | None, k: int = 10) -> list[Hit]:
        """A search without words: the ``k`` newest papers the filters select (score 0)."""
        snapshot = self._snapshot
        return [Hit(paper, 0.0) for paper in snapshot.lookup.newest_of(snapshot.index.selected(filters), k)]

    def similar(self, paper_id: str, k: int = 5) -> list[Hit]:
        snapshot = self._snapshot
        paper = snapshot.lookup.get(paper_id)
        return snapshot.index.similar(paper.id, k=k) if paper else []

    # -- lookup --------------------------------------------------------------------------------

    def get(self, paper_id: str) -> Paper | None:
        """By record id or arXiv id (a URL or ``arXiv:`` prefix and a version suffix are fine)."""
        return self._snapshot.lookup.get(paper_id)

    def paper(self, query: str) -> Paper | None:
        """By id, URL or (misspelt) title; None when no title is a clear match."""
        settings = self.config.answer.lookup
        return self._snapshot.lookup.find(query, settings.title_cutoff, settings.title_margin)

    def closest_titles(self, query: str, limit: int = 5) -> list[Paper]:
        return [match.paper for match in self._snapshot.lookup.closest_titles(query, limit)]

    def by_author(self, name: str) -> list[Paper]:
        return self._snapshot.lookup.by_author(name, self.config.answer.lookup.author_cutoff)

    def recent(self, category: str | None = None, k: int = 5) -> list[Paper]:
        newest = self._snapshot.lookup.newest()
        if not category:
            return list(newest[:k])
        matching = (p for p in newest if any(in_category(c, category) for c in p.all_categories))
        return list(itertools.islice(matching, k))

    def random(self, rng: random_module.Random | None = None) -> Paper | None:
        papers = self._snapshot.papers
        return (rng or random_module).choice(papers) if papers else None

    def complete_titles(self, text: str, limit: int = 25) -> list[Paper]:
        return self._snapshot.lookup.complete_titles(text, limit)

    def complete_authors(self, text: str, limit: int = 25) -> list[str]:
        return self._snapshot.lookup.complete_authors(text, limit)

    # -- operations ----------------------------------------------------------------------------

    def stats(self) -> CorpusStats:
        return self._snapshot.stats

    def reload(self) -> ReloadReport:
        """Re-read corpus and templates, rebuild what changed, swap atomically; never breaks."""
        with self._reload_lock:
            previous = self._snapshot
            started = time.perf_counter()
            try:
                fresh = _snapshot(self.config, self._memory, self.store)
            except Exception as exc:  # a reload must never take a serving bot down
                log.exception("reload failed; still serving the previous corpus")
                return ReloadReport(
                    False, len(previous.papers), len(previous.papers), previous.stats.warnings,
                    time.perf_counter() - started, f"{type(exc).__name__}: {exc}",
                )  # fmt: skip
            self._snapshot = fresh
            self._warm()
            arrived = _arrivals(previous.papers, fresh.papers)
            self._announce(arrived)
            return ReloadReport(
                True,
                len(fresh.papers),
                len(previous.papers),
                fresh.stats.warnings,
                time.perf_counter() - started,
                arrived=tuple(p.id for p in arrived),
            )

    # -- the living corpus ---------------------------------------------------------------------

    def subscribe(self, listener: Callable[[tuple[Paper, ...]], None]) -> None:
        """Call ``listener`` with the papers that arrive (new or changed) after each refresh or
        reload of this engine, once the new snapshot serves them."""
        self._arrival_listeners.append(listener)

    def refresh(self) -> Refresh:
        """Serve the store's added papers as they are now: a no-op when nothing changed (one
        query), else an incremental index update swapped in atomically (see ``reload``). Another
        process's add is picked up the same way; the index it saved is opened when it fits."""
        with self._reload_lock:
            previous = self._snapshot
            started = time.perf_counter()
            added = read_added(self.store)
            if added.revision is None:
                return Refresh(
                    False, papers=len(previous.papers), error=added.error, placements=previous.placements
                )
            if added.revision == previous.added.revision and previous.added.revision is not None:
                return Refresh(False, papers=len(previous.papers), placements=previous.placements)
            fresh = _living_snapshot(self.config, self._memory, previous, added)
            self._snapshot = fresh
            self._warm()
            arrived = _arrivals(previous.papers, fresh.papers)
            left = tuple(sorted({p.id for p in previous.papers} - {p.id for p in fresh.papers}))
            self._announce(arrived)
            return Refresh(
                True,
                arrived,
                left,
                len(fresh.papers),
                time.perf_counter() - started,
                placements=fresh.placements,
            )

    def placement(self, arxiv_id: str) -> Placement | None:
        """Where an added paper is served (merged into a corpus record, or as its own)."""
        return self._snapshot.placements.get(arxiv_id)

    def _announce(self, arrived: tuple[Paper, ...]) -> None:
        if not arrived:
            return
        for listener in list(self._arrival_listeners):
            try:
                listener(arrived)
            except Exception:  # a subscriber's bug must not break serving
                log.exception("an arrival listener failed")


def _prepare(snapshot: Snapshot) -> None:
    snapshot.lookup.warm()
    if len(snapshot.papers) >= FREEZE_FROM_PAPERS:
        settle_heap()


def settle_heap() -> None:
    """Move every object alive now (the snapshot's papers, author tuples, lookup tables) out of
    the garbage collector's sight.

    A full collection walks every tracked object: about 2 s at a million papers, a stall for every
    question in flight whenever one triggers. Frozen objects are never walked; freed snapshots
    still go by reference counting. Unfreezing first lets a collection reclaim whatever a reload
    left in a reference cycle.
    """
    started = time.perf_counter()
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    log.info(
        "froze %d objects out of garbage collection in %.2fs",
        gc.get_freeze_count(),
        time.perf_counter() - started,
    )


def _snapshot(config: Config, memory: ConversationMemory, store: Store) -> Snapshot:
    corpus = load_corpus(config.corpus)
    for warning in corpus.warnings:
        log.warning("%s", warning)
    added = read_added(store)
    living = merge_added(corpus.papers, added.papers, config.corpus.near_duplicate_threshold)
    checksum = _living_checksum(corpus.checksum, added)
    directory = index_directory(config)
    snapshot = build_snapshot(config, memory, living.papers, checksum, directory, len(corpus.warnings))
    return _with_living(snapshot, corpus.papers, corpus.checksum, added, living)


def _living_snapshot(
    config: Config, memory: ConversationMemory, previous: Snapshot, added: AddedPapers
) -> Snapshot:
    """``previous`` with the corpus files as they were and ``added`` merged in; the index is the
    one saved for exactly these papers (another process made it) or an update of the old one."""
    living = merge_added(previous.corpus, added.papers, config.corpus.near_duplicate_threshold)
    checksum = _living_checksum(previous.corpus_checksum, added)
    directory = index_directory(config)
    index = _saved_index(living.papers, config, directory, checksum)
    if index is None:
        index = previous.index.updated(living.papers)
        if directory is not None:
            try:  # for a restart, and for the other processes serving this corpus
                index.save(directory, checksum)
            except OSError as exc:
                log.warning("could not save the updated search index to %s (%s)", directory, exc)
    snapshot = build_snapshot(
        config, memory, living.papers, checksum, None, previous.stats.warnings, index=index
    )
    return _with_living(snapshot, previous.corpus, previous.corpus_checksum, added, living)


def _saved_index(
    papers: tuple[Paper, ...], config: Config, directory: Path | None, checksum: str
) -> PaperIndex | None:
    if directory is None:
        return None
    try:
        return PaperIndex.open(directory, papers, config.search, checksum)
    except IndexUnusable:
        return None


def _with_living(
    snapshot: Snapshot, corpus: tuple[Paper, ...], checksum: str, added: AddedPapers, living: LivingCorpus
) -> Snapshot:
    return dataclasses.replace(
        snapshot, corpus=corpus, corpus_checksum=checksum, added=added, placements=living.placements
    )


def _living_checksum(corpus_checksum: str, added: AddedPapers) -> str:
    if not added.papers:
        return corpus_checksum  # an index saved before any paper was added stays valid
    return hashlib.blake2b(f"{corpus_checksum}+{added.checksum}".encode(), digest_size=16).hexdigest()


def _arrivals(before: tuple[Paper, ...], after: tuple[Paper, ...]) -> tuple[Paper, ...]:
    """Papers of ``after`` that ``before`` did not have, or had with other text."""
    known = {p.id: (p.title, p.abstract) for p in before}
    return tuple(p for p in after if known.get(p.id) != (p.title, p.abstract))


def build_snapshot(
    config: Config,
    memory: ConversationMemory,
    papers: tuple[Paper, ...],
    checksum: str,
    directory: Path | None,
    warnings: int = 0,
    *,
    index: PaperIndex | None = None,
) -> Snapshot:
    if index is None:
        index = PaperIndex.open_or_build(papers, config.search, directory, checksum)
    renderer = Renderer.from_settings(config.answer)
    lookup = PaperLookup(papers)
    messages = Messages(quotes=renderer.lead_text, help=lambda: renderer.help("text", len(papers)))
    responder = Responder(index, lookup, config.answer, memory, messages)
    return Snapshot(papers, index, lookup, responder, renderer, _stats(papers, warnings))


def records_checksum(papers: tuple[Paper, ...]) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for paper in papers:
        digest.update(
            f"{paper.id}\x1f{paper.title}\x1f{paper.abstract}\x1f{'|'.join(paper.authors)}\x1e".encode()
        )
    return digest.hexdigest()


def _stats(papers: tuple[Paper, ...], warnings: int) -> CorpusStats:
    years = [p.year for p in papers if p.year is not None]
    categories = Counter(c for p in papers for c in p.all_categories)
    return CorpusStats(
        papers=len(papers),
        first_year=min(years, default=None),
        last_year=max(years, default=None),
        categories=tuple(categories.most_common()),
        index_built_at=datetime.now(UTC),
        warnings=warnings,
    )
