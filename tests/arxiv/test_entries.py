"""The Atom parser on arXiv's real recorded answers (current and legacy formats) and on broken bodies."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.arxiv.entries import parse_feed
from bot.arxiv.errors import ArxivBadResponse, ArxivRejected
from bot.corpus.exports import parse_jsonl

RECORDED = Path("datasets/arxiv/api_responses")


@pytest.fixture
def recorded(shared_dir: Path) -> Path:
    return shared_dir / RECORDED


def test_the_id_list_answer_gives_the_paper_with_all_34_authors(recorded: Path) -> None:
    feed = parse_feed((recorded / "api_idlist_2ids_1found.xml").read_bytes())
    assert (feed.total, feed.start, len(feed.entries)) == (1, 0, 1)
    entry = feed.entries[0]
    paper = entry.paper
    assert paper.id == paper.arxiv_id == "1707.08567"
    assert entry.version == 1
    assert paper.title == "Proceedings of Workshop AEW10: Concepts in Information Theory and Communications"
    assert len(paper.authors) == 34
    assert paper.authors[0] == "Kees A. Schouhamer Immink"
    assert "Dirk Wübben" in paper.authors
    assert paper.abstract.startswith('The 10th Asia-Europe workshop in "Concepts in Information Theory')
    assert (paper.category, paper.categories) == ("cs.IT", ("cs.IT",))
    assert paper.published == paper.updated == date(2017, 7, 27)
    assert entry.published_at == datetime(2017, 7, 27, 8, 18, 33, tzinfo=UTC)
    assert entry.comment == "44 pages, editors for the proceedings: Yanling Chen and A. J. Han Vinck"
    assert paper.pages == "44 pages"
    assert not entry.withdrawn and entry.doi is None


def test_a_current_search_page_keeps_its_paging_and_fields(recorded: Path) -> None:
    feed = parse_feed((recorded / "api_search_page_start10_max10.xml").read_bytes())
    assert (feed.total, feed.start, len(feed.entries)) == (214881, 10, 10)
    first = feed.entries[0]
    assert (first.arxiv_id, first.version) == ("2403.16981", 2)
    assert first.paper.title == "The Sample Complexity of Simple Binary Hypothesis Testing"
    assert first.paper.authors == ("Ankit Pensia", "Varun Jog", "Po-Ling Loh")
    assert first.paper.category == "math.ST" and first.paper.categories == ("math.ST", "cs.IT", "stat.ML")
    assert first.paper.updated == date(2025, 5, 24) and first.paper.published == date(2024, 3, 25)
    assert [e.doi for e in feed.entries if e.doi] == ["10.1145/3679006.3685071"]
    assert sum(len(e.paper.authors) for e in feed.entries) == 32
    assert all(e.comment for e in feed.entries)


def test_the_legacy_2016_format_parses_too(recorded: Path) -> None:
    feed = parse_feed((recorded / "api_search_legacy2016_au_del_maestro.xml").read_bytes())
    assert (feed.total, feed.start, len(feed.entries)) == (31, 0, 10)
    first = feed.entries[0]
    assert first.arxiv_id == "1201.4869"
    assert first.paper.title == "A Luttinger Liquid Core Inside Helium-4 Filled Nanopores"
    assert first.paper.authors == ("Adrian Del Maestro",)
    # Hard line breaks and the two leading spaces of the legacy summary are gone.
    assert first.paper.abstract.startswith(
        "As helium-4 is cooled below 2.17 K it undergoes a phase transition to a fundamentally"
    )
    assert "\n" not in first.paper.abstract
    assert first.doi == "10.1142/S021797921244002X"
    assert first.journal_ref == "Int. J. Mod. Phys. B, 26, 1244002 (2012)"
    assert first.paper.category == "cond-mat.mes-hall"
    assert first.paper.categories == ("cond-mat.mes-hall", "cond-mat.other")
    old_style = feed.entries[1]
    assert old_style.paper.id == "cond-mat/0412498"
    assert old_style.paper.authors == ("Adrian Del Maestro", "Subir Sachdev")
    assert all(e.doi and e.journal_ref and e.comment for e in feed.entries)


def test_the_unknown_id_answer_is_an_empty_feed(recorded: Path) -> None:
    feed = parse_feed((recorded / "api_idlist_unknown_id_empty.xml").read_bytes())
    assert (feed.entries, feed.total) == ([], 0)


def test_the_malformed_id_error_feed_is_a_rejection_with_arxivs_reason(recorded: Path) -> None:
    with pytest.raises(ArxivRejected) as caught:
        parse_feed((recorded / "api_error_malformed_id_http400.xml").read_bytes())
    assert caught.value.user_message == "arXiv rejected the request: incorrect id format for abc."


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"<html><body><h1>Retry after 10 seconds</h1></body></html>",
        b"\x1f\x8b\x08\x00garbage",
        b"not xml at all",
        b'<?xml version="1.0"?><rss><channel/></rss>',
    ],
)
def test_a_body_that_is_not_an_atom_feed_is_a_bad_response(body: bytes) -> None:
    with pytest.raises(ArxivBadResponse) as caught:
        parse_feed(body)
    assert "\n" not in caught.value.user_message and "try again" in caught.value.user_message


def test_a_truncated_feed_is_a_bad_response_not_a_shorter_page(recorded: Path) -> None:
    body = (recorded / "api_search_page_start10_max10.xml").read_bytes()
    with pytest.raises(ArxivBadResponse):
        parse_feed(body[: len(body) * 2 // 3])


def test_entity_declarations_are_refused() -> None:
    bomb = b'<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY a "aaaa">]><feed xmlns="http://www.w3.org/2005/Atom">&a;</feed>'
    with pytest.raises(ArxivBadResponse):
        parse_feed(bomb)


def _one_entry(
    comment: str = "", summary: str = "We study things.", entry_id: str = "http://arxiv.org/abs/2501.01234v3"
) -> bytes:
    return (
        '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">'
        f"<entry><id>{entry_id}</id><title>A  title\n  wrapped</title><summary>{summary}</summary>"
        "<published>2025-01-02T03:04:05Z</published><updated>2025-02-03T04:05:06Z</updated>"
        + (f"<arxiv:comment>{comment}</arxiv:comment>" if comment else "")
        + '<arxiv:primary_category term="cs.CL"/><category term="cs.AI"/><author><name>A. Author</name></author>'
        "</entry></feed>"
    ).encode()


def test_a_withdrawn_version_is_flagged_from_its_comment_or_abstract() -> None:
    by_comment = parse_feed(
        _one_entry("This paper has been withdrawn by the author due to an error")
    ).entries[0]
    by_abstract = parse_feed(_one_entry(summary="This paper has been withdrawn.")).entries[0]
    ordinary = parse_feed(
        _one_entry("12 pages", summary="Patients withdrawn from the trial were excluded.")
    ).entries[0]
    assert by_comment.withdrawn and by_abstract.withdrawn and not ordinary.withdrawn
    assert by_comment.version == 3
    assert by_comment.notice == "arXiv 2501.01234v3 has been withdrawn by its authors."
    assert ordinary.notice is None


def test_the_primary_category_comes_first_and_titles_are_one_line() -> None:
    entry = parse_feed(_one_entry()).entries[0]
    assert entry.paper.title == "A title wrapped"
    assert (entry.paper.category, entry.paper.categories) == ("cs.CL", ("cs.CL", "cs.AI"))


def test_an_entry_without_an_arxiv_id_is_skipped_and_the_rest_kept() -> None:
    good = _one_entry().decode()
    bad_entry = (
        good.split("<entry>")[1]
        .split("</entry>")[0]
        .replace("http://arxiv.org/abs/2501.01234v3", "urn:nothing")
    )
    body = good.replace("</feed>", f"<entry>{bad_entry}</entry></feed>").encode()
    feed = parse_feed(body)
    assert [e.arxiv_id for e in feed.entries] == ["2501.01234"]
    assert len(feed.skipped) == 1 and "urn:nothing" in feed.skipped[0]


def test_the_record_id_is_the_one_the_corpus_loader_gives_the_same_paper(recorded: Path) -> None:
    """Merging by id only works if both paths name a paper alike."""
    entry = parse_feed((recorded / "api_idlist_2ids_1found.xml").read_bytes()).entries[0]
    line = (
        '{"id": "1707.08567v1", "title": "t", "abstract": "a b c", "authors": ["x"], "categories": ["cs.IT"]}'
    )
    loaded = parse_jsonl([(1, line)], "daily.jsonl")
    assert [d.doc_id for d in loaded.drafts] == [entry.paper.id]
