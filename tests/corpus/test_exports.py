"""Metadata exports: both arXiv JSON-lines schemas (plain and gzip), BEIR lines, .I/.T/.A/.W files."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

from bot.corpus import CorpusLoad
from bot.models import Paper

Write = Callable[[str, "str | bytes"], Path]
Load = Callable[..., CorpusLoad]

SNAPSHOT = {
    "id": "0704.0001",
    "submitter": "Pavel Nadolsky",
    "authors": "C. Bal\\'azs, E. L. Berger, P. M. Nadolsky, C.-P. Yuan",
    "title": "Calculation of prompt diphoton production cross sections at Tevatron and\n  LHC energies",
    "comments": "37 pages, 15 figures; published version",
    "categories": "hep-ph",
    "abstract": "  A fully differential calculation in perturbative quantum chromodynamics is\npresented.\n",
    "versions": [
        {"version": "v1", "created": "Mon, 2 Apr 2007 19:18:42 GMT"},
        {"version": "v2", "created": "Tue, 24 Jul 2007 20:10:27 GMT"},
    ],
    "update_date": "2008-11-26",
    "authors_parsed": [
        ["Bal\\'azs", "C.", ""],
        ["Berger", "E. L.", ""],
        ["Nadolsky", "P. M.", ""],
        ["Yuan", "C. -P.", ""],
    ],
}
DAILY = {
    "id": "2503.11685",
    "title": "CORDIC Is All You Need",
    "authors": ["Omkar Kokane", "Adam Teman"],
    "categories": ["cs.AR", "cs.CV", "eess.IV"],
    "primary_category": "cs.AR",
    "abstract": "with 40\\% pruning rate, enhanced throughput up to 4.64$\\times$, and\nreduction in power",
    "comment": "Code: https://github.com/example/cordic",
    "yymm": "2503",
    "listing_date": "2025-03-18",
}


def only(result: CorpusLoad) -> Paper:
    assert result.warnings == ()
    [paper] = result.papers
    return paper


def test_snapshot_schema_record(write: Write, load: Load) -> None:
    paper = only(load(write("snapshot.json", json.dumps(SNAPSHOT) + "\n")))
    assert paper.id == paper.arxiv_id == "0704.0001"
    assert (
        paper.title == "Calculation of prompt diphoton production cross sections at Tevatron and LHC energies"
    )
    assert paper.authors == ("C. Balázs", "E. L. Berger", "P. M. Nadolsky", "C.-P. Yuan")
    assert paper.authors_complete
    assert (
        paper.abstract
        == "A fully differential calculation in perturbative quantum chromodynamics is presented."
    )
    assert (paper.category, paper.categories) == ("hep-ph", ("hep-ph",))
    assert (paper.published, paper.updated) == (date(2007, 4, 2), date(2008, 11, 26))
    assert paper.pages == "37 pages"
    assert paper.sources[0].format == "arxiv-snapshot"


def test_snapshot_authors_drop_affiliations_and_fall_back_to_the_parsed_list(
    write: Write, load: Load
) -> None:
    record = {**SNAPSHOT, "authors": "Ileana Streinu (1) and Louis Theran (2) ((1) Smith, (2) UMass)"}
    paper = only(load(write("snapshot.jsonl", json.dumps({**record, "categories": "math.CO cs.CG"}))))
    assert paper.authors == ("Ileana Streinu", "Louis Theran")
    assert paper.categories == ("math.CO", "cs.CG") and paper.category == "math.CO"
    parsed_only = only(load(write("parsed.jsonl", json.dumps({**SNAPSHOT, "authors": ""}))))
    assert parsed_only.authors == ("C. Balázs", "E. L. Berger", "P. M. Nadolsky", "C. -P. Yuan")


def test_list_valued_schema_record_gzipped(write: Write, load: Load) -> None:
    paper = only(load(write("part.jsonl.gz", gzip.compress(json.dumps(DAILY).encode()))))
    assert paper.id == "2503.11685"
    assert paper.authors == ("Omkar Kokane", "Adam Teman")
    assert paper.category == "cs.AR" and paper.categories == ("cs.AR", "cs.CV", "eess.IV")
    assert paper.published == date(2025, 3, 18)
    assert paper.abstract == "with 40% pruning rate, enhanced throughput up to 4.64×, and reduction in power"
    assert paper.has_code
    assert paper.sources[0].format == "arxiv-daily"


def test_beir_corpus_lines(write: Write, load: Load) -> None:
    line = {"_id": "4983", "title": "Microstructural development", "text": "Alterations of the architecture."}
    paper = only(load(write("corpus.jsonl", json.dumps(line))))
    assert (paper.id, paper.title, paper.abstract) == ("4983", "Microstructural development", line["text"])


def test_trec_collection_documents(write: Write, load: Load) -> None:
    collection = write(
        "cran.all.1400",
        ".I 1\n.T\nexperimental investigation of the aerodynamics of a\nwing in a slipstream .\n.A\nbrenckman,m.\n"
        ".B\nj. ae. scs. 25, 1958, 324.\n.W\nan experimental study of a wing in a propeller slipstream was\n"
        "made in order to determine the spanwise distribution of the lift .\n"
        ".I 2\n.T\nExtraction of Roots by Repeated Subtractions\n.A\nSugai, I.\n.N\nCA581202 JB\n",
    )
    result = load(collection)
    first, second = result.papers
    assert first.id == "cran.all.1400:1"
    assert first.title == "experimental investigation of the aerodynamics of a wing in a slipstream ."
    assert first.authors == ("brenckman,m.",)
    assert first.abstract.startswith("an experimental study of a wing in a propeller slipstream was made")
    assert (second.id, second.abstract, second.authors) == ("cran.all.1400:2", "", ("Sugai, I.",))
    assert [s.line for p in result.papers for s in p.sources] == [1, 12]


def test_one_part_of_the_real_daily_export(shared_dir: Path, load: Load) -> None:
    part = shared_dir / "datasets" / "arxiv" / "daily_arxiv_ai_enhanced" / "papers-part00.jsonl.gz"
    result = load(part)
    assert len(result.papers) == 5000 and result.merges == 0 and result.warnings == ()
    by_id = {p.id: p for p in result.papers}
    prima = by_id["2503.11677"]
    assert (
        prima.title
        == "Simulation of prosthetic vision with PRIMA system and enhancement of face representation"
    )
    assert prima.authors == (
        "Jungyeon Park",
        "Anna Kochnev Goldstein",
        "Yueming Zhou",
        "Nathan Jensen",
        "Daniel Palanker",
    )
    assert (prima.category, prima.categories) == ("cs.HC", ("cs.HC", "cs.CV"))
    assert prima.published == date(2025, 3, 18)
    cordic = by_id["2503.11685"]
    assert cordic.title == "CORDIC Is All You Need"
    assert cordic.categories == ("cs.AR", "cs.CV", "eess.IV")
    assert "40% pruning rate, enhanced throughput up to 4.64×" in cordic.abstract
    assert "\n" not in cordic.abstract
    dimo = by_id["2503.15457"]
    assert dimo.title == "Di[M]O: Distilling Masked Diffusion Models into One-step Generator"
    assert dimo.authors[2] == "Stéphane Lathuilière"
    assert by_id["2503.17543"].title.startswith("Echo-E³Net: Efficient Endo-Epi")
    assert by_id["2503.17543"].category == "eess.IV"


def test_the_real_snapshot_head(shared_dir: Path, load: Load) -> None:
    head = (
        shared_dir
        / "datasets"
        / "arxiv"
        / "kaggle_snapshot_head200"
        / "arxiv-metadata-oai-snapshot.head200.json"
    )
    result = load(head)
    assert len(result.papers) == 200 and result.warnings == ()
    by_id = {p.id: p for p in result.papers}
    assert by_id["0704.0001"].authors[0] == "C. Balázs"
    assert by_id["0704.0002"].categories == ("math.CO", "cs.CG")
    earth_moon = by_id["0704.0003"]
    assert (
        earth_moon.title
        == "The evolution of the Earth-Moon system based on the dark matter field fluid model"
    )
    assert (earth_moon.published, earth_moon.updated) == (date(2007, 4, 1), date(2008, 1, 13))
    assert earth_moon.pages == "23 pages"
