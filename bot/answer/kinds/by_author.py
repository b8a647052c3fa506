""" "papers by NAME": the author's papers, newest first, misspelt names forgiven."""

from __future__ import annotations

from bot.answer.kinds.common import in_years, paper_list
from bot.answer.kinds.context import Context, Request
from bot.answer.query import Intent, IntentKind
from bot.answer.types import Answer, AnswerKind


class ByAuthor:
    def handles(self, intent: Intent) -> bool:
        return intent.kind is IntentKind.BY_AUTHOR

    def answer(self, request: Request, context: Context) -> Answer:
        intent, lookup = request.intent, context.lookup
        cutoff = context.settings.lookup.author_cutoff
        papers = in_years(lookup.by_author(intent.text, cutoff), intent.years)
        if not papers:
            return Answer(request.question, AnswerKind.NO_ANSWER, f"I know no papers by {intent.text}.")
        names = lookup.matching_authors(intent.text, cutoff)
        shown = lookup.display_name(names[0]) if len(names) == 1 else intent.text
        return paper_list(context, request.question, f"Papers by {shown}", papers)
