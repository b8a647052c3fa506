"""Rules that two features share are one rule: "/search author:" and "papers by NAME" find the
same papers, and "/search category:", "/recent category" and /stats read categories the same way."""

from __future__ import annotations

import dataclasses

import pytest

from bot.config import Config
from bot.engine import Engine
from bot.models import Paper
from bot.search.types import Filters

AUTHORS = {
    "a": ("Jean_Pierre Dupont", "Amélie Héliou"),
    "b": ("Mary-Jane O'Brien",),
    "c": ("J. R. Smith", "Ｆｕｌｌｗｉｄｔｈ Name"),
    "d": ("Jean Pierre",),
}


@pytest.fixture(scope="module")
def engine(config: Config) -> Engine:
    papers = tuple(
        Paper(
            id=f"p{key}",
            title=f"Routing attention study {key}",
            abstract=f"We study routing attention in transformers, variant {key}.",
            authors=authors,
            category="cs.CL" if key in "ab" else "cs.LG",
            categories=("cs.AI",) if key == "a" else (),
        )
        for key, authors in AUTHORS.items()
    )
    search = dataclasses.replace(
        config.search, semantic=dataclasses.replace(config.search.semantic, enabled=False)
    )
    return Engine.from_papers(dataclasses.replace(config, search=search), papers)


@pytest.mark.parametrize(
    "name",
    [
        "pierre",
        "jean pierre dupont",
        "heliou",
        "o brien",
        "obrien mary jane",
        "fullwidth name",
    ],
)
def test_the_author_filter_and_papers_by_name_agree(engine: Engine, name: str) -> None:
    filtered = {
        hit.paper.id for hit in engine.search("routing attention", k=10, filters=Filters(author=name))
    }
    by_name = {paper.id for paper in engine.by_author(name)}
    assert filtered == by_name


def test_a_papers_primary_category_counts_everywhere(engine: Engine) -> None:
    """Paper "a" is filed under cs.CL with cs.AI besides: both find it, in every feature."""
    for category in ("cs.CL", "cs.AI", "cs"):
        filtered = {
            h.paper.id for h in engine.search("routing attention", k=10, filters=Filters(category=category))
        }
        recent = {paper.id for paper in engine.recent(category, k=10)}
        assert "pa" in filtered and filtered == recent, category
    counts = dict(engine.stats().categories)
    assert counts == {"cs.CL": 2, "cs.LG": 2, "cs.AI": 1}
