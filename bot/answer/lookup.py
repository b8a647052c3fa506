"""Find papers by arXiv id or URL, by (misspelt) title, and by author name (accents optional).

Built once per corpus snapshot from the paper list alone. Matching happens on folded text (NFKC,
no accents, case-folded) so ``amelie heliou`` finds Amélie Héliou and ``gema open models`` finds
Gemma. Fuzzy matching is rapidfuzz's; on big corpora a word index (``title_index``) first narrows
a million titles (or author names) down to a few thousand, so a misspelt title or name costs
milliseconds, not seconds.
"""

from __future__ import annotations

import bisect
import itertools
import re
import threading
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol, Self, TypeVar

import numpy as np
from rapidfuzz import fuzz, process, utils

from bot.answer.query import normalize_arxiv_id
from bot.answer.title_index import POOL, TitleIndex
from bot.models import Paper
from bot.search.analyzer import fold
from bot.search.names import fold_name
from bot.search.selection import sorted_distinct


class _Table(Protocol):
    """A lookup table built once from the papers, on first use."""

    @classmethod
    def build(cls, papers: Sequence[Paper]) -> Self: ...


T = TypeVar("T", bound=_Table)

# Titles a fast scan keeps for the finer word-level rerank.
CANDIDATES = 50
# A title this similar is taken whatever the runner-up scores.
EXACT = 97.0
# A misspelt author name means every name within this many points of the closest one.
AUTHOR_MARGIN = 2.0
# Up to this many titles (or author names) are scanned whole: the word index could not narrow them
# further.
FULL_SCAN_UP_TO = POOL


def quick_fold(text: str) -> str:
    """The analyzer's ``fold``, with a fast path for plain ASCII (most titles and names)."""
    return text.lower() if text.isascii() else fold(text)


@dataclass(frozen=True, slots=True)
class TitleMatch:
    paper: Paper
    score: float  # rapidfuzz similarity, 0..100


def newest_first(papers: Sequence[Paper]) -> list[Paper]:
    """Newest first; undated papers last; ties by title so the order is stable."""
    return sorted(papers, key=_newest_key)


def _newest_key(paper: Paper) -> tuple[int, str]:
    return -(paper.published or paper.updated or date.min).toordinal(), paper.title


@dataclass(frozen=True, slots=True)
class _Titles:
    folded: list[str]  # per row, as rapidfuzz's default processor leaves them
    by_title: list[tuple[str, int]]  # sorted, for prefix completion
    by_arxiv_id: list[tuple[str, int]]
    index: TitleIndex  # title words -> rows, for fuzzy lookups on big corpora

    @classmethod
    def build(cls, papers: Sequence[Paper]) -> _Titles:
        folded = [utils.default_process(quick_fold(p.title)) for p in papers]
        ids = sorted((p.arxiv_id.lower(), row) for row, p in enumerate(papers) if p.arxiv_id)
        by_title = sorted(zip(folded, range(len(folded)), strict=True))
        return cls(folded, by_title, ids, TitleIndex.build(folded))


@dataclass(frozen=True, slots=True)
class _Authors:
    rows: dict[str, list[int]]  # folded name -> rows of the papers they wrote
    display: dict[str, str]  # folded name -> the richest spelling seen (accents kept)
    names: list[str]  # sorted folded names
    # Name words -> positions in ``names``: whole-word and surname-prefix lookups, and fuzzy
    # lookups among many names.
    index: TitleIndex

    @classmethod
    def build(cls, papers: Sequence[Paper]) -> _Authors:
        rows: dict[str, list[int]] = defaultdict(list)
        display: dict[str, str] = {}
        for row, paper in enumerate(papers):
            for author in paper.authors:
                key = fold_name(author)
                if not key:
                    continue
                if not rows[key] or rows[key][-1] != row:
                    rows[key].append(row)
                shown = display.get(key)
                if shown is None or (shown.isascii() and not author.isascii()):
                    display[key] = author
        names = sorted(rows)
        return cls(dict(rows), display, names, TitleIndex.build(names))

    def with_word(self, word: str) -> list[str]:
        """The names holding ``word`` as one of their words."""
        return [self.names[row] for row in self.index.rows_with(word).tolist()]


@dataclass(frozen=True, slots=True)
class _Newest:
    papers: tuple[Paper, ...]
    rank: np.ndarray  # int64 per row: its position in ``papers``

    @classmethod
    def build(cls, papers: Sequence[Paper]) -> _Newest:
        rows = sorted(range(len(papers)), key=lambda row: _newest_key(papers[row]))
        rank = np.empty(len(papers), dtype=np.int64)
        rank[rows] = np.arange(len(papers))
        return cls(tuple(papers[row] for row in rows), rank)

    def order(self, rows: np.ndarray) -> list[Paper]:
        """The papers of ``rows`` (repeats dropped), newest first: one numpy sort of their ranks."""
        return [self.papers[i] for i in sorted_distinct(self.rank[rows]).tolist()]

    def first(self, rows: np.ndarray, k: int) -> list[Paper]:
        """The ``k`` newest papers of ``rows`` (distinct rows), without sorting all of them."""
        ranks = self.rank[rows]
        if k < len(ranks):
            ranks = np.partition(ranks, k)[:k]
        return [self.papers[i] for i in np.sort(ranks).tolist()]


class PaperLookup:
    """Ids are indexed at once (every id question needs them); title and author tables are built
    on first use, so a bot that never gets a title question never pays for them."""

    def __init__(self, papers: Sequence[Paper]) -> None:
        self.papers = tuple(papers)
        self._by_key: dict[str, Paper] = {}
        for paper in self.papers:
            self._by_key.setdefault(paper.id.lower(), paper)
            if paper.arxiv_id:
                self._by_key.setdefault(paper.arxiv_id.lower(), paper)
        self._lock = threading.Lock()
        self._built: dict[type, Any] = {}

    def warm(self) -> None:
        """Build every lazy table now (the engine does it in a background thread after loading)."""
        for kind in (_Newest, _Titles, _Authors):
            self._table(kind)

    def newest(self) -> tuple[Paper, ...]:
        """Every paper, newest first (sorted once, on first use)."""
        return self._table(_Newest).papers

    def newest_of(self, rows: np.ndarray, k: int) -> list[Paper]:
        """The ``k`` newest of the papers at ``rows`` (positions in ``papers``, no repeats)."""
        return self._table(_Newest).first(rows, k)

    @property
    def _titles(self) -> _Titles:
        return self._table(_Titles)

    @property
    def _authors(self) -> _Authors:
        return self._table(_Authors)

    def _table(self, kind: type[T]) -> T:
        table = self._built.get(kind)
        if table is None:
            with self._lock:
                table = self._built.get(kind)
                if table is None:
                    table = self._built[kind] = kind.build(self.papers)
        return table

    # -- ids and titles ------------------------------------------------------------------------

    def get(self, key: str) -> Paper | None:
        """By record id or arXiv id (any version suffix, URL or ``arXiv:`` prefix)."""
        key = key.strip()
        found = self._by_key.get(key.lower())
        if found is None and (arxiv_id := normalize_arxiv_id(key)):
            found = self._by_key.get(arxiv_id.lower())
        return found

    def find(self, query: str, cutoff: float, margin: float) -> Paper | None:
        """One paper: exact id/URL, else the best fuzzy title match if it scores at least ``cutoff``
        and beats the runner-up by ``margin`` ("mistral" is as close to Magistral as to Ministral)."""
        if found := self.get(query):
            return found
        best = self.closest_titles(query, limit=2)
        if not best or best[0].score < cutoff:
            return None
        if len(best) > 1 and best[0].score - best[1].score < margin and best[0].score < EXACT:
            return None
        return best[0].paper

    def closest_titles(self, query: str, limit: int = 5, cutoff: float = 0.0) -> list[TitleMatch]:
        """Best title matches: a fast C++ scan of the titles (or, on big corpora, of those the word
        index finds) for candidates, then a word-level rerank."""
        return [
            TitleMatch(self.papers[row], score) for row, score in self._closest_rows(query, limit, cutoff)
        ]

    def _closest_rows(self, query: str, limit: int, cutoff: float) -> list[tuple[int, float]]:
        text = utils.default_process(quick_fold(query))
        if not text:
            return []
        folded = self._titles.folded
        if len(folded) <= FULL_SCAN_UP_TO:
            rows: Sequence[int] = range(len(folded))
            choices = folded
        else:
            rows = self._titles.index.candidates(text).tolist()
            choices = [folded[row] for row in rows]
        pool = process.extract(
            text, choices, scorer=fuzz.token_set_ratio, limit=max(CANDIDATES, limit), processor=None
        )
        scored = [(rows[i], title_similarity(text, title)) for title, _, i in pool]
        scored = [(row, score) for row, score in scored if score >= cutoff]
        scored.sort(key=lambda pair: (-pair[1], pair[0]))
        return scored[:limit]

    def complete_titles(self, text: str, limit: int = 25, *, fuzzy: bool = True) -> list[Paper]:
        """Autocomplete: id prefixes, then title prefixes, then (if ``fuzzy``) fuzzy title matches;
        no repeats. Without ``fuzzy`` it is a few binary searches, quick enough for any deadline."""
        text = text.strip()
        if not text:
            return list(self.newest()[:limit])
        rows: list[int] = []
        folded = utils.default_process(quick_fold(text))
        if re.fullmatch(r"(?:arxiv:)?[\d.]+(?:v\d*)?", text, re.IGNORECASE):
            rows += _prefixed(
                self._titles.by_arxiv_id, text.lower().removeprefix("arxiv:").split("v")[0], limit
            )
        rows += _prefixed(self._titles.by_title, folded, limit)
        if fuzzy and len(rows) < limit and len(folded) >= 2:
            rows += [row for row, _ in self._closest_rows(text, limit, cutoff=50.0)]
        return [self.papers[row] for row in _unique(rows)[:limit]]

    # -- authors -------------------------------------------------------------------------------

    def by_author(self, name: str, fuzzy_cutoff: float = 85.0) -> list[Paper]:
        """Every paper by the matching author(s), newest first."""
        names = self.matching_authors(name, fuzzy_cutoff)
        # A prolific name can have tens of thousands of papers: ordered by precomputed rank, not by key.
        rows = np.fromiter(itertools.chain.from_iterable(self._authors.rows[key] for key in names), np.int64)
        return self._table(_Newest).order(rows)

    def matching_authors(self, name: str, fuzzy_cutoff: float = 85.0) -> list[str]:
        """Folded author names meaning ``name``: exact, then all-tokens (``heliou``, ``a heliou``), then fuzzy."""
        query = fold_name(name)
        if not query:
            return []
        authors = self._authors
        if query in authors.rows:
            return [query]
        tokens = query.split()
        full = [t for t in tokens if len(t) > 1]
        if full:
            candidates = set.intersection(*(set(authors.with_word(t)) for t in full))
            initials = [t for t in tokens if len(t) == 1]
            found = sorted(
                n for n in candidates if all(any(w.startswith(i) for w in n.split()) for i in initials)
            )
            if found:
                return found
        close = self._fuzzy_names(query, fuzz.token_sort_ratio, 5, fuzzy_cutoff)
        # Only the names about as close as the best: "intao zhang" means Jintao Zhang, not also
        # Jingtao, Xiantao and Sitao Zhang, who score a few points lower.
        return [name for name, score in close if score >= close[0][1] - AUTHOR_MARGIN]

    def display_name(self, folded: str) -> str:
        return self._authors.display.get(folded, folded)

    def complete_authors(self, text: str, limit: int = 25, *, fuzzy: bool = True) -> list[str]:
        """Author names (as written in the corpus) starting with ``text``, then (if ``fuzzy``)
        fuzzy matches."""
        query = fold_name(text)
        authors = self._authors
        names = _prefixed_names(authors.names, query, limit)
        if len(names) < limit and query:
            # Surname first: "heli" -> "Amélie Héliou".
            words = authors.index.words_starting(query, limit)
            names += sorted(name for word in words for name in authors.with_word(word))
        if fuzzy and len(names) < limit and len(query) >= 3:
            names += [name for name, _ in self._fuzzy_names(query, fuzz.WRatio, limit, 70.0)]
        return [self.display_name(n) for n in _unique(names)[:limit]]

    def _fuzzy_names(
        self, query: str, scorer: Callable[..., float], limit: int, cutoff: float
    ) -> list[tuple[str, float]]:
        """Folded names close to ``query``, best first, with their scores: scanning them all, or on
        big corpora those whose words the name index finds within a typo of the query's."""
        names = self._authors.names
        if len(names) > FULL_SCAN_UP_TO:
            names = [names[i] for i in self._authors.index.candidates(query).tolist()]
        matches = process.extract(query, names, scorer=scorer, limit=limit, score_cutoff=cutoff)
        return [(match, score) for match, score, _ in matches]


def title_similarity(query: str, title: str) -> float:
    """0..100: how well each query word is matched by some title word (typos allowed), with the
    whole-string similarity as a tie-breaker so "voxtral" prefers "Voxtral" over "Voxtral Realtime"."""
    words = title.split()
    query_words = query.split()
    if not words or not query_words:
        return 0.0
    coverage = sum(process.extractOne(w, words, scorer=fuzz.ratio)[1] for w in query_words) / len(query_words)
    return 0.8 * coverage + 0.2 * fuzz.ratio(query, title)


def _prefixed(sorted_pairs: list[tuple[str, int]], prefix: str, limit: int) -> list[int]:
    if not prefix:
        return []
    start = bisect.bisect_left(sorted_pairs, (prefix, -1))
    rows = []
    for key, row in sorted_pairs[start : start + limit]:
        if not key.startswith(prefix):
            break
        rows.append(row)
    return rows


def _prefixed_names(names: list[str], prefix: str, limit: int) -> list[str]:
    start = bisect.bisect_left(names, prefix)
    return [n for n in names[start : start + limit] if n.startswith(prefix)]


def _unique(items: list) -> list:
    return list(dict.fromkeys(items))
