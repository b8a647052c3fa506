"""Questions about a paper the previous answer cited ("who wrote the second one?", "[2]")."""

from __future__ import annotations

from dataclasses import replace

from bot.answer.kinds import similar
from bot.answer.kinds.common import paper_answer, quoted, weights
from bot.answer.kinds.context import Context, Request
from bot.answer.kinds.facts import license_fact, record_fact, silent
from bot.answer.query import Aspect, Intent, IntentKind
from bot.answer.types import Answer, AnswerKind, Citation

RECORD_ASPECTS = (Aspect.AUTHORS, Aspect.DATE, Aspect.LINK)


class FollowUp:
    def handles(self, intent: Intent) -> bool:
        return intent.kind is IntentKind.FOLLOW_UP

    def answer(self, request: Request, context: Context) -> Answer | None:
        intent, turn, question = request.intent, request.turn, request.question
        if turn is None:
            return None
        found = turn.paper(intent.ref)
        if found is None:
            lead = f"The last answer cited {len(turn.papers)} paper(s); there is no [{intent.ref}]."
            return Answer(question, AnswerKind.NO_ANSWER, lead)
        rank, paper = found
        if request.conversation:
            context.memory.focus(request.conversation, rank)
        aspect = intent.aspect
        if aspect is Aspect.SIMILAR:
            like = replace(request, intent=Intent(IntentKind.SIMILAR, paper.id, ref=rank))
            return similar.Similar().answer(like, context)
        if aspect is Aspect.DETAILS:
            return paper_answer(context, question, paper, rank)
        if aspect in RECORD_ASPECTS:
            return record_fact(context, question, rank, paper, aspect)
        if aspect is Aspect.LICENSE:
            return license_fact(context, question, rank, paper)
        wanted = weights(context, intent.text)
        if not wanted:  # "what about [2]?"
            return paper_answer(context, question, paper, rank)
        best = context.evidence.best_sentences(paper, wanted, context.settings.evidence_sentences)
        summary = context.evidence.summary(paper)
        if best and best[0].coverage >= context.settings.relevance.min_coverage:
            citation = Citation(rank, paper, best[0].score, summary, tuple(s.text for s in best))
            return quoted(context, question, citation)
        if intent.ref is None:
            return None  # "what time is it in Tokyo?" is not about the last answer
        return silent(question, rank, paper, summary, "say")
