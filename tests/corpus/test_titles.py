"""Provisional titles: a readable phrase from the abstract when no source names the paper."""

from __future__ import annotations

import pytest

from bot.corpus.titles import provisional_title


@pytest.mark.parametrize(
    ("abstract", "title"),
    [
        ("This document consolidates publicly reported technical details about Metas Llama 4 model family. It "
         "summarizes (i) released variants.", "Publicly reported technical details about Metas Llama 4 model family"),
        ("We introduce the Ministral 3 series, a family of parameter-efficient dense language models.",
         "The Ministral 3 series"),
        ("In this paper, we propose a simple baseline for sparse retrieval that works. More text.",
         "A simple baseline for sparse retrieval"),
        ("We point out a few pitfalls in implementing gradient estimation for KL divergence in RL training for LLM.",
         "A few pitfalls in implementing gradient estimation for KL divergence in RL…"),
        ("Graph neural networks are everywhere. We study them.", "Graph neural networks are everywhere"),
        ("", "Untitled abstract"),
    ],
)  # fmt: skip
def test_provisional_title(abstract: str, title: str) -> None:
    assert provisional_title(abstract) == title
