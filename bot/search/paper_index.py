"""The searchable paper collection: analyzed fields, weighted BM25, filters and feedback.

Title and abstract form one BM25F field: each title term counts ``title_weight`` times in the term
frequency and in the length normalisation (Robertson et al., 2004, "Simple BM25 extension to
multiple weighted fields"). On SciFact's train queries this beats a weighted sum of separate title
and abstract scores (nDCG@10 0.699 vs 0.677), as Pyserini's flat vs multifield runs also show.
Author names are their own field, added to the score with ``author_weight``. With
``semantic.enabled``, BM25's best papers are re-ranked with sentence embeddings (semantic.py).
"""

from __future__ import annotations

import dataclasses
import functools
import logging
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from bot.models import Paper
from bot.search import feedback, persistence, selection, semantic, update
from bot.search.analyzer import ANALYZER_VERSION, Analyzer
from bot.search.facets import Facets
from bot.search.matrix import BM25Matrix
from bot.search.semantic import Encoder
from bot.search.settings import SearchSettings
from bot.search.store import IndexUnusable
from bot.search.types import Filters, Hit

log = logging.getLogger(__name__)

# The field whose statistics describe "how rare is this term in the collection".
MAIN_FIELD = "text"
# Terms a paper's similarity query is made of.
SIMILAR_TERMS = 25


class PaperIndex:
    def __init__(
        self,
        papers: Sequence[Paper],
        settings: SearchSettings,
        analyzer: Analyzer,
        matrices: dict[str, BM25Matrix],
        vectors: np.ndarray | None = None,
        encoder: semantic.Encoder | None = None,
    ) -> None:
        self.papers = tuple(papers)
        self.settings = settings
        self.analyzer = analyzer
        self._matrices = matrices
        # Paper embeddings (float16, one row per paper) and the model for questions; both or neither.
        self._vectors = vectors if encoder is not None else None
        self._encoder = encoder if vectors is not None else None
        self._weights = {name: field_weight(settings, name) for name in matrices}
        self._facets = Facets(self.papers)
        self._rows = {paper.id: row for row, paper in enumerate(self.papers)}

    # -- building and persistence -------------------------------------------------------------

    @classmethod
    def build(
        cls, papers: Sequence[Paper], settings: SearchSettings, encoder: semantic.Encoder | None = None
    ) -> PaperIndex:
        """Index ``papers``; ``encoder`` replaces the bundled embedding model (tests)."""
        analyzer = Analyzer(settings.analyzer)
        matrices = {}
        for name in indexed_fields(papers, settings):
            tokens = FIELD_TOKENS[name]
            docs = (tokens(paper, analyzer, settings) for paper in papers)
            matrices[name] = BM25Matrix.build(
                docs, k1=settings.k1, b=settings.b, variant=settings.variant, delta=settings.delta
            )
        encoder = semantic_encoder(papers, settings, encoder)
        vectors = None if encoder is None else semantic.encode_papers(papers, encoder)
        return cls(papers, settings, analyzer, matrices, vectors, encoder)

    def save(self, directory: Path, corpus_checksum: str) -> None:
        """Write beside the corpus; an interrupted save is detected on open, never half-used."""
        vectors = None if self._vectors is None else (self._vectors, semantic.paper_keys(self.papers))
        persistence.save(self._matrices, Path(directory), self._meta(corpus_checksum), vectors)

    @classmethod
    def open(
        cls,
        directory: Path,
        papers: Sequence[Paper],
        settings: SearchSettings,
        corpus_checksum: str,
        encoder: semantic.Encoder | None = None,
    ) -> PaperIndex:
        """Load a saved index; raises IndexUnusable when missing, stale, corrupt or built differently."""
        encoder = semantic_encoder(papers, settings, encoder)
        meta = index_meta(papers, settings, corpus_checksum, encoder)
        matrices, vectors = persistence.load(Path(directory), meta)
        return cls(papers, settings, Analyzer(settings.analyzer), matrices, vectors, encoder)

    @classmethod
    def open_or_build(
        cls,
        papers: Sequence[Paper],
        settings: SearchSettings,
        directory: Path | None,
        corpus_checksum: str,
        encoder: semantic.Encoder | None = None,
    ) -> PaperIndex:
        """The saved index when it is valid; otherwise a fresh one (``rebuild``), saved for next time
        if possible."""
        if directory is None:
            return cls.build(papers, settings, encoder)
        try:
            return cls.open(directory, papers, settings, corpus_checksum, encoder)
        except IndexUnusable as exc:
            log.info("search index at %s not used (%s); rebuilding", directory, exc)
        index = cls.rebuild(papers, settings, directory, encoder)
        try:
            index.save(directory, corpus_checksum)
        except OSError as exc:
            log.warning(
                "could not save the search index to %s (%s); it is rebuilt at each start", directory, exc
            )
        return index

    @classmethod
    def rebuild(
        cls,
        papers: Sequence[Paper],
        settings: SearchSettings,
        directory: Path,
        encoder: semantic.Encoder | None = None,
    ) -> PaperIndex:
        """A fresh index that reuses the embeddings an index saved in ``directory`` (even a stale
        one) holds for papers whose text has not changed: editing one paper re-encodes one."""
        encoder = semantic_encoder(papers, settings, encoder)
        if encoder is not None:
            remember_saved_vectors(Path(directory), papers, encoder)
        return cls.build(papers, settings, encoder)

    def updated(self, papers: Sequence[Paper]) -> PaperIndex:
        """The index of ``papers``, the same as ``build(papers)`` would give, made from this one:
        papers whose text is unchanged keep their analysed rows and embeddings, so only new or
        edited papers are analysed and encoded (``bot.search.update``)."""
        rows = {_row_key(paper): row for row, paper in enumerate(self.papers)}
        reuse = np.fromiter((rows.get(_row_key(p), -1) for p in papers), dtype=np.int64, count=len(papers))
        fresh = [paper for paper, row in zip(papers, reuse.tolist(), strict=True) if row < 0]
        matrices = {}
        for name in indexed_fields(papers, self.settings):
            tokens = FIELD_TOKENS[name]
            if name in self._matrices:
                docs = [tokens(paper, self.analyzer, self.settings) for paper in fresh]
                matrices[name] = update.updated_matrix(self._matrices[name], reuse, docs)
            else:  # the first paper with authors: that field has nothing to reuse
                every = (tokens(paper, self.analyzer, self.settings) for paper in papers)
                matrices[name] = BM25Matrix.build(
                    every, k1=self.settings.k1, b=self.settings.b,
                    variant=self.settings.variant, delta=self.settings.delta,
                )  # fmt: skip
        encoder = semantic_encoder(papers, self.settings, self._encoder)
        vectors = None
        if encoder is not None:
            if self._vectors is not None and self._encoder is encoder:
                known = dict(zip(map(bytes, semantic.paper_keys(self.papers)), self._vectors, strict=True))
                encoder.remember(
                    {key: known[key] for key in map(bytes, semantic.paper_keys(fresh)) if key in known}
                )
                vectors = np.empty((len(papers), encoder.dimension), dtype=np.float16)
                kept = reuse >= 0
                vectors[kept] = self._vectors[reuse[kept]]
                vectors[~kept] = semantic.encode_papers(fresh, encoder)
            else:
                vectors = semantic.encode_papers(papers, encoder)
        return PaperIndex(papers, self.settings, self.analyzer, matrices, vectors, encoder)

    def with_query_settings(self, settings: SearchSettings) -> PaperIndex:
        """The same arrays queried with other query-time settings (RM3, query tf, semantic weight).

        For comparing many query-side choices on one built index; raises ValueError when
        ``settings`` would need a different index (BM25 parameters, fields, analyzer).
        """
        same_matrices = index_meta(self.papers, settings, "") == index_meta(self.papers, self.settings, "")
        if not same_matrices or (settings.semantic.enabled and not self.semantic):
            raise ValueError("these settings need a differently built index")
        if not settings.semantic.enabled:
            return PaperIndex(self.papers, settings, self.analyzer, self._matrices)
        return PaperIndex(self.papers, settings, self.analyzer, self._matrices, self._vectors, self._encoder)

    def _meta(self, corpus_checksum: str) -> dict:
        return index_meta(self.papers, self.settings, corpus_checksum, self._encoder)

    @property
    def semantic(self) -> bool:
        """Whether questions are re-ranked with sentence embeddings."""
        return self._encoder is not None

    @property
    def encoder(self) -> Encoder | None:
        """The model that encodes questions (and, for the answer layer, sentences); None without
        embeddings."""
        return self._encoder

    @property
    def embedding_model(self) -> str | None:
        return None if self._encoder is None else self._encoder.name

    # -- queries -------------------------------------------------------------------------------

    def search(self, query: str, k: int = 10, filters: Filters | None = None) -> list[Hit]:
        """The ``k`` best papers for ``query`` (positive scores only), best first."""
        rows, scores = self.rank(self.analyzer.analyze(query), k, self._facets.mask(filters), text=query)
        return self._hits(rows, scores)

    def selected(self, filters: Filters | None) -> np.ndarray:
        """Rows of the papers ``filters`` select (every row when nothing is filtered)."""
        mask = self._facets.mask(filters)
        return np.arange(len(self.papers)) if mask is None else np.flatnonzero(mask)

    def similar(self, paper_id: str, k: int = 5, filters: Filters | None = None) -> list[Hit]:
        """Papers sharing the strongest terms of ``paper_id`` (itself excluded); [] for unknown ids."""
        row = self._rows.get(paper_id)
        if row is None:
            return []
        query = self._strongest_terms(row, SIMILAR_TERMS)
        mask = self._facets.mask(filters)
        mask = np.ones(len(self.papers), dtype=bool) if mask is None else mask.copy()
        mask[row] = False
        rows, scores = self._top(self._scores(query), k, mask)
        return self._hits(rows, scores)

    def rank(
        self, terms: Sequence[str], k: int, mask: np.ndarray | None = None, text: str | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Rows and scores of the ``k`` best papers for analyzed ``terms``; RM3 if configured, and
        re-ranked with sentence embeddings when the index has them and the question's ``text`` is given."""
        query = feedback.query_model(terms, binary=self.settings.query_tf == "binary")
        if not query:
            return np.empty(0, dtype=np.int64), np.empty(0)
        scores = self._scores(query)
        if self.settings.rm3.enabled:
            query = self._expand(query, scores)
            scores = self._scores(query)
        if self._encoder is None or self._vectors is None or text is None:
            return self._top(scores, k, mask)
        rows, scores = self._top(scores, max(k, self.settings.semantic.candidates), mask)
        question = self._encoder.question(text)
        rows, fused = semantic.fuse(
            rows, scores, self._vectors[rows] @ question, self.settings.semantic.weight
        )
        return rows[:k], fused[:k]

    def similarity(self, text: str, paper_ids: Sequence[str]) -> list[float] | None:
        """Cosine of the question's embedding with each paper's (0 for an unknown id); None when
        the index has no embeddings."""
        if self._encoder is None or self._vectors is None:
            return None
        rows = [self._rows.get(paper_id) for paper_id in paper_ids]
        known = [row for row in rows if row is not None]
        cosines = iter((self._vectors[known] @ self._encoder.question(text)).tolist() if known else [])
        return [0.0 if row is None else float(next(cosines)) for row in rows]

    def idf(self, term: str) -> float:
        """IDF of an analyzed term over titles and abstracts (0 for an unknown term)."""
        return self._matrices[MAIN_FIELD].idf(term)

    def doc_freq(self, term: str) -> int:
        """Number of papers whose title or abstract contains the analyzed term."""
        return self._matrices[MAIN_FIELD].doc_freq(term)

    # -- internals -----------------------------------------------------------------------------

    def _scores(self, query: dict[str, float]) -> np.ndarray:
        terms, weights = list(query), list(query.values())
        total = None
        for name, matrix in self._matrices.items():
            if not matrix.knows_any(terms):  # e.g. no author name asked for: spare passes over every paper
                continue
            scores = matrix.scores(terms, weights=weights)  # a fresh array: scaled and summed in place
            if self._weights[name] != 1.0:
                scores *= self._weights[name]
            total = scores if total is None else np.add(total, scores, out=total)
        return np.zeros(len(self.papers)) if total is None else total

    def _expand(self, query: dict[str, float], scores: np.ndarray) -> dict[str, float]:
        rm3 = self.settings.rm3
        rows, top = self._top(scores, rm3.docs, None)
        main = self._matrices[MAIN_FIELD]
        # By term id, so that only the chosen terms are decoded. As in Anserini: terms in more
        # than a tenth of the papers say nothing about relevance.
        most = rm3.max_doc_fraction * main.n_docs
        docs = []
        for row, score in zip(rows.tolist(), top.tolist(), strict=True):
            term_ids, counts = main.term_counts(row)
            useful = main.doc_freqs[term_ids] <= most
            counted = zip(term_ids[useful].tolist(), map(float, counts[useful].tolist()), strict=True)
            docs.append((dict(counted), score))
        by_id = feedback.relevance_model(docs, size=rm3.terms)
        relevance = dict(zip(main.vocabulary.terms(list(by_id)), by_id.values(), strict=True))
        return feedback.rm3(query, relevance, original_weight=rm3.original_weight)

    def _term_frequencies(self, row: int) -> dict[str, float]:
        """The paper's title and abstract terms, title terms counted at the title's weight."""
        return self._matrices[MAIN_FIELD].term_vector(row)

    def _strongest_terms(self, row: int, size: int) -> dict[str, float]:
        """The paper's terms by tf·idf: what it is about, as opposed to how it is written."""
        weighted = {term: tf * self.idf(term) for term, tf in self._term_frequencies(row).items()}
        best = sorted(weighted.items(), key=lambda item: (-item[1], item[0]))[:size]
        return {term: weight for term, weight in best if weight > 0}

    @staticmethod
    def _top(scores: np.ndarray, k: int, mask: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        if mask is not None:
            scores = np.where(mask, scores, 0.0)  # masked papers never rank
        # Only papers at or above the k-th best score (when positive) can rank: few, unlike those > 0.
        kth = np.partition(scores, len(scores) - k)[len(scores) - k] if 0 < k < len(scores) else 0.0
        rows = np.flatnonzero(scores >= kth if kth > 0 else scores > 0)
        return selection.top_k(rows, scores[rows], k)

    def _hits(self, rows: np.ndarray, scores: np.ndarray) -> list[Hit]:
        return [Hit(self.papers[row], float(score)) for row, score in zip(rows, scores, strict=True)]


def _row_key(paper: Paper) -> tuple[str, str, tuple[str, ...]]:
    """What a paper's analysed rows depend on: an equal key means its rows can be reused."""
    return (paper.title, paper.abstract, paper.authors)


def text_tokens(paper: Paper, analyzer: Analyzer, settings: SearchSettings) -> list[str]:
    """BM25F with whole-number weights: a field of weight w is the same as its text written w times."""
    title = analyzer.analyze(paper.title) * settings.title_weight
    return title + analyzer.analyze(paper.abstract) * settings.abstract_weight


def author_tokens(paper: Paper, analyzer: Analyzer, settings: SearchSettings) -> list[str]:
    return analyzer.analyze(" ".join(paper.authors))


FIELD_TOKENS: dict[str, Callable[[Paper, Analyzer, SearchSettings], list[str]]] = {
    "text": text_tokens,
    "authors": author_tokens,
}


def field_weight(settings: SearchSettings, name: str) -> float:
    """The factor of a field's BM25 score in a paper's score."""
    return settings.author_weight if name == "authors" else 1.0


def indexed_fields(papers: Sequence[Paper], settings: SearchSettings) -> list[str]:
    """The text field, and the authors field when it has a weight and some paper has authors."""
    with_authors = settings.author_weight > 0 and any(p.authors for p in papers)
    return ["text", "authors"] if with_authors else ["text"]


def semantic_encoder(
    papers: Sequence[Paper], settings: SearchSettings, encoder: semantic.Encoder | None
) -> semantic.Encoder | None:
    """The embedding model when semantic re-ranking is on and the corpus is small enough to encode."""
    if not settings.semantic.enabled:
        return None
    if len(papers) > settings.semantic.max_papers:
        too_many_to_encode(len(papers), settings.semantic.max_papers)
        return None
    return encoder or semantic.load_encoder()


@functools.lru_cache(maxsize=64)
def too_many_to_encode(papers: int, limit: int) -> None:
    """Said once, though opening or rebuilding an index asks more than once."""
    log.info("semantic re-ranking is off: %d papers exceed search.semantic.max_papers (%d)", papers, limit)


def remember_saved_vectors(directory: Path, papers: Sequence[Paper], encoder: semantic.Encoder) -> None:
    """Let ``encoder`` skip the papers a saved, now stale, index encoded with the same model."""
    saved = persistence.saved_vectors(directory, semantic.describe(encoder))
    wanted = {bytes(key) for key in semantic.paper_keys(papers)}
    encoder.remember({key: vector for key, vector in saved.items() if key in wanted})


def index_meta(
    papers: Sequence[Paper],
    settings: SearchSettings,
    corpus_checksum: str,
    encoder: semantic.Encoder | None = None,
) -> dict:
    """Everything the saved arrays depend on; any difference makes a saved index unusable."""
    return {
        "corpus_checksum": corpus_checksum,
        "papers": len(papers),
        "k1": settings.k1,
        "b": settings.b,
        "variant": settings.variant,
        "delta": settings.delta,
        "fields": indexed_fields(papers, settings),
        "title_weight": settings.title_weight,
        "abstract_weight": settings.abstract_weight,
        "analyzer": {"version": ANALYZER_VERSION, **dataclasses.asdict(settings.analyzer)},
        "semantic": None if encoder is None else semantic.describe(encoder),
    }
