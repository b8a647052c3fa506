"""Reading the added papers out of the state store for the engine, never failing the engine."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from bot.models import Paper
from bot.state import Store, StoreError

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class AddedPapers:
    revision: int | None  # the store's papers revision; None when the store could not be read
    papers: tuple[Paper, ...]  # the ones to serve (not removed, not withdrawn), in order of arrival
    error: str | None = None  # why the store could not be read (one line)

    @property
    def checksum(self) -> str:
        """What the served added papers are, for the search index's freshness key."""
        digest = hashlib.blake2b(digest_size=16)
        for paper in self.papers:
            digest.update(
                f"{paper.id}\x1f{paper.title}\x1f{paper.abstract}\x1f{'|'.join(paper.authors)}\x1e".encode()
            )
        return digest.hexdigest()


NONE = AddedPapers(0, ())


def read_added(store: Store) -> AddedPapers:
    """The papers to serve; a store that was never written is empty (and is not created here);
    a damaged, locked or too-new store is logged in one line and served as it was: empty now."""
    if not store.exists:
        return NONE
    try:
        revision, records = store.serving()
    except StoreError as exc:
        log.warning("added papers not served: %s", exc)
        return AddedPapers(None, (), str(exc))
    return AddedPapers(revision, tuple(record.paper for record in records))
