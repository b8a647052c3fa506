"""Text clean-up shared by every input format: whitespace, LaTeX, and comparison keys.

LaTeX policy (what a reader of a Discord message or a terminal sees):
- Hard line breaks and runs of spaces collapse to one space (exports wrap at ~80 columns).
- Text-mode escapes and accents become characters: ``\\%`` -> ``%``, ``Bal\\'azs`` -> ``Balázs``,
  ``\\emph{x}`` -> ``x``.
- A math segment made only of simple symbols is flattened: ``4.64$\\times$`` -> ``4.64×``,
  ``$k$`` -> ``k``, ``BYOL-$\\Pi$`` -> ``BYOL-Π``, ``$A=r-V$`` -> ``A=r-V``, ``E$^3$Net`` -> ``E³Net``.
- Anything richer (``$\\mathcal{O}(\\exp(-a\\sum_{j=1}^{t}γ_{j}))$``) is kept verbatim, dollars
  included: it is what arXiv itself shows, researchers read it fluently, and a half-converted
  formula would be wrong in a way the reader cannot see.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

_WORD = re.compile(r"\w+")
# Pandoc's rule tells math from prices: no space inside either dollar, no digit right after the closing one.
_MATH = re.compile(r"\$(?!\s)([^$]{1,200}?)(?<!\s)\$(?!\d)")
_COMMAND = re.compile(r"\\([A-Za-z]+)")
_STYLE = re.compile(
    r"\\(?:emph|textit|textbf|texttt|textsc|textrm|text|mathrm|mathtt|mathbf|mathit|mathsf|boldsymbol|"
    r"operatorname|url|mbox)\{([^{}]*)\}"
)
_SCRIPT = re.compile(r"([\^_])(?:\{([0-9+\-=()n]+)\}|([0-9n]))")
_SUPERSCRIPTS = str.maketrans("0123456789+-=()n", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿ")
_SUBSCRIPTS = str.maketrans("0123456789+-=()n", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₙ")
_ESCAPED = re.compile(r"\\([%&_#$])")
# \'a, \'{a}, {\'a}, \"o, \c{c}, \v{s}: an accent command followed by one letter.
_ACCENT = re.compile(r"\{?\\([`'^\"~=.]|[cvuHk](?=[{ ]))\s*\{?([A-Za-z]|\\i)\}?\}?")
_BARE_MATH = re.compile(r"[\w\s=+\-−<>≤≥≈~×·±∞→←↔∼′%().,/|:;!?'*@&\[\]\u0370-\u03ff\u2100-\u22ff]*")

_ACCENT_MARKS = {
    "`": "\u0300",
    "'": "\u0301",
    "^": "\u0302",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    '"': "\u0308",
    "H": "\u030b",
    "v": "\u030c",
    "u": "\u0306",
    "c": "\u0327",
    "k": "\u0328",
}

_GREEK_NAMES = (
    "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi pi rho sigma tau "
    "upsilon phi chi psi omega"
)
_GREEK = _GREEK_NAMES.split()


def _greek(case: str, name: str) -> str:
    return unicodedata.lookup(f"GREEK {case} LETTER {name.upper().replace('LAMBDA', 'LAMDA')}")


_SYMBOLS: dict[str, str] = {name: _greek("SMALL", name) for name in _GREEK}
_SYMBOLS.update({name.title(): _greek("CAPITAL", name) for name in _GREEK})
_SYMBOLS.update(
    {
        "varepsilon": "ε",
        "vartheta": "ϑ",
        "varphi": "φ",
        "times": "×",
        "cdot": "·",
        "pm": "±",
        "mp": "∓",
        "leq": "≤",
        "le": "≤",
        "geq": "≥",
        "ge": "≥",
        "neq": "≠",
        "ne": "≠",
        "approx": "≈",
        "sim": "∼",
        "simeq": "≃",
        "propto": "∝",
        "infty": "∞",
        "to": "→",
        "rightarrow": "→",
        "leftarrow": "←",
        "Rightarrow": "⇒",
        "ell": "ℓ",
        "partial": "∂",
        "nabla": "∇",
        "in": "∈",
        "sqrt": "√",
        "circ": "∘",
        "prime": "′",
        "ldots": "…",
        "dots": "…",
        "cdots": "⋯",
    }
)


def collapse(text: str) -> str:
    """One space between words, no leading/trailing blanks (hard line breaks become spaces)."""
    if text.isprintable() and "  " not in text:
        return text.strip()  # the common case, ~10x cheaper than re-joining
    return " ".join(text.split())


def clean(text: str) -> str:
    """Readable single-line text from raw (possibly LaTeX, possibly hard-wrapped) input."""
    text = collapse(text)
    if "\\" in text or "$" in text:
        text = _latex_to_text(text)
    return text


def _latex_to_text(text: str) -> str:
    text = _STYLE.sub(r"\1", text)
    text = _ACCENT.sub(_accent, text)
    text = _MATH.sub(_flatten_math, text)
    return _ESCAPED.sub(r"\1", text)


def _accent(match: re.Match[str]) -> str:
    letter = "ı" if match.group(2) == "\\i" else match.group(2)
    return unicodedata.normalize("NFC", letter + _ACCENT_MARKS[match.group(1)])


def _flatten_math(match: re.Match[str]) -> str:
    inner = _SCRIPT.sub(_script, match.group(1))
    flat = _COMMAND.sub(lambda m: _SYMBOLS.get(m.group(1), m.group(0)), inner).strip()
    if "\\" in flat or not _BARE_MATH.fullmatch(flat):
        return match.group(0)
    return flat


def _script(match: re.Match[str]) -> str:
    table = _SUPERSCRIPTS if match.group(1) == "^" else _SUBSCRIPTS
    return (match.group(2) or match.group(3)).translate(table)


def words(text: str) -> list[str]:
    """Lower-case word tokens: the comparison form of a text (case, punctuation, spacing ignored)."""
    return _WORD.findall(text.casefold())


def comparison_key(text: str) -> str:
    return " ".join(words(text))


def short_hash(text: str, size: int = 6) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=size).hexdigest()


def shingles(tokens: list[str], size: int = 3) -> frozenset[tuple[str, ...]]:
    if len(tokens) < size:
        return frozenset({tuple(tokens)}) if tokens else frozenset()
    return frozenset(tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


def overlap(a: frozenset[tuple[str, ...]], b: frozenset[tuple[str, ...]]) -> float:
    """Overlap coefficient |A∩B| / min(|A|, |B|).

    Chosen over Jaccard because the duplicates met in practice are one abstract edited at its end
    (a reworded last sentence) or truncated: the Gemini pair in the seeds shares 92% of the
    smaller set of word 3-shingles but only 77% of the union.
    """
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))
