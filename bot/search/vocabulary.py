"""A read-only term -> id mapping held in four flat arrays, so it memory-maps and opens instantly.

A Python dict of a million terms takes ~0.5 s to rebuild at every start; these arrays are used
in place instead: the terms as one UTF-8 blob with offsets (id -> term), and a sorted table of
64-bit stable hashes (term -> candidate ids, confirmed against the blob, so collisions are harmless).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping, Sequence

import numpy as np

ARRAYS = ("term_blob", "term_offsets", "term_hashes", "term_hash_ids")


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

    @classmethod
    def from_terms(cls, terms: Sequence[str]) -> Vocabulary:
        return cls(vocabulary_arrays(terms))

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
        out = np.full(len(terms), -1, dtype=np.int64)
        starts = np.searchsorted(self._hashes, wanted).tolist()
        for i, (term, start) in enumerate(zip(terms, starts, strict=True)):
            at = start
            while at < len(self._hashes) and self._hashes[at] == wanted[i]:
                candidate = int(self._ids[at])
                if self.term(candidate) == term:
                    out[i] = candidate
                    break
                at += 1
        return out

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
