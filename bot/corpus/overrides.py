"""The curated overrides file: fix or enrich any record, keyed by an abstract phrase or an id.

```yaml
- match: "we present LlamaRL"          # case-insensitive phrase found in exactly one abstract
  title: "LlamaRL: A Distributed ..."
  arxiv_id: "2505.24034"
- id: "2507.13264"                     # or the record's id
  pages: "17 pages"
```
Any paper field except ``id``, ``sources`` and ``title_provisional`` may be set. A bad entry is
reported (file and line) and skipped; the other entries still apply.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import yaml

from bot.corpus.text import collapse
from bot.models import LoadWarning, Paper

_TEXT_FIELDS = ("title", "abstract", "arxiv_id", "category", "pages", "affiliation")
_DATE_FIELDS = ("published", "updated")
_LIST_FIELDS = ("authors", "categories")
_BOOL_FIELDS = ("authors_complete", "has_code")
FIELDS = (*_TEXT_FIELDS, *_DATE_FIELDS, *_LIST_FIELDS, *_BOOL_FIELDS)
_LINE = "__line__"


@dataclass(frozen=True, slots=True)
class Override:
    line: int
    match: str | None
    id: str | None
    changes: tuple[tuple[str, Any], ...]

    @property
    def label(self) -> str:
        return f"match {self.match!r}" if self.match else f"id {self.id!r}"


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that records the line each mapping starts on, for warnings."""


def _mapping_with_line(loader: _LineLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping[_LINE] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)


def parse_overrides(text: str, path: str) -> tuple[list[Override], list[LoadWarning]]:
    try:
        entries = yaml.load(text, Loader=_LineLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return [], [LoadWarning(path, mark.line + 1 if mark else 0, f"not valid YAML ({exc})")]
    except RecursionError:  # PyYAML composes nested nodes recursively
        return [], [LoadWarning(path, 0, "YAML nested too deeply to read")]
    if entries is None:
        return [], []
    if not isinstance(entries, list):
        return [], [LoadWarning(path, 1, "overrides must be a list of entries (- match: ...)")]
    overrides: list[Override] = []
    warnings: list[LoadWarning] = []
    for entry in entries:
        line = entry.get(_LINE, 0) if isinstance(entry, dict) else 0
        try:
            overrides.append(_entry(entry))
        except ValueError as exc:
            warnings.append(LoadWarning(path, line, f"override skipped: {exc}"))
    return overrides, warnings


def _entry(entry: Any) -> Override:
    if not isinstance(entry, dict):
        raise ValueError(f"expected a mapping with 'match' or 'id', got {entry!r:.40}")
    line = entry.pop(_LINE, 0)
    match, key = entry.pop("match", None), entry.pop("id", None)
    if not (isinstance(match, str) and match.strip()) and not (isinstance(key, str | int) and str(key)):
        raise ValueError("needs a 'match' phrase or an 'id'")
    changes = []
    for name, value in entry.items():
        if name not in FIELDS:
            raise ValueError(f"unknown field {name!r} (known: {', '.join(FIELDS)})")
        changes.append((name, _value(name, value)))
    return Override(
        line, collapse(match).casefold() if match else None, str(key) if key else None, tuple(changes)
    )


def _value(name: str, value: Any) -> Any:
    if name in _TEXT_FIELDS and isinstance(value, str | int | float) and not isinstance(value, bool):
        return collapse(str(value))
    if name in _DATE_FIELDS and isinstance(value, date):
        return value
    if name in _DATE_FIELDS and isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"field {name!r} must be a date like 2025-07-17, got {value!r:.40}") from None
    if name in _LIST_FIELDS and isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(collapse(v) for v in value)
    if name in _BOOL_FIELDS and isinstance(value, bool):
        return value
    raise ValueError(f"field {name!r} has an unusable value {value!r:.40}")


def apply_overrides(
    papers: Sequence[Paper], overrides: Sequence[Override], path: str, *, report_unmatched: bool = True
) -> tuple[list[Paper], list[LoadWarning]]:
    """Apply each override to the one paper it designates; ambiguous (and unmatched) ones are reported.

    Phrase entries apply first, so an ``id`` entry may name an arXiv id that a phrase entry gave.
    """
    result = list(papers)
    warnings: list[LoadWarning] = []
    for batch, find in (
        ([o for o in overrides if o.match], _by_phrase),
        ([o for o in overrides if not o.match], _by_id),
    ):
        for override, hits in zip(batch, find(result, batch), strict=True):
            if len(hits) == 1:
                result[hits[0]] = _apply(result[hits[0]], override)
                continue
            if not hits and not report_unmatched:
                continue
            problem = "matches no paper" if not hits else f"matches {len(hits)} papers; make it more specific"
            warnings.append(LoadWarning(path, override.line, f"override {override.label} {problem}"))
    return result, warnings


def _by_phrase(papers: Sequence[Paper], overrides: Sequence[Override]) -> list[list[int]]:
    targets: list[list[int]] = [[] for _ in overrides]
    if not overrides:
        return targets
    for i, paper in enumerate(papers):
        folded = paper.abstract.casefold()
        for n, override in enumerate(overrides):
            if override.match and override.match in folded:
                targets[n].append(i)
    return targets


def _by_id(papers: Sequence[Paper], overrides: Sequence[Override]) -> list[list[int]]:
    index: dict[str, list[int]] = {}
    for i, paper in enumerate(papers):
        for key in {paper.id, paper.arxiv_id} - {None, ""}:
            index.setdefault(key, []).append(i)  # type: ignore[arg-type]
    return [index.get(o.id or "", []) for o in overrides]


def _apply(paper: Paper, override: Override) -> Paper:
    changes = dict(override.changes)
    if "title" in changes:
        changes["title_provisional"] = False
    if changes.get("arxiv_id") and not paper.id:
        changes["id"] = changes["arxiv_id"]
    return dataclasses.replace(paper, **changes)
