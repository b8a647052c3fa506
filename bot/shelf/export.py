"""Paper records as BibTeX and RIS, the formats reference managers import.

BibTeX is written with ``bibtexparser`` (v2) and its text encoded to LaTeX by ``pylatexenc``
(``é`` -> ``\\'e``, ``&`` -> ``\\&``), so an entry parses back, with the same two libraries, to
the record it came from. Entries follow arXiv's own "Export BibTeX Citation": ``@misc`` with
``eprint``, ``archivePrefix`` and ``primaryClass``; ``@article`` when a journal reference is
known. RIS is written with ``rispy``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import bibtexparser
import rispy
from bibtexparser import Library
from bibtexparser.model import Block, Entry, Field
from pylatexenc.latexencode import UnicodeToLatexEncoder

from bot.corpus.authors import NAME_PARTICLES
from bot.models import Paper

# pylatexenc's default rules escape BibTeX's specials too (& % $ # _ { } ~ ^ \\).
_ENCODER = UnicodeToLatexEncoder(
    replacement_latex_protection="braces-after-macro", unknown_char_policy="keep"
)
# A word whose capitals must survive a bibliography style that lower-cases titles: "GPT-4o",
# "LlamaRL", "MoE", "3D" (any capital after the first character, or a digit beside letters).
_KEEP_CASE = re.compile(r"^\S*?(?:\S[A-Z]|[A-Z]\S*\d|\d\S*[A-Z])\S*$")
_ORGANISATION = re.compile(r"\b(?:team|collaboration|consortium|group|lab|ai|inc)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Reference:
    """A paper and what a reference manager wants beyond the record (known for papers from arXiv)."""

    paper: Paper
    doi: str | None = None
    journal_ref: str | None = None


def latex(text: str) -> str:
    """Plain Unicode text as LaTeX that BibTeX and LaTeX read back unchanged."""
    return _ENCODER.unicode_to_latex(text)


def bibtex_title(title: str) -> str:
    """The title in LaTeX, with words whose case matters protected by braces."""
    return " ".join(f"{{{latex(word)}}}" if _KEEP_CASE.match(word) else latex(word) for word in title.split())


def bibtex_name(name: str) -> str:
    """ "Patrick von Platen" -> "von Platen, Patrick"; an organisation stays whole, in braces."""
    words = name.split()
    if len(words) < 2 or _ORGANISATION.search(name):
        return f"{{{latex(name)}}}"
    surname_from = len(words) - 1
    while surname_from > 1 and words[surname_from - 1].casefold() in NAME_PARTICLES:
        surname_from -= 1
    return f"{latex(' '.join(words[surname_from:]))}, {latex(' '.join(words[:surname_from]))}"


def citation_keys(papers: Sequence[Paper]) -> list[str]:
    """``surname + year + first title word`` ("jiang2023mistral"), unique within the export."""
    keys: list[str] = []
    taken: set[str] = set()
    for paper in papers:
        base = _key_base(paper)
        key, suffix = base, 0
        while key in taken:
            suffix += 1
            key = f"{base}{_letters(suffix)}"
        taken.add(key)
        keys.append(key)
    return keys


def to_bibtex(references: Iterable[Reference], *, abstracts: bool = True) -> str:
    references = list(references)
    keys = citation_keys([r.paper for r in references])
    entries: list[Block] = [_entry(key, ref, abstracts) for key, ref in zip(keys, references, strict=True)]
    return bibtexparser.write_string(Library(entries)) if entries else ""


def to_ris(references: Iterable[Reference], *, abstracts: bool = True) -> str:
    records = [_ris_record(ref, abstracts) for ref in references]
    return rispy.dumps(records) if records else ""


def _entry(key: str, reference: Reference, abstracts: bool) -> Entry:
    paper = reference.paper
    fields = [("title", bibtex_title(paper.title))]
    if paper.authors:
        fields.append(("author", " and ".join(bibtex_name(name) for name in paper.authors)))
    if paper.year is not None:
        fields.append(("year", str(paper.year)))
    if reference.journal_ref:
        fields.append(("journal", latex(reference.journal_ref)))
    if paper.arxiv_id:
        fields += [("eprint", paper.arxiv_id), ("archivePrefix", "arXiv")]
        if paper.category:
            fields.append(("primaryClass", paper.category))
    if reference.doi:
        fields.append(("doi", reference.doi))
    if paper.url:
        fields.append(("url", paper.url))
    if abstracts and paper.abstract:
        fields.append(("abstract", latex(paper.abstract)))
    # bibtexparser encloses each value in braces as it writes.
    return Entry("article" if reference.journal_ref else "misc", key, [Field(n, v) for n, v in fields])


def _ris_record(reference: Reference, abstracts: bool) -> dict[str, object]:
    paper = reference.paper
    record: dict[str, object] = {"type_of_reference": "JOUR" if reference.journal_ref else "UNPB"}
    record["title"] = paper.title
    if paper.authors:
        record["authors"] = list(paper.authors)
    if paper.year is not None:
        record["year"] = str(paper.year)
    when = paper.published or paper.updated
    if when is not None:
        record["date"] = when.strftime("%Y/%m/%d")
    if reference.journal_ref:
        record["journal_name"] = reference.journal_ref
    if reference.doi:
        record["doi"] = reference.doi
    if paper.url:
        record["urls"] = [paper.url]
    if paper.arxiv_id:
        record["notes"] = [f"arXiv:{paper.arxiv_id}" + (f" [{paper.category}]" if paper.category else "")]
    if paper.all_categories:
        record["keywords"] = list(paper.all_categories)
    if abstracts and paper.abstract:
        record["abstract"] = paper.abstract
    return record


def _key_base(paper: Paper) -> str:
    surname = _ascii_word(paper.authors[0].split()[-1]) if paper.authors else ""
    year = str(paper.year) if paper.year is not None else ""
    title_word = next((w for w in (_ascii_word(w) for w in paper.title.split()) if len(w) > 3), "")
    base = f"{surname}{year}{title_word}"
    return base or _ascii_word(paper.arxiv_id or paper.id) or "paper"


def _ascii_word(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", folded.casefold())


def _letters(number: int) -> str:
    """1 -> a, 26 -> z, 27 -> aa: the suffix of a repeated key."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters
