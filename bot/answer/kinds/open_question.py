"""Anything else: retrieve, judge relevance, and quote the sentences that answer (or refuse)."""

from __future__ import annotations

from bot.answer.kinds.common import filters, nothing, weights
from bot.answer.kinds.context import Context, Request
from bot.answer.query import Intent
from bot.answer.relevance import Candidate, coverage, judge
from bot.answer.types import Answer, AnswerKind, Citation
from bot.models import Paper
from bot.search.types import Filters, Hit


class OpenQuestion:
    """The fallback: takes every intent no other kind took."""

    def handles(self, intent: Intent) -> bool:
        return True

    def answer(self, request: Request, context: Context) -> Answer:
        return ask(context, request.question, request.intent.text, filters(request.intent))


def ask(context: Context, question: str, text: str, filters: Filters | None = None) -> Answer:
    wanted = weights(context, text)
    if not wanted:
        lead = "I need a few words about the topic to search for (try “help”)."
        return Answer(question, AnswerKind.NO_ANSWER, lead)
    settings = context.settings
    hits = context.index.search(text, k=settings.candidates, filters=filters)
    candidates = [candidate(context, hit, wanted) for hit in hits]
    verdict = judge(candidates, settings.relevance, settings.max_citations)
    if not verdict.cited:
        return nothing(context, question, text, [c.hit.paper for c in verdict.suggestions])
    citations = tuple(
        cite(context, rank, c.hit.paper, c.hit.score, wanted, settings.evidence_sentences if rank == 1 else 1)
        for rank, c in enumerate(verdict.cited, start=1)
    )
    matched = sum(c.coverage >= settings.relevance.min_coverage for c in candidates)
    return Answer(question, AnswerKind.ANSWER, context.messages.quotes(citations), citations, matched=matched)


def candidate(context: Context, hit: Hit, wanted: dict[str, float]) -> Candidate:
    evidence = context.evidence
    covered = coverage(wanted, evidence.analyzed(hit.paper).terms)
    return Candidate(hit, covered, evidence.sentence_coverage(hit.paper, wanted))


def cite(context: Context, rank: int, paper: Paper, score: float, wanted: dict[str, float], n: int) -> Citation:
    summary = context.evidence.summary(paper)
    return Citation(rank, paper, score, summary, quotes(context, paper, wanted, n) or (summary,))


def quotes(context: Context, paper: Paper, wanted: dict[str, float], n: int) -> tuple[str, ...]:
    """The best sentence, then further ones only if they answer a part of the question the
    sentences before them did not (no second quote that merely repeats a term)."""
    floor = context.settings.relevance.evidence_coverage
    chosen: list[str] = []
    covered: set[str] = set()
    for sentence in context.evidence.best_sentences(paper, wanted, n + 3):
        if len(chosen) == n or sentence.coverage < floor:
            break
        if chosen and sentence.terms <= covered:
            continue
        chosen.append(sentence.text)
        covered |= sentence.terms
    return tuple(chosen)
