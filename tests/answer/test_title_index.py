"""The word index that narrows big corpora down before the fuzzy title scan: it must find what the
full scan finds."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.answer import lookup as lookup_module
from bot.answer import title_index
from bot.answer.lookup import PaperLookup, TitleMatch
from bot.answer.settings import LookupSettings
from bot.answer.title_index import TitleIndex
from bot.models import Paper

# Near neighbours on purpose (model/models/modal, graph/graphs, learn/learning...): typos of one
# word land on another.
# fmt: off
WORDS = [
    "model", "models", "modal", "mode", "learning", "learn", "learned", "graph", "graphs", "neural",
    "network", "networks", "deep", "sparse", "spare", "attention", "retention", "transformer",
    "transformers", "vision", "visual", "language", "languages", "policy", "optimization",
    "optimisation", "reinforcement", "robust", "robot", "robots", "diffusion", "fusion", "scaling",
    "law", "laws", "data", "dataset", "of", "for", "a", "the", "on", "via", "with", "large",
    "small", "fast", "faster", "gemma", "gemini",
]
# fmt: on
CUTOFF = LookupSettings().title_cutoff

titles = st.lists(st.sampled_from(WORDS), min_size=1, max_size=7).map(" ".join)


@st.composite
def corrupted(draw: st.DrawFn, title: str) -> str:
    """The title as a user might remember it: a letter lost, words swapped, words left out."""
    words = title.split()
    for _ in range(draw(st.integers(0, 2))):
        kind = draw(st.sampled_from(["drop letter", "swap words", "drop word"]))
        at = draw(st.integers(0, len(words) - 1))
        if kind == "drop letter" and len(words[at]) > 1:
            letter = draw(st.integers(0, len(words[at]) - 1))
            words[at] = words[at][:letter] + words[at][letter + 1 :]
        elif kind == "swap words" and len(words) > 1:
            other = draw(st.integers(0, len(words) - 1))
            words[at], words[other] = words[other], words[at]
        elif kind == "drop word" and len(words) > 1:
            del words[at]
    return " ".join(words)


def closest(papers: list[Paper], query: str, full_scan: bool) -> list[TitleMatch]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(lookup_module, "FULL_SCAN_UP_TO", 1_000_000 if full_scan else 0)
        return PaperLookup(papers).closest_titles(query, limit=1)


@given(st.data(), st.lists(titles, min_size=1, max_size=80))
def test_word_index_finds_what_the_full_scan_finds(data: st.DataObject, corpus: list[str]) -> None:
    papers = [Paper(id=str(row), title=title.capitalize(), abstract="x") for row, title in enumerate(corpus)]
    query = data.draw(corrupted(data.draw(st.sampled_from(corpus))))
    scanned = closest(papers, query, full_scan=True)
    if scanned and scanned[0].score >= CUTOFF:
        indexed = closest(papers, query, full_scan=False)
        assert indexed == scanned


def test_common_words_only_score_the_titles_rarer_words_find(monkeypatch: pytest.MonkeyPatch) -> None:
    # "learning" is in every title: with a budget that leaves it out of the gathering, the titles
    # with the misspelt rare word are still found, and "learning" still ranks the one holding it.
    corpus = [f"learning {w} {v}" for w in WORDS for v in WORDS if "diffusion" not in (w, v)]
    corpus += ["diffusion robots", "learning diffusion robots"]
    index = TitleIndex.build(corpus)
    monkeypatch.setattr(title_index, "POSTINGS_BUDGET", 10)
    rows = index.candidates("learning difusion robots", limit=1)
    assert [corpus[row] for row in rows] == ["learning diffusion robots"]


def test_a_query_of_common_words_still_finds_titles(monkeypatch: pytest.MonkeyPatch) -> None:
    index = TitleIndex.build(["learning for robots", "learning for language", "vision"])
    monkeypatch.setattr(title_index, "POSTINGS_BUDGET", 0)  # even the rarest word is over budget
    assert index.candidates("learning for").tolist() == [0, 1]


def test_the_last_word_is_completed_and_others_may_be_misspelt() -> None:
    index = TitleIndex.build(["voxtral realtime", "pixtral", "gemma open models", "open source"])
    assert index.candidates("voxt").tolist() == [0]  # being typed
    assert index.candidates("gema opne").tolist() == [2, 3]  # typos: gemma, open
    assert index.candidates("zzz").tolist() == []
    assert index.candidates("").tolist() == []
    assert TitleIndex.build([]).candidates("anything").tolist() == []


def test_candidates_are_limited_to_the_best_covering_titles() -> None:
    corpus = ["deep vision", "deep vision transformer", "deep learning", "vision transformer scaling law"]
    rows = TitleIndex.build(corpus).candidates("deep vision transformr", limit=2)
    # All three words, then two of them, the rarer "transformer" outweighing "deep".
    assert [corpus[row] for row in rows] == ["deep vision transformer", "vision transformer scaling law"]


def test_popcount_without_numpy_2() -> None:
    values = np.random.default_rng(0).integers(0, 2**63, size=1000, dtype=np.uint64)
    expected = [bin(v).count("1") for v in values.tolist()]
    assert title_index._popcount_by_table(values).tolist() == expected
    assert title_index._popcount(values).tolist() == expected


def test_memory_is_numpy_arrays_not_python_lists() -> None:
    index = TitleIndex.build(["deep vision transformer"] * 1000)
    assert index.rows.dtype == np.int32 and len(index.rows) == 3000
    assert index.starts.tolist() == [0, 1000, 2000, 3000]
    assert 0 < index.nbytes < 20_000
