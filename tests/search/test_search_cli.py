"""`paperbot search` and `paperbot index` on the bundled seed corpus, index kept in a temp folder."""

from __future__ import annotations

import argparse
import json
import re
import shutil
from pathlib import Path

import numpy as np
import pytest

from bot.cli.main import main
from bot.cli.search_commands import year_range
from bot.search import semantic


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    path = tmp_path / "paperbot.yaml"
    path.write_text(f"search:\n  index_dir: {tmp_path / 'index'}\n", encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


def test_search_json(config_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "search", "Pixtral 12B", "-k", "3", "--json", "--config", str(config_file))
    ranking = json.loads(out)
    assert code == 0 and 1 <= len(ranking) <= 3
    assert ranking[0]["title"] == "Pixtral 12B" and ranking[0]["rank"] == 1
    assert {"paper_id", "title", "score", "arxiv_id", "year"} <= set(ranking[0])
    assert [r["score"] for r in ranking] == sorted((r["score"] for r in ranking), reverse=True)


def test_search_filters(config_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["search", "language models", "--year", "2025", "--category", "cs", "--json"]
    code, out = run(capsys, *argv, "--config", str(config_file))
    assert code == 0 and json.loads(out)
    assert all(r["year"] == 2025 for r in json.loads(out))
    code, out = run(capsys, "search", "learning", "--author", "HELIOU", "--config", str(config_file))
    assert code == 0 and "non-convex" in out
    code, out = run(capsys, "search", "learning", "--author", "Nobody", "--config", str(config_file))
    assert code == 0 and "No matching papers." in out


@pytest.mark.parametrize(
    ("text", "years"),
    [("2025", (2025, 2025)), ("2020-2024", (2020, 2024)), ("2021-", (2021, None)), ("-2019", (None, 2019))],
)
def test_year_range(text: str, years: tuple[int | None, int | None]) -> None:
    assert year_range(text) == years


@pytest.mark.parametrize("text", ["", "-", "20", "2024-2020", "2020 2024", "recent"])
def test_bad_year_range(text: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError):
        year_range(text)


def test_index_lifecycle(config_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "index", "status", "--config", str(config_file))
    assert code == 1 and out.startswith("missing")
    code, out = run(capsys, "index", "build", "--config", str(config_file))
    assert code == 0 and re.search(r": \d+ papers with all-MiniLM-L6-v2 embeddings, ", out)
    assert (tmp_path / "index" / "paper-index.json").is_file()
    code, out = run(capsys, "index", "status", "--config", str(config_file))
    assert code == 0 and out.startswith("fresh")
    config_file.write_text(config_file.read_text(encoding="utf-8") + "  k1: 0.9\n", encoding="utf-8")
    code, out = run(capsys, "index", "status", "--config", str(config_file))
    assert code == 1 and out.startswith("stale") and "k1" in out


def test_index_build_reports_an_unwritable_place(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    config = tmp_path / "paperbot.yaml"
    config.write_text(f"search:\n  index_dir: {blocker / 'index'}\n", encoding="utf-8")
    assert main(["index", "build", "--config", str(config)]) == 1
    assert "cannot write the index" in capsys.readouterr().err


def test_index_build_encodes_only_the_papers_whose_text_changed(
    tmp_path: Path, bundled_corpus: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(bundled_corpus, corpus, ignore=shutil.ignore_patterns(".index"))
    config = tmp_path / "paperbot.yaml"
    config.write_text(f"corpus:\n  paths: [{corpus}]\nsearch:\n  index_dir: {tmp_path / 'index'}\n", "utf-8")
    real = semantic.load_encoder()
    assert real is not None
    encoded: list[str] = []

    def counting(texts: list[str]) -> np.ndarray:
        encoded.extend(texts)
        return real.encode(texts)

    # A new encoder per build, so nothing is remembered in memory: only the saved index can help.
    monkeypatch.setattr(
        semantic, "load_encoder", lambda: semantic.Encoder(counting, real.name, real.dimension)
    )
    code, out = run(capsys, "index", "build", "--config", str(config))
    assert code == 0 and "with all-MiniLM-L6-v2 embeddings" in out
    first = len(encoded)
    for path in corpus.glob("*.txt"):
        path.write_text(path.read_text(encoding="utf-8").replace("Behemoth", "Zorblax"), encoding="utf-8")
    encoded.clear()
    assert run(capsys, "index", "build", "--config", str(config))[0] == 0
    assert encoded and all("Zorblax" in text for text in encoded)
    assert len(encoded) < first
