"""The meaning of an abstract's sentences: their embeddings, remembered per paper.

The quote should be the sentence that answers, which is not always the one sharing the most words
with the question ("how long can the audio be?" against "handles recordings of up to 40
minutes"). The evidence finder mixes lexical sentence BM25 with the cosine of question and
sentence embeddings, from the same model that re-ranks papers. A pass of the model costs about a
millisecond per short sentence here, so a paper's sentences are encoded once, the first time it
is quoted, and kept in an LRU keyed by paper id (a snapshot's papers never change; a reload builds
a new responder and so a new cache).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence

import numpy as np

from bot.search.semantic import Encoder

# Papers whose sentence vectors are kept (about 10 sentences x 1.5 KB each).
REMEMBERED_PAPERS = 4096


class SentenceMeanings:
    """Question and sentence embeddings through one encoder; safe to share between threads."""

    def __init__(self, encoder: Encoder, size: int = REMEMBERED_PAPERS) -> None:
        self._encoder = encoder
        self._size = size
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def question(self, text: str) -> np.ndarray:
        return self._encoder.question(text)

    def similarities(self, paper_id: str, sentences: Sequence[str], question: np.ndarray) -> list[float]:
        """Cosine of ``question`` with each of the paper's ``sentences``, in order."""
        if not sentences:
            return []
        return (self._sentence_vectors(paper_id, sentences) @ question).tolist()

    def _sentence_vectors(self, paper_id: str, sentences: Sequence[str]) -> np.ndarray:
        with self._lock:
            found = self._vectors.get(paper_id)
            if found is not None and len(found) == len(sentences):
                self._vectors.move_to_end(paper_id)
                return found
        vectors = self._encoder.encode(sentences)  # outside the lock: other questions go on
        with self._lock:
            self._vectors[paper_id] = vectors
            while len(self._vectors) > self._size:
                self._vectors.popitem(last=False)
        return vectors
