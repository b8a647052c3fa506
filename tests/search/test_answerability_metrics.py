"""The answerability classifier's figures on a hand-made example (bot/evaluation/answerability.py)."""

from __future__ import annotations

import pytest

from bot.evaluation.answerability import HELD_OUT, TRAIN, Outcome, Probe, in_split, score


def probe(key: str, *expected: str) -> Probe:
    return Probe("hand-made", key, "seed", f"question {key}", frozenset(expected))


def test_precision_recall_and_top1_on_a_hand_made_example() -> None:
    outcomes = [
        Outcome(probe("a", "p1"), True, "p1"),  # answered, right paper
        Outcome(probe("b", "p2", "p3"), True, "p3"),  # answered, one of two right papers
        Outcome(probe("c", "p4"), True, "p9"),  # answered, wrong paper: found but not top-1
        Outcome(probe("d", "p5"), False),  # refused although answerable
        Outcome(probe("e"), True, "p1"),  # answered although nothing answers it
        Outcome(probe("f"), False),  # rightly refused
        Outcome(probe("g"), False),  # rightly refused
    ]
    scores = score(outcomes)
    assert (scores.questions, scores.answerable, scores.found) == (7, 4, 4)
    assert scores.precision == pytest.approx(3 / 4)  # 3 of the 4 answers were to answerable questions
    assert scores.recall == pytest.approx(3 / 4)  # 3 of the 4 answerable questions were answered
    assert scores.top1_accuracy == pytest.approx(2 / 4)  # only a and b cite a right paper first
    assert scores.refusal_rate == pytest.approx(2 / 3)
    assert scores.balanced == pytest.approx((2 / 4 + 2 / 3) / 2)


def test_no_answers_means_nothing_wrongly_answered() -> None:
    scores = score([Outcome(probe("a", "p1"), False), Outcome(probe("b"), False)])
    assert (scores.precision, scores.recall, scores.top1_accuracy, scores.refusal_rate) == (
        1.0,
        0.0,
        0.0,
        1.0,
    )


def test_the_split_is_deterministic_and_roughly_even() -> None:
    probes = [probe(str(i)) for i in range(400)]
    again = [probe(str(i)) for i in reversed(range(400))]
    assert {p.key: p.split for p in probes} == {p.key: p.split for p in again}
    train = [p for p in probes if p.split == TRAIN]
    assert 150 < len(train) < 250
    outcomes = [Outcome(p, False) for p in probes]
    assert len(in_split(outcomes, TRAIN)) + len(in_split(outcomes, HELD_OUT)) == 400
