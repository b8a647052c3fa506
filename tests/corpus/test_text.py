"""Text normalisation: what a reader sees of hard-wrapped, LaTeX-laden exports."""

from __future__ import annotations

import pytest

from bot.corpus.text import clean, comparison_key, overlap, shingles, words


@pytest.mark.parametrize(
    ("raw", "readable"),
    [
        ("Calculation of prompt diphoton production cross sections at Tevatron and\n  LHC energies",
         "Calculation of prompt diphoton production cross sections at Tevatron and LHC energies"),
        ("  A fully differential calculation\nin perturbative QCD\n", "A fully differential calculation in perturbative QCD"),
        ("throughput up to 4.64$\\times$, and power by 5.02 $\\times$", "throughput up to 4.64×, and power by 5.02 ×"),
        ("with 40\\% pruning rate", "with 40% pruning rate"),
        ("inference time objectives with $k$ samples, pass@$k$", "inference time objectives with k samples, pass@k"),
        ("policy (BYOL-$\\Pi$)", "policy (BYOL-Π)"),
        ("the $(k,\\ell)$-pebble game", "the (k,ℓ)-pebble game"),
        ("a rate $\\alpha \\leq 0.5$", "a rate α ≤ 0.5"),
        ("C. Bal\\'azs and G. M\\\"uller and {\\c c}a", "C. Balázs and G. Müller and ça"),
        ("an \\emph{exact} bound", "an exact bound"),
        ("Llama-3.2 11B \\& Qwen-2-VL 7B", "Llama-3.2 11B & Qwen-2-VL 7B"),
        # Rich math stays as written: half-converting it would silently change its meaning.
        ("order $\\mathcal{O}(\\exp(-a\\sum_{j=1}^{t}γ_{j}))$ where", "order $\\mathcal{O}(\\exp(-a\\sum_{j=1}^{t}γ_{j}))$ where"),
        ("costs $5 and $6 per hour", "costs $5 and $6 per hour"),
        ("no\u00a0break\tspace", "no break space"),
    ],
)  # fmt: skip
def test_clean_makes_exports_readable(raw: str, readable: str) -> None:
    assert clean(raw) == readable


def test_comparison_key_ignores_case_punctuation_and_spacing() -> None:
    assert comparison_key("We  present\nVoxtral-Mini, (a model).") == comparison_key(
        "we present voxtral mini a model"
    )
    assert words("Pass@k, GPT-4o") == ["pass", "k", "gpt", "4o"]


def test_overlap_is_relative_to_the_smaller_text() -> None:
    long = shingles(words("one two three four five six seven eight nine ten"))
    prefix = shingles(words("one two three four five six"))
    assert overlap(long, prefix) == 1.0
    assert overlap(long, shingles(words("alpha beta gamma delta"))) == 0.0
    assert overlap(long, frozenset()) == 0.0
