"""Settings of the search layer (section `search:` in config/paperbot.yaml).

The defaults are the evaluated pipeline, chosen by nDCG@10 on the 809 SciFact *train* queries only
(`paperbot eval <scifact> --split train`) and held fixed on every test collection (bench/eval_table.py):
k1 in {0.9, 1.2, 1.5, 2.0} x b in {0.6, 0.75, 0.9}, title weight in {1, 2, 3}, BM25 variant, stop
word list, compound parts, and RM3 original weight in {0.5 .. 0.9} x docs {3 .. 20} x terms {10 .. 30}.
Alternatives measured since, none better on the development split (`python bench/eval_table.py
--variants` prints dev and test figures side by side): stronger RM3, Porter or no stemming, binary
query term frequency (k3 = 0; shipped as the `query_tf` option, default raw), Bo1 expansion, RM3 terms
chosen by weight x idf, and rank fusion of BM25 with BM25+RM3 or with a Dirichlet language model.
Also measured, none a gain on the development split beyond its noise (+/-0.003): Robertson's query
term saturation k3 in {0.5, 1, 2, 4, 8} (the split has almost no repeated query terms, so it cannot
choose k3), the 318-word Glasgow stop list, a word-pair (shingle) field at weight 0.1-0.4, RM3 with
softmax document weights, a common-terms cutoff (frequent terms only score papers that match a rare
one), idf-weighted query terms, and Local Context Analysis expansion (Xu & Croft, 1996).
Then, none chosen by the development split either: fusion with LSI cosines (k 100-400), WordNet
synonyms of monosemous query words, joining line-break hyphenation ("ca- pacity"), feedback weight
by query coherence (no predictor correlated with the gain), and a static model2vec distillation of
the embedding model (dev 0.702 at best). Semantic re-ranking with all-MiniLM-L6-v2 is the one the
split chose: weight 2 of {0.1 .. 5}, 1,000 candidates of {100, 1000, BM25's + the model's top 100}.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.search.scoring import VARIANTS, Variant
from bot.settings import bounds, choices, path_field


@dataclass(frozen=True)
class AnalyzerSettings:
    # Snowball algorithm from PyStemmer ("english" is Porter2), or "none".
    stemmer: str = field(default="english", metadata=choices("english", "porter", "none"))
    stopwords: str = field(default="nltk", metadata=choices("nltk", "lucene", "none"))
    # "GPT-4o" -> gpt4o plus its parts gpt, 4o; off keeps only the joined form.
    compound_parts: bool = True
    fold_accents: bool = True


@dataclass(frozen=True)
class FeedbackSettings:
    """RM3 pseudo-relevance feedback: expand the query with terms of the top-ranked papers."""

    enabled: bool = True
    docs: int = field(default=10, metadata=bounds(1, 100))
    terms: int = field(default=10, metadata=bounds(1, 200))
    # Weight of the original query in the interpolated query (1.0 = no feedback).
    original_weight: float = field(default=0.9, metadata=bounds(0.0, 1.0))
    # Feedback terms found in more than this fraction of the papers are too common to help.
    max_doc_fraction: float = field(default=0.1, metadata=bounds(0.0, 1.0))


@dataclass(frozen=True)
class SemanticSettings:
    """Re-ranking of BM25's best papers with sentence embeddings (bot/search/semantic.py)."""

    # Needs the `semantic` extra; without it the index is BM25 alone and the log says how to add it.
    enabled: bool = True
    # Fused score = BM25 / best BM25 + weight * cosine similarity.
    weight: float = field(default=2.0, metadata=bounds(0.0, 100.0))
    # BM25's best papers that are re-ranked.
    candidates: int = field(default=1000, metadata=bounds(1, 100_000))
    # Encoding runs about 40 papers a second on two cores: a bigger corpus stays BM25-only unless
    # this is raised (the vectors are then computed once, when the index is built, and saved).
    max_papers: int = field(default=50_000, metadata=bounds(0, 100_000_000))


@dataclass(frozen=True)
class SearchSettings:
    k1: float = field(default=1.5, metadata=bounds(0.0, 10.0))
    b: float = field(default=0.75, metadata=bounds(0.0, 1.0))
    # BM25 variant of rank_bm25. "plus" with delta 0 is Okapi's term weighting with the idf
    # log((N + 1) / df), which stays positive in a small corpus where Okapi's idf reaches zero.
    variant: Variant = field(default="plus", metadata=choices(*VARIANTS))
    delta: float = field(default=0.0, metadata=bounds(0.0, 10.0))
    # BM25F field weights: a title term counts as `title_weight` abstract terms (whole numbers).
    title_weight: int = field(default=2, metadata=bounds(0, 10))
    abstract_weight: int = field(default=1, metadata=bounds(1, 10))
    # Author names are a separate field; its BM25 score is added at this weight (0 = not indexed).
    author_weight: float = field(default=0.5, metadata=bounds(0.0, 10.0))
    # A query term's weight: "raw" counts its repeats (as rank_bm25 and Lucene do), "binary" counts it once.
    query_tf: str = field(default="raw", metadata=choices("raw", "binary"))
    analyzer: AnalyzerSettings = field(default_factory=AnalyzerSettings)
    rm3: FeedbackSettings = field(default_factory=FeedbackSettings)
    semantic: SemanticSettings = field(default_factory=SemanticSettings)
    # Where `paperbot index build` writes; null means `.index/` beside the first corpus path.
    index_dir: str | None = path_field(None)
