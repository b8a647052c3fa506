"""Embed pieces: a paper's facts, and long text split between sentences to fit embed slots."""

from __future__ import annotations

from collections.abc import Sequence

from bot.answer import budget
from bot.answer.sentences import split_sentences
from bot.models import Paper


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
