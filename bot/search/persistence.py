"""A paper index on disk: one folder per field matrix plus a manifest of what it was built from.

Saving writes a sibling temporary folder and swaps it in, so a crash mid-save leaves the previous
index (or none), never a mixture. Loading compares the manifest with what the caller would build
today; any difference (corpus, analyzer, k1/b, fields, format) makes the index unusable.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from bot.search.matrix import BM25Matrix
from bot.search.store import IndexCorrupt, IndexStale, canonical

MANIFEST = "paper-index.json"
FORMAT = 1


def save(matrices: dict[str, BM25Matrix], directory: Path, meta: dict[str, Any]) -> None:
    directory.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{directory.name}.new-", dir=directory.parent))
    try:
        for name, matrix in matrices.items():
            matrix.save(staging / name, meta=meta)
        manifest = {"format": FORMAT, **meta}
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True), encoding="utf-8")
        _swap_in(staging, directory)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def load(directory: Path, meta: dict[str, Any], *, mmap: bool = True) -> dict[str, BM25Matrix]:
    expected = {"format": FORMAT, **canonical(meta)}
    found = read_manifest(directory)
    if found != expected:
        raise IndexStale(f"{directory} was built from {describe_difference(found, expected)}")
    return {
        name: BM25Matrix.load(directory / name, expected_meta=meta, mmap=mmap) for name in expected["fields"]
    }


def read_manifest(directory: Path) -> dict[str, Any]:
    path = directory / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise IndexCorrupt(f"no index at {directory}") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise IndexCorrupt(f"{path} is unreadable ({exc})") from None
    if not isinstance(manifest, dict):
        raise IndexCorrupt(f"{path} is not an index manifest")
    return manifest


def describe_difference(found: dict[str, Any], expected: dict[str, Any]) -> str:
    keys = sorted(k for k in expected.keys() | found.keys() if found.get(k) != expected.get(k))
    return "different " + ", ".join(keys) if keys else "the same inputs"


def size_bytes(directory: Path) -> int:
    return sum(p.stat().st_size for p in directory.rglob("*") if p.is_file())


def _swap_in(staging: Path, directory: Path) -> None:
    if directory.exists():
        retired = Path(tempfile.mkdtemp(prefix=f".{directory.name}.old-", dir=directory.parent))
        os.replace(directory, retired / directory.name)
        os.replace(staging, directory)
        shutil.rmtree(retired, ignore_errors=True)
    else:
        os.replace(staging, directory)
