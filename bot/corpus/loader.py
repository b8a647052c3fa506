"""Read every configured file, parse it in the format its content shows, merge, apply overrides.

Nothing here raises on bad input: unreadable files, binary data, invalid UTF-8, runaway lines,
malformed records all become ``LoadWarning``s naming the file and line, and the rest loads.
"""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import json
import os
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.corpus import exports, seeds
from bot.corpus.draft import Draft, Parsed
from bot.corpus.merge import merge_drafts, merge_records
from bot.corpus.overrides import apply_overrides, parse_overrides
from bot.corpus.settings import CorpusSettings
from bot.corpus.text import comparison_key, short_hash
from bot.corpus.titles import provisional_title
from bot.models import LoadWarning, Paper

# Bump when parsing or merging changes what a given input produces (invalidates search indexes).
PARSER_VERSION = "corpus-1"
_NOT_PAPERS = (".yaml", ".yml")  # the overrides file and configs live beside the dumps
_DOCS = ("readme", "license", "licence", "changelog")  # a folder's own documentation
_SNIFF = 65_536
_MAX_DECODE_WARNINGS = 5

Progress = Callable[[int, int], None]  # (bytes read so far, total bytes)


@dataclass(frozen=True, slots=True)
class CorpusLoad:
    papers: tuple[Paper, ...]
    warnings: tuple[LoadWarning, ...]
    merges: int  # occurrences folded into an existing record
    checksum: str  # changes whenever the input bytes, the overrides or the parser change
    files: tuple[str, ...] = ()  # every file read, in reading order


def load_corpus(settings: CorpusSettings, progress: Progress | None = None) -> CorpusLoad:
    """Every paper under ``settings.paths``, de-duplicated, with ``settings.overrides`` applied."""
    warnings: list[LoadWarning] = []
    files = _expand(settings.paths, warnings)
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{PARSER_VERSION}|{settings.near_duplicate_threshold}|{settings.listing_year}".encode())
    digest.update(f"|{settings.max_line_chars}".encode())
    drafts = _parse_files(files, settings, digest, warnings, progress)
    merged = merge_drafts(drafts, settings.near_duplicate_threshold)
    papers, merges = list(merged.papers), merged.merges
    if settings.overrides:
        overrides = Path(settings.overrides)
        own = _curates(overrides, settings.paths)
        papers, merges = _with_overrides(papers, merges, overrides, own, digest, warnings)
    return CorpusLoad(
        papers=tuple(_finish(papers)),
        warnings=tuple(warnings),
        merges=merges,
        checksum=digest.hexdigest(),
        files=tuple(str(p) for p in files),
    )


def _parse_files(
    files: list[Path],
    settings: CorpusSettings,
    digest: hashlib.blake2b,
    warnings: list[LoadWarning],
    progress: Progress | None,
) -> list[Draft]:
    total = sum(_size(path) for path in files)
    done = 0
    drafts: list[Draft] = []
    for path in files:
        data = _read(path, warnings)
        done += _size(path)
        if data is not None:
            digest.update(f"\0{path}\0{len(data)}\0".encode())
            digest.update(data)
            parsed = parse_bytes(data, str(path), settings)
            drafts.extend(parsed.drafts)
            warnings.extend(parsed.warnings)
        if progress:
            progress(done, total)
    return drafts


def _curates(overrides: Path, paths: list[str]) -> bool:
    """Whether the overrides file lies in one of the corpus folders, i.e. curates that corpus.

    There an entry matching nothing is a mistake worth a warning; beside another corpus
    (``--corpus``, ``ingest``) it simply does not concern these papers.
    """
    try:
        target = overrides.resolve()
        return any(target.is_relative_to(Path(p).resolve()) for p in paths if Path(p).is_dir())
    except (OSError, ValueError):
        return False


def parse_bytes(data: bytes, path: str, settings: CorpusSettings) -> Parsed:
    """Parse one file's bytes, choosing the format from its content (not its name)."""
    warnings: list[LoadWarning] = []
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as exc:
            return Parsed((), (LoadWarning(path, 0, f"damaged gzip data ({exc}); file skipped"),))
    if b"\0" in data[:_SNIFF]:
        return Parsed((), (LoadWarning(path, 0, "binary data, not text; file skipped"),))
    lines = list(_lines(data, path, settings.max_line_chars, warnings))
    first = next((line.lstrip() for _, line in lines if line.strip()), "")
    if first.startswith("{"):
        parsed = _json(lines, path)
    elif first.startswith(".I"):
        parsed = exports.parse_trec(lines, path)
    else:
        parsed = seeds.parse_dump(lines, path, settings.listing_year)
    if not parsed.drafts and not parsed.warnings and not warnings:
        warnings.append(LoadWarning(path, 0, "no papers found in this file"))
    return Parsed(parsed.drafts, (*warnings, *parsed.warnings))


def _json(lines: list[tuple[int, str]], path: str) -> Parsed:
    """JSON lines; a whole JSON document (an array of records, or pretty-printed) is accepted too."""
    parsed = exports.parse_jsonl(lines, path)
    if parsed.drafts or not parsed.warnings:
        return parsed
    try:
        document = json.loads("\n".join(line for _, line in lines))
    except json.JSONDecodeError:
        return parsed
    if not isinstance(document, list):
        return Parsed(
            (), (LoadWarning(path, 1, "a JSON document, not JSON lines of paper records; skipped"),)
        )
    drafts, warnings = [], []
    for number, record in enumerate(document, 1):
        try:
            drafts.append(exports.record_to_draft(record, path, 0))
        except exports.RecordError as exc:
            warnings.append(LoadWarning(path, 0, f"record {number}: {exc}"))
    return Parsed(tuple(drafts), tuple(warnings))


def _lines(data: bytes, path: str, limit: int, warnings: list[LoadWarning]) -> Iterator[tuple[int, str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = None
    raw_lines: Sequence[str | bytes] = text.split("\n") if text is not None else data.split(b"\n")
    bad = 0
    for number, raw in enumerate(raw_lines, 1):
        if len(raw) > limit:
            warnings.append(
                LoadWarning(path, number, f"line of {len(raw):,} characters skipped (limit {limit:,})")
            )
            continue
        if isinstance(raw, bytes):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                bad += 1
                if bad <= _MAX_DECODE_WARNINGS:
                    message = f"invalid UTF-8 at byte {exc.start}; undecodable bytes replaced"
                    warnings.append(LoadWarning(path, number, message))
                line = raw.decode("utf-8", errors="replace")
        else:
            line = raw
        yield number, line.removesuffix("\r")
    if bad > _MAX_DECODE_WARNINGS:
        warnings.append(LoadWarning(path, 0, f"{bad} lines had invalid UTF-8 in all"))


def _expand(paths: list[str], warnings: list[LoadWarning]) -> list[Path]:
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        try:
            kind = (
                "dir" if path.is_dir() else "file" if path.is_file() else "other" if path.exists() else None
            )
        except (OSError, ValueError) as exc:  # e.g. a NUL byte or an over-long name in the config
            warnings.append(LoadWarning(raw, 0, f"unusable path ({exc})"))
            continue
        if kind == "dir":
            found = _walk(path, warnings)
            if not found:
                warnings.append(LoadWarning(str(path), 0, "folder holds no paper files"))
            files.extend(found)
        elif kind == "file":
            files.append(path)
        elif kind == "other":
            warnings.append(LoadWarning(str(path), 0, "not a regular file (device, pipe or socket); skipped"))
        else:
            warnings.append(LoadWarning(str(path), 0, "no such file or folder"))
    return list(dict.fromkeys(files))


def _walk(folder: Path, warnings: list[LoadWarning]) -> list[Path]:
    def report(error: OSError) -> None:
        warnings.append(
            LoadWarning(str(error.filename or folder), 0, f"cannot list folder ({error.strerror})")
        )

    found: list[Path] = []
    for root, dirs, names in os.walk(folder, onerror=report):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(
            p for name in sorted(names) if _may_hold_papers(name) and (p := Path(root, name)).is_file()
        )
    return found


def _may_hold_papers(name: str) -> bool:
    lower = name.lower()
    return not (lower.startswith((".", *_DOCS)) or lower.endswith(_NOT_PAPERS))


def _read(path: Path, warnings: list[LoadWarning]) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError as exc:
        warnings.append(LoadWarning(str(path), 0, f"cannot read file ({exc.strerror or exc})"))
        return None


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _with_overrides(
    papers: list[Paper],
    merges: int,
    path: Path,
    own: bool,
    digest: hashlib.blake2b,
    warnings: list[LoadWarning],
) -> tuple[list[Paper], int]:
    data = _read(path, warnings)
    if data is None:
        return papers, merges
    digest.update(b"\0overrides\0" + data)
    overrides, problems = parse_overrides(data.decode("utf-8", errors="replace"), str(path))
    warnings.extend(problems)
    papers, problems = apply_overrides(papers, overrides, str(path), report_unmatched=own)
    warnings.extend(problems)
    return _merge_same_id(papers, merges)


def _merge_same_id(papers: list[Paper], merges: int) -> tuple[list[Paper], int]:
    """An override may reveal that two records share an arXiv id: they are one paper."""
    by_id: dict[str, list[Paper]] = defaultdict(list)
    for paper in papers:
        by_id[paper.id or f"\0{id(paper)}"].append(paper)
    result = []
    for group in by_id.values():
        if len(group) == 1:
            result.append(group[0])
        else:
            result.append(merge_records(group, [s for p in group for s in p.sources]))
            merges += len(group) - 1
    return result, merges


def _finish(papers: list[Paper]) -> list[Paper]:
    """Derived ids and provisional titles, in a stable order (first source, then id).

    A derived id hashes the kept (longest) wording of the abstract: it stays put across runs and
    input orders, and changes only if a fuller wording of the same paper is added to the corpus.
    """
    finished = []
    for paper in papers:
        if paper.id and paper.title:
            finished.append(paper)
            continue
        finished.append(
            dataclasses.replace(
                paper,
                id=paper.id or paper.arxiv_id or f"abs-{short_hash(comparison_key(paper.abstract))}",
                title=paper.title or provisional_title(paper.abstract),
                title_provisional=paper.title_provisional or not paper.title,
            )
        )
    return sorted(finished, key=_order)


def _order(paper: Paper) -> tuple[str, int, str]:
    first = paper.sources[0] if paper.sources else None
    return (first.path if first else "", first.line if first else 0, paper.id)
