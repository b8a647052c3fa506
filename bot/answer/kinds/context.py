"""What every question kind is handed: the corpus snapshot's tools (``Context``) and the question
being answered (``Request``). Plain data; the kinds hold no state of their own."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from bot.answer.evidence import EvidenceFinder
from bot.answer.lookup import PaperLookup
from bot.answer.meaning import SentenceMeanings
from bot.answer.memory import ConversationMemory, Turn
from bot.answer.query import Intent
from bot.answer.settings import AnswerSettings
from bot.answer.types import Answer, Citation
from bot.models import Paper
from bot.search.semantic import Encoder
from bot.search.types import Filters, Hit


class Analyzing(Protocol):
    def analyze(self, text: str) -> list[str]: ...


class SearchIndex(Protocol):
    """What the answer layer needs from the search layer (``bot.search.PaperIndex`` provides it)."""

    # Read-only, so that an index holding a tuple (or any other sequence) provides it.
    @property
    def papers(self) -> Sequence[Paper]: ...

    def search(self, query: str, k: int = 10, filters: Filters | None = None) -> list[Hit]: ...
    def similar(self, paper_id: str, k: int = 5, filters: Filters | None = None) -> list[Hit]: ...
    def doc_freq(self, term: str) -> int: ...
    def similarity(self, text: str, paper_ids: Sequence[str]) -> list[float] | None: ...

    @property
    def analyzer(self) -> Analyzing: ...
    @property
    def encoder(self) -> Encoder | None: ...


@dataclass(frozen=True, slots=True)
class Messages:
    """Plain-text phrasings the kinds need; the renderer styles them."""

    quotes: Callable[[Sequence[Citation]], str]  # the lead of an evidence answer, as plain text
    help: Callable[[], str]


@dataclass(frozen=True, slots=True)
class Context:
    """One corpus snapshot's tools, shared by every kind and every question."""

    index: SearchIndex
    lookup: PaperLookup
    settings: AnswerSettings
    memory: ConversationMemory
    evidence: EvidenceFinder
    messages: Messages
    meaning: SentenceMeanings | None = None  # sentence embeddings, when the index has a model


@dataclass(frozen=True, slots=True)
class Request:
    """One question as understood, with the conversation it belongs to (if any)."""

    question: str  # as asked
    intent: Intent
    turn: Turn | None = None  # the conversation's previous answer, for follow-ups
    conversation: str | None = None


class Kind(Protocol):
    """One kind of question: which intents it takes, and how it answers them.

    ``answer`` may decline with None (a follow-up turning out not to be about the last answer):
    the question is then understood afresh, without the conversation.
    """

    def handles(self, intent: Intent) -> bool: ...
    def answer(self, request: Request, context: Context) -> Answer | None: ...
