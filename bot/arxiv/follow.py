"""Following arXiv: new papers since a stored cursor, and bulk backlog imports, by paging a search.

arXiv's search pages are sorted newest first; a catch-up reads pages until it meets a paper at or
before the cursor, so nothing submitted in between is skipped even after long downtime. arXiv
sometimes answers a page in the middle of a result list with no entries; that page is asked again
rather than taken as the end, since taking it as the end would move the cursor past papers never seen.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import datetime

from bot.arxiv.client import ArxivClient
from bot.arxiv.entries import ArxivEntry, Feed
from bot.arxiv.errors import ArxivUnavailable
from bot.arxiv.settings import FollowSpec

Progress = Callable[[int, int], None]


async def fetch_new(
    client: ArxivClient,
    spec: FollowSpec,
    since: datetime | None,
    limit: int,
    *,
    sort_by: str = "submittedDate",
) -> tuple[list[ArxivEntry], datetime | None]:
    """New entries for ``spec``, oldest first, and the cursor to store for next time.

    ``since`` is the stored cursor (timezone-aware): entries at or before it are old. With no cursor
    (a first run) the newest ``limit`` entries are returned. With one, and more than ``limit`` new
    entries, the *oldest* ``limit`` come back and the cursor stops at the last of them, so calling
    again (while a call returns ``limit`` entries) catches up without a gap. Entries sharing the
    cursor's timestamp are never split across two calls. ``sort_by="lastUpdatedDate"`` follows
    new versions instead of new papers.
    """
    if limit < 1:
        raise ValueError("limit must be at least 1")
    query = spec.search_query
    if query is None:
        return [], since
    newest_first: list[ArxivEntry] = []
    seen: set[str] = set()
    start = 0
    while True:
        feed = await _page(client, query, start, client.settings.page_size, sort_by)
        reached = False
        for entry in feed.entries:
            stamp = _stamp(entry, sort_by)
            if since is not None and stamp is not None and stamp <= since:
                reached = True
                break
            if entry.arxiv_id not in seen:
                seen.add(entry.arxiv_id)
                newest_first.append(entry)
        start += len(feed.entries)
        if reached or not feed.entries or start >= feed.total:
            break
        if since is None and len(newest_first) >= limit:
            break
    chosen = _oldest(newest_first[::-1], limit, sort_by) if since is not None else newest_first[:limit][::-1]
    return chosen, _cursor(chosen, since, sort_by)


async def backlog_pages(
    client: ArxivClient, query: str, max_papers: int, *, sort_by: str = "submittedDate"
) -> AsyncIterator[tuple[list[ArxivEntry], int]]:
    """Pages of a search, as (entries not seen on an earlier page, papers expected in all)."""
    seen: set[str] = set()
    start = delivered = 0
    while delivered < max_papers:
        size = min(client.settings.page_size, max_papers - delivered)
        feed = await _page(client, query, start, size, sort_by)
        fresh = [entry for entry in feed.entries if entry.arxiv_id not in seen][: max_papers - delivered]
        seen.update(entry.arxiv_id for entry in fresh)
        delivered += len(fresh)
        yield fresh, min(max_papers, feed.total)
        start += len(feed.entries)
        if not feed.entries or start >= feed.total:
            return


async def import_backlog(
    client: ArxivClient, query: str, max_papers: int, progress: Progress | None = None
) -> list[ArxivEntry]:
    """Up to ``max_papers`` entries of a search, newest first; ``progress(done, expected)`` per page."""
    entries: list[ArxivEntry] = []
    async for page, expected in backlog_pages(client, query, max_papers):
        entries.extend(page)
        if progress is not None:
            progress(len(entries), expected)
    return entries


async def _page(client: ArxivClient, query: str, start: int, size: int, sort_by: str) -> Feed:
    for _ in range(client.settings.retries + 1):
        feed = await client.search(query, start=start, max_results=size, sort_by=sort_by)
        if feed.entries or start >= feed.total:
            return feed
    raise ArxivUnavailable(
        "arXiv keeps sending empty pages in the middle of the results; try again later.",
        detail=f"empty page at start={start} of {feed.total}",
    )


def _oldest(oldest_first: list[ArxivEntry], limit: int, sort_by: str) -> list[ArxivEntry]:
    cut = min(limit, len(oldest_first))
    # Never leave part of a group with one timestamp behind: the cursor would skip the rest.
    while 0 < cut < len(oldest_first) and _stamp(oldest_first[cut], sort_by) == _stamp(
        oldest_first[cut - 1], sort_by
    ):
        cut += 1
    return oldest_first[:cut]


def _cursor(chosen: list[ArxivEntry], since: datetime | None, sort_by: str) -> datetime | None:
    stamps = [s for s in (_stamp(entry, sort_by) for entry in chosen) if s is not None]
    if since is not None:
        stamps.append(since)
    return max(stamps, default=None)


def _stamp(entry: ArxivEntry, sort_by: str) -> datetime | None:
    return entry.updated_at if sort_by == "lastUpdatedDate" else entry.published_at
