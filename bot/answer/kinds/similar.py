""" "papers like X" / "more like [2]": the papers closest to one paper."""

from __future__ import annotations

from bot.answer.kinds.common import paper_list
from bot.answer.kinds.context import Context, Request
from bot.answer.query import Intent, IntentKind
from bot.answer.types import Answer, AnswerKind
from bot.models import Paper


class Similar:
    def handles(self, intent: Intent) -> bool:
        return intent.kind is IntentKind.SIMILAR

    def answer(self, request: Request, context: Context) -> Answer:
        question = request.question
        target = _target(request, context)
        if target is None:
            lead = f"I could not tell which paper “{request.intent.text}” is."
            return Answer(question, AnswerKind.NO_ANSWER, lead)
        hits = context.index.similar(target.id, k=context.settings.list_size)
        floor = context.settings.relevance.similar_score_ratio * (hits[0].score if hits else 0.0)
        hits = [h for h in hits if h.score >= floor]
        if not hits:
            lead = f"Nothing else in the corpus is like “{target.title}”."
            return Answer(question, AnswerKind.NO_ANSWER, lead)
        return paper_list(context, question, f"Papers like “{target.title}”", [h.paper for h in hits], hits)


def _target(request: Request, context: Context) -> Paper | None:
    intent, turn = request.intent, request.turn
    if intent.ref is not None:
        found = turn.paper(intent.ref) if turn else None
        return found[1] if found else None
    settings = context.settings.lookup
    return context.lookup.find(intent.text, settings.title_cutoff, settings.title_margin)
