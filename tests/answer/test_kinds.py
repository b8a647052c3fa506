"""Question kinds over the seed corpus: comparisons, lists, facts, numbers and dates in words.

Each question asserts what its asker relies on: the papers cited, the names or number quoted,
the list holding the right papers, a plain "the corpus does not say" when it does not.
"""

from __future__ import annotations

from datetime import date

import pytest

from bot.answer.memory import ConversationMemory
from bot.answer.render import to_markdown, to_text
from bot.answer.responder import Messages, Responder
from bot.answer.types import Answer, AnswerKind
from bot.engine import Engine

from .helpers import abstract_has, by_title

MAGISTRAL = "Magistral"
DEVSTRAL = "Devstral: Fine-tuning Language Models for Coding Agent Applications"
GEMMA = "Gemma: Open Models Based on Gemini Research and Technology"
GEMINI = "Gemini: A Family of Highly Capable Multimodal Models"
LLAMARL = "LlamaRL: A Distributed Asynchronous Reinforcement Learning Framework for Efficient Large-scale LLM Training"
CHAIN_OF_DRAFT = "Chain of Draft: Thinking Faster by Writing Less"


def titles(answer: Answer) -> list[str]:
    return [c.paper.title for c in answer.citations]


def quotes_its_own_abstract(answer: Answer) -> bool:
    return all(c.evidence and all(s in c.paper.abstract for s in c.evidence) for c in answer.citations)


# -- comparisons ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("compare Magistral and Devstral", [MAGISTRAL, DEVSTRAL]),
        ("Magistral vs Devstral", [MAGISTRAL, DEVSTRAL]),
        ("Devstral versus Magistral?", [DEVSTRAL, MAGISTRAL]),
        ("what is the difference between Gemma and Gemini?", [GEMMA, GEMINI]),
        ("how does Voxtral differ from Voxtral Realtime?", ["Voxtral", "Voxtral Realtime"]),
        ("compare Pixtral 12B with Ministral 3", ["Pixtral 12B", "Ministral 3"]),
        ("compare Magistral, Devstral and Pixtral 12B", [MAGISTRAL, DEVSTRAL, "Pixtral 12B"]),
        ("compare 2507.13264 and 2502.18600", ["Voxtral", CHAIN_OF_DRAFT]),
        ("contrast LlamaRL with Chain of Draft on efficiency", [LLAMARL, CHAIN_OF_DRAFT]),
    ],
)
def test_a_comparison_cites_each_named_paper_with_its_own_sentences(engine, question, expected) -> None:
    answer = engine.ask(question)
    assert answer.kind is AnswerKind.COMPARISON
    assert titles(answer) == expected
    assert quotes_its_own_abstract(answer)
    shown = to_markdown(answer)
    assert all(f"[{rank}]" in shown for rank in range(1, len(expected) + 1))


def test_a_comparison_on_a_point_quotes_each_paper_on_that_point(engine) -> None:
    answer = engine.ask("compare Voxtral and Voxtral Realtime on latency")
    assert titles(answer) == ["Voxtral", "Voxtral Realtime"]
    assert any("delay" in s or "latency" in s for s in answer.citations[1].evidence)


def test_the_embed_of_a_comparison_puts_the_papers_side_by_side(engine) -> None:
    from bot.answer.render import to_embed

    embed = to_embed(engine.ask("compare Magistral and Devstral"))
    assert [f.inline for f in embed.fields] == [True, True]
    assert "Magistral" in embed.fields[0].name and "Devstral" in embed.fields[1].name


def test_a_side_the_corpus_has_no_paper_on_is_named(engine) -> None:
    answer = engine.ask("compare Magistral and Zorblatt-9000")
    assert answer.kind is AnswerKind.NO_ANSWER
    assert "Zorblatt-9000" in answer.lead and answer.citations == ()
    assert MAGISTRAL in [p.title for p in answer.suggestions]


def test_two_words_of_one_paper_are_not_two_papers(engine) -> None:
    """ "debate versus consultancy" is one paper's topic: answered from that paper."""
    answer = engine.ask("debate versus consultancy for supervising superhuman AI")
    assert answer.kind is AnswerKind.ANSWER
    assert abstract_has(answer.citations[0].paper, "debate")


def test_a_baseline_outside_the_corpus_is_not_mistaken_for_a_paper(engine) -> None:
    answer = engine.ask("how does Voxtral compare to Whisper?")
    assert answer.kind is AnswerKind.ANSWER
    assert any("Whisper" in s for c in answer.citations for s in c.evidence)


# -- lists ----------------------------------------------------------------------------------------


def test_which_papers_use_reinforcement_learning_lists_them_with_a_sentence_each(engine) -> None:
    answer = engine.ask("which papers use reinforcement learning?")
    assert answer.kind is AnswerKind.PAPERS
    listed = titles(answer)
    assert {
        LLAMARL,
        MAGISTRAL,
        "RL-finetuning LLMs from on- and off-policy data with a single algorithm",
    } <= set(listed)
    assert not {"Pixtral 12B", "Voxtral Realtime", "Ministral 3"} & set(listed)
    assert quotes_its_own_abstract(answer)
    assert [c.rank for c in answer.citations] == list(range(1, len(listed) + 1))
    message = to_markdown(answer)
    assert len(message) <= 2000 and "“" in message


@pytest.mark.parametrize(
    ("question", "included", "excluded"),
    [
        ("papers about speech recognition", {"Voxtral", "Voxtral Realtime"}, {GEMMA, LLAMARL}),
        (
            "what papers discuss distillation?",
            {"BOND: Aligning LLMs with Best-of-N Distillation"},
            {"Pixtral 12B"},
        ),
        (
            "papers that propose off-policy methods",
            {"Soft Policy Optimization: Online Off-Policy RL for Sequence Models"},
            {"Voxtral"},
        ),
        ("show me papers on code agents", {DEVSTRAL}, {"Voxtral Realtime"}),
        ("list papers on speech since 2026", {"Voxtral Realtime"}, {"Voxtral"}),
    ],
)
def test_a_list_holds_the_relevant_papers(engine, question, included, excluded) -> None:
    answer = engine.ask(question)
    assert answer.kind is AnswerKind.PAPERS
    assert included <= set(titles(answer)) and not excluded & set(titles(answer))


def test_a_list_on_a_topic_the_corpus_lacks_says_so(engine) -> None:
    answer = engine.ask("which papers are about knitting patterns?")
    assert answer.kind is AnswerKind.NO_ANSWER and answer.citations == ()


@pytest.mark.parametrize(
    ("question", "low", "high"),
    [
        ("list papers from 2026", 2026, 2026),
        ("papers from 2024", 2024, 2024),
        ("which papers were published before 2021?", None, 2020),
        ("show me papers since 2025", 2025, None),
        ("list all papers between 2020 and 2021", 2020, 2021),
    ],
)
def test_a_list_by_date_alone_holds_every_paper_of_the_period(engine, papers, question, low, high) -> None:
    answer = engine.ask(question)
    expected = {
        p.id
        for p in papers
        if p.year is not None and (low is None or p.year >= low) and (high is None or p.year <= high)
    }
    assert answer.kind is AnswerKind.PAPERS
    listed = [c.paper for c in answer.citations]
    assert {p.id for p in listed} == expected or (answer.matched == len(expected) and len(listed) == 10)
    dates = [p.published or p.updated for p in listed]
    assert dates == sorted(dates, reverse=True)  # newest first


def test_list_papers_from_2026_lists_them(engine) -> None:
    answer = engine.ask("list papers from 2026")
    assert set(titles(answer)) == {"Ministral 3", "Voxtral Realtime"}
    assert "2026" in answer.lead and "know no papers" not in to_text(answer)


def test_a_period_with_no_papers_says_so(engine) -> None:
    answer = engine.ask("list papers from 2031")
    assert answer.kind is AnswerKind.NO_ANSWER and "2031" in answer.lead


# -- facts ----------------------------------------------------------------------------------------


def test_who_wrote_a_paper_whose_authors_the_corpus_lacks_says_so(engine) -> None:
    answer = engine.ask("who wrote Chain of Draft?")
    assert answer.kind is AnswerKind.FACT and titles(answer) == [CHAIN_OF_DRAFT]
    assert "does not list the authors" in answer.lead
    assert "does not list the authors" in to_markdown(answer)


@pytest.mark.parametrize(
    "question", ["who wrote Voxtral?", "authors of Voxtral", "who are the authors of Voxtral"]
)
def test_who_wrote_names_the_authors(engine, papers, question) -> None:
    voxtral = by_title(papers, "Voxtral")
    answer = engine.ask(question)
    assert answer.kind is AnswerKind.FACT and answer.citations[0].paper == voxtral
    assert all(name in answer.lead for name in ("Amélie Héliou", "Guillaume Lample", voxtral.authors[0]))


def test_authors_of_a_paper_with_a_partial_list_say_it_is_partial(engine, papers) -> None:
    magistral = by_title(papers, MAGISTRAL)
    answer = engine.ask("give me the authors of Magistral")
    assert all(name in answer.lead for name in magistral.authors) and "et al." in answer.lead


@pytest.mark.parametrize(
    ("question", "title", "said"),
    [
        ("when was Voxtral published?", "Voxtral", "2025-07-17"),
        ("what year was Gemma published?", GEMMA, "2024-03-13"),
        ("when was Chain of Draft published?", CHAIN_OF_DRAFT, "February 2025"),
        ("what category is Magistral in?", MAGISTRAL, "cs.CL"),
        ("which arXiv category is Devstral in?", DEVSTRAL, "cs.SE"),
        ("link to Pixtral 12B", "Pixtral 12B", "https://arxiv.org/abs/2410.07073"),
        ("where can I read Chain of Draft?", CHAIN_OF_DRAFT, "https://arxiv.org/abs/2502.18600"),
    ],
)
def test_a_fact_from_the_record_is_said_plainly(engine, question, title, said) -> None:
    answer = engine.ask(question)
    assert answer.kind is AnswerKind.FACT and titles(answer) == [title]
    assert said in answer.lead


def test_a_missing_category_is_said_missing(engine) -> None:
    answer = engine.ask("what category is Chain of Draft in?")
    assert "no arXiv category" in answer.lead


@pytest.mark.parametrize(
    ("question", "title", "statement"),
    [
        ("what license does Pixtral 12B use?", "Pixtral 12B", "Apache 2.0 license"),
        ("is Voxtral open source?", "Voxtral", "Apache 2.0 license"),
    ],
)
def test_a_licence_question_quotes_the_licensing_sentence(engine, question, title, statement) -> None:
    answer = engine.ask(question)
    assert titles(answer) == [title] and statement in answer.citations[0].evidence[0]


def test_a_fact_about_an_unknown_paper_says_which_name_was_not_found(engine) -> None:
    answer = engine.ask("who wrote Zorblatt-9000?")
    assert answer.kind is AnswerKind.NO_ANSWER and "Zorblatt-9000" in answer.lead


@pytest.mark.parametrize(
    ("question", "number"),
    [
        ("how much faster is LlamaRL than DeepSpeed-Chat?", "10.7x"),
        ("by how much does LlamaRL speed up training over DeepSpeed-Chat?", "10.7x"),
        ("how many languages does Voxtral Realtime's pretraining cover?", "13 languages"),
        ("how long can Voxtral's audio be?", "40 minutes"),
        ("how many parameters does Pixtral have?", "billion-parameter"),
    ],
)
def test_a_number_question_quotes_the_sentence_with_the_number(engine, question, number) -> None:
    answer = engine.ask(question)
    assert answer.kind is AnswerKind.ANSWER
    assert number in answer.citations[0].evidence[0]
    assert number in to_markdown(answer)


# -- dates in words -------------------------------------------------------------------------------


def test_papers_by_an_author_since_a_year(engine) -> None:
    answer = engine.ask("papers by amelie heliou since 2021")
    assert answer.citations and all((c.paper.year or 0) >= 2021 for c in answer.citations)
    assert "Voxtral" in titles(answer)


def test_latest_on_a_topic_before_a_year(engine) -> None:
    answer = engine.ask("latest papers on reinforcement learning before 2025")
    assert answer.citations and all((c.paper.year or 9999) <= 2024 for c in answer.citations)


def test_an_open_question_keeps_to_its_period(engine) -> None:
    answer = engine.ask("open models from 2024")
    assert answer.citations and all(c.paper.year == 2024 for c in answer.citations)
    assert GEMMA in titles(answer)


@pytest.fixture(scope="module")
def on_march_1st_2026(engine: Engine) -> Responder:
    """The engine's corpus answered as on 2026-03-01: relative dates read against that day."""
    snapshot = engine._snapshot
    messages = Messages(quotes=snapshot.renderer.lead_text, help=lambda: "")
    memory = ConversationMemory(10, 60.0)
    return Responder(
        snapshot.index,
        snapshot.lookup,
        engine.config.answer,
        memory,
        messages,
        today=lambda: date(2026, 3, 1),
    )


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("papers from last month", {"Voxtral Realtime"}),
        ("list papers from this year", {"Voxtral Realtime", "Ministral 3"}),
        ("papers since January", {"Voxtral Realtime", "Ministral 3"}),
        ("anything from the last 2 months?", {"Voxtral Realtime", "Ministral 3"}),
        ("papers published in January", {"Ministral 3"}),
    ],
)
def test_relative_dates_are_read_against_today(on_march_1st_2026, question, expected) -> None:
    answer = on_march_1st_2026.answer(question)
    assert set(titles(answer)) == expected


def test_last_year_on_a_topic(on_march_1st_2026) -> None:
    answer = on_march_1st_2026.answer("which papers from last year use reinforcement learning?")
    assert answer.citations and all(c.paper.year == 2025 for c in answer.citations)
    assert LLAMARL in titles(answer)
