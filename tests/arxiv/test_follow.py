"""Following arXiv through the double: the cursor, paging, catch-up without gaps, backlog imports."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta

import pytest

from bot.arxiv.errors import ArxivDisabled, ArxivUnavailable
from bot.arxiv.follow import fetch_new, import_backlog
from bot.arxiv.settings import FollowSpec
from tests.arxiv.conftest import FakeTime, client_for
from tests.arxiv_double import ArxivDouble, Version

CL = FollowSpec(categories=("cs.CL",))


def newest_first(double: ArxivDouble, category: str) -> list[Version]:
    papers = [history[-1] for history in double.papers.values() if category in history[-1].categories]
    return sorted(papers, key=lambda v: (v.published, v.arxiv_id), reverse=True)


async def test_a_first_run_takes_the_newest_papers_oldest_first(
    arxiv_double: ArxivDouble, fake_time: FakeTime
) -> None:
    expected = newest_first(arxiv_double, "cs.CL")[:5]
    async with client_for(arxiv_double, fake_time) as client:
        entries, cursor = await fetch_new(client, CL, None, 5)
    assert [e.arxiv_id for e in entries] == [v.arxiv_id for v in reversed(expected)]
    assert cursor == expected[0].published
    [request] = arxiv_double.requests
    assert request.query["search_query"] == "cat:cs.CL"
    assert (request.query["sortBy"], request.query["sortOrder"]) == ("submittedDate", "descending")


async def test_catching_up_pages_until_the_cursor_and_no_further(
    arxiv_double: ArxivDouble, fake_time: FakeTime
) -> None:
    papers = newest_first(arxiv_double, "cs.CL")
    since = papers[24].published  # 24 papers are newer
    async with client_for(arxiv_double, fake_time, page_size=10) as client:
        entries, cursor = await fetch_new(client, CL, since, 1000)
    assert [e.arxiv_id for e in entries] == [v.arxiv_id for v in reversed(papers[:24])]
    assert cursor == papers[0].published
    assert [r.query["start"] for r in arxiv_double.requests] == ["0", "10", "20"]


async def test_more_new_papers_than_the_limit_arrive_over_several_calls_without_a_gap(
    arxiv_double: ArxivDouble, fake_time: FakeTime
) -> None:
    papers = newest_first(arxiv_double, "cs.CL")
    cursor: datetime | None = papers[24].published
    batches: list[list[str]] = []
    async with client_for(arxiv_double, fake_time, page_size=10) as client:
        for _ in range(4):
            entries, cursor = await fetch_new(client, CL, cursor, 10)
            batches.append([e.arxiv_id for e in entries])
    assert [len(b) for b in batches] == [10, 10, 4, 0]
    assert [i for batch in batches for i in batch] == [v.arxiv_id for v in reversed(papers[:24])]
    assert cursor == papers[0].published


async def test_papers_sharing_the_cut_timestamp_are_not_split(
    arxiv_double: ArxivDouble, fake_time: FakeTime
) -> None:
    papers = newest_first(arxiv_double, "cs.CL")
    since = papers[10].published
    # The 3rd and 4th oldest new papers get one timestamp; a limit of 3 would cut between them.
    twin = papers[6]
    arxiv_double.add(dataclasses.replace(twin, published=papers[7].published))
    async with client_for(arxiv_double, fake_time) as client:
        entries, cursor = await fetch_new(client, CL, since, 3)
    assert [e.arxiv_id for e in entries] == [
        papers[9].arxiv_id,
        papers[8].arxiv_id,
        *sorted([papers[7].arxiv_id, twin.arxiv_id]),
    ]
    assert cursor == papers[7].published


async def test_a_paper_published_after_the_cursor_is_all_that_comes_back(
    arxiv_double: ArxivDouble, fake_time: FakeTime
) -> None:
    async with client_for(arxiv_double, fake_time) as client:
        _, cursor = await fetch_new(client, CL, None, 20)
        assert cursor is not None
        fresh = dataclasses.replace(
            newest_first(arxiv_double, "cs.CL")[0],
            arxiv_id="2607.00001",
            published=cursor + timedelta(hours=1),
            updated=cursor + timedelta(hours=1),
        )
        arxiv_double.add(fresh)
        entries, new_cursor = await fetch_new(client, CL, cursor, 20)
        again, same = await fetch_new(client, CL, new_cursor, 20)
    assert [e.arxiv_id for e in entries] == ["2607.00001"] and new_cursor == fresh.published
    assert again == [] and same == new_cursor


async def test_an_empty_page_in_the_middle_is_asked_again(
    arxiv_double: ArxivDouble, fake_time: FakeTime
) -> None:
    papers = newest_first(arxiv_double, "cs.CL")
    async with client_for(arxiv_double, fake_time, page_size=10) as client:
        arxiv_double.send_empty_page(start=10)
        entries, _ = await fetch_new(client, CL, papers[14].published, 100)
    assert [e.arxiv_id for e in entries] == [v.arxiv_id for v in reversed(papers[:14])]
    assert [r.query["start"] for r in arxiv_double.requests] == ["0", "10", "10"]


async def test_empty_pages_that_persist_fail_rather_than_skip_papers(
    arxiv_double: ArxivDouble, fake_time: FakeTime
) -> None:
    papers = newest_first(arxiv_double, "cs.CL")
    async with client_for(arxiv_double, fake_time, page_size=10, retries=2) as client:
        arxiv_double.send_empty_page(start=10, times=3)
        with pytest.raises(ArxivUnavailable, match="empty pages"):
            await fetch_new(client, CL, papers[30].published, 100)


async def test_categories_and_a_query_are_combined(arxiv_double: ArxivDouble, fake_time: FakeTime) -> None:
    spec = FollowSpec(categories=("cs.CL", "cs.IR"), query="abs:retrieval")
    async with client_for(arxiv_double, fake_time) as client:
        entries, _ = await fetch_new(client, spec, None, 50)
    assert arxiv_double.requests[0].query["search_query"] == "(cat:cs.CL OR cat:cs.IR) AND (abs:retrieval)"
    assert entries and all("retrieval" in e.paper.abstract.lower() for e in entries)
    assert all({"cs.CL", "cs.IR"} & set(e.paper.categories) for e in entries)


async def test_following_nothing_makes_no_request(arxiv_double: ArxivDouble, fake_time: FakeTime) -> None:
    async with client_for(arxiv_double, fake_time) as client:
        assert await fetch_new(client, FollowSpec(), None, 10) == ([], None)
    assert arxiv_double.requests == []


async def test_following_when_disabled_says_so(arxiv_double: ArxivDouble, fake_time: FakeTime) -> None:
    async with client_for(arxiv_double, fake_time, enabled=False) as client:
        with pytest.raises(ArxivDisabled):
            await fetch_new(client, CL, None, 10)
        with pytest.raises(ArxivDisabled):
            await import_backlog(client, "cat:cs.CV", 10)


async def test_a_backlog_import_pages_and_reports_progress(
    arxiv_double: ArxivDouble, fake_time: FakeTime
) -> None:
    progress: list[tuple[int, int]] = []
    async with client_for(arxiv_double, fake_time, page_size=10) as client:
        entries = await import_backlog(
            client, "cat:cs.CV", 25, lambda done, total: progress.append((done, total))
        )
    assert [e.arxiv_id for e in entries] == [v.arxiv_id for v in newest_first(arxiv_double, "cs.CV")[:25]]
    assert [(r.query["start"], r.query["max_results"]) for r in arxiv_double.requests] == [
        ("0", "10"),
        ("10", "10"),
        ("20", "5"),
    ]
    assert progress == [(10, 25), (20, 25), (25, 25)]


async def test_a_backlog_smaller_than_asked_stops_at_its_end(
    arxiv_double: ArxivDouble, fake_time: FakeTime
) -> None:
    async with client_for(arxiv_double, fake_time, page_size=10) as client:
        entries = await import_backlog(client, "au:del_maestro", 500)
    assert len(entries) == 10 and len(arxiv_double.requests) == 1  # the double knows 10 of them
