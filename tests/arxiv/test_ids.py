"""arXiv ids as users paste them: every written form maps to one canonical ref, junk is rejected."""

from __future__ import annotations

import pytest

from bot.arxiv.ids import ArxivRef, is_valid_id, parse_ref, parse_refs


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2507.13264", ArxivRef("2507.13264")),
        ("arXiv:2507.13264v2", ArxivRef("2507.13264", 2)),
        ("ARXIV: 2507.13264", ArxivRef("2507.13264")),
        ("https://arxiv.org/abs/2507.13264v1", ArxivRef("2507.13264", 1)),
        ("https://arxiv.org/pdf/2507.13264v2", ArxivRef("2507.13264", 2)),
        ("https://arxiv.org/pdf/2507.13264v2.pdf", ArxivRef("2507.13264", 2)),
        ("arxiv.org/pdf/2507.13264", ArxivRef("2507.13264")),
        ("http://export.arxiv.org/abs/2507.13264", ArxivRef("2507.13264")),
        ("https://www.arxiv.org/abs/1707.08567/", ArxivRef("1707.08567")),
        ("<https://arxiv.org/abs/2507.13264>", ArxivRef("2507.13264")),
        ("(2507.13264).", ArxivRef("2507.13264")),
        ("0704.0001", ArxivRef("0704.0001")),
        ("hep-th/9901001", ArxivRef("hep-th/9901001")),
        ("hep-th/9901001v3", ArxivRef("hep-th/9901001", 3)),
        ("https://arxiv.org/abs/hep-th/9901001v3", ArxivRef("hep-th/9901001", 3)),
        ("math.GT/0309136", ArxivRef("math/0309136")),
        ("cond-mat/0412498v1", ArxivRef("cond-mat/0412498", 1)),
    ],
)
def test_every_written_form_gives_the_canonical_ref(text: str, expected: ArxivRef) -> None:
    assert parse_ref(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "abc",
        "",
        "2507",
        "2507.123",
        "2507.1234567",
        "2513.01234",
        "0000.0000",
        "2507.13264v0",
        "foo/9901001",
        "hep-th/990100",
        "hep-th/9913001",
        "@everyone",
        "https://example.org/abs/2507.13264",
        "https://arxiv.org/list/cs.CL/new",
    ],
)
def test_junk_is_not_a_ref(text: str) -> None:
    assert parse_ref(text) is None


def test_a_ref_prints_as_arxiv_id_list_wants_it() -> None:
    assert str(ArxivRef("2507.13264", 2)) == "2507.13264v2"
    assert str(ArxivRef("hep-th/9901001")) == "hep-th/9901001"
    assert ArxivRef("2507.13264").url == "https://arxiv.org/abs/2507.13264"


def test_a_message_of_several_refs_is_split_deduplicated_in_order() -> None:
    refs, rejected = parse_refs(
        "2507.13264, arXiv:1707.08567v1\nhttps://arxiv.org/abs/2507.13264v2 hep-th/9901001; not-an-id"
    )
    assert refs == [ArxivRef("2507.13264"), ArxivRef("1707.08567", 1), ArxivRef("hep-th/9901001")]
    assert rejected == ["not-an-id"]


def test_arxiv_prefix_followed_by_a_space_counts_once() -> None:
    assert parse_refs("arXiv: 2507.13264") == ([ArxivRef("2507.13264")], [])


def test_an_empty_message_has_no_refs() -> None:
    assert parse_refs("  ,\n ") == ([], [])


def test_is_valid_id_wants_the_canonical_form() -> None:
    assert is_valid_id("2507.13264") and is_valid_id("hep-th/9901001")
    assert not is_valid_id("2507.13264v2") and not is_valid_id("math.GT/0309136") and not is_valid_id("abc")
