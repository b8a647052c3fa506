"""The corpus parser on arbitrary text and on near-valid dumps of every format it reads: never an
exception, every record has an abstract and a real source line, and well-formed papers are found."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.corpus.draft import Parsed
from bot.corpus.loader import parse_bytes
from bot.corpus.merge import merge_drafts
from bot.corpus.settings import CorpusSettings
from tests.fuzz.strategies import VALID_IDS, hostile_text

pytestmark = pytest.mark.fuzz

SETTINGS = CorpusSettings(paths=[], overrides=None, max_line_chars=5_000)
TEXT = hostile_text(5)
SENTENCE = st.lists(
    st.sampled_from(
        ["we", "show", "that", "scaling", "the", "model", "works", "well", "on", "long", "audio"]
    ),
    min_size=10,
    max_size=30,
).map(lambda words: " ".join(words).capitalize() + ".")
PROSE = st.one_of(SENTENCE, st.builds(lambda a, b: f"{a} {b}", SENTENCE, TEXT))
METADATA = st.one_of(
    st.builds("{} pages".format, st.integers(0, 999)),
    st.builds("arXiv:{}".format, st.one_of(VALID_IDS, TEXT)),
    st.builds("Created: {} Updated: {}".format, st.dates().map(str), st.one_of(st.dates().map(str), TEXT)),
    st.builds("Created: {}".format, TEXT),
)
HEADER = st.builds(
    "{}{} {}{}{}".format,
    st.sampled_from(["CL", "LG", "ML", "ZZ", "cl"]),
    st.sampled_from(["Jan", "Feb", "Sep", "Foo"]),
    st.integers(0, 40),
    st.one_of(st.just(""), st.integers(1990, 2100).map(", {}".format)),
    st.sampled_from(["", "Code"]),
)
BLOCK = st.builds(
    lambda title, byline, abstract, meta: "\n".join([title, byline, abstract, *meta]),
    TEXT,
    st.sampled_from(["Alexander H. Liu, Andy Lo et al.", "Ann Other · deepmind", "", "@everyone, <@1>"]),
    PROSE,
    st.lists(METADATA, max_size=4),
)
CARD = st.builds(lambda header, byline, abstract: f"{header}\n{byline}\n{abstract}", HEADER, TEXT, PROSE)
ABSTRACT_LINE = st.builds("Abstract:{}".format, st.one_of(PROSE, TEXT))
DUMP = st.lists(st.one_of(ABSTRACT_LINE, BLOCK, CARD, TEXT), max_size=8).flatmap(
    lambda parts: st.sampled_from(["\n", "\n\n", "\r\n\r\n"]).map(lambda sep: sep.join(parts))
)
JSON_VALUE = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), TEXT),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)
RECORD = st.fixed_dictionaries(
    {},
    optional={
        "id": st.one_of(VALID_IDS, JSON_VALUE),
        "title": st.one_of(TEXT, JSON_VALUE),
        "abstract": st.one_of(PROSE, JSON_VALUE),
        "authors": st.one_of(TEXT, st.lists(TEXT, max_size=3), JSON_VALUE),
        "categories": st.one_of(st.just("cs.CL cs.LG"), JSON_VALUE),
        "update_date": st.one_of(st.dates().map(str), JSON_VALUE),
        "published": st.one_of(st.just("Mon, 2 Apr 2007 19:18:42 GMT"), JSON_VALUE),
        "_id": JSON_VALUE,
        "text": st.one_of(PROSE, JSON_VALUE),
    },
)
TREC_FIELD = st.sampled_from([".T", ".A", ".B", ".W", ".X", ".I"])
TREC = st.lists(
    st.builds(
        lambda n, fields: f".I {n}\n" + "\n".join(f"{f}\n{t}" for f, t in fields),
        st.one_of(st.integers(-5, 10**6).map(str), TEXT),
        st.lists(st.tuples(TREC_FIELD, st.one_of(PROSE, TEXT)), max_size=4),
    ),
    min_size=1,
    max_size=5,
).map("\n".join)


def parse(text: str) -> Parsed:
    data = text.encode("utf-8", errors="surrogatepass")
    parsed = parse_bytes(data, "fuzz.txt", SETTINGS)
    lines = data.count(b"\n") + 1
    for draft in parsed.drafts:
        # A test-collection document may be a title alone; a paper from a dump has its abstract.
        assert draft.abstract.strip() or (draft.source.format == "trec" and draft.title), draft
        assert 1 <= draft.source.line <= lines or draft.source.line == 0
    for warning in parsed.warnings:
        assert warning.path == "fuzz.txt" and 0 <= warning.line <= lines and warning.message
    merged = merge_drafts(parsed.drafts, 0.8)
    assert len(merged.papers) + merged.merges == len(parsed.drafts)
    return parsed


@given(st.text(max_size=2000))
def test_arbitrary_text(text: str) -> None:
    parse(text)


@given(DUMP)
def test_near_valid_dumps(text: str) -> None:
    parse(text)


@given(st.lists(SENTENCE, min_size=1, max_size=6, unique=True))
def test_every_well_formed_abstract_line_is_a_paper(abstracts: list[str]) -> None:
    parsed = parse("\n".join(f"Abstract:{a}" for a in abstracts))
    assert [d.abstract for d in parsed.drafts] == abstracts


@given(st.lists(st.one_of(RECORD.map(json.dumps), TEXT), min_size=1, max_size=6))
def test_json_lines_exports(lines: list[str]) -> None:
    parse("\n".join(["{}", *lines]))


@given(TREC)
def test_trec_documents(text: str) -> None:
    parse(text)
