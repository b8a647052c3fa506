from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.answer.sentences import split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One. Two! Three?", ["One.", "Two!", "Three?"]),
        ("Models, e.g. GPT-4, and i.e. Llama. Next.", ["Models, e.g. GPT-4, and i.e. Llama.", "Next."]),
        ("Validate vs. Answer is learned. Next.", ["Validate vs. Answer is learned.", "Next."]),
        (
            "It uses 7.6% of the tokens. It scales to 3.5 B.",
            ["It uses 7.6% of the tokens.", "It scales to 3.5 B."],
        ),
        (
            "By Albert Q. Jiang and Sessa et al. They agree.",
            ["By Albert Q. Jiang and Sessa et al. They agree."],
        ),
        ("See Fig. 3 for details. Done.", ["See Fig. 3 for details.", "Done."]),
        ("We bound $x. Y$ tightly. Then we stop.", ["We bound $x. Y$ tightly.", "Then we stop."]),
        ("It improves pass@$k$. $k$ samples are drawn.", ["It improves pass@$k$.", "$k$ samples are drawn."]),
        ("Ends with a quote.” Then more.", ["Ends with a quote.”", "Then more."]),
        ("  spaced \n out.  ", ["spaced out."]),
        ("", []),
    ],
)
def test_splits_where_a_reader_would(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_real_abstract_keeps_the_40_minutes_sentence_whole(papers) -> None:
    voxtral = next(p for p in papers if p.arxiv_id == "2507.13264")
    assert (
        "A 32K context window enables the model to handle audio files up to 40 minutes in duration "
        "and long multi-turn conversations." in split_sentences(voxtral.abstract)
    )


@given(st.text())
def test_splitting_loses_no_words(text: str) -> None:
    assert " ".join(split_sentences(text)).split() == text.split()
