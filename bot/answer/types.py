"""Data crossing the answer layer's boundary: what the CLI and Discord render."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from bot.models import Paper


class AnswerKind(StrEnum):
    ANSWER = "answer"  # evidence-backed answer with citations
    NO_ANSWER = "no_answer"  # nothing relevant in the corpus (maybe with suggestions)
    HELP = "help"  # greeting / usage
    PAPER = "paper"  # one paper looked up (id, URL, title)
    PAPERS = "papers"  # a list (by author, latest on X, similar, "which papers ...")
    COMPARISON = "comparison"  # one citation per paper compared, their sentences side by side
    FACT = "fact"  # a fact from a paper's record (authors, date, category, link)


@dataclass(frozen=True, slots=True)
class Citation:
    rank: int  # 1-based marker used in the lead: [1], [2]...
    paper: Paper
    score: float
    summary: str  # the abstract's most informative sentence, one line
    evidence: tuple[str, ...] = ()  # sentences quoted in the lead, best first


@dataclass(frozen=True, slots=True)
class Answer:
    query: str
    kind: AnswerKind
    lead: str  # text with [n] markers (or the no-answer / help message)
    citations: tuple[Citation, ...] = ()
    suggestions: tuple[Paper, ...] = ()  # close matches offered when nothing answers
    matched: int = 0  # how many papers matched the query at all

    @property
    def found(self) -> bool:
        return self.kind not in (AnswerKind.NO_ANSWER, AnswerKind.HELP) and bool(self.citations)


@dataclass(frozen=True, slots=True)
class EmbedField:
    name: str
    value: str
    inline: bool = False


@dataclass(frozen=True, slots=True)
class EmbedSpec:
    """A Discord embed as plain data, within Discord's limits by construction."""

    title: str
    description: str
    url: str | None = None
    fields: tuple[EmbedField, ...] = ()
    footer: str = ""
    color: int = 0x4F7CAC
    extra: dict[str, str] = field(default_factory=dict)
