"""Persistence of a BM25 matrix: one .npy file per array plus a JSON header, swapped in atomically.

Layout of an index directory::

    matrix.json   format version, matrix parameters, the caller's meta (e.g. corpus checksum),
                  dtype/shape/digests of every array, and a digest of this header itself
    <name>.npy    one file per array, loaded with np.load(mmap_mode="r") so that processes share
                  one copy through the page cache and start without reading the arrays

Integrity checks on load, cheapest first: format version and caller meta (IndexStale); header
digest, presence, size, dtype and shape of every file, and a digest of 64
evenly spaced 4 KiB blocks of each array (IndexCorrupt). ``verify=True`` also hashes every byte,
which reads the whole index (~1 s per GB), so it is not the default for a memory-mapped load.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np

FORMAT_VERSION = 1
HEADER_FILE = "matrix.json"
_SAMPLE_BLOCKS = 64
_BLOCK = 4096


class IndexUnusable(Exception):
    """A saved index cannot be used as is; the caller should rebuild it."""


class IndexStale(IndexUnusable):
    """The index is intact but was built by another format version or from other inputs."""


class IndexCorrupt(IndexUnusable):
    """The index files are missing, truncated or altered."""


@dataclass(frozen=True, slots=True)
class Stored:
    arrays: dict[str, np.ndarray]
    header: dict[str, Any]  # what the matrix wrote about itself (parameters)
    meta: dict[str, Any]  # what the caller wrote (e.g. the corpus checksum)


def save(
    directory: Path,
    arrays: Mapping[str, np.ndarray],
    header: Mapping[str, Any],
    meta: Mapping[str, Any],
) -> None:
    """Write everything to a sibling temporary directory, then swap it in place of ``directory``."""
    directory = Path(directory)
    directory.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{directory.name}.new-", dir=directory.parent))
    try:
        described = {name: _write_array(staging / f"{name}.npy", array) for name, array in arrays.items()}
        content = {
            "format_version": FORMAT_VERSION,
            "header": dict(header),
            "meta": canonical(meta),
            "arrays": described,
        }
        document = {**content, "checksum": _digest(_canonical_bytes(content))}
        _write_bytes(staging / HEADER_FILE, json.dumps(document, indent=1, sort_keys=True).encode("utf-8"))
        _fsync_directory(staging)
        _swap_in(staging, directory)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def load(
    directory: Path,
    *,
    expected_meta: Mapping[str, Any] | None = None,
    mmap: bool = True,
    verify: bool = False,
) -> Stored:
    """Read an index written by :func:`save`; raises IndexStale or IndexCorrupt when unusable."""
    directory = Path(directory)
    document = _read_header(directory)
    if expected_meta is not None and document["meta"] != canonical(expected_meta):
        raise IndexStale(
            f"{directory} was built from other inputs ({_difference(document['meta'], expected_meta)})"
        )
    arrays = {
        name: _read_array(directory / f"{name}.npy", spec, mmap=mmap, verify=verify)
        for name, spec in document["arrays"].items()
    }
    return Stored(arrays=arrays, header=document["header"], meta=document["meta"])


def canonical(value: Mapping[str, Any]) -> dict[str, Any]:
    """``value`` as it comes back from JSON (tuples become lists), for comparisons."""
    return json.loads(json.dumps(dict(value), sort_keys=True))


# -- reading ------------------------------------------------------------------------------------


def read_json_object(path: Path, what: str) -> dict[str, Any]:
    """The JSON object in ``path``; IndexCorrupt (never a raw error) when missing, unreadable or not
    an object. ``what`` names the file in messages ("index header", "index manifest")."""
    try:
        document = json.loads(path.read_bytes())
    except FileNotFoundError:
        raise IndexCorrupt(f"no index at {path.parent} ({path.name} missing)") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise IndexCorrupt(f"{path} is unreadable ({exc})") from None
    if not isinstance(document, dict):
        raise IndexCorrupt(f"{path} is not an {what}")
    return document


def _read_header(directory: Path) -> dict[str, Any]:
    path = directory / HEADER_FILE
    document = read_json_object(path, "index header")
    version = document.get("format_version")
    if version != FORMAT_VERSION:
        raise IndexStale(f"{directory} has index format {version!r}, this version reads {FORMAT_VERSION}")
    content = {key: value for key, value in document.items() if key != "checksum"}
    try:
        intact = document.get("checksum") == _digest(_canonical_bytes(content))
        intact = intact and all(isinstance(document[key], dict) for key in ("header", "meta", "arrays"))
    except (KeyError, TypeError, ValueError):
        intact = False
    if not intact:
        raise IndexCorrupt(f"{path} does not match its checksum")
    return document


def _read_array(path: Path, spec: Mapping[str, Any], *, mmap: bool, verify: bool) -> np.ndarray:
    shape = tuple(spec["shape"])
    try:
        # An empty array cannot be memory-mapped; there is nothing to share anyway.
        mode: Literal["r"] | None = "r" if mmap and np.prod(shape) > 0 else None
        array = np.load(path, mmap_mode=mode, allow_pickle=False)
    except (OSError, ValueError, EOFError) as exc:
        raise IndexCorrupt(f"{path} is unreadable ({exc})") from None
    if str(array.dtype) != spec["dtype"] or array.shape != shape:
        raise IndexCorrupt(
            f"{path} holds {array.dtype}{list(array.shape)}, expected {spec['dtype']}{list(shape)}"
        )
    if _sample_digest(array) != spec["sample"] or (verify and _digest(array) != spec["digest"]):
        raise IndexCorrupt(f"{path} does not match its checksum")
    # A plain ndarray over the same mapping: np.memmap's Python-level indexing costs microseconds.
    return array.view(np.ndarray)


# -- writing ------------------------------------------------------------------------------------


def _write_array(path: Path, array: np.ndarray) -> dict[str, Any]:
    array = np.ascontiguousarray(array)
    with path.open("wb") as handle:
        np.save(handle, array, allow_pickle=False)
        handle.flush()
        os.fsync(handle.fileno())
    return {
        "dtype": str(array.dtype),
        "shape": list(array.shape),
        "digest": _digest(array),
        "sample": _sample_digest(array),
    }


def _write_bytes(path: Path, data: bytes) -> None:
    with path.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _fsync_directory(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _swap_in(staging: Path, directory: Path) -> None:
    """Replace ``directory`` by ``staging``; readers see the old index, then the new one."""
    if directory.exists():
        retired = Path(tempfile.mkdtemp(prefix=f".{directory.name}.old-", dir=directory.parent))
        os.replace(directory, retired / directory.name)
        os.replace(staging, directory)
        shutil.rmtree(retired, ignore_errors=True)
    else:
        os.replace(staging, directory)


# -- digests ------------------------------------------------------------------------------------


def _digest(data: bytes | np.ndarray) -> str:
    return hashlib.blake2b(_as_bytes(data), digest_size=16).hexdigest()


def _sample_digest(array: np.ndarray) -> str:
    """Digest of 64 evenly spaced blocks (the last one included): cheap even when memory-mapped."""
    raw = _as_bytes(array)
    hasher = hashlib.blake2b(digest_size=16)
    hasher.update(str(len(raw)).encode())
    if len(raw) <= _SAMPLE_BLOCKS * _BLOCK:
        hasher.update(raw)
    else:
        for start in np.linspace(0, len(raw) - _BLOCK, _SAMPLE_BLOCKS, dtype=np.int64).tolist():
            hasher.update(raw[start : start + _BLOCK])
    return hasher.hexdigest()


def _as_bytes(data: bytes | np.ndarray) -> memoryview:
    if isinstance(data, np.ndarray):
        # ``.data`` is the array's own buffer (no copy), typed as memoryview for every Python.
        return np.ascontiguousarray(data).reshape(-1).view(np.uint8).data
    return memoryview(data)


def _canonical_bytes(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, ensure_ascii=False).encode("utf-8")


def _difference(found: Mapping[str, Any], expected: Mapping[str, Any]) -> str:
    expected = canonical(expected)
    keys = sorted(k for k in found.keys() | expected.keys() if found.get(k) != expected.get(k))
    return "differs in " + ", ".join(map(str, keys))
