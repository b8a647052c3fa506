"""Fitting answers into Discord's limits by construction: less detail, never a cut mid-word or link.

A renderer produces its output at a given ``Detail``; ``first_fitting`` walks the levels from the
richest to the barest and keeps the first output that passes the limit check. Every level only
removes whole pieces (quotes, authors, summaries, citations) or shortens a sentence at a word
boundary with "…", so nothing shown is ever broken.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")

ELLIPSIS = "…"
MESSAGE_LIMIT = 2000
EMBED_TITLE = 256
EMBED_DESCRIPTION = 4096
EMBED_FIELDS = 25
EMBED_FIELD_NAME = 256
EMBED_FIELD_VALUE = 1024
EMBED_FOOTER = 2048
EMBED_TOTAL = 6000
# A list item's sentence is shortened to these lengths before lists drop sentences altogether.
LIST_SENTENCE_CHARS = (220, 140)
# ...and down to this many items kept with their sentences ("…and N more" says what is left).
LIST_MIN_WITH_SENTENCES = 5


@dataclass(frozen=True, slots=True)
class Detail:
    quotes: int  # evidence sentences quoted from the first citation
    other_quotes: bool  # one quote from each further citation
    authors: int  # names before "et al." (0 = no author line)
    summaries: bool
    citations: int
    chars: int | None  # longest sentence/title shown; None = whole


def answer_levels(max_authors: int, evidence: int) -> list[Detail]:
    """From everything down to one short quote and one citation."""
    return [
        Detail(evidence, True, max_authors, True, 10, None),
        Detail(1, True, max_authors, True, 10, None),
        Detail(1, True, 1, True, 10, None),
        Detail(1, False, 1, False, 10, None),
        Detail(1, False, 1, False, 3, 400),
        Detail(1, False, 0, False, 2, 250),
        Detail(1, False, 0, False, 1, 150),
        Detail(1, False, 0, False, 1, 60),
    ]


def list_levels(count: int, max_authors: int) -> Iterable[Detail]:
    """Lists keep as many items as fit: first with shortened summaries (a list's sentences say
    why each paper is in it), then without them, then fewer items, then shorter."""
    yield Detail(0, False, max_authors, True, count, None)
    for chars in LIST_SENTENCE_CHARS:
        yield Detail(0, False, 0, True, count, chars)
    for size in range(count - 1, min(count, LIST_MIN_WITH_SENTENCES) - 1, -1):
        yield Detail(0, False, 0, True, size, LIST_SENTENCE_CHARS[-1])
    for size in range(count, 0, -1):
        yield Detail(0, False, 0, False, size, None)
    yield Detail(0, False, 0, False, 1, 100)


def first_fitting(levels: Iterable[Detail], render: Callable[[Detail], T], fits: Callable[[T], bool]) -> T:
    """The richest rendering that fits; the barest one if none does (callers then ``clip``)."""
    result: T | None = None
    for level in levels:
        result = render(level)
        if fits(result):
            return result
    if result is None:
        raise ValueError("no detail levels given")
    return result


def shorten(text: str, limit: int | None) -> str:
    """``text`` if it fits in ``limit`` characters, else its longest word-boundary prefix + "…"."""
    text = " ".join(text.split())
    if limit is None or len(text) <= limit:
        return text
    if limit <= len(ELLIPSIS):
        return ELLIPSIS[:limit] if limit > 0 else ""
    cut = text[: limit - len(ELLIPSIS) + 1]
    space = cut.rfind(" ")
    cut = cut[:space] if space > 0 else ""
    kept = cut.rstrip(" ,;:-–—(")
    if "://" in kept[kept.rfind(" ") + 1 :]:
        # A link ending the prefix must stay clickable: "…" glued to it would join the URL.
        if len(kept) + 1 + len(ELLIPSIS) <= limit:
            return f"{kept} {ELLIPSIS}"
        return shorten(kept, len(kept) - 1)
    return kept + ELLIPSIS


def clip(text: str, limit: int) -> str:
    """Last resort for output an operator template made too long: whole lines, then whole words."""
    if len(text) <= limit:
        return text
    kept: list[str] = []
    used = 0
    for line in text.splitlines():
        if used + len(line) + 1 > limit - len(ELLIPSIS):
            room = limit - used - len(ELLIPSIS) - 1
            if room > 20:
                kept.append(shorten(line, room + len(ELLIPSIS)))
                return "\n".join(kept)
            break
        kept.append(line)
        used += len(line) + 1
    return "\n".join([*kept, ELLIPSIS])


def format_authors(authors: Sequence[str], complete: bool, limit: int) -> str:
    """``A, B, C`` or ``A, B et al.``; empty when ``limit`` is 0 or nobody is known."""
    if limit <= 0 or not authors:
        return ""
    names = [" ".join(name.split()) for name in authors[:limit]]
    if len(authors) > limit or not complete:
        return f"{', '.join(names)} et al."
    return ", ".join(names)
