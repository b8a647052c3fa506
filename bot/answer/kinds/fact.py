"""A fact about one named paper: its authors, date, category or link (from the record), its
licence (from the abstract), or a number ("how much faster is X than Y?": the sentence with it)."""

from __future__ import annotations

import re

from bot.answer.kinds.common import nothing, quoted, weights
from bot.answer.kinds.context import Context, Request
from bot.answer.kinds.facts import license_fact, record_fact
from bot.answer.kinds.open_question import ask, examine
from bot.answer.kinds.resolve import resolve
from bot.answer.query import Aspect, Intent, IntentKind, quantity_free
from bot.answer.relevance import judge
from bot.answer.types import Answer, AnswerKind, Citation

_NUMBER = re.compile(r"\d")


class Fact:
    def handles(self, intent: Intent) -> bool:
        return intent.kind is IntentKind.FACT

    def answer(self, request: Request, context: Context) -> Answer:
        intent, question = request.intent, request.question
        if intent.aspect is Aspect.NUMBER:
            return number(context, request)
        paper = resolve(context, intent.text)
        if paper is None:
            missing = nothing(context, question, intent.text, [])
            lead = f"I could not tell which paper “{intent.text}” is."
            return Answer(question, AnswerKind.NO_ANSWER, lead, suggestions=missing.suggestions)
        if intent.aspect is Aspect.LICENSE:
            return license_fact(context, question, 1, paper)
        assert intent.aspect is not None, "fact intents name their aspect"
        return record_fact(context, question, 1, paper, intent.aspect)


def number(context: Context, request: Request) -> Answer:
    """The relevant papers are found from the topic alone ("how much faster" is what the sentence
    must answer, not words a paper must contain); the quote is the best sentence with a number."""
    intent, question = request.intent, request.question
    topic = quantity_free(intent.text)
    about, asked = weights(context, topic), weights(context, intent.text)
    if not about:
        return ask(context, question, intent.text, intent.period)
    settings = context.settings
    verdict = judge(examine(context, topic, about, intent.period), settings.relevance, 1)
    if not verdict.cited:
        return ask(context, question, intent.text, intent.period)
    paper = verdict.cited[0].hit.paper
    numbered = [
        sentence
        for sentence in context.evidence.best_sentences(
            paper, asked, len(context.evidence.analyzed(paper).sentences)
        )
        if _NUMBER.search(sentence.text) and sentence.score > 0
    ]
    if not numbered:
        return ask(context, question, intent.text, intent.period)
    citation = Citation(
        1, paper, verdict.cited[0].hit.score, context.evidence.summary(paper), (numbered[0].text,)
    )
    return quoted(context, question, citation)
