from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from bot.answer import lookup as lookup_module
from bot.answer.lookup import PaperLookup, fold_name, newest_first
from bot.models import Paper


@pytest.fixture(scope="module", params=["full scan", "word index"])
def lookup(papers, request: pytest.FixtureRequest) -> Iterator[PaperLookup]:
    """Every title test runs twice: scanning all titles (small corpora) and through the word
    index big corpora use (forced here on the seed corpus)."""
    with pytest.MonkeyPatch.context() as patch:
        if request.param == "word index":
            patch.setattr(lookup_module, "FULL_SCAN_UP_TO", 0)
        yield PaperLookup(papers)


@pytest.mark.parametrize(
    "key",
    ["2507.13264", "2507.13264v2", "arXiv:2507.13264", "https://arxiv.org/abs/2507.13264v1", " 2507.13264 "],
)
def test_by_arxiv_id_in_any_spelling(lookup: PaperLookup, key: str) -> None:
    assert lookup.get(key).title == "Voxtral"


def test_by_record_id(lookup: PaperLookup, papers) -> None:
    for paper in papers:
        assert lookup.get(paper.id) is paper


@pytest.mark.parametrize(
    ("query", "title_start"),
    [
        ("gema open models", "Gemma: Open Models"),
        ("voxtrel realtime", "Voxtral Realtime"),
        ("voxtral", "Voxtral"),
        ("chain of drafts thinking fast", "Chain of Draft"),
        ("soft policy optimisation", "Soft Policy Optimization"),
        ("Pixtral", "Pixtral 12B"),
        ("best of n distilation", "BOND"),
        ("spectral invariant graph nueral netwroks", "On the Expressive Power of Spectral"),  # typos
        ("expresive power spectral", "On the Expressive Power of Spectral"),  # part of the title
        ("graph neural networks spectral invariant", "On the Expressive Power of Spectral"),  # reordered
        ("disaggregated multistage mllm inference", "Enabling Disaggregated"),
        ("llamarl distributed asynchronous reinforcment", "LlamaRL"),
        ("kl divergence gradient estimaton pitfalls", "On a few pitfalls"),
        ("ZEROTH ORDER NON CONVEX LEARNING", "Zeroth-order non-convex learning"),
        ("jensens evidence lower bound chain of thought", "Learning to chain-of-thought"),
    ],
)
def test_misspelt_partial_and_reordered_titles(lookup: PaperLookup, query: str, title_start: str) -> None:
    found = lookup.find(query, cutoff=80, margin=5)
    assert found is not None and found.title.startswith(title_start)


def test_titles_match_without_accents_or_case() -> None:
    papers = [
        Paper(id="fr", title="Étude des réseaux de neurones à grande échelle", abstract="a"),
        Paper(id="de", title="Über die Größe von Sprachmodellen", abstract="b"),
        Paper(id="en", title="Neural networks at scale", abstract="c"),
    ]
    with pytest.MonkeyPatch.context() as patch:
        for full_scan_up_to in (1_000, 0):
            patch.setattr(lookup_module, "FULL_SCAN_UP_TO", full_scan_up_to)
            lookup = PaperLookup(papers)
            assert lookup.find("etude des reseaux de neurones a grande echelle", 80, 5).id == "fr"
            assert lookup.find("ETUDE DES RESEAUX NEURONES", 80, 5).id == "fr"
            assert lookup.find("uber die grosse von sprachmodelen", 80, 5).id == "de"
            assert lookup.find("Néural nétworks at scale", 80, 5).id == "en"
            assert lookup.complete_titles("reseaux de neuron")[0].id == "fr"


@pytest.mark.parametrize("query", ["sourdough bread", "mistral", "quantum gravity"])
def test_no_confident_title_match(lookup: PaperLookup, query: str) -> None:
    # "mistral" is as close to Magistral as to Ministral: ambiguous, so no single answer.
    assert lookup.find(query, cutoff=80, margin=5) is None


def test_closest_titles_are_offered_best_first(lookup: PaperLookup) -> None:
    titles = [m.paper.title for m in lookup.closest_titles("mistral", 3)]
    assert {"Magistral", "Ministral 3"} <= set(titles)


@pytest.mark.parametrize(
    "name", ["amelie heliou", "Amélie Héliou", "AMELIE HELIOU", "heliou", "A. Heliou", "amelie helio"]
)
def test_author_accent_and_typo_insensitive(lookup: PaperLookup, papers, name: str) -> None:
    expected = {p.id for p in papers if any(fold_name(a) == "amelie heliou" for a in p.authors)}
    assert len(expected) >= 5
    found = lookup.by_author(name)
    assert {p.id for p in found} == expected
    years = [p.year or 0 for p in found]
    assert years == sorted(years, reverse=True)


def test_papers_by_author_come_newest_first_with_ties_by_title_and_undated_last() -> None:
    rows = [  # title, published, authors
        ("Zeta", date(2024, 5, 1), "Ann Lee"),
        ("Alpha", date(2025, 1, 2), "Ann Lee"),
        ("Beta", date(2024, 5, 1), "A. Lee", "Ann Lee"),  # both spellings: listed once
        ("Gamma", None, "Ann Lee"),
        ("Delta", date(2023, 1, 1), "Bo Wu"),
    ]
    papers = [Paper(id=t, title=t, abstract="a", authors=tuple(a), published=d) for t, d, *a in rows]
    found = PaperLookup(papers).by_author("lee")  # two spellings of one name, merged
    assert [p.title for p in found] == ["Alpha", "Beta", "Zeta", "Gamma"]
    assert found == newest_first([p for p in papers if "Bo Wu" not in p.authors])


@pytest.mark.parametrize("full_scan_up_to", [1_000, 0], ids=["full scan", "word index"])
def test_a_misspelt_author_means_the_closest_name_not_its_neighbours(
    full_scan_up_to: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lookup_module, "FULL_SCAN_UP_TO", full_scan_up_to)
    names = ["Jintao Zhang", "Jingtao Zhang", "Xiantao Zhang", "Sitao Zhang", "Tao Zhang"]
    papers = [Paper(id=str(i), title=f"Paper {i}", abstract="a", authors=(n,)) for i, n in enumerate(names)]
    lookup = PaperLookup(papers)
    assert [p.authors for p in lookup.by_author("Jintao Zhng")] == [("Jintao Zhang",)]
    assert lookup.matching_authors("intao zhang") == ["jintao zhang"]


def test_unknown_author(lookup: PaperLookup) -> None:
    assert lookup.by_author("Nobody Atall") == []


def test_completion(lookup: PaperLookup) -> None:
    assert [p.title for p in lookup.complete_titles("voxt")][:2] == ["Voxtral", "Voxtral Realtime"]
    assert lookup.complete_titles("2507.13")[0].arxiv_id == "2507.13264"
    assert "Amélie Héliou" in lookup.complete_authors("heli")
    assert lookup.complete_authors("amel")[0].startswith("Amélie")
    assert len(lookup.complete_titles("", limit=5)) == 5


def test_builds_from_records_without_titles_or_authors() -> None:
    lookup = PaperLookup([Paper(id="x", title="", abstract="text"), Paper(id="y", title="A", abstract="b")])
    assert lookup.closest_titles("anything") is not None
    assert lookup.by_author("someone") == []


def test_misspelt_author_names_are_found_at_any_corpus_size(lookup: PaperLookup) -> None:
    # Big corpora look names up through the word index as titles are (the `lookup` fixture runs
    # both paths): no corpus is too big for typos.
    assert lookup.complete_authors("amelei")[0] == "Amélie Héliou"  # no prefix matches it
    assert lookup.complete_authors("heli")[0] == "Amélie Héliou"  # surname prefix
    assert lookup.matching_authors("Amelie Heliuo") == ["amelie heliou"]
    assert lookup.complete_titles("voxtrel")[0].title.startswith("Voxtral")
