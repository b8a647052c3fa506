"""The three dump formats, detected block by block, including inside one mixed file."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from bot.corpus import CorpusLoad

Write = Callable[[str, "str | bytes"], Path]
Load = Callable[..., CorpusLoad]

ONE = "We study retrieval for question answering over scientific abstracts with cited evidence in answers."
TWO = "We present a compact benchmark of twelve hundred questions about recent machine learning papers."
THREE = "We propose a ranking function that combines lexical overlap with citation graph features for search."


def test_formats_are_detected_per_block_within_one_file(write: Write, load: Load) -> None:
    dump = write(
        "mixed.txt",
        f"Abstract:{ONE}\n\n"
        f"Cited Retrieval\nAda Lovelace, Alan Turing\n\n{TWO}\n\n9 pages\n\narXiv:2501.00002v3\n"
        "Created: 2025-01-02 Updated: 2025-01-09\n"
        f"CVMar 3, 2024Code\nGraph RankingGrace Hopper, Edsger W. Dijkstra et al. · acme\n{THREE}\n",
    )
    result = load(dump)
    assert result.warnings == ()
    one, two, three = result.papers
    assert (one.sources[0].format, one.title_provisional) == ("abstract-line", True)
    assert (two.sources[0].format, two.sources[0].line) == ("block", 3)
    assert (two.id, two.title, two.authors, two.pages) == (
        "2501.00002",
        "Cited Retrieval",
        ("Ada Lovelace", "Alan Turing"),
        "9 pages",
    )
    assert (two.published, two.updated) == (date(2025, 1, 2), date(2025, 1, 9))
    assert (three.sources[0].format, three.title, three.category) == ("card", "Graph Ranking", "cs.CV")
    assert three.authors == ("Grace Hopper", "Edsger W. Dijkstra") and not three.authors_complete
    assert (three.published, three.has_code, three.affiliation) == (date(2024, 3, 3), True, "acme")


def test_hard_wrapped_paragraphs_are_one_abstract_each(write: Write, load: Load) -> None:
    wrapped = ONE.replace(" over ", "\nover ").replace(" with ", "\nwith ")
    dump = write("wrapped.txt", f"{wrapped}\n\n{TWO.replace(' of ', chr(10) + 'of ')}\n")
    result = load(dump)
    assert [p.abstract for p in result.papers] == [ONE, TWO]
    assert all(p.title_provisional for p in result.papers)  # a first line is not mistaken for a title


def test_a_title_line_needs_no_author_line(write: Write, load: Load) -> None:
    result = load(write("titled.txt", f"Cited Retrieval\n\n{ONE}\n\narXiv:2501.00001\n"))
    [paper] = result.papers
    assert (paper.title, paper.authors, paper.authors_complete) == ("Cited Retrieval", (), False)


def test_hard_wrapped_card_abstract(write: Write, load: Load) -> None:
    card = f"LGJan 5, 2025\nGraph RankingGrace Hopper\n{THREE.replace(' with ', chr(10) + 'with ')}\n"
    [paper] = load(write("card.txt", card)).papers
    assert (paper.title, paper.abstract, paper.authors_complete) == ("Graph Ranking", THREE, True)
