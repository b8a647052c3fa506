"""Answerability and evidence with meaning: paraphrases answered, the unrelated refused, BM25-only
installs unchanged, and the quote chosen by what a sentence says, not only by its words."""

from __future__ import annotations

import dataclasses

import pytest

from bot.answer.relevance import Candidate, judge
from bot.answer.settings import RelevanceSettings
from bot.answer.types import AnswerKind
from bot.config import Config
from bot.engine import Engine
from bot.models import Paper
from bot.search.types import Hit

# Questions that mean what one seed abstract says while sharing few of its rarer words.
PARAPHRASES = {
    "transcribe speech live with under a second of delay": "Voxtral Realtime",
    "a model that reasons by writing short drafts instead of long explanations": "Chain of Draft: Thinking Faster by Writing Less",
    "small open model that acts as an autonomous software engineering agent": "Devstral: Fine-tuning Language Models for Coding Agent Applications",
    "two AIs argue and a weaker model decides who is right": "On scalable oversight with weak LLMs judging strong LLMs",
}  # fmt: skip
UNRELATED = (
    "how do I bake sourdough bread",
    "what's the weather like in Paris tomorrow?",
    "my cat keeps scratching the sofa, what should I do?",
    "vitamin D supplementation lowers the risk of hip fractures in elderly women",
    "what similarity laws must be obeyed when constructing aeroelastic models of heated high speed aircraft",
    "the effect of smoking on lung cancer incidence",
)


@pytest.fixture(scope="module")
def bm25_engine(config: Config, tmp_path_factory: pytest.TempPathFactory) -> Engine:
    search = dataclasses.replace(
        config.search,
        semantic=dataclasses.replace(config.search.semantic, enabled=False),
        index_dir=str(tmp_path_factory.mktemp("bm25-index")),
    )
    return Engine.load(dataclasses.replace(config, search=search))


@pytest.mark.parametrize("question", PARAPHRASES)
def test_a_paraphrase_is_answered_with_the_paper_it_means(engine: Engine, question: str) -> None:
    answer = engine.ask(question)
    assert answer.kind is AnswerKind.ANSWER, answer.lead
    assert answer.citations[0].paper.title == PARAPHRASES[question]


@pytest.mark.parametrize("question", UNRELATED)
def test_unrelated_questions_are_refused(engine: Engine, question: str) -> None:
    answer = engine.ask(question)
    assert answer.citations == (), [c.paper.title for c in answer.citations]


def test_without_embeddings_the_test_is_coverage_alone(bm25_engine: Engine) -> None:
    # The paraphrase that meaning answers stays refused by words alone, as it was before.
    assert not bm25_engine._snapshot.index.semantic
    assert bm25_engine.ask("transcribe speech live with under a second of delay").citations == ()
    assert bm25_engine.ask("how long can Voxtral's audio be?").citations[0].paper.title == "Voxtral"


def candidate(
    name: str, score: float, covered: float, evidence: float = 0.0, similarity: float | None = None
):
    return Candidate(Hit(Paper(id=name, title=name, abstract=name), score), covered, evidence, similarity)


def test_without_similarities_no_meaning_setting_changes_a_verdict() -> None:
    found = [candidate("a", 9, 0.45), candidate("b", 7, 0.55, 0.3), candidate("c", 5, 0.6, 0.1)]
    today = judge(found, RelevanceSettings(), 3)
    extreme = RelevanceSettings(
        min_similarity=1.0, answer_similarity=-1.0, paraphrase_coverage=0.0, similarity_weight=10.0,
        suggest_similarity=-1.0, quote_similarity=-1.0,
    )  # fmt: skip
    assert judge(found, extreme, 3) == today
    assert [c.hit.paper.id for c in today.cited] == ["b", "c"]


def test_meaning_qualifies_a_paraphrase_and_vetoes_a_word_match() -> None:
    settings = RelevanceSettings(
        min_coverage=0.5, min_similarity=0.2, answer_similarity=0.5, paraphrase_coverage=0.1
    )
    paraphrase = candidate("paraphrase", 3, 0.2, 0.1, similarity=0.6)
    word_match = candidate("word match", 9, 0.8, 0.8, similarity=0.1)
    assert [c.hit.paper.id for c in judge([word_match, paraphrase], settings, 3).cited] == ["paraphrase"]
    unrelated = candidate("unrelated", 3, 0.05, 0.0, similarity=0.6)  # similar, but shares no word
    assert judge([unrelated], settings, 3).cited == ()
