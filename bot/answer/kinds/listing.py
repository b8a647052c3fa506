""" "which papers use X?", "papers that ...", "list papers from 2026": every relevant paper (up to
``answer.list_size``), best first, each with the sentence that makes it relevant."""

from __future__ import annotations

from bot.answer.kinds.common import in_period, nothing, paper_list, weights
from bot.answer.kinds.context import Context, Request
from bot.answer.kinds.open_question import examine, quotes
from bot.answer.query import Intent, IntentKind
from bot.answer.relevance import qualifies
from bot.answer.types import Answer, AnswerKind, Citation

# Papers examined for a list; those passing the relevance test are listed.
LIST_POOL = 100


class PaperList:
    def handles(self, intent: Intent) -> bool:
        return intent.kind is IntentKind.LIST

    def answer(self, request: Request, context: Context) -> Answer:
        intent, question = request.intent, request.question
        period, topic = intent.period, intent.text
        when = f" {period.describe()}" if period.active else ""
        wanted = weights(context, topic)
        if not wanted:  # "list papers from 2026": everything the period holds
            papers = in_period(context.lookup.newest(), period)
            if not papers:
                return Answer(question, AnswerKind.NO_ANSWER, f"I know no papers{when}.")
            return paper_list(context, question, f"Papers{when}" if when else "Latest papers", papers)
        relevance = context.settings.relevance
        found = examine(context, topic, wanted, period, LIST_POOL)
        # A list is for recall: every paper covering the topic, and those meaning it in other words.
        relevant = [c.hit for c in found if c.coverage >= relevance.min_coverage or qualifies(c, relevance)]
        if not relevant:
            return nothing(context, question, topic, [])
        citations = tuple(
            Citation(rank, hit.paper, hit.score, summary, quotes(context, hit.paper, wanted, 1) or (summary,))
            for rank, hit in enumerate(relevant[: context.settings.list_size], 1)
            for summary in (context.evidence.summary(hit.paper),)
        )
        return Answer(
            question, AnswerKind.PAPERS, f"Papers on {topic}{when}", citations, matched=len(relevant)
        )
