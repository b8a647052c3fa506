"""Rendering golden files: the same answers as Discord markdown and as terminal text.

The answers are assembled by hand from real seed papers, so these files change only when the
templates or the renderer change — not when retrieval is tuned. After an intended change:

    PAPERBOT_UPDATE_GOLDEN=1 python -m pytest tests/answer/test_golden.py

and review the diff of tests/answer/golden/ like any other code change.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.answer.render import to_markdown, to_text
from bot.answer.types import Answer, AnswerKind, Citation

from .helpers import by_title

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("PAPERBOT_UPDATE_GOLDEN") == "1"


def answers(papers) -> dict[str, Answer]:
    voxtral = by_title(papers, "Voxtral")
    realtime = by_title(papers, "Voxtral Realtime")
    gemma = by_title(papers, "Gemma: Open Models Based on Gemini Research and Technology")
    forty = "A 32K context window enables the model to handle audio files up to 40 minutes in duration and long multi-turn conversations."
    return {
        "evidence": Answer(
            "how long can Voxtral's audio be?",
            AnswerKind.ANSWER,
            "",
            (
                Citation(
                    1,
                    voxtral,
                    9.1,
                    "We present Voxtral Mini and Voxtral Small, two multimodal audio chat models.",
                    (forty,),
                ),
                Citation(
                    2,
                    realtime,
                    6.2,
                    "We scale pretraining to a large-scale dataset spanning 13 languages.",
                    (
                        "At a delay of 480ms, Voxtral Realtime achieves performance on par with Whisper, the most widely deployed offline transcription system.",
                    ),
                ),
            ),
            matched=2,
        ),
        "fact": Answer(
            "who wrote the second one?",
            AnswerKind.ANSWER,
            "“Voxtral Realtime” [2] is by Alexander H. Liu, Andy Ehrenberg, Andy Lo et al.",
            (
                Citation(
                    2, realtime, 1.0, "We scale pretraining to a large-scale dataset spanning 13 languages."
                ),
            ),
        ),
        "no_answer": Answer(
            "gema open modls",
            AnswerKind.NO_ANSWER,
            "I found nothing in the corpus on that.",
            suggestions=(gemma,),
        ),
        "list": Answer(
            "papers by amelie heliou",
            AnswerKind.PAPERS,
            "Papers by Amélie Héliou",
            (
                Citation(
                    1,
                    voxtral,
                    1.0,
                    "We present Voxtral Mini and Voxtral Small, two multimodal audio chat models.",
                ),
                Citation(
                    2, realtime, 1.0, "We scale pretraining to a large-scale dataset spanning 13 languages."
                ),
            ),
            matched=5,
        ),
        "paper": Answer("2507.13264", AnswerKind.PAPER, "Voxtral", (Citation(1, voxtral, 1.0, ""),)),
        "help": Answer("hello", AnswerKind.HELP, "", matched=29),
    }


CASES = ["evidence", "fact", "no_answer", "list", "paper", "help"]


@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize(("flavor", "render"), [("md", to_markdown), ("txt", to_text)])
def test_rendering_matches_golden(papers, name: str, flavor: str, render) -> None:
    rendered = render(answers(papers)[name]) + "\n"
    path = GOLDEN / f"{name}.{flavor}"
    if UPDATE:
        path.write_text(rendered, encoding="utf-8")
    assert path.exists(), f"missing {path}; run with PAPERBOT_UPDATE_GOLDEN=1 to create it"
    assert rendered == path.read_text(encoding="utf-8")
