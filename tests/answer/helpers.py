"""Small helpers shared by the answer-layer tests."""

from __future__ import annotations

from bot.models import Paper


def by_title(papers: tuple[Paper, ...], title: str) -> Paper:
    return next(p for p in papers if p.title == title)


def abstract_has(paper: Paper, phrase: str) -> bool:
    """Case- and LaTeX-insensitive: the corpus renders ``pass@$k$`` readably as ``pass@k``."""
    clean = lambda text: " ".join(text.replace("$", "").casefold().split())  # noqa: E731
    return clean(phrase) in clean(paper.abstract)
