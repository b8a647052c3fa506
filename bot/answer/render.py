"""One ``Answer``, three faces: Discord markdown (one message), a Discord embed, terminal text.

Templates (``templates.py``) style the pieces; this module decides which pieces to show so that
Discord's limits hold by construction (``budget.py``). Whoever shows answers owns a ``Renderer``
built from the operator's templates (the engine, and the Discord bot, which rebuilds its own on
/reload); the module-level functions use the bundled templates.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from bot.answer import budget
from bot.answer.budget import Detail, clip_embed, embed_fits
from bot.answer.embeds import chunks_of, paper_facts, rechunk
from bot.answer.query import normalize_arxiv_id
from bot.answer.safety import neutralize
from bot.answer.sentences import split_sentences
from bot.answer.settings import AnswerSettings
from bot.answer.templates import Templates
from bot.answer.types import Answer, AnswerKind, Citation, EmbedField, EmbedSpec
from bot.models import Paper
from bot.search.types import Hit

# Discord embed colours per kind (operators restyle text in the templates; colours are cosmetic).
COLORS = {
    AnswerKind.ANSWER: 0x4F7CAC,
    AnswerKind.PAPER: 0x4F7CAC,
    AnswerKind.PAPERS: 0x4F7CAC,
    AnswerKind.COMPARISON: 0x4F7CAC,
    AnswerKind.FACT: 0x4F7CAC,
    AnswerKind.NO_ANSWER: 0x9A9A9A,
    AnswerKind.HELP: 0x5FA052,
}
# List headings quote user text ("Papers by NAME"): keep them to a line.
HEADING_CHARS = 200
# A paper card shows at most this many authors before "et al." (the full list is in the JSON).
CARD_AUTHORS = 30
UNTITLED = "(untitled)"


def safe_url(paper: Paper) -> str | None:
    """The arXiv link, only for a well-formed id (corpus text must not be able to forge a link)."""
    if paper.arxiv_id and normalize_arxiv_id(paper.arxiv_id) == paper.arxiv_id:
        return paper.url
    return None


def title_of(paper: Paper, chars: int | None) -> str:
    """The title as shown; never empty, so ``**{{ title }}**`` cannot turn into a stray ``****``."""
    return budget.shorten(neutralize(paper.title), chars) or UNTITLED


class Renderer:
    def __init__(self, templates: Templates, max_authors: int = 3, evidence: int = 2) -> None:
        self.templates = templates
        self.max_authors = max_authors
        self.evidence = evidence

    @classmethod
    def from_settings(cls, settings: AnswerSettings) -> Renderer:
        return cls(Templates.load(settings.templates), settings.max_authors, settings.evidence_sentences)

    # -- public faces --------------------------------------------------------------------------

    def markdown(self, answer: Answer) -> str:
        return self._message(answer, "markdown", budget.MESSAGE_LIMIT)

    def text(self, answer: Answer) -> str:
        return self._message(answer, "text", None)

    def lead_text(self, citations: Sequence[Citation]) -> str:
        """The quotes of an evidence answer as plain text (``Answer.lead``, the JSON ``answer``)."""
        level = budget.answer_levels(self.max_authors, self.evidence)[0]
        return "\n".join(self._quotes("text", citations, level))

    def help(self, flavor: str = "markdown", papers: int | None = None) -> str:
        return self.templates.render(flavor, "help", papers=papers)

    def embed(self, answer: Answer) -> EmbedSpec:
        if answer.kind is AnswerKind.PAPER and answer.citations:
            return self.paper_embed(answer.citations[0].paper)
        levels = self._levels(answer)
        spec = budget.first_fitting(levels, lambda d: self._embed(answer, d), embed_fits)
        return spec if embed_fits(spec) else clip_embed(spec)

    def paper_embed(self, paper: Paper) -> EmbedSpec:
        """The full record; an abstract longer than a description continues in fields."""
        render = self.templates.render
        title = budget.shorten(render("embed", "message", text=paper.title), budget.EMBED_TITLE)
        chunks = chunks_of(render("embed", "message", text=paper.abstract), budget.EMBED_DESCRIPTION)
        fields = [
            EmbedField("Abstract (continued)", chunk)
            for chunk in rechunk(chunks[1:], budget.EMBED_FIELD_VALUE)
        ]
        facts = paper_facts(paper)
        if paper.authors:
            authors = budget.format_authors(paper.authors, paper.authors_complete, CARD_AUTHORS)
            facts.insert(0, ("Authors", render("embed", "message", text=authors)))
        # Facts are corpus text too (a category or "pages" line can say anything): made safe alike,
        # and dropped when nothing visible is left (Discord rejects an empty field).
        safe_facts = [(name, render("embed", "message", text=value)) for name, value in facts]
        fields += [
            EmbedField(name, budget.shorten(value, budget.EMBED_FIELD_VALUE), True)
            for name, value in safe_facts
            if value.strip()
        ]
        spec = EmbedSpec(
            title, chunks[0] if chunks else "", safe_url(paper), tuple(fields), "", COLORS[AnswerKind.PAPER]
        )
        return spec if embed_fits(spec) else clip_embed(spec)

    def papers_embed(
        self, title: str, items: Sequence[Paper | Hit], page: int = 0, per_page: int = 10
    ) -> EmbedSpec:
        """One page (0-based) of a list of papers; the footer says where we are."""
        papers = [item.paper if isinstance(item, Hit) else item for item in items]
        pages = max(1, -(-len(papers) // per_page))
        page = min(max(page, 0), pages - 1)
        shown = papers[page * per_page : (page + 1) * per_page]
        citations = tuple(Citation(page * per_page + i, p, 0.0, "") for i, p in enumerate(shown, 1))
        answer = Answer(title, AnswerKind.PAPERS, title, citations, matched=len(papers))
        spec = self.embed(answer)
        footer = f"Page {page + 1}/{pages} · {len(papers)} paper{'s' if len(papers) != 1 else ''}"
        return EmbedSpec(spec.title, spec.description, spec.url, spec.fields, footer, spec.color)

    # -- messages ------------------------------------------------------------------------------

    def _message(self, answer: Answer, flavor: str, limit: int | None) -> str:
        levels = self._levels(answer)
        if limit is None:
            return self._compose(answer, flavor, next(iter(levels)))
        text = budget.first_fitting(
            levels, lambda d: self._compose(answer, flavor, d), lambda t: len(t) <= limit
        )
        return budget.clip(text, limit)

    def _levels(self, answer: Answer) -> list[Detail]:
        if answer.kind is AnswerKind.PAPERS:
            return list(budget.list_levels(len(answer.citations), self.max_authors))
        if answer.kind is AnswerKind.PAPER:
            return paper_levels()
        return budget.answer_levels(self.max_authors, self.evidence)

    def _compose(self, answer: Answer, flavor: str, detail: Detail) -> str:
        kind = answer.kind
        if kind is AnswerKind.HELP:
            return self.help(flavor, answer.matched or None)
        if kind is AnswerKind.PAPER and answer.citations:
            return self._paper_message(answer, flavor, detail)
        if kind in (AnswerKind.NO_ANSWER, AnswerKind.PAPERS):
            return self._listing(answer, flavor, detail)
        render = self.templates.render
        shown = answer.citations[: detail.citations]
        if kind is AnswerKind.COMPARISON:
            lead = self._sides(flavor, shown, detail)
        elif kind is AnswerKind.FACT:
            lead = self._piece(flavor, "fact", "message", text=self._lead(answer, detail))
        else:
            lead = "\n".join(self._quotes(flavor, shown, detail)) or render(
                flavor, "message", text=self._lead(answer, detail)
            )
        cards = [render(flavor, "citation", **self._citation_values(c, detail, quoted=True)) for c in shown]
        return "\n\n".join([lead, *cards])

    def _listing(self, answer: Answer, flavor: str, detail: Detail) -> str:
        """A no-answer (message and suggestions) or a list of papers: the body of a message, or the
        description of an embed (whose title holds the list's heading)."""
        render = self.templates.render
        if answer.kind is AnswerKind.NO_ANSWER:
            parts = [render(flavor, "message", text=budget.shorten(answer.lead, detail.chars))]
            if answer.suggestions:
                items = [
                    render(flavor, "suggestion", **self._paper_values(p, detail)) for p in answer.suggestions
                ]
                parts.append("\n".join([render(flavor, "suggestions_heading"), *items]))
            return "\n\n".join(parts)
        shown = answer.citations[: detail.citations]
        lines: list[str] = [render(flavor, "item", **self._citation_values(c, detail)) for c in shown]
        lead = budget.shorten(neutralize(answer.lead), HEADING_CHARS)
        if lead and flavor != "embed":
            lines.insert(0, render(flavor, "list_heading", text=lead))
        hidden = max(answer.matched, len(answer.citations)) - len(shown)
        if hidden > 0:
            lines.append(render(flavor, "more", count=hidden))
        return "\n".join(line for line in lines if line)

    def _paper_message(self, answer: Answer, flavor: str, detail: Detail) -> str:
        citation = answer.citations[0]
        paper = citation.paper
        values = self._citation_values(citation, detail)
        sentences = split_sentences(paper.abstract)
        abstract = " ".join(sentences[: detail.quotes]) if detail.quotes < len(sentences) else paper.abstract
        if detail.quotes < len(sentences):
            abstract = f"{abstract} …"
        values["summary"] = budget.shorten(abstract, detail.chars and detail.chars * 4)
        return self.templates.render(flavor, "citation", **values)

    def _lead(self, answer: Answer, detail: Detail) -> str:
        return budget.shorten(answer.lead, detail.chars and detail.chars * 3)

    def _piece(self, flavor: str, name: str, fallback: str, **values: Any) -> str:
        """Template ``name``, or ``fallback`` for operator files written before it existed."""
        return self.templates.render(flavor, name if self.templates.has(flavor, name) else fallback, **values)

    def _sides(self, flavor: str, citations: Sequence[Citation], detail: Detail) -> str:
        """A comparison: a heading naming the papers, then each paper's sentences, one line each."""
        titles = [title_of(c.paper, detail.chars) for c in citations]
        heading = self._piece(flavor, "comparison_heading", "list_heading", titles=titles, text="")
        lines = [
            self._piece(flavor, "side", "quote", first=index == 0, rank=c.rank, title=title, texts=texts)
            for index, (c, title) in enumerate(zip(citations, titles, strict=True))
            for texts in (self._side_texts(c, detail),)
        ]
        return "\n".join(line for line in [heading, *lines] if line)

    @staticmethod
    def _side_texts(citation: Citation, detail: Detail) -> list[str]:
        count = detail.quotes if detail.other_quotes else 1
        return [budget.shorten(text, detail.chars) for text in citation.evidence[:count]]

    def _quotes(self, flavor: str, citations: Sequence[Citation], detail: Detail) -> list[str]:
        """One line per quoted paper: its best sentence(s), with the citation marker."""
        lines: list[str] = []
        for index, citation in enumerate(citations):
            if index and not detail.other_quotes:
                break
            texts = [
                budget.shorten(t, detail.chars)
                for t in citation.evidence[: detail.quotes if index == 0 else 1]
            ]
            if texts:
                title = title_of(citation.paper, detail.chars)
                line = self.templates.render(
                    flavor, "quote", first=not lines, rank=citation.rank, title=title, texts=texts
                )
                lines.append(line)
        return lines

    # -- embeds --------------------------------------------------------------------------------

    def _embed(self, answer: Answer, detail: Detail) -> EmbedSpec:
        render = self.templates.render
        kind = answer.kind
        title = render("embed", "title", kind=kind.value, query=answer.query, text=answer.lead)
        title = budget.shorten(title, budget.EMBED_TITLE)
        fields: tuple[EmbedField, ...] = ()
        if kind in (AnswerKind.ANSWER, AnswerKind.FACT):
            shown = answer.citations[: detail.citations]
            description = "\n".join(self._quotes("embed", shown, detail)) or render(
                "embed", "message", text=self._lead(answer, detail)
            )
            fields = tuple(self._field(c, detail) for c in shown[: budget.EMBED_FIELDS])
        elif kind is AnswerKind.COMPARISON:
            # Side by side: one inline field per paper compared.
            shown = answer.citations[: min(detail.citations, budget.EMBED_FIELDS)]
            titles = [title_of(c.paper, detail.chars) for c in shown]
            description = self._piece("embed", "comparison_heading", "message", titles=titles, text="")
            fields = tuple(self._side_field(c, detail) for c in shown)
        elif kind is AnswerKind.HELP:
            description = self.help("markdown", answer.matched or None)
        else:
            description = self._listing(answer, "embed", detail)
        footer = render(
            "embed", "footer", kind=kind.value, matched=answer.matched, cited=len(answer.citations)
        )
        url = (
            safe_url(answer.citations[0].paper)
            if kind in (AnswerKind.ANSWER, AnswerKind.FACT) and len(answer.citations) == 1
            else None
        )
        return EmbedSpec(
            title, description, url, fields, budget.shorten(footer, budget.EMBED_FOOTER), COLORS[kind]
        )

    def _field(self, citation: Citation, detail: Detail) -> EmbedField:
        values = self._citation_values(citation, detail, quoted=True)
        name = budget.shorten(self.templates.render("embed", "field_name", **values), budget.EMBED_FIELD_NAME)
        value = self.templates.render("embed", "field_value", **values) or "\u200b"
        return EmbedField(name, value)

    def _side_field(self, citation: Citation, detail: Detail) -> EmbedField:
        values = self._citation_values(citation, detail, quoted=True)
        name = budget.shorten(self.templates.render("embed", "field_name", **values), budget.EMBED_FIELD_NAME)
        texts = self._side_texts(citation, detail)
        value = self._piece("embed", "side", "quote", **values, first=True, texts=texts)
        return EmbedField(name, budget.shorten(value, budget.EMBED_FIELD_VALUE) or "\u200b", True)

    # -- values handed to templates ------------------------------------------------------------

    def _paper_values(self, paper: Paper, detail: Detail) -> dict[str, Any]:
        return {
            "title": title_of(paper, detail.chars),
            "url": safe_url(paper),
            "year": paper.year,
            "category": paper.category,
        }

    def _citation_values(self, citation: Citation, detail: Detail, quoted: bool = False) -> dict[str, Any]:
        paper = citation.paper
        summary = citation.summary if detail.summaries else ""
        if quoted and summary in citation.evidence[: detail.quotes]:
            summary = ""  # already quoted in the lead
        return {
            **self._paper_values(paper, detail),
            "rank": citation.rank,
            "authors": budget.format_authors(paper.authors, paper.authors_complete, detail.authors),
            "summary": budget.shorten(summary, detail.chars),
            # A list's reason to include the paper: its sentence matching the question.
            "quote": budget.shorten(citation.evidence[0], detail.chars)
            if citation.evidence and detail.summaries
            else "",
        }


def paper_levels() -> list[Detail]:
    """A paper card: whole abstract, then fewer sentences and authors, then shorter text."""
    levels = [Detail(1000, False, CARD_AUTHORS, True, 1, None), Detail(1000, False, 3, True, 1, None)]
    levels += [Detail(n, False, 3, True, 1, None) for n in (6, 4, 3, 2, 1)]
    levels += [Detail(1, False, 1, True, 1, 300), Detail(1, False, 0, True, 1, 100)]
    return levels


# -- module-level faces, with the bundled templates (tests, benchmarks) ---------------------------


@functools.cache
def bundled() -> Renderer:
    return Renderer.from_settings(AnswerSettings(templates=None))


def to_markdown(answer: Answer) -> str:
    return bundled().markdown(answer)


def to_text(answer: Answer) -> str:
    return bundled().text(answer)


def to_embed(answer: Answer) -> EmbedSpec:
    return bundled().embed(answer)


def paper_embed(paper: Paper) -> EmbedSpec:
    return bundled().paper_embed(paper)


def papers_embed(
    title: str, papers_or_hits: Sequence[Paper | Hit], page: int = 0, per_page: int = 10
) -> EmbedSpec:
    return bundled().papers_embed(title, papers_or_hits, page, per_page)
