"""BibTeX and RIS exports parse back, with the same libraries, to the papers they were made from."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import bibtexparser
import pytest
import rispy
from bibtexparser.middlewares import LatexDecodingMiddleware

from bot.corpus import load_corpus
from bot.corpus.settings import CorpusSettings
from bot.models import Paper
from bot.shelf.export import Reference, bibtex_name, bibtex_title, citation_keys, to_bibtex, to_ris

VOXTRAL = Paper(
    id="2507.13264",
    title="Voxtral: GPT-4o-level speech & 50% of LlamaRL",
    abstract="We reach 40 minutes of audio; α_i {braces} cost $5 #1 ~ 100%.",
    authors=("Dirk Wübben", "Patrick von Platen", "Mistral-AI Team", "Adrian Del Maestro"),
    arxiv_id="2507.13264",
    published=date(2025, 7, 17),
    category="cs.CL",
    categories=("cs.CL", "cs.SD"),
)


def parse_bibtex(text: str) -> bibtexparser.Library:
    library = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])
    assert not library.failed_blocks, [block.error for block in library.failed_blocks]
    return library


def fields(entry: bibtexparser.model.Entry) -> dict[str, str]:
    return {key: field.value for key, field in entry.fields_dict.items()}


def test_an_arxiv_paper_is_a_misc_entry_with_eprint_archive_prefix_and_primary_class() -> None:
    (entry,) = parse_bibtex(to_bibtex([Reference(VOXTRAL)])).entries
    assert entry.entry_type == "misc"
    assert entry.key == "wubben2025voxtral"
    got = fields(entry)
    assert got["eprint"] == "2507.13264"
    assert got["archivePrefix"] == "arXiv"
    assert got["primaryClass"] == "cs.CL"
    assert got["year"] == "2025"
    assert got["url"] == "https://arxiv.org/abs/2507.13264"


def test_text_survives_latex_escaping_and_case_protection() -> None:
    got = fields(parse_bibtex(to_bibtex([Reference(VOXTRAL)])).entries[0])
    assert got["title"] == VOXTRAL.title
    assert got["abstract"] == VOXTRAL.abstract
    assert got["author"] == "Wübben, Dirk and von Platen, Patrick and Mistral-AI Team and Del Maestro, Adrian"


def test_specials_are_escaped_in_the_written_file() -> None:
    text = to_bibtex([Reference(VOXTRAL)])
    assert r"\&" in text and r"50\%" in text and r"\$5" in text and r"\#1" in text
    assert "{GPT-4o-level}" in text and "{LlamaRL}" in text  # capitals kept by any style
    assert r"W\"ubben" in text


def test_a_journal_reference_makes_an_article_with_its_doi() -> None:
    reference = Reference(
        VOXTRAL, doi="10.1103/PhysRevB.90.014503", journal_ref="Phys. Rev. B 90, 014503 (2014)"
    )
    (entry,) = parse_bibtex(to_bibtex([reference])).entries
    assert entry.entry_type == "article"
    assert fields(entry)["journal"] == "Phys. Rev. B 90, 014503 (2014)"
    assert fields(entry)["doi"] == "10.1103/PhysRevB.90.014503"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Albert Q. Jiang", "Jiang, Albert Q."),
        ("Patrick von Platen", "von Platen, Patrick"),
        ("Diego de las Casas", "de las Casas, Diego"),
        ("Gemma Team", "{Gemma Team}"),
        ("Mistral-AI", "{Mistral-AI}"),
    ],
)
def test_author_names_are_written_surname_first(name: str, expected: str) -> None:
    assert bibtex_name(name) == expected


def test_only_words_whose_case_matters_are_braced() -> None:
    assert bibtex_title("Attention Is All You Need") == "Attention Is All You Need"
    assert bibtex_title("BERT for 3D MoE models") == "{BERT} for {3D} {MoE} models"


def test_keys_are_unique_and_stable() -> None:
    twin = Paper(
        id="x", title="Voxtral again", abstract="", authors=("Dirk Wübben",), published=date(2025, 1, 1)
    )
    no_metadata = Paper(id="seed-1a2b3c", title="", abstract="text")
    assert citation_keys([VOXTRAL, twin, VOXTRAL, no_metadata]) == [
        "wubben2025voxtral",
        "wubben2025voxtrala",
        "wubben2025voxtralb",
        "seed1a2b3c",
    ]


def test_a_paper_without_an_arxiv_id_has_no_eprint() -> None:
    paper = Paper(id="seed-1", title="A seed paper", abstract="Text.", authors=("Ann Lee",))
    got = fields(parse_bibtex(to_bibtex([Reference(paper)])).entries[0])
    assert "eprint" not in got and "archivePrefix" not in got
    assert got["title"] == "A seed paper"


def test_abstracts_can_be_left_out() -> None:
    assert "abstract" not in fields(parse_bibtex(to_bibtex([Reference(VOXTRAL)], abstracts=False)).entries[0])


def test_nothing_to_export_is_an_empty_string() -> None:
    assert to_bibtex([]) == ""
    assert to_ris([]) == ""


def test_ris_round_trips_with_rispy() -> None:
    (record,) = rispy.loads(to_ris([Reference(VOXTRAL, doi="10.1/x")]))
    assert record["type_of_reference"] == "UNPB"
    assert record["title"] == VOXTRAL.title
    assert record["authors"] == list(VOXTRAL.authors)
    assert record["year"] == "2025"
    assert record["doi"] == "10.1/x"
    assert record["urls"] == ["https://arxiv.org/abs/2507.13264"]
    assert record["abstract"] == VOXTRAL.abstract


def test_the_whole_seed_corpus_exports_and_parses_back(bundled_corpus: Path) -> None:
    seeds = load_corpus(
        CorpusSettings(paths=[str(bundled_corpus)], overrides=str(bundled_corpus / "overrides.yaml"))
    )
    references = [Reference(paper) for paper in seeds.papers]
    library = parse_bibtex(to_bibtex(references))
    assert len(library.entries) == len(seeds.papers)
    by_key = dict(zip(citation_keys(list(seeds.papers)), seeds.papers, strict=True))
    for entry in library.entries:
        paper = by_key[entry.key]
        assert fields(entry)["title"] == paper.title
        assert fields(entry).get("eprint") == paper.arxiv_id
    assert len(rispy.loads(to_ris(references))) == len(seeds.papers)
