""" "compare A and B", "A vs B", "difference between A and B": one citation per named paper, each
with the sentences that say what it is (or what it does on the compared point), side by side."""

from __future__ import annotations

from bot.answer.kinds.common import weights
from bot.answer.kinds.context import Context, Request
from bot.answer.kinds.open_question import ask, quotes
from bot.answer.kinds.resolve import resolve
from bot.answer.query import Intent, IntentKind, without_request_words
from bot.answer.types import Answer, AnswerKind, Citation
from bot.models import Paper


class Compare:
    def handles(self, intent: Intent) -> bool:
        return intent.kind is IntentKind.COMPARE

    def answer(self, request: Request, context: Context) -> Answer:
        intent, question = request.intent, request.question
        sides = [(side, resolve(context, side)) for side in intent.sides]
        papers = list(dict.fromkeys(paper for _, paper in sides if paper is not None))
        missing = [side for side, paper in sides if paper is None]
        if len(papers) >= 2 and not missing:
            return _comparison(context, question, intent, sides)
        # One paper named twice, or a side the corpus has no paper on: what does the corpus say
        # about the question as a whole? ("debate vs consultancy" is one paper's topic.)
        whole = ask(context, question, without_request_words(intent.text), intent.period)
        if whole.found or not missing:
            return whole
        named = ", ".join(f"“{side}”" for side in missing)
        lead = f"I found no paper on {named} to compare."
        suggestions = tuple(dict.fromkeys([*papers, *whole.suggestions]))[: context.settings.max_citations]
        return Answer(question, AnswerKind.NO_ANSWER, lead, suggestions=suggestions)


def _comparison(
    context: Context, question: str, intent: Intent, sides: list[tuple[str, Paper | None]]
) -> Answer:
    citations: list[Citation] = []
    seen: set[str] = set()
    for side, paper in sides:
        if paper is None or paper.id in seen or len(citations) == context.settings.max_citations:
            continue
        seen.add(paper.id)
        # Each paper's own words on the point compared ("on latency"), else on what it is.
        wanted = weights(context, f"{side} {intent.facet}")
        summary = context.evidence.summary(paper)
        said = quotes(context, paper, wanted, context.settings.evidence_sentences) if wanted else ()
        citations.append(Citation(len(citations) + 1, paper, 1.0, summary, said or (summary,)))
    cited = tuple(citations)
    return Answer(question, AnswerKind.COMPARISON, context.messages.quotes(cited), cited, matched=len(cited))
