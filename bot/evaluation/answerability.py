"""The answer-or-refuse decision measured as a classifier.

A *probe* is a question asked of one corpus, with the papers that answer it there (none: it is
unanswerable there, e.g. an aeronautics query asked of biomedical abstracts, or "hello"). An
*outcome* is what the bot did: whether it found an answer and which paper it cited first.

- precision of "found": of the questions answered, the share that were answerable;
- recall of "found": of the answerable questions, the share answered;
- top-1 accuracy: of the answerable questions, the share whose first citation answers them.

Probes are split into train and held-out by a hash of their source and key, so the split never
depends on the order questions are read in, and thresholds are chosen on train only.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

TRAIN = "train"
HELD_OUT = "held-out"
# Share of each source's probes that go to train.
TRAIN_SHARE = 0.5


@dataclass(frozen=True, slots=True)
class Probe:
    source: str  # where the question comes from: "scifact claims", "chat", ...
    key: str  # unique within the source (a query id, or the question itself)
    corpus: str  # which corpus it is asked of
    text: str
    expected: frozenset[str] = frozenset()  # ids of the papers that answer it; empty: none does

    @property
    def answerable(self) -> bool:
        return bool(self.expected)

    @property
    def split(self) -> str:
        digest = hashlib.blake2b(f"{self.source}\x1f{self.key}".encode(), digest_size=8).digest()
        return TRAIN if int.from_bytes(digest, "big") / 2**64 < TRAIN_SHARE else HELD_OUT


@dataclass(frozen=True, slots=True)
class Outcome:
    probe: Probe
    found: bool
    first: str | None = None  # id of the first cited paper

    @property
    def right_first(self) -> bool:
        return self.found and self.first in self.probe.expected


@dataclass(frozen=True, slots=True)
class Scores:
    questions: int
    answerable: int
    found: int  # questions answered
    true_found: int  # answerable questions answered
    right_first: int  # answerable questions whose first citation answers them
    false_found: int  # unanswerable questions answered

    @property
    def precision(self) -> float:
        return self.true_found / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.true_found / self.answerable if self.answerable else 1.0

    @property
    def top1_accuracy(self) -> float:
        return self.right_first / self.answerable if self.answerable else 1.0

    @property
    def refusal_rate(self) -> float:
        """Of the unanswerable questions, the share refused."""
        unanswerable = self.questions - self.answerable
        return 1.0 - self.false_found / unanswerable if unanswerable else 1.0

    @property
    def balanced(self) -> float:
        """Mean of top-1 accuracy and refusal rate: what thresholds are chosen by, since the two
        kinds of question come in unequal numbers and each kind of mistake matters to a user."""
        return (self.top1_accuracy + self.refusal_rate) / 2


def score(outcomes: Iterable[Outcome]) -> Scores:
    questions = answerable = found = true_found = right_first = false_found = 0
    for outcome in outcomes:
        questions += 1
        answerable += outcome.probe.answerable
        found += outcome.found
        true_found += outcome.found and outcome.probe.answerable
        false_found += outcome.found and not outcome.probe.answerable
        right_first += outcome.right_first
    return Scores(questions, answerable, found, true_found, right_first, false_found)


def in_split(outcomes: Iterable[Outcome], split: str) -> list[Outcome]:
    return [outcome for outcome in outcomes if outcome.probe.split == split]
