""" "latest papers (on X)": the relevant papers, newest first."""

from __future__ import annotations

from bot.answer.kinds.common import in_period, nothing, paper_list, search, weights
from bot.answer.kinds.context import Context, Request
from bot.answer.lookup import newest_first
from bot.answer.query import Intent, IntentKind
from bot.answer.relevance import coverage
from bot.answer.types import Answer

# Examined for "latest papers on X": relevant ones are then sorted by date.
LATEST_POOL = 100


class Latest:
    def handles(self, intent: Intent) -> bool:
        return intent.kind is IntentKind.LATEST

    def answer(self, request: Request, context: Context) -> Answer:
        intent, question = request.intent, request.question
        if not intent.text:
            return paper_list(
                context, question, "Latest papers", in_period(context.lookup.newest(), intent.period)
            )
        wanted = weights(context, intent.text)
        hits = search(context, intent.text, LATEST_POOL, intent.period) if wanted else []
        floor = context.settings.relevance.min_coverage
        analyzed = context.evidence.analyzed
        relevant = [h.paper for h in hits if coverage(wanted, analyzed(h.paper).terms) >= floor]
        if not relevant:
            return nothing(context, question, intent.text, [])
        return paper_list(context, question, f"Latest papers on {intent.text}", newest_first(relevant))
