"""Discord's limits, and the one way to shorten text and make it safe to send.

Everything the bot sends passes through here: ``safe_text`` (message content, thread names,
choice names) and ``safe_embed`` (every embed) neutralise mentions, then shorten at a word or line
boundary to the limit. The limits are defined here and nowhere else.

A renderer produces its output at a given ``Detail``; ``first_fitting`` walks the levels from the
richest to the barest and keeps the first output that passes the limit check. Every level only
removes whole pieces (quotes, authors, summaries, citations) or shortens a sentence at a word
boundary with "…", so nothing shown is ever broken; the clipping here is the last resort.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from bot.answer.safety import neutralize
from bot.answer.types import EmbedField, EmbedSpec

T = TypeVar("T")

ELLIPSIS = "…"
# Discord's limits, in characters (counts for the last two).
MESSAGE_LIMIT = 2000
EMBED_TITLE = 256
EMBED_DESCRIPTION = 4096
EMBED_FIELDS = 25
EMBED_FIELD_NAME = 256
EMBED_FIELD_VALUE = 1024
EMBED_FOOTER = 2048
EMBED_AUTHOR = 256
EMBED_TOTAL = 6000
CHOICE_NAME = 100  # an autocomplete choice's label
CHOICE_VALUE = 100  # ... and its value (a string option may accept less: its max_length)
CHOICES = 25
CUSTOM_ID = 100  # a button's custom_id
THREAD_NAME = 100
# Discord rejects an empty field name or value: this invisible character stands in.
EMPTY = "\u200b"
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
    if space <= 0:
        # One word longer than the limit: cut inside it (a link is dropped whole, never broken).
        return ELLIPSIS if "://" in cut else cut[: limit - len(ELLIPSIS)] + ELLIPSIS
    cut = cut[:space]
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


def safe_text(text: str, limit: int) -> str:
    """``text`` as it may be sent: nobody can be pinged, and at most ``limit`` characters."""
    return clip(neutralize(text), limit)


def safe_line(text: str, limit: int) -> str:
    """One line (a title, a choice label, a thread name): mentions neutralised, spaces collapsed,
    shortened at a word boundary."""
    return shorten(neutralize(text), limit)


def embed_size(spec: EmbedSpec) -> int:
    """What Discord counts against the 6,000-character total of an embed."""
    return (
        len(spec.title)
        + len(spec.description)
        + len(spec.footer)
        + len(spec.extra.get("author", ""))
        + sum(len(f.name) + len(f.value) for f in spec.fields)
    )


def embed_fits(spec: EmbedSpec) -> bool:
    return (
        len(spec.title) <= EMBED_TITLE
        and len(spec.description) <= EMBED_DESCRIPTION
        and len(spec.fields) <= EMBED_FIELDS
        and all(
            0 < len(f.name) <= EMBED_FIELD_NAME and 0 < len(f.value) <= EMBED_FIELD_VALUE for f in spec.fields
        )
        and len(spec.footer) <= EMBED_FOOTER
        and len(spec.extra.get("author", "")) <= EMBED_AUTHOR
        and embed_size(spec) <= EMBED_TOTAL
    )


def clip_embed(spec: EmbedSpec) -> EmbedSpec:
    """Last resort (e.g. an operator template that writes too much): drop fields from the end,
    then clip each text at a line or word boundary."""
    fields = [
        EmbedField(
            clip(f.name, EMBED_FIELD_NAME) or EMPTY, clip(f.value, EMBED_FIELD_VALUE) or EMPTY, f.inline
        )
        for f in spec.fields[:EMBED_FIELDS]
    ]
    title = shorten(spec.title, EMBED_TITLE)
    footer = clip(spec.footer, EMBED_FOOTER)
    extra = dict(spec.extra)
    if "author" in extra:
        extra["author"] = shorten(extra["author"], EMBED_AUTHOR)
    description = clip(spec.description, EMBED_DESCRIPTION)

    def fixed() -> int:
        return (
            len(title)
            + len(footer)
            + len(extra.get("author", ""))
            + sum(len(f.name) + len(f.value) for f in fields)
        )

    while fields and fixed() + len(description) > EMBED_TOTAL:
        fields.pop()
    if fixed() + len(description) > EMBED_TOTAL:
        description = clip(description, max(EMBED_TOTAL - fixed(), 1))
    return EmbedSpec(title, description, spec.url, tuple(fields), footer, spec.color, extra)


def safe_embed(spec: EmbedSpec) -> EmbedSpec:
    """``spec`` as it may be sent: every text neutralised, then within every embed limit."""
    extra = {key: neutralize(value) if key == "author" else value for key, value in spec.extra.items()}
    fields = tuple(EmbedField(neutralize(f.name), neutralize(f.value), f.inline) for f in spec.fields)
    neutral = EmbedSpec(
        neutralize(spec.title),
        neutralize(spec.description),
        spec.url,
        fields,
        neutralize(spec.footer),
        spec.color,
        extra,
    )
    return neutral if embed_fits(neutral) else clip_embed(neutral)


def pack_lines(lines: Iterable[str], limit: int) -> list[str]:
    """Whole lines joined into as few pieces of at most ``limit`` characters as they go
    (a line longer than ``limit`` is shortened), e.g. a list spread over several embed fields."""
    pieces: list[str] = []
    current = ""
    for line in lines:
        line = shorten(line, limit)
        if current and len(current) + 1 + len(line) > limit:
            pieces.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    if current:
        pieces.append(current)
    return pieces
