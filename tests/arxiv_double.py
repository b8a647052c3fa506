"""A local stand-in for arXiv's API (``/api/query``) on 127.0.0.1, for tests of the arXiv client.

It replays the REAL recorded responses in shared/datasets/arxiv/api_responses/ byte for byte
for the requests they answered (with their status codes, e.g. 400 for the malformed-id lookup),
and for anything else renders entries in the current arXiv Atom format, element for element as
the recordings show it, from real paper metadata: the recorded entries themselves and
daily_arxiv_ai_enhanced/sample_2000.jsonl (whose papers carry a listing date but no time of day;
the double gives each a deterministic time on the day before it was listed).

A test can queue faults (503/429 with Retry-After, 500, a stall, garbage, an error feed, an empty
page), add papers, and publish withdrawn or newer versions. Every request is recorded (path,
query, time, User-Agent) so tests can assert batching, paging and rate limiting.
"""

from __future__ import annotations

import asyncio
import base64
import functools
import hashlib
import json
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from aiohttp import web

from bot.arxiv.entries import parse_feed
from bot.arxiv.ids import parse_ref

RECORDINGS = Path("datasets/arxiv/api_responses")
SAMPLE = Path("datasets/arxiv/daily_arxiv_ai_enhanced/sample_2000.jsonl")
ATOM_TYPE = "application/atom+xml"
# arXiv's real throttling answer (recorded by paperhive/oai-pmh, 2018): HTTP 503, Retry-After, this body.
RETRY_BODY = "<html><body>\n<h1>Retry after {seconds} seconds</h1>\n</body></html>\n"
WITHDRAWN_COMMENT = "This paper has been withdrawn by the author due to a crucial error in the proof"

# Requests the recordings answered: (parameter, value, start, max_results) -> (file, status).
# Lookups are replayed whatever max_results asked (it only has to cover the ids).
LOOKUP_REPLAYS = {
    "0808.05394,1707.08567": ("api_idlist_2ids_1found.xml", 200),
    "0000.0000": ("api_idlist_unknown_id_empty.xml", 200),
    "abc": ("api_error_malformed_id_http400.xml", 400),
}
SEARCH_REPLAYS = {
    ("all:testing", 10, 10): ("api_search_page_start10_max10.xml", 200),
    ("au:del_maestro", 0, 10): ("api_search_legacy2016_au_del_maestro.xml", 200),
}
_ID_SHAPE = re.compile(r"(\d{4}\.\d{4,5}|[a-z-]+(\.[A-Z]{2})?/\d{7})(v\d+)?")


@dataclass(frozen=True)
class Version:
    """One version of a paper as the double serves it."""

    arxiv_id: str
    version: int
    title: str
    summary: str
    authors: tuple[str, ...]
    categories: tuple[str, ...]
    primary: str
    published: datetime
    updated: datetime
    comment: str | None = None
    journal_ref: str | None = None
    doi: str | None = None


@dataclass
class Request:
    path: str
    query: dict[str, str]
    at: float  # ArxivDouble.clock() when the request arrived
    user_agent: str
    status: int = 0

    @property
    def ids(self) -> list[str]:
        return [i for i in self.query.get("id_list", "").split(",") if i]


@dataclass
class Fault:
    kind: str  # status | stall | html | truncated | binary | error_feed | replay | empty_page
    status: int = 200
    retry_after: str | None = None
    message: str = ""
    start: int | None = None  # only a request for this page triggers it


@dataclass
class ArxivDouble:
    recordings: Path
    papers: dict[str, list[Version]] = field(default_factory=dict)  # id -> versions, oldest first
    requests: list[Request] = field(default_factory=list)
    faults: list[Fault] = field(default_factory=list)
    port: int = 0
    clock: Callable[[], float] = time.monotonic  # what Request.at is read from; a test may use its fake clock
    _runner: web.AppRunner | None = None
    _released: asyncio.Event = field(default_factory=asyncio.Event)

    # --- set-up ---------------------------------------------------------------------------

    @classmethod
    def from_shared(cls, shared: Path) -> ArxivDouble:
        double = cls(recordings=shared / RECORDINGS)
        for name in (
            "api_search_page_start10_max10.xml",
            "api_search_legacy2016_au_del_maestro.xml",
            "api_idlist_2ids_1found.xml",
        ):
            double.add(*_versions_of((double.recordings / name).read_bytes()))
        if (shared / SAMPLE).exists():
            double.add(*_sample_versions(shared / SAMPLE))
        return double

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/api/query", self._query)
        self._runner = web.AppRunner(app, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]

    async def close(self) -> None:
        self._released.set()  # stalled handlers return
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/query"

    # --- what tests change ------------------------------------------------------------------

    def add(self, *versions: Version) -> None:
        for version in versions:
            history = self.papers.setdefault(version.arxiv_id, [])
            history[:] = [v for v in history if v.version != version.version] + [version]
            history.sort(key=lambda v: v.version)

    def latest(self, arxiv_id: str) -> Version:
        return self.papers[arxiv_id][-1]

    def revise(self, arxiv_id: str, *, at: datetime | None = None, **changes: Any) -> Version:
        """Publishes version n+1 of a paper (new title, summary... as given)."""
        current = self.latest(arxiv_id)
        newer = replace(
            current,
            version=current.version + 1,
            updated=at or current.updated + timedelta(days=30),
            **changes,
        )
        self.add(newer)
        return newer

    def withdraw(self, arxiv_id: str, *, comment: str = WITHDRAWN_COMMENT) -> Version:
        return self.revise(arxiv_id, comment=comment)

    def fail(self, status: int, *, times: int = 1, retry_after: str | None = None) -> None:
        self.faults.extend(Fault("status", status=status, retry_after=retry_after) for _ in range(times))

    def stall(self, *, times: int = 1) -> None:
        """The next requests hang (headers never sent) until the client gives up or the double closes."""
        self.faults.extend(Fault("stall") for _ in range(times))

    def send_garbage(self, kind: str = "html", *, times: int = 1) -> None:
        """``html`` (a maintenance page), ``truncated`` (a feed cut in half), ``binary`` (not text)."""
        self.faults.extend(Fault(kind) for _ in range(times))

    def send_error_feed(self, message: str, *, status: int = 400, times: int = 1) -> None:
        self.faults.extend(Fault("error_feed", status=status, message=message) for _ in range(times))

    def replay_next(self, name: str, status: int = 200) -> None:
        """The next request gets this recorded file, whatever it asked (e.g. the real 400 error feed)."""
        self.faults.append(Fault("replay", status=status, message=name))

    def send_empty_page(self, *, start: int | None = None, times: int = 1) -> None:
        """arXiv's quirk: a page with no entries in the middle of a result list (totalResults kept),
        for the next request, or the next one asking for ``start``."""
        self.faults.extend(Fault("empty_page", start=start) for _ in range(times))

    # --- serving ------------------------------------------------------------------------------

    async def _query(self, request: web.Request) -> web.StreamResponse:
        record = Request(
            request.path, dict(request.query), self.clock(), request.headers.get("User-Agent", "")
        )
        self.requests.append(record)
        response = await self._answer(record)
        record.status = response.status
        return response

    async def _answer(self, record: Request) -> web.StreamResponse:
        fault = self._next_fault(record.query)
        if fault is not None and fault.kind != "empty_page":
            return await self._fault(fault, record)
        query = record.query
        start, size = int(query.get("start", "0")), int(query.get("max_results", "10"))
        ids, search = query.get("id_list", ""), query.get("search_query", "")
        search = search if search.partition(":")[1] else f"all:{search}"
        by_relevance = query.get("sortBy", "relevance") == "relevance"  # as the searches were recorded
        replay = (
            LOOKUP_REPLAYS.get(ids)
            if ids
            else SEARCH_REPLAYS.get((search, start, size))
            if by_relevance
            else None
        )
        if replay is not None and fault is None:
            return self._replay(*replay)
        if ids:
            return self._lookup(query, ids.split(","))
        matches = self._search(search, query.get("sortBy", "relevance"), query.get("sortOrder", "descending"))
        page = [] if fault is not None else matches[start : start + size]
        return _atom(render_feed(query, page, total=len(matches), start=start, size=size).encode(), 200)

    def _next_fault(self, query: dict[str, str]) -> Fault | None:
        if not self.faults:
            return None
        fault = self.faults[0]
        if fault.start is not None and query.get("start", "0") != str(fault.start):
            return None
        return self.faults.pop(0)

    def _replay(self, name: str, status: int) -> web.Response:
        return _atom((self.recordings / name).read_bytes(), status)

    def _lookup(self, query: dict[str, str], ids: list[str]) -> web.Response:
        bad = next((i for i in ids if not _ID_SHAPE.fullmatch(i)), None)
        if bad is not None:
            return _atom(render_error(f"incorrect id format for {bad}").encode(), 400)
        found = [v for v in (self._version(i) for i in ids) if v is not None]
        size = int(query.get("max_results", "10"))
        return _atom(render_feed(query, found, total=len(found), start=0, size=size).encode(), 200)

    def _version(self, asked: str) -> Version | None:
        ref = parse_ref(asked)
        history = self.papers.get(ref.id) if ref else None
        if not history or ref is None:
            return None
        if ref.version is None:
            return history[-1]
        return next((v for v in history if v.version == ref.version), None)

    def _search(self, search_query: str, sort_by: str, sort_order: str) -> list[Version]:
        test = _compile(search_query)
        found = [history[-1] for history in self.papers.values() if test(history[-1])]
        if sort_by in ("submittedDate", "lastUpdatedDate"):
            stamp = "published" if sort_by == "submittedDate" else "updated"
            found.sort(key=lambda v: (getattr(v, stamp), v.arxiv_id), reverse=sort_order == "descending")
        return found

    async def _fault(self, fault: Fault, record: Request) -> web.StreamResponse:
        if fault.kind == "stall":
            await self._released.wait()
            return web.Response(status=504)
        if fault.kind == "status":
            headers = {"Retry-After": fault.retry_after} if fault.retry_after is not None else {}
            body = RETRY_BODY.format(seconds=fault.retry_after or 10)
            return web.Response(status=fault.status, text=body, content_type="text/html", headers=headers)
        if fault.kind == "html":
            return web.Response(
                text="<html><body><h1>arXiv is down for maintenance</h1></body></html>",
                content_type="text/html",
            )
        if fault.kind == "binary":
            return web.Response(body=b"\x1f\x8b\x08\x00\xff\xfe garbage \x00\x00", content_type=ATOM_TYPE)
        if fault.kind == "truncated":
            versions = list(self.papers.values())[:3]
            whole = render_feed(record.query, [h[-1] for h in versions], total=3, start=0, size=3).encode()
            return _atom(whole[: len(whole) // 2], 200)
        if fault.kind == "replay":
            return self._replay(fault.message, fault.status)
        return _atom(render_error(fault.message).encode(), fault.status)


# --- rendering, in the current format (the 2026 recordings, element for element) ---------------


def render_feed(
    query: dict[str, str], versions: Iterable[Version], *, total: int, start: int, size: int
) -> str:
    search, ids = query.get("search_query", ""), query.get("id_list", "")
    asked = f"search_query={search}&id_list={ids}&start={start}&max_results={size}"
    link = f"https://arxiv.org/api/query?search_query={search}&start={start}&max_results={size}&id_list={ids}"
    head = (
        "<?xml version='1.0' encoding='UTF-8'?>\n"
        '<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom"'
        ' xmlns="http://www.w3.org/2005/Atom">\n'
        f"  <id>https://arxiv.org/api/{_feed_id(asked)}</id>\n"
        f"  <title>arXiv Query: {escape(asked)}</title>\n"
        f"  <updated>{_stamp(datetime.now(UTC))}</updated>\n"
        f'  <link href={quoteattr(link)} type="application/atom+xml"/>\n'
        f"  <opensearch:itemsPerPage>{size}</opensearch:itemsPerPage>\n"
        f"  <opensearch:totalResults>{total}</opensearch:totalResults>\n"
        f"  <opensearch:startIndex>{start}</opensearch:startIndex>\n"
    )
    return head + "".join(render_entry(v) for v in versions) + "</feed>\n"


def render_entry(v: Version) -> str:
    name = f"{v.arxiv_id}v{v.version}"
    lines = [
        "  <entry>",
        f"    <id>http://arxiv.org/abs/{name}</id>",
        f"    <title>{escape(v.title)}</title>",
        f"    <updated>{_stamp(v.updated)}</updated>",
        f'    <link href="https://arxiv.org/abs/{name}" rel="alternate" type="text/html"/>',
        f'    <link href="https://arxiv.org/pdf/{name}" rel="related" type="application/pdf" title="pdf"/>',
        f"    <summary>{escape(' '.join(v.summary.split()))}</summary>",
        *(
            f'    <category term={quoteattr(c)} scheme="http://arxiv.org/schemas/atom"/>'
            for c in v.categories
        ),
        f"    <published>{_stamp(v.published)}</published>",
    ]
    if v.comment:
        lines.append(f"    <arxiv:comment>{escape(v.comment)}</arxiv:comment>")
    lines.append(f"    <arxiv:primary_category term={quoteattr(v.primary)}/>")
    if v.journal_ref:
        lines.append(f"    <arxiv:journal_ref>{escape(v.journal_ref)}</arxiv:journal_ref>")
    for author in v.authors:
        lines += ["    <author>", f"      <name>{escape(author)}</name>", "    </author>"]
    if v.doi:
        lines.append(f"    <arxiv:doi>{escape(v.doi)}</arxiv:doi>")
        lines.append(f'    <link rel="related" href={quoteattr("https://doi.org/" + v.doi)} title="doi"/>')
    return "\n".join([*lines, "  </entry>", ""])


def render_error(message: str) -> str:
    """arXiv's error feed, as recorded for a malformed id (HTTP 400)."""
    anchor = re.sub(r"\W+", "_", message).strip("_")
    now = _stamp(datetime.now(UTC))
    return (
        "<?xml version='1.0' encoding='UTF-8'?>\n"
        '<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom"'
        ' xmlns="http://www.w3.org/2005/Atom">\n'
        "  <id>https://arxiv.org/</id>\n"
        "  <title>arXiv Search Results</title>\n"
        f"  <updated>{now}</updated>\n"
        "  <opensearch:itemsPerPage>1</opensearch:itemsPerPage>\n"
        "  <opensearch:totalResults>1</opensearch:totalResults>\n"
        "  <opensearch:startIndex>0</opensearch:startIndex>\n"
        "  <entry>\n"
        f"    <id>https://arxiv.org/api/errors#{anchor}</id>\n"
        "    <title>Error</title>\n"
        f"    <updated>{now}</updated>\n"
        f'    <link href="https://arxiv.org/api/errors#{anchor}" rel="alternate" type="text/html"/>\n'
        f"    <summary>{escape(message)}</summary>\n"
        "    <author>\n"
        "      <name>arXiv api core</name>\n"
        "    </author>\n"
        "  </entry>\n"
        "</feed>\n"
    )


def _atom(body: bytes, status: int) -> web.Response:
    return web.Response(body=body, status=status, content_type=ATOM_TYPE, charset="utf-8")


def _feed_id(asked: str) -> str:
    # arXiv's feed ids look like 27 characters of unpadded base64 of a SHA-1.
    return base64.b64encode(hashlib.sha1(asked.encode()).digest()).decode().rstrip("=")


def _stamp(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# --- metadata -------------------------------------------------------------------------------------


def _versions_of(body: bytes) -> list[Version]:
    """The recorded entries, as the double will re-serve them in the current format."""
    versions = []
    for entry in parse_feed(body).entries:
        paper = entry.paper
        assert entry.published_at is not None and entry.updated_at is not None
        versions.append(
            Version(
                arxiv_id=entry.arxiv_id,
                version=entry.version,
                title=paper.title,
                summary=paper.abstract,
                authors=paper.authors,
                categories=paper.categories,
                primary=paper.category or "",
                published=entry.published_at,
                updated=entry.updated_at,
                comment=entry.comment,
                journal_ref=entry.journal_ref,
                doi=entry.doi,
            )
        )
    return versions


@functools.cache
def _sample_versions(path: Path) -> tuple[Version, ...]:
    with path.open(encoding="utf-8") as lines:
        return tuple(_from_sample(json.loads(line)) for line in lines if line.strip())


def _from_sample(record: dict[str, Any]) -> Version:
    listed = datetime.fromisoformat(str(record["listing_date"])).replace(tzinfo=UTC)
    seconds = int(hashlib.md5(str(record["id"]).encode()).hexdigest()[:6], 16) % (6 * 3600)
    submitted = listed - timedelta(days=1) + timedelta(hours=12, seconds=seconds)
    categories = tuple(str(c) for c in record.get("categories") or ())
    return Version(
        arxiv_id=str(record["id"]),
        version=1,
        title=" ".join(str(record["title"]).split()),
        summary=str(record["abstract"]),
        authors=tuple(str(a) for a in record.get("authors") or ()),
        categories=categories,
        primary=str(record.get("primary_category") or categories[0]),
        published=submitted,
        updated=submitted,
        comment=str(record["comment"]) if record.get("comment") else None,
    )


# --- search_query: fields (all ti abs au cat id), AND / OR / ANDNOT, parentheses, "phrases" --------

_TOKEN = re.compile(r'\s*(\(|\)|"[^"]*"|[^\s()]+)')
Test = Callable[[Version], bool]


def _compile(search_query: str) -> Test:
    """A predicate for arXiv's query syntax (enough of it for the client's follow and search calls)."""
    tokens = [t for t in _TOKEN.findall(search_query) if t]
    position = 0

    def term() -> Test:
        nonlocal position
        token = tokens[position]
        position += 1
        if token == "(":
            inner = expression()
            position += 1  # the ")"
            return inner
        name, _, value = token.partition(":") if ":" in token else ("all", "", token)
        return lambda v: _matches(v, name, value.strip('"'))

    def expression() -> Test:
        nonlocal position
        left = term()
        while position < len(tokens) and tokens[position] != ")":
            operator = tokens[position] if tokens[position] in ("AND", "OR", "ANDNOT") else "AND"
            position += operator == tokens[position]
            left = _combine(operator, left, term())
        return left

    return expression() if tokens else (lambda v: False)


def _combine(operator: str, left: Test, right: Test) -> Test:
    if operator == "OR":
        return lambda v: left(v) or right(v)
    if operator == "ANDNOT":
        return lambda v: left(v) and not right(v)
    return lambda v: left(v) and right(v)


def _matches(v: Version, name: str, value: str) -> bool:
    value = value.casefold()
    if name == "cat":
        return value in (c.casefold() for c in v.categories)
    if name == "au":
        return value.replace("_", " ") in " | ".join(v.authors).casefold()
    text = {"ti": v.title, "abs": v.summary, "id": v.arxiv_id}.get(name, f"{v.title} {v.summary}")
    return value in text.casefold()
