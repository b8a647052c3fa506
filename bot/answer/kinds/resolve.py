"""Which paper a name in a question means ("Chain of Draft", "Magistral", "2507.13264")."""

from __future__ import annotations

from bot.answer.kinds.common import weights
from bot.answer.kinds.context import Context
from bot.answer.relevance import coverage
from bot.models import Paper


def resolve(context: Context, name: str) -> Paper | None:
    """The paper ``name`` refers to: by id, by title, else the best search hit that is *about*
    it: a paper whose title or summary sentence covers the name, not one that merely mentions it
    ("Whisper" is a baseline Voxtral Realtime compares with, not a paper of the corpus)."""
    lookup, settings = context.lookup, context.settings
    if found := lookup.find(name, settings.lookup.title_cutoff, settings.lookup.title_margin):
        return found
    wanted = weights(context, name)
    if not wanted:
        return None
    analyze = context.index.analyzer.analyze
    floor = settings.relevance.min_coverage
    for hit in context.index.search(name, k=settings.candidates):
        paper = hit.paper
        about = {*analyze(paper.title), *analyze(context.evidence.summary(paper))}
        if coverage(wanted, about) >= floor:
            return paper
    return None
