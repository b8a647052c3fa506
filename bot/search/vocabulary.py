"""A read-only term -> id mapping held in four flat arrays, so it memory-maps and opens instantly.

A Python dict of a million terms takes ~0.5 s to rebuild at every start; these arrays are used
in place instead: the terms as one UTF-8 blob with offsets (id -> term), and a sorted table of
64-bit stable hashes (term -> candidate ids, confirmed against the blob, so collisions are harmless).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping, Sequence

import numpy as np


def stable_hash(term: str) -> int:
    """64-bit hash that is the same in every process (unlike ``hash``)."""
    return int.from_bytes(hashlib.blake2b(term.encode("utf-8"), digest_size=8).digest(), "little")


def vocabulary_arrays(terms: Sequence[str]) -> dict[str, np.ndarray]:
    encoded = [term.encode("utf-8") for term in terms]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum(np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded)), out=offsets[1:])
    hashes = np.fromiter(map(stable_hash, terms), dtype=np.uint64, count=len(terms))
    order = np.argsort(hashes, kind="stable")
    return {
        "term_blob": np.frombuffer(b"".join(encoded), dtype=np.uint8),
        "term_offsets": offsets,
        "term_hashes": hashes[order],
        "term_hash_ids": order.astype(np.int32),
    }


class Vocabulary(Mapping[str, int]):
    def __init__(self, arrays: Mapping[str, np.ndarray]) -> None:
        self._blob = arrays["term_blob"]
        self._offsets = arrays["term_offsets"]
        self._hashes = arrays["term_hashes"]
        self._ids = arrays["term_hash_ids"]

    @property
    def arrays(self) -> dict[str, np.ndarray]:
        return {
            "term_blob": self._blob,
            "term_offsets": self._offsets,
            "term_hashes": self._hashes,
            "term_hash_ids": self._ids,
        }

    def term(self, term_id: int) -> str:
        return bytes(self._blob[self._offsets[term_id] : self._offsets[term_id + 1]]).decode("utf-8")

    def terms(self, term_ids: Sequence[int]) -> list[str]:
        return [self.term(t) for t in term_ids]

    def lookup(self, terms: Sequence[str]) -> np.ndarray:
        """Id of each term, -1 for unknown ones (one vectorised search for the whole query)."""
        wanted = np.fromiter(map(stable_hash, terms), dtype=np.uint64, count=len(terms))
        at = np.minimum(np.searchsorted(self._hashes, wanted), max(len(self._hashes) - 1, 0))
        out = np.full(len(terms), -1, dtype=np.int64)
        if len(self._hashes) == 0:
            return out
        for i in np.flatnonzero(self._hashes[at] == wanted).tolist():
            out[i] = self._confirm(terms[i], int(at[i]), int(wanted[i]))
        return out

    def _confirm(self, term: str, at: int, hashed: int) -> int:
        """The id of ``term`` among the ids sharing its hash from position ``at`` on, or -1."""
        while at < len(self._hashes) and int(self._hashes[at]) == hashed:
            candidate = int(self._ids[at])
            if self.term(candidate) == term:
                return candidate
            at += 1
        return -1

    def __getitem__(self, term: str) -> int:
        if not isinstance(term, str):
            raise KeyError(term)
        found = int(self.lookup([term])[0])
        if found < 0:
            raise KeyError(term)
        return found

    def __iter__(self) -> Iterator[str]:
        return (self.term(t) for t in range(len(self)))

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def __contains__(self, term: object) -> bool:
        return isinstance(term, str) and self.lookup([term])[0] >= 0
