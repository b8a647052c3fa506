"""Which titles could a (misspelt, partial, reordered) title query mean? A word-level inverted index.

Every distinct title word is a row of the vocabulary; its postings are the rows of the titles that
contain it, kept as one CSR pair of numpy arrays (``starts``, ``rows``) rather than Python lists, so
a million titles cost tens of megabytes. A query word matches the vocabulary words rapidfuzz finds
within a typo of it (the vocabulary is far smaller than the title list), plus the completions of
the last word, which may still be being typed. Titles are then ranked by the idf-weighted share of
the query words they contain, and only the best few thousand go on to the character-level scorers.
The author table keeps one over the author names too (whole-word, surname-prefix and typo lookups).
"""

from __future__ import annotations

import bisect
import functools
import itertools
import operator
import sys
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process
from scipy import sparse

# rapidfuzz ratio (0-100) between a query word and a title word for the title word to count.
# It tolerates one typo in a word of four letters or more ("gema"/"gemma" 89, "voxtrel"/"voxtral" 86).
WORD_SIMILARITY = 75.0
# The closest vocabulary words kept per query word, and completions kept for the last word.
NEIGHBOURS = 16
COMPLETIONS = 16
# A last word this short is not completed: "re" would mean hundreds of words.
MIN_PREFIX = 3
# Postings gathered per query. Query words are taken rarest first; a word whose postings would go
# beyond the budget ("for", "learning") does not add titles, it only scores the titles found.
POSTINGS_BUDGET = 100_000
# Of a query word too common to gather titles, the closest words looked up in the titles found.
LOOKED_UP = 4
# Score lost per character of length difference between title and query: breaks ties only.
LENGTH_TIE_BREAK = 1e-4
# Titles handed to the character-level rerank.
POOL = 2_000
# Titles split into words at once while building.
_CHUNK = 50_000


@dataclass(frozen=True, slots=True)
class _Match:
    """The vocabulary words one query word may stand for, and how much each is worth."""

    words: np.ndarray  # vocabulary ids
    weights: np.ndarray  # the query word's idf x similarity, per word
    postings: int  # total postings of those words


@dataclass(frozen=True, slots=True)
class TitleIndex:
    vocabulary: np.ndarray  # object: the sorted distinct title words (str)
    starts: np.ndarray  # int64, len(vocabulary) + 1: word w's rows are rows[starts[w]:starts[w+1]]
    rows: np.ndarray  # int32, ascending within each word
    idf: np.ndarray  # float32, per word
    lengths: np.ndarray  # int32, per word
    letters: np.ndarray  # uint64, per word: which letters it contains (see _letters)
    title_lengths: np.ndarray  # uint16, per title: characters (capped)

    @classmethod
    def build(cls, titles: Sequence[str]) -> TitleIndex:
        """From folded titles (words separated by spaces)."""
        # Word ids in order of first appearance, handed out by C code (no Python call per word).
        first_seen: defaultdict[str, int] = defaultdict(itertools.count().__next__)
        words, counts = [], []
        for start in range(0, len(titles), _CHUNK):  # bounds the split words held at once
            split = [title.split() for title in titles[start : start + _CHUNK]]
            counts.append(np.fromiter(map(len, split), dtype=np.int64, count=len(split)))
            words.append(
                np.fromiter(map(first_seen.__getitem__, itertools.chain.from_iterable(split)), dtype=np.int32)
            )
        seen = list(first_seen)
        alphabetical = sorted(range(len(seen)), key=seen.__getitem__)
        rank = np.empty(len(seen), dtype=np.int32)
        rank[alphabetical] = np.arange(len(seen), dtype=np.int32)
        word_of = rank[np.concatenate(words)] if words else np.empty(0, dtype=np.int32)
        row_of = np.repeat(np.arange(len(titles), dtype=np.int32), np.concatenate(counts) if counts else 0)
        # scipy's COO -> CSR conversion is a counting sort: each word's rows stay in title order,
        # and a word repeated within a title is merged into one posting.
        postings = sparse.csr_matrix(
            (np.ones(len(word_of), dtype=np.int8), (word_of, row_of)), shape=(len(seen), len(titles))
        )
        postings.sum_duplicates()
        vocabulary = np.array(_copied([seen[i] for i in alphabetical]), dtype=object)
        df = np.diff(postings.indptr)
        return cls(
            vocabulary,
            postings.indptr.astype(np.int64),
            postings.indices.astype(np.int32, copy=False),
            np.log1p(len(titles) / np.maximum(df, 1)).astype(np.float32),
            np.fromiter(map(len, vocabulary), dtype=np.int32, count=len(vocabulary)),
            np.fromiter(map(_letters, vocabulary), dtype=np.uint64, count=len(vocabulary)),
            np.fromiter(map(len, titles), dtype=np.int64, count=len(titles))
            .clip(max=2**16 - 1)
            .astype(np.uint16),
        )

    @property
    def nbytes(self) -> int:
        """Memory held: the numpy arrays, and the vocabulary's strings."""
        strings = sum(map(sys.getsizeof, self.vocabulary.tolist()))
        arrays = (self.starts, self.rows, self.idf, self.lengths, self.letters, self.title_lengths)
        return sum(a.nbytes for a in arrays) + strings

    def candidates(self, query: str, limit: int = POOL) -> np.ndarray:
        """Ascending rows of at most ``limit`` titles best covering the words of ``query`` (folded
        like the titles); the last word also matches the words it begins."""
        words = list(dict.fromkeys(query.split()))
        matches = sorted((m for m in self._matches(words) if len(m.words)), key=lambda m: m.postings)
        if not matches:
            return np.empty(0, dtype=np.int32)
        # The rarest words gather the titles (at least one word does, however common).
        spent = np.cumsum([m.postings for m in matches])
        gathered = max(1, int(np.searchsorted(spent, POSTINGS_BUDGET, side="right")))
        covered = [self._covered(match) for match in matches[:gathered]]
        rows, inverse = np.unique(np.concatenate([r for r, _ in covered]), return_inverse=True)
        scores = np.bincount(inverse, weights=np.concatenate([w for _, w in covered]))
        # Ties (titles holding the same query words) go to titles about as long as the query,
        # as the final scorers' whole-string similarity would have it.
        scores -= LENGTH_TIE_BREAK * np.abs(self.title_lengths[rows].astype(np.int64) - len(query))
        rest = matches[gathered:]
        if rest and len(rows) > limit:
            # Common words can only add their best weight: rows that could not reach the
            # limit-th best score even with it are dropped before the (costlier) lookups.
            bar = np.partition(scores, -limit)[-limit] - sum(float(m.weights.max()) for m in rest)
            keep = scores >= bar
            rows, scores = rows[keep], scores[keep]
        for match in rest:
            scores += self._weigh(match, rows)
        if len(rows) > limit:
            rows = np.sort(rows[np.argpartition(-scores, limit)[:limit]])
        return rows

    def _matches(self, words: list[str]) -> list[_Match]:
        matches = []
        for position, word in enumerate(words):
            ids, sims = self._similar(word)
            if len(ids) > NEIGHBOURS:
                best = np.argsort(-sims, kind="stable")[:NEIGHBOURS]
                ids, sims = ids[best], sims[best]
            if position == len(words) - 1 and len(word) >= MIN_PREFIX:
                completions = self._completions(word)
                fresh = ~np.isin(completions, ids)
                ids = np.concatenate([ids, completions[fresh]])
                sims = np.concatenate([sims, np.full(fresh.sum(), WORD_SIMILARITY, dtype=np.float32)])
            postings = int((self.starts[ids + 1] - self.starts[ids]).sum())
            # The word weighs what its closest match does: a rare neighbour of a common word
            # ("w110" for "w11") must not outweigh the word itself.
            weight = self.idf[ids[0]] if len(ids) else 0.0
            matches.append(_Match(ids, weight * sims / 100, postings))
        return matches

    def _similar(self, word: str) -> tuple[np.ndarray, np.ndarray]:
        """Vocabulary words within WORD_SIMILARITY of ``word``, and their similarity. rapidfuzz
        scores only the words a cheap, exact test cannot rule out: ratio >= s means an Indel
        distance d <= (1 - s/100) * (len(word) + len(other)), and d is at least the length
        difference and the number of letters present in only one of the two words."""
        length, letters = len(word), _letters(word)
        slack = (1 - WORD_SIMILARITY / 100) * (length + self.lengths)
        differ = _popcount(self.letters ^ letters)
        maybe = np.flatnonzero((np.abs(self.lengths - length) <= slack) & (differ <= slack))
        found = process.extract(
            word,
            self.vocabulary[maybe].tolist(),
            scorer=fuzz.ratio,
            score_cutoff=WORD_SIMILARITY,
            limit=None,
        )
        ids = maybe[[i for _, _, i in found]] if found else np.empty(0, dtype=np.int64)
        return ids, np.array([score for _, score, _ in found], dtype=np.float32)

    def rows_with(self, word: str) -> np.ndarray:
        """Ascending rows whose text holds ``word`` as a whole word (none for an unknown word)."""
        at = bisect.bisect_left(self.vocabulary, word)
        if at == len(self.vocabulary) or self.vocabulary[at] != word:
            return self.rows[:0]
        return self.rows[self.starts[at] : self.starts[at + 1]]

    def words_starting(self, prefix: str, limit: int) -> list[str]:
        """The first ``limit`` vocabulary words, alphabetically, that start with ``prefix``."""
        low, high = self._prefixed(prefix)
        return self.vocabulary[low : min(high, low + limit)].tolist()

    def _prefixed(self, prefix: str) -> tuple[int, int]:
        """The range of vocabulary ids whose words start with ``prefix``."""
        low = bisect.bisect_left(self.vocabulary, prefix)
        return low, bisect.bisect_left(self.vocabulary, prefix + "\U0010ffff", lo=low)

    def _completions(self, prefix: str) -> np.ndarray:
        """The most frequent vocabulary words starting with ``prefix``."""
        ids = np.arange(*self._prefixed(prefix))
        if len(ids) > COMPLETIONS:
            df = self.starts[ids + 1] - self.starts[ids]
            ids = ids[np.argsort(-df, kind="stable")[:COMPLETIONS]]
        return ids

    def _covered(self, match: _Match) -> tuple[np.ndarray, np.ndarray]:
        """Rows containing one of the match's words, each with its best weight for that match."""
        segments = [self.rows[self.starts[w] : self.starts[w + 1]] for w in match.words]
        if len(segments) == 1:
            return segments[0], np.full(len(segments[0]), match.weights[0])
        rows = np.concatenate(segments)
        weights = np.repeat(match.weights, [len(s) for s in segments])
        order = np.argsort(-weights, kind="stable")  # best weight first, so np.unique keeps it
        unique, first = np.unique(rows[order], return_index=True)
        return unique, weights[order][first]

    def _weigh(self, match: _Match, rows: np.ndarray) -> np.ndarray:
        """Per row of ``rows`` (ascending), the match's best weight among the words it contains,
        found by binary search (postings too long to gather are never read in full). Only its
        closest words are looked up: the typo neighbours of a common word are common words too."""
        best = np.zeros(len(rows))
        pairs = zip(match.words[:LOOKED_UP].tolist(), match.weights[:LOOKED_UP].tolist(), strict=True)
        for word, weight in pairs:
            contains = _contains(rows, self.rows[self.starts[word] : self.starts[word + 1]])
            np.maximum(best, np.where(contains, weight, 0.0), out=best)
        return best


def _contains(rows: np.ndarray, postings: np.ndarray) -> np.ndarray:
    """Which of ``rows`` are in ``postings`` (both ascending): the shorter is searched in the longer."""
    if len(postings) >= len(rows):
        at = np.searchsorted(postings, rows).clip(max=len(postings) - 1)
        return postings[at] == rows
    found = np.zeros(len(rows), dtype=bool)
    at = np.searchsorted(rows, postings).clip(max=len(rows) - 1)
    found[at[rows[at] == postings]] = True
    return found


def _copied(words: list[str]) -> list[str]:
    """Fresh copies, laid out in order: rapidfuzz scans strings scattered over the memory of a
    million titles several times slower (cache and TLB misses)."""
    return " ".join(words).split(" ") if words else []


class _Bits(dict):
    """Character -> its bit: a-z and 0-9 their own, any other shares one of 28 bits (sharing can
    only make two words look closer, never rule out a real match)."""

    def __missing__(self, char: str) -> int:
        return 1 << (36 + ord(char) % 28)


_BITS = _Bits({char: 1 << bit for bit, char in enumerate("abcdefghijklmnopqrstuvwxyz0123456789")})
_POPCOUNT16 = np.array([bin(i).count("1") for i in range(1 << 16)], dtype=np.uint8)


def _letters(word: str) -> int:
    """One bit per distinct character of ``word``."""
    return functools.reduce(operator.or_, map(_BITS.__getitem__, set(word)), 0)


def _popcount_by_table(values: np.ndarray) -> np.ndarray:
    """Set bits per uint64, for numpy < 2 (twenty times slower than ``np.bitwise_count``)."""
    return _POPCOUNT16[values.view(np.uint16)].reshape(-1, 4).sum(axis=1, dtype=np.uint8)


_popcount = getattr(np, "bitwise_count", _popcount_by_table)
