"""Question in, ``Answer`` out: understand, retrieve, find evidence, decide, remember.

The responder owns no text styling (that is ``render``) and no I/O. It works on one snapshot of
the corpus (index + lookup); the engine swaps snapshots on reload.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from bot.answer.evidence import EvidenceFinder
from bot.answer.lookup import PaperLookup, newest_first
from bot.answer.memory import ConversationMemory, Turn
from bot.answer.query import Aspect, Intent, IntentKind, understand
from bot.answer.relevance import Candidate, coverage, idf_weight, judge, term_weights
from bot.answer.settings import AnswerSettings
from bot.answer.types import Answer, AnswerKind, Citation
from bot.models import Paper
from bot.search.types import Filters, Hit

# Examined for "latest papers on X": relevant ones are then sorted by date.
LATEST_POOL = 100
# Distinct terms whose idf is remembered (the index's own lookup is slower than a dict).
IDF_CACHE = 1_000_000


class SearchIndex(Protocol):
    """What the responder needs from the search layer (``bot.search.PaperIndex`` provides it)."""

    # Read-only, so that an index holding a tuple (or any other sequence) provides it.
    @property
    def papers(self) -> Sequence[Paper]: ...

    def search(self, query: str, k: int = 10, filters: Filters | None = None) -> list[Hit]: ...
    def similar(self, paper_id: str, k: int = 5, filters: Filters | None = None) -> list[Hit]: ...
    def doc_freq(self, term: str) -> int: ...

    @property
    def analyzer(self) -> Analyzing: ...


class Analyzing(Protocol):
    def analyze(self, text: str) -> list[str]: ...


@dataclass(frozen=True, slots=True)
class Messages:
    """Plain-text phrasings the responder needs; the renderer styles them."""

    quotes: Callable[[Sequence[Citation]], str]  # the lead of an evidence answer, as plain text
    help: Callable[[], str]


class Responder:
    def __init__(
        self,
        index: SearchIndex,
        lookup: PaperLookup,
        settings: AnswerSettings,
        memory: ConversationMemory,
        messages: Messages,
    ) -> None:
        self.index = index
        self.lookup = lookup
        self.settings = settings
        self.memory = memory
        self.messages = messages
        n_docs = len(index.papers)
        # Summaries weigh every word of an abstract: remember each word's idf once looked up.
        idf = functools.lru_cache(maxsize=IDF_CACHE)(lambda term: idf_weight(index.doc_freq(term), n_docs))
        self.evidence = EvidenceFinder(index.analyzer.analyze, idf, settings.sentences)

    # -- entry point ---------------------------------------------------------------------------

    def answer(self, question: str, conversation: str | None = None) -> Answer:
        turn = self.memory.recall(conversation) if conversation else None
        intent = understand(question, has_memory=turn is not None)
        answer = self._dispatch(question, intent, turn, conversation)
        if conversation and answer.citations and intent.kind is not IntentKind.FOLLOW_UP:
            self.memory.remember(conversation, question, tuple(c.paper for c in answer.citations))
        return answer

    def _dispatch(self, question: str, intent: Intent, turn: Turn | None, conversation: str | None) -> Answer:
        kind = intent.kind
        if kind is IntentKind.HELP:
            return Answer(question, AnswerKind.HELP, self.messages.help(), matched=len(self.index.papers))
        if kind is IntentKind.FOLLOW_UP and turn is not None:
            follow = self._follow_up(question, intent, turn, conversation)
            if follow is not None:
                return follow
            intent = understand(question)  # not about the last answer after all
            kind = intent.kind
        if kind is IntentKind.PAPER_ID:
            return self._by_id(question, intent.text)
        if kind is IntentKind.BY_AUTHOR:
            return self._by_author(question, intent)
        if kind is IntentKind.LATEST:
            return self._latest(question, intent)
        if kind is IntentKind.SIMILAR:
            return self._similar(question, intent, turn)
        return self.ask(question, intent.text, _filters(intent))

    # -- evidence answers ----------------------------------------------------------------------

    def ask(self, question: str, text: str, filters: Filters | None = None) -> Answer:
        weights = self._weights(text)
        if not weights:
            lead = "I need a few words about the topic to search for (try “help”)."
            return Answer(question, AnswerKind.NO_ANSWER, lead)
        hits = self.index.search(text, k=self.settings.candidates, filters=filters)
        candidates = [self._candidate(hit, weights) for hit in hits]
        verdict = judge(candidates, self.settings.relevance, self.settings.max_citations)
        if not verdict.cited:
            return self._nothing(question, text, [c.hit.paper for c in verdict.suggestions])
        citations = tuple(
            self._cite(
                rank, c.hit.paper, c.hit.score, weights, self.settings.evidence_sentences if rank == 1 else 1
            )
            for rank, c in enumerate(verdict.cited, start=1)
        )
        matched = sum(c.coverage >= self.settings.relevance.min_coverage for c in candidates)
        return Answer(
            question, AnswerKind.ANSWER, self.messages.quotes(citations), citations, matched=matched
        )

    def _candidate(self, hit: Hit, weights: dict[str, float]) -> Candidate:
        covered = coverage(weights, self.evidence.analyzed(hit.paper).terms)
        return Candidate(hit, covered, self.evidence.sentence_coverage(hit.paper, weights))

    def _cite(self, rank: int, paper: Paper, score: float, weights: dict[str, float], n: int) -> Citation:
        summary = self.evidence.summary(paper)
        quotes = self._quotes(paper, weights, n)
        return Citation(rank, paper, score, summary, quotes or (summary,))

    def _quotes(self, paper: Paper, weights: dict[str, float], n: int) -> tuple[str, ...]:
        """The best sentence, then further ones only if they answer a part of the question the
        sentences before them did not (no second quote that merely repeats a term)."""
        wanted = self.settings.relevance.evidence_coverage
        quotes: list[str] = []
        covered: set[str] = set()
        for sentence in self.evidence.best_sentences(paper, weights, n + 3):
            if len(quotes) == n or sentence.coverage < wanted:
                break
            if quotes and sentence.terms <= covered:
                continue
            quotes.append(sentence.text)
            covered |= sentence.terms
        return tuple(quotes)

    def _nothing(self, question: str, text: str, near: list[Paper]) -> Answer:
        settings = self.settings.lookup
        titled = [m.paper for m in self.lookup.closest_titles(text, 3, cutoff=settings.title_cutoff)]
        suggestions = tuple(dict.fromkeys([*titled, *near]))[: self.settings.max_citations]
        lead = "I found nothing in the corpus on that."
        return Answer(question, AnswerKind.NO_ANSWER, lead, suggestions=suggestions)

    def _weights(self, text: str) -> dict[str, float]:
        terms = self.index.analyzer.analyze(text)
        return term_weights(terms, self.index.doc_freq, len(self.index.papers))

    # -- lookups -------------------------------------------------------------------------------

    def _by_id(self, question: str, arxiv_id: str) -> Answer:
        paper = self.lookup.get(arxiv_id)
        if paper is None:
            lead = f"arXiv:{arxiv_id} is not in the corpus."
            return Answer(question, AnswerKind.NO_ANSWER, lead)
        return self.paper_answer(question, paper)

    def paper_answer(self, question: str, paper: Paper, rank: int = 1) -> Answer:
        citation = Citation(rank, paper, 1.0, self.evidence.summary(paper))
        return Answer(question, AnswerKind.PAPER, paper.title, (citation,), matched=1)

    def _by_author(self, question: str, intent: Intent) -> Answer:
        papers = _in_years(
            self.lookup.by_author(intent.text, self.settings.lookup.author_cutoff), intent.years
        )
        names = self.lookup.matching_authors(intent.text, self.settings.lookup.author_cutoff)
        if not papers:
            return Answer(question, AnswerKind.NO_ANSWER, f"I know no papers by {intent.text}.")
        shown = self.lookup.display_name(names[0]) if len(names) == 1 else intent.text
        return self._list(question, f"Papers by {shown}", papers)

    def _latest(self, question: str, intent: Intent) -> Answer:
        filters = _filters(intent)
        if not intent.text:
            return self._list(question, "Latest papers", _in_years(self.lookup.newest(), intent.years))
        weights = self._weights(intent.text)
        hits = self.index.search(intent.text, k=LATEST_POOL, filters=filters) if weights else []
        wanted = self.settings.relevance.min_coverage
        relevant = [
            h.paper for h in hits if coverage(weights, self.evidence.analyzed(h.paper).terms) >= wanted
        ]
        if not relevant:
            return self._nothing(question, intent.text, [])
        return self._list(question, f"Latest papers on {intent.text}", newest_first(relevant))

    def _similar(self, question: str, intent: Intent, turn: Turn | None) -> Answer:
        target = self._target(intent, turn)
        if target is None:
            return Answer(question, AnswerKind.NO_ANSWER, f"I could not tell which paper “{intent.text}” is.")
        hits = self.index.similar(target.id, k=self.settings.list_size)
        floor = self.settings.relevance.similar_score_ratio * (hits[0].score if hits else 0.0)
        hits = [h for h in hits if h.score >= floor]
        if not hits:
            return Answer(
                question, AnswerKind.NO_ANSWER, f"Nothing else in the corpus is like “{target.title}”."
            )
        return self._list(question, f"Papers like “{target.title}”", [h.paper for h in hits], hits)

    def _target(self, intent: Intent, turn: Turn | None) -> Paper | None:
        if intent.ref is not None:
            found = turn.paper(intent.ref) if turn else None
            return found[1] if found else None
        settings = self.settings.lookup
        return self.lookup.find(intent.text, settings.title_cutoff, settings.title_margin)

    def _list(self, question: str, heading: str, papers: Sequence[Paper], hits: Sequence[Hit] = ()) -> Answer:
        scores = [h.score for h in hits] or [1.0] * len(papers)
        citations = tuple(
            Citation(rank, paper, score, self.evidence.summary(paper))
            for rank, (paper, score) in enumerate(
                zip(papers[: self.settings.list_size], scores, strict=False), 1
            )
        )
        return Answer(question, AnswerKind.PAPERS, heading, citations, matched=len(papers))

    # -- follow-ups ----------------------------------------------------------------------------

    def _follow_up(
        self, question: str, intent: Intent, turn: Turn, conversation: str | None
    ) -> Answer | None:
        found = turn.paper(intent.ref)
        if found is None:
            lead = f"The last answer cited {len(turn.papers)} paper(s); there is no [{intent.ref}]."
            return Answer(question, AnswerKind.NO_ANSWER, lead)
        rank, paper = found
        if conversation:
            self.memory.focus(conversation, rank)
        aspect = intent.aspect
        if aspect is Aspect.SIMILAR:
            return self._similar(question, Intent(IntentKind.SIMILAR, paper.id, ref=rank), turn)
        if aspect is Aspect.DETAILS:
            return self.paper_answer(question, paper, rank)
        if aspect in (Aspect.AUTHORS, Aspect.DATE, Aspect.LINK):
            return self._fact(question, rank, paper, aspect)
        if aspect is Aspect.LICENSE:
            return self._license(question, rank, paper)
        weights = self._weights(intent.text)
        if not weights:  # "what about [2]?"
            return self.paper_answer(question, paper, rank)
        best = self.evidence.best_sentences(paper, weights, self.settings.evidence_sentences)
        summary = self.evidence.summary(paper)
        if best and best[0].coverage >= self.settings.relevance.min_coverage:
            return self._quoted(
                question, Citation(rank, paper, best[0].score, summary, tuple(s.text for s in best))
            )
        if intent.ref is None:
            return None  # "what time is it in Tokyo?" is not about the last answer
        return self._silent(question, rank, paper, summary, "say")

    def _license(self, question: str, rank: int, paper: Paper) -> Answer:
        """Abstracts state licences in many ways ("under the Apache 2.0 license", "open-source X
        (Apache 2.0)"), rarely with the word the user asks with, so look for the statement itself."""
        summary = self.evidence.summary(paper)
        stated = tuple(s.text for s in self.evidence.analyzed(paper).sentences if _LICENSING.search(s.text))
        if not stated:
            return self._silent(question, rank, paper, summary, "mention a license")
        return self._quoted(
            question, Citation(rank, paper, 1.0, summary, stated[: self.settings.evidence_sentences])
        )

    def _quoted(self, question: str, citation: Citation) -> Answer:
        """A follow-up answered by quoting the one paper it is about."""
        return Answer(question, AnswerKind.ANSWER, self.messages.quotes((citation,)), (citation,), matched=1)

    @staticmethod
    def _silent(question: str, rank: int, paper: Paper, summary: str, what: str) -> Answer:
        """A follow-up the paper's abstract has nothing on: say so, still citing that paper."""
        lead = f"The abstract of “{paper.title}” [{rank}] does not {what}."
        return Answer(question, AnswerKind.ANSWER, lead, (Citation(rank, paper, 0.0, summary),), matched=1)

    def _fact(self, question: str, rank: int, paper: Paper, aspect: Aspect) -> Answer:
        title = f"“{paper.title}” [{rank}]"
        if aspect is Aspect.AUTHORS:
            if not paper.authors:
                lead = f"The corpus does not list the authors of {title}."
            else:
                names = ", ".join(paper.authors)
                tail = " et al. (the corpus has only the first names)" if not paper.authors_complete else ""
                lead = f"{title} is by {names}{tail}."
        elif aspect is Aspect.DATE:
            if paper.published:
                updated = f" (updated {paper.updated.isoformat()})" if paper.updated else ""
                lead = f"{title} was published on {paper.published.isoformat()}{updated}."
            elif paper.year:
                lead = f"{title} is from {paper.year}."
            else:
                lead = f"The corpus has no date for {title}."
        else:
            lead = f"{title}: {paper.url}" if paper.url else f"The corpus has no arXiv link for {title}."
        citation = Citation(rank, paper, 1.0, self.evidence.summary(paper))
        return Answer(question, AnswerKind.ANSWER, lead, (citation,), matched=1)


# How abstracts state a licence: the word itself, a named licence, or an open release with terms.
_LICENSING = re.compile(
    r"\b(?:licen[cs]e[ds]?|licensing|apache(?:\s+\d(?:\.\d)?)?|mit\s+licen[cs]e|cc[- ]by|creative\s+commons|"
    r"[al]?gpl(?:v?\d)?|bsd\s+licen[cs]e|we\s+open[- ]source|open[- ]sourced)\b",
    re.IGNORECASE,
)


def _filters(intent: Intent) -> Filters | None:
    low, high = intent.years
    return Filters(year_from=low, year_to=high) if low is not None or high is not None else None


def _in_years(papers: Sequence[Paper], years: tuple[int | None, int | None]) -> list[Paper]:
    low, high = years
    return [
        p
        for p in papers
        if (low is None or (p.year is not None and p.year >= low))
        and (high is None or (p.year is not None and p.year <= high))
    ]
