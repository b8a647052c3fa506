"""A paper index on disk: one folder per field matrix (and one for the papers' embeddings, when
semantic re-ranking is on) plus a manifest of what it was built from.

Each matrix folder is replaced atomically by the engine's store and carries the same meta as the
manifest, which is written last. Loading checks the manifest against what the caller would build
today (corpus, analyzer, BM25 parameters, fields, format), then every matrix against the same meta:
an interrupted save or a mixture of two builds is therefore refused, never served.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from bot.search import store
from bot.search.matrix import BM25Matrix
from bot.search.store import IndexCorrupt, IndexStale, canonical, read_json_object

MANIFEST = "paper-index.json"
FORMAT = 1
VECTORS = "semantic"


def save(
    matrices: dict[str, BM25Matrix],
    directory: Path,
    meta: dict[str, Any],
    vectors: tuple[np.ndarray, np.ndarray] | None = None,
) -> None:
    """``vectors``: the papers' embeddings and the ``semantic.paper_keys`` of the texts they encode."""
    for name, matrix in matrices.items():
        matrix.save(directory / name, meta=meta)
    if vectors is not None:
        store.save(directory / VECTORS, {"vectors": vectors[0], "keys": vectors[1]}, {}, meta)
    manifest = json.dumps({"format": FORMAT, **meta}, indent=2, sort_keys=True)
    # Written last and atomically: a reader never sees a manifest for matrices not yet in place.
    descriptor, temporary = tempfile.mkstemp(dir=directory, suffix=".tmp")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(manifest)
        os.replace(temporary, directory / MANIFEST)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def load(
    directory: Path, meta: dict[str, Any], *, mmap: bool = True
) -> tuple[dict[str, BM25Matrix], np.ndarray | None]:
    """The field matrices, and the papers' embeddings when ``meta`` says the index has them."""
    expected = {"format": FORMAT, **canonical(meta)}
    found = read_manifest(directory)
    if found != expected:
        raise IndexStale(f"{directory} was built from {describe_difference(found, expected)}")
    matrices = {
        name: BM25Matrix.load(directory / name, expected_meta=meta, mmap=mmap) for name in expected["fields"]
    }
    if not meta.get("semantic"):
        return matrices, None
    vectors = store.load(directory / VECTORS, expected_meta=meta, mmap=mmap).arrays.get("vectors")
    shape = (meta["papers"], meta["semantic"]["dimension"])
    if vectors is None or vectors.shape != shape:
        raise IndexCorrupt(f"{directory / VECTORS} does not hold {shape[0]} vectors of {shape[1]} numbers")
    return matrices, vectors


def saved_vectors(directory: Path, model: dict[str, Any]) -> dict[bytes, np.ndarray]:
    """Text key -> vector from a saved (possibly stale) index built with ``model``; empty when
    there is none to reuse. Checksums are verified: a stale index is reused, a corrupt one never."""
    try:
        stored = store.load(directory / VECTORS, mmap=False, verify=True)
    except (OSError, ValueError, store.IndexUnusable):
        return {}
    vectors, keys = stored.arrays.get("vectors"), stored.arrays.get("keys")
    same_model = stored.meta.get("semantic") == canonical(model)
    if not same_model or vectors is None or keys is None or keys.shape != (len(vectors), 16):
        return {}
    return {bytes(key): vector for key, vector in zip(keys, vectors, strict=True)}


def read_manifest(directory: Path) -> dict[str, Any]:
    return read_json_object(directory / MANIFEST, "index manifest")


def describe_difference(found: dict[str, Any], expected: dict[str, Any]) -> str:
    keys = sorted(k for k in expected.keys() | found.keys() if found.get(k) != expected.get(k))
    return "different " + ", ".join(keys) if keys else "the same inputs"


def size_bytes(directory: Path) -> int:
    return sum(p.stat().st_size for p in directory.rglob("*") if p.is_file())
