"""The responder on questions of our own (other phrasings than the dev set), lists and follow-ups."""

from __future__ import annotations

import itertools

import pytest

from bot.answer.types import AnswerKind

from .helpers import abstract_has, by_title

conversation_ids = itertools.count()


@pytest.mark.parametrize(
    ("question", "phrase"),
    [
        ("how long can Voxtral's audio be?", "40 minutes"),
        ("what is the context window of Voxtral?", "32K context window"),
        ("which speech recognition model streams with sub-second latency?", "natively streaming"),
        ("what languages does Voxtral Realtime's pretraining cover?", "13 languages"),
        ("what is cascade distillation?", "Cascade Distillation"),
        ("is differentiating through the KL estimate correct?", "differentiate through the KL estimate"),
        ("which framework trains a 405B model with RL?", "LlamaRL"),
        ("chain-of-thought as a latent variable trained without external reward", "latent variable"),
        ("majority voting as a training objective", "majority voting"),
        ("debate versus consultancy for supervising superhuman AI", "debate"),
        ("best-of-n sampling without the inference cost", "Best-of-N"),
        ("Gemma open models", "This work introduces Gemma"),
        ("Gemini family of multimodal models", "Ultra, Pro, and Nano"),
        ("treatment effect under low compliance", "individual prescription effect"),
        ("coding agent fine-tuned from Mistral Small", "Devstral"),
        ("models answering flawed or ill-posed questions", "ill-posed"),
        ("reasoning with fewer tokens, concise drafts", "Chain of Draft"),
        ("spectral invariant graph neural networks expressive power", "Eigenspace Projection"),
        ("Llama 4 Scout and Maverick", "Scout and Maverick"),
        ("how fast is Voxtral Realtime compared to Whisper", "natively streaming"),
    ],
)
def test_other_phrasings_cite_the_right_paper(engine, question: str, phrase: str) -> None:
    answer = engine.ask(question)
    assert answer.kind is AnswerKind.ANSWER
    assert abstract_has(answer.citations[0].paper, phrase)
    assert answer.citations[0].evidence and all(
        s in answer.citations[0].paper.abstract for s in answer.citations[0].evidence
    )


@pytest.mark.parametrize(
    ("question", "phrase"),
    [
        ("Tell me about LlamaRL please", "LlamaRL"),
        ("can you tell me about Voxtral?", "We present Voxtral Mini"),
        ("could you please explain what Magistral is", "Magistral, Mistral's first reasoning model"),
        ("I'd like to know which papers discuss chain of draft, thanks", "Chain of Draft"),
        ("hey, do you know anything about spectral invariant GNNs?", "Eigenspace Projection"),
    ],
)
def test_polite_conversational_phrasing_does_not_sink_a_good_question(engine, question, phrase) -> None:
    """Request words ("tell me", "please") never occur in abstracts; they must not count as unmet terms."""
    answer = engine.ask(question)
    assert answer.kind is AnswerKind.ANSWER
    assert abstract_has(answer.citations[0].paper, phrase)


def test_the_demo_question_quotes_the_40_minutes_sentence(engine) -> None:
    answer = engine.ask("how long can Voxtral's audio be?")
    assert answer.citations[0].paper.arxiv_id == "2507.13264"
    assert "40 minutes" in answer.citations[0].evidence[0]
    assert "40 minutes" in answer.lead and "[1]" in answer.lead


@pytest.mark.parametrize(
    "question",
    [
        "what's the weather like today",
        "recipe for lasagna",
        "who won the world cup in 2018",
        "quantum chromodynamics lattice simulations",
        "protein folding with AlphaFold",
        "how to fix my car brakes",
        "asdf jkl qwerty",
        "photosynthesis in plants",
        "the",
        "?!",
        # Polite phrasing is dropped from what is searched; what is left is still off topic.
        "can you tell me the time in Tokyo please",
        "please explain black hole thermodynamics",
        "could you explain?",
    ],
)
def test_off_topic_questions_get_no_citations(engine, question: str) -> None:
    answer = engine.ask(question)
    assert answer.kind in (AnswerKind.NO_ANSWER, AnswerKind.HELP)
    assert answer.citations == () and not answer.found


def test_a_misspelt_title_is_suggested_when_nothing_answers(engine) -> None:
    answer = engine.ask("gema open modls")
    assert answer.kind is AnswerKind.NO_ANSWER
    assert any(p.title.startswith("Gemma") for p in answer.suggestions)


def test_greeting_gets_help(engine) -> None:
    answer = engine.ask("hello!")
    assert answer.kind is AnswerKind.HELP and "papers by" in answer.lead


@pytest.mark.parametrize(
    "question", ["2507.13264", "tell me about arXiv:2507.13264v2", "https://arxiv.org/abs/2507.13264"]
)
def test_an_id_in_the_question_answers_with_that_paper(engine, question: str) -> None:
    answer = engine.ask(question)
    assert answer.kind is AnswerKind.PAPER and answer.citations[0].paper.title == "Voxtral"


def test_unknown_id_is_said_plainly(engine) -> None:
    answer = engine.ask("2101.00001")
    assert answer.kind is AnswerKind.NO_ANSWER and "2101.00001" in answer.lead


def test_papers_by_author_accent_insensitive(engine, papers) -> None:
    answer = engine.ask("papers by amelie heliou")
    assert answer.kind is AnswerKind.PAPERS and "Amélie Héliou" in answer.lead
    assert {c.paper.id for c in answer.citations} == {p.id for p in papers if "Amélie Héliou" in p.authors}


def test_latest_papers_on_a_topic_are_relevant_and_newest_first(engine) -> None:
    answer = engine.ask("latest papers on speech recognition")
    assert answer.kind is AnswerKind.PAPERS
    titles = [c.paper.title for c in answer.citations]
    assert "Voxtral Realtime" in titles
    dates = [c.paper.published for c in answer.citations if c.paper.published]
    assert dates == sorted(dates, reverse=True)


def test_follow_ups_resolve_against_the_last_answer(engine) -> None:
    key = f"test:{next(conversation_ids)}"
    first = engine.ask("papers by amelie heliou", conversation=key)
    second_paper = first.citations[1].paper

    who = engine.ask("who wrote the second one?", conversation=key)
    assert who.citations[0].paper == second_paper and who.citations[0].rank == 2
    assert all(name in who.lead for name in second_paper.authors[:3])

    more = engine.ask("tell me more about [1]", conversation=key)
    assert more.kind is AnswerKind.PAPER and more.citations[0].paper == first.citations[0].paper

    licence = engine.ask("what license does the first one use?", conversation=key)
    assert "Apache 2.0" in licence.citations[0].evidence[0] and licence.citations[0].rank == 1

    # "it" is now the paper just discussed: [1], Voxtral.
    licence = engine.ask("what license does it use?", conversation=key)
    assert licence.citations[0].paper.title == "Voxtral"
    assert "Apache 2.0" in licence.citations[0].evidence[0]


@pytest.mark.parametrize(
    ("question", "statement"),
    [
        ("what is Magistral?", "open-source Magistral Small (Apache 2.0)"),  # no word "license" in it
        ("Pixtral 12B", "released under Apache 2.0 license"),
    ],
)
def test_licence_follow_up_quotes_how_the_abstract_states_it(engine, question: str, statement: str) -> None:
    key = f"test:{next(conversation_ids)}"
    first = engine.ask(question, conversation=key).citations[0].paper
    licence = engine.ask("what license does it use?", conversation=key)
    assert [c.paper for c in licence.citations] == [first]
    assert statement in licence.citations[0].evidence[0]


def test_licence_follow_up_says_when_the_abstract_is_silent(engine) -> None:
    """ "open source projects" in the KL-pitfalls abstract is not a licence: say so, cite no other paper."""
    key = f"test:{next(conversation_ids)}"
    first = engine.ask("correct way to implement the KL gradient", conversation=key).citations[0].paper
    licence = engine.ask("what license does it use?", conversation=key)
    assert [c.paper for c in licence.citations] == [first]
    assert "does not mention a license" in licence.lead


def test_follow_up_that_is_really_a_new_question(engine) -> None:
    key = f"test:{next(conversation_ids)}"
    engine.ask("how long can Voxtral's audio be?", conversation=key)
    assert engine.ask("what time is it in Tokyo", conversation=key).citations == ()
    assert (
        engine.ask("is it about LlamaRL and 405B parameters?", conversation=key)
        .citations[0]
        .paper.title.startswith("LlamaRL")
    )


def test_references_past_the_end_are_explained(engine) -> None:
    key = f"test:{next(conversation_ids)}"
    engine.ask("how long can Voxtral's audio be?", conversation=key)
    answer = engine.ask("who wrote [7]?", conversation=key)
    assert answer.kind is AnswerKind.NO_ANSWER and "[7]" in answer.lead


def test_more_like_this(engine, papers) -> None:
    key = f"test:{next(conversation_ids)}"
    engine.ask("2507.13264", conversation=key)
    answer = engine.ask("more like this", conversation=key)
    assert answer.kind is AnswerKind.PAPERS
    assert answer.citations[0].paper.title == "Voxtral Realtime"
    assert by_title(papers, "Voxtral") not in [c.paper for c in answer.citations]


def test_conversations_do_not_leak_into_each_other(engine) -> None:
    engine.ask("papers by amelie heliou", conversation="test:alice")
    answer = engine.ask("who wrote the second one?", conversation="test:bob")
    assert "is by" not in answer.lead  # bob has no "second one" to ask about


def test_a_second_quote_must_add_to_the_first(engine) -> None:
    # The Voxtral abstract has other sentences about audio, but only one says how long.
    answer = engine.ask("how long can Voxtral's audio be?")
    assert len(answer.citations[0].evidence) == 1


def test_engine_from_papers_in_memory(config, papers) -> None:
    from bot.engine import Engine

    small = Engine.from_papers(config, papers[:5])
    assert len(small.papers) == 5 and small.ask("hello").kind is AnswerKind.HELP
