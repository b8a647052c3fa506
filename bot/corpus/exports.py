"""Real metadata exports: arXiv JSON lines (two schemas), BEIR corpus lines, and .I/.T/.A/.W files.

- arXiv snapshot (Kaggle "Cornell-University/arxiv"): ``authors`` one string (plus
  ``authors_parsed``), ``categories`` space-separated, ``versions`` with RFC 2822 dates,
  ``update_date``.
- List-valued variant (daily arXiv crawls): ``authors`` and ``categories`` lists,
  ``primary_category``, ``listing_date``.
- BEIR ``corpus.jsonl``: ``_id``, ``title``, ``text``.
- Classic test collections: ``.I n`` starts a document; ``.T`` title, ``.A`` authors (one per
  line), ``.W`` abstract; other fields (``.B``, ``.N``, ``.X``...) are ignored.

The schema is detected per JSON line, so a file may mix them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from datetime import date
from email.utils import parsedate_to_datetime
from pathlib import PurePath
from typing import Any

from bot.corpus.authors import split_authors
from bot.corpus.draft import Draft, Parsed
from bot.corpus.text import clean
from bot.models import LoadWarning, Source

_VERSION = re.compile(r"v\d+$")
# "37 pages, 15 figures; published version" -> "37 pages"; keeps "15 pages (53 including appendices)".
_PAGE_COUNT = re.compile(r"\d+\s+pages?(?:\s*\([^)]{1,60}\))?", re.IGNORECASE)
_PARENTHESES = re.compile(r"\([^()]*\)")
_TREC_FIELD = re.compile(r"\.([A-Z])(?:\s+(.*))?")


class RecordError(Exception):
    """A JSON record that cannot become a paper; the message says why."""


def parse_jsonl(lines: Iterable[tuple[int, str]], path: str) -> Parsed:
    drafts: list[Draft] = []
    warnings: list[LoadWarning] = []
    for number, line in lines:
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            warnings.append(LoadWarning(path, number, f"malformed JSON line ({exc.msg}, column {exc.colno})"))
            continue
        try:
            drafts.append(record_to_draft(record, path, number))
        except RecordError as exc:
            warnings.append(LoadWarning(path, number, str(exc)))
    return Parsed(tuple(drafts), tuple(warnings))


def record_to_draft(record: Any, path: str, number: int) -> Draft:
    """One JSON record in any supported schema; raises RecordError with a readable reason."""
    if not isinstance(record, dict):
        raise RecordError(f"JSON line is {type(record).__name__}, expected an object with an abstract")
    try:
        if "_id" in record:
            return _beir(record, Source(path, number, "beir-jsonl"))
        if isinstance(record.get("authors"), list) or "listing_date" in record:
            return _daily(record, Source(path, number, "arxiv-daily"))
        return _snapshot(record, Source(path, number, "arxiv-snapshot"))
    except (TypeError, ValueError, AttributeError, KeyError, IndexError) as exc:
        raise RecordError(f"record has unexpected field values ({exc.__class__.__name__}: {exc})") from None


def _common(record: dict[str, Any], source: Source, text_key: str = "abstract") -> dict[str, Any]:
    abstract = clean(_text(record.get(text_key)))
    if not abstract:
        raise RecordError(f"record has no {text_key!r}")
    pages, has_code = comment_facts(_text(record.get("comments") or record.get("comment")))
    return {
        "abstract": abstract,
        "source": source,
        "title": clean(_text(record.get("title"))) or None,
        "pages": pages,
        "has_code": has_code,
    }


def comment_facts(comment: str) -> tuple[str | None, bool]:
    """What an arXiv comment tells about a paper: its page count, and whether it links code."""
    pages = _PAGE_COUNT.search(comment)
    return (clean(pages.group(0)) if pages else None), ("github.com" in comment or "gitlab.com" in comment)


def _snapshot(record: dict[str, Any], source: Source) -> Draft:
    arxiv_id = _arxiv_id(record)
    # The string keeps the names as written ("C.-P. Yuan"); affiliations in parentheses go.
    authors, complete = split_authors(_without_parentheses(_text(record.get("authors"))))
    parsed = record.get("authors_parsed")
    if not authors and isinstance(parsed, list):
        authors = tuple(
            clean(" ".join(p for p in [*part[1:2], *part[:1], *part[2:3]] if p)) for part in parsed
        )
        complete = bool(authors)
    categories = tuple(_text(record.get("categories")).split())
    versions = record.get("versions") or []
    published = _rfc2822(versions[0].get("created")) if versions else None
    updated = _iso(record.get("update_date")) or (_rfc2822(versions[-1].get("created")) if versions else None)
    return Draft(
        **_common(record, source),
        authors=authors,
        authors_complete=complete,
        doc_id=arxiv_id,
        arxiv_id=arxiv_id,
        published=published,
        updated=updated,
        category=categories[0] if categories else None,
        categories=categories,
    )


def _daily(record: dict[str, Any], source: Source) -> Draft:
    arxiv_id = _arxiv_id(record)
    authors = tuple(name for name in (clean(_text(a)) for a in record.get("authors") or ()) if name)
    categories = tuple(_text(c) for c in record.get("categories") or () if c)
    primary = _text(record.get("primary_category")) or (categories[0] if categories else "")
    if primary and primary not in categories:
        categories = (primary, *categories)
    return Draft(
        **_common(record, source),
        authors=authors,
        authors_complete=bool(authors),
        doc_id=arxiv_id,
        arxiv_id=arxiv_id,
        published=_iso(record.get("listing_date")),
        category=primary or None,
        categories=categories,
    )


def _beir(record: dict[str, Any], source: Source) -> Draft:
    return Draft(**_common(record, source, "text"), doc_id=_text(record["_id"]))


def _arxiv_id(record: dict[str, Any]) -> str:
    arxiv_id = _VERSION.sub("", _text(record.get("id")).strip())
    if not arxiv_id:
        raise RecordError("record has no 'id'")
    return arxiv_id


def _without_parentheses(text: str) -> str:
    """ "A. Author (1), B. Author (2) ((1) MIT, (2) ETH)" -> "A. Author , B. Author" (nesting too)."""
    while True:
        stripped = _PARENTHESES.sub("", text)
        if stripped == text:
            return text
        text = stripped


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    raise TypeError(f"expected text, got {type(value).__name__} {str(value)[:40]!r}")


def _iso(value: Any) -> date | None:
    return date.fromisoformat(value[:10]) if isinstance(value, str) and value else None


def _rfc2822(value: Any) -> date | None:
    return parsedate_to_datetime(value).date() if isinstance(value, str) and value else None


# --- .I/.T/.A/.W ------------------------------------------------------------------------------


def parse_trec(lines: Iterable[tuple[int, str]], path: str) -> Parsed:
    collection = PurePath(path).name.lower()  # "cran.all.1400:12": unique even beside CISI.QRY
    drafts: list[Draft] = []
    warnings: list[LoadWarning] = []
    for start, number, fields in _trec_documents(lines):
        doc_id = f"{collection}:{number}"
        title = clean(" ".join(fields.get("T", [])))
        abstract = clean(" ".join(fields.get("W", [])))
        if not (title or abstract):
            warnings.append(LoadWarning(path, start, f"document {doc_id} has neither title nor text"))
            continue
        authors = tuple(name for name in (clean(a) for a in fields.get("A", [])) if name)
        drafts.append(
            Draft(
                abstract=abstract,
                source=Source(path, start, "trec"),
                title=title or None,
                authors=authors,
                authors_complete=bool(authors),
                doc_id=doc_id,
            )
        )
    return Parsed(tuple(drafts), tuple(warnings))


def _trec_documents(lines: Iterable[tuple[int, str]]) -> Iterator[tuple[int, str, dict[str, list[str]]]]:
    start, doc, fields, field = 0, "", {}, ""
    for number, line in lines:
        marker = _TREC_FIELD.fullmatch(line.rstrip())
        if marker and marker.group(1) == "I":
            if doc:
                yield start, doc, fields
            start, doc, fields, field = number, (marker.group(2) or "").strip(), {}, ""
        elif marker:
            field = marker.group(1)
            fields.setdefault(field, [])
            if marker.group(2):
                fields[field].append(marker.group(2))
        elif field and doc:
            fields[field].append(line)
    if doc:
        yield start, doc, fields
