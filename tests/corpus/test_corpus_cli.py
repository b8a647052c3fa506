"""`paperbot papers` and `paperbot ingest`: what a user sees on stdout and stderr."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.cli.main import build_parser, main
from bot.config import Config

from .conftest import seed_settings

Write = Callable[[str, "str | bytes"], Path]


def run(argv: list[str], config: Config) -> int:
    args = build_parser().parse_args(argv)
    return args.handler(args, config)


@pytest.fixture(scope="module")
def config(bundled_corpus: Path) -> Config:
    return Config(corpus=seed_settings(bundled_corpus))


def test_papers_json_lists_full_records(config: Config, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["papers", "--json"], config) == 0
    records = json.loads(capsys.readouterr().out)
    assert len(records) == 29
    voxtral = next(r for r in records if r["id"] == "2507.13264")
    assert voxtral["title"] == "Voxtral" and voxtral["category"] == "cs.SD"
    assert voxtral["published"] == "2025-07-17" and voxtral["url"] == "https://arxiv.org/abs/2507.13264"
    assert {s["format"] for s in voxtral["sources"]} == {"abstract-line", "block", "card"}
    assert set(voxtral) >= {
        "abstract",
        "authors",
        "authors_complete",
        "title_provisional",
        "pages",
        "has_code",
    }


def test_papers_table_is_readable(config: Config, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["papers"], config) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split() == ["ID", "YEAR", "CATEGORY", "TITLE", "AUTHORS"]
    assert "2507.13264        2025  cs.SD     Voxtral" in out
    assert "~ Publicly reported technical details about Metas Llama 4" in out
    assert "29 papers" in out


def test_ingest_reports_records_merges_and_warnings(
    config: Config, write: Write, capsys: pytest.CaptureFixture[str]
) -> None:
    good = write(
        "dump.txt", "Abstract:We study a perfectly ordinary problem and solve it twice, carefully.\n"
    )
    bad = write("broken.jsonl", '{"id": "2501.00001",\n')
    assert run(["ingest", str(good), str(bad)], config) == 0
    captured = capsys.readouterr()
    assert "1 papers from 1 occurrences (0 merged), 1 warning(s)" in captured.out
    assert f"warning: {bad}:1: malformed JSON line" in captured.err

    assert run(["ingest", str(good), str(bad), "--json"], config) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["papers"], report["merges"]) == (1, 0)
    assert report["warnings"][0]["line"] == 1 and report["warnings"][0]["path"] == str(bad)
    assert report["records"][0]["sources"] == [f"{good}:1 (abstract-line)"]


def test_ingest_of_nothing_fails_with_a_reason(
    config: Config, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["ingest", str(tmp_path)], config) == 1
    assert "folder holds no paper files" in capsys.readouterr().err


def test_corpus_option_replaces_the_bundled_corpus(write: Write, capsys: pytest.CaptureFixture[str]) -> None:
    dump = write(
        "mine.txt", "Abstract:We study a perfectly ordinary problem and solve it twice, carefully.\n"
    )
    assert main(["papers", "--json", "--corpus", str(dump)]) == 0
    [record] = json.loads(capsys.readouterr().out)
    assert record["sources"][0]["path"] == str(dump)
