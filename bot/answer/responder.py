"""Question in, ``Answer`` out: understand it, pick the kind that handles it, answer, remember.

The kinds (``bot.answer.kinds``) do the answering; the responder only dispatches. It owns no text
styling (that is ``render``) and no I/O, and works on one snapshot of the corpus (index + lookup);
the engine swaps snapshots on reload.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from datetime import date

from bot.answer.evidence import EvidenceFinder
from bot.answer.kinds import KINDS, Context, Kind, Messages, Request
from bot.answer.kinds.common import paper_answer
from bot.answer.kinds.context import SearchIndex
from bot.answer.lookup import PaperLookup
from bot.answer.meaning import SentenceMeanings
from bot.answer.memory import ConversationMemory
from bot.answer.query import IntentKind, understand
from bot.answer.relevance import idf_weight
from bot.answer.settings import AnswerSettings
from bot.answer.types import Answer
from bot.models import Paper

# Distinct terms whose idf is remembered (the index's own lookup is slower than a dict).
IDF_CACHE = 1_000_000

__all__ = ["Messages", "Responder", "SearchIndex"]


class Responder:
    def __init__(
        self,
        index: SearchIndex,
        lookup: PaperLookup,
        settings: AnswerSettings,
        memory: ConversationMemory,
        messages: Messages,
        kinds: Sequence[Kind] = KINDS,
        today: Callable[[], date] = date.today,
    ) -> None:
        n_docs = len(index.papers)
        # Summaries weigh every word of an abstract: remember each word's idf once looked up.
        idf = functools.lru_cache(maxsize=IDF_CACHE)(lambda term: idf_weight(index.doc_freq(term), n_docs))
        evidence = EvidenceFinder(index.analyzer.analyze, idf, settings.sentences)
        meaning = SentenceMeanings(index.encoder) if index.encoder is not None else None
        self.context = Context(index, lookup, settings, memory, evidence, messages, meaning)
        self.kinds = tuple(kinds)
        self.today = today  # relative dates ("last month") are read against it

    @property
    def evidence(self) -> EvidenceFinder:
        return self.context.evidence

    def answer(self, question: str, conversation: str | None = None) -> Answer:
        memory = self.context.memory
        turn = memory.recall(conversation) if conversation else None
        today = self.today()
        intent = understand(question, has_memory=turn is not None, today=today)
        request = Request(question, intent, turn, conversation)
        answer = self._pick(request).answer(request, self.context)
        if answer is None:  # a follow-up that is not about the last answer after all
            request = Request(question, understand(question, today=today), None, conversation)
            answer = self._pick(request).answer(request, self.context)
        assert answer is not None, "only follow-ups decline, and the question is no longer one"
        if conversation and answer.citations and request.intent.kind is not IntentKind.FOLLOW_UP:
            memory.remember(conversation, question, tuple(c.paper for c in answer.citations))
        return answer

    def paper_answer(self, question: str, paper: Paper, rank: int = 1) -> Answer:
        return paper_answer(self.context, question, paper, rank)

    def _pick(self, request: Request) -> Kind:
        return next(kind for kind in self.kinds if kind.handles(request.intent))
