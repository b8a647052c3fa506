"""The sentences of an abstract that answer a question, and the one that best sums it up.

Sentences are scored with BM25 (collection idf, sentence-length normalisation) against the query.
Query terms found in the paper's *title* count as present in every one of its sentences: they say
which paper, not which sentence, so the other terms decide ("how long can Voxtral's audio be?" ->
the "40 minutes" sentence, not the first sentence naming Voxtral).

With sentence embeddings (meaning.py), a sentence's score is its BM25 relative to the paper's best
sentence plus ``meaning_weight`` times the cosine of question and sentence, the fusion retrieval
uses for papers; a sentence sharing no word with the question can then be quoted when it means
what the question asks.

The summary is query-independent: the sentence closest (cosine of idf-weighted term vectors) to
the whole paper, title counted twice — the centroid method of MEAD (Radev et al., 2004). It picks
"We introduce X, which does Y" over a background opener like "RL is increasingly used to ...".
"""

from __future__ import annotations

import dataclasses
import functools
import math
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.answer.sentences import split_sentences
from bot.answer.settings import SentenceSettings
from bot.models import Paper

# A summary longer than this is penalised: it must fit on one line of a card.
SUMMARY_CHARS = 280
SUMMARY_LONG_PENALTY = 0.7
# Sentences shorter than this many terms ("Code is available.") are poor summaries.
SUMMARY_MIN_TERMS = 5


class WordCache:
    """``analyze`` memoised per whitespace-separated chunk: abstracts reuse the same words, so the
    analyzer's Unicode folding and stemming run once per distinct word instead of once per use.
    Exact because the analyzer never builds a term across whitespace (tested on the seed corpus)."""

    def __init__(self, analyze: Callable[[str], list[str]], max_words: int = 500_000) -> None:
        self._chunk = functools.lru_cache(maxsize=max_words)(lambda chunk: tuple(analyze(chunk)))

    def __call__(self, text: str) -> list[str]:
        return [term for chunk in text.split() for term in self._chunk(chunk)]


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    terms: Counter[str]
    length: int  # analyzed terms


@dataclass(frozen=True, slots=True)
class AnalyzedPaper:
    sentences: tuple[Sentence, ...]
    title_terms: frozenset[str]
    terms: frozenset[str]  # everything searchable: title, abstract, author names


@dataclass(frozen=True, slots=True)
class ScoredSentence:
    text: str
    score: float
    coverage: float  # share of the query's weight this sentence (with the title) covers
    position: int
    terms: frozenset[str] = frozenset()  # the query terms it contains itself (not via the title)
    similarity: float | None = None  # cosine of question and sentence embeddings, when given


class EvidenceFinder:
    """Caches analyzed papers (LRU) so follow-ups and repeated questions cost nothing."""

    def __init__(
        self,
        analyze: Callable[[str], list[str]],
        idf: Callable[[str], float],
        settings: SentenceSettings,
        cache_size: int = 4096,
    ) -> None:
        self._analyze = WordCache(analyze)
        self._idf = idf
        self.settings = settings
        self._cache: OrderedDict[str, AnalyzedPaper] = OrderedDict()
        self._summaries: dict[str, str] = {}
        self._cache_size = cache_size
        self._lock = threading.Lock()

    def analyzed(self, paper: Paper) -> AnalyzedPaper:
        with self._lock:
            found = self._cache.get(paper.id)
            if found is not None:
                self._cache.move_to_end(paper.id)
                return found
        result = self._analyze_paper(paper)
        with self._lock:
            self._cache[paper.id] = result
            while len(self._cache) > self._cache_size:
                evicted, _ = self._cache.popitem(last=False)
                self._summaries.pop(evicted, None)
        return result

    def best_sentences(
        self, paper: Paper, weights: dict[str, float], n: int, similarities: Sequence[float] | None = None
    ) -> list[ScoredSentence]:
        """Up to ``n`` sentences matching the query, best first (none when nothing matches).

        ``similarities`` (one per sentence of ``analyzed(paper)``) add meaning to the score, and
        let every sentence compete, not only those sharing a term with the question."""
        analyzed = self.analyzed(paper)
        total = sum(weights.values()) or 1.0
        from_title = {t for t in weights if t in analyzed.title_terms}
        base = sum(weights[t] for t in from_title)
        scored = []
        for position, sentence in enumerate(analyzed.sentences):
            own = [t for t in weights if t in sentence.terms and t not in from_title]
            if not own and similarities is None:
                continue
            score = sum(self._bm25(weights[t], sentence.terms[t], sentence.length) for t in own)
            covered = (base + sum(weights[t] for t in own)) / total
            similarity = None if similarities is None else similarities[position]
            scored.append(ScoredSentence(sentence.text, score, covered, position, frozenset(own), similarity))
        if similarities is not None:
            scored = self._by_meaning(scored)
        scored.sort(key=lambda s: (-s.score, s.position))
        return scored[:n]

    def _by_meaning(self, scored: list[ScoredSentence]) -> list[ScoredSentence]:
        best = max((s.score for s in scored), default=0.0) or 1.0
        weight = self.settings.meaning_weight
        return [dataclasses.replace(s, score=s.score / best + weight * (s.similarity or 0.0)) for s in scored]

    def sentence_coverage(self, paper: Paper, weights: dict[str, float]) -> float:
        """Share of the query one sentence of ``paper`` covers at best (title terms count in all)."""
        analyzed = self.analyzed(paper)
        total = sum(weights.values()) or 1.0
        from_title = sum(w for t, w in weights.items() if t in analyzed.title_terms) / total
        matching = self.best_sentences(paper, weights, len(analyzed.sentences))
        return max((s.coverage for s in matching), default=from_title)

    def summary(self, paper: Paper) -> str:
        """The abstract's most informative sentence (see module doc); the title if it has none."""
        with self._lock:
            cached = self._summaries.get(paper.id)
        if cached is not None:
            return cached
        analyzed = self.analyzed(paper)
        centroid: Counter[str] = Counter()
        for sentence in analyzed.sentences:
            centroid.update(sentence.terms)
        for term in analyzed.title_terms:
            centroid[term] += 2
        idf = {term: self._idf(term) for term in centroid}
        best = max(analyzed.sentences, key=lambda s: _informativeness(s, centroid, idf), default=None)
        result = best.text if best is not None else paper.title
        with self._lock:
            self._summaries[paper.id] = result
        return result

    def _bm25(self, weight: float, tf: int, length: int) -> float:
        k1, b = self.settings.k1, self.settings.b
        norm = k1 * (1.0 - b + b * length / self.settings.avg_terms)
        return weight * tf * (k1 + 1.0) / (tf + norm)

    def _analyze_paper(self, paper: Paper) -> AnalyzedPaper:
        sentences = []
        for text in split_sentences(paper.abstract):
            terms = Counter(self._analyze(text))
            sentences.append(Sentence(text, terms, sum(terms.values())))
        title_terms = frozenset(self._analyze(paper.title))
        everything = set(title_terms).union(*(s.terms for s in sentences))
        everything.update(self._analyze(" ".join(paper.authors)))
        return AnalyzedPaper(tuple(sentences), title_terms, frozenset(everything))


def _informativeness(sentence: Sentence, centroid: Counter[str], idf: dict[str, float]) -> float:
    score = _cosine(sentence.terms, centroid, idf)
    if sentence.length < SUMMARY_MIN_TERMS:
        score *= sentence.length / SUMMARY_MIN_TERMS
    if len(sentence.text) > SUMMARY_CHARS:
        score *= SUMMARY_LONG_PENALTY
    return score


def _cosine(a: Counter[str], b: Counter[str], idf: dict[str, float]) -> float:
    """Cosine of tf-idf vectors; ``b`` must contain every term of ``a`` (the centroid does)."""
    dot = sum(a[t] * b[t] * idf[t] ** 2 for t in a)
    norm_a = math.sqrt(sum((a[t] * idf[t]) ** 2 for t in a))
    norm_b = math.sqrt(sum((b[t] * idf[t]) ** 2 for t in b))
    return dot / (norm_a * norm_b) if norm_a and norm_b else 0.0
