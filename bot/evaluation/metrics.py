"""nDCG@10, MAP, MRR@10 and Recall@100 computed by pytrec_eval (trec_eval's own C code).

Every judged query counts: one for which the system returns nothing scores 0 (pytrec_eval alone
would silently leave it out of the mean).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pytrec_eval

from bot.evaluation.beir import Rankings

Qrels = Mapping[str, Mapping[str, int]]


@dataclass(frozen=True)
class Metrics:
    ndcg_10: float
    map: float
    mrr_10: float
    recall_100: float
    queries: int

    def to_dict(self) -> dict[str, float | int]:
        return {
            "ndcg@10": self.ndcg_10,
            "map": self.map,
            "mrr@10": self.mrr_10,
            "recall@100": self.recall_100,
            "queries": self.queries,
        }


def evaluate(qrels: Qrels, rankings: Rankings) -> Metrics:
    """Mean metrics over the judged queries of ``qrels`` for ranked lists of paper ids."""
    qrels = {q: dict(docs) for q, docs in qrels.items()}
    full = _per_query(qrels, rankings, {"ndcg_cut.10", "map", "recall.100"})
    top10 = _per_query(qrels, {q: ids[:10] for q, ids in rankings.items()}, {"recip_rank"})
    return Metrics(
        ndcg_10=_mean(full, "ndcg_cut_10", qrels),
        map=_mean(full, "map", qrels),
        mrr_10=_mean(top10, "recip_rank", qrels),
        recall_100=_mean(full, "recall_100", qrels),
        queries=len(qrels),
    )


def _per_query(qrels: Qrels, rankings: Rankings, measures: set[str]) -> dict[str, dict[str, float]]:
    # trec_eval re-sorts by score (ties by id); scoring by rank keeps exactly our order.
    run = {q: {d: float(len(ids) - i) for i, d in enumerate(ids)} for q, ids in rankings.items() if ids}
    return pytrec_eval.RelevanceEvaluator(qrels, measures).evaluate(run)


def _mean(results: dict[str, dict[str, float]], measure: str, qrels: Qrels) -> float:
    return float(np.mean([results.get(q, {}).get(measure, 0.0) for q in qrels])) if qrels else 0.0
