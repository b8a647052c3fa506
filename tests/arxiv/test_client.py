"""The client against the loopback arXiv double: real recorded answers, batching, faults, terms of use."""

from __future__ import annotations

import dataclasses
import itertools
import socket

import pytest

from bot.arxiv.client import ArxivClient
from bot.arxiv.errors import ArxivBadResponse, ArxivDisabled, ArxivRejected, ArxivUnavailable
from bot.arxiv.ids import ArxivRef
from bot.arxiv.ratelimit import process_limiter
from bot.arxiv.settings import DEFAULT_USER_AGENT, ArxivSettings
from tests.arxiv.conftest import FakeTime, client_for, settings_for
from tests.arxiv_double import ArxivDouble


def _gaps(double: ArxivDouble) -> list[float]:
    times = [r.at for r in double.requests]
    return [b - a for a, b in itertools.pairwise(times)]


# --- lookups ------------------------------------------------------------------------------------


async def test_the_recorded_lookup_finds_one_paper_and_reports_the_dropped_id(
    client: ArxivClient, arxiv_double: ArxivDouble
) -> None:
    result = await client.fetch([ArxivRef("0808.05394"), ArxivRef("1707.08567")])
    [entry] = result.entries
    assert entry.arxiv_id == "1707.08567" and len(entry.paper.authors) == 34
    assert "Dirk Wübben" in entry.paper.authors
    assert result.missing == [ArxivRef("0808.05394")]
    assert result.missing_message() == "arXiv has no paper 0808.05394; check the id."
    [request] = arxiv_double.requests
    assert request.query["id_list"] == "0808.05394,1707.08567"


async def test_150_ids_take_two_requests_of_at_most_100(
    client: ArxivClient, arxiv_double: ArxivDouble
) -> None:
    ids = [i for i in arxiv_double.papers if "/" not in i][:150]
    result = await client.fetch([ArxivRef(i) for i in ids])
    assert [e.arxiv_id for e in result.entries] == ids
    assert result.missing == []
    assert [len(r.ids) for r in arxiv_double.requests] == [100, 50]
    assert [r.query["max_results"] for r in arxiv_double.requests] == ["100", "50"]


async def test_an_id_asked_twice_is_fetched_once(client: ArxivClient, arxiv_double: ArxivDouble) -> None:
    result = await client.fetch([ArxivRef("1707.08567"), ArxivRef("1707.08567", 1)])
    assert [e.arxiv_id for e in result.entries] == ["1707.08567"]
    assert arxiv_double.requests[0].ids == ["1707.08567"]


async def test_an_unknown_id_is_missing_not_an_error(client: ArxivClient) -> None:
    result = await client.fetch([ArxivRef("2501.99999")])
    assert (result.entries, result.missing) == ([], [ArxivRef("2501.99999")])
    assert result.missing_message() == "arXiv has no paper 2501.99999; check the id."


async def test_a_malformed_id_is_rejected_before_any_request(
    client: ArxivClient, arxiv_double: ArxivDouble
) -> None:
    with pytest.raises(ArxivRejected) as caught:
        await client.fetch([ArxivRef("1707.08567"), ArxivRef("abc")])
    assert caught.value.user_message == "'abc' is not an arXiv id (write it like 2507.13264)."
    with pytest.raises(ArxivRejected) as pinging:
        await client.fetch([ArxivRef("@everyone")])
    assert "@" not in pinging.value.user_message
    assert arxiv_double.requests == []


async def test_arxivs_real_400_error_feed_becomes_a_rejection(
    client: ArxivClient, arxiv_double: ArxivDouble
) -> None:
    arxiv_double.replay_next("api_error_malformed_id_http400.xml", 400)
    with pytest.raises(ArxivRejected) as caught:
        await client.fetch([ArxivRef("1707.08567")])
    assert caught.value.user_message == "arXiv rejected the request: incorrect id format for abc."
    assert len(arxiv_double.requests) == 1  # a rejection is not retried


async def test_an_error_feed_with_status_200_is_a_rejection_too(
    client: ArxivClient, arxiv_double: ArxivDouble
) -> None:
    arxiv_double.send_error_feed("start must be non-negative", status=200)
    with pytest.raises(ArxivRejected, match="start must be non-negative"):
        await client.search("cat:cs.CL")


async def test_a_withdrawn_version_comes_back_flagged(client: ArxivClient, arxiv_double: ArxivDouble) -> None:
    arxiv_double.withdraw("1707.08567")
    [entry] = (await client.fetch([ArxivRef("1707.08567")])).entries
    assert entry.withdrawn and entry.version == 2
    assert entry.notice == "arXiv 1707.08567v2 has been withdrawn by its authors."


async def test_the_latest_version_by_default_and_an_older_one_on_request(
    client: ArxivClient, arxiv_double: ArxivDouble
) -> None:
    arxiv_double.revise("1707.08567", title="Proceedings of AEW10, revised")
    [latest] = (await client.fetch([ArxivRef("1707.08567")])).entries
    [first] = (await client.fetch([ArxivRef("1707.08567", 1)])).entries
    assert (latest.version, latest.paper.title) == (2, "Proceedings of AEW10, revised")
    assert (first.version, first.paper.title[:31]) == (1, "Proceedings of Workshop AEW10: ")
    assert latest.paper.updated is not None and first.paper.updated is not None
    assert latest.paper.updated > first.paper.updated
    assert arxiv_double.requests[1].ids == ["1707.08567v1"]


# --- search -------------------------------------------------------------------------------------


async def test_the_recorded_search_page_is_replayed_with_its_paging(
    client: ArxivClient, arxiv_double: ArxivDouble
) -> None:
    feed = await client.search("all:testing", start=10, max_results=10, sort_by="relevance")
    assert (feed.total, feed.start, len(feed.entries)) == (214881, 10, 10)
    query = arxiv_double.requests[0].query
    assert query == {
        "search_query": "all:testing",
        "start": "10",
        "max_results": "10",
        "sortBy": "relevance",
        "sortOrder": "descending",
    }


async def test_the_legacy_recorded_page_is_read_through_the_client(client: ArxivClient) -> None:
    feed = await client.search("au:del_maestro", start=0, max_results=10, sort_by="relevance")
    assert (
        feed.total == 31
        and feed.entries[0].paper.title == "A Luttinger Liquid Core Inside Helium-4 Filled Nanopores"
    )


async def test_an_empty_result_is_an_empty_feed(client: ArxivClient) -> None:
    feed = await client.search("ti:qwertyuiopasdf")
    assert (feed.entries, feed.total) == ([], 0)


async def test_an_empty_query_is_refused_without_a_request(
    client: ArxivClient, arxiv_double: ArxivDouble
) -> None:
    with pytest.raises(ArxivRejected):
        await client.search("   ")
    with pytest.raises(ValueError):
        await client.search("cat:cs.CL", sort_by="citations")
    assert arxiv_double.requests == []


# --- faults -------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["truncated", "html", "binary"])
async def test_garbage_is_a_bad_response_with_a_clear_message(
    client: ArxivClient, arxiv_double: ArxivDouble, kind: str
) -> None:
    arxiv_double.send_garbage(kind)
    with pytest.raises(ArxivBadResponse) as caught:
        await client.fetch([ArxivRef("1707.08567")])
    assert caught.value.user_message.startswith("arXiv sent an answer PaperBot cannot read")
    assert len(arxiv_double.requests) == 1


async def test_503_with_retry_after_is_retried_after_the_wait(
    client: ArxivClient, arxiv_double: ArxivDouble, fake_time: FakeTime
) -> None:
    arxiv_double.fail(503, times=2, retry_after="10")
    result = await client.fetch([ArxivRef("1707.08567")])
    assert [e.arxiv_id for e in result.entries] == ["1707.08567"]
    assert [r.status for r in arxiv_double.requests] == [503, 503, 200]
    assert all(gap >= 10 for gap in _gaps(arxiv_double))


async def test_429_until_the_retries_run_out_is_unavailable(
    client: ArxivClient, arxiv_double: ArxivDouble
) -> None:
    arxiv_double.fail(429, times=10, retry_after="5")
    with pytest.raises(ArxivUnavailable) as caught:
        await client.search("cat:cs.CL")
    assert (
        caught.value.user_message == "arXiv is busy or down (HTTP 429, 5 tries); try again in a few minutes."
    )
    assert len(arxiv_double.requests) == 5
    assert all(gap >= 5 for gap in _gaps(arxiv_double))


async def test_a_retry_after_beyond_the_limit_fails_at_once(
    client: ArxivClient, arxiv_double: ArxivDouble
) -> None:
    arxiv_double.fail(503, retry_after="3600")
    with pytest.raises(ArxivUnavailable, match="asks to wait 3600 s"):
        await client.search("cat:cs.CL")
    assert len(arxiv_double.requests) == 1


async def test_5xx_backs_off_exponentially(arxiv_double: ArxivDouble, fake_time: FakeTime) -> None:
    arxiv_double.fail(500, times=3)
    async with client_for(arxiv_double, fake_time, min_interval_seconds=3.0) as client:
        await client.search("cat:cs.CL")
    assert [r.status for r in arxiv_double.requests] == [500, 500, 500, 200]
    assert _gaps(arxiv_double) == [3.0, 6.0, 12.0]


async def test_a_hang_times_out_and_is_unavailable(arxiv_double: ArxivDouble, fake_time: FakeTime) -> None:
    arxiv_double.stall(times=2)
    async with client_for(arxiv_double, fake_time, timeout_seconds=0.2, retries=1) as client:
        with pytest.raises(ArxivUnavailable) as caught:
            await client.fetch([ArxivRef("1707.08567")])
    assert caught.value.user_message == "arXiv did not answer within 0.2 s (2 tries); try again later."
    assert len(arxiv_double.requests) == 2


async def test_a_stall_then_an_answer_succeeds(arxiv_double: ArxivDouble, fake_time: FakeTime) -> None:
    arxiv_double.stall()
    async with client_for(arxiv_double, fake_time, timeout_seconds=0.2) as client:
        result = await client.fetch([ArxivRef("1707.08567")])
    assert len(result.entries) == 1 and len(arxiv_double.requests) == 2


async def test_connection_refused_is_unavailable(fake_time: FakeTime) -> None:
    with socket.socket() as probe:  # a port nobody listens on once it is closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings = dataclasses.replace(ArxivSettings(), api_url=f"http://127.0.0.1:{port}/api/query", retries=1)
    async with ArxivClient(settings, clock=fake_time.clock, sleep=fake_time.sleep) as client:
        with pytest.raises(ArxivUnavailable) as caught:
            await client.fetch([ArxivRef("1707.08567")])
    assert (
        caught.value.user_message
        == "PaperBot cannot reach arXiv (connection refused, 2 tries); try again later."
    )


async def test_disabled_fails_at_once_without_a_request(
    arxiv_double: ArxivDouble, fake_time: FakeTime
) -> None:
    async with client_for(arxiv_double, fake_time, enabled=False) as client:
        with pytest.raises(ArxivDisabled) as caught:
            await client.fetch([ArxivRef("1707.08567")])
        with pytest.raises(ArxivDisabled):
            await client.search("cat:cs.CL")
    assert "turned off" in caught.value.user_message and "arxiv.enabled: false" in caught.value.user_message
    assert arxiv_double.requests == [] and fake_time.sleeps == []


# --- terms of use -------------------------------------------------------------------------------


async def test_every_request_names_the_bot_in_its_user_agent(
    arxiv_double: ArxivDouble, fake_time: FakeTime
) -> None:
    async with client_for(arxiv_double, fake_time) as shipped:
        await shipped.search("cat:cs.CL")
    async with client_for(
        arxiv_double, fake_time, user_agent="PaperBot/0.1 (mailto:ops@example.org)"
    ) as custom:
        await custom.fetch([ArxivRef("1707.08567")])
    assert [r.user_agent for r in arxiv_double.requests] == [
        DEFAULT_USER_AGENT,
        "PaperBot/0.1 (mailto:ops@example.org)",
    ]
    assert DEFAULT_USER_AGENT.startswith("PaperBot/")


async def test_requests_are_three_seconds_apart(client: ArxivClient, arxiv_double: ArxivDouble) -> None:
    ids = [i for i in arxiv_double.papers if "/" not in i][:250]
    await client.fetch([ArxivRef(i) for i in ids])
    await client.search("cat:cs.CL")
    assert len(arxiv_double.requests) == 4
    assert _gaps(arxiv_double) == [3.0, 3.0, 3.0]


async def test_two_clients_sharing_a_limiter_stay_three_seconds_apart(
    arxiv_double: ArxivDouble, fake_time: FakeTime
) -> None:
    first = client_for(arxiv_double, fake_time)
    second = ArxivClient(settings_for(arxiv_double), limiter=first.limiter)
    async with first, second:
        for _ in range(2):
            await first.search("cat:cs.CL")
            await second.search("cat:cs.AI")
    assert _gaps(arxiv_double) == [3.0, 3.0, 3.0]


def test_clients_share_the_process_limiter_by_default() -> None:
    one, two = (
        ArxivClient(ArxivSettings()),
        ArxivClient(ArxivSettings(api_url="http://127.0.0.1:1/api/query")),
    )
    assert one.limiter is two.limiter is process_limiter()
