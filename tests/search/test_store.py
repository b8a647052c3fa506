"""Saving and loading a BM25Matrix: round trip, sharing by mmap, stale and corrupt indexes."""

from __future__ import annotations

import json
import mmap
from pathlib import Path

import numpy as np
import pytest

from bot.search import BM25Matrix, IndexCorrupt, IndexStale, IndexUnusable, store

META = {"corpus": "sha256:abc", "fields": ["abstract"]}
QUERY = ["language", "model", "training", "llama"]


@pytest.fixture(scope="module")
def matrix(bundled_corpus: Path) -> BM25Matrix:
    lines = (
        line for path in sorted(bundled_corpus.glob("*.txt")) for line in path.read_text("utf-8").splitlines()
    )
    return BM25Matrix.build(line.lower().split() for line in lines)


@pytest.fixture
def saved(matrix: BM25Matrix, tmp_path: Path) -> Path:
    directory = tmp_path / "index"
    matrix.save(directory, meta=META)
    return directory


@pytest.mark.parametrize("mmap", [True, False])
def test_round_trip_gives_the_same_answers(matrix: BM25Matrix, saved: Path, mmap: bool) -> None:
    loaded = BM25Matrix.load(saved, expected_meta=META, mmap=mmap, verify=True)
    assert np.array_equal(loaded.scores(QUERY), matrix.scores(QUERY))
    for got, expected in zip(loaded.top_k(QUERY, 10), matrix.top_k(QUERY, 10), strict=True):
        assert np.array_equal(got, expected)
    assert loaded.term_vector(3) == matrix.term_vector(3)
    assert loaded.idf("model") == matrix.idf("model")
    assert dict(loaded.vocabulary) == dict(matrix.vocabulary)
    assert loaded.params == matrix.params and loaded.avgdl == matrix.avgdl


def test_memory_mapped_arrays_are_not_read_into_memory(saved: Path) -> None:
    lengths = BM25Matrix.load(saved).doc_lengths
    # A read-only view whose memory belongs to a mapping of the file, not to the process heap.
    assert not lengths.flags.writeable and not lengths.flags.owndata
    assert isinstance(lengths.base, np.memmap) and isinstance(lengths.base.base, mmap.mmap)


def test_saving_again_replaces_the_index_and_leaves_no_temporaries(matrix: BM25Matrix, saved: Path) -> None:
    other = BM25Matrix.build([["only", "two"], ["documents"]])
    other.save(saved, meta=META)
    assert BM25Matrix.load(saved).n_docs == 2
    assert [p.name for p in saved.parent.iterdir()] == ["index"]


def test_a_failed_save_keeps_the_previous_index(
    matrix: BM25Matrix, saved: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(path: Path, array: np.ndarray) -> dict:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store, "_write_array", disk_full)
    with pytest.raises(OSError, match="No space left"):
        BM25Matrix.build([["new"]]).save(saved, meta=META)
    monkeypatch.undo()
    assert BM25Matrix.load(saved, expected_meta=META).n_docs == matrix.n_docs
    assert [p.name for p in saved.parent.iterdir()] == ["index"]


def test_other_inputs_make_the_index_stale(saved: Path) -> None:
    with pytest.raises(IndexStale, match="corpus"):
        BM25Matrix.load(saved, expected_meta={**META, "corpus": "sha256:def"})


def test_another_format_version_is_stale(saved: Path) -> None:
    header = json.loads((saved / store.HEADER_FILE).read_text())
    header["format_version"] = store.FORMAT_VERSION + 1
    (saved / store.HEADER_FILE).write_text(json.dumps(header))
    with pytest.raises(IndexStale, match="format"):
        BM25Matrix.load(saved)


def test_a_hand_edited_header_is_corrupt(saved: Path) -> None:
    header = json.loads((saved / store.HEADER_FILE).read_text())
    header["header"]["params"]["k1"] = 2.0
    (saved / store.HEADER_FILE).write_text(json.dumps(header))
    with pytest.raises(IndexCorrupt, match="checksum"):
        BM25Matrix.load(saved)


def test_a_truncated_array_is_corrupt(saved: Path) -> None:
    path = saved / "data.npy"
    path.write_bytes(path.read_bytes()[:-100])
    with pytest.raises(IndexCorrupt, match=r"data\.npy"):
        BM25Matrix.load(saved)


def test_a_missing_array_or_index_is_unusable(saved: Path, tmp_path: Path) -> None:
    (saved / "indices.npy").unlink()
    with pytest.raises(IndexCorrupt, match=r"indices\.npy"):
        BM25Matrix.load(saved)
    with pytest.raises(IndexUnusable, match="no index"):
        BM25Matrix.load(tmp_path / "nowhere")


def flip_byte(path: Path, offset_from_end: int) -> None:
    data = bytearray(path.read_bytes())
    data[-offset_from_end] ^= 0xFF
    path.write_bytes(bytes(data))


def test_altered_bytes_are_detected(saved: Path) -> None:
    # The last block of every array is always sampled, so this is caught by a plain load...
    flip_byte(saved / "data.npy", 1)
    with pytest.raises(IndexCorrupt, match="checksum"):
        BM25Matrix.load(saved)


def test_full_verification_finds_any_altered_byte(saved: Path) -> None:
    path = saved / "indices.npy"
    flip_byte(path, path.stat().st_size // 2)
    with pytest.raises(IndexCorrupt, match="checksum"):
        BM25Matrix.load(saved, verify=True)
