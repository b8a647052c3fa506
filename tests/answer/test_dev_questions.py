"""Every question of ../shared/eval/dev_questions.yaml through the answer layer (none special-cased)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.answer.types import AnswerKind

from .helpers import abstract_has


@pytest.fixture(scope="module")
def dev_questions(shared_dir: Path) -> dict:
    return yaml.safe_load((shared_dir / "eval" / "dev_questions.yaml").read_text(encoding="utf-8"))


def test_answerable_questions_cite_the_right_paper_first(engine, dev_questions) -> None:
    wrong = []
    for item in dev_questions["answerable"]:
        answer = engine.ask(item["q"])
        first = answer.citations[0].paper if answer.citations else None
        if answer.kind is not AnswerKind.ANSWER or first is None or not abstract_has(first, item["abs"]):
            wrong.append((item["q"], first.title if first else None))
    total = len(dev_questions["answerable"])
    print(f"\ntop-1 accuracy: {total - len(wrong)}/{total}")
    assert wrong == []


def test_unanswerable_questions_get_no_citations(engine, dev_questions) -> None:
    cited = [q for q in dev_questions["unanswerable"] if engine.ask(q).citations]
    total = len(dev_questions["unanswerable"])
    print(f"\nno-answer accuracy: {total - len(cited)}/{total}")
    assert cited == []
