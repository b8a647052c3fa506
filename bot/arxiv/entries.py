"""arXiv's Atom feed (``/api/query``) parsed into papers: both the current and the legacy format.

The two formats differ in element order, where namespaces are declared, date offsets and
whitespace (see shared/datasets/arxiv/api_responses/README.md); reading by namespaced tag names
rather than by position makes one parser serve both. The stdlib parser is strict, so a truncated
body is an error rather than a silently shorter page.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import UTC, datetime

from bot.arxiv.errors import ArxivBadResponse, ArxivRejected
from bot.arxiv.ids import parse_ref
from bot.corpus.exports import comment_facts
from bot.corpus.text import clean, collapse
from bot.models import Paper, Source

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"
SOURCE_FORMAT = "arxiv-api"

# arXiv's own wording for withdrawals, in the comment or opening the abstract of the withdrawn version.
_WITHDRAWN_COMMENT = re.compile(r"\bwithdrawn\b", re.IGNORECASE)
_WITHDRAWN_ABSTRACT = re.compile(
    r"^(?:this (?:paper|article|manuscript|submission|preprint|work) (?:has been|is|was) )?withdrawn\b",
    re.IGNORECASE,
)
# Declarations arXiv never sends; refusing them keeps entity tricks out of the parser entirely.
_DECLARATIONS = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ArxivEntry:
    """One paper as arXiv describes its latest (or requested) version."""

    paper: Paper  # id == arxiv_id (no version), as the corpus loader names papers with an arXiv id
    version: int
    withdrawn: bool  # the comment or abstract says the paper was withdrawn
    comment: str | None = None
    doi: str | None = None
    journal_ref: str | None = None
    license: str | None = None
    published_at: datetime | None = None  # first version, timezone-aware (the paper has the date)
    updated_at: datetime | None = None  # this version

    @property
    def arxiv_id(self) -> str:
        return self.paper.arxiv_id or self.paper.id

    @property
    def notice(self) -> str | None:
        """A one-line note for users about this version, when there is something to say."""
        if self.withdrawn:
            return f"arXiv {self.arxiv_id}v{self.version} has been withdrawn by its authors."
        return None


@dataclass(frozen=True, slots=True)
class Feed:
    """One page of results: ``total`` matches in all, this page starting at ``start``."""

    entries: list[ArxivEntry]
    total: int
    start: int
    # Entries that could not become papers (no id, no abstract...), skipped with the reason.
    skipped: tuple[str, ...] = field(default=())


def parse_feed(body: bytes) -> Feed:
    """The entries of an arXiv API response body.

    Raises ArxivBadResponse when the body is not a complete Atom feed, and ArxivRejected when it is
    arXiv's error feed (a single entry titled "Error", as sent with HTTP 400 for a malformed id).
    """
    root = _root(body)
    entries_xml = root.findall(f"{ATOM}entry")
    rejected = _error_message(entries_xml)
    if rejected is not None:
        raise ArxivRejected(f"arXiv rejected the request: {rejected}.", detail=rejected)
    entries: list[ArxivEntry] = []
    skipped: list[str] = []
    for element in entries_xml:
        try:
            entries.append(_entry(element))
        except ValueError as exc:
            skipped.append(str(exc))
    total = _int(root.findtext(f"{OPENSEARCH}totalResults"), default=len(entries))
    start = _int(root.findtext(f"{OPENSEARCH}startIndex"), default=0)
    return Feed(entries=entries, total=total, start=start, skipped=tuple(skipped))


def _root(body: bytes) -> ET.Element:
    if _DECLARATIONS.search(body[:4096]):
        raise ArxivBadResponse(_UNREADABLE, detail="body declares a DTD or entities")
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        kind = "truncated XML" if b"<feed" in body[:2048] else "not XML"
        raise ArxivBadResponse(_UNREADABLE, detail=f"{kind}: {exc}") from None
    if root.tag != f"{ATOM}feed":
        raise ArxivBadResponse(_UNREADABLE, detail=f"root element is {root.tag[:60]}, not an Atom feed")
    return root


_UNREADABLE = "arXiv sent an answer PaperBot cannot read (cut off or not a feed); try again in a few minutes."


def _error_message(entries: list[ET.Element]) -> str | None:
    if len(entries) != 1 or collapse(entries[0].findtext(f"{ATOM}title") or "") != "Error":
        return None
    entry_id = entries[0].findtext(f"{ATOM}id") or ""
    summary = collapse(entries[0].findtext(f"{ATOM}summary") or "")
    # A real paper titled "Error" has an abs/ id; arXiv's error entries point at /api/errors.
    if "/api/errors" not in entry_id and "api core" not in (
        entries[0].findtext(f"{ATOM}author/{ATOM}name") or ""
    ):
        return None
    return summary or "unspecified error"


def _entry(element: ET.Element) -> ArxivEntry:
    entry_id = (element.findtext(f"{ATOM}id") or "").strip()
    ref = parse_ref(entry_id)
    if ref is None:
        raise ValueError(f"entry id {entry_id[:80]!r} is not an arXiv abs link")
    title = clean(element.findtext(f"{ATOM}title") or "")
    abstract = clean(element.findtext(f"{ATOM}summary") or "")
    if not title or not abstract:
        raise ValueError(f"{ref}: entry has no {'title' if not title else 'abstract'}")
    comment = _optional(element, f"{ARXIV}comment")
    published_at = _timestamp(element.findtext(f"{ATOM}published"))
    updated_at = _timestamp(element.findtext(f"{ATOM}updated")) or published_at
    categories = tuple(
        term for term in (c.get("term", "").strip() for c in element.findall(f"{ATOM}category")) if term
    )
    primary_element = element.find(f"{ARXIV}primary_category")
    primary = (primary_element.get("term") if primary_element is not None else None) or (
        categories[0] if categories else None
    )
    if primary and primary not in categories:
        categories = (primary, *categories)
    pages, has_code = comment_facts(comment or "")
    version = ref.version or 1
    paper = Paper(
        id=ref.id,
        title=title,
        abstract=abstract,
        authors=tuple(
            name
            for name in (clean(a.findtext(f"{ATOM}name") or "") for a in element.findall(f"{ATOM}author"))
            if name
        ),
        arxiv_id=ref.id,
        published=published_at.date() if published_at else None,
        updated=updated_at.date() if updated_at else None,
        category=primary,
        categories=categories,
        pages=pages,
        has_code=has_code,
        sources=(Source(path=f"https://arxiv.org/abs/{ref.id}v{version}", line=0, format=SOURCE_FORMAT),),
    )
    return ArxivEntry(
        paper=paper,
        version=version,
        withdrawn=_withdrawn(comment, abstract),
        comment=comment,
        doi=_optional(element, f"{ARXIV}doi"),
        journal_ref=_optional(element, f"{ARXIV}journal_ref"),
        license=_license(element),
        published_at=published_at,
        updated_at=updated_at,
    )


def _withdrawn(comment: str | None, abstract: str) -> bool:
    return bool((comment and _WITHDRAWN_COMMENT.search(comment)) or _WITHDRAWN_ABSTRACT.match(abstract))


def _license(element: ET.Element) -> str | None:
    text = _optional(element, f"{ARXIV}license")
    if text:
        return text
    for link in element.findall(f"{ATOM}link"):
        if link.get("rel") == "license" and link.get("href"):
            return link.get("href")
    return None


def _optional(element: ET.Element, tag: str) -> str | None:
    return collapse(element.findtext(tag) or "") or None


def _timestamp(text: str | None) -> datetime | None:
    """ISO 8601 as arXiv writes it (``2017-07-27T08:18:33Z``, ``2016-10-09T00:00:00-04:00``), in UTC."""
    if not text or not text.strip():
        return None
    try:
        when = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone(UTC)


def _int(text: str | None, *, default: int) -> int:
    try:
        return int((text or "").strip())
    except ValueError:
        return default
