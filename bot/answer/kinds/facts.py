"""Facts about one paper from its record (authors, date, link) or its abstract (licence), said
plainly, or said to be missing when the corpus lacks them."""

from __future__ import annotations

import re

from bot.answer.kinds.common import quoted
from bot.answer.kinds.context import Context
from bot.answer.query import Aspect
from bot.answer.types import Answer, AnswerKind, Citation
from bot.models import Paper

# How abstracts state a licence: the word itself, a named licence, or an open release with terms.
LICENSING = re.compile(
    r"\b(?:licen[cs]e[ds]?|licensing|apache(?:\s+\d(?:\.\d)?)?|mit\s+licen[cs]e|cc[- ]by|creative\s+commons|"
    r"[al]?gpl(?:v?\d)?|bsd\s+licen[cs]e|we\s+open[- ]source|open[- ]sourced)\b",
    re.IGNORECASE,
)


def record_fact(context: Context, question: str, rank: int, paper: Paper, aspect: Aspect) -> Answer:
    """Authors, date or link, from the paper's record."""
    citation = Citation(rank, paper, 1.0, context.evidence.summary(paper))
    return Answer(question, AnswerKind.ANSWER, fact_lead(paper, rank, aspect), (citation,), matched=1)


def fact_lead(paper: Paper, rank: int, aspect: Aspect) -> str:
    title = f"“{paper.title}” [{rank}]"
    if aspect is Aspect.AUTHORS:
        if not paper.authors:
            return f"The corpus does not list the authors of {title}."
        names = ", ".join(paper.authors)
        tail = " et al. (the corpus has only the first names)" if not paper.authors_complete else ""
        return f"{title} is by {names}{tail}."
    if aspect is Aspect.DATE:
        if paper.published:
            updated = f" (updated {paper.updated.isoformat()})" if paper.updated else ""
            return f"{title} was published on {paper.published.isoformat()}{updated}."
        if paper.year:
            return f"{title} is from {paper.year}."
        return f"The corpus has no date for {title}."
    return f"{title}: {paper.url}" if paper.url else f"The corpus has no arXiv link for {title}."


def license_fact(context: Context, question: str, rank: int, paper: Paper) -> Answer:
    """Abstracts state licences in many ways ("under the Apache 2.0 license", "open-source X
    (Apache 2.0)"), rarely with the word the user asks with, so look for the statement itself."""
    summary = context.evidence.summary(paper)
    sentences = context.evidence.analyzed(paper).sentences
    stated = tuple(s.text for s in sentences if LICENSING.search(s.text))
    if not stated:
        return silent(question, rank, paper, summary, "mention a license")
    limit = context.settings.evidence_sentences
    return quoted(context, question, Citation(rank, paper, 1.0, summary, stated[:limit]))


def silent(question: str, rank: int, paper: Paper, summary: str, what: str) -> Answer:
    """The paper's abstract has nothing on what was asked: say so, still citing that paper."""
    lead = f"The abstract of “{paper.title}” [{rank}] does not {what}."
    return Answer(question, AnswerKind.ANSWER, lead, (Citation(rank, paper, 0.0, summary),), matched=1)
