"""Greetings, "help", an empty message: how to use the bot."""

from __future__ import annotations

from bot.answer.kinds.context import Context, Request
from bot.answer.query import Intent, IntentKind
from bot.answer.types import Answer, AnswerKind


class Help:
    def handles(self, intent: Intent) -> bool:
        return intent.kind is IntentKind.HELP

    def answer(self, request: Request, context: Context) -> Answer:
        papers = len(context.index.papers)
        return Answer(request.question, AnswerKind.HELP, context.messages.help(), matched=papers)
