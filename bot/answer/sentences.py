"""Split an abstract into sentences without breaking "e.g.", "vs.", initials, decimals or LaTeX.

A boundary is sentence punctuation, optional closing quotes/brackets, whitespace, and then something
that can start a sentence. Candidates are rejected when the word before the dot is a known
abbreviation or a single initial ("Albert Q. Jiang"), or when the dot sits inside ``$...$`` math.
"""

from __future__ import annotations

import re

# Lower-cased, without the final dot. "al" covers "et al.", "vs" covers "vs." in "validate vs. answer".
_ABBREVIATED = """e.g i.e vs cf al etc fig figs eq eqs sec ref refs approx resp no nos dr mr mrs ms prof st
vol pp ch app tab def thm lem prop cor ex viz ca incl esp"""
ABBREVIATIONS = frozenset(_ABBREVIATED.split())

_BOUNDARY = re.compile(r"[.!?]+[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9]|\$|\\)")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")
_MATH = re.compile(r"\$[^$]*\$")


def split_sentences(text: str) -> list[str]:
    """Sentences of ``text`` in order, whitespace-normalised; empty input gives an empty list."""
    text = " ".join(text.split())
    if not text:
        return []
    math_spans = [m.span() for m in _MATH.finditer(text)]
    sentences: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        if _inside(match.start(), math_spans) or _ends_with_abbreviation(text[start : match.start() + 1]):
            continue
        sentence = text[start : match.end()].strip()
        if sentence:
            sentences.append(sentence)
        start = match.end()
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(low < position < high for low, high in spans)


def _ends_with_abbreviation(chunk: str) -> bool:
    """True when the dot ending ``chunk`` belongs to an abbreviation or an initial, not a sentence."""
    if not chunk.endswith("."):
        return False
    match = _WORD_BEFORE.search(chunk)
    if not match:
        return False
    word = match.group(1)
    if len(word) == 1 and word.isupper():
        return True  # an initial: "Albert Q. Jiang"
    return word.lower().rstrip(".") in ABBREVIATIONS
