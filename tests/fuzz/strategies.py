"""Hostile text for the fuzz tests: what a public server and a scraped corpus can throw at the bot.

Each strategy mixes short fragments chosen to hit one defence (mentions, invisible characters,
markdown, links, scripts, sizes) with Hypothesis's own arbitrary Unicode, so shrinking still leads
to a small readable counterexample.
"""

from __future__ import annotations

from datetime import date
from functools import cache

from hypothesis import strategies as st

from bot.answer.types import Answer, AnswerKind, Citation
from bot.models import Paper

MENTIONS = (
    "@everyone",
    "@here",
    "@EVERYONE",
    "<@123456789012345678>",
    "<@!123456789012345678>",
    "<@&123456789012345678>",
    "@every\u200done",  # zero-width joiner smuggled inside
    "@\u200bhere",
    "<@\u2060123>",  # word joiner
    "@\u202eenoyreve",  # right-to-left override
    "＠everyone",  # fullwidth at sign (not a mention; must stay harmless)
    "<@",
    "123>",
)
INVISIBLE = (
    "\u200b",  # zero-width space
    "\u200c",  # zero-width non-joiner
    "\u200d",  # zero-width joiner
    "\u200e",  # left-to-right mark
    "\u200f",  # right-to-left mark
    "\u202a",
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",  # right-to-left override: "txt.exe" spoofing
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
    "\u2060",  # word joiner
    "\ufeff",  # byte order mark
    "\u00ad",  # soft hyphen
    "\u061c",  # arabic letter mark
)
MARKDOWN = (
    "```",
    "```py\nprint(1)\n```",
    "`",
    "``",
    "*",
    "**",
    "***",
    "_",
    "__",
    "~~",
    "||",
    "> ",
    ">>> ",
    "# ",
    "## ",
    "-# ",
    "- ",
    "1. ",
    "\\",
    "\\*",
    "[click](https://evil.example/x)",
    "[2507.13264](https://arxiv.org/abs/2507.13264)",
    "](",
    "<t:1700000000:R>",
    "<#123456789>",
    "<:blobcat:123456789>",
    "<a:dance:123456789>",
    "</ask:123456789>",
    "$\\mathcal{O}(n^2)$",
    "\n",
    "\n\n",
    "\r\n",
    "\t",
)
LINKS = (
    "https://arxiv.org/abs/2507.13264",
    "https://arxiv.org/abs/2507.13264v2",
    "arxiv.org/pdf/2507.13264v1.pdf",
    "arXiv:2507.13264",
    "hep-th/9901001",
    "math.GT/0309136",
    "http://evil.example/path_with_underscores?q=*bold*",
    "https://example.com/@everyone",
    "discord.gg/invite",
)
SCRIPTS = (
    "😀",
    "👨\u200d👩\u200d👧",  # family: joined by ZWJs
    "🇫🇷",
    "❤️",
    "深度学习模型",
    "トランスフォーマー",
    "변환기",
    "مرحبا",
    "שלום",
    "e\u0301",  # combining acute
    "Z\u0336\u0335\u0334a\u0337lgo",  # stacked combining marks
    "Ame\u0301lie He\u0301liou",
    "ﬁne-tuning",  # ligature (NFKC)
    "𝐁𝐨𝐥𝐝",  # mathematical bold letters
    "\U0010ffff",
    "\x00",
    "\x1b[31m",
)
FRAGMENTS = MENTIONS + INVISIBLE + MARKDOWN + LINKS + SCRIPTS


@cache  # one strategy object per signature: building them afresh per draw dominated the run
def long_word(min_size: int = 1000, max_size: int = 4500) -> st.SearchStrategy[str]:
    """One unbroken word of thousands of characters (a pasted hash, a LaTeX run, a spam line)."""
    return st.builds(lambda c, n: c * n, st.sampled_from("aé深😀*`_@"), st.integers(min_size, max_size))


@cache
def hostile_text(max_pieces: int = 6, long_words: bool = True) -> st.SearchStrategy[str]:
    """Ordinary words, arbitrary Unicode and the fragments above, joined with or without spaces;
    one time in five (when ``long_words``) with a word of thousands of characters in the middle."""
    piece = st.one_of(
        st.sampled_from(FRAGMENTS),
        st.sampled_from(("the", "model", "Transformers", "We", "show", "scaling", "works.", "GPT-4o")),
        st.text(max_size=20),
    )
    long = st.tuples(st.integers(0, 4), long_word()).map(lambda t: "" if t[0] else t[1])
    return st.builds(
        lambda pieces, sep, word: sep.join([*pieces[:1], word, *pieces[1:]] if word else pieces),
        st.lists(piece, max_size=max_pieces),
        st.sampled_from((" ", "", "\n", " . ")),
        long if long_words else st.just(""),
    )


VALID_IDS = st.one_of(
    st.builds(
        lambda y, m, n: f"{y:02d}{m:02d}.{n:05d}",
        st.integers(7, 99),
        st.integers(1, 12),
        st.integers(0, 99999),
    ),
    st.builds(
        lambda y, m, n: f"{y:02d}{m:02d}.{n:04d}",
        st.integers(7, 14),
        st.integers(1, 12),
        st.integers(0, 9999),
    ),
    st.builds(
        lambda a, n: f"{a}/{n:07d}",
        st.sampled_from(("hep-th", "cs", "math.GT", "cond-mat", "astro-ph")),
        st.integers(0, 9_999_999),
    ),
)
ARXIV_IDS = st.one_of(st.none(), VALID_IDS, hostile_text(3, long_words=False))
# A few hostile names, or a consortium paper's hundreds of plain ones.
AUTHORS = st.one_of(
    st.lists(hostile_text(3, long_words=False), max_size=5).map(tuple),
    st.integers(0, 400).map(lambda n: tuple(f"Author{i} Surname{i}" for i in range(n))),
)
DATES = st.one_of(st.none(), st.dates(date(1900, 1, 1), date(2100, 12, 31)))


@st.composite
def papers(draw: st.DrawFn, text: st.SearchStrategy[str] | None = None) -> Paper:
    text = text or hostile_text()
    return Paper(
        id=draw(st.one_of(VALID_IDS, hostile_text(2, long_words=False))),
        title=draw(text),
        abstract=draw(text),
        authors=draw(AUTHORS),
        authors_complete=draw(st.booleans()),
        arxiv_id=draw(ARXIV_IDS),
        published=draw(DATES),
        updated=draw(DATES),
        category=draw(st.one_of(st.none(), st.sampled_from(("cs.CL", "cs.LG")), hostile_text(2, False))),
        categories=tuple(draw(st.lists(hostile_text(2, False), max_size=3))),
        pages=draw(st.one_of(st.none(), hostile_text(2, False))),
    )


@st.composite
def citations(draw: st.DrawFn, rank: int, pool: list[Paper]) -> Citation:
    text = hostile_text()
    return Citation(
        rank,
        draw(st.sampled_from(pool)),
        draw(st.floats(allow_nan=False)),
        draw(text),
        tuple(draw(st.lists(text, max_size=3))),
    )


@st.composite
def answers(draw: st.DrawFn) -> Answer:
    # Citations and suggestions share a pool of up to three hostile papers: drawing a fresh paper
    # for each of nine slots made generation 99% of the run, and the renderer's limits are about
    # how many citations and how long their text, not about how many distinct papers there are.
    pool = draw(st.lists(papers(), min_size=1, max_size=3))
    count = draw(st.integers(0, 6))
    return Answer(
        query=draw(hostile_text()),
        kind=draw(st.sampled_from(list(AnswerKind))),
        lead=draw(hostile_text()),
        citations=tuple(draw(citations(rank, pool)) for rank in range(1, count + 1)),
        suggestions=tuple(draw(st.lists(st.sampled_from(pool), max_size=3))),
        matched=draw(st.integers(0, 100_000)),
    )
