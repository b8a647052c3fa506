"""The curated overrides file: applied by phrase or id, and every bad entry reported with its line."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

from bot.corpus import CorpusLoad

Write = Callable[[str, "str | bytes"], Path]
Load = Callable[..., CorpusLoad]

DUMP = (
    "Abstract:We introduce Pixtral-12B, a multimodal language model trained on natural images and documents.\n"
    "Abstract:We propose a sparse retrieval model for scientific question answering with cited evidence.\n"
    "Abstract:We propose a dense retrieval model for scientific question answering with cited evidence.\n"
)


def warnings_of(result: CorpusLoad, path: Path) -> list[tuple[int, str]]:
    return [(w.line, w.message) for w in result.warnings if w.path == str(path)]


def test_overrides_fix_fields_by_phrase_or_id(write: Write, load: Load) -> None:
    dump = write("dump.txt", DUMP)
    overrides = write(
        "fixes.yaml",
        '- match: "introduce PIXTRAL-12b"\n  title: "Pixtral 12B"\n  arxiv_id: "2410.07073"\n'
        '- id: "2410.07073"\n  pages: "24 pages"\n  published: 2024-10-09\n  authors: [Pravesh Agrawal, Szymon Antoniak]\n',
    )
    result = load(dump, overrides=overrides)
    assert result.warnings == ()
    pixtral = next(p for p in result.papers if p.id == "2410.07073")
    assert (pixtral.title, pixtral.title_provisional, pixtral.arxiv_id) == (
        "Pixtral 12B",
        False,
        "2410.07073",
    )
    assert (pixtral.pages, pixtral.published) == ("24 pages", date(2024, 10, 9))
    assert pixtral.authors == ("Pravesh Agrawal", "Szymon Antoniak")


def test_bad_entries_are_reported_with_their_line_and_the_rest_apply(write: Write, load: Load) -> None:
    dump = write("dump.txt", DUMP)
    overrides = write(
        "fixes.yaml",
        '- match: "Pixtral-12B"\n  title: "Pixtral 12B"\n'
        '- match: "retrieval model for scientific"\n  title: "Ambiguous"\n'
        '- match: "not in any abstract"\n  title: "Nothing"\n'
        '- match: "sparse retrieval"\n  colour: "blue"\n'
        '- title: "No key"\n'
        '- match: "dense retrieval"\n  published: "yesterday"\n',
    )
    result = load(dump.parent, overrides=overrides)  # the overrides curate this very folder
    assert any(p.title == "Pixtral 12B" for p in result.papers)
    assert [line for line, _ in warnings_of(result, overrides)] == [7, 9, 10, 3, 5]
    messages = dict(warnings_of(result, overrides))
    assert (
        messages[3]
        == "override match 'retrieval model for scientific' matches 2 papers; make it more specific"
    )
    assert messages[5] == "override match 'not in any abstract' matches no paper"
    assert messages[7].startswith("override skipped: unknown field 'colour'")
    assert messages[9] == "override skipped: needs a 'match' phrase or an 'id'"
    assert (
        messages[10] == "override skipped: field 'published' must be a date like 2025-07-17, got 'yesterday'"
    )


def test_entries_for_papers_of_another_corpus_are_not_reported(
    write: Write, load: Load, bundled_corpus: Path
) -> None:
    """The bundled overrides beside a user's own corpus concern none of its papers: no noise."""
    result = load(write("mine/dump.txt", DUMP), overrides=bundled_corpus / "overrides.yaml")
    assert result.warnings == ()
    assert any(p.title == "Pixtral 12B" for p in result.papers)  # the one it does concern still applies


def test_invalid_yaml_is_one_warning_with_its_line(write: Write, load: Load) -> None:
    overrides = write("fixes.yaml", "- match: [unclosed\n  title: x\n")
    result = load(write("dump.txt", DUMP), overrides=overrides)
    assert len(result.papers) == 3
    [(line, message)] = warnings_of(result, overrides)
    assert line == 2 and message.startswith("not valid YAML")


def test_an_override_revealing_a_known_arxiv_id_merges_the_two_records(write: Write, load: Load) -> None:
    dump = write("dump.txt", DUMP)
    export = write(
        "export.jsonl",
        json.dumps(
            {
                "id": "2410.07073",
                "title": "Pixtral 12B",
                "authors": ["Pravesh Agrawal", "Szymon Antoniak"],
                "categories": ["cs.CV"],
                "abstract": "Pixtral-12B is a 12-billion-parameter multimodal language model (a different wording).",
                "listing_date": "2024-10-10",
            }
        ),
    )
    overrides = write("fixes.yaml", '- match: "We introduce Pixtral-12B"\n  arxiv_id: "2410.07073"\n')
    result = load(dump, export, overrides=overrides)
    assert len(result.papers) == 3 and result.merges == 1
    pixtral = next(p for p in result.papers if p.id == "2410.07073")
    assert pixtral.authors == ("Pravesh Agrawal", "Szymon Antoniak") and pixtral.category == "cs.CV"
    assert {s.format for s in pixtral.sources} == {"abstract-line", "arxiv-daily"}
