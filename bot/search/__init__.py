"""Search layer: BM25 engine (rank_bm25-compatible scores, sparse and fast) and paper retrieval."""

from bot.search.analyzer import Analyzer
from bot.search.bm25 import BM25L, BM25Okapi, BM25Plus
from bot.search.matrix import BM25Matrix
from bot.search.paper_index import PaperIndex
from bot.search.store import IndexCorrupt, IndexStale, IndexUnusable
from bot.search.types import Filters, Hit

__all__ = [
    "BM25L",
    "Analyzer",
    "BM25Matrix",
    "BM25Okapi",
    "BM25Plus",
    "Filters",
    "Hit",
    "IndexCorrupt",
    "IndexStale",
    "IndexUnusable",
    "PaperIndex",
]
