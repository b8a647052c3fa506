"""Dates said in words ("from 2026", "since March", "last month", "before 2024") as a ``Period``.

Pure: relative phrases are resolved against ``today``, which the caller passes in (the responder
holds the clock), so the same words give the same period in tests whatever the wall clock says.
``find_period`` also returns the text without the date phrases, so "list papers from 2026" is left
as "list papers" and every question kind sees the same words with or without a date.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from bot.models import Paper

MONTHS = {name.casefold(): number for number, name in enumerate(calendar.month_name) if name}
_MONTH = rf"(?:{'|'.join(MONTHS)})"
_YEAR = r"(?:19|20)\d{2}"
# One point in time, as a span: "2025", "March 2025", "March", "2025-03", "2025-03-14".
_WHEN = rf"(?:{_MONTH}\s+{_YEAR}|{_YEAR}-\d{{2}}(?:-\d{{2}})?|{_YEAR}|{_MONTH})"
_UNITS = {"day": 1, "week": 7, "month": 30, "year": 365}
# The verb a date often hangs from ("papers published in 2025"): removed with the date.
_VERB = r"(?:(?:published|released|posted|submitted|written|appeared|that\s+(?:appeared|came\s+out))\s+)?"
_PHRASES = re.compile(
    rf"\b{_VERB}(?:"
    rf"(?P<range>between|from)\s+(?P<first>{_WHEN})\s+(?:and|to|until|till|through|-)\s+(?P<last>{_WHEN})"
    rf"|(?P<op>since|after|before|until|till|through|from|in|during)\s+(?P<when>{_WHEN})(?P<on>\s+(?:on|onwards?))?"
    rf"|(?:(?:in|over|during|within|from|since)\s+)?(?:the\s+)?(?P<rel>this|last|past|previous)\s+(?:(?P<count>\d{{1,3}})\s+)?"
    rf"(?P<unit>day|week|month|year)s?"
    rf"|(?P<today>today|yesterday)"
    rf")\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Period:
    """Inclusive dates; None = open-ended. The empty ``Period()`` selects everything."""

    start: date | None = None
    end: date | None = None

    @property
    def active(self) -> bool:
        return self.start is not None or self.end is not None

    @property
    def years(self) -> tuple[int | None, int | None]:
        """The years the period touches (what the search index filters on)."""
        return (self.start.year if self.start else None, self.end.year if self.end else None)

    @property
    def whole_years(self) -> bool:
        """True when filtering on ``years`` alone selects exactly this period."""
        starts = self.start is None or (self.start.month, self.start.day) == (1, 1)
        ends = self.end is None or (self.end.month, self.end.day) == (12, 31)
        return starts and ends

    def holds(self, paper: Paper) -> bool:
        """Does the paper's date fall in the period? Undated papers fall in no active period."""
        if not self.active:
            return True
        when = paper.published or paper.updated
        if when is None:
            return False
        return (self.start is None or when >= self.start) and (self.end is None or when <= self.end)

    def describe(self) -> str:
        """Plain words for headings: "from 2026", "from 2025-03-01 to 2025-03-31", "before 2024"."""
        start, end = self.start, self.end
        if start and end:
            if self.whole_years and start.year == end.year:
                return f"from {start.year}"
            if self.whole_years:
                return f"from {start.year} to {end.year}"
            return f"from {start.isoformat()} to {end.isoformat()}"
        if start:
            return f"since {start.year}" if self.whole_years else f"since {start.isoformat()}"
        if end:
            return f"up to {end.year}" if self.whole_years else f"up to {end.isoformat()}"
        return ""


def find_period(text: str, today: date | None) -> tuple[Period, str]:
    """The period the date phrases of ``text`` name (the last one wins), and the text without them.
    Without ``today``, only phrases that need no clock ("in 2025", "before March 2024") are read."""
    period = Period()
    for match in _PHRASES.finditer(text):
        found = _period(match, today)
        if found is not None:
            period = found
    rest = _PHRASES.sub(lambda m: " " if _period(m, today) is not None else m.group(0), text)
    return period, " ".join(rest.split()).strip(" ,")


def _period(match: re.Match[str], today: date | None) -> Period | None:
    if today is None and (match.group("rel") or match.group("today") or _needs_year(match)):
        return None
    if match.group("range"):
        first, last = _span(match.group("first"), today), _span(match.group("last"), today)
        return Period(first.start, last.end) if first.start and last.end and first.start <= last.end else None
    if op := match.group("op"):
        return _relation(op.casefold(), _span(match.group("when"), today), bool(match.group("on")))
    assert today is not None
    if rel := match.group("rel"):
        return _relative(rel.casefold(), match.group("unit").casefold(), match.group("count"), today)
    if match.group("today").casefold() == "today":
        return Period(today, today)
    yesterday = today - timedelta(days=1)
    return Period(yesterday, yesterday)


def _needs_year(match: re.Match[str]) -> bool:
    """A month without a year ("since March") is read against today's date."""
    spans = [match.group(name) for name in ("first", "last", "when") if match.group(name)]
    return any(span.split()[-1].casefold() in MONTHS for span in spans)


def _relation(op: str, span: Period, onwards: bool) -> Period:
    assert span.start is not None and span.end is not None
    if op == "since" or (op == "from" and onwards):
        return Period(span.start, None)
    if op == "after":
        return Period(span.end + timedelta(days=1), None)
    if op == "before":
        return Period(None, span.start - timedelta(days=1))
    if op in ("until", "till", "through"):
        return Period(None, span.end)
    return span  # in, during, and "from 2026" (papers from 2026 are papers of 2026)


def _relative(rel: str, unit: str, count: str | None, today: date) -> Period:
    if rel == "this":
        if unit == "year":
            return Period(date(today.year, 1, 1), date(today.year, 12, 31))
        if unit == "month":
            return Period(today.replace(day=1), _month_end(today.year, today.month))
        if unit == "week":
            return Period(today - timedelta(days=today.weekday()), today)
        return Period(today, today)
    if rel in ("last", "previous") and count is None and unit in ("year", "month"):
        # Calendar units: "last month" in March is February, not the 30 days before today.
        if unit == "year":
            return Period(date(today.year - 1, 1, 1), date(today.year - 1, 12, 31))
        year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
        return Period(date(year, month, 1), _month_end(year, month))
    days = _UNITS[unit] * int(count or 1)
    return Period(today - timedelta(days=days), today)


def _span(when: str, today: date | None) -> Period:
    """The days ``when`` covers; a month without a year is the latest one not after ``today``."""
    words = when.casefold().split()
    if words[0] in MONTHS:
        month = MONTHS[words[0]]
        if len(words) > 1:
            year = int(words[1])
        else:
            assert today is not None, "a month without a year is only read with today's date"
            year = today.year if month <= today.month else today.year - 1
        return Period(date(year, month, 1), _month_end(year, month))
    parts = [int(part) for part in when.split("-")]
    if len(parts) == 3:
        try:
            day = date(parts[0], parts[1], parts[2])
        except ValueError:
            return Period(date(parts[0], 1, 1), date(parts[0], 12, 31))
        return Period(day, day)
    if len(parts) == 2 and 1 <= parts[1] <= 12:
        return Period(date(parts[0], parts[1], 1), _month_end(parts[0], parts[1]))
    return Period(date(parts[0], 1, 1), date(parts[0], 12, 31))


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])
