"""An arXiv id or link: that paper's card."""

from __future__ import annotations

from bot.answer.kinds.common import paper_answer
from bot.answer.kinds.context import Context, Request
from bot.answer.query import Intent, IntentKind
from bot.answer.types import Answer, AnswerKind


class ById:
    def handles(self, intent: Intent) -> bool:
        return intent.kind is IntentKind.PAPER_ID

    def answer(self, request: Request, context: Context) -> Answer:
        arxiv_id = request.intent.text
        paper = context.lookup.get(arxiv_id)
        if paper is None:
            return Answer(request.question, AnswerKind.NO_ANSWER, f"arXiv:{arxiv_id} is not in the corpus.")
        return paper_answer(context, request.question, paper)
