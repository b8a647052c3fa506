"""The async arXiv API client: batched id lookups and paged searches, within arXiv's API terms.

Every request waits for the process-wide rate limiter, carries a descriptive User-Agent, has a
total timeout, and is retried with exponential backoff (honouring Retry-After) on 429, 5xx,
timeouts and connection failures. Large bodies are parsed on a worker thread so the event loop
keeps serving Discord while a 2,000-entry page is read.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from types import TracebackType

import aiohttp

from bot.arxiv.entries import ArxivEntry, Feed, parse_feed
from bot.arxiv.errors import ArxivBadResponse, ArxivDisabled, ArxivRejected, ArxivUnavailable
from bot.arxiv.ids import ArxivRef, is_valid_id
from bot.arxiv.ratelimit import Clock, RateLimiter, Sleep, process_limiter
from bot.arxiv.settings import ArxivSettings

SORT_BY = ("relevance", "lastUpdatedDate", "submittedDate")
SORT_ORDER = ("ascending", "descending")
MAX_RESULTS = 2000  # arXiv's ceiling for one request
# Parsing runs at about 20 entries per millisecond (bench/bench_arxiv.py); above this size it would
# hold the event loop for more than ~10 ms, so it moves to a thread.
THREAD_PARSE_BYTES = 256_000
_SHOWABLE = re.compile(r"[\w./:-]{1,40}")


@dataclass(frozen=True, slots=True)
class FetchResult:
    """The papers arXiv has for the refs asked, in the order asked, and the refs it does not know."""

    entries: list[ArxivEntry]
    missing: list[ArxivRef]

    def missing_message(self) -> str | None:
        """One line for users about the ids arXiv does not have, or None."""
        if not self.missing:
            return None
        names = ", ".join(str(ref) for ref in self.missing[:5])
        more = f" and {len(self.missing) - 5} more" if len(self.missing) > 5 else ""
        return f"arXiv has no paper {names}{more}; check the id."


@dataclass(frozen=True, slots=True)
class _Failure:
    """Why one try failed, if it may be retried."""

    reason: str  # "HTTP 503", "timeout", "connection refused"...
    retry_after: float | None = None


class ArxivClient:
    """``async with ArxivClient(settings) as arxiv: result = await arxiv.fetch(refs)``."""

    def __init__(
        self,
        settings: ArxivSettings,
        *,
        clock: Clock | None = None,
        sleep: Sleep | None = None,
        limiter: RateLimiter | None = None,
    ) -> None:
        self.settings = settings
        self._sleep: Sleep = sleep or asyncio.sleep
        # A client given its own clock (a test) gets its own limiter on that clock, unless handed one.
        if limiter is None:
            limiter = (
                RateLimiter(clock or time.monotonic, self._sleep) if clock or sleep else process_limiter()
            )
        self.limiter = limiter
        self._session: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> ArxivClient:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def fetch(self, refs: Sequence[ArxivRef]) -> FetchResult:
        """The entries for ``refs`` (one per paper, duplicates asked once), in ``batch_size`` lookups.

        A ref with a version gets that version; without, the latest. arXiv silently leaves out ids
        it does not have; those come back in ``missing``.
        """
        self._check_enabled()
        wanted = list({ref.id: ref for ref in reversed(refs)}.values())[::-1]
        for ref in wanted:
            if not is_valid_id(ref.id) or (ref.version is not None and ref.version < 1):
                raise ArxivRejected(f"{_shown(str(ref.id))} is not an arXiv id (write it like 2507.13264).")
        found: dict[str, ArxivEntry] = {}
        size = self.settings.batch_size
        for i in range(0, len(wanted), size):
            batch = wanted[i : i + size]
            asked = {ref.id for ref in batch}
            params = {"id_list": ",".join(map(str, batch)), "start": "0", "max_results": str(len(batch))}
            feed = await self._request(params)
            found.update((entry.arxiv_id, entry) for entry in feed.entries if entry.arxiv_id in asked)
        return FetchResult(
            entries=[found[ref.id] for ref in wanted if ref.id in found],
            missing=[ref for ref in wanted if ref.id not in found],
        )

    async def search(
        self,
        query: str,
        *,
        start: int = 0,
        max_results: int = 100,
        sort_by: str = "submittedDate",
        sort_order: str = "descending",
    ) -> Feed:
        """One page of an arXiv ``search_query`` (``cat:cs.CL``, ``ti:...``, ``au:...``, ``all:...``)."""
        self._check_enabled()
        if sort_by not in SORT_BY or sort_order not in SORT_ORDER:
            raise ValueError(f"sort_by must be one of {SORT_BY} and sort_order one of {SORT_ORDER}")
        if start < 0 or not 1 <= max_results <= MAX_RESULTS:
            raise ValueError(f"start must be >= 0 and max_results between 1 and {MAX_RESULTS}")
        if not query.strip():
            raise ArxivRejected("The arXiv search is empty; give it words, an author or a category.")
        params = {
            "search_query": query.strip(),
            "start": str(start),
            "max_results": str(max_results),
            "sortBy": sort_by,
            "sortOrder": sort_order,
        }
        return await self._request(params)

    def _check_enabled(self) -> None:
        if not self.settings.enabled:
            raise ArxivDisabled()

    async def _request(self, params: Mapping[str, str]) -> Feed:
        settings = self.settings
        failure = _Failure("no try made")
        for attempt in range(settings.retries + 1):
            await self.limiter.wait(settings.min_interval_seconds)
            outcome = await self._try(params)
            if isinstance(outcome, Feed):
                return outcome
            failure = outcome
            if failure.retry_after is not None:
                if failure.retry_after > settings.max_retry_after_seconds:
                    raise ArxivUnavailable(
                        f"arXiv is throttling requests and asks to wait {failure.retry_after:.0f} s; "
                        "try again later.",
                        detail=failure.reason,
                    )
                self.limiter.hold_off(failure.retry_after)
            if attempt < settings.retries:
                await self._sleep(settings.min_interval_seconds * 2**attempt)
        raise ArxivUnavailable(_unavailable(failure, settings), detail=failure.reason)

    async def _try(self, params: Mapping[str, str]) -> Feed | _Failure:
        """One request: a feed, a retryable failure, or an exception for answers a retry cannot fix."""
        try:
            async with asyncio.timeout(self.settings.timeout_seconds):
                async with self._open().get(self.settings.api_url, params=params) as response:
                    body = await response.read()
                    status, headers = response.status, response.headers
        except TimeoutError:
            return _Failure("timeout")
        except aiohttp.ClientConnectorError as exc:
            refused = isinstance(exc.os_error, ConnectionRefusedError)
            return _Failure("connection refused" if refused else "connection failed")
        except aiohttp.ClientError as exc:
            return _Failure(f"connection broke ({type(exc).__name__})")
        if status == 429 or status >= 500:
            return _Failure(f"HTTP {status}", retry_after=_retry_after(headers.get("Retry-After")))
        if status == 400:
            await self._parse(body)  # arXiv's error feed raises ArxivRejected with its reason
        if status != 200:
            raise ArxivBadResponse(
                f"arXiv answered with an unexpected HTTP {status}; try again later.", detail=f"HTTP {status}"
            )
        return await self._parse(body)

    async def _parse(self, body: bytes) -> Feed:
        if len(body) > THREAD_PARSE_BYTES:
            return await asyncio.to_thread(parse_feed, body)
        return parse_feed(body)

    def _open(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(headers={"User-Agent": self.settings.user_agent})
        return self._session


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _unavailable(failure: _Failure, settings: ArxivSettings) -> str:
    tries = f"{settings.retries + 1} {'try' if settings.retries == 0 else 'tries'}"
    if failure.reason == "timeout":
        return f"arXiv did not answer within {settings.timeout_seconds:g} s ({tries}); try again later."
    if failure.reason.startswith("connection"):
        return f"PaperBot cannot reach arXiv ({failure.reason}, {tries}); try again later."
    return f"arXiv is busy or down ({failure.reason}, {tries}); try again in a few minutes."


def _shown(token: str) -> str:
    """A user's token, quoted only when it is plainly id-like (so a reply never repeats a ping)."""
    return f"'{token}'" if _SHOWABLE.fullmatch(token) else "That"
