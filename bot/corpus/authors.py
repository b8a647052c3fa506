"""Author lists: splitting them and recognising text that looks like people's names."""

from __future__ import annotations

import re

from bot.corpus.text import clean

_ET_AL = re.compile(r",?\s*(?:et\s+al\.?|and\s+others)\s*$", re.IGNORECASE)
_SEPARATOR = re.compile(r",\s*(?:and\s+)?|\s+and\s+|;\s*")
_INITIALS = re.compile(r"(?:[A-Z]\.)+(?:-[A-Z]\.)*|[A-Z]\.-[A-Z]\.?")
# Lower-case name particles (von Platen, de las Casas, Le Scao is capitalised anyway).
_PARTICLE_WORDS = "de la las los van von der den da di du del della dos do ter bin al el y zu"
NAME_PARTICLES = frozenset(_PARTICLE_WORDS.split())
_NAME_PUNCT = frozenset("-'’.")


def split_authors(text: str) -> tuple[tuple[str, ...], bool]:
    """Names in ``text`` and whether the list is complete (no trailing "et al.")."""
    text = clean(text)
    complete = not _ET_AL.search(text)
    text = _ET_AL.sub("", text)
    names = tuple(name for name in (part.strip(" ,;") for part in _SEPARATOR.split(text)) if name)
    return names, complete and bool(names)


def looks_like_name(text: str) -> bool:
    """True for "Albert Q. Jiang", "Patrick von Platen", "Mistral-AI", "Gemma Team"; False for prose."""
    tokens = text.split()
    if not 1 <= len(tokens) <= 6:
        return False
    capitalised = 0
    for token in tokens:
        if token in NAME_PARTICLES:
            continue
        if _INITIALS.fullmatch(token):
            capitalised += 1
            continue
        if not _looks_like_name_word(token):
            return False
        capitalised += 1
    return capitalised > 0


def _looks_like_name_word(token: str) -> bool:
    if not token[0].isupper() or (len(token) > 1 and token[1].isupper()):
        return False  # "RLAlex", "LLMs": an acronym glued to a name is not a name
    return all(ch.isalpha() or ch in _NAME_PUNCT for ch in token)


def looks_like_author_list(text: str) -> bool:
    """A line made only of names separated by commas/"and", possibly ending in "et al."."""
    names, _ = split_authors(text)
    return bool(names) and all(looks_like_name(name) for name in names)
