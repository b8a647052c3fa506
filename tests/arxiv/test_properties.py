"""Whatever a user types or arXiv sends, the id parser and the feed parser answer instead of crashing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.arxiv.entries import parse_feed
from bot.arxiv.errors import ArxivError
from bot.arxiv.ids import parse_ref, parse_refs

pytestmark = pytest.mark.fuzz

ID_PARTS = st.sampled_from(
    [
        "2507.13264",
        "v2",
        "arXiv:",
        "https://arxiv.org/abs/",
        "/pdf/",
        ".pdf",
        "hep-th/9901001",
        "@everyone",
        ",",
        " ",
        "\n",
        "<",
        ">",
        "math.GT/",
        "0309136",
        "abc",
        "\u200b",
        "é",
    ]
)
MESSAGES = st.one_of(st.text(max_size=200), st.lists(ID_PARTS, max_size=20).map("".join))


@given(MESSAGES)
def test_any_message_splits_into_refs_and_rejected_tokens(text: str) -> None:
    refs, rejected = parse_refs(text)
    assert len({ref.id for ref in refs}) == len(refs)
    for ref in refs:
        assert parse_ref(str(ref)) == ref  # a ref prints as an id that reads back the same
        assert "@" not in str(ref) and " " not in str(ref)
    for token in rejected:
        assert token.strip() and parse_ref(token) is None


XML_PARTS = st.sampled_from(
    [
        '<?xml version="1.0" encoding="bogus"?>',
        "<?xml version='1.0' encoding='UTF-8'?>",
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        "</feed>",
        "<entry>",
        "</entry>",
        "<id>http://arxiv.org/abs/2501.01234v1</id>",
        "<title>Error</title>",
        "<title>T</title>",
        "<summary>S</summary>",
        "<published>2025-13-45T99:00:00Z</published>",
        "<updated>not a date</updated>",
        '<category term=""/>',
        '<arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom"/>',
        "<opensearch:totalResults>x</opensearch:totalResults>",
        "&amp;",
        "&bogus;",
        "\x00",
        "é",
        "<author><name></name></author>",
    ]
)
BODIES = st.one_of(
    st.binary(max_size=300), st.lists(XML_PARTS, max_size=25).map(lambda parts: "".join(parts).encode())
)


@given(BODIES)
def test_any_body_is_a_feed_or_an_arxiv_error(body: bytes) -> None:
    try:
        feed = parse_feed(body)
    except ArxivError as exc:
        assert exc.user_message and "\n" not in exc.user_message
        return
    for entry in feed.entries:
        assert entry.paper.id == entry.arxiv_id and entry.paper.title and entry.paper.abstract
