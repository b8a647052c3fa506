"""The systems compared in evaluation, each turning a collection into ranked paper ids per query.

``ours``: the shipped pipeline (PaperIndex: analyzer, fields, RM3, semantic re-ranking).
``plain``: our BM25 engine on lower-cased whitespace tokens of title + text, one field.
``rank-bm25``: the same tokens scored by the real ``rank_bm25`` package, the reference the engine
reproduces.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import rank_bm25

from bot.evaluation.beir import Collection, Rankings
from bot.search.matrix import BM25Matrix
from bot.search.paper_index import PaperIndex
from bot.search.settings import SearchSettings

# Ranking depth: MAP and Recall@100 need more than the top 10.
DEPTH = 1000
PIPELINES = ("ours", "plain", "rank-bm25")


def rank(collection: Collection, pipeline: str, settings: SearchSettings) -> Rankings:
    runners: dict[str, Callable[[Collection, SearchSettings], Rankings]] = {
        "ours": rank_ours,
        "plain": rank_plain,
        "rank-bm25": rank_rank_bm25,
    }
    return runners[pipeline](collection, settings)


def rank_ours(collection: Collection, settings: SearchSettings) -> Rankings:
    return rank_with(collection, PaperIndex.build(collection.papers, settings))


def rank_with(collection: Collection, index: PaperIndex, depth: int = DEPTH) -> Rankings:
    """Rankings of ``collection``'s queries by an index already built over its papers."""
    ids = [paper.id for paper in collection.papers]
    rankings = {}
    for qid, text in collection.queries.items():
        rows, _ = index.rank(index.analyzer.analyze(text), depth, text=text)
        rankings[qid] = [ids[row] for row in rows]
    return rankings


def rank_plain(collection: Collection, settings: SearchSettings) -> Rankings:
    matrix = BM25Matrix.build(_plain_docs(collection), k1=settings.k1, b=settings.b)
    return _rank_all(collection, lambda terms: matrix.scores(terms))


def rank_rank_bm25(collection: Collection, settings: SearchSettings) -> Rankings:
    model = rank_bm25.BM25Okapi(_plain_docs(collection), k1=settings.k1, b=settings.b)
    return _rank_all(collection, model.get_scores)


def whitespace_tokens(text: str) -> list[str]:
    return text.lower().split()


def _plain_docs(collection: Collection) -> list[list[str]]:
    return [whitespace_tokens(f"{p.title} {p.abstract}") for p in collection.papers]


def _rank_all(collection: Collection, score: Callable[[list[str]], np.ndarray]) -> Rankings:
    ids = [paper.id for paper in collection.papers]
    rankings = {}
    for qid, text in collection.queries.items():
        scores = np.asarray(score(whitespace_tokens(text)), dtype=np.float64)
        order = np.lexsort((np.arange(len(scores)), -scores))[:DEPTH]
        rankings[qid] = [ids[row] for row in order if scores[row] > 0]
    return rankings
