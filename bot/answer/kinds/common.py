"""Answer shapes several kinds share: a paper card, a list of papers, "found nothing", quotes."""

from __future__ import annotations

from collections.abc import Sequence

from bot.answer.kinds.context import Context
from bot.answer.query import Intent
from bot.answer.relevance import term_weights
from bot.answer.types import Answer, AnswerKind, Citation
from bot.models import Paper
from bot.search.types import Filters, Hit


def weights(context: Context, text: str) -> dict[str, float]:
    """The idf weight of each informative term of ``text`` (empty: nothing to search for)."""
    index = context.index
    return term_weights(index.analyzer.analyze(text), index.doc_freq, len(index.papers))


def paper_answer(context: Context, question: str, paper: Paper, rank: int = 1) -> Answer:
    citation = Citation(rank, paper, 1.0, context.evidence.summary(paper))
    return Answer(question, AnswerKind.PAPER, paper.title, (citation,), matched=1)


def paper_list(
    context: Context, question: str, heading: str, papers: Sequence[Paper], hits: Sequence[Hit] = ()
) -> Answer:
    scores = [h.score for h in hits] or [1.0] * len(papers)
    shown = zip(papers[: context.settings.list_size], scores, strict=False)
    citations = tuple(
        Citation(rank, paper, score, context.evidence.summary(paper))
        for rank, (paper, score) in enumerate(shown, 1)
    )
    return Answer(question, AnswerKind.PAPERS, heading, citations, matched=len(papers))


def nothing(context: Context, question: str, text: str, near: Sequence[Paper]) -> Answer:
    """No answer, offering the papers whose titles or contents come closest."""
    cutoff = context.settings.lookup.title_cutoff
    titled = [m.paper for m in context.lookup.closest_titles(text, 3, cutoff=cutoff)]
    suggestions = tuple(dict.fromkeys([*titled, *near]))[: context.settings.max_citations]
    lead = "I found nothing in the corpus on that."
    return Answer(question, AnswerKind.NO_ANSWER, lead, suggestions=suggestions)


def quoted(context: Context, question: str, citation: Citation) -> Answer:
    """An answer quoting the one paper it is about."""
    return Answer(question, AnswerKind.ANSWER, context.messages.quotes((citation,)), (citation,), matched=1)


def filters(intent: Intent) -> Filters | None:
    low, high = intent.years
    return Filters(year_from=low, year_to=high) if low is not None or high is not None else None


def in_years(papers: Sequence[Paper], years: tuple[int | None, int | None]) -> list[Paper]:
    low, high = years
    return [
        p
        for p in papers
        if (low is None or (p.year is not None and p.year >= low))
        and (high is None or (p.year is not None and p.year <= high))
    ]
