"""A saved index that is truncated, of another format, built from another corpus, or cut short by a
full disk is detected, never used, and rebuilt; answers stay those of the corpus on disk now."""

from __future__ import annotations

import errno
import json
import logging
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from bot.cli.main import main
from bot.config import Config
from bot.corpus import load_corpus
from bot.engine import Engine
from bot.search import IndexUnusable, PaperIndex, persistence, store

from .helpers import NEW_WORD, OLD_WORD, QUESTION, leftovers, rename_word

REBUILT = "not used"  # paper_index logs "search index at DIR not used (REASON); rebuilding"


def index_state(config: Config, capsys: pytest.CaptureFixture[str]) -> str:
    """`paperbot index status`: "fresh" only when the saved index would be used as is."""
    main(["index", "status", "--corpus", config.corpus.paths[0]])
    return capsys.readouterr().out.split(":")[0]


def build_with_cli(config: Config, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["index", "build", "--corpus", config.corpus.paths[0]]) == 0
    capsys.readouterr()
    assert index_state(config, capsys) == "fresh"


def reference_answer(config: Config, question: str = QUESTION) -> str:
    """What an engine built from scratch on today's corpus says (no saved index involved)."""
    corpus = load_corpus(config.corpus)
    engine = Engine.from_papers(config, corpus.papers)
    return engine.ask(question).lead


def truncate_largest_array(index_dir: Path) -> None:
    largest = max(index_dir.rglob("*.npy"), key=lambda p: p.stat().st_size)
    size = largest.stat().st_size
    with largest.open("r+b") as handle:
        handle.truncate(size // 2)


def bump_manifest_format(index_dir: Path) -> None:
    path = index_dir / persistence.MANIFEST
    manifest = json.loads(path.read_text())
    path.write_text(json.dumps({**manifest, "format": persistence.FORMAT + 1}))


def bump_matrix_format(index_dir: Path) -> None:
    path = index_dir / "text" / store.HEADER_FILE
    header = json.loads(path.read_text())
    path.write_text(json.dumps({**header, "format_version": store.FORMAT_VERSION + 1}))


def overwrite_a_block(index_dir: Path) -> None:
    largest = max(index_dir.rglob("*.npy"), key=lambda p: p.stat().st_size)
    with largest.open("r+b") as handle:
        handle.seek(largest.stat().st_size - 64)
        handle.write(b"\xff" * 64)


@pytest.mark.parametrize(
    "damage",
    [truncate_largest_array, bump_manifest_format, bump_matrix_format, overwrite_a_block],
    ids=["truncated", "manifest-format", "matrix-format", "bit-rot"],
)
def test_a_damaged_index_is_detected_and_rebuilt(
    config: Config,
    index_dir: Path,
    damage: Callable[[Path], None],
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    build_with_cli(config, capsys)
    damage(index_dir)
    assert index_state(config, capsys) == "stale"
    with caplog.at_level(logging.INFO, logger="bot.search"):
        engine = Engine.load(config)
    assert REBUILT in caplog.text
    assert engine.ask(QUESTION).lead == reference_answer(config)
    assert index_state(config, capsys) == "fresh"  # the rebuilt index was saved in its place
    assert leftovers(index_dir) == []


def test_a_corpus_edited_after_index_build_is_not_served_from_the_old_index(
    config: Config, corpus_dir: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    build_with_cli(config, capsys)
    before = Engine.load(config).ask(QUESTION).lead
    rename_word(corpus_dir)
    assert index_state(config, capsys) == "stale"
    with caplog.at_level(logging.INFO, logger="bot.search"):
        after = Engine.load(config).ask(QUESTION).lead
    assert REBUILT in caplog.text and "corpus_checksum" in caplog.text
    assert after == reference_answer(config) != before
    assert index_state(config, capsys) == "fresh"


class FullDisk:
    """Writes fail with ENOSPC from the ``fail_at``-th file on, after writing part of it."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, fail_at: int) -> None:
        self.files = 0
        self.fail_at = fail_at
        real_array, real_fdopen = store._write_array, persistence.os.fdopen

        def write_array(path: Path, array: np.ndarray) -> dict:
            self._count(lambda: path.write_bytes(b"\x93NUMPY half"))
            return real_array(path, array)

        def fdopen(descriptor: int, *args: object, **kwargs: object):
            self._count(lambda: None)
            return real_fdopen(descriptor, *args, **kwargs)

        monkeypatch.setattr(store, "_write_array", write_array)
        monkeypatch.setattr(persistence.os, "fdopen", fdopen)

    def _count(self, write_part: Callable[[], object]) -> None:
        self.files += 1
        if self.files >= self.fail_at:
            write_part()
            raise OSError(errno.ENOSPC, "No space left on device")


def files_per_save(config: Config, scratch: Path) -> tuple[int, int]:
    """How many files a full save writes (the arrays of every field matrix, the papers' embeddings
    and their text keys when semantic re-ranking is on, then the manifest), and how many of them
    belong to the embeddings."""
    corpus = load_corpus(config.corpus)
    with pytest.MonkeyPatch.context() as patch:
        disk = FullDisk(patch, fail_at=10**9)
        index = PaperIndex.build(corpus.papers, config.search)
        index.save(scratch, corpus.checksum)
    return disk.files, len(list((scratch / "semantic").glob("*.npy")))


# Arrays are written text matrix first, then authors, then the embeddings, then the manifest: fail on
# the first array, inside the text matrix, inside the authors matrix, on the embeddings and on the manifest.
FAIL_POINTS = ["first-array", "in-text", "in-authors", "embeddings", "manifest"]
# From these on, the text matrix was swapped in before the failure.
AFTER_THE_TEXT_MATRIX = {"in-authors", "embeddings", "manifest"}


def fill_disk(config: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fail_at: str) -> None:
    total, embeddings = files_per_save(config, tmp_path / "scratch")
    per_matrix = (total - 1 - embeddings) // 2  # both fields are indexed in the seed corpus
    assert embeddings == 2 and total == 2 * per_matrix + embeddings + 1
    where = {
        "first-array": 1,
        "in-text": per_matrix // 2,
        "in-authors": per_matrix + 2,
        "embeddings": 2 * per_matrix + 1,
        "manifest": total,
    }
    FullDisk(monkeypatch, where[fail_at])


@pytest.mark.parametrize("fail_at", FAIL_POINTS)
def test_disk_full_on_first_build_serves_from_memory_and_leaves_nothing_usable_behind(
    config: Config,
    index_dir: Path,
    tmp_path: Path,
    fail_at: str,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    fill_disk(config, tmp_path, monkeypatch, fail_at)
    with caplog.at_level(logging.WARNING, logger="bot.search"):
        engine = Engine.load(config)
    assert "No space left" in caplog.text
    assert engine.ask(QUESTION).lead == reference_answer(config)
    monkeypatch.undo()
    assert leftovers(index_dir) == []
    _assert_refused(config, index_dir)


@pytest.mark.parametrize("fail_at", FAIL_POINTS)
def test_disk_full_while_replacing_an_index_never_yields_a_mixture(
    config: Config,
    corpus_dir: Path,
    index_dir: Path,
    tmp_path: Path,
    fail_at: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    build_with_cli(config, capsys)
    rename_word(corpus_dir)
    fill_disk(config, tmp_path, monkeypatch, fail_at)
    assert Engine.load(config).ask(QUESTION).lead == reference_answer(config)
    monkeypatch.undo()
    assert leftovers(index_dir) == []
    _assert_refused(config, index_dir)
    # With the corpus put back the old manifest matches again: the index on disk is either the
    # untouched old one (same rankings as a fresh build) or a refused mixture, never a wrong one.
    rename_word(corpus_dir, NEW_WORD, OLD_WORD)
    refused = _refused_or_exact(config, index_dir)
    assert refused == (fail_at in AFTER_THE_TEXT_MATRIX)
    assert Engine.load(config).ask(QUESTION).lead == reference_answer(config)
    assert index_state(config, capsys) == "fresh"


def _assert_refused(config: Config, index_dir: Path) -> None:
    corpus = load_corpus(config.corpus)
    with pytest.raises(IndexUnusable):
        PaperIndex.open(index_dir, corpus.papers, config.search, corpus.checksum)


def _refused_or_exact(config: Config, index_dir: Path) -> bool:
    """True when the saved index is refused; else asserts it ranks exactly as a fresh build."""
    corpus = load_corpus(config.corpus)
    try:
        saved = PaperIndex.open(index_dir, corpus.papers, config.search, corpus.checksum)
    except IndexUnusable:
        return True
    fresh = PaperIndex.build(corpus.papers, config.search)
    for query in (QUESTION, "reinforcement learning for language models", "speech recognition"):
        assert saved.search(query, k=29) == fresh.search(query, k=29)
    return False
