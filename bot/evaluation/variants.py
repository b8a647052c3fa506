"""Alternatives to the shipped search settings, measured on the development split and every test collection.

Each variant is a partial ``search:`` section merged over the shipped one (the same validation as
config/paperbot.yaml). The development split is SciFact *train*: a variant earns its place in the
defaults only by a gain there; the test columns are shown so that the choice is visibly not made on them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.search.settings import SearchSettings
from bot.settings import merge

Overrides = Mapping[str, Any]

VARIANTS: tuple[tuple[str, Overrides], ...] = (
    ("shipped", {}),
    ("no RM3", {"rm3": {"enabled": False}}),
    ("RM3 docs 5, terms 30, weight 0.7", {"rm3": {"docs": 5, "terms": 30, "original_weight": 0.7}}),
    ("RM3 docs 10, terms 10, weight 0.7", {"rm3": {"original_weight": 0.7}}),
    ("RM3 docs 10, terms 10, weight 0.5", {"rm3": {"original_weight": 0.5}}),
    ("RM3 docs 20, terms 10, weight 0.7", {"rm3": {"docs": 20, "original_weight": 0.7}}),
    ("RM3 docs 20, terms 10, weight 0.5", {"rm3": {"docs": 20, "original_weight": 0.5}}),
    ("RM3 docs 20, terms 30, weight 0.5", {"rm3": {"docs": 20, "terms": 30, "original_weight": 0.5}}),
    ("query terms counted once (binary query tf)", {"query_tf": "binary"}),
    ("binary query tf, no RM3", {"query_tf": "binary", "rm3": {"enabled": False}}),
    (
        "binary query tf, RM3 docs 10, terms 30, weight 0.7",
        {"query_tf": "binary", "rm3": {"terms": 30, "original_weight": 0.7}},
    ),
    ("RM3 max doc fraction 0.05", {"rm3": {"max_doc_fraction": 0.05}}),
    ("RM3 max doc fraction 1 (no filter)", {"rm3": {"max_doc_fraction": 1.0}}),
    ("Porter stemmer", {"analyzer": {"stemmer": "porter"}}),
    ("no stemmer", {"analyzer": {"stemmer": "none"}}),
    ("Lucene stop words", {"analyzer": {"stopwords": "lucene"}}),
    ("no compound parts", {"analyzer": {"compound_parts": False}}),
    ("k1 1.2, b 0.75", {"k1": 1.2}),
    ("k1 2.0, b 0.75", {"k1": 2.0}),
    ("k1 1.5, b 0.6", {"b": 0.6}),
    ("k1 1.5, b 0.9", {"b": 0.9}),
    ("k1 0.9, b 0.4", {"k1": 0.9, "b": 0.4}),
    ("BM25 Okapi idf", {"variant": "okapi"}),
    ("BM25+ delta 1", {"delta": 1.0}),
)


def apply(settings: SearchSettings, overrides: Overrides) -> SearchSettings:
    """``settings`` with ``overrides`` (nested like the ``search:`` section) merged in and validated."""
    return merge(settings, dict(overrides), key="search", origin="variant")
