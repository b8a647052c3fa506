"""De-duplication across files and formats, and what a merged record keeps."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date
from pathlib import Path

from bot.corpus import CorpusLoad
from bot.corpus.draft import Draft
from bot.corpus.merge import merge_records, occurrence
from bot.models import Source

Write = Callable[[str, "str | bytes"], Path]
Load = Callable[..., CorpusLoad]

BASE = (
    "We study retrieval for question answering over scientific abstracts. Our method ranks passages "
    "with a lexical model and re-ranks them with citation evidence. Experiments on three benchmarks "
    "show consistent gains over strong baselines. We release code and data."
)


def test_whitespace_and_case_variants_are_one_paper(write: Write, load: Load) -> None:
    a = write("a.txt", f"Abstract:{BASE}\n")
    b = write("b.txt", "Abstract:  " + BASE.upper().replace(" ", "   \t ") + "\n")
    result = load(a, b)
    assert len(result.papers) == 1 and result.merges == 1
    assert [(s.path, s.line) for s in result.papers[0].sources] == [(str(a), 1), (str(b), 1)]


def test_changed_last_or_first_sentence_is_a_near_duplicate(write: Write, load: Load) -> None:
    last = BASE.replace("We release code and data.", "Code and data are released to the community at large.")
    first = BASE.replace("We study retrieval", "This paper is about retrieval")
    result = load(write("dump.txt", f"Abstract:{BASE}\nAbstract:{last}\nAbstract:{first}\n"))
    assert len(result.papers) == 1 and result.merges == 2
    assert result.papers[0].abstract == last  # the most complete (longest) wording is kept


def test_abstracts_sharing_only_an_opening_stay_apart(write: Write, load: Load) -> None:
    other = "We study retrieval for question answering over scientific abstracts. " + (
        "Unlike prior work we focus on multilingual users, low-resource languages and spoken queries, "
        "and we build a new benchmark of twelve thousand annotated questions with graded answers."
    )
    result = load(write("dump.txt", f"Abstract:{BASE}\nAbstract:{other}\n"))
    assert len(result.papers) == 2 and result.merges == 0


def test_reused_abstract_under_another_title_is_another_paper(write: Write, load: Load) -> None:
    """Extended versions and sibling papers often reuse an abstract; their titles tell them apart."""
    dump = write(
        "cards.txt",
        f"IRJan 5, 2025\nLexical RetrievalAda Lovelace\n{BASE}\n"
        f"IRMar 9, 2025\nLexical Retrieval++Ada Lovelace\n{BASE.replace('three', 'five')}\n",
    )
    assert sorted(p.title for p in load(dump).papers) == ["Lexical Retrieval", "Lexical Retrieval++"]


def test_different_arxiv_ids_never_merge(write: Write, load: Load) -> None:
    block = "{abstract}\n\narXiv:{id}\nCreated: 2025-01-02\n\n"
    dump = write(
        "dump.txt",
        block.format(abstract=BASE, id="2501.00001") + block.format(abstract=BASE, id="2501.00002"),
    )
    assert sorted(p.id for p in load(dump).papers) == ["2501.00001", "2501.00002"]


def test_merged_record_keeps_the_most_complete_value_of_each_field(write: Write, load: Load) -> None:
    block = write(
        "block.txt",
        f"Lexical Retrieval With Evidence\nAda Lovelace, Alan Turing, Grace Hopper\n\n{BASE}\n\n"
        "12 pages (30 including appendices)\n\narXiv:2501.01234v2\nCreated: 2025-01-03 Updated: 2025-02-04\n",
    )
    card = write(
        "card.txt",
        f"IRJan 5, 2025Code\nLexical Retrieval With EvidenceAda Lovelace, Alan Turing et al. · acme\n{BASE}\n",
    )
    line = write("line.txt", f"Abstract:{BASE}\n")
    [paper] = load(line, card, block).papers
    assert paper.id == paper.arxiv_id == "2501.01234"
    assert paper.title == "Lexical Retrieval With Evidence"
    assert paper.authors == ("Ada Lovelace", "Alan Turing", "Grace Hopper") and paper.authors_complete
    assert (paper.published, paper.updated) == (date(2025, 1, 3), date(2025, 2, 4))
    assert paper.pages == "12 pages (30 including appendices)"
    assert (paper.category, paper.has_code, paper.affiliation) == ("cs.IR", True, "acme")
    assert {s.format for s in paper.sources} == {"abstract-line", "card", "block"}


def test_ids_without_arxiv_id_are_a_stable_hash_of_the_abstract(write: Write, load: Load) -> None:
    first = load(write("one.txt", f"Abstract:{BASE}\n")).papers[0]
    second = load(write("deeper/two.txt", f"\n\nAbstract:{BASE.lower()}\n")).papers[0]
    assert first.id == second.id and first.id.startswith("abs-")


def _draft(line: int, **fields: object) -> Draft:
    return Draft(abstract=BASE, source=Source("dump.txt", line, "block"), **fields)  # type: ignore[arg-type]


def test_one_occurrence_follows_the_same_rules_as_a_merge() -> None:
    """A paper seen once and the same paper seen twice make the same record (but for sources)."""
    drafts = [
        _draft(1),
        _draft(1, title="T", authors=("A. One", "B. Two"), authors_complete=True, category="cs.CL",
               categories=("cs.AI", "cs.CL"), pages="12 pages", has_code=False, arxiv_id="2501.00001"),
        _draft(1, title="T", doc_id="cran:7", authors=("A. One",), published=date(2024, 1, 2)),
        Draft(abstract=BASE + " Code: https://github.com/x/y", source=Source("dump.txt", 1, "block")),
    ]  # fmt: skip
    for draft in drafts:
        once = occurrence(draft)
        again = dataclasses.replace(draft, source=Source("other.txt", 9, "card"))
        twice = merge_records([occurrence(draft), occurrence(again)], [draft.source, again.source])
        assert dataclasses.replace(twice, sources=once.sources) == once
        assert twice.sources == (draft.source, again.source)


def test_a_merge_keeps_the_most_complete_value_of_each_field() -> None:
    a = occurrence(_draft(1, title="Short", authors=("A. One",), category="cs.CL"))
    b = occurrence(_draft(2, authors=("A. One", "B. Two"), authors_complete=True, pages="9 pages",
                          published=date(2023, 5, 1), category="cs.CL", categories=("cs.LG",)))  # fmt: skip
    merged = merge_records([a, b], [*a.sources, *b.sources])
    assert merged.title == "Short" and not merged.title_provisional
    assert merged.authors == ("A. One", "B. Two") and merged.authors_complete
    assert merged.pages == "9 pages" and merged.published == date(2023, 5, 1)
    assert merged.categories == ("cs.CL", "cs.LG")
