"""Provisional titles for papers that no source names: a short phrase lifted from the abstract.

"This document consolidates publicly reported technical details about Metas Llama 4 model
family. ..." becomes "Publicly reported technical details about Metas Llama 4 model family":
the first sentence, without its "we present"-style opening, cut at a clause boundary.
"""

from __future__ import annotations

import re

MAX_WORDS = 12
_FIRST_SENTENCE = re.compile(r"(.+?[.!?])(?:\s+[A-Z(]|$)")
_OPENING = re.compile(
    r"^(?:(?:in|with)\s+this\s+(?:paper|work|report|document|study|note|article)\s*,?\s*)?"
    r"(?:(?:we|this\s+(?:paper|work|report|document|study|note|article|manuscript))\s+)"
    r"(?:(?:first|also|further|then|here)\s+)?"
    r"(?:present|presents|introduce|introduces|propose|proposes|describe|describes|study|studies|"
    r"consolidate|consolidates|investigate|investigates|report|reports|develop|develops|consider|considers|"
    r"summarize|summarizes|show|shows|provide|provides|explore|explores|analyze|analyzes|point out|points out)\s+",
    re.IGNORECASE,
)
_CLAUSE = re.compile(r"[,;:(]|\s(?:which|that|where|while|whose)\s|\s--?\s")
_TRAILING_FILLER = {"a", "an", "the", "of", "for", "and", "or", "to", "in", "on", "with", "by", "via", "at"}


def provisional_title(abstract: str) -> str:
    """A readable title-like phrase from ``abstract`` ("Untitled abstract" if it has no words)."""
    match = _FIRST_SENTENCE.match(abstract)
    sentence = (match.group(1) if match else abstract).rstrip(".!? ")
    phrase = _OPENING.sub("", sentence, count=1) or sentence
    clause = _CLAUSE.search(phrase)
    if clause and len(phrase[: clause.start()].split()) >= 3:
        phrase = phrase[: clause.start()]
    tokens = phrase.split()
    cut = len(tokens) > MAX_WORDS
    tokens = tokens[:MAX_WORDS]
    while len(tokens) > 1 and tokens[-1].lower() in _TRAILING_FILLER:
        tokens.pop()
    if not tokens:
        return "Untitled abstract"
    title = " ".join(tokens)
    return title[0].upper() + title[1:] + ("…" if cut else "")
