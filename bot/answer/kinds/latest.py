""" "latest papers (on X)": the relevant papers, newest first."""

from __future__ import annotations

from bot.answer.kinds.common import filters, in_years, nothing, paper_list, weights
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
                context, question, "Latest papers", in_years(context.lookup.newest(), intent.years)
            )
        wanted = weights(context, intent.text)
        hits = context.index.search(intent.text, k=LATEST_POOL, filters=filters(intent)) if wanted else []
        floor = context.settings.relevance.min_coverage
        analyzed = context.evidence.analyzed
        relevant = [h.paper for h in hits if coverage(wanted, analyzed(h.paper).terms) >= floor]
        if not relevant:
            return nothing(context, question, intent.text, [])
        return paper_list(context, question, f"Latest papers on {intent.text}", newest_first(relevant))
