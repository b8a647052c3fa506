"""Question kinds over 2,000 real arXiv records (../shared, skipped when absent): the rules are
not tuned to the seed corpus. Expectations come from the records themselves."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from bot.answer.types import AnswerKind
from bot.config import Config
from bot.corpus import load_corpus
from bot.engine import Engine
from bot.evaluation import variants
from bot.models import Paper

SAMPLE = Path("datasets") / "arxiv" / "daily_arxiv_ai_enhanced" / "sample_2000.jsonl"


@pytest.fixture(scope="module")
def arxiv(shared_dir: Path, config: Config, tmp_path_factory: pytest.TempPathFactory) -> Engine:
    path = shared_dir / SAMPLE
    if not path.is_file():
        pytest.skip(f"{path} not found")
    corpus = dataclasses.replace(config.corpus, paths=[str(path)], overrides=None)
    # BM25 only: encoding 2,000 abstracts would dominate the test's time; the rules are lexical.
    search = variants.apply(config.search, {"semantic": {"enabled": False}})
    papers = load_corpus(corpus).papers
    return Engine.from_papers(dataclasses.replace(config, corpus=corpus, search=search), papers)


def paper(engine: Engine, arxiv_id: str) -> Paper:
    found = engine.get(arxiv_id)
    assert found is not None
    return found


@pytest.mark.parametrize(
    ("question", "arxiv_id"),
    [
        ("who wrote AgentRxiv?", "2503.18102"),
        ("authors of SEA-LION", "2504.05747"),
        ("who wrote TongUI?", "2504.12679"),
    ],
)
def test_who_wrote_names_the_recorded_authors(arxiv, question, arxiv_id) -> None:
    answer = arxiv.ask(question)
    record = paper(arxiv, arxiv_id)
    assert answer.kind is AnswerKind.FACT and answer.citations[0].paper == record
    assert all(name in answer.lead for name in record.authors[:3])


@pytest.mark.parametrize(
    ("question", "arxiv_id"),
    [("what category is FlexiMo in?", "2503.23844"), ("which category is OncoReg in?", "2503.23179")],
)
def test_category_is_the_recorded_one(arxiv, question, arxiv_id) -> None:
    answer = arxiv.ask(question)
    record = paper(arxiv, arxiv_id)
    assert answer.citations[0].paper == record and record.category and record.category in answer.lead


def test_when_was_a_paper_published(arxiv) -> None:
    record = paper(arxiv, "2504.09852")
    answer = arxiv.ask("when was GFT: Gradient Focal Transformer published?")
    assert answer.citations[0].paper == record
    when = record.published or record.updated
    assert (when.isoformat() if when else "no date") in answer.lead


def test_compare_two_named_papers(arxiv) -> None:
    answer = arxiv.ask("compare OmniTalker and AudCast")
    assert answer.kind is AnswerKind.COMPARISON
    assert [c.paper.arxiv_id for c in answer.citations] == ["2504.02433", "2503.19824"]
    assert all(s in c.paper.abstract for c in answer.citations for s in c.evidence)


def test_a_list_holds_papers_on_the_topic(arxiv) -> None:
    answer = arxiv.ask("which papers use Gaussian splatting?")
    assert answer.kind is AnswerKind.PAPERS and len(answer.citations) >= 3
    assert all("splatting" in (c.paper.title + c.paper.abstract).lower() for c in answer.citations)


def test_papers_from_a_month(arxiv) -> None:
    answer = arxiv.ask("list papers from April 2025")
    assert answer.kind is AnswerKind.PAPERS and answer.citations
    assert all(
        (when := c.paper.published or c.paper.updated) and (when.year, when.month) == (2025, 4)
        for c in answer.citations
    )


def test_off_topic_chat_is_still_refused(arxiv) -> None:
    assert not arxiv.ask("what's a good recipe for lasagna?").citations
