"""De-duplication: group occurrences of the same paper, then merge each group into one record.

Grouping, cheapest test first, never quadratic:
1. same input-given id (arXiv id, collection doc id);
2. same abstract once case, punctuation and spacing are ignored (one dict lookup);
3. near-duplicates: only occurrences sharing an anchor (the first 8 words, the last 8 words, or
   the title) are compared, by word 3-shingle overlap against ``threshold``. This catches a
   reworded last sentence (the prefix anchor) or first sentence (the suffix anchor); an abstract
   edited at both ends is missed, a price paid to keep ingest linear.
Occurrences with different given ids are never merged, whatever their text.

Merging is order-independent (every field is chosen by a total order on values, sources are
sorted), so shuffling files or blocks yields the same records.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.corpus.draft import Draft
from bot.corpus.text import overlap, shingles, words
from bot.models import Paper, Source

ANCHOR_WORDS = 8
_CODE_LINK = re.compile(r"\b(?:github\.com|gitlab\.com)/", re.IGNORECASE)


class _Groups:
    """Union-find whose groups remember the one given id they may hold."""

    def __init__(self, ids: Sequence[str | None]) -> None:
        self.parent = list(range(len(ids)))
        self.ids = list(ids)

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def can_join(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        return ra != rb and not (self.ids[ra] and self.ids[rb] and self.ids[ra] != self.ids[rb])

    def join(self, a: int, b: int) -> bool:
        if not self.can_join(a, b):
            return False
        ra, rb = sorted((self.find(a), self.find(b)))
        self.parent[rb] = ra
        self.ids[ra] = self.ids[ra] or self.ids[rb]
        return True


@dataclass(frozen=True, slots=True)
class MergeResult:
    papers: tuple[Paper, ...]  # ids are the given id, or "" until one is derived
    merges: int


def merge_drafts(drafts: Iterable[Draft], threshold: float) -> MergeResult:
    ordered = sorted(drafts, key=_content_order)
    groups = _Groups([d.doc_id for d in ordered])
    tokens = [words(d.abstract) for d in ordered]
    _join_equal(groups, [d.doc_id for d in ordered])
    _join_equal(groups, [" ".join(t) or None for t in tokens])
    _join_near(groups, ordered, tokens, threshold)
    members: dict[int, list[Draft]] = defaultdict(list)
    for i, draft in enumerate(ordered):
        members[groups.find(i)].append(draft)
    papers = tuple(merge_records(group, [d.source for d in group]) for group in members.values())
    return MergeResult(papers, len(ordered) - len(papers))


def _content_order(draft: Draft) -> tuple[object, ...]:
    # Everything but the source first: identical content sorts together whatever the input order.
    return (
        draft.doc_id or "",
        draft.abstract,
        draft.title or "",
        draft.authors,
        str(draft.published),
        str(draft.updated),
        draft.category or "",
        draft.pages or "",
        draft.affiliation or "",
        draft.has_code,
        draft.source.path,
        draft.source.line,
    )


def _join_equal(groups: _Groups, keys: Sequence[str | None]) -> None:
    first: dict[str, int] = {}
    for i, key in enumerate(keys):
        if key is None:
            continue
        if key in first:
            groups.join(first[key], i)
        else:
            first[key] = i


def _join_near(
    groups: _Groups, drafts: Sequence[Draft], tokens: Sequence[list[str]], threshold: float
) -> None:
    buckets: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, (draft, toks) in enumerate(zip(drafts, tokens, strict=True)):
        if not toks:
            continue
        buckets[("^", *toks[:ANCHOR_WORDS])].append(i)
        buckets[("$", *toks[-ANCHOR_WORDS:])].append(i)
        if draft.title:
            buckets[("T", *words(draft.title))].append(i)
    cache: dict[int, frozenset[tuple[str, ...]]] = {}
    for bucket in buckets.values():
        for pos, a in enumerate(bucket):
            for b in bucket[pos + 1 :]:
                if not groups.can_join(a, b):
                    continue
                sa = cache.setdefault(a, shingles(tokens[a]))
                sb = cache.setdefault(b, shingles(tokens[b]))
                if overlap(sa, sb) >= threshold:
                    groups.join(a, b)


def merge_records(records: Sequence[Draft | Paper], sources: Iterable[Source]) -> Paper:
    """One paper keeping the most complete value of every field the records carry."""
    abstract = max((r.abstract for r in records), key=lambda a: (len(a), a))
    titled = [r for r in records if r.title and not getattr(r, "title_provisional", False)]
    title = max((r.title for r in titled), key=lambda t: (len(t or ""), t), default="")
    authors, complete = max(
        ((r.authors, r.authors_complete) for r in records if r.authors),
        key=lambda pair: (pair[1], len(pair[0]), pair[0]),
        default=((), False),
    )
    categories = [c for r in records for c in r.categories]
    category = _most_common(r.category for r in records)
    ordered_categories = tuple(dict.fromkeys([category, *categories] if category else categories))
    return Paper(
        id=_most_common(_given_id(r) for r in records) or "",
        title=title or "",
        abstract=abstract,
        authors=authors,
        authors_complete=complete,
        title_provisional=not title,
        arxiv_id=_most_common(r.arxiv_id for r in records),
        published=min((r.published for r in records if r.published), default=None),
        updated=max((r.updated for r in records if r.updated), default=None),
        category=category,
        categories=ordered_categories,
        pages=max((r.pages for r in records if r.pages), key=lambda p: (len(p), p), default=None),
        has_code=any(r.has_code for r in records) or bool(_CODE_LINK.search(abstract)),
        affiliation=max((r.affiliation for r in records if r.affiliation), default=None),
        sources=tuple(sorted(set(sources), key=lambda s: (s.path, s.line, s.format))),
    )


def _given_id(record: Draft | Paper) -> str | None:
    return record.doc_id if isinstance(record, Draft) else record.id or None


def _most_common(values: Iterable[str | None]) -> str | None:
    counts = Counter(v for v in values if v)
    if not counts:
        return None
    return min(counts, key=lambda v: (-counts[v], v))
