"""Settings of the answer layer (section `answer:` in config/paperbot.yaml)."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.settings import bounds, path_field


@dataclass(frozen=True)
class RelevanceSettings:
    """When is a paper worth citing? Coverage = idf-weighted share of the question's informative
    terms found in the paper (title + abstract); terms the corpus has never seen weigh the most."""

    # The top paper must cover at least this share of the question, or there is no answer.
    min_coverage: float = field(default=0.5, metadata=bounds(0.0, 1.0))
    # Further papers are cited when they cover this much AND score this close to the top one.
    cite_coverage: float = field(default=0.5, metadata=bounds(0.0, 1.0))
    cite_score_ratio: float = field(default=0.6, metadata=bounds(0.0, 1.0))
    # A no-answer still offers papers covering at least this share, as suggestions.
    suggest_coverage: float = field(default=0.4, metadata=bounds(0.0, 1.0))
    # The quoted sentence must itself cover this share of the question (else the summary is quoted).
    evidence_coverage: float = field(default=0.2, metadata=bounds(0.0, 1.0))
    # "More like this" lists papers scoring at least this share of the most similar one.
    similar_score_ratio: float = field(default=0.25, metadata=bounds(0.0, 1.0))
    # With sentence embeddings (similarity = cosine of question and paper embeddings): a paper
    # covering min_coverage must also be this similar; one covering less qualifies when it is
    # answer_similarity similar and covers paraphrase_coverage; similarity_weight of its
    # similarity counts when ordering the qualified papers; suggest_similarity makes a near miss.
    min_similarity: float = field(default=0.25, metadata=bounds(-1.0, 1.0))
    answer_similarity: float = field(default=0.4, metadata=bounds(-1.0, 1.0))
    paraphrase_coverage: float = field(default=0.2, metadata=bounds(0.0, 1.0))
    similarity_weight: float = field(default=2.0, metadata=bounds(0.0, 10.0))
    suggest_similarity: float = field(default=0.4, metadata=bounds(-1.0, 1.0))
    # A paper holding this share of the question's terms qualifies whatever its similarity: the
    # embedding model knows no rare names ("LlamaRL", "Magistral"), and a one-word question is
    # never very similar to a whole abstract, so the veto would refuse exact matches.
    full_coverage: float = field(default=0.95, metadata=bounds(0.0, 1.0))
    # A sentence this similar to the question may be quoted although it covers less than
    # evidence_coverage of it.
    quote_similarity: float = field(default=0.5, metadata=bounds(-1.0, 1.0))


@dataclass(frozen=True)
class SentenceSettings:
    """BM25 over the sentences of one abstract, with the collection's idf."""

    k1: float = field(default=1.2, metadata=bounds(0.0, 10.0))
    b: float = field(default=0.5, metadata=bounds(0.0, 1.0))
    # Analyzed terms in a typical abstract sentence (length normalisation pivot).
    avg_terms: float = field(default=14.0, metadata=bounds(1.0, 200.0))
    # With sentence embeddings: score = BM25 / best BM25 in the paper + meaning_weight x cosine,
    # unless one sentence (with the title) covers words_suffice of the question by its words.
    meaning_weight: float = field(default=1.0, metadata=bounds(0.0, 10.0))
    words_suffice: float = field(default=1.0, metadata=bounds(0.0, 1.0))


@dataclass(frozen=True)
class LookupSettings:
    # Fuzzy title lookup: similarity (0-100) needed, and lead over the runner-up.
    title_cutoff: float = field(default=80.0, metadata=bounds(0.0, 100.0))
    title_margin: float = field(default=5.0, metadata=bounds(0.0, 100.0))
    # Misspelt author names: rapidfuzz token_sort_ratio needed.
    author_cutoff: float = field(default=85.0, metadata=bounds(0.0, 100.0))


@dataclass(frozen=True)
class MemorySettings:
    # Follow-ups ("who wrote the second one?") are resolved against the last answer of a
    # conversation for this long; the oldest conversations are dropped beyond the size bound.
    conversations: int = field(default=10_000, metadata=bounds(0, 10_000_000))
    ttl_seconds: float = field(default=1800.0, metadata=bounds(0.0, 604_800.0))


@dataclass(frozen=True)
class AnswerSettings:
    max_citations: int = field(default=3, metadata=bounds(1, 10))
    # Papers retrieved and examined per question (evidence is looked for in each).
    candidates: int = field(default=10, metadata=bounds(1, 100))
    # Sentences quoted from the top paper (one from each further paper).
    evidence_sentences: int = field(default=2, metadata=bounds(1, 5))
    # Authors listed before "et al.".
    max_authors: int = field(default=3, metadata=bounds(1, 50))
    # Papers listed by "papers by NAME" / "latest papers on X" / "more like this".
    list_size: int = field(default=10, metadata=bounds(1, 50))
    # Jinja2 templates (sandboxed) for Discord markdown, embeds and terminal text; null = bundled.
    templates: str | None = path_field(None)
    relevance: RelevanceSettings = field(default_factory=RelevanceSettings)
    sentences: SentenceSettings = field(default_factory=SentenceSettings)
    lookup: LookupSettings = field(default_factory=LookupSettings)
    memory: MemorySettings = field(default_factory=MemorySettings)
