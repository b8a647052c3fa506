"""Scraped text dumps: three formats, recognised line by line, mixed freely within a file.

1. ``Abstract:<text>``: one paper per line, nothing else known.
2. Blocks: optional title line and author line, then the abstract paragraph, then optional
   ``17 pages``, ``arXiv:2507.13264``, ``Created: 2025-07-17 Updated: 2025-07-18`` lines.
3. Listing cards: ``CLJun 12, 2025Code``, title+authors glued on one line, abstract (see cards.py).

Metadata lines attach to the paper just read; a text line directly below an abstract (no blank
line between) continues it, which also reads hard-wrapped abstracts.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from bot.corpus import cards
from bot.corpus.authors import looks_like_author_list, split_authors
from bot.corpus.draft import Draft, Parsed
from bot.corpus.text import clean
from bot.models import LoadWarning, Source

ABSTRACT_PREFIX = re.compile(r"abstract\s*:\s*", re.IGNORECASE)
ARXIV = re.compile(r"arxiv\s*:\s*(?P<id>\S*)\s*$", re.IGNORECASE)
ARXIV_ID = re.compile(r"(?:\d{4}\.\d{4,5}|[a-z][a-z.-]*(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?")
CREATED = re.compile(
    r"created\s*:\s*(?P<created>\S+)(?:\s+updated\s*:\s*(?P<updated>\S+))?\s*$", re.IGNORECASE
)
PAGES = re.compile(r"\d+\s+pages?\b.{0,80}", re.IGNORECASE)
# A header line (title) is short and not a sentence of prose.
_TITLE_MAX_CHARS = 300
_MIN_ABSTRACT_WORDS = 10


@dataclass
class _Open:
    """The paper being read: fields filled as its lines arrive."""

    line: int
    format: str
    abstract: list[str]
    title: str | None = None
    byline: str | None = None
    fields: dict[str, object] = field(default_factory=dict)
    blank_after: bool = False


@dataclass
class _Card:
    """A listing card being read: header, then the title+authors line, then the abstract lines."""

    line: int
    header: re.Match[str]
    byline: str | None = None
    abstract: list[str] = field(default_factory=list)


def parse_dump(lines: Iterable[tuple[int, str]], path: str, listing_year: int | None = None) -> Parsed:
    """Parse numbered lines of one dump into drafts (one per occurrence) and warnings."""
    reader = _Reader(path)
    for number, line in lines:
        reader.feed(number, line)
    reader.finish()
    resolved = cards.resolve_years(reader.cards, listing_year)
    drafts = reader.drafts + [item for item in resolved if isinstance(item, Draft)]
    warnings = reader.warnings + [item for item in resolved if isinstance(item, LoadWarning)]
    return Parsed(tuple(drafts), tuple(sorted(warnings, key=lambda w: w.line)))


class _Reader:
    def __init__(self, path: str) -> None:
        self.path = path
        self.drafts: list[Draft] = []
        self.cards: list[cards.Card] = []
        self.warnings: list[LoadWarning] = []
        self.current: _Open | None = None
        self.header: list[tuple[int, str]] = []  # title (and author) lines awaiting their abstract
        self.header_then_blank = False
        self.card: _Card | None = None

    def feed(self, number: int, raw: str) -> None:
        line = raw.strip()
        if not line:
            self._blank()
        elif self.card is not None:
            self._card_line(number, line)
        elif match := ABSTRACT_PREFIX.match(line):
            self._close()
            self._start(number, "abstract-line", line[match.end() :])
        elif match := cards.HEADER.fullmatch(line):
            self._close()
            self.card = _Card(number, match)
        elif match := ARXIV.fullmatch(line):
            self._arxiv(number, match["id"])
        elif match := CREATED.fullmatch(line):
            self._dates(number, match["created"], match["updated"])
        elif PAGES.fullmatch(line) and self._can_take("pages"):
            self._set("pages", clean(line))
        else:
            self._text(number, line)

    def finish(self) -> None:
        self._close()

    def _blank(self) -> None:
        if self.card is not None and self.card.abstract:
            self._close_card()
        if self.current:
            self.current.blank_after = True
        if self.header:
            self.header_then_blank = True

    # --- formats -------------------------------------------------------------------------------

    def _card_line(self, number: int, line: str) -> None:
        assert self.card is not None
        if _is_structural(line):
            self._close_card()
            self.feed(number, line)
        elif self.card.byline is None:
            self.card.byline = line
        else:
            self.card.abstract.append(line)  # the abstract, possibly hard-wrapped

    def _close_card(self) -> None:
        card, self.card = self.card, None
        if card is None:
            return
        if not card.abstract:
            self.warnings.append(LoadWarning(self.path, card.line, "listing card ends before its abstract"))
            return
        byline, abstract = card.byline or "", " ".join(card.abstract)
        parsed, problems = cards.parse_card(card.header, byline, abstract, self._source(card.line, "card"))
        self.warnings.extend(problems)
        self.cards.append(parsed)

    def _text(self, number: int, line: str) -> None:
        current = self.current
        if current and not current.blank_after and not current.fields and current.abstract:
            current.abstract.append(line)  # hard-wrapped continuation of the abstract
            return
        self._close_record()
        header = self.header
        if not header and len(line) <= _TITLE_MAX_CHARS and not _is_prose(line):
            self.header, self.header_then_blank = [(number, line)], False  # maybe a title
        elif len(header) == 1 and not self.header_then_blank and looks_like_author_list(line):
            header.append((number, line))  # title, then its authors on the next line
        elif len(header) == 1 and not self.header_then_blank:
            # No author line and no blank line: the "title" was the first line of a wrapped paragraph.
            self.header = []
            self._start(header[0][0], "block", header[0][1])
            assert self.current is not None
            self.current.abstract.append(line)
        else:
            self.header = []
            self._start(header[0][0] if header else number, "block", line)
            assert self.current is not None
            self.current.title = clean(header[0][1]) if header else None
            self.current.byline = header[1][1] if len(header) > 1 else None

    def _arxiv(self, number: int, raw_id: str) -> None:
        if not ARXIV_ID.fullmatch(raw_id):
            self.warnings.append(LoadWarning(self.path, number, f"arXiv line without a valid id: {raw_id!r}"))
        elif not self._can_take("arxiv_id"):
            self.warnings.append(
                LoadWarning(self.path, number, f"arXiv:{raw_id} line with no abstract before it")
            )
        else:
            self._set("arxiv_id", re.sub(r"v\d+$", "", raw_id))

    def _dates(self, number: int, created: str, updated: str | None) -> None:
        if not self._can_take("published"):
            self.warnings.append(LoadWarning(self.path, number, "Created: line with no abstract before it"))
            return
        try:
            self._set("published", date.fromisoformat(created))
            if updated:
                self._set("updated", date.fromisoformat(updated))
        except ValueError:
            self.warnings.append(LoadWarning(self.path, number, "Created/Updated dates are not YYYY-MM-DD"))

    # --- helpers -------------------------------------------------------------------------------

    def _can_take(self, name: str) -> bool:
        return self.current is not None and name not in self.current.fields

    def _set(self, name: str, value: object) -> None:
        assert self.current is not None
        self.current.fields[name] = value

    def _start(self, number: int, fmt: str, text: str) -> None:
        self.current = _Open(number, fmt, [text])

    def _close(self) -> None:
        """A new record starts: the open one is complete, and a pending title has lost its abstract."""
        self._close_card()
        self._close_record()
        if self.header:
            number = self.header[0][0]
            self.warnings.append(LoadWarning(self.path, number, "title/author lines with no abstract"))
            self.header = []

    def _close_record(self) -> None:
        current, self.current = self.current, None
        if current is None:
            return
        abstract = clean(" ".join(current.abstract))
        if not abstract:
            self.warnings.append(LoadWarning(self.path, current.line, "empty abstract skipped"))
            return
        if current.format == "block" and not current.fields and not _reads_like_abstract(abstract):
            # A bare paragraph with no arXiv/Created line: accept prose, not word lists or numbers.
            message = "text does not read like an abstract (no sentences of words); skipped"
            self.warnings.append(LoadWarning(self.path, current.line, message))
            return
        authors, complete = split_authors(current.byline) if current.byline else ((), False)
        draft = Draft(
            abstract=abstract,
            source=self._source(current.line, current.format),
            title=current.title,
            authors=authors,
            authors_complete=complete,
        )
        fields = dict(current.fields)
        if "arxiv_id" in fields:
            fields["doc_id"] = fields["arxiv_id"]
        self.drafts.append(dataclasses.replace(draft, **fields))  # type: ignore[arg-type]

    def _source(self, line: int, fmt: str) -> Source:
        return Source(self.path, line, fmt)


def _is_structural(line: str) -> bool:
    """Lines that start something new (or attach metadata), never part of a card's text."""
    return bool(
        ABSTRACT_PREFIX.match(line)
        or cards.HEADER.fullmatch(line)
        or ARXIV.fullmatch(line)
        or CREATED.fullmatch(line)
    )


def _reads_like_abstract(text: str) -> bool:
    tokens = text.split()
    wordy = sum(1 for token in tokens if any(ch.isalpha() for ch in token))
    return len(tokens) >= _MIN_ABSTRACT_WORDS and wordy >= 0.7 * len(tokens) and any(p in text for p in ".!?")


def _is_prose(line: str) -> bool:
    """A sentence (ends with a full stop after several words) rather than a title."""
    return line.endswith(".") and len(line.split()) > 12
