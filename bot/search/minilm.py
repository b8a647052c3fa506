"""A BERT sentence encoder's forward pass in numpy: questions encoded without importing torch.

sentence-transformers runs all-MiniLM-L6-v2 through torch, whose import alone costs a process
several seconds (about 8 s with the model on this machine), paid again by every one-shot CLI
command and every bot worker. A question is one short text, and the model is six small layers: numpy
reads the same safetensors weights in well under a second and encodes a question in about 10 ms.
tests/search/test_minilm.py checks the vectors against sentence-transformers' own (the reference,
as rank_bm25 is for BM25). Batches of papers still go through torch, which is about three times
faster there (semantic.py).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from safetensors.numpy import load_file
from scipy.special import erf
from tokenizers import Tokenizer

# Texts run through the layers together: the attention and GELU arrays of a small batch stay in
# the CPU cache (8 encodes papers about 30% faster than 32 on this machine).
BATCH = 8
# Attention logits of padding positions: far below any real logit, so softmax gives them zero.
MASKED = np.float32(-1e9)


@dataclass(frozen=True)
class Architecture:
    layers: int
    heads: int
    epsilon: float
    max_tokens: int


class MiniLM:
    """A BERT encoder with mean pooling, read from a sentence-transformers model folder."""

    def __init__(self, folder: Path) -> None:
        self.architecture = read_architecture(folder)
        self._weights = load_file(str(folder / "model.safetensors"))
        self._tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self._tokenizer.enable_truncation(self.architecture.max_tokens)
        self._tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        self.dimension = int(self._weights["embeddings.word_embeddings.weight"].shape[1])
        self._lock = threading.Lock()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Mean-pooled token embeddings of ``texts`` (float32, not normalised); safe to call from
        many threads, which take turns one batch at a time."""
        batches = []
        for start in range(0, len(texts), BATCH):
            # The matrix products already use every core; BLAS calls from many threads at once slow
            # each other down (100 questions from 100 threads took 12 times as long as from one).
            # A question waits for one batch of a reload's papers, not for all of them.
            with self._lock:
                batches.append(self._encode(texts[start : start + BATCH]))
        return np.concatenate(batches) if batches else np.empty((0, self.dimension), dtype=np.float32)

    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        encodings = self._tokenizer.encode_batch(list(texts))
        ids = np.array([e.ids for e in encodings])
        types = np.array([e.type_ids for e in encodings])
        mask = np.array([e.attention_mask for e in encodings], dtype=np.float32)
        hidden = self._embed(ids, types)
        padding = (1.0 - mask)[:, None, None, :] * MASKED
        for layer in range(self.architecture.layers):
            hidden = self._layer(hidden, padding, f"encoder.layer.{layer}.")
        summed = (hidden * mask[:, :, None]).sum(axis=1)
        return summed / np.maximum(mask.sum(axis=1, keepdims=True), 1e-9)

    def _embed(self, ids: np.ndarray, types: np.ndarray) -> np.ndarray:
        w = self._weights
        positions = w["embeddings.position_embeddings.weight"][: ids.shape[1]]
        summed = w["embeddings.word_embeddings.weight"][ids] + positions
        return self._norm(
            summed + w["embeddings.token_type_embeddings.weight"][types], "embeddings.LayerNorm"
        )

    def _layer(self, hidden: np.ndarray, padding: np.ndarray, prefix: str) -> np.ndarray:
        attention = self._attention(hidden, padding, prefix + "attention.self.")
        dense = self._linear(attention, prefix + "attention.output.dense")
        hidden = self._norm(dense + hidden, prefix + "attention.output.LayerNorm")
        inner = self._linear(hidden, prefix + "intermediate.dense")
        inner = 0.5 * inner * (1.0 + erf(inner / np.float32(np.sqrt(2.0))))  # exact GELU, as BERT
        return self._norm(self._linear(inner, prefix + "output.dense") + hidden, prefix + "output.LayerNorm")

    def _attention(self, hidden: np.ndarray, padding: np.ndarray, prefix: str) -> np.ndarray:
        batch, length, width = hidden.shape
        heads = self.architecture.heads

        def split(name: str, order: tuple[int, ...]) -> np.ndarray:
            projected = self._linear(hidden, prefix + name).reshape(batch, length, heads, width // heads)
            return np.ascontiguousarray(projected.transpose(order))

        query, key, value = (
            split("query", (0, 2, 1, 3)),
            split("key", (0, 2, 3, 1)),
            split("value", (0, 2, 1, 3)),
        )
        logits = query @ key / np.float32(np.sqrt(width // heads)) + padding
        weights = np.exp(logits - logits.max(axis=-1, keepdims=True))
        weights /= weights.sum(axis=-1, keepdims=True)
        return (weights @ value).transpose(0, 2, 1, 3).reshape(batch, length, width)

    def _linear(self, x: np.ndarray, name: str) -> np.ndarray:
        flat = x.reshape(-1, x.shape[-1]) @ self._weights[name + ".weight"].T  # BLAS reads W transposed
        return (flat + self._weights[name + ".bias"]).reshape(*x.shape[:-1], -1)

    def _norm(self, x: np.ndarray, name: str) -> np.ndarray:
        mean = x.mean(axis=-1, keepdims=True)
        variance = np.square(x - mean).mean(axis=-1, keepdims=True)
        normalised = (x - mean) / np.sqrt(variance + np.float32(self.architecture.epsilon))
        return normalised * self._weights[name + ".weight"] + self._weights[name + ".bias"]


def read_architecture(folder: Path) -> Architecture:
    """The shape of the model, refusing what this forward pass does not implement."""
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    pooling = json.loads((folder / "1_Pooling" / "config.json").read_text(encoding="utf-8"))
    sentence = json.loads((folder / "sentence_bert_config.json").read_text(encoding="utf-8"))
    supported = (
        config.get("model_type") == "bert"
        and config.get("hidden_act") == "gelu"
        and config.get("position_embedding_type", "absolute") == "absolute"
        and pooling.get("pooling_mode_mean_tokens") is True
    )
    if not supported:
        raise ValueError(f"{folder}: not a BERT model with GELU and mean pooling")
    return Architecture(
        layers=int(config["num_hidden_layers"]),
        heads=int(config["num_attention_heads"]),
        epsilon=float(config["layer_norm_eps"]),
        max_tokens=int(sentence["max_seq_length"]),
    )
