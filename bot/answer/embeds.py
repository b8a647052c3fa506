"""Embed arithmetic: Discord's embed limits, and splitting long text between sentences.

Pure functions over ``EmbedSpec``; the renderer decides what goes in, these check it fits and, as
a last resort for over-long operator templates, make it fit without breaking words or links.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.answer import budget
from bot.answer.sentences import split_sentences
from bot.answer.types import EmbedField, EmbedSpec
from bot.models import Paper


def embed_size(spec: EmbedSpec) -> int:
    return (
        len(spec.title)
        + len(spec.description)
        + len(spec.footer)
        + sum(len(f.name) + len(f.value) for f in spec.fields)
    )


def embed_fits(spec: EmbedSpec) -> bool:
    return (
        len(spec.title) <= budget.EMBED_TITLE
        and len(spec.description) <= budget.EMBED_DESCRIPTION
        and len(spec.fields) <= budget.EMBED_FIELDS
        and all(
            len(f.name) <= budget.EMBED_FIELD_NAME and 0 < len(f.value) <= budget.EMBED_FIELD_VALUE
            for f in spec.fields
        )
        and len(spec.footer) <= budget.EMBED_FOOTER
        and embed_size(spec) <= budget.EMBED_TOTAL
    )


def clip_embed(spec: EmbedSpec) -> EmbedSpec:
    """Last resort (e.g. an operator template that writes too much): drop fields from the end,
    then clip each text at a line or word boundary."""
    fields = [
        EmbedField(
            budget.clip(f.name, budget.EMBED_FIELD_NAME),
            budget.clip(f.value, budget.EMBED_FIELD_VALUE),
            f.inline,
        )
        for f in spec.fields[: budget.EMBED_FIELDS]
    ]
    title = budget.clip(spec.title, budget.EMBED_TITLE)
    footer = budget.clip(spec.footer, budget.EMBED_FOOTER)
    description = budget.clip(spec.description, budget.EMBED_DESCRIPTION)
    fixed = lambda: len(title) + len(footer) + sum(len(f.name) + len(f.value) for f in fields)  # noqa: E731
    while fields and fixed() + len(description) > budget.EMBED_TOTAL:
        fields.pop()
    if fixed() + len(description) > budget.EMBED_TOTAL:
        description = budget.clip(description, max(budget.EMBED_TOTAL - fixed(), 1))
    return EmbedSpec(title, description, spec.url, tuple(fields), footer, spec.color, dict(spec.extra))


def paper_facts(paper: Paper) -> list[tuple[str, str]]:
    facts = []
    if paper.published:
        facts.append(("Published", paper.published.isoformat()))
    elif paper.year:
        facts.append(("Year", str(paper.year)))
    if paper.all_categories:
        facts.append(("Category", ", ".join(paper.all_categories)))
    if paper.arxiv_id:
        facts.append(("arXiv", paper.arxiv_id))
    if paper.pages:
        facts.append(("Pages", paper.pages))
    return facts


def chunks_of(text: str, limit: int) -> list[str]:
    """``text`` in pieces of at most ``limit`` characters, split between sentences (or words)."""
    pieces: list[str] = []
    current = ""
    for sentence in split_sentences(text):
        for part in _words_within(sentence, limit):
            joined = f"{current} {part}" if current else part
            if len(joined) <= limit:
                current = joined
            else:
                pieces.append(current)
                current = part
    if current:
        pieces.append(current)
    return pieces


def rechunk(pieces: Sequence[str], limit: int) -> list[str]:
    return chunks_of(" ".join(pieces), limit) if pieces else []


def _words_within(sentence: str, limit: int) -> list[str]:
    if len(sentence) <= limit:
        return [sentence]
    parts, current = [], ""
    for word in sentence.split():
        word = word if len(word) <= limit else budget.shorten(word, limit)
        if current and len(current) + 1 + len(word) > limit:
            parts.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        parts.append(current)
    return parts
