"""Text -> index terms, identical for papers and queries.

Steps: NFKC, accent folding (``Héliou`` -> ``heliou``), case folding, LaTeX remnants reduced to their
words (``pass@$k$`` -> ``pass@k``, ``$\\alpha$`` -> ``alpha``), then tokens. A token joined by hyphens
or ``@`` (``GPT-4o``, ``Pixtral-12B``, ``pass@k``, ``pre-trained``) yields its joined form (``gpt4o``,
``pretrain``) so that spelling variants meet, plus its parts (``gpt``, ``4o``) so that ``GPT 4o`` and
``long context`` still match. Decimals stay whole (``7.6%`` -> ``7.6``); sizes stay one token
(``405B`` -> ``405b``). Stop words go, single letters go, and words without digits are stemmed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

import Stemmer

from bot.search.settings import AnalyzerSettings
from bot.search.stopwords import LISTS

# Bump when a change to this module changes the terms of some text: saved indexes then rebuild.
ANALYZER_VERSION = 2

# Letters that Unicode does not decompose into base + accent.
_UNDECOMPOSABLE = str.maketrans({"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ı": "i"})

# Formatting commands carry no meaning; other commands (\alpha, \log) are kept as words.
_LATEX_FORMATTING = re.compile(
    r"\\(?:math[a-z]*|text[a-z]*|emph|operatorname|left|right|big+[lr]?|Big+[lr]?|cite[a-z]*|ref|"
    r"label|url|href|displaystyle|scriptstyle|mbox|hbox|boldsymbol|bm|rm|it|bf|tt|sf|cal)\b"
)
_LATEX_COMMAND = re.compile(r"\\([a-zA-Z]+)")
_LATEX_DROP = str.maketrans("", "", "${}")

# A chunk is a run of letters/digits, with decimals kept whole; compounds join chunks with - or @.
_CHUNK = r"[^\W_]+(?:\.\d+)*"
_COMPOUND = re.compile(rf"{_CHUNK}(?:[-‐‑@]+{_CHUNK})*")
_SEPARATOR = re.compile(r"[-‐‑@]+")


def fold(text: str, *, accents: bool = True) -> str:
    """NFKC, optional accent stripping, and case folding: the matching form of any text."""
    text = unicodedata.normalize("NFKC", text)
    if accents and not text.isascii():
        text = text.translate(_accent_table(text))
    return text.casefold()


# Character -> its letters without accents, grown as new characters are met (a handful per corpus).
_ACCENTLESS: dict[int, str] = {}


def _accent_table(text: str) -> dict[int, str]:
    for char in set(text):
        code = ord(char)
        if code > 127 and code not in _ACCENTLESS:
            decomposed = unicodedata.normalize("NFKD", char.translate(_UNDECOMPOSABLE))
            _ACCENTLESS[code] = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _ACCENTLESS


def strip_latex(text: str) -> str:
    # The fast path must skip only text the translation below would leave unchanged (a lone "}"
    # is dropped too), or a word's terms would depend on the rest of the text.
    if "\\" not in text and "$" not in text and "{" not in text and "}" not in text:
        return text
    text = _LATEX_FORMATTING.sub("", text)
    text = _LATEX_COMMAND.sub(r" \1 ", text)
    return text.translate(_LATEX_DROP)


class Analyzer:
    """Configured once from ``AnalyzerSettings``; ``analyze`` is pure and safe to share between threads."""

    # Distinct tokens remembered with their terms; the memo is dropped when it grows past this.
    MEMO_SIZE = 500_000

    def __init__(self, settings: AnalyzerSettings | None = None) -> None:
        self.settings = settings or AnalyzerSettings()
        self._stop = LISTS[self.settings.stopwords]
        name = self.settings.stemmer
        self._stemmer = None if name == "none" else Stemmer.Stemmer(name)
        self._memo: dict[str, tuple[str, ...]] = {}

    def analyze(self, text: str) -> list[str]:
        """Index terms of ``text``, in order (duplicates kept: term frequency matters)."""
        cleaned = strip_latex(fold(text, accents=self.settings.fold_accents))
        memo = self._memo
        if len(memo) > self.MEMO_SIZE:
            memo.clear()
        terms: list[str] = []
        for token in _COMPOUND.findall(cleaned):
            found = memo.get(token)
            if found is None:
                found = memo[token] = tuple(self._stem(word) for word in self._words(token))
            terms.extend(found)
        return terms

    def _words(self, token: str) -> Iterator[str]:
        """Unstemmed terms of one token: joined form and parts; stop words and single letters removed."""
        parts = [p for p in _SEPARATOR.split(token) if p]
        if len(parts) > 1:
            # Stop words inside a compound are still part of its name ("state-of-the-art").
            yield from self._keep("".join(parts))
            if not self.settings.compound_parts:
                return
        for part in parts:
            yield from self._keep(part)

    def _keep(self, word: str) -> Iterator[str]:
        if (len(word) > 1 or word.isdigit()) and word not in self._stop:
            yield word

    def _stem(self, word: str) -> str:
        return word if self._stemmer is None or not word.isalpha() else self._stemmer.stemWord(word)
