"""Person names in matching form: the one rule both the author filter and author lookups use."""

from __future__ import annotations

import functools
import re

from bot.search.analyzer import fold

# Letters and digits; everything else (spaces, hyphens, dots, apostrophes, underscores) separates.
_NAME_WORD = re.compile(r"[^\W_]+")


@functools.lru_cache(maxsize=1 << 20)
def fold_name(name: str) -> str:
    """``Amélie  Héliou`` -> ``amelie heliou``; ``Jean-Pierre O'Brien`` -> ``jean pierre o brien``."""
    return " ".join(_NAME_WORD.findall(fold(name)))


def name_words(name: str) -> list[str]:
    """The words of ``fold_name``: ``Amélie Héliou`` -> ``[amelie, heliou]``."""
    return fold_name(name).split()
