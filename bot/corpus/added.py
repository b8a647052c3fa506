"""Papers added from arXiv, merged with the corpus files by the same tests as de-duplication.

An added paper is the same paper as a corpus record when they share an arXiv id, or (for corpus
records without one) when the abstracts are equal up to case and spacing, or near-duplicates
sharing an anchor (``bot.corpus.merge``'s buckets and shingle overlap), and the titles agree. A
match is merged into that record, in its place, and the record takes the arXiv id; anything else
is appended after the corpus, in order of arrival, so an index update is usually an append.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from bot.corpus.merge import MAX_BUCKET, _anchors, _exact_key, merge_records
from bot.corpus.text import collapse, overlap, shingles, words
from bot.models import Paper


@dataclass(frozen=True, slots=True)
class Placement:
    """Where one added paper went: merged into a corpus record, or appended as a new paper."""

    arxiv_id: str
    paper: Paper  # the record now served
    merged_with: Paper | None = None  # the corpus record it was merged into


@dataclass(frozen=True, slots=True)
class LivingCorpus:
    papers: tuple[Paper, ...]
    placements: dict[str, Placement]  # by arXiv id


def merge_added(corpus: Sequence[Paper], added: Sequence[Paper], threshold: float) -> LivingCorpus:
    """``corpus`` with ``added`` (each with an arXiv id, at most one per id) merged in."""
    papers = list(corpus)
    matcher = _Matcher(corpus, threshold)
    placements: dict[str, Placement] = {}
    for paper in added:
        arxiv_id = paper.arxiv_id or paper.id
        at = matcher.find(paper)
        if at is None:
            papers.append(paper)
            placements[arxiv_id] = Placement(arxiv_id, paper)
            continue
        original = corpus[at]
        merged = merge_records([original, paper], [*original.sources, *paper.sources])
        merged = dataclasses.replace(merged, id=arxiv_id, arxiv_id=arxiv_id)
        papers[at] = merged
        placements[arxiv_id] = Placement(arxiv_id, merged, original)
    return LivingCorpus(tuple(papers), placements)


class _Matcher:
    """Finds the corpus record an added paper is; each record is matched at most once."""

    def __init__(self, corpus: Sequence[Paper], threshold: float) -> None:
        self._corpus = corpus
        self._threshold = threshold
        self._taken: set[int] = set()
        self._by_id = {p.arxiv_id: i for i, p in enumerate(corpus) if p.arxiv_id}
        loose = [i for i, p in enumerate(corpus) if not p.arxiv_id]  # only these can match by text
        self._by_text = {_exact_key(corpus[i].abstract): i for i in loose}
        self._buckets: dict[tuple[str, ...], list[int]] = defaultdict(list)
        for i in loose:
            for anchor in _anchors(corpus[i]):  # type: ignore[arg-type]  # reads .abstract/.title only
                self._buckets[anchor].append(i)

    def find(self, paper: Paper) -> int | None:
        found = self._by_id.get(paper.arxiv_id or "")
        if found is None:
            found = self._by_text.get(_exact_key(paper.abstract))
            if found is not None and not self._titles_agree(found, paper):
                found = None
        if found is None:
            found = self._near(paper)
        if found is None or found in self._taken:
            return None
        self._taken.add(found)
        return found

    def _near(self, paper: Paper) -> int | None:
        mine = shingles(words(paper.abstract))
        for anchor in _anchors(paper):  # type: ignore[arg-type]
            bucket = self._buckets.get(anchor, ())
            if len(bucket) > MAX_BUCKET:  # boilerplate, not identity (as in merge_drafts)
                continue
            for i in bucket:
                if (
                    self._titles_agree(i, paper)
                    and overlap(mine, shingles(words(self._corpus[i].abstract))) >= self._threshold
                ):
                    return i
        return None

    def _titles_agree(self, i: int, paper: Paper) -> bool:
        """Text never merges two papers with different titles (see ``merge._Groups``)."""
        record = self._corpus[i]
        if record.title_provisional or not record.title or not paper.title:
            return True
        return collapse(record.title).casefold() == collapse(paper.title).casefold()
