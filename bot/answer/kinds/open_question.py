"""Anything else: retrieve, judge relevance, and quote the sentences that answer (or refuse)."""

from __future__ import annotations

import numpy as np

from bot.answer.dates import Period
from bot.answer.kinds.common import nothing, search, weights
from bot.answer.kinds.context import Context, Request
from bot.answer.query import Intent
from bot.answer.relevance import Candidate, candidates, judge, qualifies
from bot.answer.types import Answer, AnswerKind, Citation
from bot.models import Paper

NO_PERIOD = Period()


class OpenQuestion:
    """The fallback: takes every intent no other kind took."""

    def handles(self, intent: Intent) -> bool:
        return True

    def answer(self, request: Request, context: Context) -> Answer:
        return ask(context, request.question, request.intent.text, request.intent.period)


def ask(context: Context, question: str, text: str, period: Period = NO_PERIOD) -> Answer:
    wanted = weights(context, text)
    if not wanted:
        lead = "I need a few words about the topic to search for (try “help”)."
        return Answer(question, AnswerKind.NO_ANSWER, lead)
    settings = context.settings
    found = examine(context, text, wanted, period)
    verdict = judge(found, settings.relevance, settings.max_citations)
    if not verdict.cited:
        return nothing(context, question, text, [c.hit.paper for c in verdict.suggestions])
    # The first citation's quotes are the answer: chosen by meaning too (when words leave doubt).
    # Further citations quote their best sentence by words, sparing their sentences' encoding.
    meant = context.meaning.question(text) if context.meaning is not None else None
    citations = tuple(
        cite(
            context,
            rank,
            c,
            wanted,
            settings.evidence_sentences if rank == 1 else 1,
            meant if rank == 1 else None,
        )
        for rank, c in enumerate(verdict.cited, start=1)
    )
    matched = sum(qualifies(c, settings.relevance) for c in found)
    return Answer(question, AnswerKind.ANSWER, context.messages.quotes(citations), citations, matched=matched)


def examine(
    context: Context, text: str, wanted: dict[str, float], period: Period = NO_PERIOD, k: int = 0
) -> list[Candidate]:
    """The top ``k`` (default ``answer.candidates``) retrieved papers with what the relevance test
    weighs (bench/calibrate.py replays it)."""
    hits = search(context, text, k or context.settings.candidates, period)
    similarities = context.index.similarity(text, [hit.paper.id for hit in hits])
    return candidates(hits, wanted, context.evidence, similarities)


def cite(
    context: Context,
    rank: int,
    candidate: Candidate,
    wanted: dict[str, float],
    n: int,
    meant: np.ndarray | None = None,
) -> Citation:
    paper = candidate.hit.paper
    summary = context.evidence.summary(paper)
    chosen = quotes(context, paper, wanted, n, meant)
    return Citation(rank, paper, candidate.hit.score, summary, chosen or (summary,))


def quotes(
    context: Context, paper: Paper, wanted: dict[str, float], n: int, meant: np.ndarray | None = None
) -> tuple[str, ...]:
    """The best sentence, then further ones only if they answer a part of the question the
    sentences before them did not (no second quote that merely repeats a term). With the
    question's embedding ``meant``, sentences are ranked by words and meaning together, and one
    that says what the question asks in other words may be quoted."""
    relevance = context.settings.relevance
    chosen: list[str] = []
    covered: set[str] = set()
    for sentence in context.evidence.best_sentences(
        paper, wanted, n + 3, _similarities(context, paper, meant)
    ):
        similar = sentence.similarity is not None and sentence.similarity >= relevance.quote_similarity
        if len(chosen) == n or (sentence.coverage < relevance.evidence_coverage and not similar):
            break
        if chosen and sentence.terms <= covered and not similar:
            continue
        chosen.append(sentence.text)
        covered |= sentence.terms
    return tuple(chosen)


def _similarities(context: Context, paper: Paper, meant: np.ndarray | None) -> list[float] | None:
    if context.meaning is None or meant is None:
        return None
    sentences = [s.text for s in context.evidence.analyzed(paper).sentences]
    return context.meaning.similarities(paper.id, sentences, meant)
