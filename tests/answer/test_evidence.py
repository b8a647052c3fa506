from __future__ import annotations

from bot.answer.relevance import term_weights

from .helpers import by_title


def weights_for(engine, question: str) -> dict[str, float]:
    index = engine._snapshot.index
    return term_weights(index.analyzer.analyze(question), index.doc_freq, len(index.papers))


def finder(engine):
    return engine._snapshot.responder.evidence


def test_the_sentence_that_answers_wins_over_the_one_naming_the_paper(engine, papers) -> None:
    voxtral = by_title(papers, "Voxtral")
    best = finder(engine).best_sentences(voxtral, weights_for(engine, "how long can Voxtral's audio be?"), 2)
    assert "40 minutes" in best[0].text
    assert best[0].coverage > best[-1].coverage or len(best) == 1


def test_license_sentence(engine, papers) -> None:
    realtime = by_title(papers, "Voxtral Realtime")
    best = finder(engine).best_sentences(realtime, weights_for(engine, "what license does it use?"), 1)
    assert "Apache 2.0" in best[0].text


def test_no_matching_sentence_gives_nothing(engine, papers) -> None:
    realtime = by_title(papers, "Voxtral Realtime")
    assert finder(engine).best_sentences(realtime, weights_for(engine, "sourdough bread"), 3) == []


def test_summary_is_an_informative_sentence_not_the_background_opener(engine, papers) -> None:
    # These abstracts open with background ("Reinforcement learning (RL) is increasingly used...").
    for title in ("Asymmetric REINFORCE for off-Policy Reinforcement Learning: Balancing positive and negative rewards",
                  "LlamaRL: A Distributed Asynchronous Reinforcement Learning Framework for Efficient Large-scale LLM Training"):  # fmt: skip
        paper = by_title(papers, title)
        summary = finder(engine).summary(paper)
        assert summary in paper.abstract
        assert not paper.abstract.startswith(summary)


def test_every_paper_has_a_one_sentence_summary_from_its_abstract(engine, papers) -> None:
    for paper in papers:
        summary = finder(engine).summary(paper)
        assert summary and summary in paper.abstract


def test_word_cache_analyzes_exactly_like_the_analyzer(engine, papers) -> None:
    from bot.answer.evidence import WordCache
    from bot.answer.sentences import split_sentences

    analyzer = engine._snapshot.index.analyzer
    cached = WordCache(analyzer.analyze, max_words=50)  # small: clearing must not change results
    texts = [p.title for p in papers] + [s for p in papers for s in split_sentences(p.abstract)]
    texts += [
        "pass@$k$ and GPT-4o vs. Pixtral-12B",
        "Héliou's $\\mathcal{O}(\\exp(-a t))$ rate",
        "state-of-the-art 7.6%",
    ]
    assert all(cached(text) == analyzer.analyze(text) for text in texts)


def test_sentence_coverage_is_the_best_single_sentence(engine, papers) -> None:
    voxtral = by_title(papers, "Voxtral")
    weights = weights_for(engine, "how long can spoken audio be in Voxtral, and under which license?")
    every = finder(engine).best_sentences(voxtral, weights, 100)
    assert finder(engine).sentence_coverage(voxtral, weights) == max(s.coverage for s in every)
    assert max(s.coverage for s in every) < 1.0  # no single sentence answers both parts
