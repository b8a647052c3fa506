"""Paper records as JSON text for the database, and back (the one place that knows the layout)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bot.models import Paper, Source


@dataclass(frozen=True, slots=True)
class PaperRecord:
    """A paper as fetched from its source (arXiv), with what the source says beyond the Paper."""

    paper: Paper  # arxiv_id set
    version: int | None = None
    withdrawn: bool = False
    extra: dict[str, str] = field(default_factory=dict)  # comment, doi, journal_ref, license

    @property
    def arxiv_id(self) -> str:
        if not self.paper.arxiv_id:
            raise ValueError(f"paper {self.paper.id!r} has no arXiv id")
        return self.paper.arxiv_id


def paper_to_json(record: PaperRecord) -> str:
    data = record.paper.to_dict()
    data.pop("url", None)
    data["sources"] = [[s.path, s.line, s.format] for s in record.paper.sources]
    return json.dumps(
        {"paper": data, "version": record.version, "withdrawn": record.withdrawn, "extra": record.extra},
        ensure_ascii=False,
        sort_keys=True,
    )


def paper_from_json(text: str) -> PaperRecord:
    """Raises ValueError when the text is not a record this module wrote."""
    try:
        data = json.loads(text)
        fields: dict[str, Any] = dict(data["paper"])
        for key in ("published", "updated"):
            fields[key] = date.fromisoformat(fields[key]) if fields.get(key) else None
        for key in ("authors", "categories"):
            fields[key] = tuple(fields.get(key) or ())
        fields["sources"] = tuple(Source(str(p), int(n), str(f)) for p, n, f in fields.get("sources") or ())
        paper = Paper(**fields)
        return PaperRecord(
            paper, data.get("version"), bool(data.get("withdrawn")), dict(data.get("extra") or {})
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"unreadable paper record ({exc})") from None
