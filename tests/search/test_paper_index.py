"""PaperIndex on the bundled seed corpus: ranking, filters, similar papers, feedback, persistence."""

from __future__ import annotations

import dataclasses
import json
import logging
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.corpus import CorpusLoad, load_corpus
from bot.corpus.settings import CorpusSettings
from bot.models import Paper
from bot.search import Filters, IndexCorrupt, IndexStale, IndexUnusable, PaperIndex
from bot.search.facets import name_words
from bot.search.feedback import query_model, relevance_model, rm3
from bot.search.settings import SearchSettings

# BM25's own behaviour; the re-ranking on top of it is tested in test_semantic.py.
SETTINGS = dataclasses.replace(
    SearchSettings(), semantic=dataclasses.replace(SearchSettings().semantic, enabled=False)
)


@pytest.fixture(scope="module")
def corpus(bundled_corpus: Path) -> CorpusLoad:
    return load_corpus(
        CorpusSettings(paths=[str(bundled_corpus)], overrides=str(bundled_corpus / "overrides.yaml"))
    )


@pytest.fixture(scope="module")
def index(corpus: CorpusLoad) -> PaperIndex:
    return PaperIndex.build(corpus.papers, SETTINGS)


def ids(hits: list) -> list[str]:
    return [hit.paper.id for hit in hits]


def titles(hits: list) -> list[str]:
    return [hit.paper.title for hit in hits]


@pytest.mark.parametrize("query", ["Pixtral 12B", "pixtral-12b", "PIXTRAL"])
def test_model_name_finds_its_paper(index: PaperIndex, query: str) -> None:
    assert titles(index.search(query, k=3))[0] == "Pixtral 12B"


def test_results_are_ranked_positive_and_bounded(index: PaperIndex) -> None:
    hits = index.search("reinforcement learning for language models", k=5)
    assert len(hits) == 5
    scores = [hit.score for hit in hits]
    assert scores == sorted(scores, reverse=True) and scores[-1] > 0


def test_title_match_outranks_passing_mentions(index: PaperIndex) -> None:
    assert titles(index.search("speech understanding audio model", k=2)) == ["Voxtral", "Voxtral Realtime"]


@pytest.mark.parametrize("query", ["", "the of and", "zzzyzx qqq"])
def test_query_without_known_terms_finds_nothing(index: PaperIndex, query: str) -> None:
    assert index.search(query) == []


def test_author_name_is_searchable_without_accents(index: PaperIndex) -> None:
    by_accent, plain = index.search("Héliou", k=2), index.search("heliou", k=2)
    assert ids(by_accent) == ids(plain)
    assert all("Amélie Héliou" in hit.paper.authors for hit in plain)


def test_year_filter(index: PaperIndex) -> None:
    hits = index.search("language model", k=50, filters=Filters(year_from=2025, year_to=2025))
    assert hits and {hit.paper.year for hit in hits} == {2025}
    older = index.search("language model", k=50, filters=Filters(year_to=2021))
    assert older and all(hit.paper.year is not None and hit.paper.year <= 2021 for hit in older)


def test_category_prefix_and_exact(index: PaperIndex) -> None:
    every_cs = index.search("model", k=50, filters=Filters(category="cs"))
    assert every_cs and all(
        any(c.startswith("cs.") for c in (h.paper.category, *h.paper.categories) if c) for h in every_cs
    )
    exact = index.search("model", k=50, filters=Filters(category="CS.cl"))
    assert exact and all("cs.CL" in (h.paper.category, *h.paper.categories) for h in exact)
    assert len(exact) < len(every_cs)


@pytest.mark.parametrize("name", ["heliou", "Amélie HÉLIOU", "A. Heliou"])
def test_author_filter(index: PaperIndex, name: str) -> None:
    theirs = {p.id for p in index.papers if "Amélie Héliou" in p.authors}
    hits = index.search("non-convex learning", k=50, filters=Filters(author=name))
    assert len(hits) >= 2 and set(ids(hits)) <= theirs
    assert index.search("non-convex learning", filters=Filters(author="B. Heliou")) == []


def test_filters_combine_and_can_exclude_everything(index: PaperIndex) -> None:
    assert index.search("learning", filters=Filters(author="heliou", year_from=2021)) != []
    assert index.search("learning", filters=Filters(author="heliou", year_from=2022)) == []
    assert index.search("learning", filters=Filters(author="Nobody Atall")) == []


def test_similar_papers(index: PaperIndex) -> None:
    voxtral = next(p for p in index.papers if p.title == "Voxtral")
    hits = index.similar(voxtral.id, k=3)
    assert voxtral.id not in ids(hits)
    assert titles(hits)[0] == "Voxtral Realtime"
    assert index.similar("no-such-paper") == []


def test_idf_and_doc_freq_use_analyzed_terms(index: PaperIndex) -> None:
    assert index.doc_freq("model") > index.doc_freq("pixtral") >= 1
    assert index.idf("pixtral") > index.idf("model")
    assert index.doc_freq("unknownterm") == 0 and index.idf("unknownterm") == 0.0


def test_feedback_model() -> None:
    assert query_model(["a", "b", "a"]) == {"a": 2 / 3, "b": 1 / 3}
    assert query_model(["a", "b", "a"], binary=True) == {"a": 1 / 2, "b": 1 / 2}
    docs = [({"x": 3.0, "y": 1.0, "z": 1.0}, 2.0), ({"x": 1.0, "w": 1.0}, 1.0)]
    model = relevance_model(docs, size=2)
    assert list(model) == ["x", "y"] and sum(model.values()) == pytest.approx(1.0)
    expanded = rm3({"q": 1.0}, model, original_weight=0.75)
    assert expanded["q"] == 0.75 and sum(expanded.values()) == pytest.approx(1.0)


def test_feedback_can_be_switched_off(corpus: CorpusLoad) -> None:
    no_rm3 = dataclasses.replace(SETTINGS, rm3=dataclasses.replace(SETTINGS.rm3, enabled=False))
    plain = PaperIndex.build(corpus.papers, no_rm3)
    query = "pixtral"
    # Without feedback only papers containing the word match; with it, related papers join in.
    assert all("pixtral" in (h.paper.title + h.paper.abstract).lower() for h in plain.search(query, k=29))
    assert len(PaperIndex.build(corpus.papers, SETTINGS).search(query, k=29)) > len(plain.search(query, k=29))


# -- persistence -------------------------------------------------------------------------------


def test_binary_query_tf_ignores_repeats(index: PaperIndex, corpus: CorpusLoad) -> None:
    binary = PaperIndex.build(corpus.papers, dataclasses.replace(SETTINGS, query_tf="binary"))
    repeated, once = "speech speech speech reinforcement learning", "speech reinforcement learning"
    assert ids(binary.search(repeated, k=5)) == ids(binary.search(once, k=5))
    # Counted raw, the repeats pull the ranking towards speech.
    assert ids(index.search(repeated, k=5)) != ids(index.search(once, k=5))


def test_query_settings_swap_on_a_built_index(index: PaperIndex, corpus: CorpusLoad) -> None:
    query_side = dataclasses.replace(
        SETTINGS, query_tf="binary", rm3=dataclasses.replace(SETTINGS.rm3, docs=3)
    )
    rebuilt = PaperIndex.build(corpus.papers, query_side)
    swapped = index.with_query_settings(query_side)
    for query in ("speech speech recognition", "reinforcement learning from human feedback", "pixtral"):
        assert swapped.search(query, k=10) == rebuilt.search(query, k=10)
    with pytest.raises(ValueError, match="differently built"):
        index.with_query_settings(dataclasses.replace(SETTINGS, k1=0.9))


def test_saved_index_gives_the_same_results(index: PaperIndex, corpus: CorpusLoad, tmp_path: Path) -> None:
    index.save(tmp_path / "idx", corpus.checksum)
    opened = PaperIndex.open(tmp_path / "idx", corpus.papers, SETTINGS, corpus.checksum)
    for query in ("Pixtral 12B", "reinforcement learning", "heliou"):
        assert [(h.paper.id, h.score) for h in opened.search(query)] == [
            (h.paper.id, h.score) for h in index.search(query)
        ]


def test_stale_index_is_refused(index: PaperIndex, corpus: CorpusLoad, tmp_path: Path) -> None:
    index.save(tmp_path / "idx", corpus.checksum)
    with pytest.raises(IndexStale, match="corpus_checksum"):
        PaperIndex.open(tmp_path / "idx", corpus.papers, SETTINGS, "another corpus")
    with pytest.raises(IndexStale, match="k1"):
        PaperIndex.open(
            tmp_path / "idx", corpus.papers, dataclasses.replace(SETTINGS, k1=0.9), corpus.checksum
        )
    with pytest.raises(IndexCorrupt):
        PaperIndex.open(tmp_path / "missing", corpus.papers, SETTINGS, corpus.checksum)


def test_mixture_of_two_builds_is_refused(index: PaperIndex, corpus: CorpusLoad, tmp_path: Path) -> None:
    index.save(tmp_path / "old", "old corpus")
    index.save(tmp_path / "new", corpus.checksum)
    # A save interrupted after replacing one field: new manifest and authors, old text.
    shutil.rmtree(tmp_path / "new" / "text")
    shutil.copytree(tmp_path / "old" / "text", tmp_path / "new" / "text")
    with pytest.raises(IndexStale):
        PaperIndex.open(tmp_path / "new", corpus.papers, SETTINGS, corpus.checksum)


def test_corrupt_index_is_rebuilt(index: PaperIndex, corpus: CorpusLoad, tmp_path: Path) -> None:
    directory = tmp_path / "idx"
    index.save(directory, corpus.checksum)
    scores = directory / "text" / "data.npy"
    scores.write_bytes(scores.read_bytes()[:-8])
    with pytest.raises(IndexUnusable):
        PaperIndex.open(directory, corpus.papers, SETTINGS, corpus.checksum)
    rebuilt = PaperIndex.open_or_build(corpus.papers, SETTINGS, directory, corpus.checksum)
    assert titles(rebuilt.search("Pixtral 12B"))[0] == "Pixtral 12B"
    PaperIndex.open(directory, corpus.papers, SETTINGS, corpus.checksum)  # saved again, now valid


def test_unreadable_manifest_is_rebuilt(index: PaperIndex, corpus: CorpusLoad, tmp_path: Path) -> None:
    directory = tmp_path / "idx"
    index.save(directory, corpus.checksum)
    (directory / "paper-index.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(IndexCorrupt):
        PaperIndex.open(directory, corpus.papers, SETTINGS, corpus.checksum)
    assert PaperIndex.open_or_build(corpus.papers, SETTINGS, directory, corpus.checksum).search("Voxtral")
    assert json.loads((directory / "paper-index.json").read_text(encoding="utf-8"))["papers"] == len(
        corpus.papers
    )


def test_unwritable_place_still_serves(
    corpus: CorpusLoad, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        index = PaperIndex.open_or_build(corpus.papers, SETTINGS, blocker / "idx", corpus.checksum)
    assert titles(index.search("Pixtral 12B"))[0] == "Pixtral 12B"
    assert "could not save the search index" in caplog.text


def passes(paper: Paper, filters: Filters) -> bool:
    """The filter semantics, written out plainly."""
    year = paper.year
    if filters.year_from is not None and (year is None or year < filters.year_from):
        return False
    if filters.year_to is not None and (year is None or year > filters.year_to):
        return False
    if filters.category:
        wanted = filters.category.casefold()
        listed = {c.casefold() for c in (paper.category, *paper.categories) if c}
        if not any(c == wanted or c.startswith(wanted + ".") for c in listed):
            return False
    if filters.author:
        wanted_words = name_words(filters.author)
        return any(set(wanted_words) <= set(name_words(a)) for a in paper.authors)
    return True


@given(
    query=st.sampled_from(["language model", "reinforcement learning", "speech", "optimization", "Pixtral"]),
    years=st.tuples(st.none() | st.integers(2015, 2027), st.none() | st.integers(2015, 2027)),
    category=st.none() | st.sampled_from(["cs", "cs.CL", "cs.LG", "stat", "math"]),
    author=st.none() | st.sampled_from(["heliou", "Alexander H. Liu", "Rastogi", "Nobody"]),
)
def test_filters_restrict_the_unfiltered_ranking(
    index: PaperIndex,
    query: str,
    years: tuple[int | None, int | None],
    category: str | None,
    author: str | None,
) -> None:
    filters = Filters(year_from=years[0], year_to=years[1], category=category, author=author)
    everything = index.search(query, k=len(index.papers))
    expected = [hit for hit in everything if passes(hit.paper, filters)]
    assert index.search(query, k=len(index.papers), filters=filters) == expected
