"""Damaged input is reported with its file and line; everything else still loads; nothing raises."""

from __future__ import annotations

import gzip
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.corpus import CorpusLoad
from bot.models import LoadWarning

Write = Callable[[str, "str | bytes"], Path]
Load = Callable[..., CorpusLoad]

GOOD = "Abstract:We study a perfectly ordinary problem and solve it with an ordinary method, twice.\n"


def messages(result: CorpusLoad, path: Path) -> list[tuple[int, str]]:
    return [(w.line, w.message) for w in result.warnings if w.path == str(path)]


def test_binary_file_is_skipped_with_a_warning(write: Write, load: Load) -> None:
    good = write("good.txt", GOOD)
    binary = write("figure.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    result = load(good, binary)
    assert len(result.papers) == 1
    assert messages(result, binary) == [(0, "binary data, not text; file skipped")]


def test_invalid_utf8_names_the_line_and_keeps_the_rest(write: Write, load: Load) -> None:
    dump = write(
        "dump.txt",
        GOOD.encode()
        + b"Abstract:Caf\xe9 au lait and other broken bytes in a line.\n"
        + GOOD.replace("ordinary", "usual").encode(),
    )
    result = load(dump)
    assert len(result.papers) == 3
    [(line, message)] = messages(result, dump)
    assert line == 2 and "invalid UTF-8" in message
    assert any("Caf\ufffd au lait" in p.abstract for p in result.papers)


def test_a_10_mb_single_line_is_skipped_not_parsed(write: Write, load: Load) -> None:
    dump = write("huge.txt", GOOD + "Abstract:" + "x" * 10_000_000 + "\n" + GOOD.replace("ordinary", "usual"))
    result = load(dump)
    assert len(result.papers) == 2
    assert messages(result, dump) == [(2, "line of 10,000,009 characters skipped (limit 1,000,000)")]


def test_arxiv_line_with_no_abstract_is_reported(write: Write, load: Load) -> None:
    dump = write("dump.txt", "arXiv:2507.13264\nCreated: 2025-07-17\n\n" + GOOD)
    result = load(dump)
    assert len(result.papers) == 1 and result.papers[0].arxiv_id is None
    assert messages(result, dump) == [
        (1, "arXiv:2507.13264 line with no abstract before it"),
        (2, "Created: line with no abstract before it"),
    ]


def test_title_with_no_abstract_and_card_cut_short_are_reported(write: Write, load: Load) -> None:
    dump = write("dump.txt", "A Lonely Title\n\narXiv:2501.00001\n\nCLJan 3, 2025\nSome TitleJohn Smith\n")
    result = load(dump)
    assert result.papers == ()
    assert (1, "title/author lines with no abstract") in messages(result, dump)
    assert (5, "listing card ends before its abstract") in messages(result, dump)


def test_empty_folder_and_missing_path_are_reported(tmp_path: Path, load: Load) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = load(empty, tmp_path / "missing.txt")
    assert result.papers == ()
    assert result.warnings == (
        LoadWarning(str(empty), 0, "folder holds no paper files"),
        LoadWarning(str(tmp_path / "missing.txt"), 0, "no such file or folder"),
    )


def test_unreadable_file_is_reported_and_the_others_load(
    write: Write, load: Load, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = write("good.txt", GOOD)
    locked = write("locked.txt", GOOD)
    real_read = Path.read_bytes

    def read_bytes(path: Path) -> bytes:
        if path == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_read(path)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)  # the suite runs as root, so chmod cannot lock it
    result = load(good, locked)
    assert len(result.papers) == 1
    assert messages(result, locked) == [(0, "cannot read file (Permission denied)")]


def test_malformed_json_lines_are_reported_by_line(write: Write, load: Load) -> None:
    export = write(
        "export.jsonl",
        '{"id": "2501.00001", "title": "Fine", "authors": ["A. Author"], "abstract": "A fine abstract."}\n'
        '{"id": "2501.00002", "title": "Broken", \n'
        '{"id": "2501.00003", "title": "No abstract", "authors": ["B. Author"]}\n'
        "[1, 2, 3]\n"
        '{"id": "2501.00004", "title": 7, "authors": ["C. Author"], "abstract": "Title is a number."}\n',
    )
    result = load(export)
    assert [p.id for p in result.papers] == ["2501.00001"]
    lines = messages(result, export)
    assert [line for line, _ in lines] == [2, 3, 4, 5]
    assert lines[0][1].startswith("malformed JSON line")
    assert lines[1][1] == "record has no 'abstract'"
    assert "expected an object" in lines[2][1]
    assert "unexpected field values" in lines[3][1]


def test_damaged_gzip_is_reported(write: Write, load: Load) -> None:
    data = gzip.compress(GOOD.encode() * 50)
    damaged = write("part.jsonl.gz", data[: len(data) // 2])
    result = load(damaged)
    assert result.papers == ()
    [(line, message)] = messages(result, damaged)
    assert line == 0 and message.startswith("damaged gzip data")


def test_json_document_that_is_not_records_is_skipped(write: Write, load: Load) -> None:
    stats = write("stats.json", '{\n  "papers": 74728,\n  "parts": []\n}\n')
    result = load(stats)
    assert messages(result, stats) == [(1, "a JSON document, not JSON lines of paper records; skipped")]


def test_yaml_files_in_a_corpus_folder_are_not_papers(write: Write, load: Load) -> None:
    write("corpus/overrides.yaml", "- match: ordinary\n  title: Ordinary\n")
    write("corpus/dump.txt", GOOD)
    result = load(write("corpus/dump.txt", GOOD).parent)
    assert len(result.papers) == 1 and result.warnings == ()
