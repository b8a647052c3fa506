"""Read a BEIR-layout collection: corpus.jsonl, queries.jsonl and qrels/<split>.tsv."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.models import Paper

Rankings = Mapping[str, Sequence[str]]  # query id -> paper ids, best first
# Folder names that say how a collection is stored rather than which one it is.
_LAYOUT_FOLDERS = {"normalized", "beir"}


class DatasetError(ValueError):
    """The collection cannot be read; the message names the file and line."""


@dataclass(frozen=True)
class Collection:
    name: str
    papers: tuple[Paper, ...]
    queries: dict[str, str]  # only the queries that have judgments in the chosen split
    qrels: dict[str, dict[str, int]]  # query id -> paper id -> graded relevance


def load_beir(directory: Path, split: str = "test") -> Collection:
    directory = Path(directory).resolve()
    qrels = read_qrels(directory / "qrels" / f"{split}.tsv")
    papers = tuple(
        Paper(id=_text(r, "_id", w), title=_text(r, "title", w, ""), abstract=_text(r, "text", w, ""))
        for r, w in _jsonl(directory / "corpus.jsonl")
    )
    queries = {_text(r, "_id", w): _text(r, "text", w) for r, w in _jsonl(directory / "queries.jsonl")}
    missing = sorted(set(qrels) - set(queries))
    if missing:
        raise DatasetError(f"{directory / 'queries.jsonl'}: judged queries missing: {', '.join(missing[:5])}")
    judged = {qid: queries[qid] for qid in qrels}
    name = directory.parent.name if directory.name in _LAYOUT_FOLDERS else directory.name
    return Collection(name, papers, judged, qrels)


def read_qrels(path: Path) -> dict[str, dict[str, int]]:
    """``query-id corpus-id score`` rows (tab-separated, optional header)."""
    qrels: dict[str, dict[str, int]] = {}
    for line, row in enumerate(csv.reader(_open(path), delimiter="\t"), start=1):
        if not row or (line == 1 and row[0] == "query-id"):
            continue
        try:
            query, doc, score = row
            qrels.setdefault(query, {})[doc] = int(score)
        except ValueError:
            raise DatasetError(
                f"{path}:{line}: expected 'query-id<TAB>corpus-id<TAB>score', got {row!r}"
            ) from None
    if not qrels:
        raise DatasetError(f"{path}: no relevance judgments")
    return qrels


def _jsonl(path: Path) -> Iterator[tuple[dict[str, Any], str]]:
    for line, text in enumerate(_open(path), start=1):
        if not text.strip():
            continue
        where = f"{path}:{line}"
        try:
            record = json.loads(text)
        except json.JSONDecodeError as exc:
            raise DatasetError(f"{where}: not valid JSON ({exc.msg})") from None
        if not isinstance(record, dict):
            raise DatasetError(f"{where}: expected a JSON object")
        yield record, where


def _text(record: dict[str, Any], key: str, where: str, default: str | None = None) -> str:
    value = record.get(key, default)
    if value is None:
        value = default
    if not isinstance(value, (str, int)) or value is None:
        raise DatasetError(f"{where}: '{key}' must be text")
    return str(value)


def _open(path: Path) -> Iterator[str]:
    try:
        with path.open(encoding="utf-8") as handle:
            yield from handle
    except FileNotFoundError:
        raise DatasetError(f"{path}: not found (expected a BEIR folder)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DatasetError(f"{path}: unreadable ({exc})") from None
