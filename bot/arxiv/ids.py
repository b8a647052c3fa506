"""arXiv identifiers as users write them: bare ids, ``arXiv:`` prefixes, abs/pdf/html links, old style.

Two schemes exist (https://info.arxiv.org/help/arxiv_identifier.html): ``YYMM.NNNN`` (April 2007 to
December 2014) and ``YYMM.NNNNN`` (from January 2015), and before April 2007 ``archive/YYMMNNN``,
sometimes written with a subject class (``math.GT/0309136``), which is not part of the identifier.
A ref is only checked for shape, as arXiv does: whether the paper exists is the API's answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The archives of the old scheme; anything else before the slash is not an arXiv id.
OLD_ARCHIVES = frozenset(
    [
        "acc-phys",
        "adap-org",
        "alg-geom",
        "ao-sci",
        "astro-ph",
        "atom-ph",
        "bayes-an",
        "chao-dyn",
        "chem-ph",
        "cmp-lg",
        "comp-gas",
        "cond-mat",
        "cs",
        "dg-ga",
        "funct-an",
        "gr-qc",
        "hep-ex",
        "hep-lat",
        "hep-ph",
        "hep-th",
        "math",
        "math-ph",
        "mtrl-th",
        "nlin",
        "nucl-ex",
        "nucl-th",
        "patt-sol",
        "physics",
        "plasm-ph",
        "q-alg",
        "q-bio",
        "quant-ph",
        "solv-int",
        "supr-con",
    ]
)

_NEW = re.compile(r"(?P<yymm>\d{4})\.(?P<number>\d{4,5})(?:v(?P<version>\d{1,3}))?")
_OLD = re.compile(
    r"(?P<archive>[a-z]+(?:-[a-z]+)?)(?:\.[A-Za-z]{2}(?:-[a-z]+)?)?/(?P<yymm>\d{4})(?P<number>\d{3})"
    r"(?:v(?P<version>\d{1,3}))?"
)
# Links: arxiv.org, www.arxiv.org, export.arxiv.org; /abs/, /pdf/ (optionally .pdf), /html/, /format/.
_LINK = re.compile(
    r"(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html|format)/(?P<rest>[^\s?#]+)",
    re.IGNORECASE,
)
_NO_VERSION = {"0", "00", "000"}  # versions count from 1
_PREFIX = re.compile(r"arxiv:\s*", re.IGNORECASE)
# Separators between refs in one message, and wrapping a user may type around one (<link>, (id), "id").
_SEPARATORS = re.compile(r"[\s,;]+")
_WRAPPING = "<>()[]{}\"'`.!?"


@dataclass(frozen=True, slots=True)
class ArxivRef:
    """One paper on arXiv, possibly one version of it."""

    id: str  # canonical, no version: "2507.13264" or "hep-th/9901001"
    version: int | None = None

    def __str__(self) -> str:
        """How arXiv's ``id_list`` wants it: ``2507.13264v2``, or the bare id for the latest version."""
        return f"{self.id}v{self.version}" if self.version else self.id

    @property
    def url(self) -> str:
        return f"https://arxiv.org/abs/{self}"


def parse_ref(text: str) -> ArxivRef | None:
    """The ref ``text`` names, or None when it is not an arXiv id or link."""
    token = text.strip().strip(_WRAPPING)
    link = _LINK.fullmatch(token)
    if link:
        token = link.group("rest").rstrip("/")
        if token.lower().endswith(".pdf"):
            token = token[:-4]
    else:
        token = _PREFIX.sub("", token, count=1) if _PREFIX.match(token) else token
    return _new_style(token) or _old_style(token)


def parse_refs(text: str) -> tuple[list[ArxivRef], list[str]]:
    """Every ref in a message (spaces, commas, newlines between them), first mention kept, and the
    tokens that are not refs, in order. ``arXiv: 2507.13264`` (a space after the colon) counts once."""
    refs: list[ArxivRef] = []
    rejected: list[str] = []
    seen: set[str] = set()
    tokens = [t for t in _SEPARATORS.split(_PREFIX.sub("arXiv:", text)) if t.strip(_WRAPPING)]
    for token in tokens:
        ref = parse_ref(token)
        if ref is None:
            rejected.append(token)
        elif ref.id not in seen:
            seen.add(ref.id)
            refs.append(ref)
    return refs, rejected


def is_valid_id(arxiv_id: str) -> bool:
    """Whether ``arxiv_id`` (no version) has the shape of a canonical arXiv id."""
    ref = parse_ref(arxiv_id)
    return ref is not None and ref.id == arxiv_id and ref.version is None


def _new_style(token: str) -> ArxivRef | None:
    match = _NEW.fullmatch(token)
    if not match or not _real_month(match.group("yymm")) or match.group("version") in _NO_VERSION:
        return None
    # Like arXiv, shape only: 0808.05394 (five digits before 2015) is well-formed, and simply missing.
    return ArxivRef(f"{match.group('yymm')}.{match.group('number')}", _version(match.group("version")))


def _old_style(token: str) -> ArxivRef | None:
    match = _OLD.fullmatch(token)
    if (
        not match
        or match.group("archive") not in OLD_ARCHIVES
        or not _real_month(match.group("yymm"))
        or match.group("version") in _NO_VERSION
    ):
        return None
    arxiv_id = f"{match.group('archive')}/{match.group('yymm')}{match.group('number')}"
    return ArxivRef(arxiv_id, _version(match.group("version")))


def _real_month(yymm: str) -> bool:
    return 1 <= int(yymm[2:]) <= 12


def _version(text: str | None) -> int | None:
    return int(text) if text else None
